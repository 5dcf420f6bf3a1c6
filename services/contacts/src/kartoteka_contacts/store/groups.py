"""The group tree, memberships and exclusions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kartoteka_platform.db import Connection
from psycopg import sql
from psycopg.types.json import Jsonb

from kartoteka_contacts.domain.groups import MembershipSource
from kartoteka_contacts.store.history import Actor


@dataclass(frozen=True)
class GroupRow:
    id: uuid.UUID
    parent_id: uuid.UUID | None
    name: str
    path: list[uuid.UUID]
    attributes: dict[str, Any]
    priority: int
    position: int
    created_at: datetime
    member_count: int = 0
    subtree_member_count: int = 0


@dataclass(frozen=True)
class MembershipRow:
    group_id: uuid.UUID
    group_name: str
    source: MembershipSource
    rule_id: str | None
    added_at: datetime
    added_by: str


_GROUP_COLUMNS = "id, parent_id, name, path, attributes, priority, position, created_at"
_SELECT_GROUP = (
    "SELECT " + _GROUP_COLUMNS + " FROM contact_group WHERE id = %s AND deleted_at IS NULL"
)
_INSERT_GROUP = (
    "INSERT INTO contact_group (id, parent_id, name, path, attributes, priority, position,"
    " created_by) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING " + _GROUP_COLUMNS
)


async def list_groups(conn: Connection) -> list[GroupRow]:
    """Every live group, parents before children, with its live member count and the sum of
    the counts of its subtree (a contact in two subgroups counts in each)."""
    cursor = await conn.execute(
        "SELECT g.id, g.parent_id, g.name, g.path, g.attributes, g.priority, g.position,"
        " g.created_at, coalesce(n.members, 0) AS member_count,"
        " (SELECT coalesce(sum(dn.members), 0)::bigint FROM contact_group d"
        "  JOIN group_member_count dn ON dn.group_id = d.id"
        "  WHERE d.path @> ARRAY[g.id] AND d.deleted_at IS NULL) AS subtree_member_count"
        " FROM contact_group g LEFT JOIN group_member_count n ON n.group_id = g.id"
        " WHERE g.deleted_at IS NULL ORDER BY cardinality(g.path), g.position, g.name, g.id"
    )
    return [GroupRow(**row) for row in await cursor.fetchall()]


async def get_group(
    conn: Connection, group_id: uuid.UUID, *, for_update: bool = False
) -> GroupRow | None:
    cursor = await conn.execute(
        "SELECT "
        + _GROUP_COLUMNS
        + " FROM contact_group WHERE id = %s AND deleted_at IS NULL"
        + (" FOR UPDATE" if for_update else ""),
        [group_id],
    )
    row = await cursor.fetchone()
    return GroupRow(**row) if row else None


async def insert_group(
    conn: Connection,
    parent: GroupRow | None,
    name: str,
    attributes: dict[str, Any],
    priority: int,
    position: int,
    actor: str,
) -> GroupRow:
    group_id = uuid.uuid4()
    path = [*(parent.path if parent else []), group_id]
    cursor = await conn.execute(
        "INSERT INTO contact_group (id, parent_id, name, path, attributes, priority, position,"
        " created_by) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING " + _GROUP_COLUMNS,
        [
            group_id,
            parent.id if parent else None,
            name,
            path,
            Jsonb(attributes),
            priority,
            position,
            actor,
        ],
    )
    row = await cursor.fetchone()
    assert row is not None
    return GroupRow(**row)


async def update_group(conn: Connection, group_id: uuid.UUID, values: dict[str, Any]) -> None:
    assignments = sql.SQL(", ").join(
        sql.SQL("{} = {}").format(sql.Identifier(column), sql.Placeholder()) for column in values
    )
    params = [Jsonb(v) if column == "attributes" else v for column, v in values.items()]
    await conn.execute(
        sql.SQL("UPDATE contact_group SET {} WHERE id = %s").format(assignments),
        [*params, group_id],
    )


async def move_subtree(
    conn: Connection, group: GroupRow, new_parent: GroupRow | None, position: int
) -> None:
    """Re-root the group and every descendant: their paths get the new parent's prefix."""
    new_prefix = new_parent.path if new_parent else []
    depth = len(group.path)
    await conn.execute(
        "UPDATE contact_group SET path = %s::uuid[] || path[%s:] WHERE path @> ARRAY[%s]::uuid[]",
        [new_prefix, depth, group.id],
    )
    await conn.execute(
        "UPDATE contact_group SET parent_id = %s, position = %s WHERE id = %s",
        [new_parent.id if new_parent else None, position, group.id],
    )


async def has_children_or_members(conn: Connection, group_id: uuid.UUID) -> bool:
    cursor = await conn.execute(
        "SELECT EXISTS (SELECT 1 FROM contact_group WHERE parent_id = %s AND deleted_at IS NULL)"
        " OR EXISTS (SELECT 1 FROM group_membership WHERE group_id = %s) AS busy",
        [group_id, group_id],
    )
    row = await cursor.fetchone()
    return bool(row and row["busy"])


async def mark_deleted(conn: Connection, group_id: uuid.UUID) -> None:
    await conn.execute("UPDATE contact_group SET deleted_at = now() WHERE id = %s", [group_id])
    await conn.execute("DELETE FROM group_exclusion WHERE group_id = %s", [group_id])


async def existing_group_ids(conn: Connection, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    cursor = await conn.execute(
        "SELECT id FROM contact_group WHERE id = ANY(%s) AND deleted_at IS NULL", [ids]
    )
    return {row["id"] for row in await cursor.fetchall()}


# A membership change is one history row per card ("groups": the group left or joined),
# written by the same statement as the change from the rows it returned: a rule filling a
# group of 300,000 sent their ids back and forth for 2.3 s before (segmentation benchmark).
_HISTORY = (
    "INSERT INTO contact_history (contact_id, actor_kind, actor_id, source, source_ref,"
    " operation, field, old_value, new_value)"
    " SELECT contact_id, %(actor_kind)s, %(actor_id)s, %(source)s, %(source_ref)s, 'update',"
    " 'groups', %(old)s, %(new)s FROM {changed}"
)


def _history_params(
    group: GroupRow, actor: Actor, source_ref: str | None, *, joined: bool
) -> dict[str, Any]:
    value = Jsonb({"group_id": str(group.id), "name": group.name})
    return {
        "actor_kind": actor.kind,
        "actor_id": actor.id,
        "source": actor.source,
        "source_ref": source_ref,
        "old": None if joined else value,
        "new": value if joined else None,
    }


async def add_members(
    conn: Connection,
    group: GroupRow,
    selection: sql.Composable,
    source: MembershipSource,
    rule_id: str | None,
    actor: Actor,
) -> list[uuid.UUID]:
    """Add every selected live contact not yet in the group, set-based, with a history row
    each; returns who was added.

    A rule never adds a contact a person excluded; a person's addition (one by one, in bulk
    or by import) lifts the exclusion.
    """
    respect_exclusions = (
        sql.SQL(
            " AND NOT EXISTS (SELECT 1 FROM group_exclusion x"
            " WHERE x.group_id = %(group_id)s AND x.contact_id = c.id)"
        )
        if source is MembershipSource.RULE
        else sql.SQL("")
    )
    cursor = await conn.execute(
        sql.SQL(
            "WITH added AS ("
            "INSERT INTO group_membership (group_id, contact_id, source, rule_id, added_by)"
            " SELECT %(group_id)s, c.id, %(membership_source)s, %(rule_id)s, %(actor_id)s"
            " FROM contact c WHERE c.deleted_at IS NULL AND ({selection}){exclusions}"
            " ON CONFLICT DO NOTHING RETURNING contact_id),"
            " logged AS ({history})"
            " SELECT contact_id FROM added"
        ).format(
            selection=selection,
            exclusions=respect_exclusions,
            history=sql.SQL(_HISTORY).format(changed=sql.Identifier("added")),
        ),
        {
            "group_id": group.id,
            "membership_source": source.value,
            "rule_id": rule_id,
            # The rule that added them, whoever ran it (a reconcile, an event).
            **_history_params(group, actor, rule_id or actor.source_ref, joined=True),
        },
    )
    added = [row["contact_id"] for row in await cursor.fetchall()]
    if source is not MembershipSource.RULE and added:
        await conn.execute(
            "DELETE FROM group_exclusion WHERE group_id = %s AND contact_id = ANY(%s)",
            [group.id, added],
        )
    return added


async def remove_members(
    conn: Connection,
    group: GroupRow,
    selection: sql.Composable,
    *,
    exclude: bool,
    actor: Actor,
    only_rule_id: str | None = None,
) -> list[uuid.UUID]:
    """Remove the selected contacts, with a history row each; with `exclude`, remember them
    as kept out; with `only_rule_id`, only the memberships that rule created (manual ones
    stay)."""
    owned = (
        sql.SQL(" AND m.source = 'rule' AND m.rule_id = %(only_rule_id)s")
        if only_rule_id
        else sql.SQL("")
    )
    cursor = await conn.execute(
        sql.SQL(
            "WITH removed AS ("
            "DELETE FROM group_membership m USING contact c"
            " WHERE m.group_id = %(group_id)s AND c.id = m.contact_id AND ({selection}){owned}"
            " RETURNING m.contact_id),"
            " logged AS ({history})"
            " SELECT contact_id FROM removed"
        ).format(
            selection=selection,
            owned=owned,
            history=sql.SQL(_HISTORY).format(changed=sql.Identifier("removed")),
        ),
        {
            "group_id": group.id,
            "only_rule_id": only_rule_id,
            **_history_params(group, actor, actor.source_ref, joined=False),
        },
    )
    removed = [row["contact_id"] for row in await cursor.fetchall()]
    if exclude:
        await conn.execute(
            sql.SQL(
                "INSERT INTO group_exclusion (group_id, contact_id, excluded_by)"
                " SELECT %s, c.id, %s FROM contact c WHERE c.deleted_at IS NULL AND ({selection})"
                " ON CONFLICT DO NOTHING"
            ).format(selection=selection),
            [group.id, actor.id],
        )
    return removed


async def memberships_of(conn: Connection, contact_id: uuid.UUID) -> list[MembershipRow]:
    cursor = await conn.execute(
        "SELECT m.group_id, g.name AS group_name, m.source, m.rule_id, m.added_at, m.added_by"
        " FROM group_membership m JOIN contact_group g ON g.id = m.group_id"
        " WHERE m.contact_id = %s AND g.deleted_at IS NULL ORDER BY g.name",
        [contact_id],
    )
    return [
        MembershipRow(
            row["group_id"],
            row["group_name"],
            MembershipSource(row["source"]),
            row["rule_id"],
            row["added_at"],
            row["added_by"],
        )
        for row in await cursor.fetchall()
    ]


def ids_selection(ids: list[uuid.UUID]) -> sql.Composable:
    return sql.SQL("c.id = ANY({})").format(sql.Literal(ids))


async def rule_preview(
    conn: Connection, group_id: uuid.UUID, rule_id: str, match: sql.Composable, sample: int
) -> dict[str, Any]:
    """Counts and samples of who a rule would add and remove now."""
    cursor = await conn.execute(
        sql.SQL(
            "WITH joiners AS (SELECT c.id FROM contact c WHERE c.deleted_at IS NULL AND ({match})"
            "  AND NOT EXISTS (SELECT 1 FROM group_membership m"
            "   WHERE m.group_id = {group} AND m.contact_id = c.id)"
            "  AND NOT EXISTS (SELECT 1 FROM group_exclusion x"
            "   WHERE x.group_id = {group} AND x.contact_id = c.id)),"
            " leavers AS (SELECT c.id FROM group_membership m JOIN contact c ON c.id = m.contact_id"
            "  WHERE m.group_id = {group} AND m.source = 'rule' AND m.rule_id = {rule}"
            "  AND c.deleted_at IS NULL AND NOT coalesce(({match}), false)),"
            " members AS (SELECT count(*) AS n FROM group_membership m JOIN contact c"
            "  ON c.id = m.contact_id AND c.deleted_at IS NULL WHERE m.group_id = {group})"
            " SELECT (SELECT count(*) FROM joiners) AS would_join,"
            " (SELECT count(*) FROM leavers) AS would_leave,"
            " (SELECT n FROM members) AS members_now,"
            " ARRAY(SELECT id FROM joiners ORDER BY id LIMIT {sample}) AS join_sample,"
            " ARRAY(SELECT id FROM leavers ORDER BY id LIMIT {sample}) AS leave_sample"
        ).format(
            match=match,
            group=sql.Literal(group_id),
            rule=sql.Literal(rule_id),
            sample=sql.Literal(sample),
        )
    )
    row = await cursor.fetchone()
    assert row is not None
    return dict(row)
