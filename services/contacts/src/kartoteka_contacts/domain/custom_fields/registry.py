"""Every field type in one table: how values are coerced, shown, compared and converted."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from kartoteka_contacts.domain.custom_fields import choices, temporal, values
from kartoteka_contacts.domain.custom_fields.model import FieldDefinition, FieldType, StoredValue
from kartoteka_contacts.domain.custom_fields.settings import (
    LONG_TEXT_MAX_LENGTH,
    LONG_TEXT_MAX_LENGTH_CEILING,
    TEXT_MAX_LENGTH,
    TEXT_MAX_LENGTH_CEILING,
    decimal_settings,
    integer_settings,
    money_settings,
    no_settings,
    text_settings,
)

SqlKind = Literal["text", "numeric", "boolean", "text_array", "money", "uuid"]
Coerce = Callable[[FieldDefinition, object], StoredValue | None]
ValidateSettings = Callable[[Mapping[str, object]], dict[str, object]]
ToText = Callable[[FieldDefinition, StoredValue], str]

OPERATORS = frozenset(
    {
        "eq", "ne", "in", "not_in", "contains", "starts_with", "gt", "gte", "lt", "lte",
        "between", "empty", "not_empty", "before", "after", "within_last_days",
        "older_than_days", "has_any", "has_all",
    }
)  # fmt: skip
_PRESENCE = frozenset({"empty", "not_empty"})
_MEMBERSHIP = frozenset({"eq", "ne", "in", "not_in"})
_ORDER = frozenset({"gt", "gte", "lt", "lte", "between"})
_TIMELINE = frozenset({"before", "after", "between", "within_last_days", "older_than_days"})


@dataclass(frozen=True)
class TypeSpec:
    """What the platform knows about one field type; adding a type is adding one of these."""

    type: FieldType
    # Turns a non-empty input into the stored form; raises InvalidInput on field `custom.<key>`.
    coerce: Coerce
    # Checks settings and returns them completed with defaults; errors name `settings.<name>`.
    validate_settings: ValidateSettings
    # A readable text of a stored value, for exports and for conversion into a text field.
    to_text: ToText
    sql_kind: SqlKind
    operators: frozenset[str]
    has_options: bool = False
    allows_unique: bool = True
    # Free text: every type can become it (by `to_text`), and it can become `parses_text` types.
    holds_text: bool = False
    # `coerce` understands the text people write, so a text field may be converted into this type.
    parses_text: bool = False
    # Other types whose stored values `coerce` accepts as they are, without loss.
    converts_from: frozenset[FieldType] = frozenset()


def plain_text(definition: FieldDefinition, value: StoredValue) -> str:
    """The readable form of any stored value, used where a type needs nothing better."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(value)
    if isinstance(value, dict):
        return " ".join(value.values())
    return str(value)


def _money_text(definition: FieldDefinition, value: StoredValue) -> str:
    if isinstance(value, dict):
        return f"{value.get('amount', '')} {value.get('currency', '')}".strip()
    return plain_text(definition, value)


def _moment_text(definition: FieldDefinition, value: StoredValue) -> str:
    if isinstance(value, str):
        return temporal.readable_moment(value)
    return plain_text(definition, value)


def _choice_text(definition: FieldDefinition, value: StoredValue) -> str:
    if isinstance(value, str):
        return "; ".join(choices.option_labels(definition, [value]))
    if isinstance(value, list):
        return "; ".join(choices.option_labels(definition, value))
    return plain_text(definition, value)


def _text_spec(kind: FieldType, default: int, ceiling: int, operators: frozenset[str]) -> TypeSpec:
    def coerce(definition: FieldDefinition, raw: object) -> StoredValue | None:
        settings = text_settings(definition.settings, default=default, ceiling=ceiling)
        return values.coerce_text(definition, raw, settings)

    def validate(settings: Mapping[str, object]) -> dict[str, object]:
        return text_settings(settings, default=default, ceiling=ceiling).as_mapping()

    return TypeSpec(
        type=kind,
        coerce=coerce,
        validate_settings=validate,
        to_text=plain_text,
        sql_kind="text",
        operators=operators,
        allows_unique=kind is not FieldType.LONG_TEXT,
        holds_text=True,
        parses_text=True,
    )


def _integer(definition: FieldDefinition, raw: object) -> StoredValue:
    return values.coerce_integer(definition, raw, integer_settings(definition.settings))


def _decimal(definition: FieldDefinition, raw: object) -> StoredValue:
    return values.coerce_decimal(definition, raw, decimal_settings(definition.settings))


def _money(definition: FieldDefinition, raw: object) -> StoredValue | None:
    return values.coerce_money(definition, raw, money_settings(definition.settings))


_SPECS = (
    _text_spec(
        FieldType.TEXT,
        TEXT_MAX_LENGTH,
        TEXT_MAX_LENGTH_CEILING,
        _MEMBERSHIP | _PRESENCE | {"contains", "starts_with"},
    ),
    _text_spec(
        FieldType.LONG_TEXT,
        LONG_TEXT_MAX_LENGTH,
        LONG_TEXT_MAX_LENGTH_CEILING,
        _PRESENCE | {"contains"},
    ),
    TypeSpec(
        type=FieldType.INTEGER,
        coerce=_integer,
        validate_settings=lambda settings: integer_settings(settings).as_mapping(),
        to_text=plain_text,
        sql_kind="numeric",
        operators=_MEMBERSHIP | _ORDER | _PRESENCE,
        parses_text=True,
    ),
    TypeSpec(
        type=FieldType.DECIMAL,
        coerce=_decimal,
        validate_settings=lambda settings: decimal_settings(settings).as_mapping(),
        to_text=plain_text,
        sql_kind="numeric",
        operators=_MEMBERSHIP | _ORDER | _PRESENCE,
        parses_text=True,
        converts_from=frozenset({FieldType.INTEGER}),
    ),
    TypeSpec(
        type=FieldType.MONEY,
        coerce=_money,
        validate_settings=lambda settings: money_settings(settings).as_mapping(),
        to_text=_money_text,
        sql_kind="money",
        operators=_ORDER | _PRESENCE | {"eq"},
    ),
    TypeSpec(
        type=FieldType.DATE,
        coerce=temporal.coerce_date,
        validate_settings=no_settings,
        to_text=plain_text,
        sql_kind="text",
        operators=_TIMELINE | _PRESENCE | {"eq"},
        parses_text=True,
    ),
    TypeSpec(
        type=FieldType.DATETIME,
        coerce=temporal.coerce_datetime,
        validate_settings=no_settings,
        to_text=_moment_text,
        sql_kind="text",
        # Equality to the microsecond is never what a user filtering by time means.
        operators=_TIMELINE | _PRESENCE,
        parses_text=True,
        converts_from=frozenset({FieldType.DATE}),
    ),
    TypeSpec(
        type=FieldType.CHECKBOX,
        coerce=values.coerce_checkbox,
        validate_settings=no_settings,
        to_text=plain_text,
        sql_kind="boolean",
        operators=_PRESENCE | {"eq"},
        allows_unique=False,
        parses_text=True,
    ),
    TypeSpec(
        type=FieldType.DROPDOWN,
        coerce=choices.coerce_dropdown,
        validate_settings=no_settings,
        to_text=_choice_text,
        sql_kind="text",
        operators=_MEMBERSHIP | _PRESENCE,
        has_options=True,
        parses_text=True,
    ),
    TypeSpec(
        type=FieldType.MULTI_SELECT,
        coerce=choices.coerce_multi_select,
        validate_settings=no_settings,
        to_text=_choice_text,
        sql_kind="text_array",
        operators=_PRESENCE | {"has_any", "has_all"},
        has_options=True,
        allows_unique=False,
        parses_text=True,
        converts_from=frozenset({FieldType.DROPDOWN}),
    ),
    TypeSpec(
        type=FieldType.LINK,
        coerce=values.coerce_link,
        validate_settings=no_settings,
        to_text=plain_text,
        sql_kind="text",
        operators=_PRESENCE | {"eq", "contains"},
        parses_text=True,
    ),
    TypeSpec(
        type=FieldType.CONTACT_REF,
        coerce=values.coerce_contact_ref,
        validate_settings=no_settings,
        to_text=plain_text,
        sql_kind="uuid",
        operators=_PRESENCE | {"eq", "in"},
    ),
)

TYPE_SPECS: Mapping[FieldType, TypeSpec] = MappingProxyType({spec.type: spec for spec in _SPECS})
