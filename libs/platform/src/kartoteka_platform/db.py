"""PostgreSQL access: one async pool per process, bound to the service's own schema."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from psycopg import AsyncConnection, sql
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from kartoteka_platform.settings import InfraSettings

Connection = AsyncConnection[dict[str, Any]]


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

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Connection]:
        """A connection inside one transaction: committed on success, rolled back on error."""
        async with self._pool.connection() as conn, conn.transaction():
            yield conn
