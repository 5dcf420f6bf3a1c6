"""Rules as segmentation stores them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kartoteka_platform.db import Connection
from psycopg.types.json import Jsonb

from kartoteka_segmentation.domain.event_rules import EventRuleSpec

_COLUMNS = (
    "id, name, kind, group_id, filter, fields, referenced_groups, time_relative, state,"
    " paused_reason, version, created_at, created_by, updated_at, updated_by, last_run_at,"
    " last_added, last_removed, event_type, event_condition, contact_filter, occurrence, action"
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
    event_type: str | None
    event_condition: Any
    contact_filter: Any
    occurrence: str | None
    action: str | None

    @property
    def active(self) -> bool:
        return self.state == "active"


async def list_rules(
    conn: Connection, *, active_only: bool = False, kind: str | None = None
) -> list[RuleRow]:
    query = "SELECT " + _COLUMNS + " FROM rule WHERE deleted_at IS NULL"
    if active_only:
        query += " AND state = 'active'"
    if kind is not None:
        query += " AND kind = %(kind)s"
    cursor = await conn.execute(query + " ORDER BY name, id", {"kind": kind})
    return [RuleRow(**row) for row in await cursor.fetchall()]


async def active_event_rules(conn: Connection, event_types: list[str]) -> list[RuleRow]:
    """Active event rules reacting to these event types, oldest first (their firing order)."""
    cursor = await conn.execute(
        "SELECT " + _COLUMNS + " FROM rule WHERE kind = 'event' AND state = 'active'"
        " AND deleted_at IS NULL AND event_type = ANY(%s) ORDER BY created_at, id",
        [event_types],
    )
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


async def insert_event_rule(
    conn: Connection,
    rule_id: uuid.UUID,
    name: str,
    group_id: uuid.UUID,
    spec: EventRuleSpec,
    actor: str,
) -> RuleRow:
    cursor = await conn.execute(
        "INSERT INTO rule (id, name, kind, group_id, event_type, event_condition, contact_filter,"
        " occurrence, action, created_by, updated_by)"
        " VALUES (%s, %s, 'event', %s, %s, %s, %s, %s, %s, %s, %s) RETURNING " + _COLUMNS,
        [rule_id, name, group_id, *_event_values(spec), actor, actor],
    )
    row = await cursor.fetchone()
    assert row is not None
    return RuleRow(**row)


async def update_event_rule(
    conn: Connection, rule_id: uuid.UUID, name: str, spec: EventRuleSpec, actor: str
) -> None:
    await conn.execute(
        "UPDATE rule SET name = %s, event_type = %s, event_condition = %s, contact_filter = %s,"
        " occurrence = %s, action = %s, updated_by = %s, updated_at = now(),"
        " version = version + 1 WHERE id = %s",
        [name, *_event_values(spec), actor, rule_id],
    )


def _event_values(spec: EventRuleSpec) -> list[Any]:
    return [
        spec.event_type,
        None if spec.condition is None else Jsonb(spec.condition),
        None if spec.contact_filter is None else Jsonb(spec.contact_filter),
        spec.occurrence,
        spec.action,
    ]


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
