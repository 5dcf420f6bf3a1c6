"""Smart groups end to end: rules fill groups, follow changes through events, respect people."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import person, wait_until

pytestmark = pytest.mark.e2e


def member_ids(api: httpx.Client, group_id: str) -> set[str]:
    page = api.post(
        "/api/v1/contacts/search",
        json={
            "filter": {"group": group_id, "subgroups": False, "op": "in"},
            "page_size": 500,
        },
    )
    assert page.status_code == 200, page.text
    return {item["id"] for item in page.json()["items"]}


def new_card(api: httpx.Client, tag: str, index: int, region: str, **extra: Any) -> str:
    response = api.post("/api/v1/contacts", json={**person(index, tag), "region": region, **extra})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def test_a_rule_keeps_its_group_true_and_people_win(api: httpx.Client) -> None:
    tag = uuid.uuid4().hex[:8]
    region = f"region-{tag}"
    group = api.post("/api/v1/groups", json={"name": f"Smart {tag}"}).json()
    a, b, c = (new_card(api, tag, i, region) for i in range(3))
    outsider = new_card(api, tag, 9, "elsewhere")
    rule_filter = {"field": "region", "op": "eq", "value": region}
    preview = api.post(
        "/api/v1/smart-rules/preview", json={"group_id": group["id"], "filter": rule_filter}
    ).json()
    assert (preview["would_join"], preview["would_leave"]) == (3, 0)

    rule = api.post(
        "/api/v1/smart-rules",
        json={"name": f"Everyone in {region}", "group_id": group["id"], "filter": rule_filter},
    )
    assert rule.status_code == 201, rule.text
    rule_id = rule.json()["id"]
    wait_until(lambda: member_ids(api, group["id"]) == {a, b, c}, message="the rule's first build")

    # A new matching card joins by itself (contact.created -> segmentation -> contacts).
    d = new_card(api, tag, 3, region)
    wait_until(lambda: d in member_ids(api, group["id"]), message="a new card to join")
    # A card that stops matching leaves; a card a person adds by hand stays although it
    # does not match; one a person removes stays out although it matches.
    assert api.patch(f"/api/v1/contacts/{b}", json={"region": "moved"}).status_code == 200
    api.post(f"/api/v1/groups/{group['id']}/members", json={"contact_ids": [outsider]})
    api.post(
        f"/api/v1/groups/{group['id']}/members/remove", json={"contact_ids": [c], "exclude": True}
    )
    wait_until(
        lambda: member_ids(api, group["id"]) == {a, d, outsider},
        message="membership to follow the data and the people",
    )
    why = api.get(f"/api/v1/contacts/{a}/groups").json()
    assert [(m["source"], m["rule_id"]) for m in why] == [("rule", rule_id)]

    # Deleting the rule removes only what it created.
    deleted = api.delete(f"/api/v1/smart-rules/{rule_id}")
    assert deleted.json() == {"removed": 2}
    assert member_ids(api, group["id"]) == {outsider}


def test_broken_and_circular_rules(api: httpx.Client) -> None:
    tag = uuid.uuid4().hex[:8]
    key = f"tmp_{tag}"
    assert (
        api.post(
            "/api/v1/custom-fields", json={"key": key, "label": "Temporary", "type": "integer"}
        ).status_code
        == 201
    )
    first = api.post("/api/v1/groups", json={"name": f"First {tag}"}).json()
    second = api.post("/api/v1/groups", json={"name": f"Second {tag}"}).json()
    new_card(api, tag, 1, "anywhere", custom={key: 5})
    rule = api.post(
        "/api/v1/smart-rules",
        json={
            "name": "uses a field",
            "group_id": first["id"],
            "filter": {"field": f"custom.{key}", "op": "gte", "value": 1},
        },
    ).json()
    circular = api.post(
        "/api/v1/smart-rules",
        json={
            "name": "reads the first",
            "group_id": second["id"],
            "filter": {"group": first["id"], "op": "in"},
        },
    )
    assert circular.status_code == 201, circular.text
    back = api.put(
        f"/api/v1/smart-rules/{rule['id']}",
        json={"name": "now reads the second", "filter": {"group": second["id"], "op": "in"}},
    )
    assert back.status_code == 422
    assert back.json()["code"] == "group_cycle"

    assert api.delete(f"/api/v1/custom-fields/{key}").status_code == 204
    # The next evaluation finds the field gone: the rule pauses itself, with the reason.
    new_card(api, tag, 2, "anywhere")

    def paused() -> bool:
        state = api.get(f"/api/v1/smart-rules/{rule['id']}").json()
        return state["state"] == "paused" and "unknown_field" in (state["paused_reason"] or "")

    wait_until(paused, timeout=60, message="the rule to pause itself")
    unknown = api.post(
        "/api/v1/smart-rules",
        json={"name": "bad", "group_id": str(uuid.uuid4()), "filter": {"search": "x"}},
    )
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "group_not_found"
