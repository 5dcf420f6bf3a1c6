"""Merging duplicate cards into one, and finding the duplicates to merge."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace

from kartoteka_platform.db import Connection
from kartoteka_platform.errors import InvalidInput, NotFound

from kartoteka_contacts.domain.changes import FieldChange, diff
from kartoteka_contacts.domain.contact import Contact
from kartoteka_contacts.domain.custom_fields import FieldType
from kartoteka_contacts.domain.merge import check_merge, merged_draft
from kartoteka_contacts.domain.validation import validate_contact
from kartoteka_contacts.events import outgoing
from kartoteka_contacts.service.contacts import (
    WriteContext,
    check_database_rules,
    without_deleted_fields,
)
from kartoteka_contacts.store import contacts as store
from kartoteka_contacts.store import history
from kartoteka_contacts.store import merge as merge_store
from kartoteka_contacts.store.catalog import CATALOG
from kartoteka_contacts.store.history import Actor
from kartoteka_contacts.store.merge import Candidate

MAX_PAGE = 200


@dataclass(frozen=True)
class MergeResult:
    # On a dry run: the survivor as it would become, not stored.
    contact: Contact
    changed_fields: list[str]
    memberships_moved: int
    references_moved: int


async def merge_contacts(
    conn: Connection,
    survivor_id: uuid.UUID,
    merged_ids: list[uuid.UUID],
    field_sources: Mapping[str, uuid.UUID],
    ctx: WriteContext,
    *,
    dry_run: bool,
) -> MergeResult:
    """Fold `merged_ids` into the survivor; with `dry_run`, only say what would happen.

    In one transaction: the merged cards go to the bin, the survivor takes the chosen values,
    their groups, their employees and subsidiaries, and every contact reference to them.
    """
    ids = [survivor_id, *merged_ids]
    if len(set(ids)) != len(ids):
        raise InvalidInput("repeated_card", "each card may appear once", field="merged_ids")
    cards = {}
    for index, card_id in enumerate(ids):
        card = await store.get_contact(conn, card_id, for_update=True)
        if card is None:
            field = "survivor_id" if index == 0 else f"merged_ids[{index - 1}]"
            raise NotFound("contact_not_found", f"no live contact {card_id}", field=field)
        cards[card_id] = card
    definitions = await CATALOG.definitions(conn)
    survivor = without_deleted_fields(cards[survivor_id], definitions)
    merged = [without_deleted_fields(cards[i], definitions) for i in merged_ids]
    check_merge(survivor, merged)
    draft = validate_contact(
        merged_draft(survivor, merged, field_sources),
        default_region=ctx.default_region,
        definitions=definitions,
    )
    changes = diff(survivor.data, draft)
    if dry_run:
        return MergeResult(replace(survivor, data=draft), [c.field for c in changes], 0, 0)
    actor = Actor(ctx.actor.kind, ctx.actor.id, "merge", str(survivor_id))
    for card in merged:
        await store.set_deleted(conn, card.id, actor.id, deleted=True)
        await history.record(
            conn, card.id, "merge", [FieldChange("merged_into", None, str(survivor_id))], actor
        )
    # After the merged cards left (and freed their phones and emails), the survivor's new
    # values are checked against everyone else.
    await check_database_rules(conn, draft, survivor, definitions, ctx)
    updated = (
        await store.update_contact(conn, survivor_id, draft, actor.id) if changes else survivor
    )
    await history.record(conn, survivor_id, "merge", changes, actor)
    gained = await merge_store.move_memberships(conn, survivor_id, merged_ids)
    moved_links = await merge_store.move_company_links(conn, survivor_id, merged_ids)
    ref_keys = [k for k, d in definitions.items() if d.type is FieldType.CONTACT_REF]
    moved_refs = await merge_store.move_contact_refs(conn, ref_keys, survivor_id, merged_ids)
    await merge_store.move_dismissals(conn, merged_ids)
    await history.record_many(
        conn,
        "update",
        [
            (card_id, FieldChange(f"custom.{key}", old, str(survivor_id)))
            for card_id, key, old in moved_refs
        ],
        actor,
    )
    await outgoing.contact_merged(conn, updated, merged_ids, [c.field for c in changes])
    return MergeResult(
        updated, [c.field for c in changes], len(gained), len(moved_links) + len(moved_refs)
    )


async def find_duplicates(
    conn: Connection, page_size: int, page_token: str
) -> tuple[list[Candidate], str]:
    """Candidate pairs (same phone or email, same name at the same company, same company
    name), in a stable order, one page at a time."""
    if not 1 <= page_size <= MAX_PAGE:
        raise InvalidInput("invalid_page_size", f"page_size is 1 to {MAX_PAGE}", field="page_size")
    after = _decode(page_token) if page_token else None
    page = await merge_store.duplicate_candidates(conn, after, page_size + 1)
    more = len(page) > page_size
    page = page[:page_size]
    token = _encode(page[-1].first_id, page[-1].second_id) if more else ""
    return page, token


async def dismiss_pair(conn: Connection, first: uuid.UUID, second: uuid.UUID, actor: Actor) -> None:
    if first == second:
        raise InvalidInput("same_card", "a card is not its own duplicate", field="second_id")
    await merge_store.dismiss(conn, first, second, actor.id)


def _encode(first: uuid.UUID, second: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(first.bytes + second.bytes).decode()


def _decode(token: str) -> tuple[uuid.UUID, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(token.encode())
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise InvalidInput("invalid_page_token", "page_token is not valid", field="page_token")
    return uuid.UUID(bytes=raw[:16]), uuid.UUID(bytes=raw[16:])
