"""Smart-group rules: define, change, pause, delete, preview and evaluate them.

Membership itself lives in the contacts service (it is what filters see); segmentation owns
the rules and decides when each runs. Evaluating calls the contacts service, so these use
cases open their own short transactions around the calls instead of holding one across them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from kartoteka_platform.db import Database
from kartoteka_platform.errors import Conflict, InvalidInput, NotFound

from kartoteka_segmentation.clients import ContactsApi, Preview, RuleCall
from kartoteka_segmentation.domain.rules import (
    FilterReads,
    RuleOutcome,
    dependency_graph,
    evaluation_order,
    filter_reads,
    validate_name,
)
from kartoteka_segmentation.store import rules as store
from kartoteka_segmentation.store.rules import RuleRow

# Applied to delete a rule: matches nobody, so every membership the rule created goes.
MATCH_NOTHING: dict[str, list[Any]] = {"any": []}


class RulesService:
    def __init__(self, db: Database, contacts: ContactsApi) -> None:
        self._db = db
        self._contacts = contacts

    async def create_rule(
        self, name: str, group_id: uuid.UUID, filter_json: str, actor: str
    ) -> RuleRow:
        """Define "contacts matching F are members of G"; the caller then runs it in full."""
        valid_name = validate_name(name)
        node = _parse(filter_json)
        rule_id = uuid.uuid4()
        await self._contacts.preview(RuleCall(group_id, rule_id, filter_json), sample=1)
        reads = await self._check_dependencies(rule_id, group_id, node)
        async with self._db.transaction() as conn:
            if await store.filter_rule_of_group(conn, group_id) is not None:
                raise Conflict(
                    "group_has_rule", "this group is already filled by a rule", field="group_id"
                )
            return await store.insert_rule(
                conn,
                rule_id,
                valid_name,
                group_id,
                node,
                sorted(reads.fields),
                sorted(reads.groups),
                reads.time_relative,
                actor,
            )

    async def update_rule(
        self, rule_id: uuid.UUID, name: str, filter_json: str, actor: str
    ) -> RuleRow:
        rule = await self._rule(rule_id)
        if rule.kind != "filter":
            raise InvalidInput(
                "not_a_filter_rule", "an event rule is changed with `event`", field="event"
            )
        node = _parse(filter_json)
        await self._contacts.preview(RuleCall(rule.group_id, rule_id, filter_json), sample=1)
        reads = await self._check_dependencies(rule_id, rule.group_id, node)
        async with self._db.transaction() as conn:
            await store.update_rule(
                conn,
                rule_id,
                validate_name(name),
                node,
                sorted(reads.fields),
                sorted(reads.groups),
                reads.time_relative,
                actor,
            )
            # A changed filter gets a fresh chance: the reason it was paused may be gone.
            await store.set_state(conn, rule_id, "active", None, actor)
        return await self._rule(rule_id)

    async def set_paused(self, rule_id: uuid.UUID, paused: bool, actor: str) -> RuleRow:
        await self._rule(rule_id)
        async with self._db.transaction() as conn:
            await store.set_state(
                conn,
                rule_id,
                "paused" if paused else "active",
                "paused by a person" if paused else None,
                actor,
            )
        return await self._rule(rule_id)

    async def delete_rule(self, rule_id: uuid.UUID, actor: str) -> int:
        """Remove the memberships this rule created (manual ones stay), then the rule."""
        rule = await self._rule(rule_id)
        [outcome] = await self._contacts.sync(
            [RuleCall(rule.group_id, rule_id, json.dumps(MATCH_NOTHING))]
        )
        async with self._db.transaction() as conn:
            await store.mark_deleted(conn, rule_id, actor)
        return outcome.removed

    async def preview(
        self, group_id: uuid.UUID, filter_json: str, rule_id: uuid.UUID | None
    ) -> Preview:
        _parse(filter_json)
        return await self._contacts.preview(
            RuleCall(group_id, rule_id or uuid.uuid4(), filter_json)
        )

    async def list_rules(self) -> list[RuleRow]:
        async with self._db.connection() as conn:
            return await store.list_rules(conn)

    async def get_rule(self, rule_id: uuid.UUID) -> RuleRow:
        return await self._rule(rule_id)

    async def evaluate(
        self, rule_ids: Sequence[uuid.UUID] | None = None, contact_ids: Sequence[str] = ()
    ) -> list[RuleOutcome]:
        """Run active rules (all, or these) in dependency order, for every contact or some.

        A rule the contacts service cannot apply any more (its field or group was deleted) is
        paused with the reason, visible on the rule; the others still run.
        """
        async with self._db.connection() as conn:
            # Event rules act on events only; a full evaluation is about filters.
            filters = await store.list_rules(conn, active_only=True, kind="filter")
            active = {rule.id: rule for rule in filters}
        wanted = set(rule_ids) if rule_ids is not None else set(active)
        ordered = [r for r in _ordered(active.values()) if r.id in wanted]
        if not ordered:
            return []
        outcomes = await self._contacts.sync(
            [RuleCall(r.group_id, r.id, json.dumps(r.filter)) for r in ordered], contact_ids
        )
        async with self._db.transaction() as conn:
            for outcome in outcomes:
                if outcome.pause_reason is not None:
                    await store.set_state(
                        conn, outcome.rule_id, "paused", outcome.pause_reason, "system"
                    )
                elif not contact_ids:
                    await store.record_run(conn, outcome.rule_id, outcome.added, outcome.removed)
        return outcomes

    async def _rule(self, rule_id: uuid.UUID) -> RuleRow:
        async with self._db.connection() as conn:
            rule = await store.get_rule(conn, rule_id)
        if rule is None:
            raise NotFound("rule_not_found", f"no rule {rule_id}", field="id")
        return rule

    async def _check_dependencies(
        self, rule_id: uuid.UUID, group_id: uuid.UUID, node: Any
    ) -> FilterReads:
        """The filter's reads, with subgroups expanded; refuses smart groups that would depend
        on each other (or on themselves)."""
        reads = filter_reads(node)
        descendants = await self._contacts.group_descendants()
        read_groups = set(reads.groups)
        for group in reads.subgroup_groups:
            read_groups |= descendants.get(group, frozenset())
        async with self._db.connection() as conn:
            filters = await store.list_rules(conn, kind="filter")
            others = [r for r in filters if r.id != rule_id]
        evaluation_order(
            dependency_graph(
                [(r.id, r.group_id, r.referenced_groups) for r in others]
                + [(rule_id, group_id, read_groups)]
            )
        )
        return FilterReads(
            reads.fields, frozenset(read_groups), reads.subgroup_groups, reads.time_relative
        )


def _ordered(rules: Iterable[RuleRow]) -> list[RuleRow]:
    """Rules sorted so that a rule reading another's group runs after it."""
    by_id = {rule.id: rule for rule in rules}
    graph = dependency_graph((r.id, r.group_id, r.referenced_groups) for r in by_id.values())
    return [by_id[rule_id] for rule_id in evaluation_order(graph)]


def _parse(filter_json: str) -> Any:
    try:
        node = json.loads(filter_json)
    except (ValueError, RecursionError) as exc:
        raise InvalidInput(
            "invalid_json", f"the filter is not JSON: {exc}", field="filter"
        ) from exc
    if not isinstance(node, dict):
        raise InvalidInput("invalid_filter_node", "a filter is a JSON object", field="filter")
    return node
