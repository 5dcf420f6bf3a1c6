"""Contact settings through the gateway: views, card layouts, standard fields, activity types."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import person

pytestmark = pytest.mark.e2e


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    return body


def test_a_contacts_layout_follows_its_highest_priority_group(api: httpx.Client) -> None:
    tag = uuid.uuid4().hex[:8]
    contact = ok(api.post("/api/v1/contacts", json=person(1, tag)), 201)
    low = ok(api.post("/api/v1/groups", json={"name": f"Low {tag}", "priority": 1}), 201)
    high = ok(api.post("/api/v1/groups", json={"name": f"High {tag}", "priority": 9}), 201)
    for group in (low, high):
        added = api.post(
            f"/api/v1/groups/{group['id']}/members", json={"contact_ids": [contact["id"]]}
        )
        assert ok(added) == {"added": 1}
    url = f"/api/v1/contacts/{contact['id']}/layout"
    assert ok(api.get(url))["source"] in ("built_in", "default")

    low_layout = ok(
        api.post(
            "/api/v1/card-layouts",
            json={
                "name": f"Low card {tag}",
                "group_id": low["id"],
                "blocks": [{"block": "main", "order": 0}, {"block": "finance", "order": 1}],
                "required_fields": ["phones"],
            },
        ),
        201,
    )
    assert [b["block"] for b in low_layout["blocks"][:2]] == ["main", "finance"]
    assert len(low_layout["blocks"]) == 11
    assert not any(b["visible"] for b in low_layout["blocks"][2:])
    assert ok(api.get(url))["name"] == f"Low card {tag}"

    high_layout = ok(
        api.post(
            "/api/v1/card-layouts",
            json={"name": f"High card {tag}", "group_id": high["id"], "blocks": []},
        ),
        201,
    )
    chosen = ok(api.get(url))
    assert (chosen["id"], chosen["source"], chosen["group_id"]) == (
        high_layout["id"],
        "group",
        high["id"],
    )
    again = api.post("/api/v1/card-layouts", json={"name": "Twice", "group_id": high["id"]})
    problem(again, 409, "layout_exists")

    # Raising the low group above the high one hands it the card.
    ok(api.patch(f"/api/v1/groups/{low['id']}", json={"priority": 50}))
    assert ok(api.get(url))["id"] == low_layout["id"]
    renamed = api.patch(f"/api/v1/card-layouts/{low_layout['id']}", json={"name": "Renamed"})
    assert ok(renamed)["name"] == "Renamed"
    assert ok(api.get(f"/api/v1/card-layouts/{low_layout['id']}"))["required_fields"] == ["phones"]
    listed = {layout["id"] for layout in ok(api.get("/api/v1/card-layouts"))}
    assert {low_layout["id"], high_layout["id"]} <= listed

    assert api.delete(f"/api/v1/card-layouts/{low_layout['id']}").status_code == 204
    assert ok(api.get(url))["id"] == high_layout["id"]
    assert api.delete(f"/api/v1/card-layouts/{high_layout['id']}").status_code == 204
    assert ok(api.get(url))["source"] in ("built_in", "default")
    problem(api.get(f"/api/v1/contacts/{uuid.uuid4()}/layout"), 404, "contact_not_found")
    bad_block = api.post("/api/v1/card-layouts", json={"name": "X", "blocks": [{"block": "nope"}]})
    assert bad_block.status_code == 422


def test_views_standard_fields_and_activity_types(api: httpx.Client) -> None:
    tag = uuid.uuid4().hex[:8]
    view = ok(
        api.post(
            "/api/v1/views",
            json={
                "name": f"Warsaw {tag}",
                "shared": True,
                "filter": {"field": "region", "op": "eq", "value": "Mazowieckie"},
                "columns": ["display_name", "phones"],
                "sort": [{"field": "created_at", "descending": True}],
            },
        ),
        201,
    )
    assert view["editable"] is True
    assert view["sort"] == [{"field": "created_at", "descending": True}]
    assert view["id"] in {v["id"] for v in ok(api.get("/api/v1/views"))}
    problem(api.post("/api/v1/views", json={"name": f"WARSAW {tag}"}), 409, "view_name_taken")
    bad = api.post("/api/v1/views", json={"name": f"Bad {tag}", "columns": ["salary"]})
    assert problem(bad, 422, "unknown_column")["field"] == "columns[0]"
    changed = ok(api.patch(f"/api/v1/views/{view['id']}", json={"filter": None, "shared": False}))
    assert (changed["filter"], changed["shared"], changed["columns"]) == (
        {"all": []},
        False,
        ["display_name", "phones"],
    )
    assert api.delete(f"/api/v1/views/{view['id']}").status_code == 204
    problem(api.get(f"/api/v1/views/{view['id']}"), 404, "view_not_found")

    fields = ok(api.get("/api/v1/standard-fields"))
    assert {"first_name", "phones", "activity_id"} <= {f["name"] for f in fields}
    region = next(f for f in fields if f["name"] == "region")
    hidden = ok(api.patch("/api/v1/standard-fields/region", json={"visible": False}))
    assert hidden == {**region, "visible": False}
    ok(api.patch("/api/v1/standard-fields/region", json={"visible": True}))
    unknown = api.patch("/api/v1/standard-fields/shoe_size", json={"visible": False})
    problem(unknown, 422, "unknown_field")

    activity = ok(api.post("/api/v1/activity-types", json={"name": f"Retail {tag}"}), 201)
    taken = api.post("/api/v1/activity-types", json={"name": f"retail {tag.upper()}"})
    problem(taken, 409, "activity_name_taken")
    card = ok(
        api.post("/api/v1/contacts", json={**person(2, tag), "activity_id": activity["id"]}), 201
    )
    listed = {a["id"]: a for a in ok(api.get("/api/v1/activity-types"))}
    assert listed[activity["id"]]["contact_count"] == 1
    in_use = api.delete(f"/api/v1/activity-types/{activity['id']}")
    problem(in_use, 409, "activity_in_use")
    renamed = api.patch(f"/api/v1/activity-types/{activity['id']}", json={"name": f"Shops {tag}"})
    assert ok(renamed)["name"] == f"Shops {tag}"
    assert api.delete(f"/api/v1/contacts/{card['id']}").status_code == 200
    assert api.delete(f"/api/v1/activity-types/{activity['id']}").status_code == 204
