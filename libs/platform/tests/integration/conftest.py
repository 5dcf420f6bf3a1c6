"""A migrated schema with only the platform's tables, a connected JetStream client, and acks
that get lost."""

from __future__ import annotations

from collections.abc import AsyncIterator

import nats
import pytest
from kartoteka_devstack.infra import InfraUrls
from kartoteka_platform.db import Database
from kartoteka_platform.messaging.envelope import HEADER_MSG_ID, StreamSpec
from kartoteka_platform.migrations import MigrationSet, apply_migrations
from nats.aio.msg import Msg
from nats.js import JetStreamContext

SCHEMA = "plumbing"


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    apply_migrations(database_url, MigrationSet(schema=SCHEMA, package=None))
    database = Database(database_url, SCHEMA, max_size=4)
    await database.open()
    yield database
    await database.close()


@pytest.fixture
def stream(test_subject_prefix: str) -> StreamSpec:
    return StreamSpec.for_service("plumbing", prefix=test_subject_prefix)


@pytest.fixture
async def js(infra_urls: InfraUrls) -> AsyncIterator[JetStreamContext]:
    client = await nats.connect(infra_urls.nats_url)
    yield client.jetstream()
    await client.close()


@pytest.fixture
def lost_acks(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The first ack of every message goes nowhere, as if the process died after its commit
    and before the ack; the ids whose ack was lost gather in the returned set."""
    real_ack = Msg.ack_sync
    lost: set[str] = set()

    async def ack_lost_the_first_time(message: Msg, timeout: float = 1.0) -> Msg:
        event_id = (message.headers or {})[HEADER_MSG_ID]
        if event_id not in lost:
            lost.add(event_id)
            return message
        return await real_ack(message, timeout=timeout)

    monkeypatch.setattr(Msg, "ack_sync", ack_lost_the_first_time)
    return lost
