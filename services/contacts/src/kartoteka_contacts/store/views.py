"""Saved views."""

from __future__ import annotations

import uuid
from typing import Any

from kartoteka_platform.db import Connection
from psycopg.types.json import Jsonb

from kartoteka_contacts.domain.views import SavedView, SortField
from kartoteka_contacts.store.updates import update_columns

_COLUMNS = "id, owner_id, shared, name, filter, columns, sort, created_at, updated_at"


async def list_visible(conn: Connection, actor_id: str) -> list[SavedView]:
    """The actor's own views and every shared one, by name."""
    cursor = await conn.execute(
        "SELECT " + _COLUMNS + " FROM saved_view WHERE owner_id = %s"
        " UNION SELECT " + _COLUMNS + " FROM saved_view WHERE shared"
        " ORDER BY name, id",
        [actor_id],
    )
    return [_view(row) for row in await cursor.fetchall()]


async def get_view(
    conn: Connection, view_id: uuid.UUID, *, for_update: bool = False
) -> SavedView | None:
    cursor = await conn.execute(
        "SELECT "
        + _COLUMNS
        + " FROM saved_view WHERE id = %s"
        + (" FOR UPDATE" if for_update else ""),
        [view_id],
    )
    row = await cursor.fetchone()
    return _view(row) if row else None


async def insert_view(
    conn: Connection,
    owner_id: str,
    *,
    shared: bool,
    name: str,
    filter_json: dict[str, Any],
    columns: tuple[str, ...],
    sort: tuple[SortField, ...],
) -> SavedView | None:
    """The new view, or None when the owner already has a view of that name."""
    cursor = await conn.execute(
        "INSERT INTO saved_view (id, owner_id, shared, name, filter, columns, sort)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING " + _COLUMNS,
        [
            uuid.uuid4(),
            owner_id,
            shared,
            name,
            Jsonb(filter_json),
            Jsonb(list(columns)),
            Jsonb(_sort_json(sort)),
        ],
    )
    row = await cursor.fetchone()
    return _view(row) if row else None


async def update_view(conn: Connection, view_id: uuid.UUID, values: dict[str, Any]) -> bool:
    """Set the given columns; False when the new name is taken by another view of the owner."""
    params = {column: _param(column, value) for column, value in values.items()}
    return await update_columns(conn, "saved_view", view_id, params)


async def delete_view(conn: Connection, view_id: uuid.UUID) -> None:
    await conn.execute("DELETE FROM saved_view WHERE id = %s", [view_id])


def _param(column: str, value: Any) -> Any:
    if column == "sort":
        return Jsonb(_sort_json(value))
    if column == "columns":
        return Jsonb(list(value))
    if column == "filter":
        return Jsonb(value)
    return value


def _sort_json(sort: tuple[SortField, ...]) -> list[dict[str, Any]]:
    return [{"field": key.field, "descending": key.descending} for key in sort]


def _view(row: dict[str, Any]) -> SavedView:
    return SavedView(
        id=row["id"],
        owner_id=row["owner_id"],
        shared=row["shared"],
        name=row["name"],
        filter=row["filter"],
        columns=tuple(row["columns"]),
        sort=tuple(SortField(s["field"], bool(s.get("descending"))) for s in row["sort"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )
