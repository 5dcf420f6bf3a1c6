"""Creating and reading contact cards."""

from __future__ import annotations

import uuid

from kartoteka_platform.db import Connection
from kartoteka_platform.errors import InvalidInput, NotFound

from kartoteka_contacts.domain.contact import Contact, ContactDraft, validate_new_contact
from kartoteka_contacts.events import outgoing
from kartoteka_contacts.store import contacts as store


async def create_contact(
    conn: Connection, draft: ContactDraft, *, actor: str, default_region: str
) -> Contact:
    """Store a new card and its `contact.created` event in the caller's transaction."""
    valid = validate_new_contact(draft, default_region=default_region)
    contact = await store.insert_contact(conn, uuid.uuid4(), valid, actor)
    await outgoing.contact_created(conn, contact)
    return contact


async def get_contact(conn: Connection, raw_id: str) -> Contact:
    """One live card, or `NotFound`."""
    try:
        contact_id = uuid.UUID(raw_id)
    except ValueError:
        raise InvalidInput("invalid_id", f"{raw_id!r} is not a contact id", field="id") from None
    contact = await store.get_contact(conn, contact_id)
    if contact is None:
        raise NotFound("contact_not_found", f"no contact with id {contact_id}", field="id")
    return contact
