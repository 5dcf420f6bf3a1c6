"""Field history: one row per changed field of a card, kept forever."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kartoteka_platform.db import Connection

from kartoteka_contacts.domain.changes import FieldChange


@dataclass(frozen=True)
class Actor:
    """Who changed a card and through what kind of work."""

    kind: str  # employee | system | import | bulk | rule
    id: str
    source: str  # api | import | bulk | rule | merge | system
    source_ref: str | None = None


@dataclass(frozen=True)
class HistoryEntry:
    seq: int
    contact_id: uuid.UUID
    changed_at: datetime
    actor_kind: str
    actor_id: str
    source: str
    source_ref: str | None
    operation: str
    field: str
    old_value: Any
    new_value: Any


async def record(
    conn: Connection,
    contact_id: uuid.UUID,
    operation: str,
    changes: list[FieldChange],
    actor: Actor,
) -> None:
    """Write one history row per change of one card."""
    await record_many(conn, operation, [(contact_id, change) for change in changes], actor)


async def record_many(
    conn: Connection, operation: str, changes: list[tuple[uuid.UUID, FieldChange]], actor: Actor
) -> None:
    """Write one row per (card, change) with one COPY, all stamped with the transaction's
    time (the column's default, `now()`): an import batch writes thousands at once."""
    if not changes:
        return
    async with (
        conn.cursor() as cursor,
        cursor.copy(
            "COPY contact_history (contact_id, actor_kind, actor_id, source, source_ref,"
            " operation, field, old_value, new_value) FROM STDIN"
        ) as copy,
    ):
        for contact_id, change in changes:
            await copy.write_row(
                (
                    contact_id,
                    actor.kind,
                    actor.id,
                    actor.source,
                    actor.source_ref,
                    operation,
                    change.field,
                    _json_text(change.old),
                    _json_text(change.new),
                )
            )


@dataclass(frozen=True)
class HistoryQuery:
    field: str | None = None
    actor_id: str | None = None
    source: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    # Keyset: entries strictly older than (changed_at, seq).
    before: tuple[datetime, int] | None = None
    limit: int = 100


async def entries(
    conn: Connection, contact_id: uuid.UUID, query: HistoryQuery
) -> list[HistoryEntry]:
    """Newest first, filtered; served by (contact_id, changed_at DESC, seq DESC)."""
    clauses = ["contact_id = %s"]
    params: list[object] = [contact_id]
    for column, value in (
        ("field", query.field),
        ("actor_id", query.actor_id),
        ("source", query.source),
    ):
        if value is not None:
            clauses.append(f"{column} = %s")
            params.append(value)
    if query.since is not None:
        clauses.append("changed_at >= %s")
        params.append(query.since)
    if query.until is not None:
        clauses.append("changed_at < %s")
        params.append(query.until)
    if query.before is not None:
        clauses.append("(changed_at, seq) < (%s, %s)")
        params.extend(query.before)
    cursor = await conn.execute(
        "SELECT seq, contact_id, changed_at, actor_kind, actor_id, source, source_ref,"
        " operation, field, old_value, new_value FROM contact_history WHERE "
        + " AND ".join(clauses)
        + " ORDER BY changed_at DESC, seq DESC LIMIT %s",
        [*params, query.limit],
    )
    return [HistoryEntry(**row) for row in await cursor.fetchall()]


def _json_text(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)
