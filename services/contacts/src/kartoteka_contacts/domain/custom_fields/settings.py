"""Per-type settings of a custom field, read strictly and completed with their defaults."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.custom_fields.numbers import (
    INT64_MAX,
    INT64_MIN,
    NumberProblem,
    canonical_decimal,
    parse_decimal,
)

TEXT_MAX_LENGTH = 1000
TEXT_MAX_LENGTH_CEILING = 2000
LONG_TEXT_MAX_LENGTH = 100_000
# Long texts live inside the contact row's jsonb; the ceiling keeps one card from bloating it.
LONG_TEXT_MAX_LENGTH_CEILING = 100_000
DECIMAL_SCALE = 2
DECIMAL_MAX_SCALE = 10
MONEY_SCALE = 2
MONEY_MAX_SCALE = 4
DEFAULT_CURRENCIES = ("PLN", "EUR", "USD", "GBP", "UAH")
MAX_CURRENCIES = 50
_CURRENCY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class TextSettings:
    max_length: int

    def as_mapping(self) -> dict[str, object]:
        return {"max_length": self.max_length}


@dataclass(frozen=True)
class IntegerSettings:
    min: int | None = None
    max: int | None = None

    def as_mapping(self) -> dict[str, object]:
        return _present({"min": self.min, "max": self.max})


@dataclass(frozen=True)
class DecimalSettings:
    scale: int = DECIMAL_SCALE
    min: Decimal | None = None
    max: Decimal | None = None

    def as_mapping(self) -> dict[str, object]:
        bounds = {
            name: None if bound is None else canonical_decimal(bound, self.scale)
            for name, bound in (("min", self.min), ("max", self.max))
        }
        return {"scale": self.scale, **_present(bounds)}


@dataclass(frozen=True)
class MoneySettings:
    currencies: tuple[str, ...] = DEFAULT_CURRENCIES
    scale: int = MONEY_SCALE

    def as_mapping(self) -> dict[str, object]:
        return {"currencies": self.currencies, "scale": self.scale}


def no_settings(settings: Mapping[str, object]) -> dict[str, object]:
    """Settings of a type that has none: only the empty mapping."""
    _only(settings, frozenset())
    return {}


def text_settings(settings: Mapping[str, object], *, default: int, ceiling: int) -> TextSettings:
    """Settings of text and long text: `max_length` in 1..ceiling."""
    _only(settings, frozenset({"max_length"}))
    return TextSettings(_int(settings, "max_length", default, 1, ceiling))


def integer_settings(settings: Mapping[str, object]) -> IntegerSettings:
    """Settings of an integer: optional `min` and `max` within int64."""
    _only(settings, frozenset({"min", "max"}))
    low = _optional_int(settings, "min")
    high = _optional_int(settings, "max")
    if low is not None and high is not None and low > high:
        raise _invalid("min", f"min {low} is greater than max {high}")
    return IntegerSettings(low, high)


def decimal_settings(settings: Mapping[str, object]) -> DecimalSettings:
    """Settings of a decimal: `scale` in 0..10 and optional `min` and `max` at that scale."""
    _only(settings, frozenset({"scale", "min", "max"}))
    scale = _int(settings, "scale", DECIMAL_SCALE, 0, DECIMAL_MAX_SCALE)
    low = _optional_decimal(settings, "min", scale)
    high = _optional_decimal(settings, "max", scale)
    if low is not None and high is not None and low > high:
        raise _invalid("min", f"min {low} is greater than max {high}")
    return DecimalSettings(scale, low, high)


def money_settings(settings: Mapping[str, object]) -> MoneySettings:
    """Settings of money: the allowed ISO 4217 `currencies` and the `scale` of amounts."""
    _only(settings, frozenset({"currencies", "scale"}))
    scale = _int(settings, "scale", MONEY_SCALE, 0, MONEY_MAX_SCALE)
    raw = settings.get("currencies", DEFAULT_CURRENCIES)
    # A bare string is a sequence too, but "PLN" must not become ("P", "L", "N").
    if isinstance(raw, str) or not isinstance(raw, Sequence) or not raw:
        raise _invalid("currencies", "currencies must be a non-empty list of currency codes")
    if len(raw) > MAX_CURRENCIES:
        raise _invalid("currencies", f"at most {MAX_CURRENCIES} currencies")
    currencies: list[str] = []
    for i, code in enumerate(raw):
        name = f"currencies[{i}]"
        if not isinstance(code, str) or not _CURRENCY.fullmatch(code.strip().upper()):
            raise _invalid(name, f"{code!r} is not a three-letter ISO 4217 currency code")
        if code.strip().upper() in currencies:
            raise _invalid(name, f"currency {code!r} is listed twice")
        currencies.append(code.strip().upper())
    return MoneySettings(tuple(currencies), scale)


def _only(settings: Mapping[str, object], allowed: frozenset[str]) -> None:
    # A typo in a setting name would otherwise silently fall back to the default.
    for name in settings:
        if name not in allowed:
            raise InvalidInput(
                "unknown_setting",
                f"{name!r} is not a setting of this field type",
                field=f"settings.{name}",
            )


def _int(settings: Mapping[str, object], name: str, default: int, low: int, high: int) -> int:
    value = settings.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _invalid(name, f"{name} must be a whole number from {low} to {high}")
    return value


def _optional_int(settings: Mapping[str, object], name: str) -> int | None:
    value = settings.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not INT64_MIN <= value <= INT64_MAX:
        raise _invalid(name, f"{name} must be a whole number within 64 bits")
    return value


def _optional_decimal(settings: Mapping[str, object], name: str, scale: int) -> Decimal | None:
    value = settings.get(name)
    if value is None:
        return None
    try:
        number = parse_decimal(value, scale)
    except NumberProblem as exc:
        raise _invalid(name, f"{name} is not a number with {scale} decimal places: {exc}") from exc
    return number


def _present(values: Mapping[str, object]) -> dict[str, object]:
    return {name: value for name, value in values.items() if value is not None}


def _invalid(name: str, detail: str) -> InvalidInput:
    return InvalidInput("invalid_setting", detail, field=f"settings.{name}")
