"""The event-rule condition language: what it accepts, what it refuses (and where), and what
it matches."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from kartoteka_platform.errors import InvalidInput
from kartoteka_segmentation.domain.catalogue import EventField, EventType
from kartoteka_segmentation.domain.conditions import matches, parse_condition

KINDS = ("CONTACT_KIND_UNSPECIFIED", "CONTACT_KIND_PERSON", "CONTACT_KIND_LEGAL_ENTITY")
EVENT = EventType(
    "kartoteka.test.thing.happened",
    "kartoteka.test.v1.ThingHappened",
    "contact_id",
    {
        f.path: f
        for f in (
            EventField("contact_id", "string"),
            EventField("changed_fields", "string", repeated=True),
            EventField("version", "integer"),
            EventField("amount", "number"),
            EventField("urgent", "bool"),
            EventField("kind", "enum", enum_values=KINDS),
            EventField("at", "timestamp"),
            EventField("call.subject", "string"),
        )
    },
)
PAYLOAD: dict[str, Any] = {
    "contact_id": "c-1",
    "changed_fields": ["region", "custom.hobby"],
    "version": 7,
    "amount": 12.5,
    "urgent": False,
    "kind": "CONTACT_KIND_PERSON",
    "at": datetime(2025, 3, 1, 12, 0, tzinfo=UTC),
    "call.subject": "Offer for the spring",
}


def check(raw: Any, payload: dict[str, Any] | None = None) -> bool:
    return matches(parse_condition(raw, EVENT), (payload or PAYLOAD).__getitem__)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, True),
        ({"field": "changed_fields", "op": "contains", "value": "region"}, True),
        ({"field": "changed_fields", "op": "contains", "value": "phones"}, False),
        ({"field": "changed_fields", "op": "exists"}, True),
        ({"field": "version", "op": "gte", "value": 7}, True),
        ({"field": "version", "op": "gt", "value": 7}, False),
        ({"field": "amount", "op": "lt", "value": 13}, True),
        ({"field": "urgent", "op": "eq", "value": False}, True),
        ({"field": "urgent", "op": "exists"}, False),
        ({"field": "kind", "op": "eq", "value": "CONTACT_KIND_PERSON"}, True),
        ({"field": "kind", "op": "in", "value": ["CONTACT_KIND_LEGAL_ENTITY"]}, False),
        ({"field": "at", "op": "gt", "value": "2025-03-01T11:00:00+00:00"}, True),
        ({"field": "at", "op": "lte", "value": "2025-03-01T13:59:59+02:00"}, False),
        ({"field": "call.subject", "op": "contains", "value": "spring"}, True),
        ({"field": "contact_id", "op": "in", "value": ["c-2", "c-1"]}, True),
        ({"field": "contact_id", "op": "ne", "value": "c-1"}, False),
        (
            {
                "all": [
                    {"field": "version", "op": "eq", "value": 7},
                    {"not": {"field": "urgent", "op": "eq", "value": True}},
                    {"any": [{"field": "amount", "op": "gt", "value": 100}, {"all": []}]},
                ]
            },
            True,
        ),
        ({"any": []}, False),
    ],
)
def test_conditions_match_the_payload(raw: Any, expected: bool) -> None:
    assert check(raw) is expected


def test_unset_values_compare_as_proto3_defaults() -> None:
    empty = {**PAYLOAD, "at": None, "kind": KINDS[0], "changed_fields": [], "call.subject": ""}
    assert not check({"field": "at", "op": "exists"}, empty)
    assert not check({"field": "at", "op": "lt", "value": "2030-01-01T00:00:00Z"}, empty)
    assert not check({"field": "kind", "op": "exists"}, empty)
    assert not check({"field": "changed_fields", "op": "contains", "value": "x"}, empty)
    assert check({"field": "call.subject", "op": "eq", "value": ""}, empty)


@pytest.mark.parametrize(
    ("raw", "code", "where"),
    [
        (
            {"field": "colour", "op": "eq", "value": "x"},
            "unknown_event_field",
            "event_condition.field",
        ),
        (
            {
                "all": [
                    {"field": "version", "op": "eq", "value": 1},
                    {"field": "nope", "op": "exists"},
                ]
            },
            "unknown_event_field",
            "event_condition.all[1].field",
        ),
        (
            {"field": "version", "op": "eq", "value": "7"},
            "invalid_condition_value",
            "event_condition.value",
        ),
        (
            {"field": "version", "op": "eq", "value": True},
            "invalid_condition_value",
            "event_condition.value",
        ),
        (
            {"field": "version", "op": "eq", "value": 1.5},
            "invalid_condition_value",
            "event_condition.value",
        ),
        (
            {"field": "urgent", "op": "eq", "value": 1},
            "invalid_condition_value",
            "event_condition.value",
        ),
        (
            {"field": "kind", "op": "eq", "value": "ROBOT"},
            "invalid_condition_value",
            "event_condition.value",
        ),
        (
            {"field": "at", "op": "gt", "value": "yesterday"},
            "invalid_condition_value",
            "event_condition.value",
        ),
        (
            {"not": {"field": "contact_id", "op": "in", "value": ["a", 2]}},
            "invalid_condition_value",
            "event_condition.not.value[1]",
        ),
        (
            {"field": "contact_id", "op": "in", "value": []},
            "invalid_condition_value",
            "event_condition.value",
        ),
        (
            {"field": "version", "op": "exists", "value": 1},
            "invalid_condition_value",
            "event_condition.value",
        ),
        ({"field": "version", "op": "eq"}, "invalid_condition_value", "event_condition.value"),
        (
            {"field": "urgent", "op": "gt", "value": True},
            "invalid_condition_op",
            "event_condition.op",
        ),
        (
            {"field": "changed_fields", "op": "eq", "value": "x"},
            "invalid_condition_op",
            "event_condition.op",
        ),
        (
            {"field": "version", "op": "like", "value": 1},
            "invalid_condition_op",
            "event_condition.op",
        ),
        ({"any": {"field": "version"}}, "invalid_condition", "event_condition.any"),
        ({"all": [], "any": []}, "invalid_condition", "event_condition"),
        ({"not": {}, "extra": 1}, "invalid_condition", "event_condition"),
        (
            {"field": "version", "op": "eq", "value": 1, "why": 2},
            "invalid_condition",
            "event_condition",
        ),
        ("version = 7", "invalid_condition", "event_condition"),
        ([{"field": "version"}], "invalid_condition", "event_condition"),
    ],
)
def test_bad_conditions_name_the_node_at_fault(raw: Any, code: str, where: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_condition(raw, EVENT)
    assert (caught.value.code, caught.value.field) == (code, where)


def test_a_condition_is_bounded() -> None:
    deep: Any = {"field": "version", "op": "exists"}
    for _ in range(40):
        deep = {"not": deep}
    with pytest.raises(InvalidInput) as caught:
        parse_condition(deep, EVENT)
    assert caught.value.code == "invalid_condition"
    wide = {"any": [{"field": "version", "op": "exists"}] * 600}
    with pytest.raises(InvalidInput):
        parse_condition(wide, EVENT)
