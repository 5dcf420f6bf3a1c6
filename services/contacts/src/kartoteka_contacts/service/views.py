"""Use cases on saved views: personal or shared filters of the contact list."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from kartoteka_platform.db import Connection
from kartoteka_platform.errors import Conflict, InvalidInput, NotFound

from kartoteka_contacts.domain.custom_fields import FieldDefinition
from kartoteka_contacts.domain.filters import filter_to_json
from kartoteka_contacts.domain.settings import validate_name
from kartoteka_contacts.domain.views import (
    SavedView,
    SortField,
    check_owner,
    validate_columns,
    visible_to,
    without_deleted_fields,
)
from kartoteka_contacts.store import views as store
from kartoteka_contacts.store.catalog import CATALOG
from kartoteka_contacts.store.search import resolve_filter
from kartoteka_contacts.store.search_keyset import SortKey, resolve_sort

# What an update may change; the service checks every value as on create.
CHANGEABLE = frozenset({"name", "shared", "filter", "columns", "sort"})


def parse_filter_json(text: str) -> object:
    """The filter of a request as JSON (empty text: no filter, every contact)."""
    if not text:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:  # RecursionError: nested past the parser
        raise InvalidInput(
            "invalid_json", f"the filter is not JSON: {exc}", field="filter"
        ) from exc


async def list_views(conn: Connection, actor_id: str) -> list[SavedView]:
    """The actor's own views and the shared ones, by name."""
    keys = await CATALOG.definitions(conn)
    return [without_deleted_fields(v, keys) for v in await store.list_visible(conn, actor_id)]


async def get_view(conn: Connection, view_id: uuid.UUID, actor_id: str) -> SavedView:
    view = await store.get_view(conn, view_id)
    if view is None or not visible_to(view, actor_id):
        raise NotFound("view_not_found", f"no view {view_id}", field="id")
    return without_deleted_fields(view, await CATALOG.definitions(conn))


async def create_view(
    conn: Connection,
    actor_id: str,
    *,
    name: str,
    shared: bool,
    filter_raw: object,
    columns: Sequence[str],
    sort: Sequence[SortField],
) -> SavedView:
    definitions = await CATALOG.definitions(conn)
    valid_name = validate_name(name)
    view = await store.insert_view(
        conn,
        actor_id,
        shared=shared,
        name=valid_name,
        filter_json=await _normalised_filter(conn, filter_raw, definitions),
        columns=validate_columns(columns, definitions),
        sort=_checked_sort(sort, definitions),
    )
    if view is None:
        raise _name_taken(valid_name)
    return view


async def update_view(
    conn: Connection, view_id: uuid.UUID, actor_id: str, changes: Mapping[str, Any]
) -> SavedView:
    """Change what `changes` names; only the owner may (`not_view_owner` for anyone else,
    whether or not the view is shared: its id says nothing secret)."""
    view = await store.get_view(conn, view_id, for_update=True)
    if view is None:
        raise NotFound("view_not_found", f"no view {view_id}", field="id")
    check_owner(view, actor_id)
    definitions = await CATALOG.definitions(conn)
    values: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "name":
            values["name"] = validate_name(value)
        elif name == "shared":
            values["shared"] = bool(value)
        elif name == "filter":
            values["filter"] = await _normalised_filter(conn, value, definitions)
        elif name == "columns":
            values["columns"] = validate_columns(value, definitions)
        elif name == "sort":
            values["sort"] = _checked_sort(value, definitions)
        else:
            raise InvalidInput("unknown_field", f"{name!r} cannot be changed", field="fields")
    if values and not await store.update_view(conn, view_id, values):
        raise _name_taken(values["name"])
    return await get_view(conn, view_id, actor_id)


async def delete_view(conn: Connection, view_id: uuid.UUID, actor_id: str) -> None:
    """Delete a view; only the owner may."""
    view = await store.get_view(conn, view_id, for_update=True)
    if view is None:
        raise NotFound("view_not_found", f"no view {view_id}", field="id")
    check_owner(view, actor_id)
    await store.delete_view(conn, view_id)


async def _normalised_filter(
    conn: Connection, raw: object, definitions: Mapping[str, FieldDefinition]
) -> dict[str, Any]:
    if raw is not None and not isinstance(raw, Mapping):
        raise InvalidInput("invalid_filter_node", "a filter is a JSON object", field="filter")
    node = await resolve_filter(conn, raw, definitions)
    return dict(filter_to_json(node))


def _checked_sort(
    sort: Sequence[SortField], definitions: Mapping[str, FieldDefinition]
) -> tuple[SortField, ...]:
    """The sort as given (empty: the list's default), if every key is sortable."""
    resolve_sort([SortKey(key.field, key.descending) for key in sort], definitions)
    return tuple(sort)


def _name_taken(name: str) -> Conflict:
    return Conflict("view_name_taken", f"you already have a view named {name!r}", field="name")
