"""Kartoteka contacts service: people and companies, the heart of the CRM."""

from kartoteka_platform.migrations import MigrationSet

SERVICE = "contacts"
MIGRATIONS = MigrationSet(schema=SERVICE, package="kartoteka_contacts.migrations")
