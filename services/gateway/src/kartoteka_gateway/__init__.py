"""Kartoteka gateway: the public REST API, authentication, authorisation and routing."""

from kartoteka_platform.migrations import MigrationSet

SERVICE = "gateway"
# Staff sign-in credentials only (authentication is the gateway's job); employees as business
# data (roles, schedules) belong to the staff service when it arrives.
MIGRATIONS = MigrationSet(schema=SERVICE, package="kartoteka_gateway.migrations")
