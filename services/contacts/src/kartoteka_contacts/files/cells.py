"""The value of one spreadsheet cell, as files are read and written."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TypeAlias

Cell: TypeAlias = str | int | float | bool | datetime | date | None

# Floats up to 2**53 hold every integer exactly; past it an int would claim digits we never had.
_EXACT_INT = 2**53


def from_calamine(value: object) -> Cell:
    """A calamine value as a Cell: "" to None, whole floats to int, times and durations to text."""
    if value == "" or value is None:
        return None
    if isinstance(value, float):
        # Excel keeps every number as a double: a phone typed as 500100200 comes as 500100200.0.
        if value.is_integer() and -_EXACT_INT <= value <= _EXACT_INT:
            return int(value)
        return value
    if isinstance(value, str | bool | int | datetime | date):
        return value
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return _duration(value)
    return str(value)


def _duration(value: timedelta) -> str:
    """A duration as Excel shows [h]:mm:ss."""
    seconds = round(value.total_seconds())
    sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
    return f"{sign}{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def is_blank(cells: list[Cell]) -> bool:
    """Whether a row holds nothing but empty cells and whitespace."""
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)
