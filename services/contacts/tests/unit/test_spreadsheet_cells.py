"""Spreadsheet cells: formula neutralisation, and reading text, numbers, yes/no, ids, dates,
money and choices from what XLSX and CSV readers give."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from kartoteka_contacts.domain.custom_fields import (
    FieldDefinition,
    FieldOption,
    FieldType,
    StoredValue,
    coerce_value,
    validate_definition,
)
from kartoteka_contacts.domain.spreadsheet import CellError, custom_column
from kartoteka_contacts.domain.spreadsheet.cells import (
    FORMULA_TRIGGERS,
    Cell,
    CellProblem,
    escape_apostrophes,
    integer_cell,
    neutralise,
    number_cell,
    to_bool,
    to_decimal,
    to_integer,
    to_text,
    to_uuid,
    unneutralise,
)
from kartoteka_contacts.domain.spreadsheet.dates import date_cell, to_date, to_moment
from kartoteka_contacts.domain.spreadsheet.folding import loose, squeezed

T = FieldType
REF = "2f1c8e4a-9b7d-4c3e-8a1f-0d2e3c4b5a69"
OPTIONS = (
    FieldOption("warm", "Warm lead"),
    FieldOption("cold", "Cold"),
    FieldOption("krk", "Kraków, Małopolska"),
    FieldOption("lodz", "Łódź"),
)


def define(kind: FieldType, **overrides: Any) -> FieldDefinition:
    fields: dict[str, Any] = {"key": "f", "label": "Field", "type": kind}
    if kind in (T.DROPDOWN, T.MULTI_SELECT):
        fields["options"] = OPTIONS
    fields.update(overrides)
    return validate_definition(FieldDefinition(**fields))


def read(kind: FieldType, cell: Cell, **overrides: Any) -> StoredValue | None:
    """A cell read by a custom column of `kind`; the result must already be in stored form."""
    definition = define(kind, **overrides)
    value: StoredValue | None = custom_column(definition).parse(cell)
    assert coerce_value(definition, value) == value
    return value


def refused(kind: FieldType, cell: Cell, **overrides: Any) -> CellError:
    with pytest.raises(CellError) as caught:
        custom_column(define(kind, **overrides)).parse(cell)
    assert caught.value.column_key == "custom.f"
    assert caught.value.field == "custom.f"
    return caught.value


def problem(convert: Any, cell: Cell) -> CellProblem:
    with pytest.raises(CellProblem) as caught:
        convert(cell)
    return caught.value


# --- formula neutralisation ------------------------------------------------------------------

TRICKY_TEXTS = [
    "=1+1", "+48600100200", "-5", "@SUM(A1)", "\tx", "\rx", "'=x", "''=x", "'''+x", "'abc",
    "'", "''", "abc", "", "a=b", " =x", "'\t", "=",
]  # fmt: skip


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_a_text_survives_escaping_with_or_without_csv_neutralisation(text: str) -> None:
    escaped = escape_apostrophes(text)
    assert unneutralise(escaped) == text  # XLSX: written as escaped
    assert unneutralise(neutralise(escaped)) == text  # CSV: neutralised too
    assert neutralise(escaped)[:1] not in FORMULA_TRIGGERS


@pytest.mark.parametrize(
    ("text", "inert"),
    [("=1+1", "'=1+1"), ("+48", "'+48"), ("-5", "'-5"), ("@x", "'@x"), ("abc", "abc"), ("", "")],
)
def test_neutralise_prefixes_formula_starts_with_an_apostrophe(text: str, inert: str) -> None:
    assert neutralise(text) == inert
    assert unneutralise(inert) == text


@pytest.mark.parametrize("text", ["'abc", "'", "'12", "it's"])
def test_unneutralise_keeps_apostrophes_that_guard_no_formula(text: str) -> None:
    assert unneutralise(text) == text


def test_a_neutralised_cell_reads_back_as_the_plain_text() -> None:
    assert to_text('\'=HYPERLINK("x")') == '=HYPERLINK("x")'
    assert to_text("  '+48 600 100 200 ") == "+48 600 100 200"


# --- text --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (None, ""),
        ("  Zażółć gęślą jaźń  ", "Zażółć gęślą jaźń"),
        (600100200, "600100200"),
        (600100200.0, "600100200"),  # what XLSX gives for a phone typed as a number
        (48600100200.0, "48600100200"),
        (12.5, "12.5"),
        (True, "true"),
        (date(2024, 12, 31), "2024-12-31"),
        (datetime(2024, 12, 31, 10, 30), "2024-12-31T10:30:00"),
    ],
)
def test_any_cell_reads_as_text(cell: Cell, text: str) -> None:
    assert to_text(cell) == text


def test_nan_is_not_text() -> None:
    assert problem(to_text, float("nan")).code == "invalid_text"


def test_loose_and_squeezed_ignore_case_accents_spacing_and_punctuation() -> None:
    assert loose("  Łódź   ŚRÓDMIEŚCIE ") == "lodz srodmiescie"
    assert loose("Straße") == "strasse"
    assert squeezed("E-mail address") == squeezed("email_address") == "emailaddress"
    assert squeezed("Data urodzenia:") == "dataurodzenia"


# --- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("1 234,56", "1234.56"),
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1\u00a0234,56", "1234.56"),  # no-break space, as Polish Excel writes groups
        ("1\u202f234\u202f567,5", "1234567.5"),
        ("1.234.567", "1234567"),
        ("1,234,567", "1234567"),
        ("1,234,567.89", "1234567.89"),
        ("12,5", "12.5"),
        ("12.5", "12.5"),
        ("-12,50", "-12.50"),
        ("\u221212,50", "-12.50"),  # the typographic minus
        ("'-12.50", "-12.50"),  # neutralised by a CSV export
        ("+7", "7"),
        (",5", "0.5"),
        ("1e-05", "0.00001"),
        ("1.5E+3", "1500"),
        (12, "12"),
        (12.5, "12.5"),
        (0.1, "0.1"),
        (2**70, str(2**70)),
    ],
)
def test_decimals_in_the_ways_people_write_them(cell: Cell, number: str) -> None:
    assert to_decimal(cell) == Decimal(number)


def test_a_lone_separator_is_the_decimal_point() -> None:
    assert to_decimal("1,234") == Decimal("1.234")
    assert to_decimal("1.234") == Decimal("1.234")


@pytest.mark.parametrize(
    "cell", ["abc", "12a", "1.234.56", "1,23.45", "1.234,5,6", "--1", "1e", float("inf"), True]
)
def test_what_is_not_a_number_is_refused(cell: Cell) -> None:
    assert problem(to_decimal, cell).code == "invalid_number"


def test_a_date_is_not_a_number() -> None:
    assert "2024-01-02" in problem(to_decimal, date(2024, 1, 2)).reason


def test_an_overlong_number_text_is_refused_before_parsing() -> None:
    assert "too long" in problem(to_decimal, "1" * 65).reason


@pytest.mark.parametrize(
    ("cell", "number"),
    [(12.0, 12), ("12.0", 12), ("12,00", 12), ("1 234", 1234), (-3, -3), (str(2**62), 2**62)],
)
def test_whole_numbers_including_integral_floats(cell: Cell, number: int) -> None:
    assert to_integer(cell) == number


@pytest.mark.parametrize("cell", [12.5, "12,5", "0.1"])
def test_a_fraction_is_not_rounded_into_a_whole_number(cell: Cell) -> None:
    assert problem(to_integer, cell).code == "invalid_integer"


def test_blank_cells_are_no_number() -> None:
    assert to_decimal(None) is None
    assert to_decimal("  ") is None
    assert to_integer("") is None


def test_numbers_export_as_spreadsheet_numbers_only_when_a_double_holds_them() -> None:
    assert number_cell(Decimal("12.50")) == 12.5
    assert number_cell(Decimal("-0.10")) == -0.1
    assert number_cell(Decimal("12345678901234567.89")) == "12345678901234567.89"
    assert number_cell(Decimal("0.00001")) == "0.00001"  # repr would be 1e-05
    assert integer_cell(2**53) == 2**53
    assert integer_cell(2**53 + 1) == str(2**53 + 1)
    assert integer_cell(-(2**63)) == str(-(2**63))


# --- yes/no ------------------------------------------------------------------------------------

YES = [True, 1, 1.0, "true", "TRUE", "yes", "Y", "tak", "Tak", "ja", "так", "да", "x", "X", "1",
       "✓", "✔", "prawda", "wahr"]  # fmt: skip
NO = [False, 0, 0.0, "false", "no", "N", "nie", "NIE", "nein", "ні", "нет", "0", "fałsz", "✗"]


@pytest.mark.parametrize("cell", YES)
def test_yes_in_many_languages(cell: Cell) -> None:
    assert to_bool(cell) is True


@pytest.mark.parametrize("cell", NO)
def test_no_in_many_languages(cell: Cell) -> None:
    assert to_bool(cell) is False


@pytest.mark.parametrize("cell", [None, "", "   "])
def test_an_empty_checkbox_cell_says_nothing(cell: Cell) -> None:
    assert to_bool(cell) is None


@pytest.mark.parametrize("cell", ["maybe", 2, 0.5, date(2024, 1, 1)])
def test_neither_yes_nor_no_is_refused(cell: Cell) -> None:
    assert problem(to_bool, cell).code == "invalid_boolean"


# --- ids ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", [REF, REF.upper(), f"{{{REF}}}", f"  {REF} "])
def test_ids_are_uuids_in_any_common_spelling(cell: str) -> None:
    assert to_uuid(cell) == uuid.UUID(REF)


@pytest.mark.parametrize(
    "cell", ["123", "not-an-id", str(uuid.UUID(int=0)), 123, "{" * 40 + REF + "}" * 40]
)
def test_what_is_not_an_id_is_refused(cell: Cell) -> None:
    assert problem(to_uuid, cell).code == "invalid_id"


# --- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("serial", "day"),
    [
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),  # 60 is Lotus's phantom 29 February 1900
        (45123, date(2023, 7, 16)),
        (45123.0, date(2023, 7, 16)),
        (2958465, date(9999, 12, 31)),  # Excel's last day
    ],
)
def test_excel_serial_numbers_are_days(serial: float, day: date) -> None:
    assert to_date(serial) == day


@pytest.mark.parametrize("serial", [0, -1, 60, 2958466, 10**20, 1e300, float("nan"), float("inf")])
def test_serials_outside_excels_calendar_are_refused(serial: float) -> None:
    assert problem(to_date, serial).code == "invalid_date"
    assert problem(to_moment, serial).code == "invalid_date"


@pytest.mark.parametrize(
    ("serial", "moment"),
    [
        (45123.5, datetime(2023, 7, 16, 12)),
        (45123.25, datetime(2023, 7, 16, 6)),
        (45123.1, datetime(2023, 7, 16, 2, 24)),  # float noise rounded away at the millisecond
        (1.5, datetime(1900, 1, 1, 12)),
        (2958465.5, datetime(9999, 12, 31, 12)),
        (2958465.99999999, datetime(9999, 12, 31, 23, 59, 59, 999000)),
    ],
)
def test_serials_with_a_fraction_are_moments(serial: float, moment: datetime) -> None:
    assert to_moment(serial) == moment


def test_a_serial_rounding_past_the_last_day_is_refused_not_overflowing() -> None:
    assert "9999-12-31" in problem(to_moment, 2958465.999999996).reason


def test_a_serial_with_a_time_is_not_a_date() -> None:
    assert "time of day" in problem(to_date, 45123.5).reason


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("2024-12-31", date(2024, 12, 31)),
        ("31.12.2024", date(2024, 12, 31)),
        ("31/12/2024", date(2024, 12, 31)),
        ("31-12-2024", date(2024, 12, 31)),
        ("1.2.2024", date(2024, 2, 1)),
        ("2024/12/31", date(2024, 12, 31)),
        ("2024.12.31", date(2024, 12, 31)),
        ("9999-12-31", date(9999, 12, 31)),
        ("31.12.9999", date(9999, 12, 31)),
        ("0001-01-01", date(1, 1, 1)),
        ("2024-12-31T00:00:00", date(2024, 12, 31)),
        ("31.12.2024 00:00", date(2024, 12, 31)),
        (date(9999, 12, 31), date(9999, 12, 31)),
        (datetime(2024, 12, 31), date(2024, 12, 31)),
    ],
)
def test_written_dates_iso_and_day_first(cell: Cell, day: date) -> None:
    assert to_date(cell) == day


@pytest.mark.parametrize(
    "cell",
    [
        "12/31/2024",  # month first is refused, not guessed
        "31.12.24",  # two-digit year
        "2024-02-30",
        "29.02.2023",
        "45123",  # a serial as text: a CSV never carries one
        "tomorrow",
        "31.12.2024 25:00",
        True,
        "9" * 70,
    ],
)
def test_what_is_not_a_date_is_refused(cell: Cell) -> None:
    assert problem(to_date, cell).code == "invalid_date"


def test_a_moment_is_not_a_date() -> None:
    assert "time of day" in problem(to_date, datetime(2024, 12, 31, 10, 30)).reason
    assert "time of day" in problem(to_date, "31.12.2024 10:30").reason


@pytest.mark.parametrize(
    ("cell", "moment"),
    [
        ("31.12.2024 14:30", datetime(2024, 12, 31, 14, 30)),
        ("31/12/2024 14:30:15", datetime(2024, 12, 31, 14, 30, 15)),
        ("31.12.2024 14:30:15,5", datetime(2024, 12, 31, 14, 30, 15, 500000)),
        ("2024-12-31 14:30", datetime(2024, 12, 31, 14, 30)),
        ("2024-12-31T14:30:00Z", datetime(2024, 12, 31, 14, 30, tzinfo=UTC)),
        (
            "2024-12-31T14:30:00+02:00",
            datetime(2024, 12, 31, 14, 30, tzinfo=timezone(timedelta(hours=2))),
        ),
        ("9999-12-31T23:59:59.999999Z", datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)),
        (date(2024, 12, 31), datetime(2024, 12, 31)),
        ("31.12.2024", datetime(2024, 12, 31)),
    ],
)
def test_moments_written_or_given(cell: Cell, moment: datetime) -> None:
    assert to_moment(cell) == moment


def test_dates_export_as_date_cells_except_where_excel_miscounts() -> None:
    assert date_cell(date(9999, 12, 31)) == date(9999, 12, 31)
    assert date_cell(date(1900, 3, 1)) == date(1900, 3, 1)
    assert date_cell(date(1900, 2, 28)) == "1900-02-28"
    assert date_cell(date(1, 1, 1)) == "0001-01-01"


# --- custom fields by type ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "stored"),
    [
        ("12,50 PLN", {"amount": "12.50", "currency": "PLN"}),
        ("PLN 12.50", {"amount": "12.50", "currency": "PLN"}),
        ("pln12.5", {"amount": "12.50", "currency": "PLN"}),
        ("1 234,5 zł", {"amount": "1234.50", "currency": "PLN"}),
        ("€12", {"amount": "12.00", "currency": "EUR"}),
        ("$ 1,234.56", {"amount": "1234.56", "currency": "USD"}),
        ("-12,50 EUR", {"amount": "-12.50", "currency": "EUR"}),
        ("'-12.50 EUR", {"amount": "-12.50", "currency": "EUR"}),
        ("100 грн", {"amount": "100.00", "currency": "UAH"}),
    ],
)
def test_money_with_a_code_or_a_symbol_before_or_after(cell: Cell, stored: StoredValue) -> None:
    assert read(T.MONEY, cell) == stored


@pytest.mark.parametrize("cell", ["12.50", 12.5, "12,5", "'12.50"])
def test_a_bare_amount_takes_the_fields_only_currency(cell: Cell) -> None:
    assert read(T.MONEY, cell, settings={"currencies": ["PLN"]}) == {
        "amount": "12.50",
        "currency": "PLN",
    }


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("12.50", "invalid_money"),  # several currencies: which one?
        ("12.50 XYZ", "unknown_currency"),
        ("12.50 ¥¥", "invalid_money"),
        ("12.505 PLN", "invalid_money"),  # more places than the scale
        ("abc PLN", "invalid_number"),
    ],
)
def test_money_errors_name_the_column(cell: Cell, code: str) -> None:
    assert refused(T.MONEY, cell).code == code


@pytest.mark.parametrize(
    ("cell", "stored"),
    [
        ("warm", "warm"),
        ("Warm lead", "warm"),
        ("WARM  LEAD", "warm"),
        ("krakow, malopolska", "krk"),  # accents ignored
        ("Lodz", "lodz"),
        ("cold", "cold"),
        ("COLD", "cold"),
    ],
)
def test_a_dropdown_by_label_or_value_ignoring_case_and_accents(
    cell: Cell, stored: StoredValue
) -> None:
    assert read(T.DROPDOWN, cell) == stored


def test_a_dropdown_refuses_an_unknown_option_listing_the_labels() -> None:
    error = refused(T.DROPDOWN, "Purple")
    assert error.code == "unknown_option"
    assert "Warm lead" in error.reason


def test_labels_equal_without_accents_make_that_spelling_ambiguous() -> None:
    options = (FieldOption("a", "Łódź"), FieldOption("b", "Lodz"))
    assert read(T.DROPDOWN, "Łódź", options=options) == "a"
    assert read(T.DROPDOWN, "LODZ", options=options) == "b"  # case-insensitive exact label
    assert refused(T.DROPDOWN, "Łodz", options=options).code == "ambiguous_option"


@pytest.mark.parametrize(
    ("cell", "stored"),
    [
        ("Warm lead; Cold", ["cold", "warm"]),
        ("cold, warm", ["cold", "warm"]),
        ("Cold\nWarm lead\n", ["cold", "warm"]),
        ("Kraków, Małopolska; cold", ["cold", "krk"]),  # a label with a comma stays whole
        ("cold; cold", ["cold"]),
        ("łódź", ["lodz"]),
    ],
)
def test_multi_select_splits_on_semicolons_commas_and_new_lines(
    cell: Cell, stored: StoredValue
) -> None:
    assert read(T.MULTI_SELECT, cell) == stored


def test_multi_select_names_the_unknown_option() -> None:
    assert "'Purple'" in refused(T.MULTI_SELECT, "cold; Purple").reason


@pytest.mark.parametrize(
    ("kind", "cell", "stored"),
    [
        (T.LINK, "example.com/a", "https://example.com/a"),
        (T.LINK, "HTTPS://Example.COM/Path", "https://example.com/Path"),
        (T.CONTACT_REF, REF.upper(), REF),
        (T.CONTACT_REF, f"{{{REF}}}", REF),
        (T.INTEGER, "1 234", 1234),
        (T.INTEGER, 12.0, 12),
        (T.DECIMAL, "1.234,5", "1234.50"),
        (T.DECIMAL, 0.1, "0.10"),
        (T.DATE, 45123, "2023-07-16"),
        (T.DATE, "31.12.9999", "9999-12-31"),
        (T.DATETIME, 45123.5, "2023-07-16T12:00:00.000000Z"),
        (T.DATETIME, "31.12.2024 14:30", "2024-12-31T14:30:00.000000Z"),
        (T.DATETIME, "2024-12-31T14:30:00+02:00", "2024-12-31T12:30:00.000000Z"),
        (T.CHECKBOX, "tak", True),
        (T.CHECKBOX, "✓", True),
        (T.CHECKBOX, 0, False),
        (T.TEXT, 600100200.0, "600100200"),
        (T.TEXT, "'=1+1", "=1+1"),
        (T.LONG_TEXT, " line one\nline two ", "line one\nline two"),
    ],
)
def test_each_type_reads_what_spreadsheets_hold(
    kind: FieldType, cell: Cell, stored: StoredValue
) -> None:
    assert read(kind, cell) == stored


@pytest.mark.parametrize("kind", list(FieldType))
@pytest.mark.parametrize("cell", [None, "", "  "])
def test_an_empty_cell_clears_any_type(kind: FieldType, cell: Cell) -> None:
    assert read(kind, cell) is None


@pytest.mark.parametrize(
    ("kind", "cell", "code"),
    [
        (T.INTEGER, 12.5, "invalid_integer"),
        (T.INTEGER, "12,5", "invalid_integer"),
        (T.INTEGER, str(2**63), "out_of_range"),
        (T.DECIMAL, "abc", "invalid_number"),
        (T.DECIMAL, "1.005", "invalid_decimal"),  # scale 2
        (T.DATE, 2958466, "invalid_date"),
        (T.DATE, "12/31/2024", "invalid_date"),
        (T.DATETIME, 60.5, "invalid_date"),
        (T.DATETIME, "9999-12-31T23:00:00-05:00", "invalid_datetime"),  # past 9999 in UTC
        (T.CHECKBOX, "maybe", "invalid_boolean"),
        (T.LINK, "hello", "invalid_url"),
        (T.LINK, "javascript:alert(1)", "invalid_url"),
        (T.CONTACT_REF, "123", "invalid_id"),
        (T.CONTACT_REF, 123, "invalid_id"),
        (T.TEXT, "x" * 1001, "too_long"),
    ],
)
def test_each_error_names_its_column(kind: FieldType, cell: Cell, code: str) -> None:
    error = refused(kind, cell)
    assert error.code == code
    assert error.reason
