"""Every SQL query of the segmentation service."""

from __future__ import annotations

from datetime import date

from kartoteka_platform.db import Connection


async def count_contact_created(conn: Connection, day: date) -> None:
    await conn.execute(
        "INSERT INTO daily_contact_count (day, contacts_created) VALUES (%s, 1)"
        " ON CONFLICT (day) DO UPDATE"
        " SET contacts_created = daily_contact_count.contacts_created + 1",
        [day],
    )


async def recent_daily_counts(conn: Connection, days: int) -> list[tuple[date, int]]:
    cursor = await conn.execute(
        "SELECT day, contacts_created FROM daily_contact_count ORDER BY day DESC LIMIT %s", [days]
    )
    return [(row["day"], row["contacts_created"]) for row in await cursor.fetchall()]
