"""What changed between two versions of a card, field by field, in JSON form for history."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from enum import Enum
from typing import Any

from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.contact import (
    Address,
    ContactDraft,
    ContactKind,
    Email,
    Gender,
    Phone,
)

JsonValue = Any
# Fields of ContactDraft that a patch may set; custom values are patched key by key.
PATCHABLE_FIELDS = frozenset(f.name for f in fields(ContactDraft)) - {"kind"}


@dataclass(frozen=True)
class FieldChange:
    """One field of one card: its value before and after (None = empty)."""

    field: str
    old: JsonValue
    new: JsonValue


# Read once: `dataclasses.fields` builds a tuple on every call, and this runs per card.
_STANDARD_FIELDS = tuple(f.name for f in fields(ContactDraft) if f.name != "custom")


def field_values(draft: ContactDraft) -> dict[str, JsonValue]:
    """Every field as JSON, custom values as `custom.<key>`; empty values are left out."""
    values: dict[str, JsonValue] = {}
    for name in _STANDARD_FIELDS:
        value = _json(getattr(draft, name))
        if value not in (None, "", [], {}):
            values[name] = value
    for key, value in draft.custom.items():
        values[f"custom.{key}"] = _json(value)
    return values


def diff(old: ContactDraft | None, new: ContactDraft | None) -> list[FieldChange]:
    """The fields whose values differ; an empty list means the write changes nothing."""
    return changes_between(field_values(old) if old else {}, field_values(new) if new else {})


def changes_between(
    before: Mapping[str, JsonValue], after: Mapping[str, JsonValue]
) -> list[FieldChange]:
    """`diff` of two cards' `field_values`, for a caller that has them already."""
    return [
        FieldChange(name, before.get(name), after.get(name))
        for name in sorted(before.keys() | after.keys())
        if before.get(name) != after.get(name)
    ]


def apply_patch(
    current: ContactDraft, values: Mapping[str, Any], custom: Mapping[str, object | None]
) -> ContactDraft:
    """`current` with standard fields replaced and custom keys set (None clears a key)."""
    unknown = set(values) - PATCHABLE_FIELDS
    if unknown:
        name = sorted(unknown)[0]
        raise InvalidInput("unknown_field", f"{name!r} cannot be changed", field=name)
    merged_custom = {**current.custom}
    for key, value in custom.items():
        if value is None:
            merged_custom.pop(key, None)
        else:
            merged_custom[key] = value
    return replace(current, **values, custom=merged_custom)


def _json(value: object) -> JsonValue:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_json(item) for item in value]
    if isinstance(value, Mapping):
        return {str(k): _json(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        # Not `asdict`: it deep-copies every value first, and this runs per field per card of
        # an import (an email, a phone, an address are flat dataclasses).
        return {name: _json(getattr(value, name)) for name in value.__dataclass_fields__}
    return value


def restore_fields(current: ContactDraft, before: Mapping[str, JsonValue]) -> ContactDraft:
    """`current` with the fields of `before` (as `diff` recorded them: JSON, None = empty) put
    back: what an undo writes over a card nobody changed since."""
    values: dict[str, Any] = {}
    custom = dict(current.custom)
    for name, value in before.items():
        if name.startswith("custom."):
            key = name.removeprefix("custom.")
            if value is None:
                custom.pop(key, None)
            else:
                custom[key] = value
            continue
        values[name] = _from_json(name, value)
    return replace(current, **values, custom=custom)


def _from_json(name: str, value: JsonValue) -> Any:
    """The ContactDraft form of a field stored by `_json` (the inverse, field by field)."""
    converters: dict[str, Any] = {
        "kind": ContactKind,
        "gender": Gender,
        "birthday": date.fromisoformat,
        "company_id": uuid.UUID,
        "activity_id": uuid.UUID,
        "emails": lambda items: [Email(**item) for item in items],
        "phones": lambda items: [Phone(**item) for item in items],
        "addresses": lambda items: [Address(**item) for item in items],
        "legal": dict,
    }
    empty: dict[str, Any] = {
        "gender": None,
        "birthday": None,
        "company_id": None,
        "activity_id": None,
        "emails": [],
        "phones": [],
        "addresses": [],
        "legal": {},
    }
    if value is None:
        return empty.get(name, "")
    convert = converters.get(name)
    return convert(value) if convert else value
