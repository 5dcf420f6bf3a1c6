"""Queries of imports: matching file rows to cards, refused rows, and saved mappings."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kartoteka_platform.db import Connection
from psycopg.types.json import Jsonb


@dataclass(frozen=True)
class Failure:
    row_number: int
    column_name: str | None
    code: str
    reason: str
    cells: list[str]


async def holders(conn: Connection, kind: str, values: Sequence[str]) -> dict[str, set[uuid.UUID]]:
    """Live cards holding each normalised email (or E.164 phone), by value."""
    found: dict[str, set[uuid.UUID]] = {}
    if not values:
        return found
    cursor = await conn.execute(
        "SELECT value, contact_id FROM contact_identity WHERE kind = %s AND value = ANY(%s)",
        [kind, list(values)],
    )
    for row in await cursor.fetchall():
        found.setdefault(row["value"], set()).add(row["contact_id"])
    return found


async def named(conn: Connection, names: Sequence[str]) -> dict[str, set[uuid.UUID]]:
    """Live cards whose folded display name equals each name folded, by the name given."""
    found: dict[str, set[uuid.UUID]] = {}
    if not names:
        return found
    cursor = await conn.execute(
        "SELECT n.name, c.id FROM unnest(%s::text[]) AS n(name)"
        " JOIN contact c ON fold_text(c.display_name) = fold_text(n.name)"
        " WHERE c.deleted_at IS NULL",
        [list(names)],
    )
    for row in await cursor.fetchall():
        found.setdefault(row["name"], set()).add(row["id"])
    return found


async def folded(conn: Connection, texts: Sequence[str]) -> dict[str, str]:
    """Each text folded the way the database folds names (case and accents aside)."""
    if not texts:
        return {}
    cursor = await conn.execute(
        "SELECT t.text, fold_text(t.text) AS folded FROM unnest(%s::text[]) AS t(text)",
        [list(texts)],
    )
    return {row["text"]: row["folded"] for row in await cursor.fetchall()}


async def folded_display_names(conn: Connection, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The folded display name of each of these cards."""
    if not ids:
        return {}
    cursor = await conn.execute(
        "SELECT id, fold_text(display_name) AS name FROM contact WHERE id = ANY(%s)", [list(ids)]
    )
    return {row["id"]: row["name"] for row in await cursor.fetchall()}


async def company_names(conn: Connection, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The folded company name each card goes by: its own, or its employer's for a person."""
    if not ids:
        return {}
    cursor = await conn.execute(
        "SELECT c.id, fold_text(CASE WHEN c.kind = 'company' THEN c.company_name"
        " ELSE coalesce(e.company_name, c.company_name) END) AS company"
        " FROM contact c LEFT JOIN contact e ON e.id = c.company_id WHERE c.id = ANY(%s)",
        [list(ids)],
    )
    return {row["id"]: row["company"] for row in await cursor.fetchall()}


async def record_failures(conn: Connection, job_id: uuid.UUID, failures: Sequence[Failure]) -> None:
    if not failures:
        return
    async with conn.cursor() as cursor:
        await cursor.executemany(
            "INSERT INTO contact_job_failure (job_id, row_number, column_name, code, reason,"
            " cells) VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
            [
                (job_id, f.row_number, f.column_name, f.code, f.reason, Jsonb(f.cells))
                for f in failures
            ],
        )


async def failures(
    conn: Connection, job_id: uuid.UUID, *, after_row: int, limit: int
) -> list[Failure]:
    cursor = await conn.execute(
        "SELECT row_number, column_name, code, reason, cells FROM contact_job_failure"
        " WHERE job_id = %s AND row_number > %s ORDER BY row_number LIMIT %s",
        [job_id, after_row, limit],
    )
    return [Failure(**row) for row in await cursor.fetchall()]


async def record_items(
    conn: Connection, job_id: uuid.UUID, items: Sequence[tuple[uuid.UUID, str, int, Any]]
) -> None:
    """(card, created | updated, version after, the values replaced) per card the job wrote."""
    if not items:
        return
    async with conn.cursor() as cursor:
        await cursor.executemany(
            "INSERT INTO contact_job_item (job_id, contact_id, outcome, version_after, before)"
            " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (job_id, contact_id) DO UPDATE"
            " SET version_after = EXCLUDED.version_after",
            [
                (job_id, contact_id, outcome, version, Jsonb(before) if before else None)
                for contact_id, outcome, version, before in items
            ],
        )


async def saved_mapping(conn: Connection, signature: str) -> dict[str, str | None] | None:
    cursor = await conn.execute(
        "SELECT mapping FROM import_mapping WHERE signature = %s", [signature]
    )
    row = await cursor.fetchone()
    return dict(row["mapping"]) if row else None


async def save_mapping(
    conn: Connection,
    signature: str,
    headers: Sequence[str],
    mapping: dict[str, str | None],
    actor: str,
) -> None:
    await conn.execute(
        "INSERT INTO import_mapping (signature, headers, mapping, updated_by)"
        " VALUES (%s, %s, %s, %s) ON CONFLICT (signature) DO UPDATE"
        " SET mapping = EXCLUDED.mapping, updated_by = EXCLUDED.updated_by, updated_at = now()",
        [signature, Jsonb(list(headers)), Jsonb(mapping), actor],
    )


@dataclass(frozen=True)
class ImportItem:
    contact_id: uuid.UUID
    outcome: str
    version_after: int
    before: dict[str, Any] | None


async def items(conn: Connection, job_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[ImportItem]:
    """The cards of `ids` the import created or updated and nobody has reverted yet."""
    cursor = await conn.execute(
        "SELECT contact_id, outcome, version_after, before FROM contact_job_item"
        " WHERE job_id = %s AND contact_id = ANY(%s) AND outcome IN ('created', 'updated')"
        " ORDER BY contact_id",
        [job_id, list(ids)],
    )
    return [ImportItem(**row) for row in await cursor.fetchall()]
