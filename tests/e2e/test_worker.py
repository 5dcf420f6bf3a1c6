"""The Celery worker started with the platform runs the contacts service's tasks."""

from __future__ import annotations

import httpx
import pytest
from celery import Celery
from kartoteka_devstack.platform import Platform

from tests.e2e.conftest import contacts_seen_today, person, wait_until
from tests.e2e.otlp_receiver import OtlpReceiver

pytestmark = pytest.mark.e2e


def test_worker_purges_published_outbox_rows(
    api: httpx.Client, platform: Platform, otlp: OtlpReceiver
) -> None:
    before = contacts_seen_today(api)
    assert api.post("/api/v1/contacts", json=person(1, "worker")).status_code == 201
    wait_until(lambda: contacts_seen_today(api) == before + 1, message="the event to be published")
    client = Celery(broker=platform.urls.redis_url, backend=platform.urls.redis_url)
    try:
        purge = "contacts.purge_published_outbox"
        first = client.send_task(purge, kwargs={"retention_days": 0}, queue="contacts")
        assert first.get(timeout=60) >= 1
        again = client.send_task(purge, kwargs={"retention_days": 0}, queue="contacts")
        assert again.get(timeout=60) == 0
    finally:
        client.close()
    wait_until(
        lambda: any(s.service == "contacts-worker" and purge in s.name for s in otlp.spans),
        message="the worker's task span",
    )
