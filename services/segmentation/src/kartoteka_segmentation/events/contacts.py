"""Contacts events as filter rules and the daily counts read them.

Which contacts a contacts event may move in or out of filter-ruled groups, and by which rules,
is specific to what each contacts event means; event rules need none of this (they read the
catalogue).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC

from google.protobuf.message import Message
from kartoteka.contacts.v1 import events_pb2
from kartoteka_platform.db import Connection
from kartoteka_platform.messaging.inbox import PoisonMessage

from kartoteka_segmentation import store
from kartoteka_segmentation.events.catalogue import load_catalogue
from kartoteka_segmentation.store.rules import RuleRow

SERVICE = "contacts"
# The contract: every event type of the contacts stream and its payload message, as the
# `kartoteka.events.v1.event` options of contacts/v1/events.proto declare them.
PAYLOADS: dict[str, type[Message]] = {
    subject: entry.message_class
    for subject, entry in load_catalogue().entries.items()
    if entry.event.service == SERVICE
}


def check(payload: Message, event_type: str) -> None:
    """Refuse (as poison) a decodable payload that misses what the daily counts need."""
    if isinstance(payload, events_pb2.ContactCreated) and (
        not payload.contact_id or not payload.HasField("created_at")
    ):
        raise PoisonMessage(f"{event_type} without contact_id or created_at")


async def count(conn: Connection, payload: Message) -> None:
    """The daily counts of new contacts."""
    if isinstance(payload, events_pb2.ContactCreated):
        day = payload.created_at.ToDatetime(tzinfo=UTC).date()
        await store.count_contact_created(conn, day)


def filter_scope(payload: Message, active: Sequence[RuleRow]) -> tuple[list[RuleRow], list[str]]:
    """The filter rules a contacts event can affect, and the contacts to re-evaluate."""
    if isinstance(payload, events_pb2.ContactCreated | events_pb2.ContactRestored):
        return list(active), [payload.contact_id]
    if isinstance(payload, events_pb2.ContactUpdated):
        changed = set(payload.changed_fields)
        return [r for r in active if changed & set(r.fields)], [payload.contact_id]
    if isinstance(payload, events_pb2.ContactMerged):
        return list(active), [payload.survivor_id]
    if isinstance(payload, events_pb2.GroupMembersAdded | events_pb2.GroupMembersRemoved):
        group = uuid.UUID(payload.group_id)
        readers = [r for r in active if group in set(r.referenced_groups)]
        return readers, list(payload.contact_ids)
    # contact.deleted: a card in the bin keeps its groups for when it is restored.
    return [], []
