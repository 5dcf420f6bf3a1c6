"""`kartoteka-migrate`: applies the migrations of every installed service (or the named ones)."""

from __future__ import annotations

import argparse
import logging
import sys
from importlib.metadata import entry_points

from kartoteka_platform.logs import configure_logging
from kartoteka_platform.migrations.runner import MigrationSet, apply_migrations
from kartoteka_platform.settings import InfraSettings

ENTRY_POINT_GROUP = "kartoteka.migrations"
log = logging.getLogger("kartoteka.migrate")


def discover() -> dict[str, MigrationSet]:
    """Every service that registered its migrations under the `kartoteka.migrations` group."""
    found: dict[str, MigrationSet] = {}
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        migration_set = entry.load()
        if not isinstance(migration_set, MigrationSet):
            raise TypeError(f"{entry.value} is not a MigrationSet")
        found[entry.name] = migration_set
    return dict(sorted(found.items()))


def migrate_all(database_url: str, only: list[str] | None = None) -> dict[str, list[str]]:
    """Apply every (or each named) service's migrations; returns what was applied per service."""
    sets = discover()
    unknown = set(only or []) - set(sets)
    if unknown:
        raise SystemExit(f"unknown service(s): {', '.join(sorted(unknown))}")
    return {
        name: apply_migrations(database_url, migration_set)
        for name, migration_set in sets.items()
        if not only or name in only
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("services", nargs="*", help="services to migrate (default: all)")
    args = parser.parse_args(argv)
    infra = InfraSettings()
    configure_logging("migrate", infra.log_level)
    for service, applied in migrate_all(infra.database_url, args.services).items():
        log.info("migrated", extra={"service": service, "applied": applied})
    sys.exit(0)
