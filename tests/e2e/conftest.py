"""The whole platform as subprocesses, started once for the end-to-end tests."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from kartoteka_devstack.infra import InfraUrls
from kartoteka_devstack.platform import Platform, PlatformPorts
from kartoteka_devstack.testing import create_database, drop_database
from kartoteka_platform.migrations.cli import migrate_all

from tests.e2e.otlp_receiver import OtlpReceiver

ADMIN_EMAIL = "admin@e2e.test"
ADMIN_PASSWORD = "e2e-admin-password-1"
TOKEN_SECRET = "e2e-token-secret-0123456789abcdefghijklmnop"


@pytest.fixture(scope="session")
def otlp() -> Iterator[OtlpReceiver]:
    receiver = OtlpReceiver()
    receiver.start()
    yield receiver
    receiver.stop()


@pytest.fixture(scope="session")
def platform(
    infra_urls: InfraUrls, otlp: OtlpReceiver, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Platform]:
    database_url = create_database(infra_urls.database_url)
    migrate_all(database_url)
    urls = InfraUrls(database_url, infra_urls.nats_url, infra_urls.redis_url)
    log_dir = Path(tmp_path_factory.mktemp("platform-logs"))
    running = Platform(
        urls,
        PlatformPorts.allocate(),
        log_dir,
        {
            "KARTOTEKA_GATEWAY_TOKEN_SECRET": TOKEN_SECRET,
            "KARTOTEKA_ADMIN_EMAIL": ADMIN_EMAIL,
            "KARTOTEKA_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "OTEL_EXPORTER_OTLP_ENDPOINT": otlp.endpoint,
            "OTEL_BSP_SCHEDULE_DELAY": "100",
        },
    )
    try:
        running.start()
        yield running
    finally:
        running.stop()
        for name in running.specs:
            print(f"--- {name} log tail ---\n{running.log_tail(name, 1500)}")
        drop_database(database_url)


@pytest.fixture(scope="session")
def token(platform: Platform) -> str:
    response = httpx.post(
        f"{platform.gateway_url}/api/v1/auth/token",
        json={"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


@pytest.fixture
def api(platform: Platform, token: str) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=platform.gateway_url, timeout=10, headers={"Authorization": f"Bearer {token}"}
    ) as client:
        yield client


def wait_until(condition: Callable[[], bool], timeout: float = 30.0, message: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message or condition}")
        time.sleep(0.1)


def contacts_seen_today(api: httpx.Client) -> int:
    response = api.get("/api/v1/segmentation/daily-contact-counts", params={"days": 2})
    response.raise_for_status()
    return sum(day["contacts_created"] for day in response.json())


_phone_numbers = itertools.count(300_000)


def person(index: int, tag: str = "") -> dict[str, object]:
    """A new person whose email and phone no other card of this run has."""
    number = next(_phone_numbers)
    return {
        "first_name": f"Anna{tag}",
        "last_name": f"Nowak-{index}",
        "emails": [{"address": f"anna.{tag}{index}.{number}@example.pl", "label": "work"}],
        "phones": [{"number": f"+48 600 {number // 1000:03d} {number % 1000:03d}"}],
    }
