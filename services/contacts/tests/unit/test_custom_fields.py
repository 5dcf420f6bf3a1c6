"""Custom fields: definitions, how each type stores its values, and safe definition changes."""

from __future__ import annotations

import itertools
import json
import random
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from kartoteka_contacts.domain.custom_fields import (
    OPERATORS,
    TYPE_SPECS,
    ChangePlan,
    FieldDefinition,
    FieldOption,
    FieldType,
    StoredValue,
    Unconvertible,
    coerce_value,
    excel_serial_to_date,
    plan_definition_change,
    required_missing,
    validate_definition,
)
from kartoteka_contacts.domain.custom_fields.settings import DEFAULT_CURRENCIES
from kartoteka_platform.errors import ErrorKind, InvalidInput

T = FieldType
KEY = "lead_status"
OPTIONS = (
    FieldOption("warm", "Warm lead"),
    FieldOption("cold", "Cold"),
    FieldOption("krk", "Kraków, Małopolska"),
)
CHOICE_TYPES = {T.DROPDOWN, T.MULTI_SELECT}
REF = "2f1c8e4a-9b7d-4c3e-8a1f-0d2e3c4b5a69"


def define(kind: FieldType, **overrides: Any) -> FieldDefinition:
    """A valid definition of `kind`, with options when the type needs them."""
    fields: dict[str, Any] = {"key": KEY, "label": "Lead status", "type": kind}
    if kind in CHOICE_TYPES:
        fields["options"] = OPTIONS
    fields.update(overrides)
    return validate_definition(FieldDefinition(**fields))


def coerce(kind: FieldType, raw: object, **overrides: Any) -> StoredValue | None:
    return coerce_value(define(kind, **overrides), raw)


def refusal(kind: FieldType, raw: object, **overrides: Any) -> InvalidInput:
    definition = define(kind, **overrides)
    with pytest.raises(InvalidInput) as caught:
        coerce_value(definition, raw)
    return caught.value


def definition_error(kind: FieldType = T.TEXT, **overrides: Any) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        define(kind, **overrides)
    return caught.value


# --- the registry ----------------------------------------------------------------------------

# One accepted input per type, its stored form and its readable text. A new FieldType fails
# `test_every_type_has_a_spec_and_a_sample` until it has both a TypeSpec and a row here.
SAMPLES: dict[FieldType, tuple[object, StoredValue, str]] = {
    T.TEXT: ("  Anna  ", "Anna", "Anna"),
    T.LONG_TEXT: ("line one\nline two ", "line one\nline two", "line one\nline two"),
    T.INTEGER: ("1 234", 1234, "1234"),
    T.DECIMAL: ("12,5", "12.50", "12.50"),
    T.MONEY: ("12.5 pln", {"amount": "12.50", "currency": "PLN"}, "12.50 PLN"),
    T.DATE: (45000, "2023-03-15", "2023-03-15"),
    T.DATETIME: (
        "2023-03-15T10:30:00+02:00",
        "2023-03-15T08:30:00.000000Z",
        "2023-03-15T08:30:00Z",
    ),
    T.CHECKBOX: ("Tak", True, "yes"),
    T.DROPDOWN: ("warm LEAD", "warm", "Warm lead"),
    T.MULTI_SELECT: ("cold; Warm lead", ["cold", "warm"], "Warm lead; Cold"),
    T.LINK: ("example.com/a", "https://example.com/a", "https://example.com/a"),
    T.CONTACT_REF: (REF.upper(), REF, REF),
}


def test_every_type_has_a_spec_and_a_sample() -> None:
    assert set(TYPE_SPECS) == set(FieldType)
    assert set(SAMPLES) == set(FieldType)
    for kind, spec in TYPE_SPECS.items():
        assert spec.type is kind


@pytest.mark.parametrize("kind", list(FieldType))
def test_each_type_stores_its_sample_as_json_and_reads_it_back_as_text(kind: FieldType) -> None:
    raw, stored, text = SAMPLES[kind]
    definition = define(kind)
    value = coerce_value(definition, raw)
    assert value == stored
    assert json.loads(json.dumps(value)) == stored
    assert TYPE_SPECS[kind].to_text(definition, stored) == text
    # Storing is idempotent: the stored form is itself an accepted input for the same value.
    assert coerce_value(definition, stored) == stored


@pytest.mark.parametrize("kind", list(FieldType))
def test_each_spec_uses_the_operator_vocabulary_and_can_test_presence(kind: FieldType) -> None:
    spec = TYPE_SPECS[kind]
    assert spec.operators <= OPERATORS
    assert {"empty", "not_empty"} <= spec.operators
    assert spec.sql_kind in {"text", "numeric", "boolean", "text_array", "money", "uuid"}
    assert spec.has_options == (kind in CHOICE_TYPES)


@pytest.mark.parametrize(
    ("kind", "operators", "sql_kind"),
    [
        (T.TEXT, "eq ne in not_in contains starts_with empty not_empty", "text"),
        (T.INTEGER, "eq ne in not_in gt gte lt lte between empty not_empty", "numeric"),
        (T.DECIMAL, "eq ne in not_in gt gte lt lte between empty not_empty", "numeric"),
        (
            T.DATE,
            "eq before after between within_last_days older_than_days empty not_empty",
            "text",
        ),
        (
            T.DATETIME,
            "before after between within_last_days older_than_days empty not_empty",
            "text",
        ),
        (T.CHECKBOX, "eq empty not_empty", "boolean"),
        (T.MULTI_SELECT, "has_any has_all empty not_empty", "text_array"),
        (T.DROPDOWN, "eq ne in not_in empty not_empty", "text"),
        (T.CONTACT_REF, "eq in empty not_empty", "uuid"),
        (T.MONEY, "gt gte lt lte between eq empty not_empty", "money"),
        (T.LINK, "eq contains empty not_empty", "text"),
        (T.LONG_TEXT, "contains empty not_empty", "text"),
    ],
)
def test_operators_and_sql_kind_per_type(kind: FieldType, operators: str, sql_kind: str) -> None:
    assert TYPE_SPECS[kind].operators == frozenset(operators.split())
    assert TYPE_SPECS[kind].sql_kind == sql_kind


# --- clearing ----------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [None, "", "   ", "\t\n"])
@pytest.mark.parametrize("kind", list(FieldType))
def test_none_and_blank_text_clear_a_value_of_any_type(kind: FieldType, raw: object) -> None:
    assert coerce(kind, raw) is None


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        (T.MULTI_SELECT, []),
        (T.MULTI_SELECT, ["", "  "]),
        (T.MULTI_SELECT, " ; , \n"),
        (T.MONEY, {"amount": "", "currency": "PLN"}),
        (T.MONEY, {"currency": "PLN"}),
        (T.MONEY, {}),
    ],
)
def test_empty_lists_and_amounts_clear_too(kind: FieldType, raw: object) -> None:
    assert coerce(kind, raw) is None


# --- accepted inputs and their stored form ---------------------------------------------------

ACCEPTED: list[tuple[FieldType, dict[str, Any], object, StoredValue]] = [
    # text and long text: stripped, numbers written out
    (T.TEXT, {}, "  Anna Maria ", "Anna Maria"),
    (T.TEXT, {}, "00-950", "00-950"),
    (T.TEXT, {}, 950, "950"),
    (T.TEXT, {}, 12.5, "12.5"),
    (T.TEXT, {}, Decimal("12.50"), "12.50"),
    (T.TEXT, {}, "x" * 1000, "x" * 1000),
    (T.TEXT, {"settings": {"max_length": 5}}, " abcde ", "abcde"),
    (T.LONG_TEXT, {}, "y" * 100_000, "y" * 100_000),
    (T.LONG_TEXT, {}, "\n first\n\n second \n", "first\n\n second"),
    # integer: int64, group spaces, integral floats
    (T.INTEGER, {}, 42, 42),
    (T.INTEGER, {}, "42", 42),
    (T.INTEGER, {}, " -7 ", -7),
    (T.INTEGER, {}, "+7", 7),
    (T.INTEGER, {}, "007", 7),
    (T.INTEGER, {}, "1 234 567", 1234567),
    (T.INTEGER, {}, "1\u00a0234", 1234),
    (T.INTEGER, {}, 12.0, 12),
    (T.INTEGER, {}, Decimal("5"), 5),
    (T.INTEGER, {}, Decimal("5.000"), 5),
    (T.INTEGER, {}, 2**63 - 1, 2**63 - 1),
    (T.INTEGER, {}, str(-(2**63)), -(2**63)),
    (T.INTEGER, {"settings": {"min": 1, "max": 5}}, 1, 1),
    (T.INTEGER, {"settings": {"min": 1, "max": 5}}, "5", 5),
    # decimal: canonical text at the field's scale, comma or dot
    (T.DECIMAL, {}, "12,5", "12.50"),
    (T.DECIMAL, {}, "12.5", "12.50"),
    (T.DECIMAL, {}, 12.5, "12.50"),
    (T.DECIMAL, {}, 0.1, "0.10"),
    (T.DECIMAL, {}, 3, "3.00"),
    (T.DECIMAL, {}, Decimal("1.1"), "1.10"),
    (T.DECIMAL, {}, ".5", "0.50"),
    (T.DECIMAL, {}, "5.", "5.00"),
    (T.DECIMAL, {}, "-0", "0.00"),
    (T.DECIMAL, {}, "-0,00", "0.00"),
    (T.DECIMAL, {}, " -1 234,5 ", "-1234.50"),
    (T.DECIMAL, {}, "12.500", "12.50"),  # trailing zeros lose nothing, so they are fine
    (T.DECIMAL, {}, Decimal("1E+2"), "100.00"),
    (T.DECIMAL, {}, "999999999999999999.99", "999999999999999999.99"),
    (T.DECIMAL, {"settings": {"scale": 0}}, "12", "12"),
    (T.DECIMAL, {"settings": {"scale": 0}}, "12.00", "12"),
    (T.DECIMAL, {"settings": {"scale": 4}}, "0,1234", "0.1234"),
    (T.DECIMAL, {"settings": {"min": "0", "max": "9.99"}}, "9.99", "9.99"),
    # money: a mapping, "amount CUR" or "CUR amount"
    (T.MONEY, {}, {"amount": "12.5", "currency": "PLN"}, {"amount": "12.50", "currency": "PLN"}),
    (T.MONEY, {}, {"amount": 3, "currency": "eur"}, {"amount": "3.00", "currency": "EUR"}),
    (T.MONEY, {}, {"amount": 0.1, "currency": " usd "}, {"amount": "0.10", "currency": "USD"}),
    (T.MONEY, {}, "12.50 PLN", {"amount": "12.50", "currency": "PLN"}),
    (T.MONEY, {}, "12,5PLN", {"amount": "12.50", "currency": "PLN"}),
    (T.MONEY, {}, "GBP 1 000", {"amount": "1000.00", "currency": "GBP"}),
    (T.MONEY, {}, " -7 uah ", {"amount": "-7.00", "currency": "UAH"}),
    (T.MONEY, {"settings": {"currencies": ["chf"]}}, "10", {"amount": "10.00", "currency": "CHF"}),
    (T.MONEY, {"settings": {"currencies": ["CHF"]}}, 10, {"amount": "10.00", "currency": "CHF"}),
    (T.MONEY, {"settings": {"scale": 0}}, "10 PLN", {"amount": "10", "currency": "PLN"}),
    # date: ISO text, date objects, midnight datetimes, Excel serials
    (T.DATE, {}, "2023-03-15", "2023-03-15"),
    (T.DATE, {}, " 2024-02-29 ", "2024-02-29"),
    (T.DATE, {}, "2023-03-15T00:00:00", "2023-03-15"),
    (T.DATE, {}, "2023-03-15 00:00", "2023-03-15"),
    (T.DATE, {}, date(2023, 3, 15), "2023-03-15"),
    (T.DATE, {}, date(999, 1, 2), "0999-01-02"),
    (T.DATE, {}, datetime(2023, 3, 15), "2023-03-15"),
    (T.DATE, {}, 45000.0, "2023-03-15"),
    (T.DATE, {}, Decimal(45000), "2023-03-15"),
    # datetime: fixed-width UTC, naive read as UTC
    (T.DATETIME, {}, "2023-03-15T10:00:00", "2023-03-15T10:00:00.000000Z"),
    (T.DATETIME, {}, "2023-03-15 10:00", "2023-03-15T10:00:00.000000Z"),
    (T.DATETIME, {}, "2023-03-15T10:00:00Z", "2023-03-15T10:00:00.000000Z"),
    (T.DATETIME, {}, "2023-03-15T10:00:00.5+01:00", "2023-03-15T09:00:00.500000Z"),
    (T.DATETIME, {}, "2023-03-15T01:00:00+05:30", "2023-03-14T19:30:00.000000Z"),
    (T.DATETIME, {}, "2023-03-15", "2023-03-15T00:00:00.000000Z"),
    (T.DATETIME, {}, datetime(2023, 3, 15, 10, 0, 0, 7), "2023-03-15T10:00:00.000007Z"),
    (
        T.DATETIME,
        {},
        datetime(2023, 3, 15, 12, tzinfo=timezone(timedelta(hours=-3))),
        "2023-03-15T15:00:00.000000Z",
    ),
    (T.DATETIME, {}, date(2023, 3, 15), "2023-03-15T00:00:00.000000Z"),
    (T.DATETIME, {}, datetime(5, 1, 1, tzinfo=UTC), "0005-01-01T00:00:00.000000Z"),
    (T.DATETIME, {}, 45000, "2023-03-15T00:00:00.000000Z"),
    (T.DATETIME, {}, 45000.5, "2023-03-15T12:00:00.000000Z"),
    (T.DATETIME, {}, 45000.1, "2023-03-15T02:24:00.000000Z"),
    # checkbox
    (T.CHECKBOX, {}, True, True),
    (T.CHECKBOX, {}, False, False),
    (T.CHECKBOX, {}, 1, True),
    (T.CHECKBOX, {}, 0, False),
    (T.CHECKBOX, {}, 1.0, True),
    (T.CHECKBOX, {}, "1", True),
    (T.CHECKBOX, {}, " 0 ", False),
    # dropdown: the option value, named by value or label
    (T.DROPDOWN, {}, "warm", "warm"),
    (T.DROPDOWN, {}, " cold ", "cold"),
    (T.DROPDOWN, {}, "Warm lead", "warm"),
    (T.DROPDOWN, {}, "WARM   LEAD", "warm"),
    (T.DROPDOWN, {}, "kraków, MAŁOPOLSKA", "krk"),
    (
        T.DROPDOWN,
        {"options": (FieldOption("1", "One"), FieldOption("2", "Two"))},
        2,
        "2",
    ),
    # multi-select: sorted unique values from a list or separated text
    (T.MULTI_SELECT, {}, ["warm", "cold"], ["cold", "warm"]),
    (T.MULTI_SELECT, {}, ("Warm lead", "warm", "COLD"), ["cold", "warm"]),
    (T.MULTI_SELECT, {}, {"krk"}, ["krk"]),
    (T.MULTI_SELECT, {}, "warm", ["warm"]),
    (T.MULTI_SELECT, {}, "Kraków, Małopolska", ["krk"]),
    (T.MULTI_SELECT, {}, ["Kraków, Małopolska"], ["krk"]),
    # link
    (T.LINK, {}, "https://example.com", "https://example.com"),
    (T.LINK, {}, " HTTP://Example.COM/Path?Q=1#Frag ", "http://example.com/Path?Q=1#Frag"),
    # contact reference
    (T.CONTACT_REF, {}, REF, REF),
    (T.CONTACT_REF, {}, REF.upper(), REF),
    (T.CONTACT_REF, {}, REF.replace("-", ""), REF),
    (T.CONTACT_REF, {}, "{" + REF + "}", REF),
    (T.CONTACT_REF, {}, f" urn:uuid:{REF} ", REF),
    (T.CONTACT_REF, {}, uuid.UUID(REF), REF),
]


@pytest.mark.parametrize(("kind", "overrides", "raw", "stored"), ACCEPTED)
def test_accepted_inputs_and_their_stored_form(
    kind: FieldType, overrides: dict[str, Any], raw: object, stored: StoredValue
) -> None:
    value = coerce(kind, raw, **overrides)
    assert value == stored
    assert type(value) is type(stored)


# --- refused inputs: every error code, always on the field `custom.<key>` ---------------------

REFUSED: list[tuple[FieldType, dict[str, Any], object, str]] = [
    # wrong Python types
    (T.TEXT, {}, ["a"], "invalid_type"),
    (T.TEXT, {}, True, "invalid_type"),
    (T.TEXT, {}, float("nan"), "invalid_type"),
    (T.LONG_TEXT, {}, {"a": 1}, "invalid_type"),
    (T.INTEGER, {}, True, "invalid_type"),
    (T.INTEGER, {}, [1], "invalid_type"),
    (T.DECIMAL, {}, False, "invalid_type"),
    (T.DECIMAL, {}, {"amount": 1}, "invalid_type"),
    (T.MONEY, {}, [12, "PLN"], "invalid_type"),
    (T.MONEY, {}, True, "invalid_type"),
    (T.DATE, {}, True, "invalid_type"),
    (T.DATE, {}, ["2023-03-15"], "invalid_type"),
    (T.DATETIME, {}, False, "invalid_type"),
    (T.DATETIME, {}, object(), "invalid_type"),
    (T.CHECKBOX, {}, ["yes"], "invalid_type"),
    (T.DROPDOWN, {}, ["warm"], "invalid_type"),
    (T.DROPDOWN, {}, True, "invalid_type"),
    (T.MULTI_SELECT, {}, {"warm": True}, "invalid_type"),
    (T.MULTI_SELECT, {}, ["warm", {"x": 1}], "invalid_type"),
    (T.MULTI_SELECT, {}, [True], "invalid_type"),
    (T.LINK, {}, 42, "invalid_type"),
    (T.CONTACT_REF, {}, 42, "invalid_type"),
    # text
    (T.TEXT, {}, "a\x00b", "invalid_character"),
    (T.LONG_TEXT, {}, "\x00", "invalid_character"),
    (T.TEXT, {}, "x" * 1001, "too_long"),
    (T.TEXT, {"settings": {"max_length": 5}}, "abcdef", "too_long"),
    (T.LONG_TEXT, {}, "y" * 100_001, "too_long"),
    # integer
    (T.INTEGER, {}, "12.5", "invalid_integer"),
    (T.INTEGER, {}, "12.0", "invalid_integer"),
    (T.INTEGER, {}, "1,000", "invalid_integer"),
    (T.INTEGER, {}, "1e3", "invalid_integer"),
    (T.INTEGER, {}, "abc", "invalid_integer"),
    (T.INTEGER, {}, "--1", "invalid_integer"),
    (T.INTEGER, {}, 12.5, "invalid_integer"),
    (T.INTEGER, {}, float("nan"), "invalid_integer"),
    (T.INTEGER, {}, float("inf"), "invalid_integer"),
    (T.INTEGER, {}, Decimal("1.5"), "invalid_integer"),
    (T.INTEGER, {}, 2**63, "out_of_range"),
    (T.INTEGER, {}, -(2**63) - 1, "out_of_range"),
    (T.INTEGER, {}, "9223372036854775808", "out_of_range"),
    (T.INTEGER, {}, "9" * 40, "out_of_range"),
    (T.INTEGER, {}, 1e30, "out_of_range"),
    (T.INTEGER, {"settings": {"min": 1, "max": 5}}, 0, "out_of_range"),
    (T.INTEGER, {"settings": {"min": 1, "max": 5}}, "6", "out_of_range"),
    # decimal
    (T.DECIMAL, {}, "12.345", "invalid_decimal"),
    (T.DECIMAL, {}, 0.1 + 0.2, "invalid_decimal"),
    (T.DECIMAL, {"settings": {"scale": 0}}, "12.5", "invalid_decimal"),
    (T.DECIMAL, {}, "NaN", "invalid_decimal"),
    (T.DECIMAL, {}, "Infinity", "invalid_decimal"),
    (T.DECIMAL, {}, "-inf", "invalid_decimal"),
    (T.DECIMAL, {}, float("nan"), "invalid_decimal"),
    (T.DECIMAL, {}, float("-inf"), "invalid_decimal"),
    (T.DECIMAL, {}, Decimal("NaN"), "invalid_decimal"),
    (T.DECIMAL, {}, Decimal("Infinity"), "invalid_decimal"),
    (T.DECIMAL, {}, "1,234.56", "invalid_decimal"),
    (T.DECIMAL, {}, "1.234,56", "invalid_decimal"),
    (T.DECIMAL, {}, "12e3", "invalid_decimal"),
    (T.DECIMAL, {}, "12 PLN", "invalid_decimal"),
    (T.DECIMAL, {}, ".", "invalid_decimal"),
    (T.DECIMAL, {}, "1" * 19, "out_of_range"),
    (T.DECIMAL, {}, 1e18, "out_of_range"),
    (T.DECIMAL, {"settings": {"min": "0", "max": "9.99"}}, "-0.01", "out_of_range"),
    (T.DECIMAL, {"settings": {"min": "0", "max": "9.99"}}, 10, "out_of_range"),
    # money
    (T.MONEY, {}, "12", "invalid_money"),
    (T.MONEY, {}, 12, "invalid_money"),
    (T.MONEY, {}, "abc PLN", "invalid_money"),
    (T.MONEY, {}, "12.345 PLN", "invalid_money"),
    (T.MONEY, {}, "NaN PLN", "invalid_money"),
    (T.MONEY, {}, "12 zł", "invalid_money"),
    (T.MONEY, {}, {"amount": "12", "currency": "PLN", "rate": "1"}, "invalid_money"),
    (T.MONEY, {}, {"amount": "12", "currency": 985}, "invalid_money"),
    (T.MONEY, {}, {"amount": "12", "currency": "PLNX"}, "invalid_money"),
    (T.MONEY, {}, {"amount": [12], "currency": "PLN"}, "invalid_money"),
    (T.MONEY, {}, {"amount": "12"}, "invalid_money"),
    (T.MONEY, {}, "12 JPY", "unknown_currency"),
    (T.MONEY, {}, {"amount": 1, "currency": "jpy"}, "unknown_currency"),
    (T.MONEY, {"settings": {"currencies": ["CHF"]}}, "10 PLN", "unknown_currency"),
    (T.MONEY, {}, "1000000000000000000 PLN", "out_of_range"),
    # date
    (T.DATE, {}, "2023-02-30", "invalid_date"),
    (T.DATE, {}, "15.03.2023", "invalid_date"),
    (T.DATE, {}, "03/15/2023", "invalid_date"),
    (T.DATE, {}, "20230315", "invalid_date"),
    (T.DATE, {}, "2023-W11-3", "invalid_date"),
    (T.DATE, {}, "2023-03-15T10:00:00", "invalid_date"),
    (T.DATE, {}, datetime(2023, 3, 15, 10), "invalid_date"),
    (T.DATE, {}, 60, "invalid_date"),
    (T.DATE, {}, 0, "invalid_date"),
    (T.DATE, {}, -1, "invalid_date"),
    (T.DATE, {}, 2958466, "invalid_date"),
    (T.DATE, {}, 20230315, "invalid_date"),
    (T.DATE, {}, 45000.5, "invalid_date"),
    (T.DATE, {}, float("nan"), "invalid_date"),
    # datetime
    (T.DATETIME, {}, "yesterday", "invalid_datetime"),
    (T.DATETIME, {}, "2023-13-01T00:00", "invalid_datetime"),
    (T.DATETIME, {}, "2023-03-15T25:00", "invalid_datetime"),
    (T.DATETIME, {}, "15.03.2023 10:00", "invalid_datetime"),
    (T.DATETIME, {}, "9999-12-31T23:00:00-05:00", "invalid_datetime"),
    (T.DATETIME, {}, 60, "invalid_datetime"),
    (T.DATETIME, {}, 0.5, "invalid_datetime"),
    (T.DATETIME, {}, 1_700_000_000, "invalid_datetime"),
    (T.DATETIME, {}, float("inf"), "invalid_datetime"),
    # checkbox
    (T.CHECKBOX, {}, "maybe", "invalid_boolean"),
    (T.CHECKBOX, {}, "yess", "invalid_boolean"),
    (T.CHECKBOX, {}, 2, "invalid_boolean"),
    (T.CHECKBOX, {}, 0.5, "invalid_boolean"),
    (T.CHECKBOX, {}, float("nan"), "invalid_boolean"),
    # options
    (T.DROPDOWN, {}, "hot", "unknown_option"),
    (T.DROPDOWN, {}, "Warm", "unknown_option"),
    (T.DROPDOWN, {}, "WARM", "unknown_option"),  # values are exact, only labels ignore case
    (T.MULTI_SELECT, {}, ["warm", "hot"], "unknown_option"),
    (T.MULTI_SELECT, {}, "warm; hot", "unknown_option"),
    (T.MULTI_SELECT, {}, "Kraków, Mazowsze", "unknown_option"),
    # link
    (T.LINK, {}, "ftp://example.com/file", "invalid_url"),
    (T.LINK, {}, "javascript:alert(1)", "invalid_url"),
    (T.LINK, {}, "mailto:anna@example.com", "invalid_url"),
    (T.LINK, {}, "hello", "invalid_url"),
    (T.LINK, {}, "localhost:8080", "invalid_url"),
    (T.LINK, {}, "https://", "invalid_url"),
    (T.LINK, {}, "https:///path", "invalid_url"),
    (T.LINK, {}, "https://exa mple.com", "invalid_url"),
    (T.LINK, {}, "https://example.com/\x07", "invalid_url"),
    (T.LINK, {}, "https://user:secret@example.com", "invalid_url"),
    (T.LINK, {}, "https://bank.example@evil.example", "invalid_url"),
    (T.LINK, {}, "https://example.com:99999", "invalid_url"),
    (T.LINK, {}, "https://[not-an-ip]/", "invalid_url"),
    (T.LINK, {}, "https://exa$mple.com/", "invalid_url"),
    (T.LINK, {}, "https://example.com/" + "a" * 1981, "too_long"),
    (T.LINK, {}, "example.com/" + "a" * 1981, "too_long"),
    # contact reference
    (T.CONTACT_REF, {}, "not-a-uuid", "invalid_contact_ref"),
    (T.CONTACT_REF, {}, REF[:-1], "invalid_contact_ref"),
    (T.CONTACT_REF, {}, "00000000-0000-0000-0000-000000000000", "invalid_contact_ref"),
    (T.CONTACT_REF, {}, "{{{{" + REF + "}}}}" + "-" * 40, "invalid_contact_ref"),
]


@pytest.mark.parametrize(("kind", "overrides", "raw", "code"), REFUSED)
def test_refused_inputs_carry_a_stable_code_and_the_custom_field(
    kind: FieldType, overrides: dict[str, Any], raw: object, code: str
) -> None:
    error = refusal(kind, raw, **overrides)
    assert (error.code, error.field, error.kind) == (code, f"custom.{KEY}", ErrorKind.INVALID)
    assert error.detail


def test_every_value_error_code_is_exercised() -> None:
    codes = {code for *_, code in REFUSED}
    assert codes == {
        "invalid_type", "invalid_character", "too_long", "invalid_integer", "out_of_range",
        "invalid_decimal", "invalid_money", "unknown_currency", "invalid_date",
        "invalid_datetime", "invalid_boolean", "unknown_option", "invalid_url",
        "invalid_contact_ref",
    }  # fmt: skip


def test_a_value_error_names_the_option_it_did_not_know() -> None:
    error = refusal(T.MULTI_SELECT, "warm; hot")
    assert "'hot'" in error.detail


def test_a_text_of_exactly_the_maximum_length_is_accepted_and_one_more_is_not() -> None:
    assert coerce(T.TEXT, "é" * 7, settings={"max_length": 7}) == "é" * 7
    assert refusal(T.TEXT, "é" * 8, settings={"max_length": 7}).code == "too_long"


# --- Excel serial dates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("serial", "day"),
    [
        (1, date(1900, 1, 1)),
        (31, date(1900, 1, 31)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        (25569, date(1970, 1, 1)),
        (36526, date(2000, 1, 1)),
        (45000, date(2023, 3, 15)),
        (2958465, date(9999, 12, 31)),
    ],
)
def test_excel_serials_in_the_1900_system(serial: int, day: date) -> None:
    assert excel_serial_to_date(serial) == day
    assert coerce(T.DATE, serial) == day.isoformat()


def test_excel_serial_60_the_phantom_29_february_1900_is_refused_not_guessed() -> None:
    # Decision: 60 is Excel's non-existent 1900-02-29. Mapping it to the 28th would collide with
    # 59, so it is refused; every other serial maps to exactly one real day.
    with pytest.raises(ValueError, match="29 February 1900"):
        excel_serial_to_date(60)
    error = refusal(T.DATE, 60)
    assert (error.code, error.field) == ("invalid_date", f"custom.{KEY}")
    days = [excel_serial_to_date(serial) for serial in range(1, 200) if serial != 60]
    assert all(later - earlier == timedelta(days=1) for earlier, later in itertools.pairwise(days))


@pytest.mark.parametrize("serial", [0, -5, 2958466])
def test_excel_serials_outside_the_calendar_are_refused(serial: int) -> None:
    with pytest.raises(ValueError, match="outside"):
        excel_serial_to_date(serial)


# --- datetime text order is time order -------------------------------------------------------


def test_stored_datetimes_sort_as_text_in_time_order() -> None:
    rng = random.Random(20230315)
    moments = []
    for _ in range(300):
        naive = datetime(1, 1, 2) + timedelta(
            days=rng.randrange(0, 3_650_000), microseconds=rng.randrange(0, 86_400_000_000)
        )
        zone = timezone(timedelta(minutes=rng.randrange(-12 * 60, 14 * 60 + 1, 15)))
        moments.append(naive.replace(tzinfo=zone))
    moments += [moments[0] + timedelta(microseconds=1), moments[0] - timedelta(microseconds=1)]
    definition = define(T.DATETIME)
    stored = {moment: coerce_value(definition, moment) for moment in moments}
    texts = [text for text in stored.values() if isinstance(text, str)]
    assert len(texts) == len(moments)
    assert {len(text) for text in texts} == {len("2023-03-15T10:00:00.000000Z")}
    assert sorted(texts) == [stored[moment] for moment in sorted(moments)]
    # And the text reads back as the same moment.
    for moment, text in stored.items():
        assert datetime.fromisoformat(str(text)) == moment


# --- booleans in five languages --------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("true", True), ("TRUE", True), ("false", False), ("False", False),
        ("yes", True), ("Yes", True), ("no", False), ("NO", False),
        ("tak", True), ("TAK", True), ("nie", False), ("Nie", False),
        ("так", True), ("Так", True), ("ні", False), ("НІ", False),  # noqa: RUF001
        ("ja", True), ("JA", True), ("nein", False), ("Nein", False),
        (" yes\n", True), ("1", True), ("0", False),
    ],
)  # fmt: skip
def test_checkbox_words(word: str, expected: bool) -> None:
    assert coerce(T.CHECKBOX, word) is expected


# --- multi-select separators ------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "warm;cold",
        "warm, cold",
        "warm\ncold",
        "warm\r\ncold",
        "Cold;\nWarm lead",
        " cold ,warm , ",
        "warm; cold; warm",
        "Warm lead, cold",
        ["cold", "Warm lead", "warm"],
    ],
)
def test_multi_select_separators(raw: object) -> None:
    assert coerce(T.MULTI_SELECT, raw) == ["cold", "warm"]


def test_a_label_with_a_comma_stays_whole_between_semicolons_or_lines() -> None:
    assert coerce(T.MULTI_SELECT, "Kraków, Małopolska; Cold") == ["cold", "krk"]
    assert coerce(T.MULTI_SELECT, "Kraków, Małopolska\nwarm") == ["krk", "warm"]


def test_option_values_win_over_labels_that_spell_another_value() -> None:
    options = (FieldOption("a", "b"), FieldOption("b", "Bee"))
    assert coerce(T.DROPDOWN, "b", options=options) == "b"
    assert coerce(T.DROPDOWN, "B", options=options) == "a"
    assert coerce(T.MULTI_SELECT, "bee, b", options=options) == ["b"]


def test_an_option_error_names_the_field_that_was_coerced() -> None:
    # The option index is cached by options, so two fields sharing them must not mix up keys.
    first = define(T.DROPDOWN, key="first")
    second = FieldDefinition(key="second", label="Second", type=T.DROPDOWN, options=first.options)
    assert coerce_value(first, "warm") == "warm"
    with pytest.raises(InvalidInput) as caught:
        coerce_value(second, "hot")
    assert caught.value.field == "custom.second"


# --- links -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("example.com", "https://example.com"),
        ("www.example.com", "https://www.example.com"),
        ("Example.COM/Path?q=A#Top", "https://example.com/Path?q=A#Top"),
        ("example.com:8080/x", "https://example.com:8080/x"),
        ("sub.example.co.uk", "https://sub.example.co.uk"),
        ("zażółć.pl/gęśla", "https://zażółć.pl/gęśla"),
        ("//example.com/x", "https://example.com/x"),
        ("http://example.com", "http://example.com"),
        ("HTTPS://EXAMPLE.COM", "https://example.com"),
        ("https://intranet/wiki", "https://intranet/wiki"),
        ("https://192.168.0.1:8443/", "https://192.168.0.1:8443/"),
        ("https://[::1]/", "https://[::1]/"),
        ("https://example.com/a%20b", "https://example.com/a%20b"),
    ],
)
def test_link_normalisation(raw: str, stored: str) -> None:
    assert coerce(T.LINK, raw) == stored


def test_a_link_of_the_maximum_length_is_accepted() -> None:
    url = "https://example.com/" + "a" * 1980
    assert len(url) == 2000
    assert coerce(T.LINK, url) == url


# --- settings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "settings"),
    [
        (T.TEXT, {"max_length": 1000}),
        (T.LONG_TEXT, {"max_length": 100_000}),
        (T.INTEGER, {}),
        (T.DECIMAL, {"scale": 2}),
        (T.MONEY, {"currencies": DEFAULT_CURRENCIES, "scale": 2}),
        (T.DATE, {}),
        (T.DATETIME, {}),
        (T.CHECKBOX, {}),
        (T.DROPDOWN, {}),
        (T.MULTI_SELECT, {}),
        (T.LINK, {}),
        (T.CONTACT_REF, {}),
    ],
)
def test_settings_are_completed_with_their_defaults(
    kind: FieldType, settings: dict[str, object]
) -> None:
    assert dict(define(kind).settings) == settings
    assert DEFAULT_CURRENCIES == ("PLN", "EUR", "USD", "GBP", "UAH")


@pytest.mark.parametrize(
    ("kind", "settings", "normalised"),
    [
        (T.TEXT, {"max_length": 1}, {"max_length": 1}),
        (T.TEXT, {"max_length": 2000}, {"max_length": 2000}),
        (T.INTEGER, {"min": -5, "max": 5}, {"min": -5, "max": 5}),
        (T.INTEGER, {"min": 3, "max": 3}, {"min": 3, "max": 3}),
        (T.INTEGER, {"min": None}, {}),
        (T.DECIMAL, {"scale": 0}, {"scale": 0}),
        (T.DECIMAL, {"min": 1, "max": "5,5"}, {"scale": 2, "min": "1.00", "max": "5.50"}),
        (T.DECIMAL, {"scale": 3, "min": 0.125}, {"scale": 3, "min": "0.125"}),
        (
            T.MONEY,
            {"currencies": ["pln", " eur "], "scale": 0},
            {"currencies": ("PLN", "EUR"), "scale": 0},
        ),
        (T.MONEY, {"currencies": ("CHF",)}, {"currencies": ("CHF",), "scale": 2}),
    ],
)
def test_valid_settings_are_normalised(
    kind: FieldType, settings: dict[str, object], normalised: dict[str, object]
) -> None:
    assert dict(define(kind, settings=settings).settings) == normalised


@pytest.mark.parametrize(
    ("kind", "settings", "field", "code"),
    [
        (T.TEXT, {"max_length": 0}, "settings.max_length", "invalid_setting"),
        (T.TEXT, {"max_length": 2001}, "settings.max_length", "invalid_setting"),
        (T.TEXT, {"max_length": "100"}, "settings.max_length", "invalid_setting"),
        (T.TEXT, {"max_length": True}, "settings.max_length", "invalid_setting"),
        (T.TEXT, {"maxlength": 10}, "settings.maxlength", "unknown_setting"),
        (T.LONG_TEXT, {"max_length": 100_001}, "settings.max_length", "invalid_setting"),
        (T.INTEGER, {"min": "1"}, "settings.min", "invalid_setting"),
        (T.INTEGER, {"max": 1.5}, "settings.max", "invalid_setting"),
        (T.INTEGER, {"max": 2**63}, "settings.max", "invalid_setting"),
        (T.INTEGER, {"min": 5, "max": 4}, "settings.min", "invalid_setting"),
        (T.INTEGER, {"scale": 2}, "settings.scale", "unknown_setting"),
        (T.DECIMAL, {"scale": 11}, "settings.scale", "invalid_setting"),
        (T.DECIMAL, {"scale": -1}, "settings.scale", "invalid_setting"),
        (T.DECIMAL, {"min": "1.234"}, "settings.min", "invalid_setting"),
        (T.DECIMAL, {"max": "lots"}, "settings.max", "invalid_setting"),
        (T.DECIMAL, {"max": float("inf")}, "settings.max", "invalid_setting"),
        (T.DECIMAL, {"min": "2", "max": "1"}, "settings.min", "invalid_setting"),
        (T.DECIMAL, {"min": True}, "settings.min", "invalid_setting"),
        (T.DECIMAL, {"max": 1e30}, "settings.max", "invalid_setting"),
        (T.DECIMAL, {"max": [1]}, "settings.max", "invalid_setting"),
        (T.DECIMAL, {"max_length": 3}, "settings.max_length", "unknown_setting"),
        (T.MONEY, {"currencies": "PLN"}, "settings.currencies", "invalid_setting"),
        (T.MONEY, {"currencies": []}, "settings.currencies", "invalid_setting"),
        (T.MONEY, {"currencies": ["PLN", "pln"]}, "settings.currencies[1]", "invalid_setting"),
        (T.MONEY, {"currencies": ["PLN", "PL"]}, "settings.currencies[1]", "invalid_setting"),
        (T.MONEY, {"currencies": [985]}, "settings.currencies[0]", "invalid_setting"),
        (T.MONEY, {"currencies": ["EUR"] * 51}, "settings.currencies", "invalid_setting"),
        (T.MONEY, {"scale": 5}, "settings.scale", "invalid_setting"),
        (T.MONEY, {"min": 0}, "settings.min", "unknown_setting"),
        (T.DATE, {"format": "DD.MM.YYYY"}, "settings.format", "unknown_setting"),
        (T.CHECKBOX, {"default": True}, "settings.default", "unknown_setting"),
        (T.DROPDOWN, {"max_length": 5}, "settings.max_length", "unknown_setting"),
    ],
)
def test_invalid_settings_name_the_setting(
    kind: FieldType, settings: dict[str, object], field: str, code: str
) -> None:
    error = definition_error(kind, settings=settings)
    assert (error.code, error.field) == (code, field)


def test_settings_apply_to_values() -> None:
    assert coerce(T.DECIMAL, "1,5", settings={"scale": 1}) == "1.5"
    assert coerce(T.MONEY, "7 CHF", settings={"currencies": ["CHF", "EUR"]}) == {
        "amount": "7.00",
        "currency": "CHF",
    }
    assert refusal(T.LONG_TEXT, "abcdef", settings={"max_length": 5}).code == "too_long"


# --- definitions -------------------------------------------------------------------------------


def test_a_valid_definition_comes_back_trimmed_and_typed() -> None:
    definition = validate_definition(
        FieldDefinition(
            key="lead_status",
            label="  Lead status ",
            type="dropdown",  # type: ignore[arg-type]
            options=(FieldOption(" warm ", " Warm lead "), FieldOption("cold", "Cold")),
            help_text="  How warm is the lead? ",
            unique=True,
            position=3,
        )
    )
    assert definition.type is T.DROPDOWN
    assert definition.label == "Lead status"
    assert definition.help_text == "How warm is the lead?"
    assert definition.options == (FieldOption("warm", "Warm lead"), FieldOption("cold", "Cold"))
    assert (definition.unique, definition.position) == (True, 3)


@pytest.mark.parametrize("key", ["a", "lead_status", "x1_2", "a" + "b" * 62])
def test_valid_keys(key: str) -> None:
    assert define(T.TEXT, key=key).key == key


@pytest.mark.parametrize(
    "key", ["", "1abc", "_abc", "Abc", "lead-status", "lead status", "a" * 64, "żółw", "abc\n"]
)
def test_invalid_keys(key: str) -> None:
    error = definition_error(key=key)
    assert (error.code, error.field) == ("invalid_key", "key")


@pytest.mark.parametrize(
    ("kind", "overrides", "field", "code"),
    [
        (T.TEXT, {"label": ""}, "label", "label_required"),
        (T.TEXT, {"label": "   "}, "label", "label_required"),
        (T.TEXT, {"label": "x" * 201}, "label", "too_long"),
        (T.TEXT, {"label": "two\nlines"}, "label", "invalid_label"),
        (T.TEXT, {"help_text": "h" * 1001}, "help_text", "too_long"),
        (T.TEXT, {"position": -1}, "position", "invalid_position"),
        (T.TEXT, {"type": "colour"}, "type", "unknown_type"),
        (T.DROPDOWN, {"options": ()}, "options", "options_required"),
        (T.MULTI_SELECT, {"options": ()}, "options", "options_required"),
        (T.TEXT, {"options": OPTIONS}, "options", "options_not_allowed"),
        (T.INTEGER, {"options": OPTIONS[:1]}, "options", "options_not_allowed"),
        (
            T.DROPDOWN,
            {"options": tuple(FieldOption(f"v{i}", f"L{i}") for i in range(501))},
            "options",
            "too_many_options",
        ),
        (
            T.DROPDOWN,
            {"options": (FieldOption("a", "A"), FieldOption(" ", "B"))},
            "options[1].value",
            "invalid_option_value",
        ),
        (
            T.DROPDOWN,
            {"options": (FieldOption("a;b", "A"),)},
            "options[0].value",
            "invalid_option_value",
        ),
        (
            T.MULTI_SELECT,
            {"options": (FieldOption("a,b", "A"),)},
            "options[0].value",
            "invalid_option_value",
        ),
        (
            T.DROPDOWN,
            {"options": (FieldOption("a\nb", "A"),)},
            "options[0].value",
            "invalid_option_value",
        ),
        (
            T.DROPDOWN,
            {"options": (FieldOption("v" * 101, "A"),)},
            "options[0].value",
            "invalid_option_value",
        ),
        (
            T.DROPDOWN,
            {"options": (FieldOption("a", "A"), FieldOption("b", "B"), FieldOption("c", ""))},
            "options[2].label",
            "label_required",
        ),
        (
            T.DROPDOWN,
            {"options": (FieldOption("a", "x" * 201),)},
            "options[0].label",
            "too_long",
        ),
        (
            T.DROPDOWN,
            {"options": (FieldOption("a", "A"), FieldOption(" a ", "B"))},
            "options[1].value",
            "duplicate_option",
        ),
        (
            T.MULTI_SELECT,
            {"options": (FieldOption("a", "Warm lead"), FieldOption("b", "WARM  LEAD"))},
            "options[1].label",
            "duplicate_option",
        ),
        (T.CHECKBOX, {"unique": True}, "unique", "unique_not_allowed"),
        (T.MULTI_SELECT, {"unique": True}, "unique", "unique_not_allowed"),
        (T.LONG_TEXT, {"unique": True}, "unique", "unique_not_allowed"),
    ],
)
def test_invalid_definitions_name_the_field_at_fault(
    kind: FieldType, overrides: dict[str, Any], field: str, code: str
) -> None:
    error = definition_error(kind, **overrides)
    assert (error.code, error.field) == (code, field)


@pytest.mark.parametrize(
    "kind", [kind for kind in FieldType if kind not in {T.CHECKBOX, T.MULTI_SELECT, T.LONG_TEXT}]
)
def test_other_types_may_be_unique(kind: FieldType) -> None:
    assert define(kind, unique=True).unique


# --- required fields ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "", "  ", [], {}])
def test_a_required_field_with_no_value_is_missing(value: StoredValue | None) -> None:
    definitions = [define(T.TEXT, key="name", required=True)]
    values: dict[str, StoredValue] = {} if value is None else {"name": value}
    assert required_missing(definitions, values) == ["name"]


@pytest.mark.parametrize("value", [False, 0, "x", ["a"], {"amount": "0.00", "currency": "PLN"}])
def test_a_required_field_with_a_value_is_present_even_when_false_or_zero(
    value: StoredValue,
) -> None:
    definitions = [define(T.TEXT, key="name", required=True)]
    assert required_missing(definitions, {"name": value}) == []


def test_required_missing_lists_required_keys_in_definition_order() -> None:
    definitions = [
        define(T.TEXT, key="b", required=True),
        define(T.TEXT, key="optional"),
        define(T.CHECKBOX, key="agreed", required=True),
        define(T.INTEGER, key="a", required=True),
    ]
    assert required_missing(definitions, {"agreed": False}) == ["b", "a"]
    assert required_missing(definitions, {"a": 1, "b": "x", "agreed": True}) == []


# --- definition changes ------------------------------------------------------------------------


def plan(
    old: FieldDefinition,
    new: FieldDefinition,
    mapping: dict[str, str | None] | None = None,
) -> ChangePlan:
    return plan_definition_change(old, new, mapping)


def test_a_key_change_is_refused() -> None:
    change = plan(define(T.TEXT), define(T.TEXT, key="other"))
    assert not change.allowed
    assert "key" in change.reason
    with pytest.raises(InvalidInput) as caught:
        change.convert("x")
    assert caught.value.code == "change_refused"


def test_an_invalid_new_definition_raises_instead_of_planning() -> None:
    with pytest.raises(InvalidInput) as caught:
        plan(define(T.TEXT), FieldDefinition(key=KEY, label="", type=T.TEXT))
    assert caught.value.field == "label"


@pytest.mark.parametrize("kind", list(FieldType))
def test_changing_only_presentation_touches_no_value(kind: FieldType) -> None:
    old = define(kind)
    new = define(
        kind, label="Renamed", help_text="Now with help", show_in_list=True, position=9,
        filterable=True, required=True,
    )  # fmt: skip
    change = plan(old, new)
    assert (change.allowed, change.needs_conversion, change.needs_uniqueness_check) == (
        True,
        False,
        False,
    )
    _, stored, _ = SAMPLES[kind]
    assert change.convert(stored) == stored


def test_relabelling_and_adding_options_touch_no_value() -> None:
    new_options = (FieldOption("warm", "Hot-ish"), *OPTIONS[1:], FieldOption("new", "New"))
    change = plan(define(T.DROPDOWN), define(T.DROPDOWN, options=new_options))
    assert change.allowed
    assert not change.needs_conversion


CONVERSIONS: list[tuple[FieldType, FieldType, StoredValue, StoredValue | None]] = [
    (T.TEXT, T.LONG_TEXT, "abc", "abc"),
    (T.LONG_TEXT, T.TEXT, "line\nbreak", "line\nbreak"),
    (T.INTEGER, T.DECIMAL, 12, "12.00"),
    (T.INTEGER, T.DECIMAL, -3, "-3.00"),
    (T.INTEGER, T.TEXT, 1234, "1234"),
    (T.DECIMAL, T.TEXT, "12.50", "12.50"),
    (T.DECIMAL, T.LONG_TEXT, "-0.01", "-0.01"),
    (T.DROPDOWN, T.MULTI_SELECT, "warm", ["warm"]),
    (T.DROPDOWN, T.TEXT, "krk", "Kraków, Małopolska"),
    (T.MULTI_SELECT, T.TEXT, ["cold", "warm"], "Warm lead; Cold"),
    (T.MULTI_SELECT, T.LONG_TEXT, ["krk"], "Kraków, Małopolska"),
    (T.DATE, T.DATETIME, "2023-03-15", "2023-03-15T00:00:00.000000Z"),
    (T.DATE, T.TEXT, "2023-03-15", "2023-03-15"),
    (T.DATETIME, T.TEXT, "2023-03-15T10:00:00.000000Z", "2023-03-15T10:00:00Z"),
    (T.DATETIME, T.TEXT, "2023-03-15T10:00:00.000250Z", "2023-03-15T10:00:00.000250Z"),
    (T.CHECKBOX, T.TEXT, True, "yes"),
    (T.CHECKBOX, T.TEXT, False, "no"),
    (T.MONEY, T.TEXT, {"amount": "12.50", "currency": "PLN"}, "12.50 PLN"),
    (T.LINK, T.TEXT, "https://example.com/a", "https://example.com/a"),
    (T.CONTACT_REF, T.TEXT, REF, REF),
    (T.TEXT, T.INTEGER, " 1 234 ", 1234),
    (T.TEXT, T.DECIMAL, "12,5", "12.50"),
    (T.TEXT, T.DATE, "2023-03-15", "2023-03-15"),
    (T.TEXT, T.CHECKBOX, "tak", True),
    (T.TEXT, T.CHECKBOX, "nein", False),
    (T.TEXT, T.DROPDOWN, "warm LEAD", "warm"),
    (T.LONG_TEXT, T.INTEGER, "7", 7),
    # Beyond the brief's list, parsed the same way as the others:
    (T.TEXT, T.DATETIME, "2023-03-15 10:00", "2023-03-15T10:00:00.000000Z"),
    (T.TEXT, T.MULTI_SELECT, "Cold; warm", ["cold", "warm"]),
    (T.TEXT, T.LINK, "example.com", "https://example.com"),
]


@pytest.mark.parametrize(("old_kind", "new_kind", "stored", "converted"), CONVERSIONS)
def test_allowed_type_changes_convert_stored_values(
    old_kind: FieldType, new_kind: FieldType, stored: StoredValue, converted: StoredValue
) -> None:
    change = plan(define(old_kind), define(new_kind))
    assert (change.allowed, change.reason, change.needs_conversion) == (True, "", True)
    assert change.convert(stored) == converted


@pytest.mark.parametrize(
    ("old_kind", "new_kind", "stored"),
    [
        (T.TEXT, T.INTEGER, "abc"),
        (T.TEXT, T.INTEGER, "12.5"),
        (T.TEXT, T.DECIMAL, "12.345"),
        (T.TEXT, T.DECIMAL, "twelve"),
        (T.TEXT, T.DATE, "15/03/2023"),
        (T.TEXT, T.DATE, "2023-03-15T10:00:00Z"),
        (T.TEXT, T.CHECKBOX, "maybe"),
        (T.TEXT, T.DROPDOWN, "hot"),
        (T.TEXT, T.MULTI_SELECT, "warm; hot"),
        (T.TEXT, T.LINK, "see website"),
        (T.TEXT, T.DATETIME, "soon"),
        (T.LONG_TEXT, T.TEXT, "x" * 1001),
    ],
)
def test_values_that_do_not_parse_are_unconvertible(
    old_kind: FieldType, new_kind: FieldType, stored: StoredValue
) -> None:
    change = plan(define(old_kind), define(new_kind))
    assert change.allowed
    result = change.convert(stored)
    assert isinstance(result, Unconvertible)
    assert result.reason


def test_conversions_respect_the_new_definitions_settings() -> None:
    change = plan(define(T.INTEGER), define(T.DECIMAL, settings={"max": "99.99"}))
    assert change.convert(99) == "99.00"
    assert isinstance(change.convert(100), Unconvertible)
    into_short_text = plan(define(T.DROPDOWN), define(T.TEXT, settings={"max_length": 5}))
    assert into_short_text.convert("cold") == "Cold"
    assert isinstance(into_short_text.convert("warm"), Unconvertible)


REFUSED_CHANGES = [
    (T.MONEY, T.DECIMAL),
    (T.MONEY, T.INTEGER),
    (T.DECIMAL, T.MONEY),
    (T.INTEGER, T.MONEY),
    (T.TEXT, T.MONEY),
    (T.CONTACT_REF, T.DROPDOWN),
    (T.CONTACT_REF, T.LINK),
    (T.TEXT, T.CONTACT_REF),
    (T.LINK, T.CONTACT_REF),
    (T.DECIMAL, T.INTEGER),
    (T.DATETIME, T.DATE),
    (T.MULTI_SELECT, T.DROPDOWN),
    (T.CHECKBOX, T.INTEGER),
    (T.DATE, T.INTEGER),
    (T.INTEGER, T.DATE),
    (T.LINK, T.DROPDOWN),
]


@pytest.mark.parametrize(("old_kind", "new_kind"), REFUSED_CHANGES)
def test_refused_type_changes_name_both_types(old_kind: FieldType, new_kind: FieldType) -> None:
    change = plan(define(old_kind), define(new_kind))
    assert not change.allowed
    assert old_kind in change.reason
    assert new_kind in change.reason
    with pytest.raises(InvalidInput):
        change.convert("anything")


TEXTS = {T.TEXT, T.LONG_TEXT}
PARSED_FROM_TEXT = {
    T.INTEGER, T.DECIMAL, T.DATE, T.DATETIME, T.CHECKBOX, T.DROPDOWN, T.MULTI_SELECT, T.LINK,
}  # fmt: skip
WIDENINGS = {(T.INTEGER, T.DECIMAL), (T.DROPDOWN, T.MULTI_SELECT), (T.DATE, T.DATETIME)}


@pytest.mark.parametrize("new_kind", list(FieldType))
@pytest.mark.parametrize("old_kind", list(FieldType))
def test_the_whole_table_of_type_changes(old_kind: FieldType, new_kind: FieldType) -> None:
    expected = (
        old_kind == new_kind
        or new_kind in TEXTS
        or (old_kind in TEXTS and new_kind in PARSED_FROM_TEXT)
        or (old_kind, new_kind) in WIDENINGS
    )
    assert plan(define(old_kind), define(new_kind)).allowed is expected


# --- settings changes within a type ------------------------------------------------------------


def test_a_wider_decimal_scale_rewrites_values_exactly() -> None:
    change = plan(define(T.DECIMAL), define(T.DECIMAL, settings={"scale": 3}))
    assert change.needs_conversion
    assert change.convert("12.50") == "12.500"


def test_a_narrower_decimal_scale_converts_what_fits_and_flags_the_rest() -> None:
    change = plan(define(T.DECIMAL), define(T.DECIMAL, settings={"scale": 0}))
    assert change.convert("12.00") == "12"
    assert isinstance(change.convert("12.50"), Unconvertible)


def test_dropping_a_currency_in_use_flags_its_values() -> None:
    change = plan(define(T.MONEY), define(T.MONEY, settings={"currencies": ["PLN"]}))
    assert change.convert({"amount": "1.00", "currency": "PLN"}) == {
        "amount": "1.00",
        "currency": "PLN",
    }
    assert isinstance(change.convert({"amount": "1.00", "currency": "EUR"}), Unconvertible)


def test_tighter_text_and_integer_limits_flag_values_beyond_them() -> None:
    text = plan(define(T.TEXT), define(T.TEXT, settings={"max_length": 3}))
    assert text.convert("abc") == "abc"
    assert isinstance(text.convert("abcd"), Unconvertible)
    number = plan(define(T.INTEGER), define(T.INTEGER, settings={"min": 0}))
    assert number.convert(0) == 0
    assert isinstance(number.convert(-1), Unconvertible)


# --- option removal ----------------------------------------------------------------------------

REMAINING = OPTIONS[:1]  # only "warm" is left


@pytest.mark.parametrize("kind", [T.DROPDOWN, T.MULTI_SELECT])
def test_removing_options_without_a_mapping_is_refused_naming_them(kind: FieldType) -> None:
    change = plan(define(kind), define(kind, options=REMAINING))
    assert not change.allowed
    assert "'cold'" in change.reason
    assert "'krk'" in change.reason
    assert "'warm'" not in change.reason


def test_a_partial_mapping_still_names_the_unmapped_option() -> None:
    change = plan(define(T.DROPDOWN), define(T.DROPDOWN, options=REMAINING), {"cold": "warm"})
    assert not change.allowed
    assert "'krk'" in change.reason
    assert "'cold'" not in change.reason


def test_a_dropdown_mapping_moves_or_clears_values() -> None:
    change = plan(
        define(T.DROPDOWN), define(T.DROPDOWN, options=REMAINING), {"cold": "warm", "krk": None}
    )
    assert (change.allowed, change.needs_conversion) == (True, True)
    assert change.convert("cold") == "warm"
    assert change.convert("krk") is None
    assert change.convert("warm") == "warm"


def test_a_multi_select_mapping_merges_and_clears_values() -> None:
    change = plan(
        define(T.MULTI_SELECT),
        define(T.MULTI_SELECT, options=REMAINING),
        {"cold": "warm", "krk": None},
    )
    assert change.convert(["cold", "warm"]) == ["warm"]
    assert change.convert(["cold", "krk"]) == ["warm"]
    assert change.convert(["krk"]) is None


def test_a_mapping_may_merge_options_that_are_kept() -> None:
    change = plan(define(T.DROPDOWN), define(T.DROPDOWN), {"cold": "warm"})
    assert change.allowed
    assert change.needs_conversion
    assert change.convert("cold") == "warm"


def test_an_identity_mapping_changes_nothing() -> None:
    change = plan(define(T.DROPDOWN), define(T.DROPDOWN), {"cold": "cold"})
    assert change.allowed
    assert not change.needs_conversion


def test_a_renamed_option_value_is_a_removal_plus_a_mapping() -> None:
    renamed = (FieldOption("hot", "Warm lead"), *OPTIONS[1:])
    assert not plan(define(T.DROPDOWN), define(T.DROPDOWN, options=renamed)).allowed
    change = plan(define(T.DROPDOWN), define(T.DROPDOWN, options=renamed), {"warm": "hot"})
    assert change.convert("warm") == "hot"


def test_dropdown_to_multi_select_needs_the_same_mapping_for_removed_options() -> None:
    old, new = define(T.DROPDOWN), define(T.MULTI_SELECT, options=REMAINING)
    assert not plan(old, new).allowed
    change = plan(old, new, {"cold": None, "krk": "warm"})
    assert change.convert("krk") == ["warm"]
    assert change.convert("cold") is None


@pytest.mark.parametrize(
    ("mapping", "mentioned"),
    [
        ({"cold": "hot", "krk": None}, "'hot'"),
        ({"cold": None, "krk": None, "lukewarm": "warm"}, "'lukewarm'"),
    ],
)
def test_a_mapping_must_name_real_options(mapping: dict[str, str | None], mentioned: str) -> None:
    change = plan(define(T.DROPDOWN), define(T.DROPDOWN, options=REMAINING), mapping)
    assert not change.allowed
    assert mentioned in change.reason


def test_a_mapping_between_types_without_options_is_refused() -> None:
    assert not plan(define(T.TEXT), define(T.TEXT), {"a": "b"}).allowed
    assert not plan(define(T.DROPDOWN), define(T.TEXT), {"cold": None}).allowed


def test_a_stale_value_outside_the_options_is_left_alone_or_flagged_never_corrupted() -> None:
    untouched = plan(define(T.DROPDOWN), define(T.DROPDOWN, label="Renamed"))
    assert untouched.convert("gone") == "gone"
    remapped = plan(define(T.DROPDOWN), define(T.DROPDOWN), {"cold": "warm"})
    assert isinstance(remapped.convert("gone"), Unconvertible)


# --- uniqueness after a change -----------------------------------------------------------------


def test_becoming_unique_asks_for_a_uniqueness_check() -> None:
    change = plan(define(T.TEXT), define(T.TEXT, unique=True))
    assert (change.needs_conversion, change.needs_uniqueness_check) == (False, True)
    assert not plan(define(T.TEXT, unique=True), define(T.TEXT, unique=True)).needs_uniqueness_check


def test_converting_a_unique_field_asks_for_a_uniqueness_check() -> None:
    # "01" and "1" are different texts but the same integer.
    change = plan(define(T.TEXT, unique=True), define(T.INTEGER, unique=True))
    assert change.needs_uniqueness_check
    assert change.convert("01") == change.convert("1") == 1
