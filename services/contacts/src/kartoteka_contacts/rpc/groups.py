"""The group RPCs of `ContactsService`, as a mixin of the servicer."""

from __future__ import annotations

import json
from typing import Any

import grpc
from kartoteka.contacts.v1 import contacts_service_pb2 as pb
from kartoteka.contacts.v1 import groups_pb2
from kartoteka_platform.db import Database
from kartoteka_platform.errors import InvalidInput
from kartoteka_platform.request_context import current_actor

from kartoteka_contacts.domain.groups import MembershipSource
from kartoteka_contacts.rpc.mapping import SOURCE_FROM_PROTO, SOURCE_TO_PROTO, timestamp
from kartoteka_contacts.service import groups
from kartoteka_contacts.service import rules as rules_service
from kartoteka_contacts.service.contacts import parse_id
from kartoteka_contacts.service.rules import RuleSpec
from kartoteka_contacts.service.selection import Selection
from kartoteka_contacts.store.groups import GroupRow
from kartoteka_contacts.store.history import Actor

Context = grpc.aio.ServicerContext[Any, Any]


def api_actor() -> Actor:
    """The employee the gateway authenticated, or the system for internal callers."""
    actor = current_actor.get()
    return Actor(kind="system" if actor == "system" else "employee", id=actor, source="api")


def group_to_proto(group: GroupRow) -> groups_pb2.Group:
    return groups_pb2.Group(
        id=str(group.id),
        parent_id=str(group.parent_id) if group.parent_id else "",
        name=group.name,
        path=[str(p) for p in group.path],
        attributes_json=json.dumps(group.attributes, ensure_ascii=False),
        priority=group.priority,
        position=group.position,
        member_count=group.member_count,
        subtree_member_count=group.subtree_member_count,
        created_at=timestamp(group.created_at),
    )


def _selection(message: groups_pb2.ContactSelection) -> Selection:
    return Selection(list(message.contact_ids), message.filter_json)


class GroupRpc:
    _db: Database

    async def ListGroups(
        self, request: pb.ListGroupsRequest, context: Context
    ) -> pb.ListGroupsResponse:
        async with self._db.connection() as conn:
            rows = await groups.list_groups(conn)
        return pb.ListGroupsResponse(groups=[group_to_proto(row) for row in rows])

    async def CreateGroup(
        self, request: pb.CreateGroupRequest, context: Context
    ) -> pb.CreateGroupResponse:
        parent = parse_id(request.parent_id, "parent_id") if request.parent_id else None
        async with self._db.transaction() as conn:
            row = await groups.create_group(
                conn,
                parent,
                request.name,
                request.attributes_json,
                request.priority,
                request.position,
                api_actor(),
            )
        return pb.CreateGroupResponse(group=group_to_proto(row))

    async def UpdateGroup(
        self, request: pb.UpdateGroupRequest, context: Context
    ) -> pb.UpdateGroupResponse:
        changes = {
            name: getattr(request, name)
            for name in request.fields
            if name in ("name", "attributes_json", "priority", "position")
        }
        unknown = set(request.fields) - set(changes)
        if unknown:
            raise InvalidInput(
                "unknown_field", f"{sorted(unknown)[0]!r} cannot be changed", field="fields"
            )
        async with self._db.transaction() as conn:
            row = await groups.update_group(conn, parse_id(request.id), changes)
        return pb.UpdateGroupResponse(group=group_to_proto(row))

    async def MoveGroup(
        self, request: pb.MoveGroupRequest, context: Context
    ) -> pb.MoveGroupResponse:
        parent = parse_id(request.new_parent_id, "new_parent_id") if request.new_parent_id else None
        async with self._db.transaction() as conn:
            row = await groups.move_group(conn, parse_id(request.id), parent, request.position)
        return pb.MoveGroupResponse(group=group_to_proto(row))

    async def DeleteGroup(
        self, request: pb.DeleteGroupRequest, context: Context
    ) -> pb.DeleteGroupResponse:
        async with self._db.transaction() as conn:
            await groups.delete_group(conn, parse_id(request.id))
        return pb.DeleteGroupResponse()

    async def AddGroupMembers(
        self, request: pb.AddGroupMembersRequest, context: Context
    ) -> pb.AddGroupMembersResponse:
        source = SOURCE_FROM_PROTO.get(request.source, MembershipSource.MANUAL)
        async with self._db.transaction() as conn:
            added = await groups.add_members(
                conn,
                parse_id(request.group_id, "group_id"),
                _selection(request.selection),
                source,
                request.rule_id or None,
                api_actor(),
            )
        return pb.AddGroupMembersResponse(added=added)

    async def RemoveGroupMembers(
        self, request: pb.RemoveGroupMembersRequest, context: Context
    ) -> pb.RemoveGroupMembersResponse:
        async with self._db.transaction() as conn:
            removed = await groups.remove_members(
                conn,
                parse_id(request.group_id, "group_id"),
                _selection(request.selection),
                exclude=request.exclude,
                actor=api_actor(),
            )
        return pb.RemoveGroupMembersResponse(removed=removed)

    async def ListContactGroups(
        self, request: pb.ListContactGroupsRequest, context: Context
    ) -> pb.ListContactGroupsResponse:
        async with self._db.connection() as conn:
            rows = await groups.contact_groups(conn, parse_id(request.contact_id, "contact_id"))
        return pb.ListContactGroupsResponse(
            memberships=[
                groups_pb2.Membership(
                    group_id=str(row.group_id),
                    group_name=row.group_name,
                    source=SOURCE_TO_PROTO[row.source],
                    rule_id=row.rule_id or "",
                    added_at=timestamp(row.added_at),
                    added_by=row.added_by,
                )
                for row in rows
            ]
        )


def _rule(message: groups_pb2.RuleMembership, field: str) -> RuleSpec:
    if not message.rule_id:
        raise InvalidInput("rule_required", "a rule names itself", field=f"{field}.rule_id")
    return RuleSpec(
        parse_id(message.group_id, f"{field}.group_id"), message.rule_id, message.filter_json
    )


class RuleRpc:
    _db: Database

    async def SyncRuleMembers(
        self, request: pb.SyncRuleMembersRequest, context: Context
    ) -> pb.SyncRuleMembersResponse:
        rules = [_rule(rule, f"rules[{i}]") for i, rule in enumerate(request.rules)]
        scope = [parse_id(raw, f"contact_ids[{i}]") for i, raw in enumerate(request.contact_ids)]
        async with self._db.transaction() as conn:
            outcomes = await rules_service.sync_rules(conn, rules, scope or None)
        return pb.SyncRuleMembersResponse(
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

    async def PreviewRuleMembers(
        self, request: pb.PreviewRuleMembersRequest, context: Context
    ) -> pb.PreviewRuleMembersResponse:
        sample = request.sample_size or 10
        if not 0 < sample <= 100:
            raise InvalidInput(
                "invalid_sample_size", "sample_size is 1 to 100", field="sample_size"
            )
        async with self._db.connection() as conn:
            preview = await rules_service.preview_rule(conn, _rule(request.rule, "rule"), sample)
        return pb.PreviewRuleMembersResponse(
            would_join=preview.would_join,
            would_leave=preview.would_leave,
            members_after=preview.members_after,
            join_sample=[str(i) for i in preview.join_sample],
            leave_sample=[str(i) for i in preview.leave_sample],
        )
