"""XLSX writers for contact export: the same rows through each library, time and peak memory.

    .venv/bin/python bench/xlsx_writers.py [--rows 1000000] [--only xlsxwriter,rustpy]

Writes 15 columns of generated contacts (uuid, Polish and English names, email, phone, company,
street, city, region, postal code, birthday, created at, balance, consent, VIP) with each writer
in its own subprocess, after a baseline that only generates the rows. Peak RSS is the child's own
(os.wait4), not RUSAGE_CHILDREN, which keeps the maximum over every child reaped so far. Writes
bench/results/xlsx_writers.{json,md} and prints the table. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from _names import (
    COMPANY_FORMS,
    COMPANY_STEMS,
    EN_FEMALE,
    EN_MALE,
    EN_SURNAMES,
    MAIL_DOMAINS,
    PL_FEMALE,
    PL_MALE,
    PL_SURNAMES,
    STREETS,
    VOIVODESHIPS,
)

RESULTS_DIR = Path(__file__).resolve().parent / "results"
HEADERS = [
    "id", "first_name", "last_name", "email", "phone", "company", "street", "city",
    "region", "postal_code", "birthday", "created_at", "balance", "consent", "vip",
]  # fmt: skip
Row = tuple[Any, ...]
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


def contact_rows(count: int, seed: int = 7) -> Iterator[Row]:
    """Generated contacts, the same for every writer: 70% Polish, 5% companies, ~10% blanks."""
    rng = random.Random(seed)
    start = datetime(2019, 1, 1)  # naive: Excel has no time zones
    for _ in range(count):
        polish = rng.random() < 0.7
        female = rng.random() < 0.5
        if polish:
            first = rng.choice(PL_FEMALE if female else PL_MALE)
            last = rng.choice(PL_SURNAMES)[1 if female else 0]
        else:
            first = rng.choice(EN_FEMALE if female else EN_MALE)
            last = rng.choice(EN_SURNAMES)
        region, city, postal, _ = rng.choice(VOIVODESHIPS)
        company = (
            f"{rng.choice(COMPANY_STEMS)} {rng.choice(COMPANY_FORMS)}"
            if rng.random() < 0.05
            else None
        )
        yield (
            str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            first,
            last,
            f"{first}.{last}{rng.randrange(10_000)}@{rng.choice(MAIL_DOMAINS)}".lower(),
            f"+48 5{rng.randrange(10)}{rng.randrange(10)} {rng.randrange(1000):03d} "
            f"{rng.randrange(1000):03d}",
            company,
            f"ul. {rng.choice(STREETS)} {rng.randrange(1, 200)}" if rng.random() < 0.9 else None,
            city,
            region,
            f"{postal}-{rng.randrange(1000):03d}",
            date(1950, 1, 1) + timedelta(days=rng.randrange(20_000))
            if rng.random() < 0.8
            else None,
            start + timedelta(seconds=rng.randrange(200_000_000)),
            round(rng.uniform(-500, 50_000), 2),
            rng.random() < 0.6,
            rng.random() < 0.03,
        )


# -- the writers, each run in a child process ------------------------------------------------


def write_generate_only(path: Path, rows: Iterator[Row]) -> None:
    """Baseline: make the rows and drop them."""
    for _ in rows:
        pass


def write_xlsxwriter(path: Path, rows: Iterator[Row]) -> None:
    """xlsxwriter, constant_memory: each row is flushed to a temp file as the next begins."""
    import xlsxwriter  # type: ignore[import-untyped]

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("contacts")
    date_format = book.add_format({"num_format": DATE_FORMAT})
    datetime_format = book.add_format({"num_format": DATETIME_FORMAT})
    for col, name in enumerate(HEADERS):
        sheet.write_string(0, col, name)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            elif isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            elif isinstance(value, datetime):
                sheet.write_datetime(r, c, value, datetime_format)
            elif isinstance(value, date):
                sheet.write_datetime(r, c, value, date_format)
            else:
                sheet.write_number(r, c, value)
    book.close()


def write_rustpy(path: Path, rows: Iterator[Row]) -> None:
    """rustpy-xlsxwriter (rust_xlsxwriter): a generator of dicts, keyed by header."""
    import rustpy_xlsxwriter

    records = (dict(zip(HEADERS, row, strict=True)) for row in rows)
    rustpy_xlsxwriter.write_worksheet(
        records, str(path), sheet_name="contacts", datetime_format=DATETIME_FORMAT
    )


def write_pyexcelerate(path: Path, rows: Iterator[Row]) -> None:
    """pyexcelerate: takes the whole sheet as a list of lists."""
    from pyexcelerate import Workbook  # type: ignore[import-untyped]

    book = Workbook()
    data: list[list[Any]] = [list(HEADERS)]
    data.extend(list(row) for row in rows)
    book.new_sheet("contacts", data=data)
    book.save(str(path))


def write_openpyxl(path: Path, rows: Iterator[Row]) -> None:
    """openpyxl write_only: rows appended and streamed to a temp file."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]

    book = Workbook(write_only=True)
    sheet = book.create_sheet("contacts")
    sheet.append(HEADERS)
    for row in rows:
        cells: list[Any] = []
        for value in row:
            if isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=value)
                is_datetime = isinstance(value, datetime)
                cell.number_format = DATETIME_FORMAT if is_datetime else DATE_FORMAT
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    book.save(str(path))


WRITERS: dict[str, Callable[[Path, Iterator[Row]], None]] = {
    "generate-only": write_generate_only,
    "xlsxwriter": write_xlsxwriter,
    "rustpy-xlsxwriter": write_rustpy,
    "pyexcelerate": write_pyexcelerate,
    "openpyxl": write_openpyxl,
}


def run_child(name: str, rows: int, out: Path) -> None:
    """In the child: write the file, print seconds and size as JSON."""
    started = time.perf_counter()
    WRITERS[name](out, contact_rows(rows))
    seconds = time.perf_counter() - started
    size = out.stat().st_size if out.exists() else 0
    print(json.dumps({"seconds": seconds, "bytes": size}))


def measure(script: Path, args: list[str]) -> tuple[dict[str, Any], int]:
    """Run one child of this script; its JSON output and its own peak RSS in KiB."""
    child = subprocess.Popen([sys.executable, str(script), *args], stdout=subprocess.PIPE)
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{args} exited with {child.returncode}")
    return json.loads(output), usage.ru_maxrss


def machine() -> dict[str, Any]:
    """The machine the figures come from."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory_gib": round(memory / 2**30, 1),
        "python": platform.python_version(),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }


def versions(names: list[str]) -> dict[str, str]:
    """Installed versions of the libraries measured."""
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in names:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            continue
    return found


def table(results: list[dict[str, Any]], first: str) -> list[str]:
    """Markdown rows with ratios to the fastest and leanest measured (not the baseline)."""
    real = [r for r in results if r["name"] != "generate-only"] or results
    fastest = min(r["seconds"] for r in real)
    leanest = min(r["peak_rss_mib"] for r in real)
    lines = [
        f"| {first} | seconds | x fastest | peak RSS MiB | x leanest | file MiB | rows/s |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['name']} | {r['seconds']:.1f} | {r['seconds'] / fastest:.2f} "
            f"| {r['peak_rss_mib']:,.0f} | {r['peak_rss_mib'] / leanest:.2f} "
            f"| {r.get('file_mib', 0):,.1f} | {r['rows_per_second']:,.0f} |"
        )
    return lines


def main() -> None:
    args = _arguments()
    script = Path(__file__).resolve()
    if args.child:
        run_child(args.child, args.rows, Path(args.out))
        return
    names = ["generate-only", *(args.only.split(",") if args.only else list(WRITERS)[1:])]
    results = []
    with tempfile.TemporaryDirectory(prefix="kartoteka-xlsx-") as tmp:
        for name in names:
            out = Path(tmp) / f"{name}.xlsx"
            print(f"  {name}: {args.rows:,} rows", flush=True)
            figures, peak_kib = measure(
                script, ["--child", name, "--rows", str(args.rows), "--out", str(out)]
            )
            results.append(
                {
                    "name": name,
                    "seconds": round(figures["seconds"], 2),
                    "peak_rss_mib": round(peak_kib / 1024, 1),
                    "file_mib": round(figures["bytes"] / 2**20, 1),
                    "rows_per_second": round(args.rows / figures["seconds"]),
                }
            )
            out.unlink(missing_ok=True)
    report = {
        "benchmark": "xlsx_writers",
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "rows": args.rows,
        "columns": len(HEADERS),
        "machine": machine(),
        "versions": versions(["xlsxwriter", "rustpy-xlsxwriter", "pyexcelerate", "openpyxl"]),
        "results": results,
    }
    markdown = [
        f"# XLSX writers: {args.rows:,} rows x {len(HEADERS)} columns, {report['date']}",
        "",
        f"{report['machine']['cpus']} CPUs, {report['machine']['memory_gib']} GiB, Python "
        f"{report['machine']['python']}; "
        + ", ".join(f"{k} {v}" for k, v in report["versions"].items())
        + ". Each writer runs alone in a child process; seconds include generating the rows"
        " (the generate-only line); peak RSS is the child's own. Ratios are to the best writer.",
        "",
        *table(results, "writer"),
    ]
    results_dir = Path(args.results)
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / "xlsx_writers.json").write_text(json.dumps(report, indent=2) + "\n")
    (results_dir / "xlsx_writers.md").write_text("\n".join(markdown) + "\n")
    print("\n".join(markdown))
    print(f"written to {results_dir}/xlsx_writers.{{json,md}}")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="data rows to write")
    parser.add_argument("--only", help="comma-separated writers: " + ", ".join(list(WRITERS)[1:]))
    parser.add_argument("--results", default=str(RESULTS_DIR), help="where to write results")
    parser.add_argument("--child", choices=list(WRITERS), help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    main()
