"""Merging duplicate cards: which value of each field survives."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import fields, replace
from typing import Any

from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.contact import Contact, ContactDraft

# Lists merge by union (survivor's items first, duplicates dropped) unless a card is chosen.
LIST_FIELDS = frozenset({"emails", "phones", "addresses"})
MAX_MERGED = 20


def check_merge(survivor: Contact, merged: Sequence[Contact]) -> None:
    """Cards merge only into a different card of the same kind."""
    if not merged:
        raise InvalidInput(
            "nothing_to_merge", "name at least one card to merge", field="merged_ids"
        )
    if len(merged) > MAX_MERGED:
        raise InvalidInput(
            "too_many", f"merge at most {MAX_MERGED} cards at once", field="merged_ids"
        )
    for index, card in enumerate(merged):
        if card.id == survivor.id:
            raise InvalidInput(
                "survivor_in_merged",
                "the surviving card cannot be merged into itself",
                field=f"merged_ids[{index}]",
            )
        if card.data.kind is not survivor.data.kind:
            raise InvalidInput(
                "merge_kind_mismatch",
                "a person and a company cannot be merged",
                field=f"merged_ids[{index}]",
            )


def merged_draft(
    survivor: Contact, merged: Sequence[Contact], field_sources: Mapping[str, uuid.UUID]
) -> ContactDraft:
    """The surviving card's fields after the merge.

    For each field: the card named in `field_sources` wins; otherwise the survivor's value,
    or the first merged card's value where the survivor has none. Lists are united.
    """
    cards = {card.id: card for card in (survivor, *merged)}
    known = {f.name for f in fields(ContactDraft)} - {"kind", "custom"}
    custom_keys = {key for card in cards.values() for key in card.data.custom}
    for name, source in field_sources.items():
        if source not in cards:
            raise InvalidInput(
                "unknown_source",
                f"{source} is not one of the merged cards",
                field=f"field_sources.{name}",
            )
        if name not in known and not (name.startswith("custom.") and name[7:] in custom_keys):
            raise InvalidInput(
                "unknown_field",
                f"{name!r} is not a field of these cards",
                field=f"field_sources.{name}",
            )
    order = [survivor, *merged]
    values: dict[str, Any] = {}
    for name in known:
        chosen = field_sources.get(name)
        if chosen is not None:
            values[name] = getattr(cards[chosen].data, name)
        elif name in LIST_FIELDS:
            values[name] = _union([getattr(card.data, name) for card in order])
        else:
            values[name] = _first_filled([getattr(card.data, name) for card in order])
    custom: dict[str, object] = {}
    for key in sorted(custom_keys):
        chosen = field_sources.get(f"custom.{key}")
        if chosen is not None:
            value = cards[chosen].data.custom.get(key)
        else:
            value = _first_filled([card.data.custom.get(key) for card in order])
        if value is not None:
            custom[key] = value
    return replace(survivor.data, **values, custom=custom)


def _first_filled(candidates: Sequence[Any]) -> Any:
    return next((value for value in candidates if value not in (None, "", [], {})), candidates[0])


def _union(lists: Sequence[Sequence[Any]]) -> list[Any]:
    seen: set[Any] = set()
    united = []
    for items in lists:
        for item in items:
            identity = getattr(item, "address", None) or getattr(item, "number", None) or item
            if identity not in seen:
                seen.add(identity)
                united.append(item)
    return united
