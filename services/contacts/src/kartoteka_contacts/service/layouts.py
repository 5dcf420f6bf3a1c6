"""Use cases on card layouts: the default one, one per group, and which applies to a card."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kartoteka_platform.db import Connection
from kartoteka_platform.errors import Conflict, InvalidInput, NotFound

from kartoteka_contacts.domain.layouts import (
    BlockInput,
    Layout,
    LayoutSource,
    choose_layout,
    missing_required,
    validate_blocks,
    validate_required,
    without_deleted_fields,
)
from kartoteka_contacts.domain.settings import validate_name
from kartoteka_contacts.store import groups as group_store
from kartoteka_contacts.store import layouts as store
from kartoteka_contacts.store.catalog import CATALOG

CHANGEABLE = frozenset({"name", "group_id", "blocks", "required_fields"})


async def list_layouts(conn: Connection) -> list[Layout]:
    """The default layout first, then group layouts by group name."""
    keys = await CATALOG.definitions(conn)
    return [without_deleted_fields(layout, keys) for layout in await store.list_layouts(conn)]


async def get_layout(conn: Connection, layout_id: uuid.UUID) -> Layout:
    layout = await store.get_layout(conn, layout_id)
    if layout is None:
        raise NotFound("layout_not_found", f"no card layout {layout_id}", field="id")
    return without_deleted_fields(layout, await CATALOG.definitions(conn))


async def create_layout(
    conn: Connection,
    name: str,
    group_id: uuid.UUID | None,
    blocks: Sequence[BlockInput],
    required_fields: Sequence[str],
) -> Layout:
    """The default layout (no group) or a group's; each slot holds one (`layout_exists`)."""
    keys = await CATALOG.definitions(conn)
    valid_name = validate_name(name)
    valid_blocks = validate_blocks(blocks, keys)
    required = validate_required(required_fields, keys)
    await _check_group(conn, group_id)
    layout = await store.insert_layout(conn, valid_name, group_id, valid_blocks, required)
    if layout is None:
        raise _slot_taken(group_id)
    return layout


async def update_layout(
    conn: Connection, layout_id: uuid.UUID, changes: Mapping[str, Any]
) -> Layout:
    """Change what `changes` names: name, group_id (None: the default), blocks (a list of
    BlockInput) or required_fields."""
    if await store.get_layout(conn, layout_id, for_update=True) is None:
        raise NotFound("layout_not_found", f"no card layout {layout_id}", field="id")
    keys = await CATALOG.definitions(conn)
    values: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "name":
            values["name"] = validate_name(value)
        elif name == "group_id":
            await _check_group(conn, value)
            values["group_id"] = value
        elif name == "blocks":
            values["blocks"] = validate_blocks(value, keys)
        elif name == "required_fields":
            values["required_fields"] = validate_required(value, keys)
        else:
            raise InvalidInput("unknown_field", f"{name!r} cannot be changed", field="fields")
    if values and not await store.update_layout(conn, layout_id, values):
        raise _slot_taken(values.get("group_id"))
    return await get_layout(conn, layout_id)


async def delete_layout(conn: Connection, layout_id: uuid.UUID) -> None:
    """Delete a layout: its group's contacts get the default (or built-in) layout."""
    if await store.get_layout(conn, layout_id, for_update=True) is None:
        raise NotFound("layout_not_found", f"no card layout {layout_id}", field="id")
    await store.delete_layout(conn, layout_id)


async def resolve_layout(conn: Connection, group_ids: list[uuid.UUID]) -> Layout:
    """The layout of a contact in `group_ids`: its highest-priority group's layout (ties by
    group name, then id), else the default layout, else the built-in one."""
    layout, _ = await resolve_layout_with_source(conn, group_ids)
    return layout


async def resolve_layout_with_source(
    conn: Connection, group_ids: list[uuid.UUID]
) -> tuple[Layout, LayoutSource]:
    candidates = (
        await store.group_layouts(conn, list(dict.fromkeys(group_ids))) if group_ids else []
    )
    default = None if candidates else await CATALOG.default_layout(conn)
    layout, source = choose_layout(candidates, default)
    if source is LayoutSource.BUILT_IN:
        return layout, source
    return without_deleted_fields(layout, await CATALOG.definitions(conn)), source


async def contact_layout(conn: Connection, contact_id: uuid.UUID) -> tuple[Layout, LayoutSource]:
    """The layout that applies to a live contact, through the groups it is directly in."""
    group_ids = await store.live_contact_group_ids(conn, contact_id)
    if group_ids is None:
        raise NotFound("contact_not_found", f"no contact with id {contact_id}", field="contact_id")
    return await resolve_layout_with_source(conn, group_ids)


@dataclass(frozen=True)
class CardAfterWrite:
    """A card as a write leaves it: its id (None on create), the groups it is directly in and
    its field values (`domain.changes.field_values`: field name, or `custom.<key>`, to value)."""

    contact_id: uuid.UUID | None
    group_ids: Sequence[uuid.UUID]
    values: Mapping[str, object]


async def required_fields_violation(
    conn: Connection,
    contact_id: uuid.UUID | None,
    group_ids_after: list[uuid.UUID],
    values: Mapping[str, object],
) -> None:
    """Refuse a write that leaves a field the card's layout requires empty.

    `group_ids_after` are the groups the card is in once the write is done; `values` are the
    card's field values after it (`domain.changes.field_values(draft)`: field name, or
    `custom.<key>`, to value). `contact_id` (None on create) only goes into the error.
    Raises `InvalidInput("required", ..., field=<first missing>)` with every missing field
    in `extra["missing"]`.
    """
    [error] = await required_fields_violations(
        conn, [CardAfterWrite(contact_id, group_ids_after, values)]
    )
    if error is not None:
        raise error


async def required_fields_violations(
    conn: Connection, cards: Sequence[CardAfterWrite]
) -> list[InvalidInput | None]:
    """`required_fields_violation` of many cards, with the layouts of all their groups read
    in one query: an import batch checks a thousand cards at once."""
    group_ids = list(dict.fromkeys(g for card in cards for g in card.group_ids))
    layouts = await store.group_layouts(conn, group_ids) if group_ids else []
    default = await CATALOG.default_layout(conn)
    definitions = await CATALOG.definitions(conn)
    found: list[InvalidInput | None] = []
    for card in cards:
        mine = set(card.group_ids)
        layout, source = choose_layout([g for g in layouts if g.group_id in mine], default)
        if source is not LayoutSource.BUILT_IN:
            layout = without_deleted_fields(layout, definitions)
        found.append(_missing_error(layout, card))
    return found


def _missing_error(layout: Layout, card: CardAfterWrite) -> InvalidInput | None:
    missing = missing_required(layout, card.values)
    if not missing:
        return None
    extra: dict[str, Any] = {"missing": missing}
    if layout.id is not None:
        extra["layout_id"] = str(layout.id)
    if card.contact_id is not None:
        extra["contact_id"] = str(card.contact_id)
    return InvalidInput(
        "required", f"{missing[0]} is required by the card layout", field=missing[0], extra=extra
    )


async def _check_group(conn: Connection, group_id: uuid.UUID | None) -> None:
    if group_id is not None and await group_store.get_group(conn, group_id) is None:
        raise NotFound("group_not_found", f"no group {group_id}", field="group_id")


def _slot_taken(group_id: uuid.UUID | None) -> Conflict:
    if group_id is None:
        return Conflict("layout_exists", "there is already a default layout", field="group_id")
    return Conflict(
        "layout_exists", f"group {group_id} already has a card layout", field="group_id"
    )
