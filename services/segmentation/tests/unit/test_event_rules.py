"""Event rule definitions, and how a batch's firings become calls to the contacts service."""

from __future__ import annotations

import uuid

import pytest
from kartoteka_platform.errors import InvalidInput
from kartoteka_segmentation.domain.catalogue import EventField, EventType
from kartoteka_segmentation.domain.event_rules import (
    Firing,
    RuleAction,
    chunk_actions,
    plan_actions,
    validate_spec,
)

CATALOGUE = {
    "kartoteka.comms.call.logged": EventType(
        "kartoteka.comms.call.logged",
        "kartoteka.comms.v1.CallLogged",
        "contact_id",
        {
            "contact_id": EventField("contact_id", "string"),
            "seconds": EventField("seconds", "integer"),
        },
    ),
    "kartoteka.staff.employee.blocked": EventType(
        "kartoteka.staff.employee.blocked", "kartoteka.staff.v1.EmployeeBlocked", "", {}
    ),
}
G1, G2 = uuid.UUID(int=1), uuid.UUID(int=2)
A, B = uuid.UUID(int=11), uuid.UUID(int=12)
X, Y, Z = (uuid.UUID(int=n) for n in (21, 22, 23))


def test_a_valid_rule_gets_defaults() -> None:
    spec, _ = validate_spec(
        CATALOGUE,
        "kartoteka.comms.call.logged",
        '{"field": "seconds", "op": "gt", "value": 30}',
        "",
        "",
        "",
    )
    assert (spec.occurrence, spec.action, spec.contact_filter) == ("every", "add", None)
    assert spec.condition == {"field": "seconds", "op": "gt", "value": 30}


@pytest.mark.parametrize(
    ("args", "code", "field"),
    [
        (("kartoteka.comms.call.missed", "", "", "", ""), "unknown_event_type", "event_type"),
        (
            ("kartoteka.staff.employee.blocked", "", "", "", ""),
            "event_without_contact",
            "event_type",
        ),
        (("kartoteka.comms.call.logged", "{", "", "", ""), "invalid_json", "event_condition"),
        (
            ("kartoteka.comms.call.logged", '{"field": "duration", "op": "exists"}', "", "", ""),
            "unknown_event_field",
            "event_condition.field",
        ),
        (
            ("kartoteka.comms.call.logged", "", "[1]", "", ""),
            "invalid_filter_node",
            "contact_filter",
        ),
        (("kartoteka.comms.call.logged", "", "", "second", ""), "invalid_occurrence", "occurrence"),
        (("kartoteka.comms.call.logged", "", "", "", "toggle"), "invalid_action", "action"),
    ],
)
def test_bad_definitions_are_refused(args: tuple[str, ...], code: str, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_spec(CATALOGUE, *args)
    assert (caught.value.code, caught.value.field) == (code, field)


def test_firings_are_grouped_per_rule() -> None:
    firings = [Firing(A, G1, "add", X), Firing(B, G2, "add", X), Firing(A, G1, "add", Y)]
    assert plan_actions(firings) == [
        RuleAction(A, G1, "add", (X, Y)),
        RuleAction(B, G2, "add", (X,)),
    ]


def test_the_order_of_opposite_actions_on_one_contact_is_kept() -> None:
    # Y: added by A, removed by B, added by A again: it must end in the group.
    firings = [
        Firing(A, G1, "add", X),
        Firing(B, G1, "remove", Y),
        Firing(A, G1, "add", Y),
        Firing(A, G1, "add", Z),
        Firing(B, G1, "remove", X),
    ]
    assert plan_actions(firings) == [
        RuleAction(A, G1, "add", (X, Z)),
        RuleAction(B, G1, "remove", (Y,)),
        RuleAction(A, G1, "add", (Y,)),
        RuleAction(B, G1, "remove", (X,)),
    ]


def test_repeats_of_one_rule_on_one_contact_collapse() -> None:
    firings = [Firing(A, G1, "add", X)] * 3
    assert plan_actions(firings) == [RuleAction(A, G1, "add", (X,))]


def test_chunks_keep_order_and_split_actions() -> None:
    actions = [RuleAction(A, G1, "add", (X, Y, Z)), RuleAction(B, G2, "remove", (X,))]
    assert list(chunk_actions(actions, 2)) == [
        [RuleAction(A, G1, "add", (X, Y))],
        [RuleAction(A, G1, "add", (Z,)), RuleAction(B, G2, "remove", (X,))],
    ]
