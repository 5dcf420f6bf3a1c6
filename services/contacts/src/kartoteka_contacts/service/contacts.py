"""Use cases on contact cards: create, read, update, delete, restore, history, branches."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from kartoteka_platform.db import Connection
from kartoteka_platform.errors import Conflict, InvalidInput, NotFound

from kartoteka_contacts.domain.changes import FieldChange, apply_patch, diff, field_values
from kartoteka_contacts.domain.contact import Contact, ContactDraft, ContactKind, identities
from kartoteka_contacts.domain.custom_fields import FieldDefinition, FieldType
from kartoteka_contacts.domain.validation import validate_contact
from kartoteka_contacts.events import outgoing
from kartoteka_contacts.service.layouts import required_fields_violation
from kartoteka_contacts.store import contacts as store
from kartoteka_contacts.store import custom_fields as field_store
from kartoteka_contacts.store import history
from kartoteka_contacts.store.catalog import CATALOG
from kartoteka_contacts.store.history import Actor
from kartoteka_contacts.store.layouts import live_contact_group_ids


@dataclass(frozen=True)
class WriteContext:
    """Who writes, and the settings every write needs."""

    actor: Actor
    default_region: str
    allow_duplicates: bool = False


async def create_contact(conn: Connection, draft: ContactDraft, ctx: WriteContext) -> Contact:
    """Store a new card, its history and its `contact.created` event in the caller's transaction."""
    definitions = await CATALOG.definitions(conn)
    valid = validate_contact(draft, default_region=ctx.default_region, definitions=definitions)
    # A new card is in no group yet: the default layout's required fields apply.
    await required_fields_violation(conn, None, [], field_values(valid))
    await check_database_rules(conn, valid, None, definitions, ctx)
    contact = await store.insert_contact(conn, valid, ctx.actor.id)
    await history.record(conn, contact.id, "create", diff(None, valid), ctx.actor)
    await outgoing.contact_created(conn, contact)
    return contact


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
    valid = validate_contact(patched, default_region=ctx.default_region, definitions=definitions)
    changes = diff(current.data, valid)
    if not changes:
        return current
    # The layout of the card's highest-priority group decides which fields may not be empty.
    group_ids = await live_contact_group_ids(conn, contact_id) or []
    await required_fields_violation(conn, contact_id, group_ids, field_values(valid))
    await check_database_rules(conn, valid, current, definitions, ctx)
    updated = await store.update_contact(conn, contact_id, valid, ctx.actor.id)
    await history.record(conn, contact_id, "update", changes, ctx.actor)
    await outgoing.contact_updated(conn, updated, [change.field for change in changes])
    return updated


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
        await _refuse_duplicates(conn, contact.data, contact_id)
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
    contact_id = current.id if current else None
    await _check_company(conn, draft, contact_id)
    await _check_references(conn, draft, definitions)
    if not ctx.allow_duplicates and (
        current is None or identities(draft) - identities(current.data)
    ):
        await _refuse_duplicates(conn, draft, contact_id)
    await _refuse_taken_unique_values(conn, draft, current, definitions)


async def _check_company(
    conn: Connection, draft: ContactDraft, contact_id: uuid.UUID | None
) -> None:
    if draft.company_id is None:
        return
    kind = await store.kind_of(conn, draft.company_id)
    if kind is None:
        raise InvalidInput("company_not_found", "no live company with that id", field="company_id")
    if kind is not ContactKind.COMPANY:
        raise InvalidInput(
            "not_a_company", "a card can only belong to a company", field="company_id"
        )
    if contact_id is not None and contact_id in await store.company_ancestors(
        conn, draft.company_id
    ):
        raise InvalidInput(
            "company_cycle",
            "that company is this card itself or one of its subsidiaries",
            field="company_id",
        )


async def _check_references(
    conn: Connection, draft: ContactDraft, definitions: Mapping[str, FieldDefinition]
) -> None:
    referenced = {
        key: uuid.UUID(str(value))
        for key, value in draft.custom.items()
        if definitions[key].type is FieldType.CONTACT_REF
    }
    if draft.activity_id is not None and not await field_store.activity_exists(
        conn, draft.activity_id
    ):
        raise InvalidInput("unknown_activity", "no activity type with that id", field="activity_id")
    if not referenced:
        return
    found = await store.existing_ids(conn, list(referenced.values()))
    for key, target in sorted(referenced.items()):
        if target not in found:
            raise InvalidInput(
                "invalid_contact_ref", f"no live contact {target}", field=f"custom.{key}"
            )


async def _refuse_duplicates(
    conn: Connection, draft: ContactDraft, contact_id: uuid.UUID | None
) -> None:
    holders = await store.identity_holders(conn, identities(draft), contact_id)
    if not holders:
        return
    first = holders[0]
    plural = "emails" if first["kind"] == "email" else "phones"
    raise Conflict(
        "duplicate_contact",
        f"{first['value']} is already on contact {first['contact_id']}",
        field=plural,
        extra={
            "duplicates": [
                {"kind": h["kind"], "value": h["value"], "contact_id": str(h["contact_id"])}
                for h in holders
            ]
        },
    )


async def _refuse_taken_unique_values(
    conn: Connection,
    draft: ContactDraft,
    current: Contact | None,
    definitions: Mapping[str, FieldDefinition],
) -> None:
    for key, value in sorted(draft.custom.items()):
        if not definitions[key].unique:
            continue
        if current is not None and current.data.custom.get(key) == value:
            continue
        holder = await store.custom_value_holder(conn, key, value, current.id if current else None)
        if holder is not None:
            raise Conflict(
                "unique_value_taken",
                f"contact {holder} already has this {key}",
                field=f"custom.{key}",
                extra={"contact_id": str(holder)},
            )
