"""The XLSX file bench/jobs_at_scale.py imports: 15 columns, half the rows existing cards."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import rustpy_xlsxwriter

HEADERS = (
    "First name",
    "Last name",
    "Emails",
    "Phones",
    "Region",
    "Source",
    "Description",
    "Gender",
    "Birthday",
    "Address city",
    "Address street",
    "Address postal code",
    "Country code",
    "Middle name",
    "Manager",
)


def write_import_file(conn: psycopg.Connection[Any], path: Path, rows: int) -> int:
    """Write `rows` rows: the first half copy existing persons (same name and email, a new
    description), the rest are new people. Returns how many rows name existing cards."""
    existing = conn.execute(
        "SELECT first_name, last_name, emails -> 0 ->> 'address', region FROM contact"
        " WHERE kind = 'person' AND deleted_at IS NULL AND jsonb_array_length(emails) > 0"
        " ORDER BY id LIMIT %s",
        [rows // 2],
    ).fetchall()

    def records() -> Iterator[dict[str, Any]]:
        for index, (first, last, email, region) in enumerate(existing):
            yield _row(first, last, email, "", region, f"updated by import {index}")
        for index in range(rows - len(existing)):
            number = 700_000_000 + index
            yield _row(
                "Nowa",
                f"Osoba {index}",
                f"nowa.osoba.{index}@import.example.pl",
                f"+48 {number // 1_000_000:03d} {number // 1000 % 1000:03d} {number % 1000:03d}",
                "Mazowieckie",
                "new from import",
            )

    rustpy_xlsxwriter.write_worksheet(records(), str(path), sheet_name="Contacts")
    return len(existing)


def _row(
    first: str, last: str, email: str, phone: str, region: str, description: str
) -> dict[str, Any]:
    values = (
        first,
        last,
        email,
        phone,
        region,
        "import",
        description,
        "",
        "",
        "Warszawa",
        "ul. Prosta 1",
        "00-001",
        "PL",
        "",
        "",
    )
    return dict(zip(HEADERS, values, strict=True))
