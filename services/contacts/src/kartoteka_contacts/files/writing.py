"""Writing exports row by row: CSV and XLSX, memory bounded whatever the number of rows."""

from __future__ import annotations

import abc
import csv
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Literal, Self

from kartoteka_contacts.files.cells import Cell

WriteFormat = Literal["xlsx", "csv"]
XlsxEngine = Literal["rust_xlsxwriter", "xlsxwriter"]
# OWASP "CSV injection": a spreadsheet takes text starting with one of these for a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# A worksheet holds at most 1,048,576 rows, the header included (Excel's limit, which
# rust_xlsxwriter enforces by failing the write).
XLSX_MAX_ROWS = 1_048_576


class SpreadsheetWriter(abc.ABC):
    """A file written one row at a time; the first row written is the header.

    Use it as a context manager: leaving the block normally finishes the file, leaving it
    by an exception removes the half-written file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows_written = 0

    @abc.abstractmethod
    def write_row(self, cells: Sequence[Cell]) -> None:
        """Append one row."""

    @abc.abstractmethod
    def close(self) -> None:
        """Finish the file."""

    def abort(self) -> None:
        """Stop and remove the half-written file."""
        try:
            self.close()
        finally:
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def open_writer(
    path: Path,
    format: WriteFormat,
    *,
    sheet_name: str = "Contacts",
    engine: XlsxEngine = "rust_xlsxwriter",
) -> SpreadsheetWriter:
    """A streaming writer for an export; xlsx uses rust_xlsxwriter unless told otherwise."""
    if format == "csv":
        return CsvWriter(path)
    from kartoteka_contacts.files import xlsx_out

    if engine == "xlsxwriter":
        return xlsx_out.XlsxWriterWriter(path, sheet_name)
    return xlsx_out.RustXlsxWriter(path, sheet_name)


class CsvWriter(SpreadsheetWriter):
    """RFC 4180 CSV in UTF-8 with a BOM, which Excel needs to show Polish letters right."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self._file: IO[str] | None = path.open("w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._file, delimiter=",", lineterminator="\r\n")

    def write_row(self, cells: Sequence[Cell]) -> None:
        """Append one row, text that a spreadsheet would run as a formula made inert."""
        self._csv.writerow([csv_text(cell) for cell in cells])
        self.rows_written += 1

    def close(self) -> None:
        """Flush and close the file."""
        if self._file is not None:
            self._file.close()
            self._file = None


def csv_text(cell: Cell) -> str:
    """A cell as CSV text: ISO dates, TRUE/FALSE, and a quote before anything formula-like."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        # A leading apostrophe makes Excel and LibreOffice keep the text as text; it is visible
        # in the cell, so a phone written "+48 500 100 200" comes out "'+48 500 100 200".
        return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, datetime):
        return cell.replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(cell, date):
        return cell.isoformat()
    return repr(cell) if isinstance(cell, float) else str(cell)
