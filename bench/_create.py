"""Creating contacts: POST /api/v1/contacts against a raw single-row INSERT baseline."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Any

import httpx
import psycopg
from _catalog import MANAGERS
from _measure import Stats
from _names import PL_FEMALE, PL_SURNAMES, VOIVODESHIPS
from psycopg.types.json import Jsonb

# One INSERT of a card with the columns the service writes, committed on its own: what a
# database does at the least for one new card (no identities, history or outbox).
_INSERT = """
INSERT INTO contact (id, kind, first_name, last_name, display_name, gender, country_code,
    emails, phones, region, manager_id, custom, search_text, created_by, updated_by)
VALUES (uuidv7(), 'person', %(first)s, %(last)s, %(first)s || ' ' || %(last)s, 'female', 'PL',
    %(emails)s, %(phones)s, %(region)s, %(manager)s, %(custom)s,
    fold_text(%(first)s || ' ' || %(last)s || ' ' || %(email)s || ' ' || %(digits)s),
    'bench-raw', 'bench-raw')
"""


@dataclass(frozen=True)
class CreateResult:
    gateway: Stats
    raw_insert: Stats
    runs: int


def measure_create(
    api: httpx.Client, conn: psycopg.Connection[Any], *, runs: int, warmup: int
) -> CreateResult:
    """`runs` cards created one at a time through the gateway, then as many raw INSERTs."""
    # A number block of its own per run (by the clock), so a rerun on kept data never meets
    # its earlier cards' phones (409 duplicate_contact).
    block = int(time.time()) % 9000 * 1000
    rng = random.Random(block)
    cards = [_card(rng, 600_000_000 + block + i, f"{block}.{i}") for i in range(warmup + runs)]
    gateway = [_post(api, card) for card in cards]
    rows = [_row(rng, 790_000_000 + block + i, f"{block}.{i}") for i in range(warmup + runs)]
    raw = [_insert(conn, row) for row in rows]
    return CreateResult(Stats.of(gateway[warmup:]), Stats.of(raw[warmup:]), runs)


def _card(rng: random.Random, number: int, tag: str) -> dict[str, Any]:
    first, last = rng.choice(PL_FEMALE), rng.choice(PL_SURNAMES)[1]
    return {
        "first_name": first,
        "last_name": last,
        "gender": "female",
        "emails": [{"address": f"bench.create.{tag}@example.com", "label": "work"}],
        "phones": [{"number": f"+48 {number}", "label": "mobile"}],
        "region": rng.choice(VOIVODESHIPS)[0],
        "manager_id": rng.choice(MANAGERS),
        "custom": {"status": "lead", "score": rng.randint(0, 100), "newsletter": True},
    }


def _row(rng: random.Random, number: int, tag: str) -> dict[str, Any]:
    first, last = rng.choice(PL_FEMALE), rng.choice(PL_SURNAMES)[1]
    email = f"bench.raw.{tag}@example.com"
    return {
        "first": first,
        "last": last,
        "email": email,
        "digits": f"48{number}",
        "emails": Jsonb([{"address": email, "label": "work", "primary": True}]),
        "phones": Jsonb([{"number": f"+48{number}", "label": "mobile", "primary": True}]),
        "region": rng.choice(VOIVODESHIPS)[0],
        "manager": rng.choice(MANAGERS),
        "custom": Jsonb({"status": "lead", "score": rng.randint(0, 100), "newsletter": True}),
    }


def _post(api: httpx.Client, card: dict[str, Any]) -> float:
    started = time.perf_counter()
    response = api.post("/api/v1/contacts", json=card)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 201:
        raise RuntimeError(f"create failed: {response.status_code} {response.text}")
    return elapsed


def _insert(conn: psycopg.Connection[Any], row: dict[str, Any]) -> float:
    started = time.perf_counter()
    with conn.transaction():
        conn.execute(_INSERT, row)
    return (time.perf_counter() - started) * 1000
