"""Event rules: define and change them, and fire them for a batch of events.

Firing runs inside the inbox transaction of the batch (the caller's connection): the history
that decides "first", the pauses of broken rules and the inbox rows commit together, after
the contacts service applied the memberships. A crash in between redelivers the batch, and
applying the same actions again changes nothing.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kartoteka_platform.db import Connection, Database
from kartoteka_platform.errors import InvalidInput, NotFound

from kartoteka_segmentation.clients import ContactsApi, RuleCall
from kartoteka_segmentation.domain.catalogue import EventType
from kartoteka_segmentation.domain.conditions import Condition, Lookup, matches, parse_condition
from kartoteka_segmentation.domain.event_rules import (
    EventRuleSpec,
    Firing,
    chunk_actions,
    plan_actions,
    validate_spec,
)
from kartoteka_segmentation.domain.rules import RuleOutcome, validate_name
from kartoteka_segmentation.store import rules as store
from kartoteka_segmentation.store.rules import RuleRow

# The contacts service takes at most 10,000 contacts per call (its MAX_SCOPE).
MAX_CONTACTS_PER_CALL = 10_000


@dataclass(frozen=True)
class EventRuleInput:
    """An event rule definition as a caller sends it (JSON strings, empty = default)."""

    event_type: str
    condition_json: str
    contact_filter_json: str
    occurrence: str
    action: str


@dataclass(frozen=True)
class Occurrence:
    """One catalogued event, readable through `lookup`, about these contacts; each contact
    with how many events of this type it had before this one (0: the first ever)."""

    event_type: str
    lookup: Lookup
    contacts: Sequence[tuple[uuid.UUID, int]]


class EventRulesService:
    def __init__(
        self, db: Database, contacts: ContactsApi, catalogue: Mapping[str, EventType]
    ) -> None:
        self._db = db
        self._contacts = contacts
        self._catalogue = catalogue
        # Parsed conditions by (rule, version): a batch reuses them instead of re-parsing.
        self._conditions: dict[tuple[uuid.UUID, int], Condition] = {}

    def event_types(self) -> list[EventType]:
        return [self._catalogue[subject] for subject in sorted(self._catalogue)]

    async def create_rule(
        self, name: str, group_id: uuid.UUID, given: EventRuleInput, actor: str
    ) -> RuleRow:
        """Define "on event E where C, add to / remove from G"; it acts on the next events."""
        valid_name = validate_name(name)
        spec = self._spec(given)
        rule_id = uuid.uuid4()
        await self._check_targets(rule_id, group_id, spec)
        async with self._db.transaction() as conn:
            return await store.insert_event_rule(conn, rule_id, valid_name, group_id, spec, actor)

    async def update_rule(
        self, rule: RuleRow, name: str, given: EventRuleInput, actor: str
    ) -> None:
        valid_name = validate_name(name)
        spec = self._spec(given)
        await self._check_targets(rule.id, rule.group_id, spec)
        async with self._db.transaction() as conn:
            await store.update_event_rule(conn, rule.id, valid_name, spec, actor)
            # A changed rule gets a fresh chance: the reason it was paused may be gone.
            await store.set_state(conn, rule.id, "active", None, actor)

    async def fire(self, conn: Connection, occurrences: Sequence[Occurrence]) -> list[RuleOutcome]:
        """Fire the active rules these events satisfy, with one call to the contacts service
        per 10,000 contacts; a rule the data no longer fits is paused with the reason."""
        types = sorted({o.event_type for o in occurrences})
        rules = await store.active_event_rules(conn, types) if types else []
        if not rules:
            return []
        by_type: dict[str, list[tuple[RuleRow, Condition]]] = {}
        for rule in rules:
            condition = await self._condition(conn, rule)
            if condition is not None:
                by_type.setdefault(str(rule.event_type), []).append((rule, condition))
        firings = [
            Firing(rule.id, rule.group_id, str(rule.action), contact)
            for occurrence in occurrences
            for rule, condition in by_type.get(occurrence.event_type, [])
            if matches(condition, occurrence.lookup)
            for contact, before in occurrence.contacts
            if rule.occurrence == "every" or before == 0
        ]
        filters = {
            rule.id: json.dumps(rule.contact_filter)
            for rule in rules
            if rule.contact_filter is not None
        }
        outcomes: list[RuleOutcome] = []
        for piece in chunk_actions(plan_actions(firings), MAX_CONTACTS_PER_CALL):
            outcomes += await self._contacts.apply_actions(piece, filters)
        paused: set[uuid.UUID] = set()
        for outcome in outcomes:
            reason = outcome.pause_reason
            if reason is not None and outcome.rule_id not in paused:
                paused.add(outcome.rule_id)
                await store.set_state(conn, outcome.rule_id, "paused", reason, "system")
        return outcomes

    async def _condition(self, conn: Connection, rule: RuleRow) -> Condition | None:
        """The rule's parsed condition; a rule its event type no longer fits is paused."""
        key = (rule.id, rule.version)
        if key in self._conditions:
            return self._conditions[key]
        event = self._catalogue.get(str(rule.event_type))
        try:
            if event is None:
                raise InvalidInput(
                    "unknown_event_type", f"no event type {rule.event_type}", field="event_type"
                )
            condition = parse_condition(rule.event_condition, event)
        except InvalidInput as error:
            reason = RuleOutcome(rule.id, 0, 0, error.code, error.detail, error.field)
            await store.set_state(conn, rule.id, "paused", reason.pause_reason, "system")
            return None
        self._conditions[key] = condition
        return condition

    def _spec(self, given: EventRuleInput) -> EventRuleSpec:
        spec, _ = validate_spec(
            self._catalogue,
            given.event_type,
            given.condition_json,
            given.contact_filter_json,
            given.occurrence,
            given.action,
        )
        return spec

    async def _check_targets(
        self, rule_id: uuid.UUID, group_id: uuid.UUID, spec: EventRuleSpec
    ) -> None:
        """The group exists and the contact filter is valid (the contacts service checks both
        the way it checks a filter rule's; a bad field comes back with its code and path)."""
        if spec.contact_filter is not None:
            call = RuleCall(group_id, rule_id, json.dumps(spec.contact_filter))
            try:
                await self._contacts.preview(call, sample=1)
            except InvalidInput as error:
                # The contacts service names the node from `filter`; here it is contact_filter.
                if error.field is not None and error.field.startswith("filter"):
                    error.field = "contact_" + error.field
                raise
            return
        if group_id not in await self._contacts.group_descendants():
            raise NotFound("group_not_found", f"no group {group_id}", field="group_id")
