"""Event rules: "on event E where C (on the event and on the contact), add to / remove from G"."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kartoteka_platform.errors import InvalidInput

from kartoteka_segmentation.domain.catalogue import EventType
from kartoteka_segmentation.domain.conditions import Condition, parse_condition

OCCURRENCES = ("every", "first")
ACTIONS = ("add", "remove")


@dataclass(frozen=True)
class EventRuleSpec:
    """A checked event rule definition, as stored."""

    event_type: str
    condition: Any
    contact_filter: Any
    occurrence: str
    action: str


@dataclass(frozen=True)
class Firing:
    """An event rule that fired for one contact, in event order."""

    rule_id: uuid.UUID
    group_id: uuid.UUID
    action: str
    contact_id: uuid.UUID


@dataclass(frozen=True)
class RuleAction:
    """One rule applied to some contacts: one entry of a call to the contacts service."""

    rule_id: uuid.UUID
    group_id: uuid.UUID
    action: str
    contact_ids: tuple[uuid.UUID, ...]


def validate_spec(
    catalogue: Mapping[str, EventType],
    event_type: str,
    condition_json: str,
    contact_filter_json: str,
    occurrence: str,
    action: str,
) -> tuple[EventRuleSpec, Condition]:
    """The rule definition checked against the event catalogue (the contact filter is checked
    by the contacts service); `InvalidInput` names the field at fault."""
    event = catalogue.get(event_type)
    if event is None:
        known = ", ".join(sorted(catalogue))
        raise InvalidInput(
            "unknown_event_type",
            f"no event type {event_type!r} (known: {known})",
            field="event_type",
        )
    if not event.contact_field:
        raise InvalidInput(
            "event_without_contact",
            f"{event_type} names no contact, so it cannot change a group",
            field="event_type",
        )
    raw_condition = _json(condition_json, "event_condition")
    condition = parse_condition(raw_condition, event)
    contact_filter = _json(contact_filter_json, "contact_filter")
    if contact_filter is not None and not isinstance(contact_filter, dict):
        raise InvalidInput(
            "invalid_filter_node", "a contact filter is a JSON object", field="contact_filter"
        )
    occurrence = occurrence or "every"
    if occurrence not in OCCURRENCES:
        raise InvalidInput("invalid_occurrence", "occurrence is every or first", field="occurrence")
    action = action or "add"
    if action not in ACTIONS:
        raise InvalidInput("invalid_action", "action is add or remove", field="action")
    spec = EventRuleSpec(event_type, raw_condition, contact_filter, occurrence, action)
    return spec, condition


def plan_actions(firings: Sequence[Firing]) -> list[RuleAction]:
    """Firings of a batch grouped per rule into as few actions as keep their effect.

    Actions touching the same contact in the same group keep the order of their events (an
    add then a remove ends removed), so a firing goes into the round after the last one that
    touched its (group, contact); within a round, each rule's contacts travel together.
    """
    last: dict[tuple[uuid.UUID, uuid.UUID], tuple[int, uuid.UUID, str]] = {}
    rounds: list[dict[tuple[uuid.UUID, uuid.UUID, str], dict[uuid.UUID, None]]] = []
    for firing in firings:
        key = (firing.group_id, firing.contact_id)
        previous = last.get(key)
        if previous is not None and previous[1:] == (firing.rule_id, firing.action):
            continue  # the same rule again on the same contact changes nothing
        index = previous[0] + 1 if previous is not None else 0
        while len(rounds) <= index:
            rounds.append({})
        rule = (firing.rule_id, firing.group_id, firing.action)
        rounds[index].setdefault(rule, {})[firing.contact_id] = None
        last[key] = (index, firing.rule_id, firing.action)
    return [
        RuleAction(rule_id, group_id, action, tuple(contacts))
        for round_ in rounds
        for (rule_id, group_id, action), contacts in round_.items()
    ]


def chunk_actions(actions: Sequence[RuleAction], limit: int) -> Iterator[list[RuleAction]]:
    """Consecutive pieces of at most `limit` contacts, in order (an action may be split)."""
    piece: list[RuleAction] = []
    room = limit
    for action in actions:
        contacts = action.contact_ids
        while contacts:
            taken, contacts = contacts[:room], contacts[room:]
            piece.append(RuleAction(action.rule_id, action.group_id, action.action, taken))
            room -= len(taken)
            if room == 0:
                yield piece
                piece, room = [], limit
    if piece:
        yield piece


def _json(raw: str, field: str) -> Any:
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise InvalidInput("invalid_json", f"{field} is not JSON: {exc}", field=field) from exc
