"""The contacts service as segmentation uses it: groups and rule-owned memberships."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import grpc
from kartoteka.contacts.v1 import contacts_service_pb2 as pb
from kartoteka.contacts.v1 import contacts_service_pb2_grpc, groups_pb2
from kartoteka_platform.rpc.client import open_channel, service_error_of

from kartoteka_segmentation.domain.event_rules import RuleAction
from kartoteka_segmentation.domain.rules import RuleOutcome

_ACTION_KIND = {"add": pb.RULE_ACTION_KIND_ADD, "remove": pb.RULE_ACTION_KIND_REMOVE}


@dataclass(frozen=True)
class RuleCall:
    group_id: uuid.UUID
    rule_id: uuid.UUID
    filter_json: str


@dataclass(frozen=True)
class Preview:
    would_join: int
    would_leave: int
    members_after: int
    join_sample: list[str]
    leave_sample: list[str]


class ContactsApi:
    """Calls with deadlines; a refusal of the contacts service comes back as a ServiceError."""

    def __init__(self, address: str, *, incremental_timeout: float, full_timeout: float) -> None:
        self._channel = open_channel(address)
        self._stub = contacts_service_pb2_grpc.ContactsServiceStub(self._channel)
        self._incremental_timeout = incremental_timeout
        self._full_timeout = full_timeout

    async def close(self) -> None:
        await self._channel.close(grace=None)

    async def sync(
        self, rules: Sequence[RuleCall], contact_ids: Sequence[str] = ()
    ) -> list[RuleOutcome]:
        request = pb.SyncRuleMembersRequest(
            rules=[_membership(rule) for rule in rules], contact_ids=list(contact_ids)
        )
        timeout = self._incremental_timeout if contact_ids else self._full_timeout
        reply = await self._call(self._stub.SyncRuleMembers, request, timeout)
        return [_outcome(r) for r in reply.results]

    async def apply_actions(
        self, actions: Sequence[RuleAction], contact_filters: dict[uuid.UUID, str]
    ) -> list[RuleOutcome]:
        """Event-rule actions in order, in one call; each rule's contact filter by rule id."""
        request = pb.ApplyRuleActionsRequest(
            actions=[
                pb.RuleAction(
                    rule=groups_pb2.RuleMembership(
                        group_id=str(action.group_id),
                        rule_id=str(action.rule_id),
                        filter_json=contact_filters.get(action.rule_id, ""),
                    ),
                    kind=_ACTION_KIND[action.action],
                    contact_ids=[str(contact) for contact in action.contact_ids],
                )
                for action in actions
            ]
        )
        reply = await self._call(self._stub.ApplyRuleActions, request, self._incremental_timeout)
        return [_outcome(r) for r in reply.results]

    async def preview(self, rule: RuleCall, sample: int = 10) -> Preview:
        request = pb.PreviewRuleMembersRequest(rule=_membership(rule), sample_size=sample)
        reply = await self._call(self._stub.PreviewRuleMembers, request, self._full_timeout)
        return Preview(
            reply.would_join,
            reply.would_leave,
            reply.members_after,
            list(reply.join_sample),
            list(reply.leave_sample),
        )

    async def group_descendants(self) -> dict[uuid.UUID, frozenset[uuid.UUID]]:
        """Each live group and every group under it (itself included)."""
        reply = await self._call(
            self._stub.ListGroups, pb.ListGroupsRequest(), self._incremental_timeout
        )
        below: dict[uuid.UUID, set[uuid.UUID]] = {}
        for group in reply.groups:
            path = [uuid.UUID(p) for p in group.path]
            for ancestor in path:
                below.setdefault(ancestor, set()).add(path[-1])
        return {group: frozenset(members) for group, members in below.items()}

    async def _call(self, method: Any, request: Any, deadline: float) -> Any:
        try:
            return await method(request, timeout=deadline)
        except grpc.aio.AioRpcError as error:
            rebuilt = service_error_of(error)
            if rebuilt is not None:
                raise rebuilt from error
            raise


def _membership(rule: RuleCall) -> groups_pb2.RuleMembership:
    return groups_pb2.RuleMembership(
        group_id=str(rule.group_id), rule_id=str(rule.rule_id), filter_json=rule.filter_json
    )


def _outcome(result: groups_pb2.RuleSyncResult) -> RuleOutcome:
    return RuleOutcome(
        uuid.UUID(result.rule_id),
        result.added,
        result.removed,
        result.error_code or None,
        result.error_detail or None,
        result.error_field or None,
    )
