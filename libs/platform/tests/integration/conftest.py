"""A migrated schema with only the platform's tables, and a connected JetStream client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import nats
import pytest
from kartoteka_devstack.infra import InfraUrls
from kartoteka_platform.db import Database
from kartoteka_platform.messaging.envelope import StreamSpec
from kartoteka_platform.migrations import MigrationSet, apply_migrations
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
