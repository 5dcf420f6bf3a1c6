"""The relay publishes every committed outbox row once, in order, through broker outages."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

from kartoteka_devstack.infra import EmbeddedInfra, InfraUrls
from kartoteka_platform.db import Database
from kartoteka_platform.messaging.envelope import HEADER_MSG_ID, HEADER_TYPE, StreamSpec
from kartoteka_platform.messaging.nats_client import ensure_stream
from kartoteka_platform.messaging.outbox import write_event, write_events
from kartoteka_platform.messaging.relay import OutboxRelay
from nats.js import JetStreamContext


async def _write(db: Database, stream: StreamSpec, count: int, *, commit: bool = True) -> list[str]:
    subject = stream.subjects[0].replace(">", "thing.happened")
    ids = []
    async with db.connection() as conn, conn.transaction(force_rollback=not commit):
        for index in range(count):
            event_id = await write_event(
                conn, subject=subject, payload=str(index).encode(), source="test"
            )
            ids.append(str(event_id))
    return ids


async def _published(
    js: JetStreamContext, stream: StreamSpec, expected: int
) -> list[tuple[str, bytes]]:
    await ensure_stream(js, stream)  # the relay may not have created it yet
    subscription = await js.pull_subscribe(stream.subjects[0], stream=stream.name)
    received: list[tuple[str, bytes]] = []
    deadline = time.monotonic() + 30
    while len(received) < expected and time.monotonic() < deadline:
        try:
            messages = await subscription.fetch(expected - len(received), timeout=1)
        except TimeoutError:
            continue
        for message in messages:
            received.append((str((message.headers or {})[HEADER_MSG_ID]), message.data))
            await message.ack()
    return received


async def _pending(db: Database) -> int:
    async with db.connection() as conn:
        row = await (
            await conn.execute("SELECT count(*) AS n FROM outbox WHERE published_at IS NULL")
        ).fetchone()
    return int(row["n"]) if row else -1


async def _until_published(db: Database, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while await _pending(db) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)


async def test_relay_publishes_committed_rows_in_order_with_their_ids(
    db: Database, stream: StreamSpec, js: JetStreamContext, infra_urls: InfraUrls
) -> None:
    rolled_back = await _write(db, stream, 5, commit=False)
    ids = await _write(db, stream, 50)
    stop = asyncio.Event()
    relay = asyncio.create_task(OutboxRelay(db, infra_urls.nats_url, stream).run(stop))
    try:
        received = await _published(js, stream, 50)
    finally:
        stop.set()
        await relay
    assert [event_id for event_id, _ in received] == ids
    assert [payload for _, payload in received] == [str(i).encode() for i in range(50)]
    assert not set(rolled_back) & {event_id for event_id, _ in received}
    assert await _pending(db) == 0


async def test_broker_outage_delays_events_and_loses_none(
    db: Database,
    stream: StreamSpec,
    js: JetStreamContext,
    infra_urls: InfraUrls,
    controllable_infra: EmbeddedInfra,
) -> None:
    stop = asyncio.Event()
    relay = asyncio.create_task(
        OutboxRelay(db, infra_urls.nats_url, stream, max_backoff=0.5).run(stop)
    )
    try:
        first = await _write(db, stream, 10)
        await _until_published(db)  # a loaded machine may take longer than any fixed sleep
        controllable_infra.stop_nats()
        try:
            during = await _write(db, stream, 20)
            await asyncio.sleep(1.5)
            assert await _pending(db) == 20, "nothing can be published while the broker is down"
        finally:
            # Always back up: every later test of the session needs the broker.
            controllable_infra.start_nats()
        await _until_published(db)
    finally:
        stop.set()
        await relay
    received = await _published(js, stream, 30)
    assert [event_id for event_id, _ in received] == first + during


async def test_republishing_a_row_is_deduplicated_by_jetstream(
    db: Database, stream: StreamSpec, js: JetStreamContext, infra_urls: InfraUrls
) -> None:
    await ensure_stream(js, stream)
    ids = await _write(db, stream, 3)
    # A crash after the ack but before the mark: the same row goes out twice.
    relay = OutboxRelay(db, infra_urls.nats_url, stream)
    await relay.publish_batch(js)
    async with db.transaction() as conn:
        await conn.execute("UPDATE outbox SET published_at = NULL")
    await relay.publish_batch(js)
    info = await js.stream_info(stream.name)
    assert info.state.messages == 3
    received = await _published(js, stream, 3)
    assert [event_id for event_id, _ in received] == ids


async def test_event_headers_carry_type_and_unique_ids(
    db: Database, stream: StreamSpec, js: JetStreamContext
) -> None:
    await ensure_stream(js, stream)
    await _write(db, stream, 2)
    async with db.connection() as conn:
        rows = await (await conn.execute("SELECT event_id, headers FROM outbox")).fetchall()
    assert len({row["event_id"] for row in rows}) == 2
    for row in rows:
        assert row["headers"][HEADER_TYPE].startswith(stream.subjects[0][:-1])
        assert isinstance(row["event_id"], uuid.UUID)


async def test_a_batch_of_events_is_published_in_order_after_single_ones(
    db: Database, stream: StreamSpec, js: JetStreamContext, infra_urls: InfraUrls
) -> None:
    first = await _write(db, stream, 2)
    subject = stream.subjects[0].replace(">", "thing.happened")
    async with db.transaction() as conn:
        batch = await write_events(
            conn, [(subject, f"batch {i}".encode()) for i in range(300)], source="test"
        )
        # Rolled back with its transaction, like a single event.
        async with conn.transaction(force_rollback=True):
            await write_events(conn, [(subject, b"never")], source="test")
    stop = asyncio.Event()
    relay = asyncio.create_task(OutboxRelay(db, infra_urls.nats_url, stream).run(stop))
    try:
        received = await _published(js, stream, 302)
    finally:
        stop.set()
        await relay
    assert [event_id for event_id, _ in received] == first + [str(i) for i in batch]
    assert [payload for _, payload in received][2:] == [f"batch {i}".encode() for i in range(300)]
    async with db.connection() as conn:
        rows = await (await conn.execute("SELECT headers FROM outbox")).fetchall()
    assert {row["headers"][HEADER_TYPE] for row in rows} == {subject}


class _WriterDuringFirstBatch(OutboxRelay):
    """A relay during whose first batch another writer commits an event (and NOTIFYs)."""

    def __init__(self, db: Database, stream: StreamSpec, *args: Any, **kwargs: Any) -> None:
        super().__init__(db, *args, **kwargs)
        self._writer_db, self._writer_stream = db, stream
        self.late: list[str] = []

    async def _send(self, js: JetStreamContext, row: dict[str, Any]) -> Any:
        if not self.late:
            self.late = await _write(self._writer_db, self._writer_stream, 1)
            await asyncio.sleep(0.2)  # the NOTIFY arrives while this batch is still out
        return await super()._send(js, row)


async def test_an_event_committed_during_a_batch_does_not_wait_for_the_poll(
    db: Database, stream: StreamSpec, js: JetStreamContext, infra_urls: InfraUrls
) -> None:
    first = await _write(db, stream, 3)
    # A poll far beyond `_published`'s 30 s: only the writer's NOTIFY can wake the relay.
    relay = _WriterDuringFirstBatch(db, stream, infra_urls.nats_url, stream, idle_poll=600)
    stop = asyncio.Event()
    running = asyncio.create_task(relay.run(stop))
    try:
        received = await _published(js, stream, 4)
    finally:
        stop.set()
        await running
    assert [event_id for event_id, _ in received] == first + relay.late
