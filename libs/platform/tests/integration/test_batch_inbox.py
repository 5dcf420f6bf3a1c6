"""The batch inbox: one transaction and one handler call per batch, still exactly once."""

from __future__ import annotations

import asyncio
import time
import uuid

from kartoteka_devstack.infra import InfraUrls
from kartoteka_platform.db import Connection, Database
from kartoteka_platform.messaging.envelope import HEADER_MSG_ID, StreamSpec
from kartoteka_platform.messaging.inbox import BatchInboxConsumer, IncomingEvent, PoisonMessage
from kartoteka_platform.messaging.nats_client import ensure_stream
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError

batches: list[int] = []


async def record_batch(conn: Connection, events: list[IncomingEvent]) -> None:
    batches.append(len(events))
    for event in events:
        if event.payload == b"poison":
            raise PoisonMessage("cannot parse")
        await conn.execute("INSERT INTO effect VALUES (%s, %s)", [event.event_id, event.payload])


async def _setup(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute("CREATE TABLE effect (event_id text NOT NULL, payload bytea)")


async def _effects(db: Database) -> list[str]:
    async with db.connection() as conn:
        rows = await (await conn.execute("SELECT event_id FROM effect")).fetchall()
    return [row["event_id"] for row in rows]


async def _publish(
    js: JetStreamContext, stream: StreamSpec, payloads: list[bytes], ids: list[str] | None = None
) -> list[str]:
    await ensure_stream(js, stream)
    subject = stream.subjects[0].replace(">", "thing.happened")
    ids = ids or [str(uuid.uuid4()) for _ in payloads]
    for event_id, payload in zip(ids, payloads, strict=True):
        await js.publish(subject, payload, headers={HEADER_MSG_ID: event_id})
    return ids


def _consumer(
    urls: InfraUrls, db: Database, stream: StreamSpec, ack_wait_seconds: float = 30.0
) -> BatchInboxConsumer:
    return BatchInboxConsumer(
        db,
        urls.nats_url,
        name="batch-consumer",
        stream=stream,
        filter_subject=stream.subjects[0],
        batch_handler=record_batch,
        batch_size=50,
        ack_wait_seconds=ack_wait_seconds,
    )


async def _run_until(db: Database, urls: InfraUrls, stream: StreamSpec, count: int) -> None:
    consumer = _consumer(urls, db, stream)
    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run(stop))
    deadline = time.monotonic() + 20
    while len(await _effects(db)) < count:
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)  # anything applied twice would show by now
    stop.set()
    await task


async def test_a_backlog_is_applied_in_batches_once_each_and_in_order(
    db: Database, stream: StreamSpec, js: JetStreamContext, infra_urls: InfraUrls
) -> None:
    await _setup(db)
    batches.clear()
    ids = await _publish(js, stream, [f"p{i}".encode() for i in range(120)])
    # A consumer that already handled the first ten (its inbox rows exist) skips them.
    async with db.transaction() as conn:
        for event_id in ids[:10]:
            await conn.execute(
                "INSERT INTO inbox (consumer, event_id) VALUES ('batch-consumer', %s)", [event_id]
            )
    await _run_until(db, infra_urls, stream, 110)
    assert await _effects(db) == ids[10:], "each fresh event once, in stream order"
    assert max(batches) > 1, "a backlog goes through in batches"


async def test_a_poison_message_fails_its_batch_which_then_goes_one_by_one(
    db: Database, stream: StreamSpec, js: JetStreamContext, infra_urls: InfraUrls
) -> None:
    await _setup(db)
    ids = await _publish(js, stream, [b"good-1", b"poison", b"good-2"])
    await _run_until(db, infra_urls, stream, 2)
    assert sorted(await _effects(db)) == sorted([ids[0], ids[2]])
    async with db.connection() as conn:
        dead = await (await conn.execute("SELECT event_id, reason FROM dead_letters")).fetchall()
    assert [(row["event_id"], row["reason"]) for row in dead] == [(ids[1], "cannot parse")]


async def test_a_batch_whose_acks_were_lost_is_redelivered_and_not_applied_again(
    db: Database,
    stream: StreamSpec,
    js: JetStreamContext,
    infra_urls: InfraUrls,
    lost_acks: set[str],
) -> None:
    await _setup(db)
    ids = await _publish(js, stream, [f"p{i}".encode() for i in range(30)])
    stop = asyncio.Event()
    task = asyncio.create_task(_consumer(infra_urls, db, stream, ack_wait_seconds=1.0).run(stop))
    deadline = time.monotonic() + 30
    while True:
        try:
            info = await js.consumer_info(stream.name, "batch-consumer")
        except NotFoundError:
            info = None  # the consumer has not subscribed yet
        settled = info is not None and info.num_ack_pending == 0 and info.num_pending == 0
        if lost_acks == set(ids) and settled:
            break
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)
    stop.set()
    await task
    assert await _effects(db) == ids, "every event applied exactly once, in stream order"
