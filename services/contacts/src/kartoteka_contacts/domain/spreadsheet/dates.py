"""Reading dates and moments from cells: date objects, Excel serial numbers and written dates.

Written dates are ISO ("2024-12-31", "2024-12-31T14:30:00+02:00") or day first with dots,
slashes or dashes ("31.12.2024", "31/12/2024", "31-12-2024"), optionally followed by a time
("31.12.2024 14:30"). Month-first ("12/31/2024") and two-digit years are refused, not guessed.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from kartoteka_contacts.domain.custom_fields import excel_serial_to_date
from kartoteka_contacts.domain.spreadsheet.cells import Cell, CellProblem, is_blank, to_text

# 1900-03-01, serial 61: the first day after Excel's phantom 29 February 1900. Earlier days are
# exported as ISO text, since a serial there is one day off in Excel and unknown to LibreOffice.
FIRST_SAFE_EXCEL_DAY = date(1900, 3, 1)
_MAX_DATE_TEXT = 64
_MS_PER_DAY = 86_400_000
_TIME = r"(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]{1,6}))?)?)?"
_DAY_FIRST = re.compile(r"([0-9]{1,2})([./-])([0-9]{1,2})\2([0-9]{4})" + _TIME)
_YEAR_FIRST = re.compile(r"([0-9]{4})([./-])([0-9]{1,2})\2([0-9]{1,2})" + _TIME)
_ISO_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9].*", re.DOTALL)


def to_date(cell: Cell) -> date | None:
    """A day from a date cell, a midnight date-time, an Excel serial or a written date."""
    if is_blank(cell):
        return None
    moment = _moment(cell)
    if isinstance(moment, datetime):
        # Dropping a time of day would silently lose what the file said.
        if moment.time() != time():
            raise CellProblem(f"{_shown(cell)} has a time of day; a date has none", "invalid_date")
        return moment.date()
    return moment


def to_moment(cell: Cell) -> datetime | None:
    """A date and time (naive when the file gave no offset); a day alone is its midnight."""
    if is_blank(cell):
        return None
    moment = _moment(cell)
    return moment if isinstance(moment, datetime) else datetime.combine(moment, time())


def excel_serial_to_moment(serial: float) -> datetime:
    """The moment an Excel serial with a fraction of a day (1900 date system) stands for."""
    if not math.isfinite(serial):
        raise ValueError(f"{serial!r} is not a number of days")
    whole = math.floor(serial)
    day = excel_serial_to_date(whole)
    # Excel keeps times to the millisecond; rounding there drops the float noise of 0.1 days.
    millis = round((Decimal(repr(serial)) - whole) * _MS_PER_DAY)
    try:
        return datetime.combine(day, time()) + timedelta(milliseconds=millis)
    except OverflowError as exc:  # 9999-12-31 plus almost a day rounds into year 10000
        raise ValueError(f"{serial!r} is past 9999-12-31") from exc


def date_cell(day: date) -> Cell:
    """A day as a spreadsheet date where Excel counts it right, else as ISO text."""
    return day if day >= FIRST_SAFE_EXCEL_DAY else day.isoformat()


def _moment(cell: Cell) -> date | datetime:
    if isinstance(cell, bool):
        raise CellProblem(f"a yes/no ({cell}) is not a date", "invalid_date")
    if isinstance(cell, date):  # datetime included
        return cell
    if isinstance(cell, int | float):
        return _serial(cell)
    return _written(to_text(cell))


def _serial(serial: float) -> date | datetime:
    try:
        if isinstance(serial, int) or serial.is_integer():
            return excel_serial_to_date(int(serial))
        return excel_serial_to_moment(serial)
    except (ValueError, OverflowError) as exc:
        raise CellProblem(f"{serial!r} is not an Excel date: {exc}", "invalid_date") from exc


def _written(text: str) -> date | datetime:
    if len(text) > _MAX_DATE_TEXT:
        raise CellProblem(f"{text[:60]!r}... is too long for a date", "invalid_date")
    try:
        if match := _DAY_FIRST.fullmatch(text):
            day, _, month, year, *clock = match.groups()
            return _assemble(int(year), int(month), int(day), clock)
        if _ISO_MOMENT.fullmatch(text):
            return datetime.fromisoformat(text)
        if match := _YEAR_FIRST.fullmatch(text):
            year, _, month, day, *clock = match.groups()
            return _assemble(int(year), int(month), int(day), clock)
    except ValueError as exc:
        raise CellProblem(f"{text!r} is not a date: {exc}", "invalid_date") from exc
    raise CellProblem(
        f"{text[:60]!r} is not a date (write 2024-12-31 or 31.12.2024)", "invalid_date"
    )


def _assemble(year: int, month: int, day: int, clock: list[str | None]) -> date | datetime:
    hour, minute, second, fraction = clock
    if hour is None or minute is None:
        return date(year, month, day)
    micros = int((fraction or "0").ljust(6, "0"))
    return datetime(year, month, day, int(hour), int(minute), int(second or 0), micros)


def _shown(cell: Cell) -> str:
    return repr(cell) if isinstance(cell, int | float) else repr(to_text(cell))
