"""Custom field definitions and the activity-type dictionary."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from kartoteka_platform.db import Connection
from psycopg.types.json import Jsonb

from kartoteka_contacts.domain.custom_fields import FieldDefinition, FieldOption, FieldType

_COLUMNS = (
    "key, label, type, options, help_text, required, is_unique, filterable, show_on_card,"
    " show_in_list, show_in_portal, show_in_processes, show_on_create, position, settings"
)

_INSERT = "INSERT INTO custom_field (" + _COLUMNS + ") VALUES (" + ", ".join(["%s"] * 15) + ")"


async def definitions(conn: Connection) -> dict[str, FieldDefinition]:
    """Every live definition by key, in display order."""
    cursor = await conn.execute(
        "SELECT " + _COLUMNS + " FROM custom_field WHERE deleted_at IS NULL ORDER BY position, key"
    )
    return {row["key"]: _definition(row) for row in await cursor.fetchall()}


async def get_definition(
    conn: Connection, key: str, *, for_update: bool = False
) -> FieldDefinition | None:
    query = "SELECT " + _COLUMNS + " FROM custom_field WHERE key = %s AND deleted_at IS NULL"
    cursor = await conn.execute(query + (" FOR UPDATE" if for_update else ""), [key])
    row = await cursor.fetchone()
    return _definition(row) if row else None


async def key_ever_used(conn: Connection, key: str) -> bool:
    """Deleted keys stay reserved: old history rows and exports still name them."""
    cursor = await conn.execute("SELECT 1 FROM custom_field WHERE key = %s", [key])
    return await cursor.fetchone() is not None


async def insert_definition(conn: Connection, definition: FieldDefinition) -> None:
    await conn.execute(_INSERT, _params(definition))


async def update_definition(conn: Connection, definition: FieldDefinition) -> None:
    columns = [c.strip() for c in _COLUMNS.split(",")][1:]
    await conn.execute(
        "UPDATE custom_field SET "
        + ", ".join(f"{column} = %s" for column in columns)
        + ", updated_at = now() WHERE key = %s",
        [*_params(definition)[1:], definition.key],
    )


async def mark_deleted(conn: Connection, key: str) -> None:
    await conn.execute(
        "UPDATE custom_field SET deleted_at = now(), updated_at = now() WHERE key = %s", [key]
    )


async def set_index_state(conn: Connection, key: str, state: str, error: str | None = None) -> None:
    await conn.execute(
        "UPDATE custom_field SET index_state = %s, index_error = %s WHERE key = %s",
        [state, error, key],
    )


async def index_states(conn: Connection) -> dict[str, tuple[str, str | None]]:
    cursor = await conn.execute(
        "SELECT key, index_state, index_error FROM custom_field WHERE deleted_at IS NULL"
    )
    return {row["key"]: (row["index_state"], row["index_error"]) for row in await cursor.fetchall()}


async def activity_exists(conn: Connection, activity_id: uuid.UUID) -> bool:
    return activity_id in await existing_activities(conn, [activity_id])


async def existing_activities(
    conn: Connection, activity_ids: Iterable[uuid.UUID]
) -> set[uuid.UUID]:
    cursor = await conn.execute(
        "SELECT id FROM activity_type WHERE id = ANY(%s)", [list(activity_ids)]
    )
    return {row["id"] for row in await cursor.fetchall()}


def _params(definition: FieldDefinition) -> list[object]:
    return [
        definition.key,
        definition.label,
        definition.type.value,
        Jsonb([{"value": o.value, "label": o.label} for o in definition.options]),
        definition.help_text,
        definition.required,
        definition.unique,
        definition.filterable,
        definition.show_on_card,
        definition.show_in_list,
        definition.show_in_portal,
        definition.show_in_processes,
        definition.show_on_create,
        definition.position,
        Jsonb(dict(definition.settings)),
    ]


def _definition(row: dict[str, Any]) -> FieldDefinition:
    return FieldDefinition(
        key=row["key"],
        label=row["label"],
        type=FieldType(row["type"]),
        options=tuple(FieldOption(o["value"], o["label"]) for o in row["options"]),
        help_text=row["help_text"],
        required=row["required"],
        unique=row["is_unique"],
        filterable=row["filterable"],
        show_on_card=row["show_on_card"],
        show_in_list=row["show_in_list"],
        show_in_portal=row["show_in_portal"],
        show_in_processes=row["show_in_processes"],
        show_on_create=row["show_on_create"],
        position=row["position"],
        settings=row["settings"],
    )


async def stored_values(conn: Connection, key: str) -> list[tuple[uuid.UUID, Any]]:
    """Every card's value of one field, deleted cards included (restore must not bring back
    a value the new definition cannot hold)."""
    cursor = await conn.execute(
        "SELECT id, custom -> %s AS value FROM contact WHERE custom ? %s", [key, key]
    )
    return [(row["id"], row["value"]) for row in await cursor.fetchall()]


async def write_values(
    conn: Connection, key: str, changes: list[tuple[uuid.UUID, Any]], actor: str
) -> None:
    """Set (or, for None, remove) one field's value on many cards in one statement."""
    if not changes:
        return
    await conn.execute(
        "UPDATE contact c SET custom = CASE WHEN v.value IS NULL THEN c.custom - %s"
        " ELSE jsonb_set(c.custom, ARRAY[%s], v.value) END,"
        " version = c.version + 1, updated_at = now(), updated_by = %s"
        " FROM unnest(%s::uuid[], %s::jsonb[]) AS v(id, value) WHERE c.id = v.id",
        [
            key,
            key,
            actor,
            [i for i, _ in changes],
            [None if value is None else Jsonb(value) for _, value in changes],
        ],
    )
