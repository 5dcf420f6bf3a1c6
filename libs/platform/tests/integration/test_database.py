"""The pool's kinds of connection: one transaction, or a transaction per statement."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from kartoteka_platform.db import Database


@pytest.fixture
async def single(db: Database) -> AsyncIterator[Database]:
    """A pool of one connection: every block below gets the same one back."""
    database = Database(db.url, db.schema, min_size=1, max_size=1)
    await database.open()
    yield database
    await database.close()


async def _tables(db: Database) -> set[str]:
    async with db.connection() as conn:
        rows = await (
            await conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'plumbing'")
        ).fetchall()
    return {row["tablename"] for row in rows}


async def _create_then_fail(db: Database, table: str) -> None:
    async with db.transaction() as conn:
        await conn.execute(f"CREATE TABLE {table} (n int)")
        raise RuntimeError("stop")


async def test_autocommit_statements_commit_alone_and_the_connection_goes_back_as_it_was(
    db: Database, single: Database
) -> None:
    async with single.autocommit_connection() as conn:
        await conn.execute("CREATE TABLE kept (n int)")
        assert "kept" in await _tables(db)  # seen from another connection: committed
        row = await (await conn.execute("SELECT '{\"a\": [1, 2]}'::jsonb AS v")).fetchone()
    assert row == {"v": {"a": [1, 2]}}

    # The same connection, back from the pool, is transactional again: an error undoes it.
    with pytest.raises(RuntimeError):
        await _create_then_fail(single, "undone")
    assert "undone" not in await _tables(db)
    async with single.connection() as conn:
        assert conn.autocommit is False
