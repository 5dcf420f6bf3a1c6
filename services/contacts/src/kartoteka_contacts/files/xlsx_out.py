"""XLSX exports: rust_xlsxwriter (through rustpy-xlsxwriter) by default, xlsxwriter as fallback.

Chosen by bench/xlsx_writers.py, 1,000,000 rows x 15 columns on 2 shared cores (2026-12-03):
rustpy-xlsxwriter 0.8 took 33 s and 22 MiB peak RSS, xlsxwriter 3.3 (constant_memory) 152 s
and 35 MiB; less the 17 s both spend generating the rows, 16 s against 136 s of writing.
pyexcelerate (103 s) holds every row, 908 MiB; openpyxl write_only took 239 s. rustpy-xlsxwriter
streams (its RSS is flat from 20,000 to 1,000,000 rows) but is a young wrapper with one
maintainer over rust_xlsxwriter, the Rust port by xlsxwriter's own author; xlsxwriter stays as
the engine="xlsxwriter" fallback behind the same interface, and writes a file with no data rows,
which rustpy-xlsxwriter would write without its header.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import rustpy_xlsxwriter
import xlsxwriter  # type: ignore[import-untyped]

from kartoteka_contacts.files.cells import Cell
from kartoteka_contacts.files.writing import SpreadsheetWriter

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
# Excel refuses a cell of more than 32,767 characters ("We found a problem with some content").
MAX_CELL_CHARS = 32_767
# Rows cross to the writing thread in batches of 2,000, at most 4 batches waiting: ~8,000 rows
# (~4 MiB of contacts) in flight, and a queue hand-off per 2,000 rows instead of per row.
_BATCH = 2_000
_IN_FLIGHT = 4
_POLL_SECONDS = 0.5


def header_names(cells: Sequence[Cell]) -> list[str]:
    """Header cells as unique text: a repeated "Email" becomes "Email (2)", so a re-import maps."""
    names: list[str] = []
    taken: set[str] = set()
    for index, cell in enumerate(cells, start=1):
        base = "" if cell is None else str(cell)
        name, n = base or f"column {index}", 1
        while name in taken:
            n += 1
            name = f"{base or f'column {index}'} ({n})"
        taken.add(name)
        names.append(name)
    return names


def _value(cell: Cell) -> Cell:
    if cell is None:
        return None
    if isinstance(cell, str):
        return cell[:MAX_CELL_CHARS] or None  # "" is an empty cell, as a reader gives it back
    if isinstance(cell, datetime) and cell.tzinfo is not None:
        return cell.replace(tzinfo=None)  # Excel has no time zones: the wall-clock time stays
    return cell


class RustXlsxWriter(SpreadsheetWriter):
    """rust_xlsxwriter in constant-memory mode, fed from a thread that pulls batches of rows.

    rustpy-xlsxwriter takes an iterator of dicts and writes the dict keys as the header row,
    so our push API hands batches over a bounded queue to a thread running write_worksheet.
    Strings are always written as inline text cells, never as formulas or numbers.
    """

    def __init__(self, path: Path, sheet_name: str) -> None:
        super().__init__(path)
        self._sheet_name = sheet_name
        self._headers: list[str] | None = None
        self._batch: list[Sequence[Cell]] = []
        self._queue: queue.Queue[list[Sequence[Cell]] | None] = queue.Queue(_IN_FLIGHT)
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._closed = False

    def write_row(self, cells: Sequence[Cell]) -> None:
        """Append one row; the first is the header."""
        if self._headers is None:
            self._headers = header_names(cells)
        else:
            self._batch.append(cells)
            if len(self._batch) >= _BATCH:
                self._hand_over()
        self.rows_written += 1

    def close(self) -> None:
        """Send the last rows, wait for the file to be finished, raise what the writer raised."""
        if self._closed:
            return
        self._closed = True
        if self._thread is None and not self._batch:
            _header_only(self.path, self._sheet_name, self._headers or [])
            return
        if self._batch:
            self._hand_over()
        self._put(None)
        assert self._thread is not None
        self._thread.join()
        if self._error is not None:
            raise self._error

    def _hand_over(self) -> None:
        batch, self._batch = self._batch, []
        if self._thread is None:
            self._start(batch)
        self._put(batch)

    def _put(self, item: list[Sequence[Cell]] | None) -> None:
        while True:
            if self._error is not None:
                raise self._error
            try:
                self._queue.put(item, timeout=_POLL_SECONDS)
                return
            except queue.Full:
                continue

    def _start(self, first: list[Sequence[Cell]]) -> None:
        headers = self._headers or []
        # A date-only column shows as yyyy-mm-dd; the rest of the dates get the time too. The
        # first batch decides, as rust_xlsxwriter takes column formats before the first row.
        dates = {
            name: rustpy_xlsxwriter.Format().set_num_format(DATE_FORMAT)
            for index, name in enumerate(headers)
            if _date_only(row[index] if index < len(row) else None for row in first)
        }
        self._thread = threading.Thread(
            target=self._run, args=(headers, dates), name="xlsx-writer", daemon=True
        )
        self._thread.start()

    def _run(self, headers: list[str], dates: dict[str, Any]) -> None:
        try:
            rustpy_xlsxwriter.write_worksheet(
                self._records(headers),
                str(self.path),
                sheet_name=self._sheet_name,
                datetime_format=DATETIME_FORMAT,
                column_formats=dates or None,
            )
        except BaseException as e:  # handed to the caller's thread by close() or write_row()
            self._error = e
            _drain(self._queue)

    def _records(self, headers: list[str]) -> Iterator[dict[str, Cell]]:
        while (batch := self._queue.get()) is not None:
            for row in batch:
                yield dict(zip(headers, map(_value, row), strict=False))


def _date_only(values: Iterator[Cell]) -> bool:
    seen = False
    for value in values:
        if isinstance(value, datetime):
            return False
        if isinstance(value, date):
            seen = True
    return seen


def _drain(pending: queue.Queue[list[Sequence[Cell]] | None]) -> None:
    """Empty the queue so a producer blocked on a full one wakes up and sees the error."""
    while True:
        try:
            pending.get_nowait()
        except queue.Empty:
            return


def _header_only(path: Path, sheet_name: str, headers: list[str]) -> None:
    with XlsxWriterWriter(path, sheet_name) as writer:
        writer.write_row(headers)


class XlsxWriterWriter(SpreadsheetWriter):
    """xlsxwriter in constant_memory mode: each row goes to a temp file when the next starts."""

    def __init__(self, path: Path, sheet_name: str) -> None:
        super().__init__(path)
        self._book = xlsxwriter.Workbook(
            str(path), {"constant_memory": True, "strings_to_formulas": False}
        )
        self._sheet = self._book.add_worksheet(sheet_name)
        self._date = self._book.add_format({"num_format": DATE_FORMAT})
        self._datetime = self._book.add_format({"num_format": DATETIME_FORMAT})
        self._closed = False

    def write_row(self, cells: Sequence[Cell]) -> None:
        """Append one row; each value by its own typed call, never write()'s guessing."""
        r = self.rows_written
        if r == 0:
            cells = header_names(cells)
        sheet = self._sheet
        for c, cell in enumerate(cells):
            value = _value(cell)
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            elif isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            elif isinstance(value, datetime):
                sheet.write_datetime(r, c, value, self._datetime)
            elif isinstance(value, date):
                sheet.write_datetime(r, c, value, self._date)
            else:
                sheet.write_number(r, c, value)
        self.rows_written += 1

    def close(self) -> None:
        """Write the workbook's remaining parts and zip it."""
        if not self._closed:
            self._closed = True
            self._book.close()
