"""Dates and moments: ISO text, Python objects and Excel serial numbers into sortable text."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.custom_fields.model import FieldDefinition, value_error

EXCEL_SERIAL_MIN = 1
EXCEL_SERIAL_MAX = 2958465  # 9999-12-31
# Excel's 1900 date system counts a 29 February 1900 that never was (copied from Lotus 1-2-3).
EXCEL_PHANTOM_LEAP_DAY = 60
_MAX_DATE_TEXT = 64
# Python's fromisoformat also takes "20230315" and week dates; we keep to what people write.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9].*", re.DOTALL)
_MS_PER_DAY = 86_400_000


def excel_serial_to_date(serial: int) -> date:
    """The day an Excel serial number (1900 date system) stands for."""
    if not EXCEL_SERIAL_MIN <= serial <= EXCEL_SERIAL_MAX:
        raise ValueError(f"{serial} is outside Excel's {EXCEL_SERIAL_MIN}..{EXCEL_SERIAL_MAX}")
    # Refused rather than moved to the 28th, which serial 59 already is.
    if serial == EXCEL_PHANTOM_LEAP_DAY:
        raise ValueError("Excel serial 60 is 29 February 1900, a day that never existed")
    # Serials past the phantom day are one ahead of the calendar, hence the earlier epoch.
    epoch = date(1899, 12, 31) if serial < EXCEL_PHANTOM_LEAP_DAY else date(1899, 12, 30)
    return epoch + timedelta(days=serial)


def stored_moment(moment: datetime) -> str:
    """Fixed-width UTC text, so comparing the text compares the moments."""
    utc = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    # strftime("%Y") does not pad years below 1000 on every platform, hence by hand.
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}"
        f"T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}.{utc.microsecond:06d}Z"
    )


def readable_moment(stored: str) -> str:
    """The stored moment without the microseconds when there are none."""
    return stored.replace(".000000Z", "Z")


def coerce_date(definition: FieldDefinition, raw: object) -> str:
    """A "YYYY-MM-DD" day from ISO text, a date, a midnight datetime or an Excel serial."""
    if isinstance(raw, bool):
        raise _wrong_type(definition, raw)
    if isinstance(raw, datetime):
        return _midnight_day(definition, raw, raw).isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, int | float | Decimal):
        if not _whole(raw):
            raise _bad_date(definition, raw, "an Excel date is a whole number of days")
        return _excel_day(definition, raw, int(raw), "invalid_date").isoformat()
    if not isinstance(raw, str):
        raise _wrong_type(definition, raw)
    text = raw.strip()
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text).isoformat()
        if len(text) <= _MAX_DATE_TEXT and _ISO_MOMENT.fullmatch(text):
            return _midnight_day(definition, raw, datetime.fromisoformat(text)).isoformat()
    except ValueError as exc:
        raise _bad_date(definition, raw, str(exc)) from exc
    raise _bad_date(definition, raw, "expected YYYY-MM-DD")


def coerce_datetime(definition: FieldDefinition, raw: object) -> str:
    """Fixed-width UTC text from ISO text, a datetime, a date or an Excel serial; naive is UTC."""
    try:
        return stored_moment(_moment(definition, raw))
    except (OverflowError, ValueError) as exc:
        # Also catches moments that leave the calendar when shifted to UTC, like
        # 9999-12-31T23:00-05:00.
        raise value_error(
            definition, "invalid_datetime", f"{raw!r} is not a moment in time: {exc}"
        ) from exc


def _moment(definition: FieldDefinition, raw: object) -> datetime:
    if isinstance(raw, bool):
        raise _wrong_type(definition, raw)
    if isinstance(raw, datetime):
        return raw
    if isinstance(raw, date):
        return datetime.combine(raw, time())
    if isinstance(raw, int | float | Decimal):
        if not _finite(raw):
            raise value_error(definition, "invalid_datetime", f"{raw!r} is not a moment")
        whole = math.floor(raw)
        day = _excel_day(definition, raw, whole, "invalid_datetime")
        return datetime.combine(day, time()) + timedelta(milliseconds=_fraction_millis(raw, whole))
    if not isinstance(raw, str):
        raise _wrong_type(definition, raw)
    text = raw.strip()
    if len(text) > _MAX_DATE_TEXT or not (_ISO_DATE.fullmatch(text) or _ISO_MOMENT.fullmatch(text)):
        raise value_error(
            definition, "invalid_datetime", f"{raw!r} is not an ISO 8601 date and time"
        )
    return datetime.fromisoformat(text)


def _fraction_millis(raw: int | float | Decimal, whole: int) -> int:
    # Excel keeps times to the millisecond; rounding there drops the float noise.
    exact = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    return round((exact - whole) * _MS_PER_DAY)


def _midnight_day(definition: FieldDefinition, raw: object, moment: datetime) -> date:
    # Dropping a time of day would silently lose what the caller said.
    if moment.time() != time():
        raise _bad_date(definition, raw, "a date has no time of day")
    return moment.date()


def _excel_day(definition: FieldDefinition, raw: object, serial: int, code: str) -> date:
    try:
        return excel_serial_to_date(serial)
    except ValueError as exc:
        raise value_error(definition, code, f"{raw!r} is not an Excel date: {exc}") from exc


def _whole(raw: int | float | Decimal) -> bool:
    return _finite(raw) and raw == math.floor(raw)


def _finite(raw: int | float | Decimal) -> bool:
    if isinstance(raw, Decimal):
        return raw.is_finite()
    return math.isfinite(raw)


def _wrong_type(definition: FieldDefinition, raw: object) -> InvalidInput:
    return value_error(
        definition, "invalid_type", f"a {type(raw).__name__} is not a {definition.type}"
    )


def _bad_date(definition: FieldDefinition, raw: object, why: str) -> InvalidInput:
    return value_error(definition, "invalid_date", f"{raw!r} is not a date: {why}")
