"""XLSX readers for contact import: python-calamine vs openpyxl read_only, time and peak memory.

    .venv/bin/python bench/xlsx_readers.py [--rows 1000000] [--openpyxl-rows 100000]

Writes the contacts of bench/xlsx_writers.py (15 columns) with rustpy-xlsxwriter, then reads
every row in a child process per reader: python-calamine alone; our open_spreadsheet (the zip
check, then calamine, with cells converted and blank rows skipped); the zip check alone; and
openpyxl read_only over the first --openpyxl-rows rows, extrapolated linearly to all rows and
labelled so. Peak RSS is each child's own (os.wait4). Writes bench/results/xlsx_readers.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from xlsx_writers import (
    HEADERS,
    RESULTS_DIR,
    contact_rows,
    machine,
    measure,
    versions,
    write_rustpy,
)


def read_calamine(path: Path, limit: int) -> int:
    """python-calamine: the sheet loaded whole, rows iterated as Python lists."""
    import python_calamine

    with python_calamine.CalamineWorkbook.from_path(str(path)) as book:
        sheet = book.get_sheet_by_index(0)
        return sum(len(row) for row in sheet.iter_rows())


def read_kartoteka(path: Path, limit: int) -> int:
    """open_spreadsheet: zip check, calamine, Cell conversion, blank rows skipped."""
    from kartoteka_contacts.files import open_spreadsheet

    with open_spreadsheet(path) as source:
        return sum(len(cells) for _, cells in source.iter_rows())


def read_zip_check(path: Path, limit: int) -> int:
    """The zip bomb and sheet span check alone (inflates and scans every member)."""
    from kartoteka_contacts.files.limits import DEFAULT_LIMITS
    from kartoteka_contacts.files.zipcheck import check_xlsx

    with zipfile.ZipFile(path) as archive:
        check_xlsx(archive, DEFAULT_LIMITS)
    return 0


def read_openpyxl(path: Path, limit: int) -> int:
    """openpyxl read_only: streams the sheet XML, values only, first `limit` data rows."""
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    try:
        rows = book.worksheets[0].iter_rows(max_row=limit + 1, values_only=True)
        return sum(len(row) for row in rows)
    finally:
        book.close()


READERS: dict[str, Callable[[Path, int], int]] = {
    "python-calamine": read_calamine,
    "kartoteka open_spreadsheet": read_kartoteka,
    "zip check only": read_zip_check,
    "openpyxl read_only": read_openpyxl,
}


def run_child(name: str, path: Path, limit: int) -> None:
    """In the child: read, print seconds and the number of cells seen as JSON."""
    started = time.perf_counter()
    cells = READERS[name](path, limit)
    print(json.dumps({"seconds": time.perf_counter() - started, "cells": cells}))


def main() -> None:
    args = _arguments()
    script = Path(__file__).resolve()
    if args.child:
        run_child(args.child, Path(args.file), args.limit)
        return
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="kartoteka-xlsx-") as tmp:
        path = Path(tmp) / "contacts.xlsx"
        print(f"  writing {args.rows:,} rows with rustpy-xlsxwriter", flush=True)
        write_rustpy(path, contact_rows(args.rows))
        size_mib = path.stat().st_size / 2**20
        with zipfile.ZipFile(path) as archive:
            unpacked_mib = sum(i.file_size for i in archive.infolist()) / 2**20
        for name in READERS:
            measured = (
                min(args.openpyxl_rows, args.rows) if name.startswith("openpyxl") else args.rows
            )
            print(f"  {name}: {measured:,} rows", flush=True)
            child_args = ["--child", name, "--file", str(path), "--limit", str(measured)]
            figures, peak_kib = measure(script, child_args)
            seconds = figures["seconds"] * args.rows / measured
            results.append(
                {
                    "name": name + ("" if measured == args.rows else " (extrapolated)"),
                    "rows_measured": measured,
                    "seconds_measured": round(figures["seconds"], 2),
                    "seconds": round(seconds, 2),
                    "peak_rss_mib": round(peak_kib / 1024, 1),
                    "rows_per_second": round(measured / figures["seconds"]),
                    "cells": figures["cells"],
                }
            )
    report = {
        "benchmark": "xlsx_readers",
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "rows": args.rows,
        "columns": len(HEADERS),
        "file_mib": round(size_mib, 1),
        "unpacked_mib": round(unpacked_mib, 1),
        "machine": machine(),
        "versions": versions(["python-calamine", "openpyxl", "rustpy-xlsxwriter"]),
        "results": results,
    }
    _write(report, Path(args.results))


def _write(report: dict[str, Any], results_dir: Path) -> None:
    real = [r for r in report["results"] if r["name"] != "zip check only"]
    fastest = min(r["seconds"] for r in real)
    lines = [
        f"# XLSX readers: {report['rows']:,} rows x {report['columns']} columns, {report['date']}",
        "",
        f"File {report['file_mib']} MiB, {report['unpacked_mib']} MiB unpacked (written by "
        f"rustpy-xlsxwriter, inline strings). {report['machine']['cpus']} CPUs, "
        f"{report['machine']['memory_gib']} GiB, Python {report['machine']['python']}; "
        + ", ".join(f"{k} {v}" for k, v in report["versions"].items())
        + ". Each reader runs alone in a child process; peak RSS is the child's own. An"
        " *extrapolated* line read only the first rows_measured rows: its seconds are scaled"
        " linearly to all rows, its peak RSS is as measured. Ratios are to the fastest reader.",
        "",
        "| reader | rows measured | seconds | x fastest | peak RSS MiB | rows/s |",
        "|---|---|---|---|---|---|",
    ]
    for r in report["results"]:
        lines.append(
            f"| {r['name']} | {r['rows_measured']:,} | {r['seconds']:.1f} "
            f"| {r['seconds'] / fastest:.2f} | {r['peak_rss_mib']:,.0f} "
            f"| {r['rows_per_second']:,} |"
        )
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / "xlsx_readers.json").write_text(json.dumps(report, indent=2) + "\n")
    (results_dir / "xlsx_readers.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"written to {results_dir}/xlsx_readers.{{json,md}}")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="data rows in the file")
    parser.add_argument(
        "--openpyxl-rows", type=int, default=100_000, help="rows openpyxl reads (extrapolated)"
    )
    parser.add_argument("--results", default=str(RESULTS_DIR), help="where to write results")
    parser.add_argument("--child", choices=list(READERS), help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, default=0, help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(main())
