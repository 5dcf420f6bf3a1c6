"""`ApplyRuleActions` of `ContactsService` (event rules of segmentation), as a servicer mixin."""

from __future__ import annotations

from typing import Any

import grpc
from kartoteka.contacts.v1 import contacts_service_pb2 as pb
from kartoteka.contacts.v1 import groups_pb2
from kartoteka_platform.db import Database
from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.service.contacts import parse_id
from kartoteka_contacts.service.rule_actions import ActionSpec, apply_rule_actions
from kartoteka_contacts.service.rules import RuleSpec

Context = grpc.aio.ServicerContext[Any, Any]
_REMOVE = {pb.RULE_ACTION_KIND_ADD: False, pb.RULE_ACTION_KIND_REMOVE: True}


def _action(message: pb.RuleAction, field: str) -> ActionSpec:
    rule = message.rule
    if not rule.rule_id:
        raise InvalidInput("rule_required", "a rule names itself", field=f"{field}.rule.rule_id")
    if message.kind not in _REMOVE:
        raise InvalidInput("invalid_action", "kind is add or remove", field=f"{field}.kind")
    return ActionSpec(
        RuleSpec(parse_id(rule.group_id, f"{field}.rule.group_id"), rule.rule_id, rule.filter_json),
        _REMOVE[message.kind],
        [parse_id(raw, f"{field}.contact_ids[{i}]") for i, raw in enumerate(message.contact_ids)],
    )


class RuleMembersRpc:
    _db: Database

    async def ApplyRuleActions(
        self, request: pb.ApplyRuleActionsRequest, context: Context
    ) -> pb.ApplyRuleActionsResponse:
        actions = [_action(action, f"actions[{i}]") for i, action in enumerate(request.actions)]
        async with self._db.transaction() as conn:
            outcomes = await apply_rule_actions(conn, actions)
        return pb.ApplyRuleActionsResponse(
            results=[
                groups_pb2.RuleSyncResult(
                    rule_id=o.rule_id,
                    added=o.added,
                    removed=o.removed,
                    error_code=o.error.code if o.error else "",
                    error_detail=o.error.detail if o.error else "",
                    error_field=(o.error.field or "") if o.error else "",
                )
                for o in outcomes
            ]
        )
