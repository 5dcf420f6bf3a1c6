"""Per-contact event history: how often each contact was the subject of each event type."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from kartoteka_platform.db import Connection


@dataclass(frozen=True)
class Seen:
    """Events of one type about one contact in a batch: how many, and the earliest and latest."""

    count: int
    first_at: datetime
    last_at: datetime


async def record(
    conn: Connection, seen: Mapping[tuple[uuid.UUID, str], Seen]
) -> dict[tuple[uuid.UUID, str], int]:
    """Add a batch's events to the history; returns how many each key had before the batch.

    One statement for the batch. Keys go in a fixed order so that two consumers (replicas
    sharing the durable consumer) lock rows in the same order and cannot deadlock; the row
    lock of the upsert also makes "how many before" exact between them.
    """
    if not seen:
        return {}
    keys = sorted(seen)
    cursor = await conn.execute(
        "INSERT INTO contact_event AS e (contact_id, event_type, count, first_at, last_at)"
        " SELECT * FROM unnest(%s::uuid[], %s::text[], %s::bigint[], %s::timestamptz[],"
        " %s::timestamptz[])"
        " ON CONFLICT (contact_id, event_type) DO UPDATE SET count = e.count + excluded.count,"
        " first_at = least(e.first_at, excluded.first_at),"
        " last_at = greatest(e.last_at, excluded.last_at)"
        " RETURNING contact_id, event_type, count",
        [
            [contact for contact, _ in keys],
            [event_type for _, event_type in keys],
            [seen[key].count for key in keys],
            [seen[key].first_at for key in keys],
            [seen[key].last_at for key in keys],
        ],
    )
    return {
        (row["contact_id"], row["event_type"]): row["count"]
        - seen[(row["contact_id"], row["event_type"])].count
        for row in await cursor.fetchall()
    }


async def counts(conn: Connection, contact_id: uuid.UUID) -> dict[str, int]:
    """Every event type seen for a contact, with its count."""
    cursor = await conn.execute(
        "SELECT event_type, count FROM contact_event WHERE contact_id = %s", [contact_id]
    )
    return {row["event_type"]: row["count"] for row in await cursor.fetchall()}
