"""CSV and other delimited text: encoding and delimiter from a sample, rows streamed."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import charset_normalizer

from kartoteka_contacts.files.limits import FileLimits, invalid
from kartoteka_contacts.files.source import Row, SpreadsheetSource

DELIMITERS = (",", ";", "\t", "|")
# Checked in this order, so a tie goes to the first: Polish Excel saves ";" (the comma is its
# decimal separator), and a consistent tab split is rarely an accident.
_TIE_ORDER = ("\t", ";", ",", "|")
# The legacy code pages Polish and neighbouring offices still export; charset-normalizer
# chooses among them only, so it cannot wander off to an exotic one on a short sample.
LEGACY_ENCODINGS = ("cp1250", "iso8859_2", "cp1251", "cp1252")
# Text has almost no control characters; 1 in 100 means a binary file.
_MAX_CONTROL_SHARE = 0.01
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")
_UNDECODABLE = re.compile("[\udc80-\udcff]")


class CsvSource(SpreadsheetSource):
    """A delimited text file, read as a stream: memory does not grow with the file."""

    format = "csv"

    def __init__(self, path: Path, head: bytes, limits: FileLimits) -> None:
        super().__init__()
        self._path = path
        self.sheet_names = []
        self.sheet_name = None
        whole = len(head) < limits.sniff_bytes
        self.encoding = detect_encoding(head, whole=whole)
        sample = _decode(head, self.encoding, whole=whole)
        if whole and not sample.strip(" \t\r\n\f\v\ufeff"):
            raise invalid("file_empty", "The file is empty.")
        _check_text(sample)
        self.delimiter = detect_delimiter(sample, whole=whole)
        self._read_headers()

    def _raw_rows(self) -> Iterator[Row]:
        number = 0
        # Undecodable bytes become lone surrogates, so the error can name the row they are on
        # (a strict decoder fails up to 8 KiB ahead of the row the csv module is reading).
        opened = self._path.open(encoding=self.encoding, newline="", errors="surrogateescape")
        try:
            with opened as text:
                reader = csv.reader(text, delimiter=self.delimiter or ",", strict=False)
                for number, fields in enumerate(reader, start=1):
                    joined = "".join(fields)
                    if not joined.isascii() and _UNDECODABLE.search(joined):
                        raise invalid(
                            "file_corrupt",
                            f"Row {number} is not valid {self.encoding} text; "
                            "save the file as UTF-8 and upload it again.",
                        )
                    yield number, [field or None for field in fields]
        except csv.Error as e:
            # The csv module refuses a field over 131,072 characters (its default limit): an
            # unclosed quote swallowing the rest of the file, never a contact's value.
            raise invalid("file_corrupt", f"Row {number + 1} cannot be read: {e}.") from e


def detect_encoding(head: bytes, *, whole: bool) -> str:
    """The text encoding: a BOM, else UTF-8 if the sample is clean UTF-8, else the best guess."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        zeros_odd, zeros_even = head[1::2].count(0), head[0::2].count(0)
        half = len(head) // 2
        if zeros_odd > 0.9 * half > zeros_even:  # "a\x00b\x00": UTF-16 without a BOM
            return "utf-16-le"
        if zeros_even > 0.9 * half > zeros_odd:
            return "utf-16-be"
        raise invalid("file_unsupported", "The file is not a spreadsheet or a text file.")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=whole)
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    best = charset_normalizer.from_bytes(head, cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is None:
        raise invalid("file_unsupported", "The file's text encoding is not one we can read.")
    return str(best.encoding)


def detect_delimiter(sample: str, *, whole: bool) -> str:
    """The delimiter that splits the sample's records into the same number of fields most often."""
    best, best_score = ",", (0.0, 0)
    for delimiter in _TIE_ORDER:
        try:
            widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if r]
        except csv.Error:
            continue
        if not whole and len(widths) > 1:
            widths.pop()  # the sample may end mid-record
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        score = (count / len(widths), width) if width > 1 else (0.0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _decode(head: bytes, encoding: str, *, whole: bool) -> str:
    try:
        return codecs.getincrementaldecoder(encoding)().decode(head, final=whole)
    except UnicodeDecodeError as e:
        raise invalid("file_corrupt", f"The file is not valid {encoding} text.") from e


def _check_text(sample: str) -> None:
    controls = sum(1 for c in sample if c < " " and c not in _TEXT_CONTROLS)
    if controls > _MAX_CONTROL_SHARE * len(sample):
        raise invalid("file_unsupported", "The file is not a spreadsheet or a text file.")
