"""Legal identifiers of a company card: which apply per country, how they normalise and validate.

Where a value is called "published" it is the identifier the organisation prints about itself
(imprint, annual report, SEC filing). Values called "computed" were derived by hand from the
published algorithm, independently of the code under test, to reach branches real identifiers
rarely hit (a remainder of 10, the second EDRPOU pass). Personal numbers (RNOKPP) are synthetic.
"""

from __future__ import annotations

import pytest
from kartoteka_contacts.domain.legal import (
    LegalFieldSpec,
    legal_field_specs,
    supported_countries,
    validate_legal_details,
)
from kartoteka_platform.errors import ErrorKind, InvalidInput

GB_SHAPE = "company number must be 8 digits or 2 letters and 6 digits"
# 5260001246 in full-width digits: str.isdigit() and int() take it, storage must not.
FULL_WIDTH_NIP = "".join(chr(ord(digit) - ord("0") + 0xFF10) for digit in "5260001246")
CHECKSUMMED_KEYS = {"nip", "regon", "edrpou", "rnokpp", "ust_idnr"}

VALID = [
    # --- PL NIP -------------------------------------------------------------------------
    ("PL", "nip", "5260001246", "5260001246"),  # the example of the field's own hint
    ("PL", "nip", "7740001454", "7740001454"),  # published: ORLEN S.A.
    ("PL", "nip", "6920000013", "6920000013"),  # published: KGHM Polska Miedź S.A.
    ("PL", "nip", "5250007738", "5250007738"),  # published: PKO Bank Polski S.A.
    # --- PL REGON -----------------------------------------------------------------------
    ("PL", "regon", "610188201", "610188201"),  # published: ORLEN S.A.
    ("PL", "regon", "390021764", "390021764"),  # published: KGHM Polska Miedź S.A.
    ("PL", "regon", "016298263", "016298263"),  # published: PKO Bank Polski S.A.
    ("PL", "regon", "123401070", "123401070"),  # computed: remainder 10, so check digit 0
    ("PL", "regon", "61018820100010", "61018820100010"),  # computed: a local unit of ORLEN
    ("PL", "regon", "61018820100050", "61018820100050"),  # computed: 14-digit remainder 10
    # --- PL KRS (no checksum) -----------------------------------------------------------
    ("PL", "krs", "0000028860", "0000028860"),  # published: ORLEN S.A.
    ("PL", "krs", "0000023302", "0000023302"),  # published: KGHM Polska Miedź S.A.
    # --- UA EDRPOU ----------------------------------------------------------------------
    ("UA", "edrpou", "14360570", "14360570"),  # published: PrivatBank (weights 1..7)
    ("UA", "edrpou", "20077720", "20077720"),  # published: Naftogaz of Ukraine
    ("UA", "edrpou", "40075815", "40075815"),  # published: Ukrzaliznytsia (weights 7,1..6)
    ("UA", "edrpou", "00032129", "00032129"),  # published: Oschadbank (leading zeros kept)
    ("UA", "edrpou", "29999993", "29999993"),  # computed: just below 30000000, weights 1..7
    ("UA", "edrpou", "51234565", "51234565"),  # computed: weights 7,1..6 up to 59999999
    ("UA", "edrpou", "60000012", "60000012"),  # computed: from 60000000 on, weights 1..7 again
    ("UA", "edrpou", "10000062", "10000062"),  # computed: second pass, weights 3..9
    ("UA", "edrpou", "30000005", "30000005"),  # computed: second pass, weights 9,3..8
    ("UA", "edrpou", "60000163", "60000163"),  # computed: second pass, above 60000000
    ("UA", "edrpou", "10000640", "10000640"),  # computed: both passes give 10, so 0
    # --- UA RNOKPP (synthetic) ----------------------------------------------------------
    ("UA", "rnokpp", "3123456789", "3123456789"),
    ("UA", "rnokpp", "1234567899", "1234567899"),
    ("UA", "rnokpp", "2987654320", "2987654320"),
    # --- DE USt-IdNr ----------------------------------------------------------------------
    ("DE", "ust_idnr", "DE136695976", "DE136695976"),  # the usual documentation example
    ("DE", "ust_idnr", "DE129274202", "DE129274202"),  # published: Siemens AG
    ("DE", "ust_idnr", "DE123456788", "DE123456788"),  # computed
    # --- US EIN (prefix rule only) --------------------------------------------------------
    ("US", "ein", "94-2404110", "94-2404110"),  # published: Apple Inc.
    ("US", "ein", "91-1144442", "91-1144442"),  # published: Microsoft Corporation
    # --- GB Companies House number (no checksum) ----------------------------------------
    ("GB", "company_number", "00445790", "00445790"),  # published: Tesco PLC
    ("GB", "company_number", "SC045551", "SC045551"),  # published: NatWest Group plc
]


def rejection(country: str, details: dict[str, str]) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        validate_legal_details(country, details)
    return caught.value


def _required_for(country: str) -> dict[str, str]:
    """A valid value for every required field, so a test can isolate one optional field."""
    return {"PL": {"nip": "5260001246"}, "UA": {"edrpou": "14360570"}}.get(country, {})


# --- valid identifiers -----------------------------------------------------------------------


@pytest.mark.parametrize(("country", "key", "raw", "expected"), VALID)
def test_known_valid_identifiers_are_accepted(
    country: str, key: str, raw: str, expected: str
) -> None:
    cleaned = validate_legal_details(country, {**_required_for(country), key: raw})
    assert cleaned[key] == expected


@pytest.mark.parametrize(
    ("country", "key", "raw"),
    [case[:3] for case in VALID if case[1] in CHECKSUMMED_KEYS],
)
def test_every_other_check_digit_is_rejected(country: str, key: str, raw: str) -> None:
    # Each of these schemes admits exactly one check digit for a given body.
    for digit in "0123456789":
        if digit == raw[-1]:
            continue
        error = rejection(country, {**_required_for(country), key: raw[:-1] + digit})
        assert (error.code, error.field) == (f"invalid_{key}", f"legal.{key}")
        assert "checksum does not match" in error.detail


# --- wrong digits ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "key", "raw", "detail"),
    [
        # Only the check digit differs from a valid value.
        ("PL", "nip", "5260001247", "NIP checksum does not match"),
        ("PL", "nip", "7740001455", "NIP checksum does not match"),
        ("PL", "regon", "610188202", "REGON checksum does not match"),
        ("PL", "regon", "61018820100011", "REGON checksum does not match"),
        ("UA", "edrpou", "14360571", "EDRPOU checksum does not match"),
        ("UA", "edrpou", "10000063", "EDRPOU checksum does not match"),
        ("UA", "rnokpp", "3123456780", "RNOKPP checksum does not match"),
        ("DE", "ust_idnr", "DE136695977", "USt-IdNr checksum does not match"),
        # One body digit changed.
        ("PL", "nip", "5260011246", "NIP checksum does not match"),
        ("PL", "regon", "610188211", "REGON checksum does not match"),
        ("PL", "regon", "61018820110010", "REGON checksum does not match"),
        ("UA", "edrpou", "14360670", "EDRPOU checksum does not match"),
        ("UA", "rnokpp", "3123456689", "RNOKPP checksum does not match"),
        ("DE", "ust_idnr", "DE136695876", "USt-IdNr checksum does not match"),
        # Computed: the weighted sum is 10 mod 11, so no NIP with this body exists.
        ("PL", "nip", "5260001230", "NIP checksum does not match"),
        ("PL", "nip", "1234567890", "NIP checksum does not match"),
        # Computed: a valid 14-digit checksum over a first 9 digits that are not a REGON.
        ("PL", "regon", "61018820200016", "REGON checksum does not match in its first 9 digits"),
        # Computed: check digits as the wrong EDRPOU weight set would give them.
        ("UA", "edrpou", "40075812", "EDRPOU checksum does not match"),
        ("UA", "edrpou", "14360573", "EDRPOU checksum does not match"),
        ("UA", "edrpou", "29999995", "EDRPOU checksum does not match"),
        ("UA", "edrpou", "51234567", "EDRPOU checksum does not match"),
        ("UA", "edrpou", "60000014", "EDRPOU checksum does not match"),
    ],
)
def test_wrong_digits_are_rejected(country: str, key: str, raw: str, detail: str) -> None:
    error = rejection(country, {**_required_for(country), key: raw})
    assert (error.code, error.field, error.detail) == (f"invalid_{key}", f"legal.{key}", detail)
    assert error.kind is ErrorKind.INVALID


# --- wrong shape -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "key", "raw", "detail"),
    [
        ("PL", "nip", "526000124", "NIP must have 10 digits"),
        ("PL", "nip", "52600012460", "NIP must have 10 digits"),
        ("PL", "nip", "52600O1246", "NIP must have 10 digits"),
        ("PL", "nip", "DE5260001246", "NIP must have 10 digits"),
        ("PL", "nip", FULL_WIDTH_NIP, "NIP must have 10 digits"),
        ("PL", "regon", "6101882", "REGON must have 9 or 14 digits"),
        ("PL", "regon", "610188201000", "REGON must have 9 or 14 digits"),
        ("PL", "krs", "00000288601", "KRS number must have at most 10 digits"),
        ("PL", "krs", "KRS28860", "KRS number must have at most 10 digits"),
        ("UA", "edrpou", "1436057", "EDRPOU code must have 8 digits"),
        ("UA", "edrpou", "UA14360570", "EDRPOU code must have 8 digits"),
        ("UA", "rnokpp", "312345678", "RNOKPP must have 10 digits"),
        ("DE", "ust_idnr", "DE13669597", "USt-IdNr must be DE followed by 9 digits"),
        ("DE", "ust_idnr", "AT136695976", "USt-IdNr must be DE followed by 9 digits"),
        ("US", "ein", "94240411", "EIN must have 9 digits"),
        ("US", "ein", "9424041100", "EIN must have 9 digits"),
        ("US", "ein", "07-1234567", "EIN prefix 07 is not assigned by the IRS"),
        ("GB", "company_number", "0044579", GB_SHAPE),
        ("GB", "company_number", "S1234567", GB_SHAPE),
        ("GB", "company_number", "SC04555X", GB_SHAPE),
    ],
)
def test_malformed_identifiers_are_rejected(country: str, key: str, raw: str, detail: str) -> None:
    error = rejection(country, {**_required_for(country), key: raw})
    assert (error.code, error.field, error.detail) == (f"invalid_{key}", f"legal.{key}", detail)


UNASSIGNED_EIN_PREFIXES = {
    "00", "07", "08", "09", "17", "18", "19", "28", "29",
    "49", "69", "70", "78", "79", "89", "96", "97",
}  # fmt: skip


@pytest.mark.parametrize("prefix", [f"{n:02d}" for n in range(100)])
def test_ein_prefix_must_belong_to_an_irs_campus(prefix: str) -> None:
    details = {"ein": prefix + "1234567"}
    if prefix in UNASSIGNED_EIN_PREFIXES:
        assert rejection("US", details).code == "invalid_ein"
    else:
        assert validate_legal_details("US", details) == {"ein": f"{prefix}-1234567"}


# --- normalisation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "key", "raw", "expected"),
    [
        ("PL", "nip", "PL 526-000-12-46", "5260001246"),
        ("PL", "nip", "pl5260001246", "5260001246"),
        ("PL", "nip", "526.000.12.46", "5260001246"),
        ("PL", "nip", "  526 000 12 46\t", "5260001246"),
        ("PL", "nip", "526\u00a0000\u00a012\u00a046", "5260001246"),
        ("PL", "regon", "610-188-201", "610188201"),
        ("PL", "krs", "28860", "0000028860"),
        ("PL", "krs", "0000 028 860", "0000028860"),
        ("UA", "edrpou", "14 36 05 70", "14360570"),
        ("DE", "ust_idnr", "de 136 695 976", "DE136695976"),
        ("DE", "ust_idnr", "136695976", "DE136695976"),
        ("DE", "ust_idnr", "DE-136.695.976", "DE136695976"),
        ("US", "ein", "942404110", "94-2404110"),
        ("US", "ein", "94 2404110", "94-2404110"),
        ("GB", "company_number", "sc045551", "SC045551"),
        ("GB", "company_number", "SC 045 551", "SC045551"),
    ],
)
def test_formatted_input_is_normalised(country: str, key: str, raw: str, expected: str) -> None:
    cleaned = validate_legal_details(country, {**_required_for(country), key: raw})
    assert cleaned[key] == expected


def test_empty_values_are_dropped() -> None:
    details = {"nip": "PL 526-000-12-46", "regon": "", "krs": "   "}
    assert validate_legal_details("PL", details) == {"nip": "5260001246"}
    assert details["nip"] == "PL 526-000-12-46"  # the caller's mapping is left alone


def test_optional_countries_accept_no_details() -> None:
    for country in ("DE", "US", "GB"):
        assert validate_legal_details(country, {}) == {}


# --- requirements and keys -------------------------------------------------------------------


def test_requirement_table() -> None:
    required = {
        (country, spec.key): spec.required
        for country in supported_countries()
        for spec in legal_field_specs(country)
    }
    assert required == {
        ("PL", "nip"): True,
        ("PL", "regon"): False,
        ("PL", "krs"): False,
        ("UA", "edrpou"): True,
        ("UA", "rnokpp"): False,
        ("DE", "ust_idnr"): False,
        ("US", "ein"): False,
        ("GB", "company_number"): False,
    }


@pytest.mark.parametrize(
    ("country", "details", "field"),
    [
        ("PL", {}, "legal.nip"),
        ("PL", {"nip": ""}, "legal.nip"),
        ("PL", {"nip": " \t "}, "legal.nip"),
        ("PL", {"regon": "610188201"}, "legal.nip"),
        ("UA", {}, "legal.edrpou"),
        ("UA", {"rnokpp": "3123456789"}, "legal.edrpou"),
    ],
)
def test_required_field_missing(country: str, details: dict[str, str], field: str) -> None:
    error = rejection(country, details)
    assert (error.code, error.field) == ("legal_field_required", field)


@pytest.mark.parametrize(
    ("country", "details", "field"),
    [
        ("PL", {"nip": "5260001246", "edrpou": "14360570"}, "legal.edrpou"),
        ("DE", {"nip": "5260001246"}, "legal.nip"),
        ("US", {"EIN": "94-2404110"}, "legal.EIN"),
        # A misspelt key is reported even when empty, and before a missing required field.
        ("PL", {"nlp": ""}, "legal.nlp"),
    ],
)
def test_unknown_key_is_rejected(country: str, details: dict[str, str], field: str) -> None:
    error = rejection(country, details)
    assert (error.code, error.field) == ("unknown_legal_field", field)


def test_first_field_in_form_order_is_reported() -> None:
    error = rejection("PL", {"regon": "610188202", "nip": "5260001247"})
    assert error.code == "invalid_nip"


# --- countries -------------------------------------------------------------------------------


def test_supported_countries() -> None:
    assert supported_countries() == ("DE", "GB", "PL", "UA", "US")


@pytest.mark.parametrize("country", ["pl", "Pl", " PL "])
def test_country_code_is_case_insensitive(country: str) -> None:
    assert legal_field_specs(country) == legal_field_specs("PL")
    assert validate_legal_details(country, {"nip": "5260001246"}) == {"nip": "5260001246"}


@pytest.mark.parametrize("country", ["XX", "FR", "", "POL", "P L"])
def test_unsupported_country(country: str) -> None:
    for call in (
        lambda: legal_field_specs(country),
        lambda: validate_legal_details(country, {"nip": "5260001246"}),
    ):
        with pytest.raises(InvalidInput) as caught:
            call()
        assert (caught.value.code, caught.value.field) == ("unsupported_country", "legal_country")


@pytest.mark.parametrize(
    "spec",
    [spec for country in supported_countries() for spec in legal_field_specs(country)],
    ids=lambda spec: spec.key,
)
def test_every_hint_example_is_valid(spec: LegalFieldSpec) -> None:
    # A form shows the hint; its example must pass the very check the form runs.
    country = next(c for c in supported_countries() if spec in legal_field_specs(c))
    example = spec.pattern_hint.split("e.g. ")[1]
    validate_legal_details(country, {**_required_for(country), spec.key: example})
    assert spec.label
