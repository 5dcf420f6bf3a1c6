"""Event → membership at a sustained rate: contact events written into the contacts service's
outbox, through its relay, NATS and segmentation's consumer, to a committed membership.

Each event is a `contact.updated` (changed_fields ["phones"]) about a different person, written
on its own transaction with the platform's `write_event`, as the contacts service writes it
when a card changes. An event rule adds the contact to a new group, so each event makes
exactly one membership appear. A poller asks PostgreSQL every few milliseconds which of the
pending contacts the group now holds (primary-key lookups, the group filter's own test), and
one event a second is also looked for through POST /api/v1/contacts/search with the group
filter, as a person would see it.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import nats
import psycopg
from _cpu import cpu_seconds, per_event
from _measure import _rank
from google.protobuf.timestamp_pb2 import Timestamp
from kartoteka.contacts.v1 import events_pb2
from kartoteka_platform.db import Database
from kartoteka_platform.messaging.envelope import StreamSpec
from kartoteka_platform.messaging.outbox import write_event
from psycopg import sql

UPDATED = "kartoteka.contacts.contact.updated"
CONSUMER = "segmentation-contacts"  # kartoteka_segmentation.events.handler.consumer_name
# Up to this many outbox transactions in flight: a commit waits for its WAL flush, and on
# the busy shared machine a write took 12 ms (p50) and 32 ms (p95); 8 writers fell to 470/s.
WRITERS = 16
POLL_SECONDS = 0.005
API_POLL_SECONDS = 0.02
DRAIN_SECONDS = 300.0


@dataclass(frozen=True)
class Target:
    """A contact the load is about: its id and its (unique) phone, for the search check."""

    contact_id: uuid.UUID
    phone: str


@dataclass
class _Run:
    group_id: uuid.UUID
    created: dict[uuid.UUID, float] = field(default_factory=dict)
    written: dict[uuid.UUID, float] = field(default_factory=dict)
    event_ids: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)
    seen: dict[uuid.UUID, float] = field(default_factory=dict)
    pending: set[uuid.UUID] = field(default_factory=set)
    api_seen: dict[uuid.UUID, float] = field(default_factory=dict)
    api_errors: list[str] = field(default_factory=list)
    producing: bool = True


def event_rule(api: httpx.Client, group_id: uuid.UUID, tag: str) -> dict[str, Any]:
    """On a contact.updated that changed the phones of a person, add them to the group."""
    response = api.post(
        "/api/v1/smart-rules",
        json={
            "kind": "event",
            "name": f"Bench phone changed {tag}",
            "group_id": str(group_id),
            "event_type": UPDATED,
            "event_condition": {"field": "changed_fields", "op": "contains", "value": "phones"},
            "contact_filter": {"field": "kind", "op": "eq", "value": "person"},
        },
    )
    if response.status_code != 201:
        raise RuntimeError(f"event rule: {response.status_code} {response.text}")
    rule: dict[str, Any] = response.json()
    return rule


def targets(conn: psycopg.Connection[Any], count: int) -> list[Target]:
    """`count` random live persons, each with its phone."""
    rows = conn.execute(
        "SELECT id, phones -> 0 ->> 'number' FROM contact"
        " WHERE deleted_at IS NULL AND kind = 'person' ORDER BY random() LIMIT %s",
        [count],
    ).fetchall()
    conn.rollback()
    if len(rows) < count:
        raise SystemExit(f"{count:,} events need as many persons; there are {len(rows):,}")
    return [Target(contact_id, phone) for contact_id, phone in rows]


async def drive(
    data_dir: Path,
    database_url: str,
    nats_url: str,
    api: httpx.AsyncClient,
    group_id: uuid.UUID,
    load: Sequence[Target],
    *,
    rate: float,
    warmup: int,
) -> dict[str, Any]:
    """Write `load` at `rate` events a second and time each to its visible membership; the
    first `warmup` events are not counted."""
    run = _Run(group_id)
    db = Database(database_url, "contacts", min_size=WRITERS, max_size=WRITERS)
    await db.open()
    load_before = os.getloadavg()[0]
    cpu_before = cpu_seconds(data_dir)
    try:
        poller = asyncio.create_task(_poll(database_url, run))
        started = time.perf_counter()
        samples = await _produce(db, api, run, load, rate)
        produced = time.perf_counter() - started
        run.producing = False
        backlog = {"not_yet_visible": len(run.pending), **await _queues(database_url, nats_url)}
        load_after = os.getloadavg()[0]
        drained = await _drain(run)
        cpu = per_event(cpu_before, cpu_seconds(data_dir), len(load))
        poller.cancel()
        await asyncio.gather(*samples, return_exceptions=True)
    finally:
        await db.close()
    measured = [target.contact_id for target in load[warmup:]]
    stages = await _stages(database_url, run, measured)
    latencies = [1000 * (run.seen[c] - run.created[c]) for c in measured if c in run.seen]
    api_latencies = [1000 * (run.api_seen[c] - run.created[c]) for c in run.api_seen]
    writes = [1000 * (run.written[c] - run.created[c]) for c in measured]
    return {
        "events": len(load),
        "warmup_events": warmup,
        "measured_events": len(measured),
        "target_rate": rate,
        "achieved_rate": round(len(load) / produced, 1),
        "produce_seconds": round(produced, 2),
        "visible": len(latencies),
        "latency_ms": _percentiles(latencies),
        "outbox_write_ms": _percentiles(writes),
        "p95_ms_by_10s": _windows(run, measured),
        "stages_ms": stages,
        "cpu_ms_per_event": cpu,
        "api_search_latency_ms": _percentiles(api_latencies),
        "api_search_samples": len(api_latencies),
        "api_search_errors": run.api_errors[:5],
        "backlog_at_end": backlog,
        "drain_seconds": drained,
        "load_average_1m": [round(load_before, 2), round(load_after, 2)],
    }


async def _produce(
    db: Database, api: httpx.AsyncClient, run: _Run, load: Sequence[Target], rate: float
) -> list[asyncio.Task[None]]:
    """Open loop: event i is due at i / rate; a late writer does not slow the schedule down."""
    slots = asyncio.Semaphore(WRITERS)
    writes: list[asyncio.Task[None]] = []
    samples: list[asyncio.Task[None]] = []
    started = time.perf_counter()
    for index, target in enumerate(load):
        delay = started + index / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        await slots.acquire()
        writes.append(asyncio.create_task(_write(db, run, target, slots)))
        if index % int(rate) == 0:  # one event a second is also looked for through the API
            samples.append(asyncio.create_task(_search(api, run, target)))
    await asyncio.gather(*writes)
    return samples


async def _write(db: Database, run: _Run, target: Target, slots: asyncio.Semaphore) -> None:
    try:
        payload = events_pb2.ContactUpdated(
            contact_id=str(target.contact_id),
            changed_fields=["phones"],
            version=2,
            updated_at=_now(),
            updated_by="bench-events",
        ).SerializeToString()
        run.created[target.contact_id] = time.perf_counter()
        run.pending.add(target.contact_id)
        async with db.transaction() as conn:
            event_id = await write_event(conn, subject=UPDATED, payload=payload, source="contacts")
        run.event_ids[target.contact_id] = event_id
        run.written[target.contact_id] = time.perf_counter()
    finally:
        slots.release()


async def _poll(database_url: str, run: _Run) -> None:
    """Which pending contacts the group holds now; seen at the start of the query that saw
    them (its snapshot), so a latency is overstated by at most one poll interval."""
    async with await psycopg.AsyncConnection.connect(
        database_url, autocommit=True, options="-c search_path=contacts"
    ) as conn:
        while True:
            if run.pending:
                asked = time.perf_counter()
                cursor = await conn.execute(
                    "SELECT contact_id FROM group_membership"
                    " WHERE group_id = %s AND contact_id = ANY(%s)",
                    [run.group_id, list(run.pending)],
                )
                for (contact_id,) in await cursor.fetchall():
                    run.seen[contact_id] = asked
                    run.pending.discard(contact_id)
            await asyncio.sleep(POLL_SECONDS)


async def _search(api: httpx.AsyncClient, run: _Run, target: Target) -> None:
    """Until POST /api/v1/contacts/search with the group filter finds the contact."""
    body = {
        "filter": {
            "all": [
                {"group": str(run.group_id), "subgroups": False, "op": "in"},
                {"field": "phone", "op": "eq", "value": target.phone},
            ]
        },
        "page_size": 1,
    }
    deadline = time.perf_counter() + DRAIN_SECONDS
    while time.perf_counter() < deadline:
        asked = time.perf_counter()
        response = await api.post("/api/v1/contacts/search", json=body)
        if response.status_code != 200:
            run.api_errors.append(f"{response.status_code} {response.text[:200]}")
        elif response.json()["items"]:
            run.api_seen[target.contact_id] = asked
            return
        await asyncio.sleep(API_POLL_SECONDS)


# Where an event's time goes, from the timestamps the platform itself writes (each `now()`
# is its transaction's start): the outbox row's creation and the relay's batch that published
# it, segmentation's inbox transaction that consumed it, and the contacts transaction that
# added the membership.
_STAGES = """
SELECT extract(epoch FROM o.published_at - o.created_at) * 1000 AS relay,
    extract(epoch FROM i.processed_at - o.published_at) * 1000 AS nats_and_consumer_queue,
    extract(epoch FROM m.added_at - i.processed_at) * 1000 AS segmentation_to_contacts,
    extract(epoch FROM m.added_at - o.created_at) * 1000 AS created_to_membership_tx_start
FROM unnest(%s::uuid[], %s::uuid[]) AS e(event_id, contact_id)
JOIN contacts.outbox o ON o.event_id = e.event_id
JOIN segmentation.inbox i ON i.consumer = %s AND i.event_id = e.event_id::text
JOIN contacts.group_membership m ON m.group_id = %s AND m.contact_id = e.contact_id
"""


async def _stages(
    database_url: str, run: _Run, measured: Sequence[uuid.UUID]
) -> dict[str, dict[str, float] | None]:
    """Percentiles of each stage over the measured events."""
    events = [c for c in measured if c in run.event_ids]
    async with await psycopg.AsyncConnection.connect(database_url, autocommit=True) as conn:
        cursor = await conn.execute(
            _STAGES, [[run.event_ids[c] for c in events], events, CONSUMER, run.group_id]
        )
        rows = await cursor.fetchall()
    names = [column.name for column in cursor.description or []]
    return {name: _percentiles([float(row[i]) for row in rows]) for i, name in enumerate(names)}


async def _drain(run: _Run) -> float | None:
    """Seconds until every event written is visible, or None after DRAIN_SECONDS."""
    started = time.perf_counter()
    while run.pending:
        if time.perf_counter() - started > DRAIN_SECONDS:
            return None
        await asyncio.sleep(0.05)
    return round(time.perf_counter() - started, 2)


async def _queues(database_url: str, nats_url: str) -> dict[str, int]:
    """What waits where: unpublished outbox rows, and segmentation's consumer on NATS."""
    async with await psycopg.AsyncConnection.connect(
        database_url, autocommit=True, options="-c search_path=contacts"
    ) as conn:
        cursor = await conn.execute("SELECT count(*) FROM outbox WHERE published_at IS NULL")
        row = await cursor.fetchone()
    client = await nats.connect(nats_url)
    try:
        info = await client.jetstream().consumer_info(
            StreamSpec.for_service("contacts").name, CONSUMER
        )
    finally:
        await client.close()
    return {
        "outbox_unpublished": int(row[0]) if row else 0,
        "consumer_pending": int(info.num_pending or 0),
        "consumer_ack_pending": int(info.num_ack_pending or 0),
    }


async def consumer_idle(database_url: str, nats_url: str, limit: float) -> float:
    """Seconds until the contacts outbox and segmentation's consumer have nothing waiting."""
    started = time.perf_counter()
    while True:
        queues = await _queues(database_url, nats_url)
        if not any(queues.values()):
            return round(time.perf_counter() - started, 2)
        if time.perf_counter() - started > limit:
            raise TimeoutError(f"segmentation still busy after {limit:.0f} s: {queues}")
        await asyncio.sleep(0.5)


async def autovacuum_idle(database_url: str, limit: float) -> float:
    """Seconds until no autovacuum worker has run for 3 s (or `limit` passed).

    A 300,000-member build leaves ANALYZE and VACUUM work on the membership, history and
    event tables; in a first run, batches of 200 events then took 1.2-2 s each for 20 s.
    """
    started = time.perf_counter()
    quiet_since = started
    async with await psycopg.AsyncConnection.connect(database_url, autocommit=True) as conn:
        while time.perf_counter() - started < limit:
            cursor = await conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'"
            )
            row = await cursor.fetchone()
            if row and row[0]:
                quiet_since = time.perf_counter()
            elif time.perf_counter() - quiet_since >= 3:
                break
            await asyncio.sleep(0.5)
    return round(time.perf_counter() - started, 1)


def raw_single_inserts(conn: psycopg.Connection[Any], table: str, runs: int) -> dict[str, Any]:
    """One membership row INSERT + commit at a time into `table`, `runs` times (autocommit)."""
    group_id = uuid.uuid4()
    ids = [row[0] for row in conn.execute("SELECT id FROM contact LIMIT %s", [runs]).fetchall()]
    insert = sql.SQL(
        "INSERT INTO {} (group_id, contact_id, source, rule_id, added_by)"
        " VALUES (%s, %s, 'rule', 'bench', 'bench')"
    ).format(sql.Identifier(table))
    samples = []
    for contact_id in ids:
        started = time.perf_counter()
        conn.execute(insert, [group_id, contact_id])
        samples.append(1000 * (time.perf_counter() - started))
    return {"runs": len(samples), "ms": _percentiles(samples)}


def _windows(run: _Run, measured: Sequence[uuid.UUID]) -> list[float]:
    """p95 latency of the events created in each 10-second window: a stall shows as a peak."""
    if not measured:
        return []
    start = run.created[measured[0]]
    windows: dict[int, list[float]] = {}
    for contact in measured:
        if contact in run.seen:
            window = int((run.created[contact] - start) // 10)
            windows.setdefault(window, []).append(1000 * (run.seen[contact] - run.created[contact]))
    return [_rank(sorted(windows[w]), 0.95) for w in sorted(windows)]


def _percentiles(samples: Sequence[float]) -> dict[str, float] | None:
    """p50 / p95 / p99 (nearest rank) and the maximum, in milliseconds."""
    if not samples:
        return None
    ordered = sorted(samples)
    return {
        "p50": _rank(ordered, 0.50),
        "p95": _rank(ordered, 0.95),
        "p99": _rank(ordered, 0.99),
        "max": round(ordered[-1], 2),
    }


def _now() -> Timestamp:
    stamp = Timestamp()
    stamp.GetCurrentTime()
    return stamp
