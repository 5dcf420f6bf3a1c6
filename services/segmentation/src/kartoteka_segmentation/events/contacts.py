"""Handling `kartoteka.contacts.*` events through the inbox."""

from __future__ import annotations

from datetime import UTC

from google.protobuf.message import DecodeError
from kartoteka.contacts.v1 import events_pb2
from kartoteka_platform.db import Connection
from kartoteka_platform.messaging.envelope import StreamSpec
from kartoteka_platform.messaging.inbox import IncomingEvent, PoisonMessage

from kartoteka_segmentation import store

CONTACTS_STREAM = StreamSpec.for_service("contacts")
CONSUMER_NAME = "segmentation-contacts"
CONTACT_CREATED = "kartoteka.contacts.contact.created"


async def handle_contact_event(conn: Connection, event: IncomingEvent) -> None:
    """Apply one contacts event; events this service has no use for yet are simply recorded."""
    if event.event_type != CONTACT_CREATED:
        return
    created = events_pb2.ContactCreated()
    try:
        created.ParseFromString(event.payload)
    except DecodeError as exc:
        raise PoisonMessage(f"malformed {CONTACT_CREATED} payload: {exc}") from exc
    if not created.contact_id or not created.HasField("created_at"):
        raise PoisonMessage(f"{CONTACT_CREATED} without contact_id or created_at")
    day = created.created_at.ToDatetime(tzinfo=UTC).date()
    await store.count_contact_created(conn, day)
