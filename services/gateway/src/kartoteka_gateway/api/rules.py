"""`/api/v1/smart-rules`: smart groups filled by rules (the segmentation service behind gRPC)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from kartoteka.segmentation.v1 import segmentation_service_pb2 as pb
from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from kartoteka_gateway.api.event_rule_models import (
    EventRuleFields,
    EventRuleIn,
    EventRuleOut,
    EventTypeOut,
    event_out,
    event_type_out,
)
from kartoteka_gateway.clients import call
from kartoteka_gateway.security.authorize import Authorize
from kartoteka_gateway.security.tokens import Principal

router = APIRouter(prefix="/api/v1/smart-rules", tags=["smart groups"])
Id = Annotated[str, Field(max_length=64)]


class RuleIn(BaseModel):
    """ "Contacts matching `filter` are members of `group_id`" — kept true as data changes;
    people's manual additions and removals in the group always stick."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["filter"] = "filter"
    name: Annotated[str, Field(min_length=1, max_length=1000)]
    group_id: Id
    filter: dict[str, Any]


class RuleChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["filter"] = "filter"
    name: Annotated[str, Field(min_length=1, max_length=1000)]
    filter: dict[str, Any]


def _kind(body: Any) -> str:
    """`kind` picks the shape; without it a body is a filter rule (as before event rules)."""
    kind = body.get("kind", "filter") if isinstance(body, dict) else getattr(body, "kind", None)
    return str(kind)


# A filter rule, or (with "kind": "event") an event rule.
AnyRuleIn = Annotated[
    Annotated[RuleIn, Tag("filter")] | Annotated[EventRuleIn, Tag("event")],
    Discriminator(_kind),
]
AnyRuleChange = Annotated[
    Annotated[RuleChange, Tag("filter")] | Annotated[EventRuleFields, Tag("event")],
    Discriminator(_kind),
]


class PauseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    paused: bool


class PreviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    group_id: Id
    filter: dict[str, Any]
    rule_id: Id | None = None


class RuleOut(BaseModel):
    id: str
    name: str
    kind: Literal["filter", "event"]
    group_id: str
    # A filter rule's filter; null for an event rule.
    filter: dict[str, Any] | None
    # An event rule's definition; null for a filter rule.
    event: EventRuleOut | None
    state: Literal["active", "paused"]
    paused_reason: str | None
    version: int
    time_relative: bool
    created_at: datetime
    updated_at: datetime
    last_run_at: datetime | None
    last_added: int
    last_removed: int


class PreviewOut(BaseModel):
    would_join: int
    would_leave: int
    members_after: int
    join_sample: list[str]
    leave_sample: list[str]


class DeletedOut(BaseModel):
    removed: int


def _out(rule: pb.Rule) -> RuleOut:
    return RuleOut(
        id=rule.id,
        name=rule.name,
        kind=rule.kind,
        group_id=rule.group_id,
        filter=json.loads(rule.filter_json) if rule.filter_json else None,
        event=event_out(rule.event) if rule.HasField("event") else None,
        state=rule.state,
        paused_reason=rule.paused_reason or None,
        version=rule.version,
        time_relative=rule.time_relative,
        created_at=rule.created_at.ToDatetime(tzinfo=UTC),
        updated_at=rule.updated_at.ToDatetime(tzinfo=UTC),
        last_run_at=rule.last_run_at.ToDatetime(tzinfo=UTC)
        if rule.HasField("last_run_at")
        else None,
        last_added=rule.last_added,
        last_removed=rule.last_removed,
    )


@router.get("", response_model=list[RuleOut])
async def list_rules(
    request: Request, principal: Annotated[Principal, Depends(Authorize("rules.read"))]
) -> list[RuleOut]:
    reply = await call(
        request,
        principal,
        request.app.state.clients.segmentation.ListRules,
        pb.ListRulesRequest(),
        service="segmentation",
    )
    return [_out(rule) for rule in reply.rules]


@router.post("", status_code=201, response_model=RuleOut)
async def create_rule(
    body: AnyRuleIn,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("rules.manage"))],
) -> RuleOut:
    """Define a smart group. A filter rule's group is built in the background and kept up to
    date; an event rule (`"kind": "event"`) acts on the events that follow."""
    if isinstance(body, EventRuleIn):
        message = pb.CreateRuleRequest(name=body.name, group_id=body.group_id, event=body.spec())
    else:
        message = pb.CreateRuleRequest(
            name=body.name, group_id=body.group_id, filter_json=json.dumps(body.filter)
        )
    reply = await call(
        request,
        principal,
        request.app.state.clients.segmentation.CreateRule,
        message,
        service="segmentation",
    )
    return _out(reply.rule)


@router.post("/preview", response_model=PreviewOut)
async def preview_rule(
    body: PreviewIn,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("rules.read"))],
) -> PreviewOut:
    """How many contacts would join and leave if this rule ran now, with samples."""
    message = pb.PreviewRuleRequest(
        group_id=body.group_id, filter_json=json.dumps(body.filter), rule_id=body.rule_id or ""
    )
    reply = await call(
        request,
        principal,
        request.app.state.clients.segmentation.PreviewRule,
        message,
        service="segmentation",
    )
    return PreviewOut(
        would_join=reply.would_join,
        would_leave=reply.would_leave,
        members_after=reply.members_after,
        join_sample=list(reply.join_sample),
        leave_sample=list(reply.leave_sample),
    )


@router.get("/event-types", response_model=list[EventTypeOut])
async def list_event_types(
    request: Request, principal: Annotated[Principal, Depends(Authorize("rules.read"))]
) -> list[EventTypeOut]:
    """The events event rules can react to, with the payload fields a condition may test."""
    reply = await call(
        request,
        principal,
        request.app.state.clients.segmentation.ListEventTypes,
        pb.ListEventTypesRequest(),
        service="segmentation",
    )
    return [event_type_out(event) for event in reply.event_types]


@router.get("/{rule_id}", response_model=RuleOut)
async def get_rule(
    rule_id: Id,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("rules.read"))],
) -> RuleOut:
    reply = await call(
        request,
        principal,
        request.app.state.clients.segmentation.GetRule,
        pb.GetRuleRequest(id=rule_id),
        service="segmentation",
    )
    return _out(reply.rule)


@router.put("/{rule_id}", response_model=RuleOut)
async def change_rule(
    rule_id: Id,
    body: AnyRuleChange,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("rules.manage"))],
) -> RuleOut:
    if isinstance(body, EventRuleFields):
        message = pb.UpdateRuleRequest(id=rule_id, name=body.name, event=body.spec())
    else:
        message = pb.UpdateRuleRequest(
            id=rule_id, name=body.name, filter_json=json.dumps(body.filter)
        )
    reply = await call(
        request,
        principal,
        request.app.state.clients.segmentation.UpdateRule,
        message,
        service="segmentation",
    )
    return _out(reply.rule)


@router.post("/{rule_id}/pause", response_model=RuleOut)
async def pause_rule(
    rule_id: Id,
    body: PauseIn,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("rules.manage"))],
) -> RuleOut:
    """Pause (`paused: true`) or resume a rule; resuming rebuilds its group."""
    reply = await call(
        request,
        principal,
        request.app.state.clients.segmentation.SetRulePaused,
        pb.SetRulePausedRequest(id=rule_id, paused=body.paused),
        service="segmentation",
    )
    return _out(reply.rule)


@router.delete("/{rule_id}", response_model=DeletedOut)
async def delete_rule(
    rule_id: Id,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("rules.manage"))],
) -> DeletedOut:
    """Delete a rule and only the memberships it created."""
    reply = await call(
        request,
        principal,
        request.app.state.clients.segmentation.DeleteRule,
        pb.DeleteRuleRequest(id=rule_id),
        service="segmentation",
    )
    return DeletedOut(removed=reply.removed)
