"""Custom fields in filters: which operators each type offers and how its values normalise."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.custom_fields import (
    TYPE_SPECS,
    FieldDefinition,
    FieldType,
    coerce_value,
)
from kartoteka_contacts.domain.filters.operators import Operator
from kartoteka_contacts.domain.filters.values import Money, Scalar, invalid_value

_O = Operator
_PRESENCE = frozenset({_O.EMPTY, _O.NOT_EMPTY})
_MEMBERSHIP = frozenset({_O.EQ, _O.NE, _O.IN, _O.NOT_IN})
_ORDER = frozenset({_O.GT, _O.GTE, _O.LT, _O.LTE, _O.BETWEEN})
_TIMELINE = _ORDER | {_O.BEFORE, _O.AFTER, _O.WITHIN_LAST_DAYS, _O.OLDER_THAN_DAYS}
_TEXT = _MEMBERSHIP | _PRESENCE | {_O.CONTAINS, _O.STARTS_WITH}

# What the SQL compiler can build for each type. A type offers the operators its registry entry
# lists (`TYPE_SPECS[type].operators`) that are also here; a unit test checks none is lost.
COMPILABLE: Mapping[FieldType, frozenset[Operator]] = MappingProxyType(
    {
        FieldType.TEXT: _TEXT,
        FieldType.LONG_TEXT: _TEXT,
        FieldType.LINK: _TEXT,
        FieldType.INTEGER: _MEMBERSHIP | _ORDER | _PRESENCE,
        FieldType.DECIMAL: _MEMBERSHIP | _ORDER | _PRESENCE,
        FieldType.MONEY: _ORDER | _PRESENCE | {_O.EQ, _O.NE},
        FieldType.DATE: _MEMBERSHIP | _TIMELINE | _PRESENCE,
        FieldType.DATETIME: _MEMBERSHIP | _TIMELINE | _PRESENCE,
        FieldType.CHECKBOX: _PRESENCE | {_O.EQ, _O.NE},
        FieldType.DROPDOWN: _MEMBERSHIP | _PRESENCE,
        FieldType.MULTI_SELECT: _PRESENCE | {_O.HAS_ANY, _O.HAS_ALL},
        FieldType.CONTACT_REF: _MEMBERSHIP | _PRESENCE,
    }
)


def custom_operators(definition: FieldDefinition) -> frozenset[Operator]:
    """The operators a filter may use on this field."""
    offered = TYPE_SPECS[definition.type].operators
    return frozenset(op for op in COMPILABLE[definition.type] if op.value in offered)


def custom_value(definition: FieldDefinition, raw: object, path: str) -> Scalar:
    """One value for the field, read by the field type's own coercion, in its compared form."""
    if definition.type is FieldType.MULTI_SELECT:
        # One option per list item: a label with a comma must not be split into two.
        stored = _coerce(definition, [raw] if raw is not None else None, path)
        if not isinstance(stored, list) or len(stored) != 1 or not isinstance(stored[0], str):
            raise invalid_value(path, "expected one option")
        option: str = stored[0]
        return option
    stored = _coerce(definition, raw, path)
    if definition.type is FieldType.DECIMAL and isinstance(stored, str):
        return Decimal(stored)
    if definition.type is FieldType.MONEY and isinstance(stored, dict):
        return Money(Decimal(stored["amount"]), stored["currency"])
    if isinstance(stored, str | int | bool):
        return stored
    raise invalid_value(path, f"not a single {definition.type} value")


def _coerce(definition: FieldDefinition, raw: object, path: str) -> object:
    try:
        stored = coerce_value(definition, raw)
    except InvalidInput as exc:
        raise invalid_value(path, exc.detail, reason=exc.code) from exc
    if stored is None:
        raise invalid_value(path, "a value is required: use the `empty` operator for no value")
    return stored
