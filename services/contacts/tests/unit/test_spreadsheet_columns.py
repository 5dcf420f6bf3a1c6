"""Spreadsheet columns: every standard field and custom type written out and read back
unchanged, through XLSX-like and CSV cells, and rows read into new and updated cards."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date
from typing import Any

import pytest
from kartoteka_contacts.domain.contact import (
    Address,
    ContactDraft,
    ContactKind,
    Email,
    Gender,
    Phone,
    stored_fields,
)
from kartoteka_contacts.domain.custom_fields import (
    FieldDefinition,
    FieldOption,
    FieldType,
    StoredValue,
    coerce_value,
    validate_definition,
)
from kartoteka_contacts.domain.spreadsheet import (
    Cell,
    CellError,
    Column,
    RowError,
    RowValues,
    Target,
    contact_columns,
    custom_column,
    export_row,
    header_row,
    neutralise,
    read_row,
    standard_columns,
)
from kartoteka_contacts.domain.spreadsheet.cells import to_text
from kartoteka_contacts.domain.spreadsheet.folding import squeezed
from kartoteka_contacts.domain.validation import validate_contact

T = FieldType
REF = "2f1c8e4a-9b7d-4c3e-8a1f-0d2e3c4b5a69"
CONTACT_ID = uuid.UUID("0b0e6f1e-52a4-4e63-9d1c-2a0e3b9c7f11")
# Tricky on purpose: "y" is labelled with another option's value, "semi" has a separator in its
# label and "eq" a formula start, so exporting by label alone would not read back.
OPTIONS = (
    FieldOption("warm", "Warm lead"),
    FieldOption("cold", "Cold"),
    FieldOption("krk", "Kraków, Małopolska"),
    FieldOption("y", "warm"),
    FieldOption("semi", "A; B"),
    FieldOption("eq", "=Formula"),
)


def define(key: str, kind: FieldType, position: int = 0, **overrides: Any) -> FieldDefinition:
    fields: dict[str, Any] = {"key": key, "label": f"Label {key}", "type": kind}
    if kind in (T.DROPDOWN, T.MULTI_SELECT):
        fields["options"] = OPTIONS
    fields.update(overrides, position=position)
    return validate_definition(FieldDefinition(**fields))


# Stored values per type, including the edges: formula starts, apostrophes, separators,
# unicode, int64 and 2**53 bounds, the year 9999 and days Excel miscounts.
STORED: dict[FieldType, list[StoredValue]] = {
    T.TEXT: ["Anna", "Zażółć gęślą jaźń", "=1+1", "'=x", "''+x", "+48 600", "-", "@home", "'",
             "a; b (c) | d", "日本語", "it's", "\\", "*star"],
    T.LONG_TEXT: ["line one\nline two", "=cmd|' /C calc'!A0", "- item\n- item", "x" * 5000],
    T.INTEGER: [0, -5, 2**53, 2**53 + 1, -(2**53) - 1, 2**63 - 1, -(2**63)],
    T.DECIMAL: ["0.00", "-12.50", "0.10", "1234567890123456.78", "999999999999999999.99",
                "-0.01"],
    T.MONEY: [{"amount": "12.50", "currency": "PLN"}, {"amount": "-0.01", "currency": "EUR"},
              {"amount": "999999999999999999.99", "currency": "UAH"}],
    T.DATE: ["2024-12-31", "9999-12-31", "1900-01-01", "1900-02-28", "1900-03-01", "0001-01-01"],
    T.DATETIME: ["2024-05-01T08:30:00.000000Z", "2024-05-01T08:30:00.123456Z",
                 "9999-12-31T23:59:59.999999Z", "0001-01-01T00:00:00.000000Z"],
    T.CHECKBOX: [True, False],
    T.DROPDOWN: [option.value for option in OPTIONS],
    T.MULTI_SELECT: [["cold"], ["cold", "krk", "warm"], sorted(o.value for o in OPTIONS)],
    T.LINK: ["https://example.com/a?b=c;d#e", "http://[::1]:8080/x"],
    T.CONTACT_REF: [REF],
}  # fmt: skip
DEFINITIONS = [define(f"f_{kind.value}", kind, position=i) for i, kind in enumerate(FieldType)]


def through_csv(cell: Cell) -> Cell:
    """The cell as a plain CSV writer would leave it: text neutralised, the rest as str()."""
    if cell is None:
        return ""
    return neutralise(cell) if isinstance(cell, str) else str(cell)


def cases() -> list[tuple[FieldType, StoredValue]]:
    return [(kind, value) for kind, values in STORED.items() for value in values]


def test_every_type_has_round_trip_samples() -> None:
    assert set(STORED) == set(FieldType)


@pytest.mark.parametrize(("kind", "stored"), cases())
def test_every_custom_type_reads_back_what_it_wrote(kind: FieldType, stored: StoredValue) -> None:
    definition = define("f", kind)
    assert coerce_value(definition, stored) == stored  # the sample is a real stored value
    column = custom_column(definition)
    cell = column.format(stored)
    assert column.parse(cell) == stored
    assert column.parse(through_csv(cell)) == stored


@pytest.mark.parametrize(
    ("kind", "stored", "cell"),
    [
        (T.INTEGER, 42, 42),
        (T.INTEGER, 2**53 + 1, str(2**53 + 1)),  # XLSX doubles would round it
        (T.DECIMAL, "-12.50", -12.5),
        (T.DECIMAL, "1234567890123456.78", "1234567890123456.78"),
        (T.MONEY, {"amount": "12.50", "currency": "PLN"}, "12.50 PLN"),
        (T.DATE, "9999-12-31", date(9999, 12, 31)),
        (T.DATE, "1900-02-28", "1900-02-28"),
        (T.DATETIME, "2024-05-01T08:30:00.000000Z", "2024-05-01T08:30:00Z"),
        (T.DATETIME, "2024-05-01T08:30:00.123456Z", "2024-05-01T08:30:00.123456Z"),
        (T.CHECKBOX, False, False),
        (T.DROPDOWN, "warm", "Warm lead"),
        (T.DROPDOWN, "y", "y"),  # its label "warm" reads as the option "warm"
        (T.DROPDOWN, "semi", "semi"),
        (T.DROPDOWN, "eq", "=Formula"),
        (T.MULTI_SELECT, ["cold", "krk", "warm"], "Warm lead; Cold; Kraków, Małopolska"),
        (T.MULTI_SELECT, ["semi", "y"], "y; semi"),
        (T.TEXT, "'=x", "''=x"),
        (T.TEXT, "=1+1", "=1+1"),  # neutralising is the CSV writer's step
    ],
)
def test_export_forms(kind: FieldType, stored: StoredValue, cell: Cell) -> None:
    assert custom_column(define("f", kind)).format(stored) == cell


@pytest.mark.parametrize("kind", list(FieldType))
def test_nothing_stored_exports_an_empty_cell(kind: FieldType) -> None:
    column = custom_column(define("f", kind))
    assert column.format(None) is None
    assert column.parse(column.format(None)) is None


def test_decimals_and_money_keep_the_fields_scale() -> None:
    column = custom_column(define("f", T.DECIMAL, settings={"scale": 4}))
    for stored in ("0.0001", "-1.2345", "12.0000"):
        assert column.parse(column.format(stored)) == stored
        assert column.parse(through_csv(column.format(stored))) == stored
    money = custom_column(define("m", T.MONEY, settings={"scale": 0, "currencies": ["UAH"]}))
    assert money.parse(money.format({"amount": "100", "currency": "UAH"})) == {
        "amount": "100",
        "currency": "UAH",
    }


# --- the standard columns ----------------------------------------------------------------------

PERSON = ContactDraft(
    kind=ContactKind.PERSON,
    first_name="Zoë",
    middle_name="Marie-Ann",
    last_name="Żółkiewska",
    gender=Gender.FEMALE,
    birthday=date(1985, 5, 17),
    photo_url="https://cdn.example.com/p.jpg",
    company_id=uuid.UUID("5d3c0a8e-1f2b-4c3d-8e9f-0a1b2c3d4e5f"),
    country_code="PL",
    emails=[
        Email("a@x.pl", "work"),
        Email("b(c)@y.pl", "home; old (2019)", primary=True),  # primary but not first
        Email("*star@x.pl"),
        Email("back\\slash@x.pl", "a|b"),
    ],
    phones=[Phone("+48600100200", "mobile", primary=True), Phone("+48221234567")],
    addresses=[
        Address("HQ", "ul. Długa 5; lok. 3", "00-950", "Warszawa", "mazowieckie", "PL"),
        Address(city="Kraków"),
        Address(label="Only a label"),
        Address("Pipes (old)", "*Star | Gasse 1", "", "", "", "DE"),
        Address(street="Line\nbreak"),
    ],
    region="Mazowsze",
    activity_id=uuid.UUID("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"),
    description="=line one\n- line two\n\tindented",
    source="@fair 2024",
    manager_id="user-7",
    custom={d.key: STORED[d.type][-1] for d in DEFINITIONS},
)
COMPANY = ContactDraft(
    kind=ContactKind.COMPANY,
    company_name="ACME Sp. z o.o.",
    country_code="PL",
    legal={"nip": "5260001246", "regon": "610188201", "krs": "0000028860"},
    emails=[Email("biuro@acme.pl", primary=True)],
    addresses=[Address(street="Prosta 1", city="Łódź")],
)
MINIMAL = ContactDraft(kind=ContactKind.PERSON, last_name="Nowak")


def columns() -> tuple[Column, ...]:
    return contact_columns(DEFINITIONS)


def stored(draft: ContactDraft, contact_id: uuid.UUID | None = None) -> dict[str, Any]:
    """The card as an export streams it from the contact table: its stored fields and id."""
    return {"id": None if contact_id is None else str(contact_id), **stored_fields(draft)}


@pytest.mark.parametrize("draft", [PERSON, COMPANY, MINIMAL], ids=["person", "company", "minimal"])
@pytest.mark.parametrize("csv", [False, True], ids=["xlsx", "csv"])
def test_a_card_reads_back_from_its_exported_row(draft: ContactDraft, *, csv: bool) -> None:
    all_columns = columns()
    cells = export_row(all_columns, stored(draft, CONTACT_ID))
    if csv:
        cells = [through_csv(cell) for cell in cells]
    row = read_row(all_columns, cells)
    assert row.contact_id == CONTACT_ID
    assert row.new_draft() == draft
    assert row.updated(PERSON) == draft  # every column mapped: nothing of PERSON is left


TEXT_COLUMNS = [
    c.key
    for c in standard_columns()
    if c.target in (Target.FIELD, Target.LEGAL, Target.ADDRESS) and c.reader is to_text
]


@pytest.mark.parametrize("key", TEXT_COLUMNS)
@pytest.mark.parametrize("text", ["", "Zoë Żółć", "=1+1", "'=x", "''-x", "'abc", "@", "+48 1"])
def test_every_standard_text_column_reads_back_what_it_wrote(key: str, text: str) -> None:
    column = next(c for c in standard_columns() if c.key == key)
    assert column.parse(column.format(text)) == text
    assert column.parse(through_csv(column.format(text))) == text


def test_the_text_columns_are_all_there() -> None:
    names = {"first_name", "middle_name", "last_name", "company_name", "photo_url", "region",
             "country_code", "description", "source", "manager_id"}  # fmt: skip
    assert names | {"address.city", "address.street", "legal.nip", "legal.ein"} <= set(TEXT_COLUMNS)
    assert len(TEXT_COLUMNS) == len(names) + 6 + 8  # address parts, legal identifiers


def test_every_card_field_has_a_column() -> None:
    fed = {c.name for c in standard_columns() if c.target is Target.FIELD}
    fed |= {"legal", "addresses", "custom"}
    assert fed == {f.name for f in dataclasses.fields(ContactDraft)}
    keys = [c.key for c in columns()]
    assert len(keys) == len(set(keys))


def test_every_legal_identifier_has_its_column() -> None:
    legal = {c.key: c.header for c in standard_columns() if c.target is Target.LEGAL}
    assert legal["legal.nip"] == "NIP"
    assert {"legal.regon", "legal.krs", "legal.edrpou", "legal.ust_idnr", "legal.ein"} <= set(legal)


def test_lists_export_in_their_documented_form() -> None:
    by_key = {c.key: c for c in columns()}
    cells = dict(zip(by_key, export_row(columns(), stored(PERSON)), strict=True))
    assert cells["emails"] == (
        "a@x.pl (work); *b\\(c\\)@y.pl (home\\; old \\(2019\\)); \\*star@x.pl; "
        "back\\\\slash@x.pl (a\\|b)"
    )
    assert cells["phones"] == "+48600100200 (mobile); +48221234567"
    assert cells["address.street"] == "ul. Długa 5; lok. 3"  # a plain column needs no escapes
    assert cells["addresses.other"] == (
        " |  | Kraków\n(Only a label)\n\\*Star \\| Gasse 1 |  |  |  | DE (Pipes \\(old\\))\n"
        "Line\\nbreak"
    )
    assert cells["birthday"] == date(1985, 5, 17)
    assert cells["gender"] == "female"
    assert cells["kind"] == "person"


@pytest.mark.parametrize(
    ("cell", "emails"),
    [
        ("a@x.pl", [Email("a@x.pl", primary=True)]),
        ("a@x.pl (work); b@y.pl", [Email("a@x.pl", "work", True), Email("b@y.pl")]),
        ("a@x.pl\nb@y.pl (home)\n", [Email("a@x.pl", primary=True), Email("b@y.pl", "home")]),
        ("a@x.pl;  * b@y.pl ( Home )", [Email("a@x.pl"), Email("b@y.pl", "Home", True)]),
        ("józef@żółw.pl", [Email("józef@żółw.pl", primary=True)]),
        (";;", []),
        (None, []),
    ],
)
def test_emails_typed_by_hand(cell: Cell, emails: list[Email]) -> None:
    assert next(c for c in columns() if c.key == "emails").parse(cell) == emails


def test_phones_typed_as_a_number_in_xlsx() -> None:
    phones = next(c for c in columns() if c.key == "phones")
    assert phones.parse(600100200.0) == [Phone("600100200", primary=True)]


def test_addresses_with_nothing_in_them_are_dropped() -> None:
    draft = dataclasses.replace(MINIMAL, addresses=[Address(), Address(city="Gdańsk"), Address()])
    row = read_row(columns(), export_row(columns(), stored(draft)))
    assert row.new_draft().addresses == [Address(city="Gdańsk")]


@pytest.mark.parametrize(
    ("key", "cell", "code"),
    [
        ("id", "nope", "invalid_id"),
        ("kind", "alien", "invalid_kind"),
        ("gender", "alien", "invalid_gender"),
        ("birthday", "31.02.2024", "invalid_date"),
        ("birthday", 2958466, "invalid_date"),
        ("emails", "*a@x.pl; *b@y.pl", "invalid_list"),
        ("phones", "600100200 work)", "invalid_list"),
        ("addresses.other", "a | b | c | d | e | f", "invalid_address"),
        ("addresses.other", "*Main street", "invalid_address"),
        ("company_id", "ACME", "invalid_id"),
        ("activity_id", 12, "invalid_id"),
        ("custom.f_integer", 12.5, "invalid_integer"),
        ("custom.f_dropdown", "Purple", "unknown_option"),
        ("custom.f_money", "12 XYZ", "unknown_currency"),
        ("custom.f_checkbox", "maybe", "invalid_boolean"),
        ("custom.f_contact_ref", "123", "invalid_id"),
    ],
)
def test_a_refused_cell_names_its_column(key: str, cell: Cell, code: str) -> None:
    column = next(c for c in columns() if c.key == key)
    with pytest.raises(CellError) as caught:
        column.parse(cell)
    assert (caught.value.column_key, caught.value.field, caught.value.code) == (key, key, code)


@pytest.mark.parametrize(
    ("cell", "kind"),
    [("person", ContactKind.PERSON), ("Osoba", ContactKind.PERSON), ("FIRMA", ContactKind.COMPANY),
     ("Company", ContactKind.COMPANY), ("", None)],
)  # fmt: skip
def test_kinds_in_english_and_polish(cell: Cell, kind: ContactKind | None) -> None:
    assert next(c for c in columns() if c.key == "kind").parse(cell) is kind


@pytest.mark.parametrize(
    ("cell", "gender"),
    [("male", Gender.MALE), ("M", Gender.MALE), ("Mężczyzna", Gender.MALE),
     ("female", Gender.FEMALE), ("K", Gender.FEMALE), ("kobieta", Gender.FEMALE), (None, None)],
)  # fmt: skip
def test_genders_in_english_and_polish(cell: Cell, gender: Gender | None) -> None:
    assert next(c for c in columns() if c.key == "gender").parse(cell) is gender


def test_a_row_reports_every_refused_cell_at_once() -> None:
    by_key = {c.key: c for c in columns()}
    picked = [by_key["birthday"], None, by_key["custom.f_integer"], by_key["last_name"]]
    with pytest.raises(RowError) as caught:
        read_row(picked, ["yesterday", "ignored", "1.5", "Nowak"])
    assert [e.column_key for e in caught.value.errors] == ["birthday", "custom.f_integer"]
    assert caught.value.field == "birthday"
    assert "custom.f_integer" in caught.value.detail


# --- rows into cards ---------------------------------------------------------------------------


def row(values: dict[str, Cell]) -> RowValues:
    by_key = {c.key: c for c in columns()}
    return read_row([by_key[key] for key in values], list(values.values()))


def test_an_update_touches_only_mapped_columns() -> None:
    updated = row({"id": str(CONTACT_ID), "phones": "+48 500 600 700", "custom.f_text": ""})
    assert updated.present == frozenset({"id", "phones", "custom.f_text"})
    result = updated.updated(PERSON)
    assert result.phones == [Phone("+48 500 600 700", primary=True)]
    assert "f_text" not in result.custom  # an empty mapped cell clears
    assert dict(result.custom) == {k: v for k, v in PERSON.custom.items() if k != "f_text"}
    unchanged = dataclasses.replace(result, phones=PERSON.phones, custom=PERSON.custom)
    assert unchanged == PERSON


def test_an_update_changes_single_address_parts_and_keeps_the_rest() -> None:
    result = row({"address.city": "Poznań", "address.postal_code": ""}).updated(PERSON)
    assert result.addresses[0] == dataclasses.replace(
        PERSON.addresses[0], city="Poznań", postal_code=""
    )
    assert result.addresses[1:] == PERSON.addresses[1:]


def test_clearing_every_part_of_the_first_address_removes_it() -> None:
    parts = ("label", "street", "postal_code", "city", "region", "country_code")
    result = row({f"address.{part}": None for part in parts}).updated(COMPANY)
    assert result.addresses == []


def test_legal_identifiers_merge_and_an_empty_one_is_dropped() -> None:
    result = row({"legal.krs": "", "legal.regon": "123456785", "legal.ein": ""}).updated(COMPANY)
    assert result.legal == {"nip": "5260001246", "regon": "123456785"}


def test_an_empty_kind_keeps_the_cards_kind() -> None:
    assert row({"kind": "", "company_name": "ACME SA"}).updated(COMPANY).kind is ContactKind.COMPANY


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        ({"company_name": "ACME"}, ContactKind.COMPANY),
        ({"company_name": "ACME", "last_name": "Nowak"}, ContactKind.PERSON),
        ({"last_name": "Nowak"}, ContactKind.PERSON),
        ({"kind": "company", "last_name": "Nowak"}, ContactKind.COMPANY),
    ],
)
def test_a_new_card_without_a_kind_is_a_company_only_when_named_as_one(
    values: dict[str, Cell], kind: ContactKind
) -> None:
    assert row(values).new_draft().kind is kind


def test_a_polish_row_becomes_a_valid_card() -> None:
    values = row(
        {
            "kind": "Firma",
            "company_name": " ACME  Sp. z o.o. ",
            "phones": "600 100 200 (biuro); 22 123 45 67",
            "emails": "Biuro@ACME.pl",
            "legal.nip": 5260001246,  # XLSX gives an unformatted NIP as a number
            "country_code": "pl",
            "custom.f_dropdown": "kraków, małopolska",
            "custom.f_money": "1 234,50 zł",
            "custom.f_date": "31.12.2024",
        }
    )
    definitions = {d.key: d for d in DEFINITIONS}
    card = validate_contact(values.new_draft(), default_region="PL", definitions=definitions)
    assert card.kind is ContactKind.COMPANY
    assert card.company_name == "ACME Sp. z o.o."
    assert [p.number for p in card.phones] == ["+48600100200", "+48221234567"]
    assert card.emails == [Email("biuro@acme.pl", primary=True)]
    assert card.legal == {"nip": "5260001246"}
    assert card.custom == {
        "f_dropdown": "krk",
        "f_money": {"amount": "1234.50", "currency": "PLN"},
        "f_date": "2024-12-31",
    }


# --- headers -----------------------------------------------------------------------------------


def test_exported_headers_are_unique_even_when_custom_labels_clash() -> None:
    clashing = [
        define("city2", T.TEXT, label="City"),
        define("notes", T.TEXT, label="Notes", position=1),
        define("notes2", T.TEXT, label="NOTES", position=2),
        define("dots", T.TEXT, label="...", position=3),
    ]
    headers = header_row(contact_columns(clashing))
    assert headers[-4:] == [
        "City (custom.city2)",
        "Notes",
        "NOTES (custom.notes2)",
        "... (custom.dots)",
    ]
    loose = [squeezed(h) for h in headers]
    assert len(loose) == len(set(loose))


def test_custom_columns_follow_the_fields_positions() -> None:
    late = define("late", T.TEXT, position=9)
    early = define("early", T.TEXT, position=1)
    keys = [c.key for c in contact_columns([late, early])]
    assert keys[-2:] == ["custom.early", "custom.late"]
