"""Set-based bulk changes of a batch of cards, with their history and undo records.

Each statement updates the cards, writes one history row per changed card and records on the
job's items what was replaced, all in one round trip: a batch of 5,000 cards costs a few
statements, not 5,000 (bench/bulk_jobs.py).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kartoteka_platform.db import Connection
from psycopg import sql
from psycopg.types.json import Jsonb

from kartoteka_contacts.store.history import Actor


@dataclass(frozen=True)
class ChangedCard:
    id: uuid.UUID
    version: int
    updated_at: datetime


# Standard columns a bulk job may set, with the SQL type their value is cast to.
STANDARD_COLUMNS = {
    "region": "text",
    "source": "text",
    "description": "text",
    "manager_id": "text",
    "activity_id": "uuid",
}


async def freeze_selection(
    conn: Connection, job_id: uuid.UUID, where: sql.Composable, *, deleted: bool
) -> int:
    """Record which cards the job will touch, now: later matches are not part of it."""
    cursor = await conn.execute(
        sql.SQL(
            "INSERT INTO contact_job_item (job_id, contact_id)"
            " SELECT %s, c.id FROM contact c WHERE c.deleted_at IS {} NULL AND ({})"
        ).format(sql.SQL("NOT" if deleted else ""), where),
        [job_id],
    )
    return cursor.rowcount


async def next_batch(
    conn: Connection, job_id: uuid.UUID, after: uuid.UUID | None, limit: int
) -> list[uuid.UUID]:
    """The job's next cards in id order, after the last batch that committed."""
    cursor = await conn.execute(
        "SELECT contact_id FROM contact_job_item WHERE job_id = %s AND contact_id > %s"
        " ORDER BY contact_id LIMIT %s",
        [job_id, after or uuid.UUID(int=0), limit],
    )
    return [row["contact_id"] for row in await cursor.fetchall()]


@dataclass(frozen=True)
class FieldTarget:
    """How to read, compare and write one field (a standard column or a custom value)."""

    name: str
    old: sql.Composable
    assignment: sql.Composable
    differs: sql.Composable
    params: dict[str, Any]


def column_target(column: str, value: object) -> FieldTarget:
    """A standard column; `value` is what a forward change sets (ignored by a revert)."""
    cast = sql.SQL(STANDARD_COLUMNS[column])
    col = sql.Identifier(column)
    return FieldTarget(
        name=column,
        old=sql.SQL("to_jsonb(c.{})").format(col),
        assignment=sql.SQL("{} = (t.new #>> '{{}}')::{}").format(col, cast),
        differs=sql.SQL("c.{} IS DISTINCT FROM %(value)s::{}").format(col, cast),
        params={"value": value, "new": Jsonb(value) if value is not None else None},
    )


def custom_target(key: str, value: object) -> FieldTarget:
    """A custom value in `contact.custom`; None clears it."""
    stored = Jsonb(value) if value is not None else None
    return FieldTarget(
        name=f"custom.{key}",
        old=sql.SQL("c.custom -> %(key)s"),
        assignment=sql.SQL(
            "custom = CASE WHEN t.new IS NULL THEN c.custom - %(key)s"
            " ELSE jsonb_set(c.custom, ARRAY[%(key)s], t.new) END"
        ),
        differs=sql.SQL("(c.custom -> %(key)s) IS DISTINCT FROM %(value)s::jsonb"),
        params={"key": key, "value": stored, "new": stored},
    )


async def set_field(
    conn: Connection, job_id: uuid.UUID, ids: list[uuid.UUID], target: FieldTarget, actor: Actor
) -> list[ChangedCard]:
    """Set the field on the live cards of `ids` where it differs; history and undo records."""
    source = sql.SQL(
        "SELECT c.id, {old} AS old, %(new)s::jsonb AS new FROM contact c"
        " WHERE c.id = ANY(%(ids)s) AND c.deleted_at IS NULL AND {differs}"
    ).format(old=target.old, differs=target.differs)
    return await _change(conn, job_id, ids, actor, target, source, {})


async def revert_field(
    conn: Connection,
    job_id: uuid.UUID,
    reverts: uuid.UUID,
    ids: list[uuid.UUID],
    target: FieldTarget,
    actor: Actor,
) -> list[ChangedCard]:
    """Write back what job `reverts` replaced, on cards nobody changed since it did."""
    source = sql.SQL(
        "SELECT c.id, {old} AS old, nullif(i.before -> %(field)s, 'null'::jsonb) AS new"
        " FROM contact c JOIN contact_job_item i ON i.contact_id = c.id"
        " AND i.job_id = %(reverts)s AND i.outcome = 'updated' AND i.version_after = c.version"
        " WHERE c.id = ANY(%(ids)s) AND c.deleted_at IS NULL"
    ).format(old=target.old)
    changed = await _change(conn, job_id, ids, actor, target, source, {"reverts": reverts})
    await mark_items(conn, reverts, [card.id for card in changed], "reverted")
    return changed


async def _change(
    conn: Connection,
    job_id: uuid.UUID,
    ids: list[uuid.UUID],
    actor: Actor,
    target: FieldTarget,
    source: sql.Composable,
    params: dict[str, Any],
) -> list[ChangedCard]:
    query = sql.SQL(
        "WITH t AS ({source} ORDER BY c.id FOR UPDATE OF c"
        "), changed AS ("
        "  UPDATE contact c SET {assignment}, version = c.version + 1, updated_at = now(),"
        "  updated_by = %(actor)s FROM t WHERE c.id = t.id"
        "  RETURNING c.id, t.old, t.new, c.version, c.updated_at"
        "), history AS ("
        "  INSERT INTO contact_history (contact_id, actor_kind, actor_id, source, source_ref,"
        "  operation, field, old_value, new_value)"
        "  SELECT id, %(actor_kind)s, %(actor)s, %(source)s, %(job)s, 'update', %(field)s,"
        "  old, new FROM changed"
        "), items AS ("
        "  UPDATE contact_job_item i SET outcome = 'updated', version_after = ch.version,"
        "  before = jsonb_build_object(%(field)s, ch.old)"
        "  FROM changed ch WHERE i.job_id = %(job_id)s AND i.contact_id = ch.id"
        ") SELECT id, version, updated_at FROM changed ORDER BY id"
    ).format(source=source, assignment=target.assignment)
    cursor = await conn.execute(
        query,
        {
            **target.params,
            **params,
            "ids": ids,
            "actor": actor.id,
            "actor_kind": actor.kind,
            "source": actor.source,
            "job": str(job_id),
            "job_id": job_id,
            "field": target.name,
        },
    )
    changed = [ChangedCard(**row) for row in await cursor.fetchall()]
    await mark_rest(conn, job_id, ids, "unchanged")
    return changed


async def set_deleted(
    conn: Connection,
    job_id: uuid.UUID,
    ids: list[uuid.UUID],
    actor: Actor,
    *,
    deleted: bool,
    reverts: uuid.UUID | None = None,
) -> list[ChangedCard]:
    """Move the cards of `ids` to the bin (or back); a restore skips cards whose emails or
    phones another live card holds now, as restoring one card at a time does. With
    `reverts`, only cards job `reverts` changed and nobody changed since."""
    unchanged_since = (
        sql.SQL(
            " AND EXISTS (SELECT 1 FROM contact_job_item i WHERE i.job_id = %(reverts)s"
            " AND i.contact_id = c.id AND i.outcome = 'updated' AND i.version_after = c.version)"
        )
        if reverts
        else sql.SQL("")
    )
    conflict_free = sql.SQL(
        ""
        if deleted
        else " AND NOT EXISTS (SELECT 1 FROM contact_identity i WHERE"
        " (i.kind = 'email' AND i.value IN"
        "   (SELECT e ->> 'address' FROM jsonb_array_elements(c.emails) e))"
        " OR (i.kind = 'phone' AND i.value IN"
        "   (SELECT p ->> 'number' FROM jsonb_array_elements(c.phones) p)))"
    )
    query = sql.SQL(
        "WITH target AS ("
        "  SELECT c.id FROM contact c WHERE c.id = ANY(%(ids)s)"
        "  AND c.deleted_at IS {live} NULL{conflict_free}{unchanged_since}"
        "  ORDER BY c.id FOR UPDATE OF c"
        "), changed AS ("
        "  UPDATE contact c SET deleted_at = CASE WHEN %(deleted)s THEN now() END,"
        "  deleted_by = CASE WHEN %(deleted)s THEN %(actor)s END, updated_at = now(),"
        "  updated_by = %(actor)s, version = c.version + 1 FROM target t WHERE c.id = t.id"
        "  RETURNING c.id, c.version, c.updated_at"
        "), history AS ("
        "  INSERT INTO contact_history (contact_id, actor_kind, actor_id, source, source_ref,"
        "  operation, field, old_value, new_value)"
        "  SELECT id, %(actor_kind)s, %(actor)s, %(source)s, %(job)s, %(operation)s, 'deleted',"
        "  to_jsonb(NOT %(deleted)s), to_jsonb(%(deleted)s) FROM changed"
        "), items AS ("
        "  UPDATE contact_job_item i SET outcome = 'updated', version_after = ch.version,"
        "  before = jsonb_build_object('deleted', NOT %(deleted)s)"
        "  FROM changed ch WHERE i.job_id = %(job_id)s AND i.contact_id = ch.id"
        ") SELECT id, version, updated_at FROM changed ORDER BY id"
    ).format(
        live=sql.SQL("" if deleted else "NOT"),
        conflict_free=conflict_free,
        unchanged_since=unchanged_since,
    )
    cursor = await conn.execute(
        query,
        {
            "ids": ids,
            "deleted": deleted,
            "actor": actor.id,
            "actor_kind": actor.kind,
            "source": actor.source,
            "job": str(job_id),
            "job_id": job_id,
            "operation": "delete" if deleted else "restore",
            "reverts": reverts,
        },
    )
    changed = [ChangedCard(**row) for row in await cursor.fetchall()]
    changed_ids = [card.id for card in changed]
    if changed_ids:
        await _after_bin_move(conn, changed_ids, deleted=deleted)
        if reverts:
            await mark_items(conn, reverts, changed_ids, "reverted")
    await mark_rest(conn, job_id, ids, "unchanged" if deleted and not reverts else "skipped")
    return changed


async def _after_bin_move(conn: Connection, ids: list[uuid.UUID], *, deleted: bool) -> None:
    """Group counts are of live cards, and only live cards hold their emails and phones."""
    await conn.execute(
        "UPDATE group_member_count g SET members = g.members + s.n * %s"
        " FROM (SELECT group_id, count(*) AS n FROM group_membership"
        "       WHERE contact_id = ANY(%s) GROUP BY group_id) s WHERE g.group_id = s.group_id",
        [-1 if deleted else 1, ids],
    )
    if deleted:
        await conn.execute("DELETE FROM contact_identity WHERE contact_id = ANY(%s)", [ids])
        return
    await conn.execute(
        "INSERT INTO contact_identity (kind, value, contact_id)"
        " SELECT 'email', e ->> 'address', c.id FROM contact c, jsonb_array_elements(c.emails) e"
        " WHERE c.id = ANY(%(ids)s)"
        " UNION SELECT 'phone', p ->> 'number', c.id FROM contact c,"
        " jsonb_array_elements(c.phones) p WHERE c.id = ANY(%(ids)s)"
        " ON CONFLICT DO NOTHING",
        {"ids": ids},
    )


async def mark_items(
    conn: Connection, job_id: uuid.UUID, ids: list[uuid.UUID], outcome: str
) -> None:
    await conn.execute(
        "UPDATE contact_job_item SET outcome = %s WHERE job_id = %s AND contact_id = ANY(%s)",
        [outcome, job_id, ids],
    )


async def freeze_revert(conn: Connection, undo_job_id: uuid.UUID, reverts: uuid.UUID) -> int:
    """An undo works on the cards the reverted job changed or created, nothing else."""
    cursor = await conn.execute(
        "INSERT INTO contact_job_item (job_id, contact_id) SELECT %s, contact_id"
        " FROM contact_job_item WHERE job_id = %s AND outcome IN ('updated', 'created')",
        [undo_job_id, reverts],
    )
    return cursor.rowcount


async def changed_items(
    conn: Connection, job_id: uuid.UUID, ids: list[uuid.UUID]
) -> list[uuid.UUID]:
    """Which of `ids` job `job_id` changed (and nobody has reverted yet)."""
    cursor = await conn.execute(
        "SELECT contact_id FROM contact_job_item WHERE job_id = %s AND contact_id = ANY(%s)"
        " AND outcome IN ('updated', 'created') ORDER BY contact_id",
        [job_id, ids],
    )
    return [row["contact_id"] for row in await cursor.fetchall()]


async def mark_rest(
    conn: Connection, job_id: uuid.UUID, ids: list[uuid.UUID], outcome: str
) -> None:
    """Items of the batch the operation left alone."""
    await conn.execute(
        "UPDATE contact_job_item SET outcome = %s"
        " WHERE job_id = %s AND contact_id = ANY(%s) AND outcome = 'pending'",
        [outcome, job_id, ids],
    )
