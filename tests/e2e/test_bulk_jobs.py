"""Bulk jobs end to end: the gateway starts one, the worker runs it, progress streams, undo."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import person, wait_until

pytestmark = pytest.mark.e2e


def cards(api: httpx.Client, tag: str, region: str, count: int) -> list[str]:
    ids = []
    for index in range(count):
        response = api.post("/api/v1/contacts", json={**person(index, tag), "region": region})
        assert response.status_code == 201, response.text
        ids.append(str(response.json()["id"]))
    return ids


def members(api: httpx.Client, group_id: str) -> set[str]:
    page = api.post(
        "/api/v1/contacts/search",
        json={"filter": {"group": group_id, "subgroups": False, "op": "in"}, "page_size": 500},
    )
    assert page.status_code == 200, page.text
    return {item["id"] for item in page.json()["items"]}


def server_sent_events(api: httpx.Client, job_id: str) -> list[tuple[str, dict[str, Any]]]:
    """Every event of the job's stream, read until the server ends it."""
    events: list[tuple[str, dict[str, Any]]] = []
    with api.stream("GET", f"/api/v1/jobs/{job_id}/events", timeout=60) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        name = ""
        for line in response.iter_lines():
            if line.startswith("event: "):
                name = line.removeprefix("event: ")
            elif line.startswith("data: "):
                events.append((name, json.loads(line.removeprefix("data: "))))
    return events


def settled(api: httpx.Client, job_id: str) -> dict[str, Any]:
    job: dict[str, Any] = {}

    def done() -> bool:
        job.update(api.get(f"/api/v1/jobs/{job_id}").json())
        return job["state"] in ("done", "failed", "cancelled", "undone")

    wait_until(done, timeout=60, message=f"job {job_id} to settle")
    return job


def test_bulk_add_to_group_streams_progress_and_undoes(api: httpx.Client) -> None:
    tag = uuid.uuid4().hex[:8]
    region = f"bulk-{tag}"
    ids = cards(api, tag, region, 12)
    group = api.post("/api/v1/groups", json={"name": f"Bulk {tag}"}).json()

    started = api.post(
        "/api/v1/contacts/bulk",
        json={
            "selection": {"filter": {"field": "region", "op": "eq", "value": region}},
            "operation": {"op": "add_to_group", "group_id": group["id"]},
        },
    )

    assert started.status_code == 202, started.text
    job = started.json()
    assert started.headers["location"] == f"/api/v1/jobs/{job['id']}"
    assert (job["kind"], job["total"]) == ("bulk", 12)
    events = server_sent_events(api, job["id"])
    assert events[-1][0] == "end"
    final = events[-1][1]
    assert (final["state"], final["processed"], final["updated"]) == ("done", 12, 12)
    assert final["percent"] == 100.0
    assert members(api, group["id"]) == set(ids)
    history = api.get(f"/api/v1/contacts/{ids[0]}/history", params={"source": "bulk"}).json()
    assert [(e["field"], e["source_ref"]) for e in history["entries"]] == [("groups", job["id"])]

    undo = api.post(f"/api/v1/jobs/{job['id']}/undo")

    assert undo.status_code == 202, undo.text
    undone = settled(api, undo.json()["id"])
    assert (undone["kind"], undone["state"], undone["updated"]) == ("undo", "done", 12)
    assert members(api, group["id"]) == set()
    assert api.get(f"/api/v1/jobs/{job['id']}").json()["state"] == "undone"
    listed = api.get("/api/v1/jobs", params={"kind": "undo", "mine": "true"}).json()
    assert undone["id"] in {item["id"] for item in listed}


def test_bulk_set_field_on_listed_cards_and_bad_requests(api: httpx.Client) -> None:
    tag = uuid.uuid4().hex[:8]
    ids = cards(api, tag, f"set-{tag}", 3)
    started = api.post(
        "/api/v1/contacts/bulk",
        json={
            "selection": {"contact_ids": ids[:2]},
            "operation": {"op": "set_field", "field": "source", "value": "Targi 2026"},
        },
    )
    assert started.status_code == 202, started.text
    assert settled(api, started.json()["id"])["updated"] == 2
    sources = [api.get(f"/api/v1/contacts/{i}").json()["source"] for i in ids]
    assert sources == ["Targi 2026", "Targi 2026", ""]

    for body, status, code, field in (
        (
            {"op": "set_field", "field": "custom.no_such_field", "value": 1},
            422,
            "unknown_custom_field",
            "operation.field",
        ),
        (
            {"op": "set_field", "field": "last_name", "value": "X"},
            422,
            "field_not_bulk_editable",
            "operation.field",
        ),
        (
            {"op": "add_to_group", "group_id": str(uuid.uuid4())},
            404,
            "group_not_found",
            "operation.group_id",
        ),
    ):
        refused = api.post(
            "/api/v1/contacts/bulk", json={"selection": {"contact_ids": ids}, "operation": body}
        )
        assert refused.status_code == status, refused.text
        assert (refused.json()["code"], refused.json()["field"]) == (code, field)
    bad_filter = api.post(
        "/api/v1/contacts/bulk",
        json={
            "selection": {"filter": {"field": "nope", "op": "eq", "value": 1}},
            "operation": {"op": "delete"},
        },
    )
    assert bad_filter.status_code == 422, bad_filter.text
    missing = api.get(f"/api/v1/jobs/{uuid.uuid4()}")
    assert (missing.status_code, missing.json()["code"]) == (404, "job_not_found")
    # Nothing of the refused requests was stored or changed.
    assert [api.get(f"/api/v1/contacts/{i}").json()["source"] for i in ids] == sources
