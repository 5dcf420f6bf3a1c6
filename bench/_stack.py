"""The benchmark's own platform: embedded servers in a data dir, tuned, migrated, and started."""

from __future__ import annotations

import json
import secrets
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import httpx
import psycopg
from kartoteka_devstack.infra import EmbeddedInfra, InfraUrls
from kartoteka_devstack.platform import Platform, PlatformPorts
from kartoteka_platform.migrations.cli import migrate_all
from psycopg import sql

ADMIN_EMAIL = "admin@bench.local"
# The machine has 24 GiB and 2 cores; the data set (~2 GiB with indexes) fits in shared
# buffers. Written with ALTER SYSTEM (postgresql.auto.conf) and applied by a restart, since
# the launcher only passes its own few `-c` settings on the command line.
PG_SETTINGS = {
    "shared_buffers": "4GB",
    "effective_cache_size": "16GB",
    "work_mem": "32MB",
    "maintenance_work_mem": "1GB",
    "max_wal_size": "16GB",
    "checkpoint_timeout": "30min",
    "random_page_cost": "1.1",
    "effective_io_concurrency": "200",
    "jit": "off",
}


@dataclass(frozen=True)
class Stack:
    """Where the running platform is, and how to reach it."""

    data_dir: Path
    urls: InfraUrls
    gateway_url: str
    # The contacts service's gRPC address, to time it without the gateway in front.
    contacts_address: str
    token: str
    settings: dict[str, str]


@contextmanager
def running_stack(data_dir: Path, *, tune: bool) -> Iterator[Stack]:
    """Start PostgreSQL, NATS, Redis and every platform process; stop them all on exit."""
    infra = EmbeddedInfra(data_dir)
    platform: Platform | None = None
    # A benchmark stopped by `kill` (or the lock queue's owner) exits through the finally
    # below like one stopped by Ctrl-C, instead of leaving its servers and services running.
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        urls = infra.start()
        if tune:
            _tune_postgres(infra, urls.database_url)
        migrate_all(urls.database_url)
        password = _admin_password(data_dir)
        platform = Platform(
            urls,
            PlatformPorts.allocate(),
            data_dir / "logs",
            {
                "KARTOTEKA_GATEWAY_TOKEN_SECRET": secrets.token_urlsafe(48),
                "KARTOTEKA_ADMIN_EMAIL": ADMIN_EMAIL,
                "KARTOTEKA_ADMIN_PASSWORD": password,
                "KARTOTEKA_LOG_LEVEL": "WARNING",
            },
        )
        platform.start()
        token = _login(platform.gateway_url, password)
        yield Stack(
            data_dir,
            urls,
            platform.gateway_url,
            f"127.0.0.1:{platform.ports.contacts_grpc}",
            token,
            _effective_settings(urls.database_url),
        )
    finally:
        if platform is not None:
            platform.stop()
        infra.stop()
        signal.signal(signal.SIGTERM, previous)


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def _tune_postgres(infra: EmbeddedInfra, database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        for name, value in PG_SETTINGS.items():
            conn.execute(
                sql.SQL("ALTER SYSTEM SET {} = {}").format(sql.Identifier(name), sql.Literal(value))
            )
    assert infra.postgres is not None
    infra.postgres.stop()
    infra.postgres.start()
    _wait_for(database_url)


def _wait_for(database_url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with psycopg.connect(database_url, connect_timeout=2):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _effective_settings(database_url: str) -> dict[str, str]:
    wanted = [*PG_SETTINGS, "max_connections", "fsync", "synchronous_commit", "server_version"]
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT name, current_setting(name) FROM pg_settings WHERE name = ANY(%s)", [wanted]
        ).fetchall()
    return dict(rows)


def _admin_password(data_dir: Path) -> str:
    """The admin password of this data dir: generated once, kept for `--keep` reruns."""
    path = data_dir / "bench-secrets.json"
    if path.exists():
        return str(json.loads(path.read_text())["admin_password"])
    password = secrets.token_urlsafe(24)
    path.write_text(json.dumps({"admin_password": password}))
    path.chmod(0o600)
    return password


def _login(gateway_url: str, password: str) -> str:
    response = httpx.post(
        f"{gateway_url}/api/v1/auth/token",
        json={"username": ADMIN_EMAIL, "password": password},
        timeout=30,
    )
    response.raise_for_status()
    return str(response.json()["access_token"])
