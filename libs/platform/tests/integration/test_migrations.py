"""Every service's migrations apply to an empty database, once, and refuse edited history."""

from __future__ import annotations

import psycopg
import pytest
from kartoteka_platform.migrations.cli import discover, migrate_all
from kartoteka_platform.migrations.runner import MigrationError, apply_migrations


def test_all_services_migrate_once_into_their_own_schemas(database_url: str) -> None:
    first = migrate_all(database_url)
    assert set(first) == {"gateway", "contacts", "segmentation"}
    assert all(applied for applied in first.values())
    assert migrate_all(database_url) == {name: [] for name in first}, "a second run applies nothing"
    with psycopg.connect(database_url) as conn:
        tables = conn.execute(
            "SELECT table_schema, table_name FROM information_schema.tables"
            " WHERE table_schema = ANY(%s)",
            [list(first)],
        ).fetchall()
    by_schema: dict[str, set[str]] = {}
    for schema, table in tables:
        by_schema.setdefault(schema, set()).add(table)
    for schema in first:
        assert {"outbox", "inbox", "dead_letters", "schema_migrations"} <= by_schema[schema]
    assert "contact" in by_schema["contacts"]
    assert "contact" not in by_schema["segmentation"]


def test_an_edited_applied_migration_is_refused(database_url: str) -> None:
    contacts = discover()["contacts"]
    apply_migrations(database_url, contacts)
    with psycopg.connect(database_url) as conn:
        conn.execute(
            "UPDATE contacts.schema_migrations SET checksum = 'edited'"
            " WHERE component = 'contacts' AND version = 1"
        )
    with pytest.raises(MigrationError, match="changed after it was applied"):
        apply_migrations(database_url, contacts)
