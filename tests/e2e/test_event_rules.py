"""Event rules end to end: contacts events through NATS into segmentation, memberships back in
contacts, people's choices respected, bad input refused or dead-lettered.

Each "did not happen" is asserted only after a later event of the same stream (a sentinel) has
visibly taken effect: the consumer applies a stream in order, so the earlier event was handled.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import nats
import psycopg
import pytest
from kartoteka_devstack.platform import Platform
from kartoteka_platform.messaging.envelope import HEADER_MSG_ID, HEADER_TYPE

from tests.e2e.conftest import wait_until
from tests.e2e.test_smart_groups import member_ids, new_card

pytestmark = pytest.mark.e2e

CREATED = "kartoteka.contacts.contact.created"
UPDATED = "kartoteka.contacts.contact.updated"


def new_group(api: httpx.Client, name: str) -> str:
    response = api.post("/api/v1/groups", json={"name": name})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


@pytest.fixture(autouse=True)
def _rules_deleted_afterwards(api: httpx.Client) -> Iterator[None]:
    """Event rules of a test are deleted after it: they would act on other tests' contacts."""
    yield
    for rule_id in _created.copy():
        api.delete(f"/api/v1/smart-rules/{rule_id}")
        _created.remove(rule_id)


_created: list[str] = []


def event_rule(api: httpx.Client, group_id: str, event_type: str, **spec: Any) -> dict[str, Any]:
    response = api.post(
        "/api/v1/smart-rules",
        json={
            "kind": "event",
            "name": f"on {event_type}",
            "group_id": group_id,
            "event_type": event_type,
            **spec,
        },
    )
    assert response.status_code == 201, response.text
    rule: dict[str, Any] = response.json()
    _created.append(rule["id"])
    return rule


def move(api: httpx.Client, contact_id: str, **fields: Any) -> None:
    response = api.patch(f"/api/v1/contacts/{contact_id}", json=fields)
    assert response.status_code == 200, response.text


def test_a_new_contact_from_ads_becomes_a_lead(api: httpx.Client) -> None:
    tag = uuid.uuid4().hex[:8]
    leads = new_group(api, f"Leads {tag}")
    rule = event_rule(
        api,
        leads,
        CREATED,
        contact_filter={"field": "source", "op": "eq", "value": f"ads-{tag}"},
    )
    assert rule["kind"] == "event"
    assert rule["filter"] is None
    assert rule["event"] == {
        "event_type": CREATED,
        "event_condition": None,
        "contact_filter": {"field": "source", "op": "eq", "value": f"ads-{tag}"},
        "occurrence": "every",
        "action": "add",
    }
    new_card(api, tag, 1, "anywhere", source=f"shop-{tag}")
    from_ads = new_card(api, tag, 2, "anywhere", source=f"ads-{tag}")
    wait_until(lambda: from_ads in member_ids(api, leads), message="the ads contact to join")
    assert member_ids(api, leads) == {from_ads}, "the walk-in does not match the contact filter"
    why = api.get(f"/api/v1/contacts/{from_ads}/groups").json()
    assert [(m["group_id"], m["source"], m["rule_id"]) for m in why] == [
        (leads, "rule", rule["id"])
    ]


def test_first_means_the_contacts_first_event_of_the_type(api: httpx.Client) -> None:
    tag = uuid.uuid4().hex[:8]
    seen, warm = new_group(api, f"Seen {tag}"), new_group(api, f"Warm {tag}")
    # Every update shows in `seen`: proof that segmentation consumed (and counted) it.
    event_rule(api, seen, UPDATED)
    veteran = new_card(api, tag, 1, "x")
    move(api, veteran, description="updated before the rule existed")
    wait_until(lambda: veteran in member_ids(api, seen), message="the first update consumed")

    event_rule(api, warm, UPDATED, occurrence="first")
    newcomer, sentinel = new_card(api, tag, 2, "x"), new_card(api, tag, 3, "x")
    move(api, veteran, description="second update: not its first")
    move(api, newcomer, description="its first update")
    wait_until(lambda: newcomer in member_ids(api, warm), message="the first update to add")
    assert veteran not in member_ids(api, warm), "history predates the rule"

    # A person takes the newcomer out (no exclusion): its second update does not re-add it.
    api.post(f"/api/v1/groups/{warm}/members/remove", json={"contact_ids": [newcomer]})
    move(api, newcomer, description="second update")
    move(api, sentinel, description="first update of the sentinel")
    wait_until(lambda: sentinel in member_ids(api, warm), message="the sentinel to join")
    assert member_ids(api, warm) == {sentinel}


def test_a_payload_condition_adds_and_a_person_exclusion_sticks(api: httpx.Client) -> None:
    tag = uuid.uuid4().hex[:8]
    movers = new_group(api, f"Movers {tag}")
    event_rule(
        api,
        movers,
        UPDATED,
        event_condition={"field": "changed_fields", "op": "contains", "value": "region"},
    )
    mover, stayer, sentinel = (new_card(api, tag, i, "old") for i in range(3))
    move(api, stayer, description="no region change")
    move(api, mover, region="new")
    wait_until(lambda: mover in member_ids(api, movers), message="the mover to join")
    assert stayer not in member_ids(api, movers)

    # Kept out by a person: the rule does not add it back on its next matching event.
    api.post(
        f"/api/v1/groups/{movers}/members/remove", json={"contact_ids": [mover], "exclude": True}
    )
    move(api, mover, region="newer")
    move(api, sentinel, region="new")
    wait_until(lambda: sentinel in member_ids(api, movers), message="the sentinel to join")
    assert member_ids(api, movers) == {sentinel}


def test_remove_takes_rule_memberships_and_leaves_manual_ones(api: httpx.Client) -> None:
    tag = uuid.uuid4().hex[:8]
    region = f"region-{tag}"
    locals_ = new_group(api, f"Locals {tag}")
    joiner = event_rule(
        api, locals_, CREATED, contact_filter={"field": "region", "op": "eq", "value": region}
    )
    leaver = event_rule(
        api,
        locals_,
        UPDATED,
        action="remove",
        event_condition={"field": "changed_fields", "op": "contains", "value": "region"},
    )
    a, b = new_card(api, tag, 1, region), new_card(api, tag, 2, region)
    manual = new_card(api, tag, 3, "elsewhere")
    api.post(f"/api/v1/groups/{locals_}/members", json={"contact_ids": [manual]})
    wait_until(lambda: member_ids(api, locals_) == {a, b, manual}, message="a and b to join")

    move(api, manual, region="moved")
    move(api, b, description="not a move")
    move(api, a, region="moved")
    wait_until(lambda: a not in member_ids(api, locals_), message="a to leave")
    assert member_ids(api, locals_) == {b, manual}, "manual members and non-movers stay"

    # Deleting a rule removes only what it created.
    assert api.delete(f"/api/v1/smart-rules/{leaver['id']}").json() == {"removed": 0}
    assert api.delete(f"/api/v1/smart-rules/{joiner['id']}").json() == {"removed": 1}
    assert member_ids(api, locals_) == {manual}


def test_the_catalogue_and_bad_rules(api: httpx.Client) -> None:
    types = api.get("/api/v1/smart-rules/event-types")
    assert types.status_code == 200, types.text
    by_subject = {t["subject"]: t for t in types.json()}
    assert {CREATED, UPDATED, "kartoteka.contacts.group.member_added"} <= set(by_subject)
    fields = {f["path"]: f for f in by_subject[UPDATED]["fields"]}
    assert fields["changed_fields"]["type"] == "string"
    assert fields["changed_fields"]["repeated"]

    tag = uuid.uuid4().hex[:8]
    group = new_group(api, f"Bad {tag}")

    def refused(status: int, code: str, field: str, **spec: Any) -> None:
        body = {"kind": "event", "name": "bad", "group_id": group, "event_type": UPDATED, **spec}
        response = api.post("/api/v1/smart-rules", json=body)
        assert response.status_code == status, response.text
        problem = response.json()
        assert response.headers["content-type"].startswith("application/problem+json")
        assert (problem["code"], problem.get("field")) == (code, field)

    refused(422, "unknown_event_type", "event_type", event_type="kartoteka.comms.call.logged")
    refused(
        422,
        "unknown_event_field",
        "event_condition.all[0].field",
        event_condition={"all": [{"field": "region", "op": "eq", "value": "x"}]},
    )
    refused(
        422,
        "invalid_condition_value",
        "event_condition.value",
        event_condition={"field": "version", "op": "gt", "value": "ten"},
    )
    refused(
        422,
        "unknown_field",
        "contact_filter.field",
        contact_filter={"field": f"custom.missing_{tag}", "op": "eq", "value": 1},
    )
    refused(404, "group_not_found", "group_id", group_id=str(uuid.uuid4()))

    # Changing an event rule: checked the same way; a filter body does not fit it.
    rule = event_rule(api, group, UPDATED, occurrence="first")
    change = {"kind": "event", "name": "changed", "event_type": UPDATED, "action": "remove"}
    bad = api.put(
        f"/api/v1/smart-rules/{rule['id']}",
        json={**change, "event_condition": {"field": "version", "op": "contains", "value": 1}},
    )
    assert (bad.status_code, bad.json()["code"], bad.json()["field"]) == (
        422,
        "invalid_condition_op",
        "event_condition.op",
    )
    as_filter = api.put(
        f"/api/v1/smart-rules/{rule['id']}", json={"name": "x", "filter": {"search": "x"}}
    )
    assert (as_filter.status_code, as_filter.json()["code"]) == (422, "not_a_filter_rule")
    changed = api.put(f"/api/v1/smart-rules/{rule['id']}", json=change)
    assert changed.status_code == 200, changed.text
    assert (changed.json()["name"], changed.json()["version"]) == ("changed", 2)
    assert changed.json()["event"]["action"] == "remove"
    assert changed.json()["event"]["occurrence"] == "every", "a change replaces the definition"


def test_a_rule_whose_contact_field_is_deleted_pauses_itself(api: httpx.Client) -> None:
    tag = uuid.uuid4().hex[:8]
    key = f"score_{tag}"
    created = api.post(
        "/api/v1/custom-fields", json={"key": key, "label": "Score", "type": "integer"}
    )
    assert created.status_code == 201, created.text
    group = new_group(api, f"Scored {tag}")
    rule = event_rule(
        api, group, CREATED, contact_filter={"field": f"custom.{key}", "op": "gte", "value": 1}
    )
    assert api.delete(f"/api/v1/custom-fields/{key}").status_code == 204
    new_card(api, tag, 1, "anywhere")

    def paused() -> bool:
        state = api.get(f"/api/v1/smart-rules/{rule['id']}").json()
        return state["state"] == "paused" and "unknown_field" in (state["paused_reason"] or "")

    wait_until(paused, timeout=60, message="the rule to pause itself with the reason")


def test_poison_events_are_dead_lettered_and_the_consumer_goes_on(
    api: httpx.Client, platform: Platform
) -> None:
    tag = uuid.uuid4().hex[:8]
    unknown, malformed = str(uuid.uuid4()), str(uuid.uuid4())

    async def publish() -> None:
        client = await nats.connect(platform.urls.nats_url)
        js = client.jetstream()
        bad_type = "kartoteka.contacts.thing.exploded"
        await js.publish(bad_type, b"", headers={HEADER_MSG_ID: unknown, HEADER_TYPE: bad_type})
        await js.publish(
            CREATED, b"\xff\xff\xff", headers={HEADER_MSG_ID: malformed, HEADER_TYPE: CREATED}
        )
        await client.close()

    group = new_group(api, f"After poison {tag}")
    event_rule(api, group, CREATED)
    asyncio.run(publish())
    after = new_card(api, tag, 1, "anywhere")
    wait_until(lambda: after in member_ids(api, group), message="the consumer to go on")
    with psycopg.connect(platform.urls.database_url) as conn:
        rows = conn.execute(
            "SELECT event_id, consumer, reason FROM segmentation.dead_letters"
            " WHERE event_id = ANY(%s)",
            [[unknown, malformed]],
        ).fetchall()
    reasons = {event_id: (consumer, reason) for event_id, consumer, reason in rows}
    assert reasons[unknown][0] == "segmentation-contacts"
    assert "unknown event type" in reasons[unknown][1]
    assert "malformed" in reasons[malformed][1]
