"""Saved views: a filter of the contact list with the columns and sort it shows."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from kartoteka_platform.errors import Forbidden, InvalidInput

from kartoteka_contacts.domain.filters import STANDARD_FIELDS
from kartoteka_contacts.domain.settings import CARD_FIELDS, CUSTOM_PREFIX

# A list wider than 100 columns is unreadable; the bound keeps a stored view small.
MAX_COLUMNS = 100
# What a list column may show: the card's fields plus what lists derive from them
# (display_name, created_at, updated_at, the primary email and phone).
STANDARD_COLUMNS: tuple[str, ...] = (
    *CARD_FIELDS,
    *(name for name in STANDARD_FIELDS if name not in CARD_FIELDS),
)


@dataclass(frozen=True)
class SortField:
    field: str
    descending: bool = False


@dataclass(frozen=True)
class SavedView:
    id: uuid.UUID
    owner_id: str
    shared: bool
    name: str
    # The normalised filter JSON (parsing it again gives the same filter).
    filter: dict[str, Any]
    columns: tuple[str, ...]
    sort: tuple[SortField, ...]
    created_at: datetime
    updated_at: datetime


def validate_columns(raw: Sequence[str], custom_keys: Collection[str]) -> tuple[str, ...]:
    """Column names: standard columns or `custom.<key>` of live custom fields, each once."""
    if len(raw) > MAX_COLUMNS:
        raise InvalidInput(
            "too_many_columns", f"a view shows at most {MAX_COLUMNS} columns", field="columns"
        )
    columns: list[str] = []
    for index, name in enumerate(raw):
        where = f"columns[{index}]"
        if name.startswith(CUSTOM_PREFIX):
            known = name.removeprefix(CUSTOM_PREFIX) in custom_keys
        else:
            known = name in STANDARD_COLUMNS
        if not known:
            raise InvalidInput("unknown_column", f"no field {name[:100]!r}", field=where)
        if name in columns:
            raise InvalidInput("duplicate_column", f"{name!r} is listed twice", field=where)
        columns.append(name)
    return tuple(columns)


def check_owner(view: SavedView, actor_id: str) -> None:
    """Only the employee who saved a view may change or delete it, shared or not."""
    if view.owner_id != actor_id:
        raise Forbidden(
            "not_view_owner", "only the owner of a view may change or delete it", field="id"
        )


def visible_to(view: SavedView, actor_id: str) -> bool:
    return view.shared or view.owner_id == actor_id


def without_deleted_fields(view: SavedView, custom_keys: Collection[str]) -> SavedView:
    """Columns and sort keys of custom fields deleted since the view was saved drop out."""

    def live(name: str) -> bool:
        return not name.startswith(CUSTOM_PREFIX) or name.removeprefix(CUSTOM_PREFIX) in custom_keys

    if all(live(c) for c in view.columns) and all(live(s.field) for s in view.sort):
        return view
    return replace(
        view,
        columns=tuple(c for c in view.columns if live(c)),
        sort=tuple(s for s in view.sort if live(s.field)),
    )
