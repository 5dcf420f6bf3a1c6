"""Event subjects and streams, and how each service's migrations are found and ordered."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from importlib import resources

import pytest
from kartoteka_platform.messaging.envelope import StreamSpec, event_subject, now_iso
from kartoteka_platform.migrations.cli import discover
from kartoteka_platform.migrations.runner import (
    PLATFORM_COMPONENT,
    Migration,
    MigrationSet,
)

SERVICES = {"contacts", "gateway", "segmentation"}


def in_stream(subject: str, stream: StreamSpec) -> bool:
    """Whether NATS would route `subject` to `stream` (literal tokens, optional trailing `>`)."""
    got = subject.split(".")
    for pattern in stream.subjects:
        wanted = pattern.split(".")
        if wanted[-1] == ">":
            if len(got) >= len(wanted) and got[: len(wanted) - 1] == wanted[:-1]:
                return True
        elif got == wanted:
            return True
    return False


# --- streams and subjects --------------------------------------------------------------------


def test_the_contacts_stream() -> None:
    stream = StreamSpec.for_service("contacts")
    assert stream.name == "KARTOTEKA_CONTACTS"
    assert stream.subjects == ("kartoteka.contacts.>",)


def test_a_stream_name_is_a_valid_jetstream_name_for_a_dashed_service() -> None:
    stream = StreamSpec.for_service("staff-directory")
    assert stream.name == "KARTOTEKA_STAFF_DIRECTORY"
    assert stream.subjects == ("kartoteka.staff-directory.>",)


def test_a_prefixed_stream_keeps_its_own_subjects() -> None:
    stream = StreamSpec.for_service("plumbing", prefix="test.run1")
    assert stream.name == "TEST_RUN1_PLUMBING"
    assert stream.subjects == ("test.run1.plumbing.>",)


def test_event_subject() -> None:
    assert event_subject("contacts", "contact", "created") == "kartoteka.contacts.contact.created"


def test_a_services_events_land_in_its_own_stream_only() -> None:
    subject = event_subject("contacts", "contact", "created")
    assert in_stream(subject, StreamSpec.for_service("contacts"))
    assert not in_stream(subject, StreamSpec.for_service("segmentation"))
    assert not in_stream(subject, StreamSpec.for_service("contact"))


def test_now_iso_is_utc_with_microseconds() -> None:
    stamp = now_iso()
    parsed = datetime.fromisoformat(stamp)
    assert parsed.utcoffset() == UTC.utcoffset(None)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00", stamp)


# --- migrations ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sets() -> dict[str, MigrationSet]:
    return discover()


def test_contacts_migrations_start_with_the_platforms() -> None:
    migrations = MigrationSet(
        schema="contacts", package="kartoteka_contacts.migrations"
    ).migrations()
    components = [m.component for m in migrations]
    platform_only = MigrationSet(schema="contacts", package=None).migrations()
    assert platform_only
    assert all(m.component == PLATFORM_COMPONENT for m in platform_only)
    assert migrations[: len(platform_only)] == platform_only
    assert "contacts" in components
    # Every platform migration comes before every service one.
    assert components == sorted(components, key=lambda c: c != PLATFORM_COMPONENT)


def test_every_installed_service_registers_its_migrations(sets: dict[str, MigrationSet]) -> None:
    assert set(sets) >= SERVICES
    assert list(sets) == sorted(sets)
    for name, migration_set in sets.items():
        # Each service opens `Database.from_settings(infra, SERVICE)`: its schema is its name.
        assert migration_set.schema == name
        assert migration_set.package


def test_versions_strictly_ascend_per_component(sets: dict[str, MigrationSet]) -> None:
    for migration_set in sets.values():
        by_component: dict[str, list[int]] = {}
        for migration in migration_set.migrations():
            by_component.setdefault(migration.component, []).append(migration.version)
        assert set(by_component) == {PLATFORM_COMPONENT, migration_set.schema}
        for versions in by_component.values():
            assert versions == sorted(set(versions)), versions
            assert versions[0] >= 1


def test_every_migration_has_a_plain_name_sql_and_a_checksum(
    sets: dict[str, MigrationSet],
) -> None:
    for migration_set in sets.values():
        for migration in migration_set.migrations():
            assert re.fullmatch(r"^[a-z0-9_]+$", migration.name), migration
            assert migration.sql_text.strip()
            assert re.fullmatch(r"[0-9a-f]{64}", migration.checksum)


def test_no_sql_file_is_silently_ignored(sets: dict[str, MigrationSet]) -> None:
    """A file whose name misses the NNNN_name.sql pattern would never be applied."""
    packages = {"kartoteka_platform.migrations.sql", *(s.package for s in sets.values())}
    for package in packages:
        assert package is not None
        on_disk = {e.name for e in resources.files(package).iterdir() if e.name.endswith(".sql")}
        assert on_disk, package
        for name in on_disk:
            assert re.fullmatch(r"\d{4}_[a-z0-9_]+\.sql", name), f"{package}/{name}"


def test_the_checksum_follows_the_sql_text() -> None:
    first = Migration("contacts", 1, "contacts", "CREATE TABLE a (id int);")
    same = Migration("other", 9, "other", "CREATE TABLE a (id int);")
    edited = Migration("contacts", 1, "contacts", "CREATE TABLE a (id bigint);")
    assert first.checksum == same.checksum
    assert first.checksum != edited.checksum


def test_a_migration_runs_in_a_transaction_unless_marked() -> None:
    plain = Migration("contacts", 2, "index", "CREATE INDEX contact_email ON contact (email);")
    marked = Migration(
        "contacts",
        2,
        "index",
        "-- kartoteka:no-transaction\nCREATE INDEX CONCURRENTLY contact_email ON contact (email);",
    )
    assert plain.transactional is True
    assert marked.transactional is False
