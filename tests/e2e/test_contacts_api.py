"""The contacts API through the gateway: cards, holdings, history, custom fields, search, groups."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import person, wait_until

pytestmark = pytest.mark.e2e


def created(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    return body


def test_company_employee_history_and_bin(api: httpx.Client) -> None:
    tag = uuid.uuid4().hex[:8]
    holding = created(
        api.post(
            "/api/v1/contacts",
            json={
                "kind": "company",
                "company_name": f"Holding {tag}",
                "country_code": "PL",
                "legal": {"nip": "526-000-12-46"},
            },
        )
    )
    assert holding["legal"] == {"nip": "5260001246"}
    bad_nip = api.post(
        "/api/v1/contacts",
        json={
            "kind": "company",
            "company_name": "Zła",
            "country_code": "PL",
            "legal": {"nip": "5260001247"},
        },
    )
    assert problem(bad_nip, 422, "invalid_nip")["field"] == "legal.nip"
    employee = created(
        api.post("/api/v1/contacts", json={**person(1, tag), "company_id": holding["id"]})
    )
    branch = api.get(f"/api/v1/contacts/{employee['id']}/branch").json()
    assert branch["root_id"] == holding["id"]
    assert branch["nodes"][0]["total_head_count"] == 1
    cycle = api.patch(f"/api/v1/contacts/{holding['id']}", json={"company_id": holding["id"]})
    assert problem(cycle, 422, "company_cycle")["field"] == "company_id"

    url = f"/api/v1/contacts/{employee['id']}"
    etag = api.get(url).headers["ETag"]
    changed = api.patch(url, json={"region": "Małopolskie"}, headers={"If-Match": etag})
    assert changed.status_code == 200, changed.text
    assert changed.headers["ETag"] == '"2"'
    stale = api.patch(url, json={"region": "Śląskie"}, headers={"If-Match": etag})
    assert problem(stale, 409, "version_conflict")["current_version"] == 2
    unchanged = api.patch(url, json={"region": "Małopolskie"})
    assert unchanged.json()["version"] == 2
    history = api.get(f"{url}/history", params={"field": "region"}).json()["entries"]
    assert [(h["operation"], h["old_value"], h["new_value"]) for h in history] == [
        ("update", None, "Małopolskie")
    ]

    assert api.delete(url).status_code == 200
    problem(api.get(url), 404, "contact_not_found")
    assert api.post(f"{url}/restore").json()["deleted_at"] is None


def test_duplicates_are_refused_unless_allowed(api: httpx.Client) -> None:
    first = created(api.post("/api/v1/contacts", json=person(1, "dup")))
    again = {**person(2, "dup"), "phones": first["phones"]}
    conflict = problem(api.post("/api/v1/contacts", json=again), 409, "duplicate_contact")
    assert conflict["duplicates"][0]["contact_id"] == first["id"]
    created(api.post("/api/v1/contacts", json=again, params={"allow_duplicates": "true"}))


def test_custom_fields_search_and_groups(api: httpx.Client) -> None:
    tag = uuid.uuid4().hex[:8]
    key = f"visits_{tag}"
    field = created(
        api.post(
            "/api/v1/custom-fields",
            json={
                "key": key,
                "label": "Visits",
                "type": "integer",
                "filterable": True,
            },
        )
    )
    assert field["index_state"] == "building"
    wrong = api.post("/api/v1/contacts", json={**person(0, tag), "custom": {key: "many"}})
    assert problem(wrong, 422, "invalid_integer")["field"] == f"custom.{key}"
    ids = [
        created(
            api.post(
                "/api/v1/contacts",
                json={
                    **person(i, tag),
                    "last_name": f"Żółć-{tag}-{i:02d}",
                    "custom": {key: i},
                },
            )
        )["id"]
        for i in range(12)
    ]
    search = {
        "all": [
            {"search": f"zolc-{tag}"},
            {"field": f"custom.{key}", "op": "between", "value": [3, 10]},
        ]
    }
    seen: list[str] = []
    cursor = None
    while True:
        page = api.post(
            "/api/v1/contacts/search",
            json={
                "filter": search,
                "page_size": 3,
                "cursor": cursor,
                "sort": [{"field": f"custom.{key}", "descending": True}],
            },
        ).json()
        assert page["total"] == 8
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(ids[3:11]))
    bad = api.post(
        "/api/v1/contacts/search",
        json={"filter": {"all": [{"field": "region", "op": "between", "value": "x"}]}},
    )
    assert problem(bad, 422, "unsupported_operator")["field"] == "filter.all[0].op"

    group = created(api.post("/api/v1/groups", json={"name": f"Frequent {tag}"}))
    added = api.post(
        f"/api/v1/groups/{group['id']}/members",
        json={
            "filter": {
                "all": [
                    {"search": f"zolc-{tag}"},
                    {"field": f"custom.{key}", "op": "gte", "value": 10},
                ]
            }
        },
    )
    assert added.json() == {"added": 2}
    in_group = api.post(
        "/api/v1/contacts/search",
        json={"filter": {"group": group["id"], "subgroups": True, "op": "in"}},
    ).json()
    assert sorted(item["id"] for item in in_group["items"]) == sorted(ids[10:])
    memberships = api.get(f"/api/v1/contacts/{ids[11]}/groups").json()
    assert [(m["group_name"], m["source"]) for m in memberships] == [(group["name"], "manual")]
    tree = {g["id"]: g for g in api.get("/api/v1/groups").json()}
    assert tree[group["id"]]["member_count"] == 2

    def index_ready() -> bool:
        fields = {f["key"]: f for f in api.get("/api/v1/custom-fields").json()}
        return fields[key]["index_state"] == "ready"

    wait_until(index_ready, timeout=60, message="the worker to build the field's index")


def test_a_filter_nested_a_thousand_deep_is_refused(api: httpx.Client) -> None:
    # Built as text: Python's own JSON encoder refuses to nest this deep.
    leaf = '{"field": "region", "op": "eq", "value": "X"}'
    body = '{"filter": ' + '{"not": ' * 1000 + leaf + "}" * 1000 + "}"
    response = api.post(
        "/api/v1/contacts/search", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code in (400, 422), response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "malformed_json"
    # Deep enough to be wrong, shallow enough for the parser: the filter's own limit answers.
    body = '{"filter": ' + '{"not": ' * 40 + leaf + "}" * 40 + "}"
    too_deep = api.post(
        "/api/v1/contacts/search", content=body, headers={"content-type": "application/json"}
    )
    assert problem(too_deep, 422, "filter_too_deep")["field"].startswith("filter.not.not")


def test_find_and_merge_duplicates(api: httpx.Client) -> None:
    first = created(api.post("/api/v1/contacts", json=person(1, "merge")))
    second = created(
        api.post(
            "/api/v1/contacts",
            params={"allow_duplicates": "true"},
            json={
                **person(2, "merge"),
                "phones": first["phones"],
                "region": "Lubelskie",
            },
        )
    )
    pairs: list[dict[str, Any]] = []
    token = None
    while True:
        page = api.get(
            "/api/v1/duplicates",
            params={"page_size": 50, "page_token": token} if token else {"page_size": 50},
        ).json()
        pairs += page["candidates"]
        token = page["next_page_token"]
        if token is None:
            break
    assert {first["id"], second["id"]} in [{p["first_id"], p["second_id"]} for p in pairs]
    body = {
        "survivor_id": first["id"],
        "merged_ids": [second["id"]],
        "field_sources": {"last_name": second["id"]},
    }
    preview = api.post("/api/v1/contacts/merge", json={**body, "dry_run": True}).json()
    assert preview["contact"]["last_name"] == second["last_name"]
    assert api.get(f"/api/v1/contacts/{second['id']}").status_code == 200
    merged = api.post("/api/v1/contacts/merge", json=body)
    assert merged.status_code == 200, merged.text
    survivor = merged.json()["contact"]
    assert (survivor["last_name"], survivor["region"]) == (second["last_name"], "Lubelskie")
    assert len(survivor["emails"]) == 2
    problem(api.get(f"/api/v1/contacts/{second['id']}"), 404, "contact_not_found")


def test_search_items_are_the_cards_get_returns(api: httpx.Client) -> None:
    tag = uuid.uuid4().hex[:8]
    card = created(
        api.post(
            "/api/v1/contacts",
            json={
                **person(1, tag),
                "last_name": f"Spójna-{tag}",
                "birthday": "1990-05-17",
                "gender": "female",
                "addresses": [{"city": "Toruń", "country_code": "PL"}],
            },
        )
    )
    page = api.post("/api/v1/contacts/search", json={"filter": {"search": f"spojna-{tag}"}})
    assert page.status_code == 200
    assert page.json()["items"] == [api.get(f"/api/v1/contacts/{card['id']}").json()]


def test_filter_fields_list_what_a_filter_may_use_and_search_accepts_it(
    api: httpx.Client,
) -> None:
    key = f"tier_{uuid.uuid4().hex[:8]}"
    created(
        api.post(
            "/api/v1/custom-fields",
            json={
                "key": key,
                "label": "Tier",
                "type": "dropdown",
                "options": [{"value": "gold", "label": "Gold"}, {"value": "silver", "label": "S"}],
            },
        )
    )
    # A fixed path under /api/v1/contacts/ is not taken for a contact id.
    response = api.get("/api/v1/contacts/filter-fields")
    assert response.status_code == 200, response.text
    fields = {item["field"]: item for item in response.json()}
    assert fields["region"]["value_kind"] == "text"
    assert "contains" in fields["region"]["operators"]
    tier = fields[f"custom.{key}"]
    assert (tier["value_kind"], tier["choices"]) == ("dropdown", ["gold", "silver"])
    assert set(tier["operators"]) == {"eq", "ne", "in", "not_in", "empty", "not_empty"}
    for op in tier["operators"]:
        condition: dict[str, Any] = {"field": f"custom.{key}", "op": op}
        if op in ("in", "not_in"):
            condition["value"] = ["gold"]
        elif op not in ("empty", "not_empty"):
            condition["value"] = "gold"
        searched = api.post("/api/v1/contacts/search", json={"filter": condition})
        assert searched.status_code == 200, (op, searched.text)
    columns = api.get("/api/v1/contacts/columns")
    assert columns.status_code == 200, columns.text
    assert any(column["key"] == f"custom.{key}" for column in columns.json())
