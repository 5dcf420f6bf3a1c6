"""Use cases on contact cards: create, read, update, delete, restore, history, branches."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from kartoteka_platform.db import Connection
from kartoteka_platform.errors import Conflict, InvalidInput, NotFound, ServiceError

from kartoteka_contacts.domain.changes import (
    FieldChange,
    JsonValue,
    apply_patch,
    changes_between,
    field_values,
)
from kartoteka_contacts.domain.contact import Contact, ContactDraft
from kartoteka_contacts.domain.custom_fields import FieldDefinition
from kartoteka_contacts.domain.validation import validate_contact
from kartoteka_contacts.events import outgoing
from kartoteka_contacts.service import card_rules
from kartoteka_contacts.service.layouts import (
    CardAfterWrite,
    required_fields_violations,
)
from kartoteka_contacts.store import contacts as store
from kartoteka_contacts.store import history
from kartoteka_contacts.store.catalog import CATALOG
from kartoteka_contacts.store.history import Actor
from kartoteka_contacts.store.layouts import live_group_ids_of


@dataclass(frozen=True)
class WriteContext:
    """Who writes, and the settings every write needs."""

    actor: Actor
    default_region: str
    allow_duplicates: bool = False


async def create_contact(conn: Connection, draft: ContactDraft, ctx: WriteContext) -> Contact:
    """Store a new card, its history and its `contact.created` event in the caller's transaction."""
    [result] = await create_contacts(conn, [draft], ctx)
    if isinstance(result, ServiceError):
        raise result
    return result


async def create_contacts(
    conn: Connection, drafts: Sequence[ContactDraft], ctx: WriteContext
) -> list[Contact | ServiceError]:
    """Many new cards, each validated and checked as if created alone; a refused draft comes
    back as its error, the others are stored with their history and events together."""
    definitions = await CATALOG.definitions(conn)
    results: list[Contact | ServiceError | None] = [None] * len(drafts)
    # Each valid draft with its field values, which the layout check and the history share.
    drafted: list[tuple[int, tuple[ContactDraft, dict[str, JsonValue]]]] = []
    for index, draft in enumerate(drafts):
        try:
            checked = validate_contact(
                draft, default_region=ctx.default_region, definitions=definitions
            )
        except ServiceError as exc:
            results[index] = exc
            continue
        drafted.append((index, (checked, field_values(checked))))
    # A new card is in no group yet: the default layout's required fields apply.
    required = await required_fields_violations(
        conn, [CardAfterWrite(None, [], values) for _, (_, values) in drafted]
    )
    valid = _passing(drafted, required, results)
    errors = await card_rules.violations(
        conn,
        [card_rules.Candidate(draft) for _, (draft, _) in valid],
        definitions,
        allow_duplicates=ctx.allow_duplicates,
    )
    accepted = _passing(valid, errors, results)
    created = await store.insert_contacts(conn, [draft for _, (draft, _) in accepted], ctx.actor.id)
    await history.record_many(
        conn,
        "create",
        [
            (card.id, change)
            for card, (_, (_, values)) in zip(created, accepted, strict=True)
            for change in changes_between({}, values)
        ],
        ctx.actor,
    )
    await outgoing.contacts_created(conn, created)
    for (index, _), card in zip(accepted, created, strict=True):
        results[index] = card
    return [result for result in results if result is not None]


async def update_contact(
    conn: Connection,
    contact_id: uuid.UUID,
    values: Mapping[str, Any],
    custom: Mapping[str, object | None],
    ctx: WriteContext,
    *,
    expected_version: int | None = None,
) -> Contact:
    """Apply a partial update; a write that changes nothing records and emits nothing."""
    current = await _live(conn, contact_id, for_update=True)
    if expected_version is not None and current.version != expected_version:
        raise Conflict(
            "version_conflict",
            f"the card changed since version {expected_version}; reload it",
            field="expected_version",
            extra={"current_version": current.version},
        )
    definitions = await CATALOG.definitions(conn)
    current = without_deleted_fields(current, definitions)
    patched = apply_patch(current.data, values, custom)
    updated, _ = await write_update(conn, current, patched, definitions, ctx)
    return updated


async def write_update(
    conn: Connection,
    current: Contact,
    patched: ContactDraft,
    definitions: Mapping[str, FieldDefinition],
    ctx: WriteContext,
) -> tuple[Contact, list[FieldChange]]:
    """Validate and store `patched` as the new state of `current` (locked by the caller),
    with history and event; returns the card and what changed (nothing: nothing written)."""
    [result] = await write_updates(conn, [(current, patched)], definitions, ctx)
    if isinstance(result, ServiceError):
        raise result
    return result


async def write_updates(
    conn: Connection,
    cards: Sequence[tuple[Contact, ContactDraft]],
    definitions: Mapping[str, FieldDefinition],
    ctx: WriteContext,
) -> list[tuple[Contact, list[FieldChange]] | ServiceError]:
    """Many `write_update`s (cards locked by the caller), each checked as if written alone
    and against the others of the batch; a refused card comes back as its error, the rest
    are stored with their history and events in a few statements."""
    results: list[tuple[Contact, list[FieldChange]] | ServiceError] = []
    planned: list[tuple[int, _Planned]] = []
    for current, patched in cards:
        try:
            plan = _plan(current, patched, definitions, ctx.default_region)
        except ServiceError as exc:
            results.append(exc)
            continue
        results.append((current, []))  # unchanged, unless stored below
        if plan.changes:
            planned.append((len(results) - 1, plan))
    if not planned:
        return results  # nothing changes: nothing to check, store or announce
    # The layout of each card's highest-priority group decides which fields may not be empty.
    groups = await live_group_ids_of(conn, [plan.current.id for _, plan in planned])
    required = await required_fields_violations(
        conn,
        [
            CardAfterWrite(plan.current.id, groups.get(plan.current.id, []), plan.values)
            for _, plan in planned
        ],
    )
    checked = _passing(planned, required, results)
    errors = await card_rules.violations(
        conn,
        [card_rules.Candidate(plan.valid, plan.current) for _, plan in checked],
        definitions,
        allow_duplicates=ctx.allow_duplicates,
    )
    accepted = _passing(checked, errors, results)
    stored = await store.update_contacts(
        conn, [(plan.current.id, plan.valid) for _, plan in accepted], ctx.actor.id
    )
    await history.record_many(
        conn,
        "update",
        [(plan.current.id, change) for _, plan in accepted for change in plan.changes],
        ctx.actor,
    )
    await outgoing.contacts_updated(
        conn,
        [
            (card, [change.field for change in plan.changes])
            for card, (_, plan) in zip(stored, accepted, strict=True)
        ],
    )
    for card, (index, plan) in zip(stored, accepted, strict=True):
        results[index] = (card, plan.changes)
    return results


_Item = TypeVar("_Item")


@dataclass(frozen=True)
class _Planned:
    """A card's update once validated: what it was, what it becomes (and its field values),
    what changes."""

    current: Contact
    valid: ContactDraft
    values: dict[str, JsonValue]
    changes: list[FieldChange]


def _plan(
    current: Contact,
    patched: ContactDraft,
    definitions: Mapping[str, FieldDefinition],
    default_region: str,
) -> _Planned:
    """`patched` validated, and what it would change on `current`; no database involved."""
    valid = validate_contact(patched, default_region=default_region, definitions=definitions)
    values = field_values(valid)
    return _Planned(current, valid, values, changes_between(field_values(current.data), values))


def _passing(
    items: Sequence[tuple[int, _Item]],
    errors: Sequence[ServiceError | None],
    results: list[Any],
) -> list[tuple[int, _Item]]:
    """The items no check refused; each refused item's error goes to `results[index]`."""
    passing = []
    for (index, item), error in zip(items, errors, strict=True):
        if error is None:
            passing.append((index, item))
        else:
            results[index] = error
    return passing


async def live_for_update(conn: Connection, contact_id: uuid.UUID) -> Contact:
    """The live card, locked for this transaction, as users see it; or `NotFound`."""
    current = await _live(conn, contact_id, for_update=True)
    return without_deleted_fields(current, await CATALOG.definitions(conn))


async def delete_contact(conn: Connection, contact_id: uuid.UUID, actor: Actor) -> Contact:
    """Soft-delete: the card leaves every list and filter but can be restored."""
    await _live(conn, contact_id, for_update=True)
    deleted = await store.set_deleted(conn, contact_id, actor.id, deleted=True)
    await history.record(conn, contact_id, "delete", [_deleted_change(False)], actor)
    await outgoing.contact_deleted(conn, deleted)
    return deleted


async def restore_contact(conn: Connection, contact_id: uuid.UUID, ctx: WriteContext) -> Contact:
    """Bring a deleted card back, unless its emails or phones now belong to another card."""
    contact = await store.get_contact(conn, contact_id, for_update=True, include_deleted=True)
    if contact is None:
        raise NotFound("contact_not_found", f"no contact with id {contact_id}", field="id")
    if contact.deleted_at is None:
        return contact
    if not ctx.allow_duplicates:
        await card_rules.refuse_duplicates(conn, contact.data, contact_id)
    restored = await store.set_deleted(conn, contact_id, ctx.actor.id, deleted=False)
    await history.record(conn, contact_id, "restore", [_deleted_change(True)], ctx.actor)
    await outgoing.contact_restored(conn, restored)
    return restored


async def get_contact(conn: Connection, contact_id: uuid.UUID) -> Contact:
    """One live card, or `NotFound`."""
    contact = await _live(conn, contact_id)
    return without_deleted_fields(contact, await CATALOG.definitions(conn))


def without_deleted_fields(contact: Contact, definitions: Mapping[str, FieldDefinition]) -> Contact:
    """The card as users see it: values of deleted custom fields stay stored but hidden (the
    next write of the card drops them), so deleting a field never rewrites the table."""
    if all(key in definitions for key in contact.data.custom):
        return contact
    custom = {k: v for k, v in contact.data.custom.items() if k in definitions}
    return replace(contact, data=replace(contact.data, custom=custom))


def parse_id(raw: str, field: str = "id") -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise InvalidInput("invalid_id", f"{raw!r} is not an id", field=field) from None


async def _live(conn: Connection, contact_id: uuid.UUID, *, for_update: bool = False) -> Contact:
    contact = await store.get_contact(conn, contact_id, for_update=for_update)
    if contact is None:
        raise NotFound("contact_not_found", f"no contact with id {contact_id}", field="id")
    return contact


def _deleted_change(was_deleted: bool) -> FieldChange:
    return FieldChange("deleted", was_deleted, not was_deleted)


async def check_database_rules(
    conn: Connection,
    draft: ContactDraft,
    current: Contact | None,
    definitions: Mapping[str, FieldDefinition],
    ctx: WriteContext,
) -> None:
    """Refuse a card that breaks a rule only the database can check (see `card_rules`)."""
    [error] = await card_rules.violations(
        conn,
        [card_rules.Candidate(draft, current)],
        definitions,
        allow_duplicates=ctx.allow_duplicates,
    )
    if error is not None:
        raise error
