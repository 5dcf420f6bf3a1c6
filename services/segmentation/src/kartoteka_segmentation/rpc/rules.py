"""The rule RPCs of `SegmentationService`, as a mixin of the servicer."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

import grpc
from google.protobuf.timestamp_pb2 import Timestamp
from kartoteka.segmentation.v1 import segmentation_service_pb2 as pb
from kartoteka_platform.errors import InvalidInput
from kartoteka_platform.request_context import current_actor

from kartoteka_segmentation.rpc.event_rules import event_input, event_spec_of
from kartoteka_segmentation.service.event_rules import EventRulesService
from kartoteka_segmentation.service.rules import RulesService
from kartoteka_segmentation.store.rules import RuleRow

Context = grpc.aio.ServicerContext[Any, Any]
# Queues a full evaluation of rules on the worker (a group of 300,000 takes seconds).
Schedule = Callable[[list[uuid.UUID]], Any]


def parse_id(raw: str, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise InvalidInput("invalid_id", f"{raw!r} is not an id", field=field) from None


def rule_to_proto(rule: RuleRow) -> pb.Rule:
    message = pb.Rule(
        id=str(rule.id),
        name=rule.name,
        kind=rule.kind,
        group_id=str(rule.group_id),
        filter_json=json.dumps(rule.filter, ensure_ascii=False) if rule.kind == "filter" else "",
        state=rule.state,
        paused_reason=rule.paused_reason or "",
        version=rule.version,
        time_relative=rule.time_relative,
        created_at=_stamp(rule.created_at),
        updated_at=_stamp(rule.updated_at),
        last_added=rule.last_added or 0,
        last_removed=rule.last_removed or 0,
    )
    if rule.last_run_at is not None:
        message.last_run_at.CopyFrom(_stamp(rule.last_run_at))
    if rule.kind == "event":
        message.event.CopyFrom(event_spec_of(rule))
    return message


def _stamp(moment: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


class RuleRpc:
    _rules: RulesService
    _event_rules: EventRulesService
    _schedule: Schedule

    async def ListRules(
        self, request: pb.ListRulesRequest, context: Context
    ) -> pb.ListRulesResponse:
        return pb.ListRulesResponse(
            rules=[rule_to_proto(r) for r in await self._rules.list_rules()]
        )

    async def GetRule(self, request: pb.GetRuleRequest, context: Context) -> pb.GetRuleResponse:
        rule = await self._rules.get_rule(parse_id(request.id, "id"))
        return pb.GetRuleResponse(rule=rule_to_proto(rule))

    async def CreateRule(
        self, request: pb.CreateRuleRequest, context: Context
    ) -> pb.CreateRuleResponse:
        group_id = parse_id(request.group_id, "group_id")
        if request.HasField("event"):
            if request.filter_json:
                raise InvalidInput(
                    "filter_or_event", "a rule has a filter or an event, not both", field="filter"
                )
            rule = await self._event_rules.create_rule(
                request.name, group_id, event_input(request.event), current_actor.get()
            )
            # An event rule acts on the next events: there is nothing to build now.
            return pb.CreateRuleResponse(rule=rule_to_proto(rule))
        rule = await self._rules.create_rule(
            request.name,
            group_id,
            request.filter_json,
            current_actor.get(),
        )
        await self._schedule([rule.id])
        return pb.CreateRuleResponse(rule=rule_to_proto(rule))

    async def UpdateRule(
        self, request: pb.UpdateRuleRequest, context: Context
    ) -> pb.UpdateRuleResponse:
        rule_id = parse_id(request.id, "id")
        if request.HasField("event"):
            current = await self._rules.get_rule(rule_id)
            if current.kind != "event":
                raise InvalidInput(
                    "not_an_event_rule", "a filter rule is changed with `filter`", field="event"
                )
            await self._event_rules.update_rule(
                current, request.name, event_input(request.event), current_actor.get()
            )
            return pb.UpdateRuleResponse(rule=rule_to_proto(await self._rules.get_rule(rule_id)))
        rule = await self._rules.update_rule(
            rule_id, request.name, request.filter_json, current_actor.get()
        )
        await self._schedule([rule.id])
        return pb.UpdateRuleResponse(rule=rule_to_proto(rule))

    async def SetRulePaused(
        self, request: pb.SetRulePausedRequest, context: Context
    ) -> pb.SetRulePausedResponse:
        rule = await self._rules.set_paused(
            parse_id(request.id, "id"), request.paused, current_actor.get()
        )
        if not request.paused and rule.kind == "filter":
            await self._schedule([rule.id])
        return pb.SetRulePausedResponse(rule=rule_to_proto(rule))

    async def DeleteRule(
        self, request: pb.DeleteRuleRequest, context: Context
    ) -> pb.DeleteRuleResponse:
        removed = await self._rules.delete_rule(parse_id(request.id, "id"), current_actor.get())
        return pb.DeleteRuleResponse(removed=removed)

    async def PreviewRule(
        self, request: pb.PreviewRuleRequest, context: Context
    ) -> pb.PreviewRuleResponse:
        rule_id = parse_id(request.rule_id, "rule_id") if request.rule_id else None
        preview = await self._rules.preview(
            parse_id(request.group_id, "group_id"), request.filter_json, rule_id
        )
        return pb.PreviewRuleResponse(
            would_join=preview.would_join,
            would_leave=preview.would_leave,
            members_after=preview.members_after,
            join_sample=preview.join_sample,
            leave_sample=preview.leave_sample,
        )
