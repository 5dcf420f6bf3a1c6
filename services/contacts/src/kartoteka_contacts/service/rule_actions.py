"""Event-rule actions: add listed contacts to a group, or take their rule-made memberships away."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from kartoteka_platform.db import Connection
from kartoteka_platform.errors import InvalidInput, ServiceError
from psycopg import sql

from kartoteka_contacts.domain.groups import MembershipSource
from kartoteka_contacts.service.groups import add_where, get_group, remove_where
from kartoteka_contacts.service.rules import MAX_SCOPE, RuleOutcome, RuleSpec
from kartoteka_contacts.store.catalog import CATALOG
from kartoteka_contacts.store.filter_sql import compile_filter
from kartoteka_contacts.store.groups import ids_selection
from kartoteka_contacts.store.history import Actor
from kartoteka_contacts.store.search import resolve_filter

# Removal reads the membership row (alias `m` of the store's DELETE): only rule-made
# memberships go, whichever rule made them; a person's addition stays.
_RULE_MADE = sql.SQL("m.source = 'rule'")


@dataclass(frozen=True)
class ActionSpec:
    """One event rule (its group, id and contact filter) applied to some contacts."""

    rule: RuleSpec
    remove: bool
    contact_ids: list[uuid.UUID]


async def apply_rule_actions(conn: Connection, actions: list[ActionSpec]) -> list[RuleOutcome]:
    """Apply the actions in order, each in its own savepoint: an action whose rule no longer
    fits the data (a deleted field or group) is reported and the others still apply."""
    if sum(len(action.contact_ids) for action in actions) > MAX_SCOPE:
        raise InvalidInput("too_many", f"at most {MAX_SCOPE} contacts per call", field="actions")
    outcomes = []
    for action in actions:
        try:
            async with conn.transaction():
                changed = await _apply_one(conn, action)
        except ServiceError as error:
            outcomes.append(RuleOutcome(action.rule.rule_id, error=error))
        else:
            added, removed = (0, changed) if action.remove else (changed, 0)
            outcomes.append(RuleOutcome(action.rule.rule_id, added, removed))
    return outcomes


async def _apply_one(conn: Connection, action: ActionSpec) -> int:
    rule = action.rule
    group = await get_group(conn, rule.group_id, "group_id")
    where = sql.SQL("({}) AND ({})").format(
        await _contact_filter(conn, rule.filter_json), ids_selection(action.contact_ids)
    )
    actor = Actor("rule", rule.rule_id, "rule", rule.rule_id)
    if action.remove:
        where = sql.SQL("{} AND {}").format(where, _RULE_MADE)
        return len(await remove_where(conn, group, where, exclude=False, actor=actor))
    return len(await add_where(conn, group, where, MembershipSource.RULE, rule.rule_id, actor))


async def _contact_filter(conn: Connection, filter_json: str) -> sql.Composable:
    if not filter_json:
        return sql.SQL("true")
    try:
        raw = json.loads(filter_json)
    except (ValueError, RecursionError) as exc:
        raise InvalidInput(
            "invalid_json", f"the filter is not JSON: {exc}", field="filter"
        ) from exc
    definitions = await CATALOG.definitions(conn)
    node = await resolve_filter(conn, raw, definitions)
    return compile_filter(node, definitions)
