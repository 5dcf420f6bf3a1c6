"""Use cases on the group tree and its memberships."""

from __future__ import annotations

import uuid
from typing import Any

from kartoteka_platform.db import Connection
from kartoteka_platform.errors import Conflict, InvalidInput, NotFound
from psycopg import sql

from kartoteka_contacts.domain.groups import (
    MembershipSource,
    check_move,
    parse_attributes,
    validate_name,
)
from kartoteka_contacts.events import outgoing
from kartoteka_contacts.service.selection import Selection, selection_sql
from kartoteka_contacts.store import groups as store
from kartoteka_contacts.store.groups import GroupRow, MembershipRow
from kartoteka_contacts.store.history import Actor


async def list_groups(conn: Connection) -> list[GroupRow]:
    return await store.list_groups(conn)


async def create_group(
    conn: Connection,
    parent_id: uuid.UUID | None,
    name: str,
    attributes_json: str,
    priority: int,
    position: int,
    actor: Actor,
) -> GroupRow:
    parent = await get_group(conn, parent_id, "parent_id") if parent_id else None
    return await store.insert_group(
        conn,
        parent,
        validate_name(name),
        parse_attributes(attributes_json),
        priority,
        position,
        actor.id,
    )


async def update_group(conn: Connection, group_id: uuid.UUID, changes: dict[str, Any]) -> GroupRow:
    await get_group(conn, group_id, "id", for_update=True)
    values: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "name":
            values["name"] = validate_name(value)
        elif name == "attributes_json":
            values["attributes"] = parse_attributes(value)
        elif name in ("priority", "position"):
            values[name] = int(value)
        else:
            raise InvalidInput("unknown_field", f"{name!r} cannot be changed", field="fields")
    if values:
        await store.update_group(conn, group_id, values)
    return await get_group(conn, group_id, "id")


async def move_group(
    conn: Connection, group_id: uuid.UUID, new_parent_id: uuid.UUID | None, position: int
) -> GroupRow:
    group = await get_group(conn, group_id, "id", for_update=True)
    new_parent = await get_group(conn, new_parent_id, "new_parent_id") if new_parent_id else None
    check_move(group_id, new_parent.path if new_parent else None)
    await store.move_subtree(conn, group, new_parent, position)
    return await get_group(conn, group_id, "id")


async def delete_group(conn: Connection, group_id: uuid.UUID) -> None:
    await get_group(conn, group_id, "id", for_update=True)
    if await store.has_children_or_members(conn, group_id):
        raise Conflict(
            "group_not_empty", "move or remove its subgroups and members first", field="id"
        )
    await store.mark_deleted(conn, group_id)


async def add_members(
    conn: Connection,
    group_id: uuid.UUID,
    selection: Selection,
    source: MembershipSource,
    rule_id: str | None,
    actor: Actor,
) -> int:
    """Add the selected contacts (set-based), with history rows and batched events."""
    group = await get_group(conn, group_id, "group_id")
    if source is MembershipSource.RULE and not rule_id:
        raise InvalidInput("rule_required", "rule memberships name their rule", field="rule_id")
    return len(
        await add_where(conn, group, await selection_sql(conn, selection), source, rule_id, actor)
    )


async def add_where(
    conn: Connection,
    group: GroupRow,
    where: sql.Composable,
    source: MembershipSource,
    rule_id: str | None,
    actor: Actor,
) -> list[uuid.UUID]:
    """Add the contacts `where` selects; returns who joined (history and events written)."""
    added = await store.add_members(conn, group, where, source, rule_id, actor)
    if added:
        await outgoing.group_members_added(conn, group.id, added, source, rule_id, actor.id)
    return added


async def remove_members(
    conn: Connection, group_id: uuid.UUID, selection: Selection, *, exclude: bool, actor: Actor
) -> int:
    group = await get_group(conn, group_id, "group_id")
    where = await selection_sql(conn, selection)
    return len(await remove_where(conn, group, where, exclude=exclude, actor=actor))


async def remove_where(
    conn: Connection,
    group: GroupRow,
    where: sql.Composable,
    *,
    exclude: bool,
    actor: Actor,
    only_rule_id: str | None = None,
) -> list[uuid.UUID]:
    """Remove the members `where` selects; returns who left (history and events written)."""
    removed = await store.remove_members(
        conn, group, where, exclude=exclude, actor=actor, only_rule_id=only_rule_id
    )
    if removed:
        await outgoing.group_members_removed(
            conn, group.id, removed, excluded=exclude, actor=actor.id
        )
    return removed


async def contact_groups(conn: Connection, contact_id: uuid.UUID) -> list[MembershipRow]:
    return await store.memberships_of(conn, contact_id)


async def get_group(
    conn: Connection, group_id: uuid.UUID | None, field: str, *, for_update: bool = False
) -> GroupRow:
    group = await store.get_group(conn, group_id, for_update=for_update) if group_id else None
    if group is None:
        raise NotFound("group_not_found", f"no group {group_id}", field=field)
    return group
