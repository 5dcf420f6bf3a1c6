"""Building the index a filterable custom field needs, outside any transaction."""

from __future__ import annotations

import asyncio
import logging

from kartoteka_platform.db import Connection, Database
from psycopg import sql

from kartoteka_contacts import SERVICE
from kartoteka_contacts.store import custom_fields as field_store
from kartoteka_contacts.store.custom_field_sql import (
    custom_field_index_name,
    custom_field_index_sql,
    custom_field_statistics_sql,
)
from kartoteka_contacts.tasks.app import app, infra

log = logging.getLogger(__name__)
# The advisory lock that serialises index builds ("kcfi" in ASCII), and how often a build
# waiting for it tries again.
_BUILD_LOCK = 0x6B636669
_LOCK_RETRY_SECONDS = 0.5


@app.task(name="contacts.build_custom_field_index")  # type: ignore[untyped-decorator]
def build_custom_field_index(key: str) -> str:
    """Create the field's expression index concurrently (no table lock); returns its state."""
    return asyncio.run(build_index(Database(infra.database_url, SERVICE, max_size=1), key))


@app.task(name="contacts.reconcile_custom_field_indexes")  # type: ignore[untyped-decorator]
def reconcile_custom_field_indexes() -> list[str]:
    """Queue a build for every filterable field whose index is not ready (a lost task)."""
    return asyncio.run(_reconcile(Database(infra.database_url, SERVICE, max_size=1)))


async def build_index(db: Database, key: str) -> str:
    await db.open()
    try:
        async with db.transaction() as conn:
            definition = await field_store.get_definition(conn, key)
        if definition is None or not definition.filterable:
            return "none"
        statement = custom_field_index_sql(definition)
        try:
            if statement is not None:
                async with db.dedicated_connection() as conn:
                    await _one_build_at_a_time(conn)
                    await _drop_if_invalid(conn, custom_field_index_name(key))
                    await conn.execute(statement)
                    statistics = custom_field_statistics_sql(definition)
                    if statistics is not None:
                        await conn.execute(statistics)
                        await conn.execute("ANALYZE contact")
        except Exception as exc:
            log.exception("index of custom field %s failed", key)
            async with db.transaction() as conn:
                await field_store.set_index_state(conn, key, "failed", str(exc)[:2000])
            return "failed"
        async with db.transaction() as conn:
            await field_store.set_index_state(conn, key, "ready")
        return "ready"
    finally:
        await db.close()


async def _one_build_at_a_time(conn: Connection) -> None:
    """Take the build lock, held by the session until the connection closes.

    Two builds on the contact table at once (two fields defined together, two workers)
    deadlock: CREATE INDEX CONCURRENTLY waits for every transaction open when it started, the
    other build's included. A blocking `pg_advisory_lock` would be such a transaction itself,
    so the lock is tried, and between tries this session holds no transaction.
    """
    while True:
        cursor = await conn.execute("SELECT pg_try_advisory_lock(%s) AS taken", [_BUILD_LOCK])
        row = await cursor.fetchone()
        if row and row["taken"]:
            return
        await asyncio.sleep(_LOCK_RETRY_SECONDS)


async def _drop_if_invalid(conn: Connection, name: str) -> None:
    """An interrupted concurrent build leaves an INVALID index that IF NOT EXISTS would keep."""
    cursor = await conn.execute(
        "SELECT NOT i.indisvalid AS invalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE c.relname = %s AND n.nspname = current_schema()",
        [name],
    )
    row = await cursor.fetchone()
    if row and row["invalid"]:
        await conn.execute(
            sql.SQL("DROP INDEX CONCURRENTLY IF EXISTS {}").format(sql.Identifier(name))
        )


async def _reconcile(db: Database) -> list[str]:
    await db.open()
    try:
        async with db.connection() as conn:
            states = await field_store.index_states(conn)
            definitions = await field_store.definitions(conn)
    finally:
        await db.close()
    pending = [
        key
        for key, (state, _) in states.items()
        if definitions[key].filterable and state != "ready"
    ]
    for key in pending:
        build_custom_field_index.delay(key)
    return pending
