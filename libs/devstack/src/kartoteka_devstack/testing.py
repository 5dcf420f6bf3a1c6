"""pytest fixtures: real PostgreSQL, NATS and Redis for every test run, a fresh database per test.

Loaded for the whole repo through `addopts = -p kartoteka_devstack.testing`. With
`KARTOTEKA_DATABASE_URL`, `KARTOTEKA_NATS_URL` and `KARTOTEKA_REDIS_URL` set, the tests use
those servers; otherwise the embedded ones start once per run in a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from kartoteka_devstack.infra import EmbeddedInfra, InfraUrls


@pytest.fixture(scope="session")
def embedded_infra() -> Iterator[EmbeddedInfra | None]:
    """The embedded servers, or None when the environment points at external ones.

    Their folder is not under pytest's temporary root: a second pytest run starting meanwhile
    resets that root to mode 0700 (which locks out PostgreSQL running as `nobody`) and deletes
    all but its three newest run folders, servers' data included.
    """
    if os.environ.get("KARTOTEKA_DATABASE_URL"):
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="kartoteka-test-infra-"))
    infra = EmbeddedInfra(folder, fast_unsafe=True)
    try:
        infra.start()
        yield infra
    finally:
        infra.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def infra_urls(embedded_infra: EmbeddedInfra | None) -> InfraUrls:
    if embedded_infra is not None:
        return embedded_infra.urls
    return InfraUrls(
        os.environ["KARTOTEKA_DATABASE_URL"],
        os.environ["KARTOTEKA_NATS_URL"],
        os.environ["KARTOTEKA_REDIS_URL"],
    )


@pytest.fixture
def controllable_infra(embedded_infra: EmbeddedInfra | None) -> EmbeddedInfra:
    """The embedded servers, for tests that stop and start them (broker outages)."""
    if embedded_infra is None:
        pytest.skip("outage tests need the embedded servers, not external ones")
    return embedded_infra


def create_database(server_url: str) -> str:
    """A new empty database on the server of `server_url`; returns its URL."""
    name = f"test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return str(psycopg.conninfo.make_conninfo(server_url, dbname=name))


def drop_database(database_url: str) -> None:
    name = psycopg.conninfo.conninfo_to_dict(database_url)["dbname"]
    server_url = psycopg.conninfo.make_conninfo(database_url, dbname="postgres")
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(str(name)))
        )


@pytest.fixture
def database_url(infra_urls: InfraUrls) -> Iterator[str]:
    """A database of its own for one test, dropped afterwards."""
    url = create_database(infra_urls.database_url)
    try:
        yield url
    finally:
        drop_database(url)


@pytest.fixture
def test_subject_prefix() -> str:
    """A NATS subject prefix no other test uses, so streams never collide."""
    return f"t{uuid.uuid4().hex[:10]}"


@pytest.fixture
def artifacts_dir() -> Path:
    """Where tests leave logs worth reading after a failure."""
    path = Path(os.environ.get("KARTOTEKA_TEST_ARTIFACTS", "artifacts")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path
