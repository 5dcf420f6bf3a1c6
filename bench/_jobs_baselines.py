"""The raw baselines of bench/jobs_at_scale.py: the least a database and a file library do.

Run as child processes (`python _jobs_baselines.py export|import URL PATH`) so their peak RSS
is their own; `raw_update` runs in the caller.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg

SCHEMA_OPTIONS = "-c search_path=contacts,public"
# The columns an export of a card writes, as stored (jsonb as its text).
EXPORT_COLUMNS = (
    "id::text, kind, first_name, middle_name, last_name, company_name, gender,"
    " birthday::text, company_id::text, country_code, legal::text, emails::text,"
    " phones::text, addresses::text, region, activity_id::text, description, source,"
    " manager_id, custom::text"
)


def raw_update(database_url: str, regions: list[str], manager: str) -> float:
    """Seconds of one set-based UPDATE of the selected cards' manager, committed."""
    with psycopg.connect(database_url, options=SCHEMA_OPTIONS) as conn:
        started = time.perf_counter()
        conn.execute(
            "UPDATE contact SET manager_id = %s, version = version + 1, updated_at = now()"
            " WHERE deleted_at IS NULL AND region = ANY(%s)",
            [manager, regions],
        )
        conn.commit()
        return time.perf_counter() - started


def raw_export(database_url: str, path: Path) -> dict[str, Any]:
    return _child("export", database_url, path)


def raw_import(database_url: str, path: Path) -> dict[str, Any]:
    return _child("import", database_url, path)


def _child(what: str, database_url: str, path: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, what, database_url, str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def _export(database_url: str, path: Path) -> dict[str, Any]:
    import rustpy_xlsxwriter

    started = time.perf_counter()
    with (
        psycopg.connect(database_url, options=SCHEMA_OPTIONS) as conn,
        conn.cursor(name="raw_export") as cursor,
    ):
        cursor.itersize = 5_000
        cursor.execute(
            "SELECT " + EXPORT_COLUMNS + " FROM contact WHERE deleted_at IS NULL"  # noqa: S608 - constant columns
            " ORDER BY display_name, id"
        )
        names = [d.name for d in cursor.description or []]

        def records() -> Iterator[dict[str, Any]]:
            for row in cursor:
                yield dict(zip(names, row, strict=True))

        rustpy_xlsxwriter.write_worksheet(records(), str(path), sheet_name="Contacts")
    return {"seconds": time.perf_counter() - started, "peak_rss_mib": _peak_rss()}


def _import(database_url: str, path: Path) -> dict[str, Any]:
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    rows = sheet.to_python(skip_empty_area=True)
    parsed = time.perf_counter()
    header, data = rows[0], rows[1:]
    with psycopg.connect(database_url, options=SCHEMA_OPTIONS) as conn:
        columns = ", ".join(f"c{i} text" for i in range(len(header)))
        conn.execute(f"CREATE TEMP TABLE raw_import ({columns})")
        with conn.cursor().copy("COPY raw_import FROM STDIN") as copy:
            for row in data:
                copy.write_row(["" if cell is None else str(cell) for cell in row])
        conn.commit()
    return {
        "seconds": time.perf_counter() - started,
        "parse_seconds": parsed - started,
        "peak_rss_mib": _peak_rss(),
    }


def _peak_rss() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


if __name__ == "__main__":
    action, url, target = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    result = _export(url, target) if action == "export" else _import(url, target)
    print(json.dumps(result))
