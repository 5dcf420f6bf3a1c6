"""Spreadsheet header mapping: proposals from English and Polish headers, saved mappings,
duplicate and unknown headers, and the check of a confirmed mapping."""

from __future__ import annotations

import pytest
from kartoteka_contacts.domain.custom_fields import (
    FieldDefinition,
    FieldOption,
    FieldType,
    validate_definition,
)
from kartoteka_contacts.domain.spreadsheet import (
    Column,
    confirm_mapping,
    contact_columns,
    header_row,
    propose_mapping,
    saved_mapping,
    standard_columns,
)
from kartoteka_contacts.domain.spreadsheet.folding import squeezed
from kartoteka_contacts.domain.spreadsheet.mapping import SYNONYMS, column_letter
from kartoteka_platform.errors import InvalidInput

VIP = validate_definition(
    FieldDefinition(
        "vip_level", "Poziom VIP", FieldType.DROPDOWN, options=(FieldOption("gold", "Złoty"),)
    )
)
PHONE_2 = validate_definition(FieldDefinition("tel", "Telefon służbowy", FieldType.TEXT))


def columns(*extra: FieldDefinition) -> tuple[Column, ...]:
    return contact_columns([VIP, PHONE_2, *extra])


def keys(headers: list[str], **kwargs: object) -> list[str | None]:
    return list(propose_mapping(headers, columns(), **kwargs).keys)  # type: ignore[arg-type]


def test_an_exported_file_maps_back_to_every_column() -> None:
    all_columns = columns()
    proposal = propose_mapping(header_row(all_columns), all_columns)
    assert proposal.keys == tuple(column.key for column in all_columns)
    assert proposal.unmapped == ()
    assert proposal.problems == ()


def test_column_keys_work_as_headers() -> None:
    all_columns = columns()
    assert keys([c.key for c in all_columns]) == [c.key for c in all_columns]


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Imię", "first_name"),
        ("Drugie imię", "middle_name"),
        ("Nazwisko", "last_name"),
        ("Firma", "company_name"),
        ("Nazwa firmy", "company_name"),
        ("Telefon", "phones"),
        ("Numer telefonu", "phones"),
        ("E-mail", "emails"),
        ("Adres e-mail", "emails"),
        ("Ulica", "address.street"),
        ("Kod pocztowy", "address.postal_code"),
        ("Miasto", "address.city"),
        ("Miejscowość", "address.city"),
        ("Województwo", "region"),
        ("Region", "region"),
        ("Kraj", "country_code"),
        ("NIP", "legal.nip"),
        ("Numer NIP", "legal.nip"),
        ("REGON", "legal.regon"),
        ("KRS", "legal.krs"),
        ("Opis", "description"),
        ("Uwagi", "description"),
        ("Źródło", "source"),
        ("Opiekun", "manager_id"),
        ("Menedżer", "manager_id"),
        ("Data urodzenia", "birthday"),
        ("Płeć", "gender"),
        ("Rodzaj", "kind"),
        ("Zdjęcie", "photo_url"),
        ("Inne adresy", "addresses.other"),
    ],
)
def test_polish_headers(header: str, key: str) -> None:
    assert keys([header]) == [key]


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("First name", "first_name"),
        ("Surname", "last_name"),
        ("Company", "company_name"),
        ("Email address", "emails"),
        ("Phone", "phones"),
        ("Mobile", "phones"),
        ("ZIP code", "address.postal_code"),
        ("Street", "address.street"),
        ("State", "address.region"),
        ("Country", "country_code"),
        ("Date of birth", "birthday"),
        ("Notes", "description"),
        ("Lead source", "source"),
        ("Owner", "manager_id"),
        ("USt-IdNr", "legal.ust_idnr"),
        ("EIN (employer identification number)", "legal.ein"),
    ],
)
def test_english_headers(header: str, key: str) -> None:
    assert keys([header]) == [key]


@pytest.mark.parametrize(
    "header",
    ["imie", "  IMIĘ  ", "imię:", "Im-ię", "'=Imię", "first_name", "FIRST NAME", "First-Name"],
)
def test_matching_ignores_case_accents_spacing_and_punctuation(header: str) -> None:
    assert keys([header]) == ["first_name"]


@pytest.mark.parametrize(
    "header", ["Poziom VIP", "poziom vip", "vip_level", "custom.vip_level", "VIP level"]
)
def test_custom_fields_by_label_key_or_column_key(header: str) -> None:
    assert keys([header]) == ["custom.vip_level"]
    assert keys(["VIP"]) == [None]  # a part of a label is not a match


def test_a_custom_label_wins_over_a_standard_synonym() -> None:
    # "Telefon służbowy" is its own field here, while "Telefon" still means the card's phones.
    assert keys(["Telefon służbowy", "Telefon"]) == ["custom.tel", "phones"]


def test_unknown_headers_are_left_unmapped_and_listed() -> None:
    proposal = propose_mapping(["Imię", "Ulubiony kolor", "", "Nazwisko"], columns())
    assert proposal.keys == ("first_name", None, None, "last_name")
    assert proposal.unmapped == ("Ulubiony kolor", "")
    assert proposal.problems == ()


def test_a_repeated_header_is_mapped_once_and_reported() -> None:
    proposal = propose_mapping(["E-mail", "Imię", "e-mail "], columns())
    assert proposal.keys == ("emails", "first_name", None)
    assert proposal.unmapped == ("e-mail ",)
    [problem] = proposal.problems
    assert (problem.position, problem.header, problem.code) == (2, "e-mail ", "duplicate_header")
    assert "column C" in problem.detail
    assert "column A" in problem.detail


def test_a_second_header_for_the_same_column_is_reported_not_mapped() -> None:
    proposal = propose_mapping(["Telefon", "Komórka"], columns())
    assert proposal.keys == ("phones", None)
    [problem] = proposal.problems
    assert problem.code == "duplicate_column"
    assert "'Komórka'" in problem.detail
    assert "'Telefon'" in problem.detail


def test_a_saved_mapping_wins_over_guessing() -> None:
    saved: dict[str, str | None] = {"Telefon": "custom.tel", "Imię": None, "Notatki": "source"}
    proposal = propose_mapping(["Imię", "Telefon", "notatki", "Nazwisko"], columns(), saved)
    assert proposal.keys == (None, "custom.tel", "source", "last_name")
    assert proposal.problems == ()


def test_a_saved_mapping_to_a_removed_column_is_reported_and_guessed_again() -> None:
    proposal = propose_mapping(["Miasto"], columns(), {"Miasto": "custom.gone"})
    assert proposal.keys == ("address.city",)
    [problem] = proposal.problems
    assert problem.code == "unknown_saved_column"
    assert "custom.gone" in problem.detail


def test_a_saved_mapping_sending_two_headers_to_one_column_maps_the_first() -> None:
    saved: dict[str, str | None] = {"Tel 1": "phones", "Tel 2": "phones"}
    proposal = propose_mapping(["Tel 1", "Tel 2"], columns(), saved)
    assert proposal.keys == ("phones", None)
    assert [p.code for p in proposal.problems] == ["duplicate_column"]


def test_a_synonym_two_columns_share_is_ambiguous() -> None:
    notes = validate_definition(FieldDefinition("notes", "Moje notatki", FieldType.TEXT))
    proposal = propose_mapping(["Notes"], columns(notes))
    assert proposal.keys == (None,)
    assert [p.code for p in proposal.problems] == ["ambiguous_header"]


def test_standard_synonyms_are_unambiguous_and_name_real_columns() -> None:
    standard = {c.key: c for c in standard_columns()}
    assert set(SYNONYMS) <= set(standard)
    exact = {squeezed(t): c.key for c in standard.values() for t in (c.key, c.header)}
    seen: dict[str, str] = {}
    for key, words in SYNONYMS.items():
        for word in words:
            name = squeezed(word)
            assert seen.setdefault(name, key) == key, f"{word!r} names two columns"
            assert exact.get(name, key) == key, f"{word!r} is another column's header"


# --- confirming --------------------------------------------------------------------------------


def test_a_confirmed_mapping_gives_the_column_of_each_header() -> None:
    all_columns = columns()
    chosen = confirm_mapping(["Imię", "x", "Tel"], ["first_name", None, "phones"], all_columns)
    assert [c.key if c else None for c in chosen] == ["first_name", None, "phones"]


def test_an_unknown_column_key_is_refused_naming_the_header() -> None:
    with pytest.raises(InvalidInput) as caught:
        confirm_mapping(["Imię", "Kolor"], ["first_name", "colour"], columns())
    error = caught.value
    assert error.code == "unknown_column"
    assert error.field == "mapping[1]"
    assert error.extra == {"header": "Kolor", "position": 1}
    assert "'Kolor'" in error.detail


def test_two_headers_on_one_column_are_refused_naming_both() -> None:
    with pytest.raises(InvalidInput) as caught:
        confirm_mapping(["Tel", "Imię", "Komórka"], ["phones", "first_name", "phones"], columns())
    error = caught.value
    assert error.code == "duplicate_column"
    assert error.extra == {"header": "Komórka", "position": 2}
    assert "'Tel'" in error.detail
    assert "'Komórka'" in error.detail


def test_a_mapping_must_cover_every_header() -> None:
    with pytest.raises(InvalidInput) as caught:
        confirm_mapping(["a", "b"], ["first_name"], columns())
    assert caught.value.code == "mapping_length"


def test_a_confirmed_mapping_saved_is_proposed_again_next_time() -> None:
    headers = ["Imię", "Imię", "Notatki", "Kolor"]
    chosen: list[str | None] = ["first_name", None, "source", None]
    confirm_mapping(headers, chosen, columns())
    saved = saved_mapping(headers, chosen)
    assert saved == {"Imię": "first_name", "Notatki": "source", "Kolor": None}
    assert propose_mapping(headers, columns(), saved).keys == tuple(chosen)


@pytest.mark.parametrize(
    ("position", "letter"), [(0, "A"), (2, "C"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letters(position: int, letter: str) -> None:
    assert column_letter(position) == letter
