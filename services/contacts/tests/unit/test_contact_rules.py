"""The rules a new contact card must satisfy, and how it is normalised on the way in."""

from __future__ import annotations

import pytest
from kartoteka_contacts.domain.contact import Address, ContactDraft, ContactKind, Email, Phone
from kartoteka_contacts.domain.validation import (
    LABEL_MAX_LENGTH,
    MAX_LIST_ITEMS,
    NAME_MAX_LENGTH,
    normalise_phone,
    validate_contact,
)
from kartoteka_platform.errors import ErrorKind, InvalidInput


def draft(**overrides: object) -> ContactDraft:
    fields: dict[str, object] = {
        "kind": ContactKind.PERSON,
        "first_name": "Anna",
        "last_name": "Kowalska",
    }
    fields.update(overrides)
    return ContactDraft(**fields)  # type: ignore[arg-type]


def valid(contact: ContactDraft, region: str = "PL") -> ContactDraft:
    return validate_contact(contact, default_region=region, definitions={})


def rejection(contact: ContactDraft, region: str = "PL") -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        validate_contact(contact, default_region=region, definitions={})
    return caught.value


# --- normalisation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "expected_first", "expected_last"),
    [
        ("  Anna   Maria ", "\tKowalska\n", "Anna Maria", "Kowalska"),
        ("Łucja", "  Brzęczyszczykiewicz-Żółć  ", "Łucja", "Brzęczyszczykiewicz-Żółć"),
        ("", "Nowak", "", "Nowak"),
        ("Jan", "   ", "Jan", ""),
    ],
)
def test_names_have_whitespace_trimmed_and_collapsed(
    first: str, last: str, expected_first: str, expected_last: str
) -> None:
    result = valid(draft(first_name=first, last_name=last))
    assert (result.first_name, result.last_name) == (expected_first, expected_last)


def test_a_name_of_exactly_the_maximum_length_is_accepted() -> None:
    name = "a" * NAME_MAX_LENGTH
    assert valid(draft(last_name=name)).last_name == name


def test_name_length_counts_after_whitespace_is_collapsed() -> None:
    padded = "a" + " " * (NAME_MAX_LENGTH * 2) + "b"
    assert valid(draft(first_name=padded)).first_name == "a b"


def test_emails_are_trimmed_and_lower_cased() -> None:
    result = valid(draft(emails=[Email("  Jan.Kowalski@Example.COM ", label="  work ")]))
    assert result.emails == [Email("jan.kowalski@example.com", "work", primary=True)]


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("600 100 200", "PL", "+48600100200"),
        ("600-100-200", "PL", "+48600100200"),
        ("+48 600 100 200", "PL", "+48600100200"),
        ("(0)20 7946 0958", "GB", "+442079460958"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("+1 212-555-0100", "PL", "+12125550100"),
        ("(212) 555-0100", "US", "+12125550100"),
        # An explicit country code wins over the default region.
        ("+48 600 100 200", "GB", "+48600100200"),
    ],
)
def test_phones_are_normalised_to_e164(raw: str, region: str, expected: str) -> None:
    result = valid(draft(phones=[Phone(raw)]), region=region)
    assert [p.number for p in result.phones] == [expected]
    assert normalise_phone(raw, region) == expected


def test_normalising_an_e164_number_again_changes_nothing() -> None:
    once = normalise_phone("600 100 200", "PL")
    assert normalise_phone(once, "GB") == once


def test_a_number_without_a_country_code_takes_the_default_region() -> None:
    assert normalise_phone("212 555 0100", "US") == "+12125550100"
    assert normalise_phone("020 7946 0958", "GB") == "+442079460958"
    with pytest.raises(ValueError, match="not a valid phone number"):
        normalise_phone("020 7946 0958", "US")


def test_phone_labels_are_trimmed() -> None:
    result = valid(draft(phones=[Phone("600 100 200", label=" mobile  ")]))
    assert result.phones[0].label == "mobile"


def test_country_codes_are_trimmed_and_upper_cased() -> None:
    result = valid(
        draft(addresses=[Address(country_code=" pl "), Address(country_code="gB"), Address()])
    )
    assert [a.country_code for a in result.addresses] == ["PL", "GB", ""]


def test_address_text_fields_have_whitespace_collapsed() -> None:
    address = Address(
        label=" home ",
        street="  ul.   Długa  5 ",
        city=" Gdańsk ",
        postal_code=" 80-827 ",
        region="  pomorskie ",
        country_code="pl",
    )
    assert valid(draft(addresses=[address])).addresses == [
        Address("home", "ul. Długa 5", "Gdańsk", "80-827", "pomorskie", "PL")
    ]


def test_validation_leaves_the_draft_it_was_given_untouched() -> None:
    original = draft(
        first_name="  Anna ", emails=[Email("A@B.PL"), Email("c@d.pl")], phones=[Phone("600100200")]
    )
    valid(original)
    assert original.first_name == "  Anna "
    assert original.emails == [Email("A@B.PL"), Email("c@d.pl")]
    assert original.phones == [Phone("600100200")]


# --- exactly one primary per list ------------------------------------------------------------


@pytest.mark.parametrize(
    ("marked", "expected"),
    [
        ([False, False, False], [True, False, False]),
        ([False, True, False], [False, True, False]),
        ([False, True, True], [False, True, False]),
        ([True, True, True], [True, False, False]),
        ([False, False, True], [False, False, True]),
        ([True], [True]),
        ([False], [True]),
    ],
)
def test_exactly_one_primary_the_first_marked_else_the_first(
    marked: list[bool], expected: list[bool]
) -> None:
    emails = [Email(f"person{i}@example.com", primary=p) for i, p in enumerate(marked)]
    phones = [Phone(f"60010020{i}", primary=p) for i, p in enumerate(marked)]
    result = valid(draft(emails=emails, phones=phones))
    assert [e.primary for e in result.emails] == expected
    assert [p.primary for p in result.phones] == expected
    # The order and the items themselves are kept.
    assert [e.address for e in result.emails] == [e.address for e in emails]


def test_empty_lists_stay_empty() -> None:
    result = valid(draft())
    assert (result.emails, result.phones, result.addresses) == ([], [], [])


def test_emails_and_phones_choose_their_primary_independently() -> None:
    result = valid(
        draft(
            emails=[Email("a@example.com"), Email("b@example.com", primary=True)],
            phones=[Phone("600100200", primary=True), Phone("600100201")],
        )
    )
    assert [e.primary for e in result.emails] == [False, True]
    assert [p.primary for p in result.phones] == [True, False]


# --- rejections ------------------------------------------------------------------------------

_TOO_MANY = MAX_LIST_ITEMS + 1


@pytest.mark.parametrize(
    ("contact", "code", "field"),
    [
        pytest.param(
            draft(kind=ContactKind.COMPANY), "name_required", "company_name", id="nameless-company"
        ),
        pytest.param(
            draft(first_name="", last_name=""), "name_required", "last_name", id="no-names"
        ),
        pytest.param(
            draft(first_name=" \t ", last_name="\n"), "name_required", "last_name", id="blank"
        ),
        pytest.param(
            draft(first_name="a" * (NAME_MAX_LENGTH + 1)), "too_long", "first_name", id="first"
        ),
        pytest.param(
            draft(last_name="a" * (NAME_MAX_LENGTH + 1)), "too_long", "last_name", id="last"
        ),
        pytest.param(
            draft(phones=[Phone(f"60010{i:04d}") for i in range(_TOO_MANY)]),
            "too_many",
            "phones",
            id="21-phones",
        ),
        pytest.param(
            draft(emails=[Email(f"p{i}@example.com") for i in range(_TOO_MANY)]),
            "too_many",
            "emails",
            id="21-emails",
        ),
        pytest.param(
            draft(addresses=[Address(city="Kraków")] * _TOO_MANY),
            "too_many",
            "addresses",
            id="21-addresses",
        ),
        pytest.param(
            draft(phones=[Phone("600 100 200"), Phone("12")]),
            "invalid_phone",
            "phones[1].number",
            id="phone-too-short",
        ),
        pytest.param(
            draft(phones=[Phone("call me maybe")]),
            "invalid_phone",
            "phones[0].number",
            id="phone-not-a-number",
        ),
        pytest.param(
            draft(phones=[Phone("")]), "invalid_phone", "phones[0].number", id="phone-empty"
        ),
        pytest.param(
            draft(phones=[Phone("600 100 200", label="x" * (LABEL_MAX_LENGTH + 1))]),
            "too_long",
            "phones[0].label",
            id="phone-label",
        ),
        pytest.param(
            draft(emails=[Email("not-an-email")]),
            "invalid_email",
            "emails[0].address",
            id="email-no-at",
        ),
        pytest.param(
            draft(emails=[Email("jan@localhost")]),
            "invalid_email",
            "emails[0].address",
            id="email-undotted-domain",
        ),
        pytest.param(
            draft(emails=[Email("ok@example.com"), Email("jan@@example.com")]),
            "invalid_email",
            "emails[1].address",
            id="email-two-ats",
        ),
        pytest.param(
            draft(emails=[Email("jan kowalski@example.com")]),
            "invalid_email",
            "emails[0].address",
            id="email-space",
        ),
        pytest.param(
            draft(emails=[Email("a" * 64 + "@" + "b" * 186 + ".com")]),
            "invalid_email",
            "emails[0].address",
            id="email-255-chars",
        ),
        pytest.param(
            draft(emails=[Email("ok@example.com", label="x" * (LABEL_MAX_LENGTH + 1))]),
            "too_long",
            "emails[0].label",
            id="email-label",
        ),
        pytest.param(
            draft(addresses=[Address(country_code="POL")]),
            "invalid_country",
            "addresses[0].country_code",
            id="alpha-3",
        ),
        pytest.param(
            draft(addresses=[Address(country_code="PL"), Address(country_code="P1")]),
            "invalid_country",
            "addresses[1].country_code",
            id="digit",
        ),
        pytest.param(
            draft(addresses=[Address(city="x" * (NAME_MAX_LENGTH + 1))]),
            "too_long",
            "addresses[0].city",
            id="city",
        ),
    ],
)
def test_rejections_name_the_code_and_the_field(
    contact: ContactDraft, code: str, field: str
) -> None:
    error = rejection(contact)
    assert (error.code, error.field) == (code, field)
    assert error.kind is ErrorKind.INVALID
    assert error.detail


def test_exactly_the_maximum_number_of_items_is_accepted() -> None:
    result = valid(
        draft(
            phones=[Phone(f"60010{i:04d}") for i in range(MAX_LIST_ITEMS)],
            emails=[Email(f"p{i}@example.com") for i in range(MAX_LIST_ITEMS)],
            addresses=[Address(country_code="pl")] * MAX_LIST_ITEMS,
        )
    )
    assert len(result.phones) == len(result.emails) == len(result.addresses) == MAX_LIST_ITEMS


def test_the_first_field_at_fault_is_reported() -> None:
    """Emails are checked before phones, and a bad list length before any item."""
    both_bad = draft(emails=[Email("nope")], phones=[Phone("12")])
    assert rejection(both_bad).field == "emails[0].address"
    too_many_and_bad = draft(
        emails=[Email("nope")], phones=[Phone("600100200")] * (MAX_LIST_ITEMS + 1)
    )
    assert rejection(too_many_and_bad).field == "phones"


def test_the_rejection_travels_as_a_dict_with_its_field() -> None:
    error = rejection(draft(phones=[Phone("600 100 200"), Phone("12")]))
    body = error.as_dict()
    assert body["kind"] == "invalid"
    assert body["code"] == "invalid_phone"
    assert body["field"] == "phones[1].number"
    assert "'12'" in body["detail"]
