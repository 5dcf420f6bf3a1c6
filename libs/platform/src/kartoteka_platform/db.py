"""PostgreSQL access: one async pool per process, bound to the service's own schema."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import orjson
from psycopg import AsyncConnection, sql
from psycopg.rows import dict_row
from psycopg.types.json import set_json_loads
from psycopg_pool import AsyncConnectionPool

from kartoteka_platform.runtime import sleep_or_stop
from kartoteka_platform.settings import InfraSettings

log = logging.getLogger(__name__)

Connection = AsyncConnection[dict[str, Any]]

# json and jsonb columns are parsed with orjson, in every connection of the process: a page of
# 50 cards parses 200 jsonb values (emails, phones, addresses, custom), and orjson does it
# several times faster than the standard library with the same results.
set_json_loads(orjson.loads)


class Database:
    """A connection pool whose connections see only one schema by default.

    Each service owns one schema; pinning `search_path` here means no query can reach
    another service's tables by accident (cross-schema SQL needs a qualified name, which
    review and the import-boundary check catch).
    """

    def __init__(self, url: str, schema: str, *, min_size: int = 1, max_size: int = 10) -> None:
        self.schema = schema
        self._url = url
        self._pool: AsyncConnectionPool[Connection] = AsyncConnectionPool(
            url,
            min_size=min_size,
            max_size=max_size,
            open=False,
            kwargs={"row_factory": dict_row, "autocommit": False},
            configure=self._configure,
            name=f"kartoteka-{schema}",
        )

    @property
    def url(self) -> str:
        return self._url

    @classmethod
    def from_settings(cls, infra: InfraSettings, schema: str) -> Database:
        """A pool sized by the infrastructure settings."""
        return cls(
            infra.database_url,
            schema,
            min_size=infra.database_pool_min,
            max_size=infra.database_pool_max,
        )

    async def _configure(self, conn: Connection) -> None:
        await conn.set_autocommit(True)
        await conn.execute(
            sql.SQL("SET search_path TO {}, public").format(sql.Identifier(self.schema))
        )
        await conn.set_autocommit(False)

    async def open(self) -> None:
        """Open the pool and wait until its first connection works."""
        await self._pool.open(wait=True, timeout=30)

    async def close(self) -> None:
        """Close every connection."""
        await self._pool.close()

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[Connection]:
        """A pooled connection for reads; its transaction is rolled back on return."""
        async with self._pool.connection() as conn:
            yield conn

    @asynccontextmanager
    async def autocommit_connection(self) -> AsyncIterator[Connection]:
        """A pooled connection whose statements each run in a transaction of their own: for
        reads that need no common snapshot, two round trips (BEGIN, COMMIT) cheaper than
        `connection()` - a fifth of the statements of a page of search results."""
        async with self._pool.connection() as conn:
            await conn.set_autocommit(True)
            try:
                yield conn
            finally:
                await conn.set_autocommit(False)

    @asynccontextmanager
    async def dedicated_connection(self) -> AsyncIterator[Connection]:
        """An autocommit connection outside the pool (LISTEN sessions, CREATE INDEX
        CONCURRENTLY), bound to the same schema as the pooled ones."""
        conn = await AsyncConnection.connect(self._url, autocommit=True, row_factory=dict_row)
        await self._configure(conn)
        await conn.set_autocommit(True)
        try:
            yield conn
        finally:
            await conn.close()

    async def listen(
        self,
        channel: str,
        stop: asyncio.Event,
        on_notify: Callable[[], None],
        on_listening: Callable[[bool], None] | None = None,
    ) -> None:
        """LISTEN on `channel` until `stop`, calling `on_notify` for each notification.

        A lost connection is retried every second; `on_listening(True/False)` tells when
        notifications can (and can no longer) be relied on, since some are missed in between.
        """
        while not stop.is_set():
            try:
                async with self.dedicated_connection() as conn:
                    await conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
                    if on_listening:
                        on_listening(True)
                    while not stop.is_set():
                        # A bounded wait, so `stop` is noticed within a second.
                        async for _ in conn.notifies(timeout=1.0):
                            on_notify()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database went away: retry
                log.warning("listener on %s lost: %s", channel, exc)
            finally:
                if on_listening:
                    on_listening(False)
            await sleep_or_stop(stop, 1.0)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Connection]:
        """A connection inside one transaction: committed on success, rolled back on error."""
        async with self._pool.connection() as conn, conn.transaction():
            yield conn
