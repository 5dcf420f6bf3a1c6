"""Writing exports: typed XLSX cells that are never formulas, CSV that Excel opens safely."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import tracemalloc
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest
from kartoteka_contacts.files import Cell, open_spreadsheet, open_writer
from kartoteka_contacts.files.writing import XlsxEngine

ENGINES: list[XlsxEngine] = ["rust_xlsxwriter", "xlsxwriter"]
HEADER: list[Cell] = ["id", "name", "born", "seen", "score", "vip", "note", "formula"]
ROW: list[Cell] = [
    7, "Łucja Świątek", date(1990, 5, 1), datetime(2024, 1, 2, 3, 4, 5), 12.5, True, None, "=1+1"
]  # fmt: skip


@pytest.mark.parametrize("engine", ENGINES)
def test_xlsx_cells_are_typed_and_text_is_never_a_formula(
    tmp_path: Path, engine: XlsxEngine
) -> None:
    path = tmp_path / "export.xlsx"
    tricky: list[Cell] = ["00123", "+48 500 100 200", "@SUM(A1)", "-5", "1e5", "TRUE", "", "=A1"]
    with open_writer(path, "xlsx", engine=engine) as writer:
        writer.write_row(HEADER)
        writer.write_row(ROW)
        writer.write_row(tricky)
    assert writer.rows_written == 3
    sheet = openpyxl.load_workbook(path).active
    assert [c.value for c in sheet[1]] == HEADER
    row2, row3 = sheet[2], sheet[3]
    assert row2[7].value == "=1+1"
    assert row2[7].data_type == "s"  # not "f": no formula
    assert [c.data_type for c in row3 if c.value is not None] == ["s"] * 7
    assert [c.value for c in row3][:6] == tricky[:6]
    assert row2[2].is_date
    assert row2[2].number_format == "yyyy-mm-dd"
    assert row2[3].is_date
    assert row2[3].number_format == "yyyy-mm-dd hh:mm:ss"
    assert row2[3].value == datetime(2024, 1, 2, 3, 4, 5)
    assert (row2[0].value, row2[4].value, row2[5].value, row2[6].value) == (7, 12.5, True, None)
    with open_spreadsheet(path) as source:  # and our own reader takes it back unchanged
        assert source.headers == HEADER
        rows = list(source.iter_rows())
    assert rows[0] == (2, ROW)


@pytest.mark.parametrize("engine", ENGINES)
def test_xlsx_header_only_and_duplicate_headers(tmp_path: Path, engine: XlsxEngine) -> None:
    path = tmp_path / "empty.xlsx"
    with open_writer(path, "xlsx", engine=engine) as writer:
        writer.write_row(["Email", "Email", None])
    assert [c.value for c in openpyxl.load_workbook(path).active[1]] == [
        "Email", "Email (2)", "column 3"
    ]  # fmt: skip


def test_xlsx_many_rows_cross_the_writer_thread_in_order(tmp_path: Path) -> None:
    path = tmp_path / "many.xlsx"
    with open_writer(path, "xlsx") as writer:
        writer.write_row(["n", "text"])
        for n in range(10_001):  # five full batches of 2,000 and one of a single row
            writer.write_row([n, f"wiersz {n}"])
    with open_spreadsheet(path) as source:
        rows = list(source.iter_rows())
    assert len(rows) == 10_001
    assert rows[0] == (2, [0, "wiersz 0"])
    assert rows[-1] == (10_002, [10_000, "wiersz 10000"])


def _write(path: Path, rows: Iterable[Sequence[Cell]], *, fail: bool = False) -> None:
    with open_writer(path, "xlsx" if path.suffix == ".xlsx" else "csv") as writer:
        for row in rows:
            writer.write_row(row)
        if fail:
            raise RuntimeError("database went away")


@pytest.mark.parametrize("name", ["broken.xlsx", "broken.csv"])
def test_failure_in_the_block_removes_the_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with pytest.raises(RuntimeError, match="went away"):
        _write(path, itertools.chain([["a"]], ([n] for n in range(5_000))), fail=True)
    assert not path.exists()


def test_xlsx_writer_error_reaches_the_caller(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    with pytest.raises(ValueError, match="1066"):
        _write(path, [["when"], [datetime(1066, 10, 14)]])  # before Excel's 1900 epoch
    assert not path.exists()


def test_xlsx_aware_datetimes_keep_their_wall_clock(tmp_path: Path) -> None:
    path = tmp_path / "tz.xlsx"
    with open_writer(path, "xlsx") as writer:
        writer.write_row(["at"])
        writer.write_row([datetime(2024, 6, 1, 12, 30, tzinfo=UTC)])
    assert openpyxl.load_workbook(path).active["A2"].value == datetime(2024, 6, 1, 12, 30)


def test_xlsx_memory_does_not_grow_with_rows(tmp_path: Path) -> None:
    def peak(rows: int) -> int:
        tracemalloc.start()
        try:
            with open_writer(tmp_path / f"{rows}.xlsx", "xlsx") as writer:
                writer.write_row(["id", "name", "email"])
                for n in range(rows):
                    writer.write_row([n, f"Łucja {n}", f"l{n}@example.com"])
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(10_000), peak(40_000)
    assert large < 1.5 * small  # 4x the rows, not 4x the Python memory


def test_csv_bom_crlf_quoting_and_formula_neutralised(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    with open_writer(path, "csv") as writer:
        writer.write_row(HEADER)
        writer.write_row(ROW)
        writer.write_row(["a,b", 'say "hi"', "two\nlines", "+48 500", "-1", "@x", "\tx", "\rx"])
        writer.write_row([-3, -2.5, False, "zwykły tekst", None, "", "ok=1", "a-b"])
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    text = raw[3:].decode("utf-8")
    assert text.startswith("id,name,born,seen,score,vip,note,formula\r\n")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == [
        "7", "Łucja Świątek", "1990-05-01", "2024-01-02 03:04:05", "12.5", "TRUE", "", "'=1+1"
    ]  # fmt: skip
    assert rows[2] == ["a,b", 'say "hi"', "two\nlines", "'+48 500", "'-1", "'@x", "'\tx", "'\rx"]
    assert rows[3] == ["-3", "-2.5", "FALSE", "zwykły tekst", "", "", "ok=1", "a-b"]
    assert '"a,b","say ""hi""","two\nlines"' in text
    with open_spreadsheet(path) as source:  # our reader detects what we wrote
        assert (source.encoding, source.delimiter) == ("utf-8-sig", ",")
        assert next(iter(source.iter_rows()))[1][1] == "Łucja Świątek"
