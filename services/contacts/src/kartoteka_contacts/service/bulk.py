"""Bulk operations as jobs: start one on a frozen selection, run it batch by batch, undo it."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from kartoteka_platform.db import Connection
from kartoteka_platform.errors import InvalidInput
from psycopg import sql

from kartoteka_contacts.domain.bulk import BulkOp, BulkOperation, parse_operation
from kartoteka_contacts.domain.custom_fields import FieldType
from kartoteka_contacts.domain.groups import MembershipSource
from kartoteka_contacts.domain.jobs import JobKind
from kartoteka_contacts.events import outgoing
from kartoteka_contacts.service.groups import add_where, get_group, remove_where
from kartoteka_contacts.service.selection import Selection, selection_sql
from kartoteka_contacts.store import bulk as store
from kartoteka_contacts.store import contacts as contact_store
from kartoteka_contacts.store import custom_fields as field_store
from kartoteka_contacts.store import jobs as job_store
from kartoteka_contacts.store import layouts as layout_store
from kartoteka_contacts.store.bulk import ChangedCard, FieldTarget
from kartoteka_contacts.store.catalog import CATALOG
from kartoteka_contacts.store.groups import ids_selection
from kartoteka_contacts.store.history import Actor
from kartoteka_contacts.store.jobs import Counts, JobRow


async def start_bulk_job(
    conn: Connection,
    selection: Selection,
    raw_operation: Mapping[str, Any],
    actor: Actor,
    *,
    only_managed_by: str | None = None,
) -> JobRow:
    """Validate the operation, freeze the cards it applies to and queue the job.

    `only_managed_by` is the caller's rights scope: with it, cards another employee manages
    are not part of the job, whatever the selection says.
    """
    operation = parse_operation(raw_operation, await CATALOG.definitions(conn))
    await _check_targets(conn, operation)
    where = await selection_sql(conn, selection)
    if only_managed_by is not None:
        where = sql.SQL("({}) AND c.manager_id = {}").format(where, sql.Literal(only_managed_by))
    job = await job_store.insert_job(
        conn,
        JobKind.BULK,
        {"operation": operation.to_params(), "only_managed_by": only_managed_by},
        actor.id,
    )
    total = await store.freeze_selection(
        conn, job.id, where, deleted=operation.op is BulkOp.RESTORE
    )
    await job_store.set_total(conn, job.id, total)
    return job


async def apply_batch(conn: Connection, job: JobRow, ids: list[uuid.UUID], actor: Actor) -> Counts:
    """Apply the job's operation to one batch of its cards."""
    operation = BulkOperation.from_params(job.params["operation"])
    changed = await _apply(conn, job.id, operation, ids, actor, reverts=None)
    return Counts(processed=len(ids), updated=changed, skipped=len(ids) - changed)


async def revert_batch(
    conn: Connection, undo_job: JobRow, reverted: JobRow, ids: list[uuid.UUID], actor: Actor
) -> Counts:
    """Undo one batch of a bulk job: cards changed since it ran keep their newer values."""
    operation = BulkOperation.from_params(reverted.params["operation"])
    changed = await _apply(conn, undo_job.id, _inverse(operation), ids, actor, reverts=reverted.id)
    return Counts(processed=len(ids), updated=changed, skipped=len(ids) - changed)


async def _apply(
    conn: Connection,
    job_id: uuid.UUID,
    operation: BulkOperation,
    ids: list[uuid.UUID],
    actor: Actor,
    *,
    reverts: uuid.UUID | None,
) -> int:
    if operation.op is BulkOp.SET_FIELD:
        target = _target(operation)
        if reverts is None:
            cards = await store.set_field(conn, job_id, ids, target, actor)
        else:
            cards = await store.revert_field(conn, job_id, reverts, ids, target, actor)
        await _emit(conn, cards, "update", [target.name], actor)
        return len(cards)
    if operation.op in (BulkOp.DELETE, BulkOp.RESTORE):
        deleted = operation.op is BulkOp.DELETE
        cards = await store.set_deleted(conn, job_id, ids, actor, deleted=deleted, reverts=reverts)
        await _emit(conn, cards, "delete" if deleted else "restore", ["deleted"], actor)
        return len(cards)
    return await _apply_to_groups(conn, job_id, operation, ids, actor, reverts=reverts)


async def _apply_to_groups(
    conn: Connection,
    job_id: uuid.UUID,
    operation: BulkOperation,
    ids: list[uuid.UUID],
    actor: Actor,
    *,
    reverts: uuid.UUID | None,
) -> int:
    """Group operations change memberships, not cards: the card versions stay as they are."""
    scope = ids if reverts is None else await store.changed_items(conn, reverts, ids)
    where = ids_selection(scope)
    touched: set[uuid.UUID] = set()
    if operation.from_group_id is not None:
        source = await get_group(conn, operation.from_group_id, "operation.from_group_id")
        touched |= set(await remove_where(conn, source, where, exclude=True, actor=actor))
    if operation.op is BulkOp.REMOVE_FROM_GROUP:
        group = await get_group(conn, operation.group_id, "operation.group_id")
        touched |= set(await remove_where(conn, group, where, exclude=True, actor=actor))
    else:
        group = await get_group(conn, operation.group_id, "operation.group_id")
        added = await add_where(conn, group, where, MembershipSource.BULK, None, actor)
        touched |= set(added)
    changed = sorted(touched)
    await store.mark_items(conn, job_id, changed, "updated")
    await store.mark_rest(conn, job_id, ids, "unchanged" if reverts is None else "skipped")
    if reverts is not None:
        await store.mark_items(conn, reverts, changed, "reverted")
    return len(changed)


def _inverse(operation: BulkOperation) -> BulkOperation:
    """The operation that undoes `operation` (field values come from the undo records)."""
    if operation.op is BulkOp.ADD_TO_GROUP:
        return BulkOperation(BulkOp.REMOVE_FROM_GROUP, group_id=operation.group_id)
    if operation.op is BulkOp.REMOVE_FROM_GROUP:
        return BulkOperation(BulkOp.ADD_TO_GROUP, group_id=operation.group_id)
    if operation.op is BulkOp.MOVE_TO_GROUP:
        return BulkOperation(
            BulkOp.MOVE_TO_GROUP,
            group_id=operation.from_group_id,
            from_group_id=operation.group_id,
        )
    if operation.op is BulkOp.DELETE:
        return BulkOperation(BulkOp.RESTORE)
    if operation.op is BulkOp.RESTORE:
        return BulkOperation(BulkOp.DELETE)
    return operation


def _target(operation: BulkOperation) -> FieldTarget:
    key = operation.custom_key
    if key is not None:
        return store.custom_target(key, operation.value)
    return store.column_target(operation.field, operation.value)


async def _emit(
    conn: Connection, cards: list[ChangedCard], operation: str, fields: list[str], actor: Actor
) -> None:
    await outgoing.cards_changed(
        conn, cards, operation=operation, changed_fields=fields, actor=actor.id
    )


async def _check_targets(conn: Connection, operation: BulkOperation) -> None:
    """What the database must confirm before the job may start: groups, ids, layouts."""
    for group_id, field in (
        (operation.group_id, "operation.group_id"),
        (operation.from_group_id, "operation.from_group_id"),
    ):
        if group_id is not None:
            await get_group(conn, group_id, field)
    if operation.op is not BulkOp.SET_FIELD:
        return
    if (
        operation.field == "activity_id"
        and operation.value is not None
        and not await field_store.activity_exists(conn, uuid.UUID(str(operation.value)))
    ):
        raise InvalidInput(
            "unknown_activity", "no activity type with that id", field="operation.value"
        )
    key = operation.custom_key
    definitions = await CATALOG.definitions(conn)
    if key is not None and definitions[key].type is FieldType.CONTACT_REF and operation.value:
        target = uuid.UUID(str(operation.value))
        if not await contact_store.existing_ids(conn, [target]):
            raise InvalidInput(
                "invalid_contact_ref", f"no live contact {target}", field="operation.value"
            )
    if operation.value is None or operation.value == "":
        for layout in await layout_store.list_layouts(conn):
            if operation.field in layout.required_fields:
                raise InvalidInput(
                    "required",
                    f"{operation.field} is required by the card layout {layout.name!r}",
                    field="operation.field",
                    extra={"layout_id": str(layout.id)},
                )
