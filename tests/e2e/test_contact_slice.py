"""The thin slice: gateway → contacts (gRPC) → PostgreSQL + outbox → NATS → segmentation."""

from __future__ import annotations

import time

import httpx
import pytest
from kartoteka_devstack.infra import EmbeddedInfra
from kartoteka_devstack.platform import Platform

from tests.e2e.conftest import contacts_seen_today, person, wait_until
from tests.e2e.otlp_receiver import OtlpReceiver

pytestmark = pytest.mark.e2e


def test_created_contact_is_readable_and_counted_by_segmentation(api: httpx.Client) -> None:
    before = contacts_seen_today(api)
    body = {
        "first_name": "  Zofia ",
        "last_name": "Wójcik",
        "emails": [{"address": "Zofia.Wojcik@Example.PL", "label": "work"}],
        "phones": [{"number": "600 100 200", "label": "mobile"}, {"number": "+44 7911 123456"}],
        "addresses": [{"city": "Kraków", "country_code": "pl"}],
    }
    created = api.post("/api/v1/contacts", json=body)
    assert created.status_code == 201, created.text
    card = created.json()
    assert card["first_name"] == "Zofia"
    assert card["emails"] == [
        {"address": "zofia.wojcik@example.pl", "label": "work", "primary": True}
    ]
    assert [p["number"] for p in card["phones"]] == ["+48600100200", "+447911123456"]
    assert [p["primary"] for p in card["phones"]] == [True, False]
    assert card["addresses"][0]["country_code"] == "PL"

    fetched = api.get(f"/api/v1/contacts/{card['id']}")
    assert fetched.status_code == 200
    assert fetched.json() == card

    wait_until(lambda: contacts_seen_today(api) == before + 1, message="segmentation to count it")


def test_one_trace_spans_gateway_contacts_nats_and_segmentation(
    api: httpx.Client, otlp: OtlpReceiver
) -> None:
    response = api.post(
        "/api/v1/contacts",
        json=person(1, "trace"),
        headers={"traceparent": "00-" + "ab" * 16 + "-" + "cd" * 8 + "-01"},
    )
    assert response.status_code == 201
    trace_id = "ab" * 16
    expected = {"gateway", "contacts", "contacts-relay", "segmentation"}
    wait_until(
        lambda: expected <= otlp.services_in_trace(trace_id),
        message=f"spans of {expected} in trace {trace_id}",
    )


def test_nats_outage_loses_and_duplicates_nothing(
    api: httpx.Client, controllable_infra: EmbeddedInfra
) -> None:
    before = contacts_seen_today(api)
    controllable_infra.stop_nats()
    try:
        for index in range(100):
            response = api.post("/api/v1/contacts", json=person(index, "outage"))
            assert response.status_code == 201, "writes must succeed while the broker is down"
    finally:
        controllable_infra.start_nats()
    wait_until(
        lambda: contacts_seen_today(api) >= before + 100,
        timeout=90,
        message="all 100 events after the broker returned",
    )
    time.sleep(2)  # let any duplicate delivery land before counting exactly
    assert contacts_seen_today(api) == before + 100


def test_consumer_killed_mid_batch_double_counts_nothing(
    api: httpx.Client, platform: Platform
) -> None:
    backlog = 600
    before = contacts_seen_today(api)
    platform.stop_process("segmentation")
    for index in range(backlog):
        assert api.post("/api/v1/contacts", json=person(index, "kill")).status_code == 201
    platform.start_process("segmentation")
    # SIGKILL while it works through the backlog: some events applied, the rest not yet.
    wait_until(lambda: contacts_seen_today(api) > before, message="the consumer to start")
    seen_at_kill = contacts_seen_today(api)
    platform.kill_process("segmentation")
    assert seen_at_kill < before + backlog, "the backlog was done before the kill"
    platform.start_process("segmentation")
    wait_until(
        lambda: contacts_seen_today(api) >= before + backlog,
        timeout=90,
        message="the backlog after the restart",
    )
    time.sleep(2)  # let any redelivery land before counting exactly
    assert contacts_seen_today(api) == before + backlog
