"""`/api/v1/groups`: the group tree and its members (the contacts service behind gRPC)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request, Response
from kartoteka.contacts.v1 import contacts_service_pb2 as pb
from kartoteka.contacts.v1 import groups_pb2
from pydantic import BaseModel, ConfigDict, Field, model_validator

from kartoteka_gateway.clients import call
from kartoteka_gateway.security.authorize import Authorize
from kartoteka_gateway.security.tokens import Principal

router = APIRouter(tags=["groups"])
GroupId = Annotated[str, Field(max_length=64)]
SourceName = Literal["manual", "rule", "import", "bulk"]
_SOURCE_TO_PROTO = {
    "manual": groups_pb2.MEMBERSHIP_SOURCE_MANUAL,
    "rule": groups_pb2.MEMBERSHIP_SOURCE_RULE,
    "import": groups_pb2.MEMBERSHIP_SOURCE_IMPORT,
    "bulk": groups_pb2.MEMBERSHIP_SOURCE_BULK,
}
_SOURCE_FROM_PROTO = {v: k for k, v in _SOURCE_TO_PROTO.items()}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GroupIn(_Strict):
    name: Annotated[str, Field(min_length=1, max_length=1000)]
    parent_id: GroupId | None = None
    attributes: dict[str, Any] = {}
    priority: int = 0
    position: int = 0


class GroupPatch(_Strict):
    name: Annotated[str, Field(min_length=1, max_length=1000)] | None = None
    attributes: dict[str, Any] | None = None
    priority: int | None = None
    position: int | None = None


class GroupMove(_Strict):
    parent_id: GroupId | None = None
    position: int = 0


class GroupOut(BaseModel):
    id: str
    parent_id: str | None
    name: str
    path: list[str]
    attributes: dict[str, Any]
    priority: int
    position: int
    member_count: int
    subtree_member_count: int
    created_at: datetime


class SelectionIn(_Strict):
    """Listed contact ids, or every contact a filter (the filter language) selects."""

    contact_ids: Annotated[
        list[Annotated[str, Field(max_length=64)]], Field(max_length=10_000)
    ] = []
    filter: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _one_of(self) -> SelectionIn:
        if bool(self.contact_ids) == (self.filter is not None):
            raise ValueError("give either contact_ids or filter")
        return self

    def to_proto(self) -> groups_pb2.ContactSelection:
        return groups_pb2.ContactSelection(
            contact_ids=self.contact_ids,
            filter_json=json.dumps(self.filter) if self.filter is not None else "",
        )


class AddMembersIn(SelectionIn):
    source: SourceName = "manual"
    rule_id: Annotated[str, Field(max_length=64)] | None = None


class RemoveMembersIn(SelectionIn):
    exclude: bool = Field(False, description="keep them out: smart-group rules won't re-add them")


class MembershipOut(BaseModel):
    group_id: str
    group_name: str
    source: SourceName
    rule_id: str | None
    added_at: datetime
    added_by: str


def _out(group: groups_pb2.Group) -> GroupOut:
    return GroupOut(
        id=group.id,
        parent_id=group.parent_id or None,
        name=group.name,
        path=list(group.path),
        attributes=json.loads(group.attributes_json or "{}"),
        priority=group.priority,
        position=group.position,
        member_count=group.member_count,
        subtree_member_count=group.subtree_member_count,
        created_at=group.created_at.ToDatetime(tzinfo=UTC),
    )


@router.get("/api/v1/groups", response_model=list[GroupOut])
async def list_groups(
    request: Request, principal: Annotated[Principal, Depends(Authorize("groups.read"))]
) -> list[GroupOut]:
    """The whole tree, parents before children, with member counts."""
    reply = await call(
        request,
        principal,
        request.app.state.clients.contacts.ListGroups,
        pb.ListGroupsRequest(),
        service="contacts",
    )
    return [_out(group) for group in reply.groups]


@router.post("/api/v1/groups", status_code=201, response_model=GroupOut)
async def create_group(
    body: GroupIn,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("groups.manage"))],
) -> GroupOut:
    message = pb.CreateGroupRequest(
        parent_id=body.parent_id or "",
        name=body.name,
        attributes_json=json.dumps(body.attributes),
        priority=body.priority,
        position=body.position,
    )
    reply = await call(
        request,
        principal,
        request.app.state.clients.contacts.CreateGroup,
        message,
        service="contacts",
    )
    return _out(reply.group)


@router.patch("/api/v1/groups/{group_id}", response_model=GroupOut)
async def update_group(
    group_id: GroupId,
    body: GroupPatch,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("groups.manage"))],
) -> GroupOut:
    """Rename, or change attributes, priority or position; absent fields stay."""
    fields = sorted(
        "attributes_json" if name == "attributes" else name for name in body.model_fields_set
    )
    message = pb.UpdateGroupRequest(
        id=group_id,
        fields=fields,
        name=body.name or "",
        attributes_json=json.dumps(body.attributes or {}),
        priority=body.priority or 0,
        position=body.position or 0,
    )
    reply = await call(
        request,
        principal,
        request.app.state.clients.contacts.UpdateGroup,
        message,
        service="contacts",
    )
    return _out(reply.group)


@router.post("/api/v1/groups/{group_id}/move", response_model=GroupOut)
async def move_group(
    group_id: GroupId,
    body: GroupMove,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("groups.manage"))],
) -> GroupOut:
    """Move a group and its subgroups under another parent (or to the top)."""
    message = pb.MoveGroupRequest(
        id=group_id, new_parent_id=body.parent_id or "", position=body.position
    )
    reply = await call(
        request,
        principal,
        request.app.state.clients.contacts.MoveGroup,
        message,
        service="contacts",
    )
    return _out(reply.group)


@router.delete("/api/v1/groups/{group_id}", status_code=204)
async def delete_group(
    group_id: GroupId,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("groups.manage"))],
) -> Response:
    """Delete an empty group without subgroups (409 `group_not_empty` otherwise)."""
    await call(
        request,
        principal,
        request.app.state.clients.contacts.DeleteGroup,
        pb.DeleteGroupRequest(id=group_id),
        service="contacts",
    )
    return Response(status_code=204)


class AddedOut(BaseModel):
    added: int


class RemovedOut(BaseModel):
    removed: int


@router.post("/api/v1/groups/{group_id}/members", response_model=AddedOut)
async def add_members(
    group_id: GroupId,
    body: AddMembersIn,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("groups.members"))],
) -> AddedOut:
    """Add listed contacts, or all a filter selects; those already in it stay as they are."""
    message = pb.AddGroupMembersRequest(
        group_id=group_id,
        selection=body.to_proto(),
        source=_SOURCE_TO_PROTO[body.source],
        rule_id=body.rule_id or "",
    )
    reply = await call(
        request,
        principal,
        request.app.state.clients.contacts.AddGroupMembers,
        message,
        service="contacts",
    )
    return AddedOut(added=reply.added)


@router.post("/api/v1/groups/{group_id}/members/remove", response_model=RemovedOut)
async def remove_members(
    group_id: GroupId,
    body: RemoveMembersIn,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("groups.members"))],
) -> RemovedOut:
    """Remove listed contacts, or all a filter selects; `exclude` keeps rules from re-adding."""
    message = pb.RemoveGroupMembersRequest(
        group_id=group_id, selection=body.to_proto(), exclude=body.exclude
    )
    reply = await call(
        request,
        principal,
        request.app.state.clients.contacts.RemoveGroupMembers,
        message,
        service="contacts",
    )
    return RemovedOut(removed=reply.removed)


@router.get("/api/v1/contacts/{contact_id}/groups", response_model=list[MembershipOut])
async def contact_groups(
    contact_id: GroupId,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("contacts.read"))],
) -> list[MembershipOut]:
    """The groups a contact is in, and who or which rule put it there, when."""
    reply = await call(
        request,
        principal,
        request.app.state.clients.contacts.ListContactGroups,
        pb.ListContactGroupsRequest(contact_id=contact_id),
        service="contacts",
    )
    return [
        MembershipOut(
            group_id=m.group_id,
            group_name=m.group_name,
            source=_SOURCE_FROM_PROTO[m.source],
            rule_id=m.rule_id or None,
            added_at=m.added_at.ToDatetime(tzinfo=UTC),
            added_by=m.added_by,
        )
        for m in reply.memberships
    ]
