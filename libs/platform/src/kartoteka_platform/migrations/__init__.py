"""Per-service schema migrations: ordered SQL files, applied once, checksummed."""

from kartoteka_platform.migrations.runner import MigrationSet, apply_migrations

__all__ = ["MigrationSet", "apply_migrations"]
