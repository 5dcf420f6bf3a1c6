"""Applies a service's SQL migrations to its own schema, under an advisory lock."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import psycopg
from psycopg import sql

log = logging.getLogger(__name__)

_FILE_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
# A migration that must run outside a transaction (CREATE INDEX CONCURRENTLY) says so.
_NO_TRANSACTION_MARK = "-- kartoteka:no-transaction"
# Platform tables (outbox, inbox) every service schema gets before the service's own.
PLATFORM_COMPONENT = "platform"


class MigrationError(RuntimeError):
    """A migration could not be applied, or an applied one was edited afterwards."""


@dataclass(frozen=True)
class Migration:
    """One SQL file of a component."""

    component: str
    version: int
    name: str
    sql_text: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql_text.encode()).hexdigest()

    @property
    def transactional(self) -> bool:
        return _NO_TRANSACTION_MARK not in self.sql_text


@dataclass(frozen=True)
class MigrationSet:
    """Where a service keeps its migrations and which schema they build."""

    schema: str
    # None: only the platform's tables (outbox, inbox), for plumbing tests and tools.
    package: str | None

    def migrations(self) -> list[Migration]:
        """The platform's migrations, then the service's, each in version order."""
        platform = _load(PLATFORM_COMPONENT, "kartoteka_platform.migrations.sql")
        return platform + (_load(self.schema, self.package) if self.package else [])


def _load(component: str, package: str) -> list[Migration]:
    found: list[Migration] = []
    for entry in resources.files(package).iterdir():
        match = _FILE_NAME.match(entry.name)
        if match:
            found.append(
                Migration(component, int(match[1]), match[2], entry.read_text(encoding="utf-8"))
            )
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"{package}: two migrations share a version number")
    return found


_LEDGER = """
CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (
    component text NOT NULL,
    version integer NOT NULL,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (component, version)
)
"""


def apply_migrations(database_url: str, migration_set: MigrationSet) -> list[str]:
    """Bring the schema up to date; returns the names of the migrations it applied."""
    schema = sql.Identifier(migration_set.schema)
    applied_now: list[str] = []
    with psycopg.connect(database_url, autocommit=True) as conn:
        # One migrator per schema at a time (Helm job retries, several `make up`s).
        conn.execute("SELECT pg_advisory_lock(hashtext(%s))", [f"migrate:{migration_set.schema}"])
        try:
            conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(schema))
            conn.execute(sql.SQL(_LEDGER).format(schema=schema))
            done = _applied(conn, migration_set.schema)
            for migration in migration_set.migrations():
                key = (migration.component, migration.version)
                if key in done:
                    if done[key] != migration.checksum:
                        raise MigrationError(
                            f"{migration.component} {migration.version:04d}_{migration.name} "
                            "was changed after it was applied; add a new migration instead"
                        )
                    continue
                _apply_one(conn, migration_set.schema, migration)
                applied_now.append(
                    f"{migration.component}/{migration.version:04d}_{migration.name}"
                )
        finally:
            conn.execute(
                "SELECT pg_advisory_unlock(hashtext(%s))", [f"migrate:{migration_set.schema}"]
            )
    return applied_now


def _applied(conn: psycopg.Connection[Any], schema: str) -> dict[tuple[str, int], str]:
    rows = conn.execute(
        sql.SQL("SELECT component, version, checksum FROM {}.schema_migrations").format(
            sql.Identifier(schema)
        )
    ).fetchall()
    return {(row[0], row[1]): row[2] for row in rows}


def _apply_one(conn: psycopg.Connection[Any], schema: str, migration: Migration) -> None:
    log.info("applying %s %04d_%s", schema, migration.version, migration.name)
    set_path = sql.SQL("SET search_path TO {}, public").format(sql.Identifier(schema))
    record = sql.SQL(
        "INSERT INTO {}.schema_migrations (component, version, name, checksum) "
        "VALUES (%s, %s, %s, %s)"
    ).format(sql.Identifier(schema))
    params = [migration.component, migration.version, migration.name, migration.checksum]
    body = sql.SQL(migration.sql_text)  # trusted files of the repo
    if migration.transactional:
        with conn.transaction():
            conn.execute(set_path)
            conn.execute(body)
            conn.execute(record, params)
        return
    conn.execute(set_path)
    conn.execute(body)
    conn.execute(record, params)
