"""Contacts events: the daily counts, and re-evaluating the rules a change can affect."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC

from google.protobuf.message import DecodeError, Message
from kartoteka.contacts.v1 import events_pb2
from kartoteka_platform.db import Connection
from kartoteka_platform.messaging.envelope import StreamSpec
from kartoteka_platform.messaging.inbox import IncomingEvent, PoisonMessage

from kartoteka_segmentation import store
from kartoteka_segmentation.service.rules import RulesService
from kartoteka_segmentation.store import rules as rule_store
from kartoteka_segmentation.store.rules import RuleRow

CONTACTS_STREAM = StreamSpec.for_service("contacts")
CONSUMER_NAME = "segmentation-contacts"
_PREFIX = "kartoteka.contacts."
CONTACT_CREATED = _PREFIX + "contact.created"
CONTACT_UPDATED = _PREFIX + "contact.updated"
CONTACT_DELETED = _PREFIX + "contact.deleted"
CONTACT_RESTORED = _PREFIX + "contact.restored"
CONTACT_MERGED = _PREFIX + "contact.merged"
MEMBER_ADDED = _PREFIX + "group.member_added"
MEMBER_REMOVED = _PREFIX + "group.member_removed"
# The contract: every event type of the contacts stream and its payload message.
PAYLOADS: dict[str, Callable[[], Message]] = {
    CONTACT_CREATED: events_pb2.ContactCreated,
    CONTACT_UPDATED: events_pb2.ContactUpdated,
    CONTACT_DELETED: events_pb2.ContactDeleted,
    CONTACT_RESTORED: events_pb2.ContactRestored,
    CONTACT_MERGED: events_pb2.ContactMerged,
    MEMBER_ADDED: events_pb2.GroupMembersAdded,
    MEMBER_REMOVED: events_pb2.GroupMembersRemoved,
}


class ContactEventHandler:
    """Applies one contacts event inside the inbox transaction.

    Rule evaluation calls the contacts service before the inbox row commits: a crash after
    the call redelivers the event and evaluates again, which changes nothing the second time.
    """

    def __init__(self, rules: RulesService) -> None:
        self._rules = rules

    async def __call__(self, conn: Connection, event: IncomingEvent) -> None:
        payload = decode(event)
        active = await rule_store.list_rules(conn, active_only=True)
        if isinstance(payload, events_pb2.ContactCreated):
            day = payload.created_at.ToDatetime(tzinfo=UTC).date()
            await store.count_contact_created(conn, day)
            await self._evaluate(active, [payload.contact_id])
        elif isinstance(payload, events_pb2.ContactUpdated):
            changed = set(payload.changed_fields)
            await self._evaluate(
                [r for r in active if changed & set(r.fields)], [payload.contact_id]
            )
        elif isinstance(payload, events_pb2.ContactRestored):
            await self._evaluate(active, [payload.contact_id])
        elif isinstance(payload, events_pb2.ContactMerged):
            await self._evaluate(active, [payload.survivor_id])
        elif isinstance(payload, events_pb2.GroupMembersAdded | events_pb2.GroupMembersRemoved):
            group = uuid.UUID(payload.group_id)
            readers = [r for r in active if group in set(r.referenced_groups)]
            await self._evaluate(readers, list(payload.contact_ids))
        # contact.deleted: a card in the bin keeps its groups for when it is restored.

    async def _evaluate(self, rules: list[RuleRow], contact_ids: list[str]) -> None:
        if rules and contact_ids:
            await self._rules.evaluate([r.id for r in rules], contact_ids)


def decode(event: IncomingEvent) -> Message:
    """The typed payload; unknown types and undecodable payloads are poison (dead-lettered)."""
    factory = PAYLOADS.get(event.event_type)
    if factory is None:
        raise PoisonMessage(f"unknown event type {event.event_type!r}")
    payload = factory()
    try:
        payload.ParseFromString(event.payload)
    except DecodeError as exc:
        raise PoisonMessage(f"malformed {event.event_type} payload: {exc}") from exc
    if isinstance(payload, events_pb2.ContactCreated) and (
        not payload.contact_id or not payload.HasField("created_at")
    ):
        raise PoisonMessage(f"{event.event_type} without contact_id or created_at")
    return payload
