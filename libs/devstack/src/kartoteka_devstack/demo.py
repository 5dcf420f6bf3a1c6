"""Demo data: about a thousand realistic people, Polish and English, loaded through the API."""

from __future__ import annotations

import asyncio
import random
import unicodedata
from typing import Any

import httpx
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


def _phone(country: str, rng: random.Random) -> str:
    if country == "PL":  # mobile ranges 5xx, 6xx, 7xx, 88x
        prefix = f"{rng.choice('5678')}{rng.randint(10, 99)}"
        return f"+48 {prefix} {rng.randint(100, 999)} {rng.randint(100, 999)}"
    if country == "GB":
        return f"+44 7{rng.randint(100, 999)} {rng.randint(100000, 999999)}"
    return f"+1 {rng.randint(201, 989)} {rng.randint(200, 999)} {rng.randint(1000, 9999)}"


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
