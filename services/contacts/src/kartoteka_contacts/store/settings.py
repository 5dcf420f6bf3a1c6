"""Standard field settings and the activity-type dictionary."""

from __future__ import annotations

import uuid
from typing import Any

from kartoteka_platform.db import Connection
from psycopg import errors, sql

from kartoteka_contacts.domain.settings import ActivityType

_ACTIVITY = (
    "SELECT a.id, a.name, a.position, a.created_at,"
    " (SELECT count(*) FROM contact c WHERE c.activity_id = a.id AND c.deleted_at IS NULL)"
    " AS contact_count FROM activity_type a"
)


async def standard_settings(conn: Connection) -> dict[str, tuple[bool, int]]:
    """Stored (visible, position) by field name; fields never changed have no row."""
    cursor = await conn.execute("SELECT key, visible, position FROM standard_field_setting")
    return {row["key"]: (row["visible"], row["position"]) for row in await cursor.fetchall()}


async def save_standard_setting(conn: Connection, name: str, visible: bool, position: int) -> None:
    await conn.execute(
        "INSERT INTO standard_field_setting (key, visible, position) VALUES (%s, %s, %s)"
        " ON CONFLICT (key) DO UPDATE SET visible = EXCLUDED.visible, position = EXCLUDED.position",
        [name, visible, position],
    )


async def list_activities(conn: Connection) -> list[ActivityType]:
    cursor = await conn.execute(_ACTIVITY + " ORDER BY a.position, lower(a.name), a.id")
    return [ActivityType(**row) for row in await cursor.fetchall()]


async def get_activity(
    conn: Connection, activity_id: uuid.UUID, *, for_update: bool = False
) -> ActivityType | None:
    cursor = await conn.execute(
        _ACTIVITY + " WHERE a.id = %s" + (" FOR UPDATE OF a" if for_update else ""),
        [activity_id],
    )
    row = await cursor.fetchone()
    return ActivityType(**row) if row else None


async def insert_activity(conn: Connection, name: str, position: int | None) -> uuid.UUID | None:
    """The new type's id, or None when the name is taken in any letter case. Without a
    position it goes after the last one."""
    cursor = await conn.execute(
        "INSERT INTO activity_type (id, name, position)"
        " SELECT %s, %s, coalesce(%s, (SELECT coalesce(max(position) + 1, 0) FROM activity_type))"
        " ON CONFLICT DO NOTHING RETURNING id",
        [uuid.uuid4(), name, position],
    )
    row = await cursor.fetchone()
    return row["id"] if row else None


async def update_activity(conn: Connection, activity_id: uuid.UUID, values: dict[str, Any]) -> bool:
    """Set the given columns; False when the new name is taken in any letter case."""
    assignments = sql.SQL(", ").join(
        sql.SQL("{} = {}").format(sql.Identifier(column), sql.Placeholder()) for column in values
    )
    try:
        async with conn.transaction():
            await conn.execute(
                sql.SQL("UPDATE activity_type SET {} WHERE id = %s").format(assignments),
                [*values.values(), activity_id],
            )
    except errors.UniqueViolation:
        return False
    return True


async def live_contact_count(conn: Connection, activity_id: uuid.UUID) -> int:
    cursor = await conn.execute(
        "SELECT count(*) AS n FROM contact WHERE activity_id = %s AND deleted_at IS NULL",
        [activity_id],
    )
    row = await cursor.fetchone()
    return int(row["n"]) if row else 0


async def clear_from_deleted_contacts(
    conn: Connection, activity_id: uuid.UUID, actor_id: str
) -> list[uuid.UUID]:
    """Cards in the bin lose the activity, so the type can go (the column is a foreign key);
    returns them, for their history."""
    cursor = await conn.execute(
        "UPDATE contact SET activity_id = NULL, version = version + 1, updated_at = now(),"
        " updated_by = %s WHERE activity_id = %s AND deleted_at IS NOT NULL RETURNING id",
        [actor_id, activity_id],
    )
    return [row["id"] for row in await cursor.fetchall()]


async def delete_activity(conn: Connection, activity_id: uuid.UUID) -> None:
    await conn.execute("DELETE FROM activity_type WHERE id = %s", [activity_id])
