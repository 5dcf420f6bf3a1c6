"""Demo data: about a thousand realistic people, Polish and English, loaded through the API."""

from __future__ import annotations

import random
import re
import unicodedata
from typing import Any

import phonenumbers
from faker import Faker

# Shares of the demo base: a Polish business with some British and American clients.
_LOCALES = (("pl_PL", "PL", 0.6), ("en_GB", "GB", 0.25), ("en_US", "US", 0.15))
_MAIL_DOMAINS = ("gmail.com", "wp.pl", "onet.pl", "outlook.com", "interia.pl", "yahoo.co.uk")


def demo_contacts(count: int = 1000, seed: int = 20261203) -> list[dict[str, Any]]:
    """`count` person cards as the REST API takes them, with unique emails and phones; the
    same seed gives the same people."""
    rng = random.Random(seed)
    fakers = {locale: Faker(locale) for locale, _, _ in _LOCALES}
    for index, faker in enumerate(fakers.values()):
        faker.seed_instance(seed + index)
    contacts: list[dict[str, Any]] = []
    used: set[str] = set()
    while len(contacts) < count:
        locale, country, _ = rng.choices(_LOCALES, weights=[w for *_, w in _LOCALES])[0]
        faker = fakers[locale]
        female = rng.random() < 0.5
        first = faker.first_name_female() if female else faker.first_name_male()
        last = faker.last_name_female() if female and locale == "pl_PL" else faker.last_name()
        email, phone = _email(first, last, rng), _phone(country, rng)
        if email in used or phone in used:
            continue  # the API refuses duplicates, and so would a real database
        used.update((email, phone))
        contacts.append(
            {
                "first_name": first,
                "last_name": last,
                "gender": "female" if female else "male",
                "emails": [{"address": email, "label": "work", "primary": True}],
                "phones": [{"number": phone, "label": "mobile", "primary": True}],
                "addresses": [
                    {
                        "label": "home",
                        "street": faker.street_address(),
                        "city": faker.city(),
                        "postal_code": faker.postcode(),
                        "country_code": country,
                    }
                ],
            }
        )
    return contacts


def _email(first: str, last: str, rng: random.Random) -> str:
    local = f"{first}.{last}".lower().replace(" ", "").replace("'", "")
    ascii_local = unicodedata.normalize("NFKD", local.replace("ł", "l")).encode("ascii", "ignore")
    return f"{ascii_local.decode()}{rng.randint(1, 999)}@{rng.choice(_MAIL_DOMAINS)}"


# Number shapes of real mobile and city ranges, so every demo phone is valid, not just possible.
_PHONE_SHAPES = {
    "PL": (
        "+48 50{d}{d}{d}{d}{d}{d}{d}",
        "+48 60{d}{d}{d}{d}{d}{d}{d}",
        "+48 79{d}{d}{d}{d}{d}{d}{d}",
    ),
    "GB": ("+44 77{d}{d}{d}{d}{d}{d}{d}{d}", "+44 20 7{d}{d}{d} {d}{d}{d}{d}"),
    "US": ("+1 212 55{d} {d}{d}{d}{d}", "+1 415 26{d} {d}{d}{d}{d}", "+1 617 49{d} {d}{d}{d}{d}"),
}


def _phone(country: str, rng: random.Random) -> str:
    while True:
        shape = rng.choice(_PHONE_SHAPES[country])
        number = re.sub(r"\{d\}", lambda _: str(rng.randint(0, 9)), shape)
        if phonenumbers.is_valid_number(phonenumbers.parse(number)):
            return number


def demo_companies(count: int = 40, seed: int = 20261203) -> list[dict[str, Any]]:
    """Polish companies with valid NIP numbers, a few of them subsidiaries of the first ones."""
    rng = random.Random(seed)
    faker = Faker("pl_PL")
    faker.seed_instance(seed)
    names: set[str] = set()
    companies: list[dict[str, Any]] = []
    while len(companies) < count:
        name = faker.company()
        if name in names:
            continue
        names.add(name)
        companies.append(
            {
                "kind": "company",
                "company_name": name,
                "country_code": "PL",
                "legal": {"nip": _nip(rng)},
                "region": rng.choice(VOIVODESHIPS),
                "addresses": [
                    {
                        "label": "office",
                        "street": faker.street_address(),
                        "city": faker.city(),
                        "postal_code": faker.postcode(),
                        "country_code": "PL",
                    }
                ],
            }
        )
    return companies


VOIVODESHIPS = (
    "dolnośląskie",
    "kujawsko-pomorskie",
    "lubelskie",
    "lubuskie",
    "łódzkie",
    "małopolskie",
    "mazowieckie",
    "opolskie",
    "podkarpackie",
    "podlaskie",
    "pomorskie",
    "śląskie",
    "świętokrzyskie",
    "warmińsko-mazurskie",
    "wielkopolskie",
    "zachodniopomorskie",
)
_NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)


def _nip(rng: random.Random) -> str:
    """A NIP whose checksum holds (weights 6,5,7,2,3,4,5,6,7 mod 11; 10 is never a check digit)."""
    while True:
        digits = [rng.randint(1 if i == 0 else 0, 9) for i in range(9)]
        check = sum(d * w for d, w in zip(digits, _NIP_WEIGHTS, strict=True)) % 11
        if check != 10:
            return "".join(map(str, digits)) + str(check)
