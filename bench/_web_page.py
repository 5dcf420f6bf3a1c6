"""The browser side of bench/web_contacts.py: what it reads from the performance timeline.

Every document the benchmark opens gets `INIT_SCRIPT` before its own scripts: observers of
long tasks and long animation frames (buffered, so nothing before it is lost) and the time of
the last click or change with the paint that followed it. Times are milliseconds on the
document's clock (0 = navigation start), the clock of the app's `kartoteka:contacts-shown`
mark (web/src/features/contacts/shownMark.ts).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from playwright.sync_api import Page

SHOWN_MARK = "kartoteka:contacts-shown"
# A task of 50 ms or more is "long" (the Long Tasks API's own threshold); after the rows show,
# the page counts as interactive once no long task has run for this long. Lighthouse's TTI
# waits 5 s of quiet; 1 s keeps rounds short and still spans several chunks of work.
QUIET_MS = 1000
# Between two timed clicks: the previous one's trailing work must not land in the next.
SETTLE_MS = 300

INIT_SCRIPT = """
(() => {
  if (window.__bench) return;
  const bench = { longTasks: [], frames: [], input: null, paintAfterInput: null };
  // 250 by default: scrolling 10,000 rows alone fetches 100 pages.
  performance.setResourceTimingBufferSize(5000);
  Object.defineProperty(window, "__bench", { value: bench });
  const observe = (type, push) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(push))
        .observe({ type, buffered: true });
    } catch (error) {
      bench[type] = "unsupported";
    }
  };
  observe("longtask", (e) => bench.longTasks.push([e.startTime, e.duration]));
  // With the three longest scripts of each frame: what the time went to.
  const scripts = (e) => [...e.scripts].sort((a, b) => b.duration - a.duration).slice(0, 3)
    .map((s) => [s.invoker, s.sourceFunctionName, s.sourceURL.split("/").pop(), s.duration]);
  observe("long-animation-frame", (e) => bench.frames.push(
    [e.startTime, e.duration, e.blockingDuration, e.styleAndLayoutStart, scripts(e)]));
  // The input time (the event's own time stamp) and the end of the paint that followed it:
  // requestAnimationFrame runs before that paint, a message posted from it right after.
  for (const type of ["click", "change"]) {
    addEventListener(type, (event) => {
      bench.input = event.timeStamp;
      bench.paintAfterInput = null;
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => { bench.paintAfterInput = performance.now(); };
        channel.port2.postMessage(null);
      });
    }, { capture: true });
  }
})();
"""

# Resolves once the main thread has been free of long tasks for `quiet` ms since the first
# shown mark (`since` null) or since now; returns where the quiet began, null on time-out.
_QUIET = """
async ([mark, fromMark, quiet, timeout]) => {
  const started = performance.now();
  for (;;) {
    const from = fromMark ? performance.getEntriesByName(mark)[0]?.startTime : started;
    if (from !== undefined) {
      const ends = window.__bench.longTasks.map(([start, duration]) => start + duration);
      const busyUntil = Math.max(from, ...ends);
      if (performance.now() - busyUntil >= quiet) return busyUntil;
    }
    if (performance.now() - started > timeout) return null;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
"""

_NAVIGATION = """
(mark) => {
  const nav = performance.getEntriesByType("navigation")[0];
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const resources = performance.getEntriesByType("resource");
  const api = resources.filter((r) => new URL(r.name).pathname.startsWith("/api/"));
  const assets = resources.filter((r) => /\\.(js|css)$/.test(new URL(r.name).pathname));
  return {
    response_end: nav.responseEnd,
    dom_content_loaded: nav.domContentLoadedEventEnd,
    load: nav.loadEventEnd,
    first_contentful_paint: paint ? paint.startTime : null,
    shown: performance.getEntriesByName(mark)[0]?.startTime ?? null,
    api: api.map((r) => [new URL(r.name).pathname, r.startTime, r.responseEnd]),
    asset_bytes_transferred: assets.reduce((sum, r) => sum + r.transferSize, 0),
    asset_bytes_decoded: assets.reduce((sum, r) => sum + r.decodedBodySize, 0),
    long_tasks: window.__bench.longTasks,
  };
}
"""

_MARKS = """
(mark) => performance.getEntriesByName(mark).map((m) => [m.startTime, m.detail])
"""


@dataclass(frozen=True)
class Shown:
    """One timed action: from the input to the paint after it, and to the rows shown."""

    next_paint_ms: float | None
    shown_ms: float
    view: str
    query: str


def navigation(page: Page, timeout_ms: float = 60_000) -> dict[str, Any]:
    """Wait for the contacts to show and the main thread to go quiet; the load's timings."""
    page.wait_for_function(
        "(mark) => performance.getEntriesByName(mark).length > 0",
        arg=SHOWN_MARK,
        timeout=timeout_ms,
    )
    interactive = page.evaluate(_QUIET, [SHOWN_MARK, True, QUIET_MS, timeout_ms])
    if interactive is None:
        raise TimeoutError(f"no quiet second within {timeout_ms} ms of the rows showing")
    timings = cast(dict[str, Any], page.evaluate(_NAVIGATION, SHOWN_MARK))
    return {**timings, "interactive": interactive}


def document_timings(page: Page) -> dict[str, Any]:
    """The navigation timings of a page that is not the app (the blank baseline)."""
    return cast(dict[str, Any], page.evaluate(_NAVIGATION, SHOWN_MARK))


def settle(page: Page) -> None:
    """Until no long task has run for SETTLE_MS."""
    if page.evaluate(_QUIET, [SHOWN_MARK, False, SETTLE_MS, 30_000]) is None:
        raise TimeoutError("the page stayed busy for 30 s")


def timed(page: Page, act: Callable[[], None], timeout_ms: float = 60_000) -> Shown:
    """Do `act` (a click or a change) and wait for the app's next shown mark."""
    before = len(page.evaluate(_MARKS, SHOWN_MARK))
    page.evaluate("() => { window.__bench.input = null; }")
    act()
    page.wait_for_function(
        "([mark, n]) => performance.getEntriesByName(mark).length > n",
        arg=[SHOWN_MARK, before],
        timeout=timeout_ms,
    )
    at, detail = page.evaluate(_MARKS, SHOWN_MARK)[before]
    state = page.evaluate("() => [window.__bench.input, window.__bench.paintAfterInput]")
    input_at, painted = state
    if input_at is None:
        raise RuntimeError("the action fired no click or change event")
    return Shown(
        next_paint_ms=None if painted is None else round(painted - input_at, 1),
        shown_ms=round(at - input_at, 1),
        view=str(detail["view"]),
        query=str(detail["query"]),
    )


def click_to_paint(page: Page, act: Callable[[], None]) -> float:
    """From a click that starts no work to the paint after it: the floor of any click."""
    page.evaluate("() => { window.__bench.input = null; window.__bench.paintAfterInput = null; }")
    act()
    page.wait_for_function("() => window.__bench.paintAfterInput !== null")
    input_at, painted = page.evaluate(
        "() => [window.__bench.input, window.__bench.paintAfterInput]"
    )
    return round(float(painted) - float(input_at), 1)


# Long animation frames (each 50 ms or longer by definition) that overlap [t0, t1].
_FRAMES_BETWEEN = """
const framesBetween = (t0, t1) => window.__bench.frames
  .filter(([start, duration]) => start + duration >= t0 && start <= t1);
"""

# Scrolls `selector` by `step` rows a frame until `rows` rows are above the viewport, like a
# fast, steady wheel; at the end of the loaded rows it waits for the app to load the next
# page (counted as stalled time), and stops when none comes for `stall` ms (end of data).
_SCROLL = (
    "async ([selector, rowPx, rows, step, stall, timeout]) => {"
    + _FRAMES_BETWEEN
    + """
  const scroller = document.querySelector(selector);
  if (!scroller) throw new Error(`no ${selector}`);
  const target = rows * rowPx;
  const gaps = [];
  let stalled = 0;
  let stalledSince = null;
  const t0 = performance.now();
  let last = t0;
  const end = await new Promise((resolve) => {
    const frame = (now) => {
      gaps.push(now - last);
      last = now;
      const top = scroller.scrollTop;
      if (top >= target) return resolve("target");
      if (now - t0 > timeout) return resolve("timeout");
      if (top < scroller.scrollHeight - scroller.clientHeight - 1) {
        if (stalledSince !== null) stalled += now - stalledSince;
        stalledSince = null;
        scroller.scrollTop = Math.min(top + step * rowPx, target);
      } else {
        stalledSince ??= now;
        if (now - stalledSince > stall) return resolve("end of data");
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  const t1 = performance.now();
  const pages = performance.getEntriesByType("resource").filter((r) =>
    r.name.endsWith("/api/v1/contacts/search") && r.startTime >= t0 && r.startTime <= t1);
  return {
    end,
    rows: Math.round(scroller.scrollTop / rowPx),
    ms: t1 - t0,
    raf_gaps: gaps,
    long_frames: framesBetween(t0, t1),
    stalled_ms: stalled,
    page_ms: pages.map((r) => r.duration),
  };
}
"""
)

# The same frame figures for a page left alone: what the shared machine does to frames.
_IDLE = (
    "async (ms) => {"
    + _FRAMES_BETWEEN
    + """
  const gaps = [];
  const t0 = performance.now();
  let last = t0;
  await new Promise((resolve) => {
    const frame = (now) => {
      gaps.push(now - last);
      last = now;
      if (now - t0 >= ms) resolve(); else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  const t1 = performance.now();
  return { ms: t1 - t0, raf_gaps: gaps, long_frames: framesBetween(t0, t1) };
}
"""
)

# The given requests with fetch, all at once as the app sends them, bodies read as JSON.
_REPLAY = """
async (requests) => {
  const t0 = performance.now();
  await Promise.all(requests.map(({ url, method, headers, body }) =>
    fetch(url, { method, headers, body: body ?? undefined }).then((r) => r.json())));
  return performance.now() - t0;
}
"""


@dataclass(frozen=True)
class Request:
    """An API request the app sent, to send again with fetch from the same page."""

    url: str
    method: str
    headers: dict[str, str]
    body: str | None


def scroll(
    page: Page, selector: str, *, row_px: int, rows: int, step: int, stall_ms: float = 5000
) -> dict[str, Any]:
    """Scroll `rows` rows of the view (or to the end of the data); frame figures."""
    return cast(
        dict[str, Any],
        page.evaluate(_SCROLL, [selector, row_px, rows, step, stall_ms, 300_000]),
    )


def idle_frames(page: Page, ms: float) -> dict[str, Any]:
    """Frame figures of `ms` on the same page with nothing happening."""
    return cast(dict[str, Any], page.evaluate(_IDLE, ms))


def replay(page: Page, requests: list[Request]) -> float:
    """Milliseconds for the page to fetch `requests` (in parallel) and read their JSON."""
    bodies = [vars(request) for request in requests]
    return round(float(page.evaluate(_REPLAY, bodies)), 1)
