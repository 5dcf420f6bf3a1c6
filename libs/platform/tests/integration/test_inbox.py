"""The inbox applies each event once, across redeliveries, crashes and poison messages."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest
from kartoteka_devstack.infra import InfraUrls
from kartoteka_platform.db import Connection, Database
from kartoteka_platform.messaging.envelope import HEADER_MSG_ID, StreamSpec
from kartoteka_platform.messaging.inbox import InboxConsumer, IncomingEvent, PoisonMessage
from kartoteka_platform.messaging.nats_client import ensure_stream
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError


@pytest.fixture
async def effects(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute("CREATE TABLE effect (event_id text NOT NULL, payload bytea)")


async def record_effect(conn: Connection, event: IncomingEvent) -> None:
    if event.payload == b"poison":
        raise PoisonMessage("cannot parse")
    await conn.execute("INSERT INTO effect VALUES (%s, %s)", [event.event_id, event.payload])


async def _effects(db: Database) -> list[str]:
    async with db.connection() as conn:
        rows = await (
            await conn.execute("SELECT event_id FROM effect ORDER BY event_id")
        ).fetchall()
    return [row["event_id"] for row in rows]


async def _publish(js: JetStreamContext, stream: StreamSpec, payloads: list[bytes]) -> list[str]:
    await ensure_stream(js, stream)
    subject = stream.subjects[0].replace(">", "thing.happened")
    ids = []
    for payload in payloads:
        event_id = str(uuid.uuid4())
        await js.publish(subject, payload, headers={HEADER_MSG_ID: event_id})
        ids.append(event_id)
    return ids


def _consumer(db: Database, urls: InfraUrls, stream: StreamSpec, **options: float) -> InboxConsumer:
    return InboxConsumer(
        db,
        urls.nats_url,
        name="test-consumer",
        stream=stream,
        filter_subject=stream.subjects[0],
        handler=record_effect,
        **options,
    )  # type: ignore[arg-type]


async def _until(condition: object, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not await condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def test_each_event_is_applied_once(
    db: Database, effects: None, stream: StreamSpec, js: JetStreamContext, infra_urls: InfraUrls
) -> None:
    ids = await _publish(js, stream, [f"p{i}".encode() for i in range(40)])
    stop = asyncio.Event()
    task = asyncio.create_task(_consumer(db, infra_urls, stream).run(stop))

    async def all_applied() -> bool:
        return len(await _effects(db)) >= 40

    await _until(all_applied)
    stop.set()
    await task
    assert await _effects(db) == sorted(ids)


async def test_crash_between_commit_and_ack_does_not_apply_twice(
    db: Database,
    effects: None,
    stream: StreamSpec,
    js: JetStreamContext,
    infra_urls: InfraUrls,
    lost_acks: set[str],
) -> None:
    ids = await _publish(js, stream, [f"p{i}".encode() for i in range(10)])
    stop = asyncio.Event()
    task = asyncio.create_task(_consumer(db, infra_urls, stream, ack_wait_seconds=1.0).run(stop))

    async def redelivered_and_acked() -> bool:
        try:
            info = await js.consumer_info(stream.name, "test-consumer")
        except NotFoundError:
            return False  # the consumer has not subscribed yet
        return lost_acks == set(ids) and info.num_ack_pending == 0 and info.num_pending == 0

    await _until(redelivered_and_acked, timeout=30)
    stop.set()
    await task
    assert await _effects(db) == sorted(ids), "every event applied exactly once"


async def test_poison_message_is_dead_lettered_and_the_rest_flow(
    db: Database, effects: None, stream: StreamSpec, js: JetStreamContext, infra_urls: InfraUrls
) -> None:
    ids = await _publish(js, stream, [b"good-1", b"poison", b"good-2"])
    stop = asyncio.Event()
    task = asyncio.create_task(_consumer(db, infra_urls, stream).run(stop))

    async def good_ones_applied() -> bool:
        return len(await _effects(db)) == 2

    await _until(good_ones_applied)
    stop.set()
    await task
    assert await _effects(db) == sorted([ids[0], ids[2]])
    async with db.connection() as conn:
        dead = await (await conn.execute("SELECT event_id, reason FROM dead_letters")).fetchall()
    assert [(row["event_id"], row["reason"]) for row in dead] == [(ids[1], "cannot parse")]
