"""The demo people: reproducible, realistic, and every one of them a card the platform accepts."""

from __future__ import annotations

import re
from typing import Any

import phonenumbers
import pytest
from kartoteka_contacts.domain.contact import Address, ContactDraft, ContactKind, Email, Phone
from kartoteka_contacts.domain.validation import validate_contact
from kartoteka_devstack.demo import demo_contacts

COUNT = 200
SIMPLE_EMAIL = re.compile(r"^[a-z0-9][a-z0-9._-]*@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$")
POLISH_LETTERS = set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
CALLING_CODE = {"PL": 48, "GB": 44, "US": 1}


@pytest.fixture(scope="module")
def people() -> list[dict[str, Any]]:
    return demo_contacts(COUNT)


def as_draft(person: dict[str, Any]) -> ContactDraft:
    return ContactDraft(
        kind=ContactKind.PERSON,
        first_name=person["first_name"],
        last_name=person["last_name"],
        emails=[Email(**e) for e in person["emails"]],
        phones=[Phone(**p) for p in person["phones"]],
        addresses=[Address(**a) for a in person["addresses"]],
    )


def test_it_makes_as_many_people_as_asked(people: list[dict[str, Any]]) -> None:
    assert len(people) == COUNT
    assert demo_contacts(0) == []


def test_the_same_seed_gives_the_same_people(people: list[dict[str, Any]]) -> None:
    assert demo_contacts(COUNT) == people
    assert demo_contacts(50, seed=7) == demo_contacts(50, seed=7)


def test_another_seed_gives_other_people(people: list[dict[str, Any]]) -> None:
    other = demo_contacts(COUNT, seed=7)
    assert other != people
    names = {(p["first_name"], p["last_name"]) for p in people}
    other_names = {(p["first_name"], p["last_name"]) for p in other}
    assert names != other_names


def test_every_phone_is_a_possible_number_of_the_persons_country(
    people: list[dict[str, Any]],
) -> None:
    for person in people:
        country = person["addresses"][0]["country_code"]
        for phone in person["phones"]:
            parsed = phonenumbers.parse(phone["number"], None)
            assert phonenumbers.is_possible_number(parsed), phone["number"]
            assert parsed.country_code == CALLING_CODE[country], (phone["number"], country)


def test_every_email_is_simple_lower_case_ascii(people: list[dict[str, Any]]) -> None:
    for person in people:
        for email in person["emails"]:
            address = email["address"]
            assert address.isascii(), address
            assert SIMPLE_EMAIL.match(address), address


def test_polish_names_keep_their_diacritics(people: list[dict[str, Any]]) -> None:
    with_diacritics = [p for p in people if POLISH_LETTERS & set(p["first_name"] + p["last_name"])]
    assert with_diacritics
    assert all(p["addresses"][0]["country_code"] == "PL" for p in with_diacritics)


def test_polish_british_and_american_people_all_appear(people: list[dict[str, Any]]) -> None:
    countries = [p["addresses"][0]["country_code"] for p in people]
    assert set(countries) == {"PL", "GB", "US"}
    # Polish people are the majority of the demo base.
    assert countries.count("PL") > COUNT / 2


def test_every_person_has_one_primary_email_phone_and_a_home(
    people: list[dict[str, Any]],
) -> None:
    for person in people:
        assert person["first_name"]
        assert person["last_name"]
        assert [e["primary"] for e in person["emails"]] == [True]
        assert [p["primary"] for p in person["phones"]] == [True]
        assert len(person["addresses"]) == 1


def test_every_person_passes_the_contacts_rules(people: list[dict[str, Any]]) -> None:
    """The demo loader posts these through the API; one rejected card fails the whole load."""
    for person in people:
        draft = as_draft(person)
        card = validate_contact(draft, default_region="PL", definitions={})
        assert card.first_name == " ".join(person["first_name"].split())
        assert card.emails[0].address == person["emails"][0]["address"]
        assert card.addresses[0].country_code == person["addresses"][0]["country_code"]
