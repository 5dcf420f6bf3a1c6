"""What bench/web_contacts.py does in the browser, round by round, and its raw samples.

A round, on one data set: a cold load of /contacts and of a blank page (each in a new browser
context: empty HTTP cache); then, in the one long-lived context, a blank page and /contacts
again (warm: assets from the HTTP cache), the app's API requests sent again with fetch from
the page, the three view switches, a click that starts no work, and three one-click filters
(each undone again, which shows the cached first page), each filter's search request sent
again with fetch. Scrolling runs after the rounds, from a fresh load of the view each time.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from _web_page import (
    INIT_SCRIPT,
    Request,
    Shown,
    click_to_paint,
    document_timings,
    idle_frames,
    navigation,
    replay,
    scroll,
    settle,
    timed,
)
from playwright.sync_api import Browser, BrowserContext, Locator, Page, ViewportSize
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Request as BrowserRequest

VIEWPORT: ViewportSize = {"width": 1366, "height": 820}  # as the browser tests' desktop
_APP_PATH = "/contacts"
# A small document from the same gateway: the floor of any navigation on this machine.
BLANK_PATH = "/healthz"
# Where each view scrolls and how tall its rows are (TableView's ROW_SIZE, ListView's
# ROW_HEIGHT in web/src/features/contacts).
SCROLLERS = {"table": ("revo-grid .vertical-inner", 32), "list": ("[data-testid=contact-list]", 44)}
# The baseline of a scroll: a minimal virtual list (_STATIC_PAGE) served by the browser itself
# (page.route) at a path of the gateway's origin, rows as tall as the grid's.
STATIC_PATH = "/bench-static-table"
STATIC_VIEW = "minimal virtual list (baseline)"
STATIC_ROW_PX = 32
# Rows a frame: ~19,000 px/s at 60 frames/s, a fast fling; faster rows stress the grid more.
SCROLL_STEP_ROWS = 10


@dataclass(frozen=True)
class Clicks:
    """What the filters click on this data set."""

    group: str
    # None: no region of the UI's list is in the data (see GENERATED_CLICKS).
    region: str | None


@dataclass
class Samples:
    """Raw figures of every round, in milliseconds, by what was measured."""

    navigation: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    blank: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    actions: dict[str, list[Shown]] = field(default_factory=lambda: defaultdict(list))
    fetch: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    click_to_paint: list[float] = field(default_factory=list)
    scroll: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    idle: list[dict[str, Any]] = field(default_factory=list)


class Rounds:
    """The browser side of one data set: a warm context kept across rounds, cold ones made new."""

    def __init__(self, browser: Browser, base_url: str, state: Any, clicks: Clicks) -> None:
        self.browser = browser
        self.base_url = base_url
        self.state = state
        self.clicks = clicks
        self.samples = Samples()
        self.warm = self._context()
        self.page = self.warm.new_page()
        self.sent: list[Request] = []
        self.page.on("request", self._record)
        # The API requests of the first warm load, and the search request of each filter.
        self.load_requests: list[Request] = []
        self.filter_requests: dict[str, Request] = {}

    def warm_up(self) -> None:
        """One untimed load, with the table view, so that "warm" means cached assets."""
        self.page.goto(f"{_APP_PATH}?view=table")
        navigation(self.page)

    def close(self) -> None:
        self.warm.close()

    def round(self) -> None:
        """One round of everything but scrolling."""
        self.samples.navigation["cold"].append(self._cold(_APP_PATH, navigation))
        self.samples.blank["cold"].append(self._cold(BLANK_PATH, document_timings))
        self.page.goto(BLANK_PATH)
        self.samples.blank["warm"].append(document_timings(self.page))
        self.sent.clear()
        self.page.goto(_APP_PATH)
        self.samples.navigation["warm"].append(navigation(self.page))
        if not self.load_requests:
            self.load_requests = [r for r in self.sent if r.method in ("GET", "POST")]
        self.samples.fetch["page_load_requests"].append(replay(self.page, self.load_requests))
        settle(self.page)
        self._views()
        self.samples.click_to_paint.append(
            click_to_paint(self.page, lambda: self.page.locator(".groups-panel h2").click())
        )
        settle(self.page)
        self._filters()

    def scroll(self, view: str, rows: int) -> None:
        """From a fresh load of the view: scroll `rows` rows, then leave the page alone."""
        selector, row_px = SCROLLERS[view]
        self.page.goto(f"{_APP_PATH}?view={view}")
        navigation(self.page)
        self.page.locator(selector).wait_for()
        figures = scroll(self.page, selector, row_px=row_px, rows=rows, step=SCROLL_STEP_ROWS)
        self.samples.scroll[view].append(figures)
        self.samples.idle.append(idle_frames(self.page, 5000))

    def static_scroll(self, rows: int) -> None:
        """The same scroll of a minimal virtual list of `rows` rows: this machine's floor."""
        html = _static_table(rows)
        self.page.route(
            f"{self.base_url}{STATIC_PATH}",
            lambda route: route.fulfill(body=html, content_type="text/html"),
        )
        self.page.goto(STATIC_PATH)
        figures = scroll(self.page, "#rows", row_px=STATIC_ROW_PX, rows=rows, step=SCROLL_STEP_ROWS)
        self.samples.scroll[STATIC_VIEW].append(figures)

    def _context(self) -> BrowserContext:
        context = self.browser.new_context(
            base_url=self.base_url, viewport=VIEWPORT, locale="en-US", storage_state=self.state
        )
        context.set_default_timeout(60_000)
        context.add_init_script(INIT_SCRIPT)
        return context

    def _cold(self, path: str, read: Callable[[Page], dict[str, Any]]) -> dict[str, Any]:
        context = self._context()
        try:
            page = context.new_page()
            page.goto(path)
            return read(page)
        finally:
            context.close()

    def _views(self) -> None:
        for view in ("table", "tiles", "list"):
            button = self.page.get_by_role("group", name="View").get_by_role("button", name=view)
            self._action(f"view_{view}", button.click, view)

    def _filters(self) -> None:
        page, kind = self.page, self.page.get_by_role("group", name="Kind")
        region = page.get_by_role("search").get_by_role("combobox", name="Region")
        group = page.locator(".groups-panel button.group-row").filter(
            has=page.locator(
                ".group-name", has_text=re.compile(f"^{re.escape(self.clicks.group)}$")
            )
        )
        all_groups = page.locator(".groups-panel > button.group-row")
        steps: list[tuple[str, Callable[[], None], Callable[[], None]]] = [
            ("filter_kind", kind.get_by_role("button", name="Companies").click,
             kind.get_by_role("button", name="Any").click),
            ("filter_group", group.click, all_groups.click),
        ]  # fmt: skip
        if self.clicks.region is not None:
            value = self.clicks.region
            steps.insert(
                1, ("filter_region", lambda: _select(region, value), lambda: _select(region, ""))
            )
        for name, apply, undo in steps:
            self.sent.clear()
            self._action(name, apply, "list")
            searches = [r for r in self.sent if r.url.endswith("/api/v1/contacts/search")]
            if searches:  # none when the filter's first page was still cached
                self.filter_requests.setdefault(name, searches[-1])
            self._action(f"{name}_undo_cached", undo, "list")
            if name in self.filter_requests:
                self.samples.fetch[name].append(replay(page, [self.filter_requests[name]]))
            settle(page)

    def _action(self, name: str, act: Callable[[], None], view: str) -> None:
        try:
            shown = timed(self.page, act)
        except PlaywrightError as error:
            raise RuntimeError(f"{name}: {error.message}") from error
        if shown.view != view:
            raise RuntimeError(f"{name}: the {shown.view} view showed, not {view}")
        self.samples.actions[name].append(shown)
        settle(self.page)

    def _record(self, request: BrowserRequest) -> None:
        path = request.url.removeprefix(self.base_url)
        if not path.startswith("/api/") or "text/event-stream" in request.headers.get("accept", ""):
            return
        wanted = ("authorization", "content-type")
        headers = {k: v for k, v in request.headers.items() if k in wanted}
        self.sent.append(Request(request.url, request.method, headers, request.post_data))


def _select(select: Locator, value: str) -> None:
    select.select_option(value)


# A hand-written virtual list: ~21 row elements whose text is rewritten on each scroll event,
# the least work a page can do per frame to scroll these rows. (A plain table with every row
# in the DOM is no floor: 10,000 rows took 90-190 s to scroll here, most frames over 50 ms.)
_STATIC_PAGE = """<!doctype html><title>virtual list baseline</title>
<style>body{margin:0;font:13px sans-serif}#rows{height:640px;overflow:auto;position:relative}
.row{height:%(px)dpx;display:grid;grid-template-columns:repeat(5,1fr);align-items:center}</style>
<div id="rows"><div style="height:%(height)dpx"></div><div id="window"
style="position:absolute;top:0;left:0;right:0"></div></div>
<script>
const box = document.getElementById("rows"), win = document.getElementById("window");
const rows = [...Array(Math.ceil(640 / %(px)d) + 1)].map(() => {
  const row = win.appendChild(document.createElement("div"));
  row.className = "row";
  for (let c = 0; c < 5; c++) row.appendChild(document.createElement("span"));
  return row.children;
});
const draw = () => {
  const first = Math.floor(box.scrollTop / %(px)d);
  win.style.transform = `translateY(${first * %(px)d}px)`;
  rows.forEach((cells, k) => {
    const i = first + k;
    cells[0].textContent = `Contact ${i}`;
    cells[1].textContent = "person";
    cells[2].textContent = `contact${i}@example.com`;
    cells[3].textContent = `+48 500 ${String(i).padStart(6, "0")}`;
    cells[4].textContent = "mazowieckie";
  });
};
box.addEventListener("scroll", draw);
draw();
</script>"""


def _static_table(rows: int) -> str:
    return _STATIC_PAGE % {"px": STATIC_ROW_PX, "height": rows * STATIC_ROW_PX}
