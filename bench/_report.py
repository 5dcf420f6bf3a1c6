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
    ratio = result.gateway.p95 / result.raw_request.p95
    return {
        "page_within_2x_raw": ratio <= PAGE_RATIO,
        "page_under_50ms": result.gateway.p95 < PAGE_P95_MS,
        "total_under_300ms_or_estimate": (
            result.total_is_estimate or result.raw_total.p95 < TOTAL_MS
        ),
    }


def shape_json(result: ShapeResult) -> dict[str, Any]:
    return {
        "name": result.shape.name,
        "title": result.shape.title,
        "required": result.shape.required,
        "filter": result.shape.filter,
        "gateway_ms": asdict(result.gateway),
        "raw_sql_request_ms": asdict(result.raw_request),
        "raw_sql_page_ms": asdict(result.raw_page),
        "raw_sql_total_ms": asdict(result.raw_total),
        "ratio_p95": round(result.gateway.p95 / result.raw_request.p95, 2),
        "total": result.total,
        "total_is_estimate": result.total_is_estimate,
        "rows": result.rows,
        "pass": shape_verdict(result),
        "load_average_1m": list(result.load),
        "page_sql": result.page_sql,
        "plans": result.plans,
    }


def create_json(result: CreateResult) -> dict[str, Any]:
    return {
        "runs": result.runs,
        "gateway_ms": asdict(result.gateway),
        "raw_insert_ms": asdict(result.raw_insert),
        "ratio_p95": round(result.gateway.p95 / result.raw_insert.p95, 2),
        "pass": {"p95_under_20ms": result.gateway.p95 < CREATE_P95_MS},
    }


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
        "Milliseconds. *gateway*: POST /api/v1/contacts/search (page of 50 + total) end to end;"
        " *raw SQL*: the same statements the contacts service runs, directly on PostgreSQL;"
        " *total*: its part of the raw SQL (EXPLAIN estimate, then count(*) below 100,000).",
        "",
        "| shape | gateway p50 / p95 / max | raw SQL p50 / p95 / max | p95 ratio "
        "| raw page p95 | raw total p95 | total | page ≤ 2x raw & < 50 ms "
        "| total < 300 ms or est. |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [_shape_row(shape) for shape in report["shapes"]]
    create = report["create"]
    lines += [
        "",
        f"Creating a contact ({create['runs']} sequential POST /api/v1/contacts): gateway "
        f"{_triple(create['gateway_ms'])} ms vs one raw INSERT + commit "
        f"{_triple(create['raw_insert_ms'])} ms (p50 / p95 / max), p95 ratio "
        f"{create['ratio_p95']}: target p95 < 20 ms "
        f"{_mark(create['pass']['p95_under_20ms'])}.",
    ]
    return "\n".join(lines) + "\n"


def _shape_row(shape: dict[str, Any]) -> str:
    verdict = shape["pass"]
    page_ok = verdict["page_within_2x_raw"] and verdict["page_under_50ms"]
    total = f"{shape['total']:,}" + (" (est.)" if shape["total_is_estimate"] else "")
    name = shape["name"] + ("" if shape["required"] else " (extra)")
    return (
        f"| {name} | {_triple(shape['gateway_ms'])} | {_triple(shape['raw_sql_request_ms'])} "
        f"| {shape['ratio_p95']} | {shape['raw_sql_page_ms']['p95']} "
        f"| {shape['raw_sql_total_ms']['p95']} | {total} | {_mark(page_ok)} "
        f"| {_mark(verdict['total_under_300ms_or_estimate'])} |"
    )


def _triple(stats: dict[str, float]) -> str:
    return f"{stats['p50']:.1f} / {stats['p95']:.1f} / {stats['max']:.1f}"


def _mark(ok: bool) -> str:
    return "pass" if ok else "**FAIL**"


def write(report: dict[str, Any], results_dir: Path) -> str:
    """Write `contacts_search.json` and `.md`; returns the markdown."""
    results_dir.mkdir(parents=True, exist_ok=True)
    text = markdown(report)
    (results_dir / "contacts_search.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n"
    )
    (results_dir / "contacts_search.md").write_text(text)
    return text
