"""Undoing an import: cards it created go to the bin, cards it updated get their old values,
each only if nobody changed the card since the import wrote it."""

from __future__ import annotations

import uuid

from kartoteka_platform.db import Connection
from kartoteka_platform.errors import ServiceError

from kartoteka_contacts.domain.changes import restore_fields
from kartoteka_contacts.service import contacts
from kartoteka_contacts.service.contacts import WriteContext, without_deleted_fields
from kartoteka_contacts.store import bulk as item_store
from kartoteka_contacts.store import contacts as contact_store
from kartoteka_contacts.store import imports as store
from kartoteka_contacts.store.catalog import CATALOG
from kartoteka_contacts.store.history import Actor
from kartoteka_contacts.store.jobs import Counts, JobRow


async def revert_batch(
    conn: Connection,
    undo_job: JobRow,
    reverted: JobRow,
    ids: list[uuid.UUID],
    actor: Actor,
    default_region: str,
) -> Counts:
    """Revert one batch of an import's cards; a card changed since keeps its newer state."""
    definitions = await CATALOG.definitions(conn)
    # The old values were valid when they were replaced; a card another one now shares an
    # email with is still put back as it was rather than left half-reverted.
    ctx = WriteContext(actor, default_region, allow_duplicates=True)
    done: list[uuid.UUID] = []
    for item in await store.items(conn, reverted.id, ids):
        card = await contact_store.get_contact(conn, item.contact_id, for_update=True)
        if card is None or card.version != item.version_after:
            continue
        try:
            async with conn.transaction():
                if item.outcome == "created":
                    await contacts.delete_contact(conn, card.id, actor)
                else:
                    current = without_deleted_fields(card, definitions)
                    patched = restore_fields(current.data, item.before or {})
                    await contacts.write_update(conn, current, patched, definitions, ctx)
        except ServiceError:
            continue  # the old values no longer fit the data (a field was deleted): keep it
        done.append(card.id)
    await item_store.mark_items(conn, undo_job.id, done, "updated")
    await item_store.mark_rest(conn, undo_job.id, ids, "skipped")
    await item_store.mark_items(conn, reverted.id, done, "reverted")
    return Counts(processed=len(ids), updated=len(done), skipped=len(ids) - len(done))
