"""Reading whole and decimal numbers the way people type them, and writing them canonically."""

from __future__ import annotations

import re
from decimal import Context, Decimal

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
# Decimals and money amounts stay below 10**18: the size of numeric(18 + scale, scale).
DECIMAL_INTEGER_DIGITS = 18
# Longer input is refused before parsing so a pasted blob costs nothing.
MAX_NUMBER_TEXT = 64
# Spaces people put between digit groups: "1 234 567", with plain, no-break and thin spaces.
_GROUP_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")
_INTEGER_TEXT = re.compile(r"[+-]?[0-9]+")
# One separator only, dot or comma, so "1,234.56" is refused rather than guessed.
_DECIMAL_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")
# Wide enough that quantizing any accepted value is exact whatever the thread's context says.
_CONTEXT = Context(prec=DECIMAL_INTEGER_DIGITS + 20)


class NumberProblem(ValueError):
    """Why an input is not an acceptable number."""


class NotANumber(NumberProblem):
    """The input does not read as a number in an accepted form."""


class OutOfRange(NumberProblem):
    """The input is a number, but too large or too small to store."""


class WrongKind(NumberProblem):
    """The input is neither a number nor text."""


def parse_integer(raw: object) -> int:
    """A whole number within int64 from an int, an integral float or Decimal, or digits."""
    if isinstance(raw, bool):
        raise WrongKind("a boolean is not a number")
    if isinstance(raw, int):
        return _int64(raw)
    if isinstance(raw, float | Decimal):
        number = _finite(Decimal(repr(raw)) if isinstance(raw, float) else raw)
        if number != number.to_integral_value():
            raise NotANumber(f"{raw!r} is not a whole number")
        if number.adjusted() > len(str(INT64_MAX)):
            raise OutOfRange(f"{raw!r} does not fit in 64 bits")
        return _int64(int(number))
    if isinstance(raw, str):
        text = raw.strip().translate(_GROUP_SPACES)
        if len(text) > MAX_NUMBER_TEXT or not _INTEGER_TEXT.fullmatch(text):
            raise NotANumber(f"{raw!r} is not a whole number")
        if len(text.lstrip("+-").lstrip("0")) > len(str(INT64_MAX)):
            raise OutOfRange(f"{raw!r} does not fit in 64 bits")
        return _int64(int(text))
    raise WrongKind(f"a {type(raw).__name__} is not a number")


def parse_decimal(raw: object, scale: int) -> Decimal:
    """A decimal with exactly `scale` places, refusing input that would need rounding."""
    number = _as_decimal(raw)
    if number.is_zero():
        # Also turns "-0" into 0, so the canonical text has one zero.
        return Decimal(0).quantize(_quantum(scale))
    if number.adjusted() >= DECIMAL_INTEGER_DIGITS:
        raise OutOfRange(f"{raw!r} has more than {DECIMAL_INTEGER_DIGITS} digits before the point")
    quantized = number.quantize(_quantum(scale), context=_CONTEXT)
    if quantized != number:
        raise NotANumber(f"{raw!r} has more than {scale} decimal places")
    return quantized


def canonical_decimal(number: Decimal, scale: int) -> str:
    """The stored text of a decimal: plain digits, a dot and exactly `scale` places."""
    quantized = number.quantize(_quantum(scale), context=_CONTEXT)
    return format(abs(quantized) if quantized.is_zero() else quantized, "f")


def _as_decimal(raw: object) -> Decimal:
    if isinstance(raw, bool):
        raise WrongKind("a boolean is not a number")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        # repr is the shortest text that round-trips: 0.1 reads as 0.1, not 0.1000000000000000055.
        return _finite(Decimal(repr(raw)))
    if isinstance(raw, Decimal):
        return _finite(raw)
    if isinstance(raw, str):
        text = raw.strip().translate(_GROUP_SPACES)
        if len(text) > MAX_NUMBER_TEXT or not _DECIMAL_TEXT.fullmatch(text):
            raise NotANumber(f"{raw!r} is not a number")
        return Decimal(text.replace(",", "."))
    raise WrongKind(f"a {type(raw).__name__} is not a number")


def _finite(number: Decimal) -> Decimal:
    if not number.is_finite():
        raise NotANumber(f"{number} is not a finite number")
    return number


def _int64(value: int) -> int:
    if not INT64_MIN <= value <= INT64_MAX:
        raise OutOfRange(f"{value} does not fit in 64 bits")
    return value


def _quantum(scale: int) -> Decimal:
    return Decimal(1).scaleb(-scale)
