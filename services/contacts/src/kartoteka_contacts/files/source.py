"""What every opened spreadsheet offers: its header row and a stream of numbered data rows."""

from __future__ import annotations

import abc
from collections.abc import Iterator
from types import TracebackType
from typing import Literal, Self

from kartoteka_contacts.files.cells import Cell, is_blank
from kartoteka_contacts.files.limits import invalid

FileFormat = Literal["xlsx", "xls", "csv"]
Row = tuple[int, list[Cell]]


class SpreadsheetSource(abc.ABC):
    """An opened spreadsheet; rows are numbered as the file numbers them (1-based)."""

    format: FileFormat
    sheet_names: list[str]
    sheet_name: str | None
    encoding: str | None = None
    delimiter: str | None = None

    def __init__(self) -> None:
        self.headers: list[str] = []
        self.header_row = 0
        self._width = 0

    @abc.abstractmethod
    def _raw_rows(self) -> Iterator[Row]:
        """Every row of the sheet in order, numbered, as read; blank ones may be left out."""

    def close(self) -> None:  # noqa: B027 - CSV holds nothing open between reads
        """Release what the source holds."""

    def _read_headers(self) -> None:
        """Take the first row with anything in it as the header row."""
        for number, cells in self._raw_rows():
            if not is_blank(cells):
                self.header_row = number
                self.headers = _header_names(cells)
                self._width = len(self.headers)
                return
        raise invalid("file_no_rows", "The file has no rows: not even a header row.")

    @property
    def duplicate_headers(self) -> dict[str, list[int]]:
        """Header names used more than once, with their 0-based column positions."""
        seen: dict[str, list[int]] = {}
        for index, name in enumerate(self.headers):
            seen.setdefault(name.casefold(), []).append(index)
        return {self.headers[p[0]]: p for p in seen.values() if len(p) > 1}

    def iter_rows(self) -> Iterator[Row]:
        """The data rows below the header, as wide as the header, blank rows left out."""
        width = self._width
        for number, raw in self._raw_rows():
            if number <= self.header_row:
                continue
            cells = raw if len(raw) == width else (raw + [None] * width)[:width]
            if not is_blank(cells):
                yield number, cells

    def preview(self, n: int = 10) -> list[Row]:
        """The first n data rows."""
        rows: list[Row] = []
        if n <= 0:
            return rows
        for row in self.iter_rows():
            rows.append(row)
            if len(rows) >= n:
                break
        return rows

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _header_names(cells: list[Cell]) -> list[str]:
    """Header cells as text; a blank one is named by its 1-based position."""
    names = ["" if cell is None else str(cell).strip() for cell in cells]
    return [name or f"column {index}" for index, name in enumerate(names, start=1)]
