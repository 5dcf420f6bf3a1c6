"""Card layouts, and the groups that decide which one a contact gets."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from kartoteka_platform.db import Connection
from psycopg.types.json import Jsonb

from kartoteka_contacts.domain.layouts import Block, BlockKind, GroupLayout, Layout
from kartoteka_contacts.store.updates import update_columns

_COLUMNS = "l.id, l.name, l.group_id, l.blocks, l.required_fields, l.created_at, l.updated_at"
# Layouts of deleted groups apply to nobody and are not listed.
_LIVE = (
    " FROM card_layout l LEFT JOIN contact_group g ON g.id = l.group_id"
    " WHERE (l.group_id IS NULL OR g.deleted_at IS NULL)"
)


async def list_layouts(conn: Connection) -> list[Layout]:
    """The default layout first, then group layouts by group name."""
    cursor = await conn.execute(
        "SELECT " + _COLUMNS + _LIVE + " ORDER BY l.group_id IS NOT NULL, g.name, l.group_id"
    )
    return [_layout(row) for row in await cursor.fetchall()]


async def get_layout(
    conn: Connection, layout_id: uuid.UUID, *, for_update: bool = False
) -> Layout | None:
    cursor = await conn.execute(
        "SELECT "
        + _COLUMNS
        + _LIVE
        + " AND l.id = %s"
        + (" FOR UPDATE OF l" if for_update else ""),
        [layout_id],
    )
    row = await cursor.fetchone()
    return _layout(row) if row else None


async def default_layout(conn: Connection) -> Layout | None:
    cursor = await conn.execute("SELECT " + _COLUMNS + _LIVE + " AND l.group_id IS NULL")
    row = await cursor.fetchone()
    return _layout(row) if row else None


async def group_layouts(conn: Connection, group_ids: list[uuid.UUID]) -> list[GroupLayout]:
    """The layouts of those of `group_ids` that are live and have one, with their rank."""
    if not group_ids:
        return []
    cursor = await conn.execute(
        "SELECT " + _COLUMNS + ", g.priority, g.name AS group_name FROM card_layout l"
        " JOIN contact_group g ON g.id = l.group_id AND g.deleted_at IS NULL"
        " WHERE l.group_id = ANY(%s)",
        [group_ids],
    )
    return [
        GroupLayout(row["priority"], row["group_name"], row["group_id"], _layout(row))
        for row in await cursor.fetchall()
    ]


async def insert_layout(
    conn: Connection,
    name: str,
    group_id: uuid.UUID | None,
    blocks: tuple[Block, ...],
    required_fields: tuple[str, ...],
) -> Layout | None:
    """The new layout, or None when its group (or the default slot) already has one."""
    cursor = await conn.execute(
        "INSERT INTO card_layout AS l (id, name, group_id, blocks, required_fields)"
        " VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING " + _COLUMNS,
        [uuid.uuid4(), name, group_id, Jsonb(_blocks_json(blocks)), list(required_fields)],
    )
    row = await cursor.fetchone()
    return _layout(row) if row else None


async def update_layout(conn: Connection, layout_id: uuid.UUID, values: dict[str, Any]) -> bool:
    """Set the given columns; False when the new group (or default slot) has a layout."""
    params = {column: _param(column, value) for column, value in values.items()}
    return await update_columns(conn, "card_layout", layout_id, params)


async def delete_layout(conn: Connection, layout_id: uuid.UUID) -> None:
    await conn.execute("DELETE FROM card_layout WHERE id = %s", [layout_id])


async def live_contact_group_ids(conn: Connection, contact_id: uuid.UUID) -> list[uuid.UUID] | None:
    """The live groups a live contact is directly in, or None when there is no such contact."""
    cursor = await conn.execute(
        "SELECT c.id AS contact_id, m.group_id FROM contact c"
        " LEFT JOIN (group_membership m JOIN contact_group g"
        "  ON g.id = m.group_id AND g.deleted_at IS NULL) ON m.contact_id = c.id"
        " WHERE c.id = %s AND c.deleted_at IS NULL",
        [contact_id],
    )
    rows = await cursor.fetchall()
    if not rows:
        return None
    return [row["group_id"] for row in rows if row["group_id"] is not None]


async def live_group_ids_of(
    conn: Connection, contact_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    """The live groups each of `contact_ids` is directly in (a card in none is left out)."""
    cursor = await conn.execute(
        "SELECT m.contact_id, m.group_id FROM group_membership m"
        " JOIN contact_group g ON g.id = m.group_id AND g.deleted_at IS NULL"
        " WHERE m.contact_id = ANY(%s)",
        [list(contact_ids)],
    )
    found: dict[uuid.UUID, list[uuid.UUID]] = {}
    for row in await cursor.fetchall():
        found.setdefault(row["contact_id"], []).append(row["group_id"])
    return found


def _param(column: str, value: Any) -> Any:
    if column == "blocks":
        return Jsonb(_blocks_json(value))
    if column == "required_fields":
        return list(value)
    return value


def _blocks_json(blocks: tuple[Block, ...]) -> list[dict[str, Any]]:
    return [
        {
            "block": block.kind.value,
            "order": block.order,
            "visible": block.visible,
            "title": block.title,
            "fields": list(block.fields),
        }
        for block in blocks
    ]


def _layout(row: dict[str, Any]) -> Layout:
    return Layout(
        id=row["id"],
        name=row["name"],
        group_id=row["group_id"],
        blocks=tuple(
            Block(
                BlockKind(item["block"]),
                int(item.get("order", 0)),
                bool(item.get("visible", True)),
                str(item.get("title", "")),
                tuple(item.get("fields", ())),
            )
            for item in row["blocks"]
        ),
        required_fields=tuple(row["required_fields"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )
