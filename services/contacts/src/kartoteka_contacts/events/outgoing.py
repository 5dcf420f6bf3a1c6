"""Building event payloads from domain objects and writing them to the outbox."""

from __future__ import annotations

from google.protobuf.timestamp_pb2 import Timestamp
from kartoteka.contacts.v1 import events_pb2
from kartoteka_platform.db import Connection
from kartoteka_platform.messaging.envelope import event_subject
from kartoteka_platform.messaging.outbox import write_event

from kartoteka_contacts import SERVICE
from kartoteka_contacts.domain.contact import Contact
from kartoteka_contacts.rpc.mapping import KIND_TO_PROTO

CONTACT_CREATED = event_subject(SERVICE, "contact", "created")


async def contact_created(conn: Connection, contact: Contact) -> None:
    created_at = Timestamp()
    created_at.FromDatetime(contact.created_at)
    payload = events_pb2.ContactCreated(
        contact_id=str(contact.id),
        kind=KIND_TO_PROTO[contact.kind],
        display_name=contact.display_name,
        created_at=created_at,
        created_by=contact.created_by,
    )
    await write_event(
        conn, subject=CONTACT_CREATED, payload=payload.SerializeToString(), source=SERVICE
    )
