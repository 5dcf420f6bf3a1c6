"""The per-process catalog cache: used only while listening, dropped on every notification."""

from __future__ import annotations

import asyncio
import time

from kartoteka_contacts.domain.custom_fields import FieldDefinition, FieldType
from kartoteka_contacts.store import custom_fields as field_store
from kartoteka_contacts.store.catalog import Catalog
from kartoteka_platform.db import Database


async def _define(db: Database, key: str) -> None:
    async with db.transaction() as conn:
        await field_store.insert_definition(conn, FieldDefinition(key, key, FieldType.TEXT))


async def _eventually(catalog: Catalog, db: Database, key: str) -> bool:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        async with db.connection() as conn:
            if key in await catalog.definitions(conn):
                return True
        await asyncio.sleep(0.02)
    return False


async def test_cache_follows_changes_made_by_any_process(contacts_db: Database) -> None:
    catalog = Catalog()
    await _define(contacts_db, "first")
    stop = asyncio.Event()
    listener = asyncio.create_task(catalog.listen(contacts_db, stop))
    try:
        assert await _eventually(catalog, contacts_db, "first")
        # Another process (here: another connection, no local invalidation) adds a field.
        other = Database(contacts_db.url, "contacts", max_size=1)
        await other.open()
        try:
            await _define(other, "second")
        finally:
            await other.close()
        assert await _eventually(catalog, contacts_db, "second")
    finally:
        stop.set()
        await listener


async def test_without_a_listener_nothing_is_cached(contacts_db: Database) -> None:
    catalog = Catalog()
    async with contacts_db.connection() as conn:
        assert await catalog.definitions(conn) == {}
    await _define(contacts_db, "fresh")
    async with contacts_db.connection() as conn:
        assert set(await catalog.definitions(conn)) == {"fresh"}
