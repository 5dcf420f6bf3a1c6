"""Opening an uploaded spreadsheet: the format from its bytes, never from its name."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import BinaryIO

from kartoteka_contacts.files import cfb
from kartoteka_contacts.files.csvsource import CsvSource
from kartoteka_contacts.files.limits import DEFAULT_LIMITS, FileLimits, invalid
from kartoteka_contacts.files.source import FileFormat, SpreadsheetSource
from kartoteka_contacts.files.workbook import WorkbookSource

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
# Files people upload by mistake, named so the error can say what they sent.
_NOT_SPREADSHEETS = {
    b"%PDF-": "a PDF document",
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"7z\xbc\xaf\x27\x1c": "a 7-Zip archive",
    b"Rar!\x1a\x07": "a RAR archive",
    b"{\\rtf": "an RTF document",
}
_SAVE_AS = "Save it as XLSX or CSV and upload it again."


def open_spreadsheet(
    path: Path, *, sheet: str | None = None, limits: FileLimits = DEFAULT_LIMITS
) -> SpreadsheetSource:
    """Open an XLSX, XLS or CSV/TSV file, checked, with its header row read."""
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            head = file.read(limits.sniff_bytes)
            fmt = _detect(file, head, size)
    except OSError as e:
        raise invalid("file_corrupt", f"The file cannot be read: {e.strerror}.") from e
    if size == 0:
        raise invalid("file_empty", "The file is empty.")
    if fmt == "csv":
        if sheet is not None:
            raise invalid("sheet_not_found", "A CSV file has no sheets to choose from.")
        return CsvSource(path, head, limits)
    return WorkbookSource(path, fmt, sheet, limits)


def detect_format(path: Path) -> FileFormat:
    """The file's format from its first bytes and container structure."""
    with path.open("rb") as file:
        head = file.read(DEFAULT_LIMITS.sniff_bytes)
        return _detect(file, head, path.stat().st_size)


def _detect(file: BinaryIO, head: bytes, size: int) -> FileFormat:
    if not head:
        raise invalid("file_empty", "The file is empty.")
    if head.startswith(_ZIP):
        return _zip_format(file)
    if head.startswith(cfb.MAGIC):
        return _compound_format(file, size)
    for magic, what in _NOT_SPREADSHEETS.items():
        if head.startswith(magic):
            raise invalid("file_unsupported", f"The file is {what}, not a spreadsheet.")
    return "csv"


def _zip_format(file: BinaryIO) -> FileFormat:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as e:
        raise invalid(
            "file_corrupt", "The file is damaged or incomplete (its zip directory is unreadable)."
        ) from e
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        raise invalid(
            "file_unsupported", f"Binary Excel workbooks (.xlsb) are not supported. {_SAVE_AS}"
        )
    if b"opendocument.spreadsheet" in mimetype:
        raise invalid(
            "file_unsupported", f"OpenDocument spreadsheets (.ods) are not supported. {_SAVE_AS}"
        )
    if "word/document.xml" in names:
        raise invalid("file_unsupported", "The file is a Word document, not a spreadsheet.")
    raise invalid("file_unsupported", f"The file is a zip archive, not a spreadsheet. {_SAVE_AS}")


def _compound_format(file: BinaryIO, size: int) -> FileFormat:
    names = cfb.stream_names(file, size)
    if "EncryptionInfo" in names or "EncryptedPackage" in names:
        # Office saves a password-protected xlsx as an encrypted package inside an OLE2 file.
        raise invalid("file_encrypted", "The file is password-protected; remove the password.")
    if "Workbook" in names or "Book" in names:
        return "xls"
    if "WordDocument" in names:
        raise invalid("file_unsupported", "The file is a Word document, not a spreadsheet.")
    raise invalid(
        "file_unsupported", f"The file is an Office document but not a workbook. {_SAVE_AS}"
    )
