"""The results file (JSON), its markdown table, and the verdicts against the issue's targets."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from _create import CreateResult
from _measure import ShapeResult

# The targets, in milliseconds.
PAGE_P95_MS = 50.0
PAGE_RATIO = 2.0
TOTAL_MS = 300.0
CREATE_P95_MS = 20.0


def shape_verdict(result: ShapeResult) -> dict[str, bool]:
    """Page within 2x raw SQL and under 50 ms (p95); total under 300 ms or an estimate."""
    return {
        "page_within_2x_raw": _ratio(result) <= PAGE_RATIO,
        "page_under_50ms": result.gateway.p95 < PAGE_P95_MS,
        "total_under_300ms_or_estimate": result.count_total is not None
        and result.count_errors == 0
        and (result.count_total.is_estimate or result.count_gateway.p95 < TOTAL_MS),
    }


def _ratio(result: ShapeResult) -> float:
    return round(result.gateway.p95 / result.raw_request.p95, 2)


def shape_json(result: ShapeResult) -> dict[str, Any]:
    return {
        "name": result.shape.name,
        "title": result.shape.title,
        "required": result.shape.required,
        "filter": result.shape.filter,
        "page": {
            "gateway_ms": asdict(result.gateway),
            "contacts_grpc_ms": asdict(result.service),
            "raw_sql_ms": asdict(result.raw_request),
            "raw_sql_page_part_ms": asdict(result.raw_page),
            "raw_sql_total_part_ms": asdict(result.raw_total),
            "ratio_p95": _ratio(result),
            "total": asdict(result.page_total),
            "rows": result.rows,
        },
        "count": {
            "gateway_ms": asdict(result.count_gateway),
            "raw_sql_exact_ms": asdict(result.count_raw),
            "total": asdict(result.count_total) if result.count_total else None,
            "errors": result.count_errors,
        },
        "planner_estimate_rows": result.estimate_rows,
        "exact_rows": result.exact_rows,
        "pass": shape_verdict(result),
        "load_average_1m": list(result.load),
        "page_sql": result.page_sql,
        "plans": result.plans,
    }


def create_json(result: CreateResult) -> dict[str, Any]:
    return {
        "runs": result.runs,
        "gateway_ms": asdict(result.gateway),
        "contacts_grpc_ms": asdict(result.service),
        "raw_insert_ms": asdict(result.raw_insert),
        "ratio_p95": round(result.gateway.p95 / result.raw_insert.p95, 2),
        "pass": {"p95_under_20ms": result.gateway.p95 < CREATE_P95_MS},
    }


_LEGEND = (
    "Milliseconds, p50 / p95 / max unless marked. **Page**: POST /api/v1/contacts/search"
    " (first page of 50 cards) end to end; *gRPC*: the same SearchContacts call straight to the"
    " contacts service; *raw SQL*: the statements the service runs for it (group check, keyset"
    " page, the in-page total's EXPLAIN and, below the exact-count threshold, count(*), then"
    " the 50 cards), directly on PostgreSQL; *ratio*: gateway p95 / raw SQL p95. **Total**:"
    " POST /api/v1/contacts/count (exact within its default time budget, else the estimate) and the"
    " exact count(*) as raw SQL; *estimate / exact*: the planner's row estimate and the true"
    " count."
)
_HEADER = (
    "| shape | page: gateway | gRPC p95 | raw SQL | ratio | in-page total "
    "| total: /count | raw count(*) | /count returned | estimate / exact "
    "| page ≤ 2x raw | page < 50 ms | total < 300 ms or est. |"
)


def markdown(report: dict[str, Any]) -> str:
    """The summary table of a report."""
    counts = report["counts"]
    lines = [
        f"# contacts search benchmark: {report['date']}",
        "",
        f"{counts['contacts']:,} contacts, {counts['group_membership']:,} memberships in "
        f"{counts['groups']} groups, {counts['custom_fields']} custom fields; "
        f"{report['machine']['cpus']} CPUs, {report['machine']['memory_gib']} GiB, "
        f"PostgreSQL {report['postgres']['server_version']}; "
        f"{report['runs']} runs per shape after {report['warmup']} warm-up.",
        "",
        _LEGEND,
        "",
        _HEADER,
        _separator(_HEADER),
    ]
    lines += [_shape_row(shape) for shape in report["shapes"]]
    lines += ["", _create_line(report["create"])]
    return "\n".join(lines) + "\n"


def _separator(header: str) -> str:
    return "|" + "---|" * (header.count("|") - 1)


def _shape_row(shape: dict[str, Any]) -> str:
    page, count, verdict = shape["page"], shape["count"], shape["pass"]
    name = shape["name"] + ("" if shape["required"] else " (extra)")
    cells = [
        name,
        _triple(page["gateway_ms"]),
        f"{page['contacts_grpc_ms']['p95']:.1f}",
        _triple(page["raw_sql_ms"]),
        str(page["ratio_p95"]),
        _total(page["total"]),
        _triple(count["gateway_ms"]),
        _triple(count["raw_sql_exact_ms"]),
        _count_total(count),
        f"{shape['planner_estimate_rows']:,} / {shape['exact_rows']:,}",
        _mark(verdict["page_within_2x_raw"]),
        _mark(verdict["page_under_50ms"]),
        _mark(verdict["total_under_300ms_or_estimate"]),
    ]
    return "| " + " | ".join(cells) + " |"


def _create_line(create: dict[str, Any]) -> str:
    return (
        f"Creating a contact ({create['runs']} sequential rounds): POST /api/v1/contacts "
        f"{_triple(create['gateway_ms'])} ms, gRPC CreateContact "
        f"{_triple(create['contacts_grpc_ms'])} ms, one raw INSERT + commit "
        f"{_triple(create['raw_insert_ms'])} ms; gateway / raw p95 ratio "
        f"{create['ratio_p95']}. Target p95 < 20 ms: {_mark(create['pass']['p95_under_20ms'])}."
    )


def _count_total(count: dict[str, Any]) -> str:
    errors = f" ({count['errors']} failed)" if count["errors"] else ""
    return (_total(count["total"]) if count["total"] else "none") + errors


def _total(total: dict[str, Any]) -> str:
    return f"{total['value']:,}" + (" est." if total["is_estimate"] else "")


def _triple(stats: dict[str, float]) -> str:
    return f"{stats['p50']:.1f} / {stats['p95']:.1f} / {stats['max']:.1f}"


def _mark(ok: bool) -> str:
    return "pass" if ok else "**FAIL**"


def write(report: dict[str, Any], results_dir: Path) -> str:
    """Write `contacts_search.json` and `.md`; returns the markdown."""
    return write_files("contacts_search", report, markdown(report), results_dir)


def write_files(name: str, report: dict[str, Any], text: str, results_dir: Path) -> str:
    """Write `<name>.json` (the report) and `<name>.md` (`text`); returns `text`."""
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / f"{name}.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n"
    )
    (results_dir / f"{name}.md").write_text(text)
    return text
