"""Spreadsheet files for contact import and export: XLSX, XLS and CSV, read and written safely."""

from __future__ import annotations

from kartoteka_contacts.files.cells import Cell
from kartoteka_contacts.files.limits import FileLimits
from kartoteka_contacts.files.reading import open_spreadsheet
from kartoteka_contacts.files.source import SpreadsheetSource
from kartoteka_contacts.files.writing import XLSX_MAX_ROWS, SpreadsheetWriter, open_writer

__all__ = [
    "XLSX_MAX_ROWS",
    "Cell",
    "FileLimits",
    "SpreadsheetSource",
    "SpreadsheetWriter",
    "open_spreadsheet",
    "open_writer",
]
