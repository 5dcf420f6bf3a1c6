"""Reading uploaded spreadsheets: formats told by their bytes, hostile files refused with a code.

Every fixture is generated here: openpyxl for xlsx, msoffcrypto-tool for a password-protected
one, hand-built zips for bombs, a hand-built OLE2 container for xls detection (no .xls writer is
installed, so the XLS path is tested up to calamine refusing a workbook stream of garbage).
"""

from __future__ import annotations

import codecs
import io
import os
import struct
import subprocess
import sys
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import msoffcrypto.format.ooxml  # type: ignore[import-untyped]
import openpyxl  # type: ignore[import-untyped]
import pytest
from kartoteka_contacts.files import FileLimits, open_spreadsheet
from kartoteka_contacts.files.reading import detect_format
from kartoteka_platform.errors import InvalidInput
from openpyxl.styles import Font  # type: ignore[import-untyped]

POLISH = "Zażółć gęślą jaźń ŻÓŁW Łódź Śląsk"


def _code(path: Path, **kwargs: object) -> str:
    with pytest.raises(InvalidInput) as caught:
        open_spreadsheet(path, **kwargs)  # type: ignore[arg-type]
    assert caught.value.field == "file"
    return caught.value.code


def _xlsx(path: Path, build: Callable[[Any], object]) -> Path:
    book = openpyxl.Workbook()
    build(book.active)
    book.save(path)
    return path


# -- xlsx -----------------------------------------------------------------------------------


def test_xlsx_headers_rows_and_types(tmp_path: Path) -> None:
    def build(ws: openpyxl.worksheet.worksheet.Worksheet) -> None:
        ws.title = "Kontakty"
        ws["C3"], ws["D3"], ws["F3"], ws["G3"] = "Imię", "email", "Email", "urodzony"
        ws.append([])
        ws["C4"], ws["D4"], ws["E4"], ws["G4"] = "Łucja", "l@x.pl", 500100200, date(1990, 5, 1)
        ws["C6"], ws["D6"], ws["E6"], ws["F6"] = "Jan", None, 12.5, True
        ws["G7"] = datetime(2024, 1, 2, 3, 4, 5)

    path = _xlsx(tmp_path / "contacts.bin", build)  # the name's extension is not consulted
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    book.create_sheet("Druga")
    book.save(path)
    with open_spreadsheet(path) as source:
        assert source.format == "xlsx"
        assert source.sheet_names == ["Kontakty", "Druga"]
        assert source.sheet_name == "Kontakty"
        assert source.header_row == 3
        assert source.headers == ["Imię", "email", "column 3", "Email", "urodzony"]
        assert source.duplicate_headers == {"email": [1, 3]}
        rows = list(source.iter_rows())
        assert rows == [
            (4, ["Łucja", "l@x.pl", 500100200, None, date(1990, 5, 1)]),
            (6, ["Jan", None, 12.5, True, None]),
            (7, [None, None, None, None, datetime(2024, 1, 2, 3, 4, 5)]),
        ]
        assert type(rows[0][1][2]) is int  # Excel's 500100200.0, as the number it is
        assert source.preview(1) == rows[:1]


def test_sheet_chosen_by_name_or_refused(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "a.xlsx", lambda ws: ws.append(["x"]))
    book = openpyxl.load_workbook(path)
    second = book.create_sheet("Druga")
    second.append(["name"])
    second.append(["Ala"])
    book.save(path)
    with open_spreadsheet(path, sheet="Druga") as source:
        assert list(source.iter_rows()) == [(2, ["Ala"])]
    assert _code(path, sheet="Trzecia") == "sheet_not_found"


def _set_cached_value(path: Path, cell: str, value: str) -> None:
    """Give one formula a cached value, as Excel stores it on save (openpyxl writes none)."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    start = sheet.index(f'<c r="{cell}"')
    end = sheet.index("</c>", start)
    patched = sheet[start:end].replace("<v />", f"<v>{value}</v>").replace("<v></v>", "")
    assert f"<v>{value}</v>" in patched
    members["xl/worksheets/sheet1.xml"] = (sheet[:start] + patched + sheet[end:]).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_formulas_read_as_their_cached_value_never_evaluated(tmp_path: Path) -> None:
    def build(ws: openpyxl.worksheet.worksheet.Worksheet) -> None:
        ws.append(["a", "cached", "not cached"])
        ws.append([5, "=A2*2", "=A2*3"])

    path = _xlsx(tmp_path / "formulas.xlsx", build)
    _set_cached_value(path, "B2", "10")
    with open_spreadsheet(path) as source:
        assert list(source.iter_rows()) == [(2, [5, 10, None])]


def test_million_empty_rows_are_skipped_quickly(tmp_path: Path) -> None:
    def build(ws: openpyxl.worksheet.worksheet.Worksheet) -> None:
        ws.append(["name", "email"])
        ws.append(["Ala", "a@x.pl"])
        ws.cell(row=1_048_576, column=1, value=" ")  # a space: calamine spans every row

    path = _xlsx(tmp_path / "tall.xlsx", build)
    with open_spreadsheet(path) as source:
        assert list(source.iter_rows()) == [(2, ["Ala", "a@x.pl"])]


def test_styled_empty_cell_at_the_last_cell_is_not_a_row(tmp_path: Path) -> None:
    def build(ws: openpyxl.worksheet.worksheet.Worksheet) -> None:
        ws.append(["name"])
        ws.append(["Ala"])
        ws.cell(row=1_048_576, column=16_384).font = Font(bold=True)

    with open_spreadsheet(_xlsx(tmp_path / "styled.xlsx", build)) as source:
        assert source.headers == ["name"]
        assert list(source.iter_rows()) == [(2, ["Ala"])]


def test_sheet_of_only_empty_rows_has_no_rows(tmp_path: Path) -> None:
    def build(ws: openpyxl.worksheet.worksheet.Worksheet) -> None:
        for row in (1, 500_000, 1_048_576):
            ws.cell(row=row, column=3, value=" ")

    assert _code(_xlsx(tmp_path / "blank.xlsx", build)) == "file_no_rows"


def test_header_only_sheet_has_no_data_rows(tmp_path: Path) -> None:
    with open_spreadsheet(_xlsx(tmp_path / "h.xlsx", lambda ws: ws.append(["a", "b"]))) as s:
        assert s.headers == ["a", "b"]
        assert list(s.iter_rows()) == []


def test_cell_at_the_far_corner_is_refused_before_calamine_grids_it(tmp_path: Path) -> None:
    """Loaded, calamine would ask for 17 billion cells (512 GiB) and abort the process."""

    def build(ws: openpyxl.worksheet.worksheet.Worksheet) -> None:
        ws.append(["name"])
        ws.cell(row=1_048_576, column=16_384, value=" ")

    path = _xlsx(tmp_path / "corner.xlsx", build)
    script = (
        "import sys; from pathlib import Path\n"
        "from kartoteka_contacts.files import open_spreadsheet\n"
        "from kartoteka_platform.errors import InvalidInput\n"
        "try:\n    open_spreadsheet(Path(sys.argv[1]))\n"
        "except InvalidInput as e:\n    print(e.code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "file_too_large"


def test_wide_sheet_within_the_cell_limit_opens(tmp_path: Path) -> None:
    def build(ws: openpyxl.worksheet.worksheet.Worksheet) -> None:
        ws.append([f"h{i}" for i in range(40)])
        ws.append(list(range(40)))

    path = _xlsx(tmp_path / "wide.xlsx", build)
    with open_spreadsheet(path) as source:
        assert list(source.iter_rows()) == [(2, list(range(40)))]
    assert _code(path, limits=FileLimits(max_sheet_cells=79)) == "file_too_large"


def test_password_protected_xlsx_is_encrypted(tmp_path: Path) -> None:
    plain = _xlsx(tmp_path / "plain.xlsx", lambda ws: ws.append(["name"]))
    locked = tmp_path / "locked.xlsx"
    with plain.open("rb") as source, locked.open("wb") as out:
        msoffcrypto.format.ooxml.OOXMLFile(source).encrypt("tajne", out)
    assert _code(locked) == "file_encrypted"


# -- zips that are not what they claim ------------------------------------------------------


def _zip_bytes(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip from (name, deflated data, crc, uncompressed size), headers written by hand."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, crc, size in members:
        offset = out.tell()
        encoded = name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size,
                              len(encoded), 0) + encoded + data)  # fmt: skip
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc,
                                  len(data), size, len(encoded), 0, 0, 0, 0, 0, offset)
                      + encoded)  # fmt: skip
    directory = central.getvalue()
    count = len(members)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), out.tell(), 0)
    return out.getvalue() + directory + end


def _deflated(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def test_zip_bomb_is_refused_from_its_directory(tmp_path: Path) -> None:
    # 3 GiB of zeros, deflated: after a full flush each 1 MiB of zeros deflates to the same
    # ~1 KiB, so 3,072 copies make an honest 3 MiB stream in milliseconds. The CRC is left 0:
    # the bomb is refused from the central directory before a byte of it is inflated.
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(2**20)
    first = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    repeat = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    stream = first + repeat * 3_070 + packer.compress(zeros) + packer.flush()
    workbook = b"<workbook/>"
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(
        _zip_bytes(
            [
                ("xl/workbook.xml", _deflated(workbook), zlib.crc32(workbook), len(workbook)),
                ("xl/worksheets/sheet1.xml", stream, 0, 3 * 2**30),
            ]
        )
    )
    assert _code(path) == "file_too_large"  # 3 GiB unpacked is past the 2 GiB default
    assert _code(path, limits=FileLimits(max_uncompressed_bytes=4 * 2**30)) == "file_zip_bomb"


def test_member_inflating_past_its_declared_size_is_corrupt(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "liar.xlsx", lambda ws: ws.append(["x" * 50] * 200))
    with zipfile.ZipFile(path) as archive:
        members = [
            (i.filename, archive.read(i.filename)) for i in archive.infolist()
        ]  # fmt: skip
    honest = [(name, _deflated(data), zlib.crc32(data), len(data)) for name, data in members]
    path.write_bytes(_zip_bytes(honest))
    with open_spreadsheet(path) as source:  # the hand-built zip itself is sound
        assert source.headers[0] == "x" * 50
    lying = [(n, d, c, 100 if n == "xl/worksheets/sheet1.xml" else s) for n, d, c, s in honest]
    path.write_bytes(_zip_bytes(lying))
    assert _code(path) == "file_corrupt"


def test_truncated_xlsx_is_corrupt(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "whole.xlsx", lambda ws: ws.append(["name"]))
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert _code(cut) == "file_corrupt"


def test_zip_that_is_not_a_workbook_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    assert _code(path) == "file_unsupported"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "file_empty"),
        (codecs.BOM_UTF8 + b" \r\n\t \n", "file_empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "file_unsupported"),
        (os.urandom(4096) + b"\x00", "file_unsupported"),
        (bytes(range(1, 32)) * 50, "file_unsupported"),
    ],
    ids=["empty", "bom-and-whitespace", "pdf", "random-bytes", "control-characters"],
)
def test_not_a_spreadsheet(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "upload.csv"
    path.write_bytes(content)
    assert _code(path) == code


# -- OLE2 / xls -----------------------------------------------------------------------------


def _compound_file(streams: dict[str, bytes]) -> bytes:
    """A version 3 OLE2 container: FAT in sector 0, directory in 1, streams from sector 2."""
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    fat, data, entries = [fat_sector, end], b"", []
    for name, given in streams.items():
        # 4,096 bytes or more keeps a stream out of the mini stream, which we do not build.
        content = given.ljust(max(4096, -(-len(given) // 512) * 512), b"\x00")
        first, count = len(fat), len(content) // 512
        fat += [first + i + 1 for i in range(count - 1)] + [end]
        entries.append((name, 2, first, len(content)))
        data += content
    directory = b""
    names = [("Root Entry", 5, end, 0), *entries]
    for index, (name, kind, start, size) in enumerate(names):
        encoded = (name + "\x00").encode("utf-16-le")
        child = 1 if index == 0 else free
        sibling = index + 1 if 0 < index < len(names) - 1 else free
        directory += (encoded.ljust(64, b"\x00") + struct.pack("<HBBIII", len(encoded), kind, 1,
                      free, sibling, child) + bytes(36) + struct.pack("<IIHH", start, size, 0, 0)
                      )  # fmt: skip
    directory = directory.ljust(512, b"\x00")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3,
              0xFFFE, 9, 6) + bytes(6) + struct.pack("<IIIIIIII", 0, 1, 1, 0, 4096, end, 0, end)
              + struct.pack("<I", 0) + struct.pack("<I", 0) + struct.pack("<108I", *[free] * 108)
              )  # fmt: skip
    fat_block = struct.pack(f"<{len(fat)}I", *fat).ljust(512, b"\xff")
    return header + fat_block + directory + data


def test_ole2_workbook_is_xls_and_garbage_inside_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "old.csv"  # named wrong on purpose
    path.write_bytes(_compound_file({"Workbook": b"\x09\x08garbage" * 100}))
    assert detect_format(path) == "xls"
    assert _code(path) == "file_corrupt"


def test_ole2_with_encryption_info_is_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "secret.xlsx"
    path.write_bytes(_compound_file({"EncryptionInfo": b"\x04\x00", "EncryptedPackage": b"x"}))
    assert _code(path) == "file_encrypted"


def test_ole2_word_document_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "cv.xls"
    path.write_bytes(_compound_file({"WordDocument": b"x"}))
    assert _code(path) == "file_unsupported"


def test_truncated_ole2_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "cut.xls"
    path.write_bytes(_compound_file({"Workbook": b"x"})[:700])
    assert _code(path) == "file_corrupt"


# -- CSV ------------------------------------------------------------------------------------


def test_windows_1250_semicolons(tmp_path: Path) -> None:
    text = f"Imię;Nazwisko;Miasto\r\nŁucja;Świątek;Łódź\r\nŻaneta;Gęślak;{POLISH}\r\n"
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("cp1250"))
    with open_spreadsheet(path) as source:
        assert (source.encoding, source.delimiter) == ("cp1250", ";")
        assert source.headers == ["Imię", "Nazwisko", "Miasto"]
        assert list(source.iter_rows()) == [
            (2, ["Łucja", "Świątek", "Łódź"]),
            (3, ["Żaneta", "Gęślak", POLISH]),
        ]


def test_utf16_with_bom_tabs(tmp_path: Path) -> None:
    path = tmp_path / "excel.txt"
    path.write_bytes(f"name\tcity\nJózef\t{POLISH}\n".encode("utf-16"))
    with open_spreadsheet(path) as source:
        assert (source.encoding, source.delimiter) == ("utf-16", "\t")
        assert list(source.iter_rows()) == [(2, ["Józef", POLISH])]


def test_utf8_bom_quoted_newlines_and_ragged_rows(tmp_path: Path) -> None:
    text = (
        'name,note,,email\r\n\r\n"Kowalski, Jan","line one\r\nline two",x,j@x.pl\r\n'
        "Ala\r\n,,,\r\nOla,,,o@x.pl,extra\r\n"
    )
    path = tmp_path / "notes.csv"
    path.write_bytes(codecs.BOM_UTF8 + text.encode())
    with open_spreadsheet(path) as source:
        assert (source.encoding, source.delimiter) == ("utf-8-sig", ",")
        assert source.headers == ["name", "note", "column 3", "email"]
        assert list(source.iter_rows()) == [
            (3, ["Kowalski, Jan", "line one\r\nline two", "x", "j@x.pl"]),
            (4, ["Ala", None, None, None]),
            (6, ["Ola", None, None, "o@x.pl"]),
        ]


def test_utf8_preferred_when_clean_and_pipe_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(f"a|b\n{POLISH}|1,5\n", encoding="utf-8")
    with open_spreadsheet(path) as source:
        assert (source.encoding, source.delimiter) == ("utf-8", "|")
        assert list(source.iter_rows()) == [(2, [POLISH, "1,5"])]


def test_broken_utf8_after_the_sample_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    good = "".join(f"Łucja{i},l{i}@x.pl\n" for i in range(20_000)).encode()
    path.write_bytes(b"name,email\n" + good + "Żaneta,z@x.pl\n".encode("cp1250"))
    with open_spreadsheet(path) as source:
        assert source.encoding == "utf-8"
        with pytest.raises(InvalidInput) as caught:
            list(source.iter_rows())
    assert caught.value.code == "file_corrupt"
    assert "20002" in caught.value.detail


def test_csv_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    line = f"{POLISH},jan.kowalski@example.com,+48 500 100 200,Warszawa\n"
    path.write_text("name,email,phone,city\n" + line * 80_000, encoding="utf-8")  # ~6 MiB
    tracemalloc.start()
    try:
        with open_spreadsheet(path) as source:
            count = sum(1 for _ in source.iter_rows())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 80_000
    assert peak < 2 * 2**20  # the 256 KiB sample and its decoding, not the 6 MiB file
    assert path.stat().st_size > 3 * peak


def test_csv_has_no_sheets(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a,b\n1,2\n")
    assert _code(path, sheet="Arkusz1") == "sheet_not_found"
