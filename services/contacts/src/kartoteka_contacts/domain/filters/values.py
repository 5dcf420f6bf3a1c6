"""Normalised filter values, and the checks every field kind shares."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast
from uuid import UUID

from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.filters.operators import MAX_DAYS, MAX_FRAGMENT_LENGTH

# Longer than any spelling of a UUID (braces, dashes, urn:uuid:), refused before parsing.
_MAX_UUID_TEXT = 45
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DIGITS = re.compile(r"[0-9]{1,6}")


@dataclass(frozen=True)
class Money:
    """A money bound: the amount compared, in one currency."""

    amount: Decimal
    currency: str


# A normalised value, in the form the field's storage compares: custom dates and moments stay
# their stored ISO text, standard ones become date / datetime, decimals become Decimal.
Scalar = str | int | bool | Decimal | date | datetime | UUID | Money
Value = Scalar | tuple[Scalar, ...] | None


def invalid_value(path: str, detail: str, *, reason: str | None = None) -> InvalidInput:
    """The error for a refused value at `path`; `reason` keeps the field type's own code."""
    return InvalidInput(
        "invalid_filter_value", detail, field=path, extra={"reason": reason} if reason else None
    )


def fragment(raw: object, path: str) -> str:
    """A piece of text to look for: non-blank, one line of reasonable length."""
    if not isinstance(raw, str):
        raise invalid_value(path, "expected a text to look for")
    text = raw.strip()
    if not text:
        raise invalid_value(path, "the text to look for is blank")
    if len(text) > MAX_FRAGMENT_LENGTH:
        raise invalid_value(path, f"at most {MAX_FRAGMENT_LENGTH} characters")
    no_nul(text, path)
    return text


def no_nul(text: str, path: str) -> None:
    """PostgreSQL text cannot hold NUL: refuse it here with a clear message."""
    if "\x00" in text:
        raise invalid_value(path, "text must not contain NUL characters")


def days(raw: object, path: str) -> int:
    """A whole number of days, 0 to 100 years."""
    if isinstance(raw, str) and _DIGITS.fullmatch(raw.strip()):
        raw = int(raw.strip())
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= MAX_DAYS:
        raise invalid_value(path, f"expected a whole number of days from 0 to {MAX_DAYS}")
    return raw


def uuid_value(raw: object, path: str) -> UUID:
    """A UUID from its text (any case, with or without dashes)."""
    if isinstance(raw, UUID):
        return raw
    if isinstance(raw, str) and len(raw.strip()) <= _MAX_UUID_TEXT:
        try:
            return UUID(raw.strip())
        except ValueError:
            pass
    raise invalid_value(path, f"{raw!r} is not a UUID")


def through_end_of_day(raw: object) -> object:
    """A bare day as the last microsecond of that day, for upper bounds on moments.

    "between 2024-03-01 and 2024-03-31" and "after 2024-03-01" mean whole days to people; as
    midnight the 31st would be left out and most of the 1st let in.
    """
    if isinstance(raw, datetime):
        return raw
    if isinstance(raw, date):
        return f"{raw.isoformat()}T23:59:59.999999"
    if isinstance(raw, str) and _ISO_DAY.fullmatch(raw.strip()):
        return f"{raw.strip()}T23:59:59.999999"
    return raw


def ordered(low: Scalar, high: Scalar, path: str) -> None:
    """Refuse a `between` whose bounds are the wrong way round (or in different currencies)."""
    if isinstance(low, Money) and isinstance(high, Money):
        if low.currency != high.currency:
            raise invalid_value(path, "both bounds must be in the same currency")
        low, high = low.amount, high.amount
    try:
        wrong = bool(cast(Any, low) > high)
    except TypeError:  # bounds of one field always compare; anything else is not ours to judge
        wrong = False
    if wrong:
        raise invalid_value(path, "the first bound is greater than the second")
