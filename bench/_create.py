"""Creating contacts: POST /api/v1/contacts, the gRPC call behind it, and a raw INSERT."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Any

import psycopg
from _catalog import MANAGERS
from _measure import ACTOR, Clients, Stats
from _names import PL_FEMALE, PL_SURNAMES, VOIVODESHIPS
from kartoteka.contacts.v1 import contacts_service_pb2 as pb
from kartoteka.contacts.v1.contacts_service_pb2_grpc import ContactsServiceStub
from kartoteka_gateway.api.contact_models import ContactIn, create_request
from psycopg.types.json import Jsonb

# One INSERT of a card with the columns the service writes, committed on its own: the least a
# database does for one new card (no duplicate check, identities, history or outbox).
_INSERT = """
INSERT INTO contact (id, kind, first_name, last_name, display_name, gender, country_code,
    emails, phones, region, manager_id, custom, search_text, created_by, updated_by)
VALUES (uuidv7(), 'person', %(first)s, %(last)s, %(first)s || ' ' || %(last)s, 'female', 'PL',
    %(emails)s, %(phones)s, %(region)s, %(manager)s, %(custom)s,
    fold_text(%(first)s || ' ' || %(last)s || ' ' || %(email)s || ' ' || %(digits)s),
    'bench-raw', 'bench-raw')
"""
# Polish mobile number blocks of each path; a run takes 1,000 numbers of each, chosen by
# the clock, so a rerun on kept data never meets its earlier cards (409 duplicate_contact).
_GATEWAY_NUMBERS = 600_000_000
_SERVICE_NUMBERS = 660_000_000
_RAW_NUMBERS = 790_000_000


@dataclass(frozen=True)
class CreateResult:
    gateway: Stats
    service: Stats
    raw_insert: Stats
    runs: int


def measure_create(clients: Clients, *, runs: int, warmup: int) -> CreateResult:
    """`runs` rounds of one card created through each path, one at a time."""
    block = int(time.time()) % 9000 * 1000
    rng = random.Random(block)
    gateway: list[float] = []
    service: list[float] = []
    raw: list[float] = []
    for i in range(warmup + runs):
        tag = f"{block}.{i}"
        gateway.append(_post(clients, _card(rng, _GATEWAY_NUMBERS + block + i, f"gw.{tag}")))
        card = ContactIn(**_card(rng, _SERVICE_NUMBERS + block + i, f"rpc.{tag}"))
        service.append(_call(clients.contacts, create_request(card, allow_duplicates=False)))
        raw.append(_insert(clients.conn, _row(rng, _RAW_NUMBERS + block + i, f"raw.{tag}")))
    return CreateResult(
        Stats.of(gateway[warmup:]), Stats.of(service[warmup:]), Stats.of(raw[warmup:]), runs
    )


def _card(rng: random.Random, number: int, tag: str) -> dict[str, Any]:
    return {
        "first_name": rng.choice(PL_FEMALE),
        "last_name": rng.choice(PL_SURNAMES)[1],
        "gender": "female",
        "emails": [{"address": f"bench.{tag}@example.com", "label": "work"}],
        "phones": [{"number": f"+48 {number}", "label": "mobile"}],
        "region": rng.choice(VOIVODESHIPS)[0],
        "manager_id": rng.choice(MANAGERS),
        "custom": {"status": "lead", "score": rng.randint(0, 100), "newsletter": True},
    }


def _row(rng: random.Random, number: int, tag: str) -> dict[str, Any]:
    email = f"bench.{tag}@example.com"
    return {
        "first": rng.choice(PL_FEMALE),
        "last": rng.choice(PL_SURNAMES)[1],
        "email": email,
        "digits": f"48{number}",
        "emails": Jsonb([{"address": email, "label": "work", "primary": True}]),
        "phones": Jsonb([{"number": f"+48{number}", "label": "mobile", "primary": True}]),
        "region": rng.choice(VOIVODESHIPS)[0],
        "manager": rng.choice(MANAGERS),
        "custom": Jsonb({"status": "lead", "score": rng.randint(0, 100), "newsletter": True}),
    }


def _post(clients: Clients, card: dict[str, Any]) -> float:
    started = time.perf_counter()
    response = clients.api.post("/api/v1/contacts", json=card)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 201:
        raise RuntimeError(f"create failed: {response.status_code} {response.text}")
    return elapsed


def _call(contacts: ContactsServiceStub, request: pb.CreateContactRequest) -> float:
    started = time.perf_counter()
    contacts.CreateContact(request, metadata=ACTOR, timeout=60)
    return (time.perf_counter() - started) * 1000


def _insert(conn: psycopg.Connection[Any], row: dict[str, Any]) -> float:
    started = time.perf_counter()
    with conn.transaction():
        conn.execute(_INSERT, row)
    return (time.perf_counter() - started) * 1000
