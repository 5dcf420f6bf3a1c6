"""Loads the demo workspace through the public API: fields, companies, people, groups."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from kartoteka_devstack.demo import VOIVODESHIPS, demo_companies, demo_contacts

STAGES = (
    ("new", "New"),
    ("warm", "Warm lead"),
    ("hot", "Hot lead"),
    ("client", "Client"),
    ("refused", "Refused"),
)
INTERESTS = (
    ("software", "Software"),
    ("hardware", "Hardware"),
    ("services", "Services"),
    ("training", "Training"),
)
CUSTOM_FIELDS: list[dict[str, Any]] = [
    {
        "key": "stage",
        "label": "Stage",
        "type": "dropdown",
        "filterable": True,
        "show_in_list": True,
        "options": [{"value": v, "label": label} for v, label in STAGES],
    },
    {"key": "visits", "label": "Visits", "type": "integer", "filterable": True},
    {"key": "budget", "label": "Budget", "type": "money", "filterable": True},
    {"key": "newsletter", "label": "Newsletter", "type": "checkbox"},
    {"key": "next_call", "label": "Next call", "type": "date", "filterable": True},
    {
        "key": "interests",
        "label": "Interests",
        "type": "multi_select",
        "options": [{"value": v, "label": label} for v, label in INTERESTS],
    },
]
# (name, parent, filter that fills it)
GROUPS: list[tuple[str, str | None, dict[str, Any] | None]] = [
    ("Clients", None, None),
    (
        "VIP",
        "Clients",
        {
            "all": [
                {"field": "custom.stage", "op": "eq", "value": "client"},
                {"field": "custom.visits", "op": "gte", "value": 8},
            ]
        },
    ),
    ("Regular", "Clients", {"field": "custom.stage", "op": "eq", "value": "client"}),
    ("Leads", None, None),
    ("Warm", "Leads", {"field": "custom.stage", "op": "in", "value": ["warm", "hot"]}),
    ("Cold", "Leads", {"field": "custom.stage", "op": "eq", "value": "new"}),
    ("Refusers", None, {"field": "custom.stage", "op": "eq", "value": "refused"}),
    ("Newsletter", None, {"field": "custom.newsletter", "op": "eq", "value": True}),
]


async def load_demo_data(gateway_url: str, token: str, count: int = 1000) -> int:
    """Create the demo workspace through the gateway; returns how many people were created."""
    rng = random.Random(20261203)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=gateway_url, headers=headers, timeout=60) as client:
        for field in CUSTOM_FIELDS:
            (await client.post("/api/v1/custom-fields", json=field)).raise_for_status()
        companies = await _create_all(client, demo_companies())
        for company in companies[5:10]:  # a small holding: five subsidiaries of the first
            response = await client.patch(
                f"/api/v1/contacts/{company['id']}", json={"company_id": companies[0]["id"]}
            )
            response.raise_for_status()
        people = [_with_details(body, companies, rng) for body in demo_contacts(count)]
        created = await _create_all(client, people)
        await _groups(client)
    return len(created)


def _with_details(
    body: dict[str, Any], companies: list[dict[str, Any]], rng: random.Random
) -> dict[str, Any]:
    stage = rng.choices([v for v, _ in STAGES], weights=[30, 25, 10, 25, 10])[0]
    custom: dict[str, Any] = {
        "stage": stage,
        "visits": rng.randint(0, 12),
        "newsletter": rng.random() < 0.4,
        "interests": rng.sample([v for v, _ in INTERESTS], rng.randint(0, 2)),
    }
    if rng.random() < 0.5:
        custom["budget"] = {"amount": f"{rng.randint(1, 500) * 100}.00", "currency": "PLN"}
    if stage in ("warm", "hot"):
        custom["next_call"] = f"2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    details = {**body, "custom": custom, "region": rng.choice(VOIVODESHIPS)}
    if rng.random() < 0.6:
        details["company_id"] = rng.choice(companies)["id"]
    return details


async def _create_all(client: httpx.AsyncClient, bodies: list[dict[str, Any]]) -> list[Any]:
    semaphore = asyncio.Semaphore(8)

    async def create(body: dict[str, Any]) -> Any:
        async with semaphore:
            response = await client.post("/api/v1/contacts", json=body)
            response.raise_for_status()
            return response.json()

    return await _gather(create, bodies)


async def _gather(work: Callable[[Any], Awaitable[Any]], items: list[Any]) -> list[Any]:
    return list(await asyncio.gather(*(work(item) for item in items)))


async def _groups(client: httpx.AsyncClient) -> None:
    ids: dict[str, str] = {}
    for name, parent, fill in GROUPS:
        response = await client.post(
            "/api/v1/groups",
            json={
                "name": name,
                "parent_id": ids.get(parent) if parent else None,
            },
        )
        response.raise_for_status()
        ids[name] = response.json()["id"]
        if fill is not None:
            added = await client.post(f"/api/v1/groups/{ids[name]}/members", json={"filter": fill})
            added.raise_for_status()
