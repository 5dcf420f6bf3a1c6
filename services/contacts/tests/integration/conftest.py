"""The contacts schema on a fresh database, and a transaction per use-case call."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from kartoteka_contacts import MIGRATIONS
from kartoteka_platform.db import Database
from kartoteka_platform.migrations import apply_migrations


@pytest.fixture
async def contacts_db(database_url: str) -> AsyncIterator[Database]:
    apply_migrations(database_url, MIGRATIONS)
    db = Database(database_url, "contacts", max_size=4)
    await db.open()
    yield db
    await db.close()
