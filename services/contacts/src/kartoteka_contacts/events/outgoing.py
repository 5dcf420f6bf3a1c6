"""Building event payloads from domain objects and writing them to the outbox."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from google.protobuf.message import Message
from kartoteka.contacts.v1 import events_pb2
from kartoteka_platform.db import Connection
from kartoteka_platform.messaging.envelope import event_subject
from kartoteka_platform.messaging.outbox import write_event, write_events

from kartoteka_contacts import SERVICE
from kartoteka_contacts.domain.contact import Contact
from kartoteka_contacts.domain.groups import MembershipSource, chunks
from kartoteka_contacts.rpc.mapping import KIND_TO_PROTO, SOURCE_TO_PROTO, timestamp
from kartoteka_contacts.store.bulk import ChangedCard

CONTACT_CREATED = event_subject(SERVICE, "contact", "created")
CONTACT_UPDATED = event_subject(SERVICE, "contact", "updated")
CONTACT_DELETED = event_subject(SERVICE, "contact", "deleted")
CONTACT_RESTORED = event_subject(SERVICE, "contact", "restored")


async def contact_created(conn: Connection, contact: Contact) -> None:
    await contacts_created(conn, [contact])


async def contacts_created(conn: Connection, contacts: Sequence[Contact]) -> None:
    """One `contact.created` per card, written with one COPY."""
    await write_events(
        conn,
        [
            (
                CONTACT_CREATED,
                events_pb2.ContactCreated(
                    contact_id=str(contact.id),
                    kind=KIND_TO_PROTO[contact.data.kind],
                    display_name=contact.display_name,
                    created_at=timestamp(contact.created_at),
                    created_by=contact.created_by,
                ).SerializeToString(),
            )
            for contact in contacts
        ],
        source=SERVICE,
    )


async def contacts_updated(conn: Connection, changed: Sequence[tuple[Contact, list[str]]]) -> None:
    """One `contact.updated` per card, with the fields that changed, written with one COPY."""
    await write_events(
        conn,
        [
            (
                CONTACT_UPDATED,
                events_pb2.ContactUpdated(
                    contact_id=str(contact.id),
                    changed_fields=changed_fields,
                    version=contact.version,
                    updated_at=timestamp(contact.updated_at),
                    updated_by=contact.updated_by,
                ).SerializeToString(),
            )
            for contact, changed_fields in changed
        ],
        source=SERVICE,
    )


async def contact_deleted(conn: Connection, contact: Contact) -> None:
    await _emit(
        conn,
        CONTACT_DELETED,
        events_pb2.ContactDeleted(
            contact_id=str(contact.id),
            deleted_at=timestamp(contact.deleted_at or contact.updated_at),
            deleted_by=contact.updated_by,
        ),
    )


async def contact_restored(conn: Connection, contact: Contact) -> None:
    await _emit(
        conn,
        CONTACT_RESTORED,
        events_pb2.ContactRestored(
            contact_id=str(contact.id),
            restored_at=timestamp(contact.updated_at),
            restored_by=contact.updated_by,
        ),
    )


async def _emit(conn: Connection, subject: str, payload: Message) -> None:
    await write_event(conn, subject=subject, payload=payload.SerializeToString(), source=SERVICE)


GROUP_MEMBER_ADDED = event_subject(SERVICE, "group", "member_added")
GROUP_MEMBER_REMOVED = event_subject(SERVICE, "group", "member_removed")


async def group_members_added(
    conn: Connection,
    group_id: uuid.UUID,
    contact_ids: list[uuid.UUID],
    source: MembershipSource,
    rule_id: str | None,
    actor: str,
) -> None:
    for chunk in chunks(contact_ids):
        await _emit(
            conn,
            GROUP_MEMBER_ADDED,
            events_pb2.GroupMembersAdded(
                group_id=str(group_id),
                contact_ids=[str(i) for i in chunk],
                source=SOURCE_TO_PROTO[source],
                rule_id=rule_id or "",
                added_by=actor,
            ),
        )


async def group_members_removed(
    conn: Connection,
    group_id: uuid.UUID,
    contact_ids: list[uuid.UUID],
    *,
    excluded: bool,
    actor: str,
) -> None:
    for chunk in chunks(contact_ids):
        await _emit(
            conn,
            GROUP_MEMBER_REMOVED,
            events_pb2.GroupMembersRemoved(
                group_id=str(group_id),
                contact_ids=[str(i) for i in chunk],
                excluded=excluded,
                removed_by=actor,
            ),
        )


CONTACT_MERGED = event_subject(SERVICE, "contact", "merged")


async def contact_merged(
    conn: Connection, survivor: Contact, merged_ids: list[uuid.UUID], changed_fields: list[str]
) -> None:
    await _emit(
        conn,
        CONTACT_MERGED,
        events_pb2.ContactMerged(
            survivor_id=str(survivor.id),
            merged_ids=[str(i) for i in merged_ids],
            changed_fields=changed_fields,
            version=survivor.version,
            merged_by=survivor.updated_by,
        ),
    )


async def cards_changed(
    conn: Connection,
    cards: Sequence[ChangedCard],
    *,
    operation: str,
    changed_fields: list[str],
    actor: str,
) -> None:
    """One event per card a bulk step changed, written with one COPY.

    `operation` is update, delete or restore; an update names the fields it changed.
    """
    payloads: list[tuple[str, bytes]]
    if operation == "update":
        payloads = [
            (
                CONTACT_UPDATED,
                events_pb2.ContactUpdated(
                    contact_id=str(card.id),
                    changed_fields=changed_fields,
                    version=card.version,
                    updated_at=timestamp(card.updated_at),
                    updated_by=actor,
                ).SerializeToString(),
            )
            for card in cards
        ]
    elif operation == "delete":
        payloads = [
            (
                CONTACT_DELETED,
                events_pb2.ContactDeleted(
                    contact_id=str(card.id),
                    deleted_at=timestamp(card.updated_at),
                    deleted_by=actor,
                ).SerializeToString(),
            )
            for card in cards
        ]
    else:
        payloads = [
            (
                CONTACT_RESTORED,
                events_pb2.ContactRestored(
                    contact_id=str(card.id),
                    restored_at=timestamp(card.updated_at),
                    restored_by=actor,
                ).SerializeToString(),
            )
            for card in cards
        ]
    await write_events(conn, payloads, source=SERVICE)
