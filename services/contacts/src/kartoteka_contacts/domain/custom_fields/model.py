"""What a custom field is: its type, its options and how its values are stored."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from kartoteka_platform.errors import InvalidInput

# The JSON form a value takes inside `contact.custom`; chosen so SQL can compare it directly.
StoredValue = str | int | bool | list[str] | dict[str, str]


class FieldType(enum.StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    MONEY = "money"
    DATE = "date"
    DATETIME = "datetime"
    CHECKBOX = "checkbox"
    DROPDOWN = "dropdown"
    MULTI_SELECT = "multi_select"
    LINK = "link"
    CONTACT_REF = "contact_ref"


@dataclass(frozen=True)
class FieldOption:
    """One choice of a dropdown or multi-select: a stable stored value and its label."""

    value: str
    label: str


@dataclass(frozen=True)
class FieldDefinition:
    """A custom field as an administrator defines it."""

    key: str
    label: str
    type: FieldType
    options: tuple[FieldOption, ...] = ()
    help_text: str = ""
    required: bool = False
    unique: bool = False
    filterable: bool = False
    show_on_card: bool = True
    show_in_list: bool = False
    show_in_portal: bool = False
    show_in_processes: bool = False
    show_on_create: bool = False
    position: int = 0
    settings: Mapping[str, object] = field(default_factory=dict)


def value_error(definition: FieldDefinition, code: str, detail: str) -> InvalidInput:
    """The error for a value refused by `definition`, pointing at its place on the card."""
    return InvalidInput(code, detail, field=f"custom.{definition.key}")
