"""Rules as segmentation stores them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kartoteka_platform.db import Connection
from psycopg.types.json import Jsonb

_COLUMNS = (
    "id, name, kind, group_id, filter, fields, referenced_groups, time_relative, state,"
    " paused_reason, version, created_at, created_by, updated_at, updated_by, last_run_at,"
    " last_added, last_removed"
)


@dataclass(frozen=True)
class RuleRow:
    id: uuid.UUID
    name: str
    kind: str
    group_id: uuid.UUID
    filter: Any
    fields: list[str]
    referenced_groups: list[uuid.UUID]
    time_relative: bool
    state: str
    paused_reason: str | None
    version: int
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str
    last_run_at: datetime | None
    last_added: int | None
    last_removed: int | None

    @property
    def active(self) -> bool:
        return self.state == "active"


async def list_rules(conn: Connection, *, active_only: bool = False) -> list[RuleRow]:
    query = "SELECT " + _COLUMNS + " FROM rule WHERE deleted_at IS NULL"
    if active_only:
        query += " AND state = 'active'"
    cursor = await conn.execute(query + " ORDER BY name, id")
    return [RuleRow(**row) for row in await cursor.fetchall()]


async def get_rule(
    conn: Connection, rule_id: uuid.UUID, *, for_update: bool = False
) -> RuleRow | None:
    query = "SELECT " + _COLUMNS + " FROM rule WHERE id = %s AND deleted_at IS NULL"
    cursor = await conn.execute(query + (" FOR UPDATE" if for_update else ""), [rule_id])
    row = await cursor.fetchone()
    return RuleRow(**row) if row else None


async def filter_rule_of_group(conn: Connection, group_id: uuid.UUID) -> uuid.UUID | None:
    cursor = await conn.execute(
        "SELECT id FROM rule WHERE group_id = %s AND kind = 'filter' AND deleted_at IS NULL",
        [group_id],
    )
    row = await cursor.fetchone()
    return row["id"] if row else None


async def insert_rule(
    conn: Connection,
    rule_id: uuid.UUID,
    name: str,
    group_id: uuid.UUID,
    filter_node: Any,
    fields: list[str],
    groups: list[uuid.UUID],
    time_relative: bool,
    actor: str,
) -> RuleRow:
    cursor = await conn.execute(
        "INSERT INTO rule (id, name, kind, group_id, filter, fields, referenced_groups,"
        " time_relative, created_by, updated_by)"
        " VALUES (%s, %s, 'filter', %s, %s, %s, %s, %s, %s, %s) RETURNING " + _COLUMNS,
        [rule_id, name, group_id, Jsonb(filter_node), fields, groups, time_relative, actor, actor],
    )
    row = await cursor.fetchone()
    assert row is not None
    return RuleRow(**row)


async def update_rule(
    conn: Connection,
    rule_id: uuid.UUID,
    name: str,
    filter_node: Any,
    fields: list[str],
    groups: list[uuid.UUID],
    time_relative: bool,
    actor: str,
) -> None:
    await conn.execute(
        "UPDATE rule SET name = %s, filter = %s, fields = %s, referenced_groups = %s,"
        " time_relative = %s, updated_by = %s, updated_at = now(), version = version + 1"
        " WHERE id = %s",
        [name, Jsonb(filter_node), fields, groups, time_relative, actor, rule_id],
    )


async def set_state(
    conn: Connection, rule_id: uuid.UUID, state: str, reason: str | None, actor: str
) -> None:
    await conn.execute(
        "UPDATE rule SET state = %s, paused_reason = %s, updated_by = %s, updated_at = now()"
        " WHERE id = %s",
        [state, reason, actor, rule_id],
    )


async def mark_deleted(conn: Connection, rule_id: uuid.UUID, actor: str) -> None:
    await conn.execute(
        "UPDATE rule SET deleted_at = now(), updated_by = %s WHERE id = %s", [actor, rule_id]
    )


async def record_run(conn: Connection, rule_id: uuid.UUID, added: int, removed: int) -> None:
    await conn.execute(
        "UPDATE rule SET last_run_at = now(), last_added = %s, last_removed = %s WHERE id = %s",
        [added, removed, rule_id],
    )
