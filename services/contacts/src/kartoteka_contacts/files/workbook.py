"""XLSX and XLS sheets through python-calamine, after the zip has been checked."""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar, cast

import python_calamine as calamine

from kartoteka_contacts.files.cells import Cell, from_calamine
from kartoteka_contacts.files.limits import FileLimits, invalid
from kartoteka_contacts.files.source import FileFormat, Row, SpreadsheetSource
from kartoteka_contacts.files.zipcheck import check_xlsx

# Values calamine hands over that are already Cells; floats, times and "" need converting.
_AS_IS = frozenset({str, int, bool, datetime, date})
T = TypeVar("T")


class WorkbookSource(SpreadsheetSource):
    """One worksheet of an XLSX or XLS workbook.

    A formula cell reads as the value Excel cached when it last saved the file; we never
    evaluate formulas, so one saved without a cached value (some generators do) reads empty.
    calamine holds the whole sheet in memory as a dense grid, ~32 bytes a cell, which
    FileLimits.max_sheet_cells bounds before the sheet is loaded.
    """

    def __init__(self, path: Path, fmt: FileFormat, sheet: str | None, limits: FileLimits) -> None:
        super().__init__()
        self.format = fmt
        # An .xls (BIFF8) grid is at most 65,536 x 256 = 16.8M cells, under max_sheet_cells,
        # so only an xlsx needs its sheets measured before calamine loads one.
        if fmt == "xlsx":
            try:
                with zipfile.ZipFile(path) as archive:
                    check_xlsx(archive, limits)
            except zipfile.BadZipFile as e:
                raise invalid("file_corrupt", f"The file is damaged: {e}.") from e
        self._book = _calamine(lambda: calamine.CalamineWorkbook.from_path(str(path)))
        try:
            self.sheet_names = [
                meta.name
                for meta in self._book.sheets_metadata
                if meta.typ == calamine.SheetTypeEnum.WorkSheet
            ]
            self.sheet_name = self._pick(sheet)
            self._sheet = _calamine(lambda: self._book.get_sheet_by_name(self.sheet_name or ""))
            self._read_headers()
        except BaseException:
            self.close()
            raise

    def _pick(self, sheet: str | None) -> str:
        if sheet is not None:
            if sheet not in self.sheet_names:
                raise invalid(
                    "sheet_not_found",
                    f"There is no sheet {sheet!r}; the file has: {', '.join(self.sheet_names)}.",
                )
            return sheet
        visible = [
            meta.name
            for meta in self._book.sheets_metadata
            if meta.typ == calamine.SheetTypeEnum.WorkSheet
            and meta.visible == calamine.SheetVisibleEnum.Visible
        ]
        if visible:
            return visible[0]
        if self.sheet_names:
            return self.sheet_names[0]
        raise invalid("file_no_rows", "The workbook has no worksheets.")

    def _raw_rows(self) -> Iterator[Row]:
        # calamine yields rows from the sheet's first row (so row numbers are the file's) and
        # columns from its first used column. A million empty rows cost one C-level count
        # each: ~0.1 s for 1,048,576 of them.
        for number, row in enumerate(self._sheet.iter_rows(), start=1):
            if row.count("") == len(row):
                continue
            cells = [v if v.__class__ in _AS_IS and v != "" else from_calamine(v) for v in row]
            yield number, cast(list[Cell], cells)

    def close(self) -> None:
        """Drop calamine's grid and close the file."""
        self._sheet = None  # type: ignore[assignment]
        with contextlib.suppress(calamine.WorkbookClosed, AttributeError):
            self._book.close()


def _calamine(call: Callable[[], T]) -> T:
    """Run a calamine call, turning its errors (and Rust panics) into file errors."""
    try:
        return call()
    except calamine.PasswordError as e:
        raise invalid(
            "file_encrypted", "The file is password-protected; remove the password."
        ) from e
    except calamine.WorksheetNotFound as e:
        raise invalid("sheet_not_found", f"The sheet cannot be found: {e}.") from e
    except (calamine.CalamineError, OSError, ValueError) as e:
        raise invalid("file_corrupt", f"The file is damaged: {e}.") from e
    except BaseException as e:
        # A malformed file can make calamine's Rust code panic; pyo3 raises that as a
        # PanicException, a BaseException so that bare `except Exception` misses it.
        if type(e).__name__ == "PanicException":
            raise invalid("file_corrupt", "The file is damaged: the reader gave up on it.") from e
        raise
