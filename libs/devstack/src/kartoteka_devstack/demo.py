"""Demo data: about a thousand realistic people, Polish and English, loaded through the API."""

from __future__ import annotations

import asyncio
import random
import re
import unicodedata
from typing import Any

import httpx
import phonenumbers
from faker import Faker

# Shares of the demo base: a Polish business with some British and American clients.
_LOCALES = (("pl_PL", "PL", 0.6), ("en_GB", "GB", 0.25), ("en_US", "US", 0.15))
_MAIL_DOMAINS = ("gmail.com", "wp.pl", "onet.pl", "outlook.com", "interia.pl", "yahoo.co.uk")


def demo_contacts(count: int = 1000, seed: int = 20261203) -> list[dict[str, Any]]:
    """`count` person cards as the REST API takes them; the same seed gives the same people."""
    rng = random.Random(seed)
    fakers = {locale: Faker(locale) for locale, _, _ in _LOCALES}
    for index, faker in enumerate(fakers.values()):
        faker.seed_instance(seed + index)
    contacts = []
    for _ in range(count):
        locale, country, _ = rng.choices(_LOCALES, weights=[w for *_, w in _LOCALES])[0]
        faker = fakers[locale]
        female = rng.random() < 0.5
        first = faker.first_name_female() if female else faker.first_name_male()
        last = faker.last_name_female() if female and locale == "pl_PL" else faker.last_name()
        contacts.append(
            {
                "first_name": first,
                "last_name": last,
                "emails": [{"address": _email(first, last, rng), "label": "work", "primary": True}],
                "phones": [{"number": _phone(country, rng), "label": "mobile", "primary": True}],
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


async def load_demo_data(gateway_url: str, token: str, count: int = 1000) -> int:
    """Create the demo cards through the gateway, a few at a time; returns how many."""
    headers = {"Authorization": f"Bearer {token}"}
    semaphore = asyncio.Semaphore(8)
    async with httpx.AsyncClient(base_url=gateway_url, headers=headers, timeout=30) as client:

        async def create(body: dict[str, Any]) -> None:
            async with semaphore:
                response = await client.post("/api/v1/contacts", json=body)
                response.raise_for_status()

        contacts = demo_contacts(count)
        await asyncio.gather(*(create(body) for body in contacts))
    return len(contacts)
