"""Checks an xlsx's zip before calamine opens it: bombs, lying sizes and sheets too big to grid."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from kartoteka_contacts.files.limits import FileLimits, invalid

_CHUNK = 1 << 20
# Excel's own grid: 1,048,576 rows x 16,384 columns (XFD).
MAX_ROWS = 1_048_576
_NARROW_COLUMNS = 26  # every column reference of one letter: A-Z

# Writers (Excel, openpyxl, xlsxwriter, rust_xlsxwriter) put r first: <row r="7" and <c r="B7".
# The patterns start with those literals so the scan stays a C-speed search, ~1 s per
# 1,000,000 x 15 sheet on top of ~1 s to inflate it. A cell that holds something ends with
# ">" and not "/>": calamine leaves styled empty cells out of a sheet's span, and so do we.
_WIDE_CELL = re.compile(rb'<c r="([A-Z]{2,3})\d+"[^>]*(?<!/)>')
_CELL_ROW = re.compile(rb'<c r="[A-Z]{1,3}(\d+)"[^>]*(?<!/)>')
_ROW_TAG = re.compile(rb'<row r="(\d+)"')
_PREFIX = re.compile(rb"<(/?)[A-Za-z_][\w.-]*:")
# A row past 1,048,576 does not exist in Excel: 1048577-1099999, 11xxxxx-99xxxxx, 8+ digits.
_PAST_LAST_ROW = re.compile(
    rb'<c r="[A-Z]{1,3}(?:10485(?:7[7-9]|[89]\d)|1048[6-9]\d\d|1049\d{3}|10[5-9]\d{4}'
    rb'|1[1-9]\d{5}|[2-9]\d{6}|\d{8,})"'
)


@dataclass(slots=True)
class _Span:
    """What one sheet's XML says about the grid calamine will allocate for it."""

    columns: int = 0
    rows: int = 0
    cells_without_ref: int = 0
    rows_without_ref: int = 0
    past_last_row: bool = False


def check_xlsx(archive: zipfile.ZipFile, limits: FileLimits) -> None:
    """Refuse bombs, truncated members and sheets whose grid would not fit in memory."""
    members = archive.infolist()
    declared = sum(member.file_size for member in members)
    if declared > limits.max_uncompressed_bytes:
        raise invalid(
            "file_too_large",
            f"The file unpacks to {declared / 2**30:.1f} GiB; the limit is "
            f"{limits.max_uncompressed_bytes / 2**30:.1f} GiB.",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= limits.ratio_min_bytes and ratio > limits.max_compression_ratio:
            raise invalid(
                "file_zip_bomb",
                f"{member.filename} expands {ratio:,.0f} times (limit "
                f"{limits.max_compression_ratio:,.0f}): this is a zip bomb, not a spreadsheet.",
            )
    for member in members:
        if member.is_dir():
            continue
        span = _inflate(archive, member, sheet=member.filename.startswith("xl/worksheets/"))
        if span is not None:
            _check_span(archive, member.filename, span, limits)


def _inflate(archive: zipfile.ZipFile, member: zipfile.ZipInfo, *, sheet: bool) -> _Span | None:
    """Read a member to its end: zipfile stops at the declared size and checks the CRC there."""
    span = _Span() if sheet else None
    try:
        if span is None:
            with archive.open(member) as stream:
                while stream.read(_CHUNK):
                    pass
        else:
            for data in _tag_chunks(archive, member):
                _scan(data, span)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError) as e:
        # A size that lies shows up here as a bad CRC: zipfile cuts the stream at the declared
        # size, so a member cannot inflate past what the central directory promised.
        raise invalid("file_corrupt", f"The file is damaged ({member.filename}: {e}).") from e
    except Exception as e:  # zlib.error and friends from a garbled deflate stream
        raise invalid("file_corrupt", f"The file is damaged ({member.filename}).") from e
    return span


def _tag_chunks(archive: zipfile.ZipFile, member: zipfile.ZipInfo | str) -> Iterator[bytes]:
    """The member's XML in ~1 MiB pieces that never split a tag, namespace prefixes dropped."""
    carry = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            data = carry + chunk
            cut = data.rfind(b"<")
            # A tag split between two chunks goes with the next one; text between tags of
            # more than 1 MiB is no tag at all and need not be carried.
            carry = data[cut:] if cut >= 0 and len(data) - cut < _CHUNK else b""
            yield _unprefixed(data[:cut] if carry else data)
    if carry:
        yield _unprefixed(carry)


def _unprefixed(data: bytes) -> bytes:
    if b":row" in data or b":c " in data:
        return _PREFIX.sub(rb"<\1", data)  # <x:c r="A1">, as some .NET writers emit it
    return data


def _scan(data: bytes, span: _Span) -> None:
    rows = _ROW_TAG.findall(data)
    if rows:
        span.rows = max(span.rows, *map(int, rows))
    span.rows_without_ref += data.count(b"<row ") + data.count(b"<row>") - len(rows)
    wide = _WIDE_CELL.findall(data)
    if wide:
        span.columns = max(span.columns, *map(_column_number, wide))
    elif span.columns < _NARROW_COLUMNS and b'<c r="' in data:
        span.columns = _NARROW_COLUMNS
    with_ref = data.count(b'<c r="')
    span.cells_without_ref += max(0, data.count(b"<c ") + data.count(b"<c>") - with_ref)
    if _PAST_LAST_ROW.search(data):
        span.past_last_row = True


def _check_span(archive: zipfile.ZipFile, name: str, span: _Span, limits: FileLimits) -> None:
    """Refuse a sheet whose dense grid (rows x columns of its used span) is over the limit."""
    if span.past_last_row or span.rows > MAX_ROWS:
        raise invalid("file_corrupt", f"{name} has cells below row {MAX_ROWS:,}, Excel's last.")
    columns = span.columns
    if span.cells_without_ref or span.rows_without_ref:
        # Cells without a reference sit one after another; bound them by their count. No
        # writer we know does this for a large sheet, so the bound costs nothing in practice.
        columns = min(16_384, max(columns, span.cells_without_ref))
    rows = span.rows + span.rows_without_ref
    if columns <= _NARROW_COLUMNS and columns * MAX_ROWS <= limits.max_sheet_cells:
        return  # A-Z over Excel's every row still fits: no need for the exact row span
    if columns * MAX_ROWS > limits.max_sheet_cells:
        rows = max(rows, _last_cell_row(archive, name))
    if rows * columns > limits.max_sheet_cells:
        raise invalid(
            "file_too_large",
            f"The sheet spans {rows:,} rows x {columns:,} columns ({rows * columns:,} cells); "
            f"the limit is {limits.max_sheet_cells:,}. Delete the stray cells far to the "
            "right or bottom, or split the file.",
        )


def _last_cell_row(archive: zipfile.ZipFile, name: str) -> int:
    """The exact last row any cell with content sits on: a second pass, for wide sheets only."""
    last = 0
    for data in _tag_chunks(archive, name):
        found = _CELL_ROW.findall(data)
        if found:
            last = max(last, *map(int, found))
    return last


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number
