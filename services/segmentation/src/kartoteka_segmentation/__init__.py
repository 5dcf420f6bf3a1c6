"""Kartoteka segmentation service: smart groups kept up to date by rules and events."""

from kartoteka_platform.migrations import MigrationSet

SERVICE = "segmentation"
MIGRATIONS = MigrationSet(schema=SERVICE, package="kartoteka_segmentation.migrations")
