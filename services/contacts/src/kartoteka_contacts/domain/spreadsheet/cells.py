"""Reading one spreadsheet cell as text, a number, a yes/no, an id or a choice, and back.

XLSX readers give numbers, booleans and dates as Python objects; CSV readers give only text,
so every reader here accepts both. Converters raise `CellProblem` with a readable reason; a
column turns it into a `CellError` naming itself.

Formula neutralisation (OWASP "CSV injection"): a spreadsheet app evaluates a cell that starts
with = + - @ (or a tab or carriage return). `neutralise` prefixes such a cell with an apostrophe
on CSV export; `unneutralise` removes it on import. So that a text which itself starts with
apostrophes before one of those characters survives, `escape_apostrophes` (applied by every
column's `format`, whatever the file type) adds one more apostrophe, which `unneutralise` takes
away again, whether or not the CSV writer also neutralised the cell.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.spreadsheet.folding import loose

# What a reader yields per cell. `datetime` is a `date` too, and `bool` an `int`: test them first.
Cell = str | int | float | bool | datetime | date | None

FORMULA_TRIGGERS = frozenset("=+-@\t\r")
# XLSX stores numbers as IEEE doubles: integers beyond 2**53 come back altered, so they are text.
EXACT_FLOAT_INTEGER = 2**53
# Longer numeric text is refused before parsing so a pasted blob costs nothing.
MAX_NUMBER_TEXT = 64
# Spaces people put between digit groups: plain, no-break, narrow no-break and thin.
_GROUP_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?")
_GROUPED = re.compile(r"[0-9]{1,3}(?:X[0-9]{3})+")
_UUID_TEXT_MAX = 45
TRUE_WORDS = frozenset(
    {"true", "t", "yes", "y", "1", "x", "tak", "prawda", "ja", "wahr", "так", "да", "oui", "si",
     "✓", "✔", "☑", "✅"}
)  # fmt: skip
FALSE_WORDS = frozenset(
    {"false", "f", "no", "n", "0", "nie", "fałsz", "falsz", "nein", "falsch", "ні", "нет", "non",
     "✗", "✘", "☐", "❌"}
)  # fmt: skip
_LOOSE_TRUE = frozenset(loose(word) for word in TRUE_WORDS)
_LOOSE_FALSE = frozenset(loose(word) for word in FALSE_WORDS)


class CellProblem(ValueError):
    """Why a cell cannot be read as its column's kind of value; the column adds its key."""

    def __init__(self, reason: str, code: str = "invalid_cell") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


class CellError(InvalidInput):
    """A cell refused by its column: `field` (and `column_key`) name the column."""

    def __init__(self, column_key: str, reason: str, code: str = "invalid_cell") -> None:
        super().__init__(code, reason, field=column_key)
        self.column_key = column_key
        self.reason = reason


# --- formula neutralisation ----------------------------------------------------------------


def neutralise(text: str) -> str:
    """A formatted text cell made inert for CSV: "=1+1" -> "'=1+1"."""
    return "'" + text if text[:1] in FORMULA_TRIGGERS else text


def unneutralise(text: str) -> str:
    """The text a neutralised or escaped cell stands for: "'=1+1" -> "=1+1", "'a" unchanged."""
    if text.startswith("'") and text.lstrip("'")[:1] in FORMULA_TRIGGERS:
        return text[1:]
    return text


def escape_apostrophes(text: str) -> str:
    """Text whose own leading apostrophes `unneutralise` will keep: "'=x" -> "''=x"."""
    return "'" + text if text.startswith("'") and text.lstrip("'")[:1] in FORMULA_TRIGGERS else text


# --- text ------------------------------------------------------------------------------------


def is_blank(cell: Cell) -> bool:
    """Whether the cell says nothing: empty, or only whitespace."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def to_text(cell: Cell) -> str:
    """The cell as trimmed text; numbers as written ("00-950" typed as 950 stays "950")."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return unneutralise(cell.strip()).strip()
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, float):
        if not math.isfinite(cell):
            raise CellProblem(f"{cell!r} is not a value", "invalid_text")
        # XLSX keeps 600100200 as 600100200.0; "600100200" is what the person typed.
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, datetime):
        return cell.isoformat()
    return cell.isoformat()


# --- yes/no, ids and enumerations ------------------------------------------------------------


def to_bool(cell: Cell) -> bool | None:
    """Yes, no or nothing from a boolean, 1/0, "x", a tick, or a word in one of six languages."""
    if is_blank(cell):
        return None
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if cell in (0, 1):
            return cell == 1
        raise CellProblem(f"{cell!r} is neither 1 nor 0", "invalid_boolean")
    if isinstance(cell, str):
        word = loose(to_text(cell))
        if word in _LOOSE_TRUE:
            return True
        if word in _LOOSE_FALSE:
            return False
        raise CellProblem(
            f"{cell!r} is not a yes or a no (e.g. yes/no, tak/nie)", "invalid_boolean"
        )
    raise CellProblem(f"a date is not a yes or a no: {cell!r}", "invalid_boolean")


def to_uuid(cell: Cell) -> uuid.UUID | None:
    """An id written as a UUID, or nothing."""
    if is_blank(cell):
        return None
    if not isinstance(cell, str):
        raise CellProblem(f"{cell!r} is not an id (a UUID)", "invalid_id")
    text = to_text(cell)
    try:
        # uuid.UUID accepts any number of braces and dashes; a real id is short.
        if len(text) > _UUID_TEXT_MAX:
            raise ValueError(text)
        value = uuid.UUID(text)
    except ValueError as exc:
        raise CellProblem(f"{text[:60]!r} is not an id (a UUID)", "invalid_id") from exc
    if value.int == 0:
        raise CellProblem("the nil UUID is not an id", "invalid_id")
    return value


def to_choice(cell: Cell, choices: Mapping[str, str], what: str) -> str | None:
    """The value of `choices` (loose spelling -> value) the cell names, or nothing."""
    if is_blank(cell):
        return None
    text = to_text(cell)
    value = choices.get(loose(text))
    if value is None:
        known = ", ".join(sorted(set(choices.values())))
        raise CellProblem(f"{text[:60]!r} is not a {what} (one of: {known})", f"invalid_{what}")
    return value


# --- numbers ---------------------------------------------------------------------------------


def to_decimal(cell: Cell) -> Decimal | None:
    """A number from a numeric cell or text like "1 234,56", "1.234,56" or "1,234.56"."""
    # A lone comma or dot is the decimal point ("1,5" and "1.5" are both 1.5): in Polish files
    # "1,234" is a fraction far more often than a thousand. Both together are grouping then the
    # point, with groups of three digits, so "1,23.45" is refused rather than guessed.
    if is_blank(cell):
        return None
    if isinstance(cell, bool):
        raise CellProblem("a yes/no is not a number", "invalid_number")
    if isinstance(cell, int):
        return Decimal(cell)
    if isinstance(cell, float):
        if not math.isfinite(cell):
            raise CellProblem(f"{cell!r} is not a number", "invalid_number")
        # repr is the shortest text reading back as the same float: 0.1, not 0.1000000000000000055.
        return Decimal(repr(cell))
    if isinstance(cell, date):
        raise CellProblem(f"a date ({cell.isoformat()}) is not a number", "invalid_number")
    return _decimal_text(to_text(cell))


def to_integer(cell: Cell) -> int | None:
    """A whole number; 12.0 is 12, 12.5 is refused rather than rounded."""
    number = to_decimal(cell)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellProblem(f"{cell!r} is not a whole number", "invalid_integer")
    return int(number)


def number_cell(number: Decimal) -> Cell:
    """A decimal as a spreadsheet number when a double holds it exactly, else as its text."""
    approx = float(number)
    text = repr(approx)
    # An exponent ("1e-05") or a lost digit would not read back as the same decimal.
    if "e" not in text and "inf" not in text and Decimal(text) == number:
        return approx
    return format(number, "f")


def integer_cell(number: int) -> Cell:
    """An integer as a spreadsheet number when a double holds it exactly, else as its text."""
    return number if -EXACT_FLOAT_INTEGER <= number <= EXACT_FLOAT_INTEGER else str(number)


def _decimal_text(raw: str) -> Decimal:
    # "'0950" is how Excel users keep a number as text; the apostrophe is no part of it.
    text = raw.removeprefix("'").translate(_GROUP_SPACES).replace("\u2212", "-")
    if len(text) > MAX_NUMBER_TEXT:
        raise CellProblem(f"{text[:60]!r}... is too long for a number", "invalid_number")
    sign = ""
    if text[:1] in "+-":
        sign, text = text[0], text[1:]
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        point = "," if text.rfind(",") > text.rfind(".") else "."
        group = "." if point == "," else ","
        whole, _, fraction = text.rpartition(point)
        if text.count(point) > 1 or not _GROUPED.fullmatch(whole.replace(group, "X")):
            raise CellProblem(f"{raw!r} is not a number (mixed separators)", "invalid_number")
        text = whole.replace(group, "") + "." + fraction
    elif commas + dots > 1:
        separator = "," if commas else "."
        # Repeated, it can only be grouping: "1.234.567".
        if not _GROUPED.fullmatch(text.replace(separator, "X")):
            raise CellProblem(f"{raw!r} is not a number", "invalid_number")
        text = text.replace(separator, "")
    else:
        text = text.replace(",", ".")
    if not _PLAIN_NUMBER.fullmatch(text):
        raise CellProblem(f"{raw!r} is not a number", "invalid_number")
    try:
        return Decimal(sign + text)
    except InvalidOperation as exc:  # the pattern should exclude this; kept for safety
        raise CellProblem(f"{raw!r} is not a number", "invalid_number") from exc
