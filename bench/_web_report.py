"""Figures, targets and the markdown table of bench/web_contacts.py, from its raw samples."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from _measure import Stats
from _report import write_files
from _web_rounds import Samples

# From the issue ("Speed"): interactive within 1.5 s of navigation, results of a view switch or
# a filter change within 300 ms (p95), no frame longer than 50 ms while scrolling.
INTERACTIVE_MS = 1500
RESULTS_MS = 300
FRAME_MS = 50
# The timed actions, each against its baseline in the same run; `_undo_cached` are extras.
VIEWS = ("view_table", "view_tiles", "view_list")
FILTERS = ("filter_kind", "filter_region", "filter_group")


def summary(samples: Samples, scroll_rows: int) -> dict[str, Any]:
    """Every figure of one data set, with its baseline, ratio and verdict."""
    navigation = {
        mode: _navigation(runs, samples.blank[mode]) for mode, runs in samples.navigation.items()
    }
    paint = _stats(samples.click_to_paint)
    actions: dict[str, Any] = {}
    for name, shown in samples.actions.items():
        baseline = paint if name.startswith("view_") else _stats(samples.fetch.get(name, []))
        figures = _stats([s.shown_ms for s in shown])
        actions[name] = {
            "shown_ms": figures,
            "next_paint_ms": _stats([s.next_paint_ms for s in shown if s.next_paint_ms]),
            "baseline": "click to next paint" if name.startswith("view_") else "search by fetch",
            "baseline_ms": baseline,
            "ratio_p95": _ratio(figures, baseline),
            "samples": [s.shown_ms for s in shown],
        }
    scroll = {view: _scroll(runs, scroll_rows) for view, runs in samples.scroll.items()}
    return {
        "navigation": navigation,
        "page_load_requests_fetch_ms": _stats(samples.fetch["page_load_requests"]),
        "click_to_paint_ms": paint,
        "actions": actions,
        "scroll": scroll,
        "idle_frames": [_frames(run) for run in samples.idle],
        "pass": _verdicts(navigation, actions, scroll),
    }


def _navigation(runs: list[dict[str, Any]], blank: list[dict[str, Any]]) -> dict[str, Any]:
    blank_load = _stats([run["load"] for run in blank])
    interactive = _stats([run["interactive"] for run in runs])
    return {
        "interactive_ms": interactive,
        "shown_ms": _stats([run["shown"] for run in runs]),
        "first_contentful_paint_ms": _stats([run["first_contentful_paint"] for run in runs]),
        "document_response_end_ms": _stats([run["response_end"] for run in runs]),
        "first_search_end_ms": _stats([_first_search_end(run) for run in runs]),
        "long_tasks_ms": _stats([sum(d for _, d in run["long_tasks"]) for run in runs]),
        "asset_kib_transferred": round(runs[0]["asset_bytes_transferred"] / 1024, 1),
        "asset_kib_decoded": round(runs[0]["asset_bytes_decoded"] / 1024, 1),
        "blank_load_ms": blank_load,
        "ratio_p95": _ratio(interactive, blank_load),
        "samples": runs,
    }


def _first_search_end(run: dict[str, Any]) -> float:
    ends = [end for path, _, end in run["api"] if path == "/api/v1/contacts/search"]
    return float(min(ends)) if ends else float("nan")


def _scroll(runs: list[dict[str, Any]], target_rows: int) -> dict[str, Any]:
    frames = [_frames(run) for run in runs]
    return {
        "target_rows": target_rows,
        "runs": [
            {
                "end": run["end"],
                "rows": run["rows"],
                "seconds": round(run["ms"] / 1000, 1),
                "stalled_seconds": round(run["stalled_ms"] / 1000, 1),
                "pages_fetched": len(run["page_ms"]),
                "page_fetch_ms": _stats(run["page_ms"]),
                **figures,
                # [start, duration, blocking, style and layout start, [invoker, function,
                # file, ms] of its three longest scripts]: where the long frames went.
                "long_frame_entries": run["long_frames"],
            }
            for run, figures in zip(runs, frames, strict=True)
        ],
        "longest_frame_ms": max(f["longest_frame_ms"] for f in frames),
        "frames_over_50ms": sum(f["frames_over_50ms"] for f in frames),
        "long_animation_frames": sum(f["long_animation_frames"] for f in frames),
    }


def _frames(run: dict[str, Any]) -> dict[str, Any]:
    """rAF gaps (what a person sees) and long animation frames (what the browser reports)."""
    gaps: list[float] = run["raf_gaps"][1:]  # the first is the wait for the first frame
    long_frames = run["long_frames"]
    return {
        "frames": len(gaps),
        "longest_frame_ms": round(max(gaps, default=0.0), 1),
        "frames_over_50ms": sum(1 for gap in gaps if gap > FRAME_MS),
        "long_animation_frames": len(long_frames),
        "longest_animation_frame_ms": round(max((f[1] for f in long_frames), default=0.0), 1),
        "longest_blocking_ms": round(max((f[2] for f in long_frames), default=0.0), 1),
    }


def _verdicts(
    navigation: dict[str, Any], actions: dict[str, Any], scroll: dict[str, Any]
) -> dict[str, bool]:
    verdicts = {
        f"interactive_{mode}_p95_under_1500ms": nav["interactive_ms"]["p95"] <= INTERACTIVE_MS
        for mode, nav in navigation.items()
    }
    for name in (*VIEWS, *FILTERS):
        if name in actions:
            verdicts[f"{name}_p95_under_300ms"] = actions[name]["shown_ms"]["p95"] <= RESULTS_MS
    if "table" in scroll:
        table = scroll["table"]
        verdicts["table_scroll_no_frame_over_50ms"] = (
            table["frames_over_50ms"] == 0 and table["long_animation_frames"] == 0
        )
    return verdicts


def _stats(samples: Iterable[float | None]) -> dict[str, float] | None:
    values = [float(v) for v in samples if v is not None]
    return asdict(Stats.of(values)) if values else None


def _ratio(figures: dict[str, float] | None, baseline: dict[str, float] | None) -> float | None:
    if not figures or not baseline or not baseline["p95"]:
        return None
    return round(figures["p95"] / baseline["p95"], 2)


def write(report: dict[str, Any], results_dir: Path) -> str:
    """Write `web_contacts.json` and `.md`; returns the markdown."""
    return write_files("web_contacts", report, markdown(report), results_dir)


def markdown(report: dict[str, Any]) -> str:
    """A table per data set: figure, baseline, ratio, target and verdict."""
    machine = report["machine"]
    lines = [
        f"# web UI speed benchmark: {report['date']}",
        "",
        f"Headless {report['browser']} on {machine['cpus']} CPUs ({machine['cpu']}), "
        f"{machine['memory_gib']} GiB, shared with the platform and other work; commit "
        f"`{report['code']['commit'][:7]}`; {report['rounds']} rounds. Milliseconds as "
        "p50 / p95 / max (nearest rank).",
    ]
    for data_set in report["data_sets"]:
        lines += ["", *_data_set(data_set)]
    return "\n".join(lines) + "\n"


_HEADER = "| measure | ms | baseline | baseline ms | p95 ratio | target | verdict |"


def _data_set(data: dict[str, Any]) -> list[str]:
    figures, verdicts = data["figures"], data["figures"]["pass"]
    load = data["load_average"]
    lines = [
        f"## {data['name']}: {data['contacts']:,} contacts",
        "",
        f"Load average (1 min) {min(load):.1f}-{max(load):.1f} during the run.",
        "",
        _HEADER,
        "|---|---|---|---|---|---|---|",
    ]
    for mode, nav in figures["navigation"].items():
        verdict = verdicts[f"interactive_{mode}_p95_under_1500ms"]
        blank = f"blank page ({mode})"
        lines.append(
            _row(f"navigation → interactive ({mode})", nav["interactive_ms"], blank,
                 nav["blank_load_ms"], nav["ratio_p95"], "≤ 1500", verdict)
        )  # fmt: skip
        lines.append(_row(f"navigation → rows shown ({mode})", nav["shown_ms"], "", None))
    lines.append(
        _row("the page's API requests by fetch", figures["page_load_requests_fetch_ms"], "", None)
    )
    for name, action in figures["actions"].items():
        key = f"{name}_p95_under_300ms"
        target = "≤ 300" if key in verdicts else ""
        lines.append(
            _row(name.replace("_", " "), action["shown_ms"], action["baseline"],
                 action["baseline_ms"], action["ratio_p95"], target, verdicts.get(key))
        )  # fmt: skip
    lines += ["", *_scroll_lines(figures)]
    return lines


def _row(
    name: str,
    figures: dict[str, float] | None,
    baseline: str,
    baseline_figures: dict[str, float] | None,
    ratio: float | None = None,
    target: str = "",
    verdict: bool | None = None,
) -> str:
    mark = "" if verdict is None else ("pass" if verdict else "**FAIL**")
    cells = [name, _triple(figures), baseline, _triple(baseline_figures)]
    cells += ["" if ratio is None else f"{ratio:.2f}", target, mark]
    return "| " + " | ".join(cells) + " |"


def _scroll_lines(figures: dict[str, Any]) -> list[str]:
    lines = [
        "| scroll | rows | s (stalled) | pages | frames | longest frame | frames > 50 ms |"
        " long animation frames (longest) | verdict |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    verdict = figures["pass"].get("table_scroll_no_frame_over_50ms")
    for view, scroll in figures["scroll"].items():
        mark = ("pass" if verdict else "**FAIL**") if view == "table" else ""
        for run in scroll["runs"]:
            lines.append(_scroll_row(view, run, mark))
    for run in figures["idle_frames"]:
        lines.append(_scroll_row("idle page (baseline)", {**run, "end": "", "rows": 0}, ""))
    return lines


def _scroll_row(view: str, run: dict[str, Any], mark: str) -> str:
    rows = f"{run['rows']:,} ({run['end']})" if run["end"] else ""
    seconds = f"{run['seconds']} ({run['stalled_seconds']})" if "seconds" in run else ""
    cells: Sequence[object] = [
        view, rows, seconds, run.get("pages_fetched", ""), run["frames"],
        run["longest_frame_ms"], run["frames_over_50ms"],
        f"{run['long_animation_frames']} ({run['longest_animation_frame_ms']})", mark,
    ]  # fmt: skip
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def _triple(stats: dict[str, float] | None) -> str:
    if not stats:
        return ""
    return f"{stats['p50']:.0f} / {stats['p95']:.0f} / {stats['max']:.0f}"
