"""The standard fields a filter may name: their kind, operators and value rules, in one table."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType

from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.custom_fields import FieldDefinition, FieldType, coerce_value
from kartoteka_contacts.domain.filters.operators import Operator
from kartoteka_contacts.domain.filters.values import (
    Scalar,
    invalid_value,
    no_nul,
    uuid_value,
)

# RFC 5321 caps a forward path at 256; 320 is the common (generous) limit for an address.
EMAIL_MAX_LENGTH = 320
TEXT_VALUE_MAX_LENGTH = 1000
_E164 = re.compile(r"\+[1-9][0-9]{6,14}")
_COUNTRY = re.compile(r"[A-Z]{2}")
# Dates and moments are read exactly as a custom date or datetime field reads them.
_DATE = FieldDefinition(key="date", label="date", type=FieldType.DATE)
_MOMENT = FieldDefinition(key="datetime", label="datetime", type=FieldType.DATETIME)


class StandardKind(enum.StrEnum):
    """How a standard field is stored, which decides how it is compared."""

    TEXT = "text"
    CHOICE = "choice"
    COUNTRY = "country"
    UUID = "uuid"
    DATE = "date"
    TIMESTAMP = "timestamp"
    EMAIL = "email"
    PHONE = "phone"


@dataclass(frozen=True)
class StandardField:
    """A column of the contact card as filters see it."""

    name: str
    kind: StandardKind
    operators: frozenset[Operator]
    # Whether the column may be NULL (rather than '' or an empty list) when unset.
    nullable: bool = False
    choices: tuple[str, ...] = ()


_O = Operator
_TEXT = frozenset(
    {_O.EQ, _O.NE, _O.IN, _O.NOT_IN, _O.CONTAINS, _O.STARTS_WITH, _O.EMPTY, _O.NOT_EMPTY}
)
_LONG_TEXT = frozenset({_O.CONTAINS, _O.STARTS_WITH, _O.EMPTY, _O.NOT_EMPTY})
_MEMBERSHIP = frozenset({_O.EQ, _O.NE, _O.IN, _O.NOT_IN})
_OPTIONAL = _MEMBERSHIP | {_O.EMPTY, _O.NOT_EMPTY}
_TIMELINE = frozenset({_O.BEFORE, _O.AFTER, _O.BETWEEN, _O.WITHIN_LAST_DAYS, _O.OLDER_THAN_DAYS})
_K = StandardKind

_FIELDS = (
    StandardField("kind", _K.CHOICE, _MEMBERSHIP, choices=("person", "company")),
    StandardField("first_name", _K.TEXT, _TEXT),
    StandardField("middle_name", _K.TEXT, _TEXT),
    StandardField("last_name", _K.TEXT, _TEXT),
    StandardField("company_name", _K.TEXT, _TEXT),
    StandardField("display_name", _K.TEXT, _TEXT),
    StandardField("region", _K.TEXT, _TEXT),
    StandardField("source", _K.TEXT, _TEXT),
    StandardField("description", _K.TEXT, _LONG_TEXT),
    StandardField("manager_id", _K.TEXT, _OPTIONAL, nullable=True),
    StandardField("activity_id", _K.UUID, _OPTIONAL, nullable=True),
    StandardField("company_id", _K.UUID, _OPTIONAL, nullable=True),
    StandardField("gender", _K.CHOICE, _OPTIONAL, nullable=True, choices=("male", "female")),
    StandardField("country_code", _K.COUNTRY, _OPTIONAL, nullable=True),
    StandardField("birthday", _K.DATE, _TIMELINE | {_O.EQ, _O.EMPTY, _O.NOT_EMPTY}, nullable=True),
    StandardField("created_at", _K.TIMESTAMP, _TIMELINE),
    StandardField("updated_at", _K.TIMESTAMP, _TIMELINE),
    StandardField("email", _K.EMAIL, _MEMBERSHIP | {_O.CONTAINS, _O.EMPTY, _O.NOT_EMPTY}),
    StandardField("phone", _K.PHONE, _OPTIONAL),
)

STANDARD_FIELDS: Mapping[str, StandardField] = MappingProxyType({f.name: f for f in _FIELDS})


def standard_value(field: StandardField, raw: object, path: str) -> Scalar:
    """One value for `field`, normalised the way the column stores it."""
    if field.kind is StandardKind.UUID:
        return uuid_value(raw, path)
    if field.kind in (StandardKind.DATE, StandardKind.TIMESTAMP):
        return _temporal(field.kind, raw, path)
    if not isinstance(raw, str):
        raise invalid_value(path, f"expected text for {field.name}")
    text = raw.strip()
    no_nul(text, path)
    if not text:
        raise invalid_value(path, f"a blank {field.name}: use the `empty` operator instead")
    return _TEXT_RULES.get(field.kind, _plain)(field, text, path)


def _plain(field: StandardField, text: str, path: str) -> str:
    if len(text) > TEXT_VALUE_MAX_LENGTH:
        raise invalid_value(path, f"at most {TEXT_VALUE_MAX_LENGTH} characters")
    return text


def _choice(field: StandardField, text: str, path: str) -> str:
    if text.lower() not in field.choices:
        raise invalid_value(path, f"{field.name} is one of: {', '.join(field.choices)}")
    return text.lower()


def _country(field: StandardField, text: str, path: str) -> str:
    if not _COUNTRY.fullmatch(text.upper()):
        raise invalid_value(path, "a country is a two-letter ISO 3166 code")
    return text.upper()


def _email(field: StandardField, text: str, path: str) -> str:
    if len(text) > EMAIL_MAX_LENGTH or any(char.isspace() for char in text):
        raise invalid_value(path, f"{text[:100]!r} is not an email address")
    # Addresses are stored lower-case, so comparing lower-case finds every spelling.
    return text.lower()


def _phone(field: StandardField, text: str, path: str) -> str:
    if not _E164.fullmatch(text):
        raise invalid_value(path, f"{text[:100]!r} is not an E.164 phone number like +48600100200")
    return text


_TEXT_RULES: Mapping[StandardKind, Callable[[StandardField, str, str], str]] = {
    StandardKind.CHOICE: _choice,
    StandardKind.COUNTRY: _country,
    StandardKind.EMAIL: _email,
    StandardKind.PHONE: _phone,
}


def _temporal(kind: StandardKind, raw: object, path: str) -> date | datetime:
    definition = _DATE if kind is StandardKind.DATE else _MOMENT
    try:
        stored = coerce_value(definition, raw)
    except InvalidInput as exc:
        raise invalid_value(path, exc.detail, reason=exc.code) from exc
    if not isinstance(stored, str):
        raise invalid_value(path, f"expected a {'date' if kind is StandardKind.DATE else 'moment'}")
    if kind is StandardKind.DATE:
        return date.fromisoformat(stored)
    return datetime.fromisoformat(stored)
