"""Reading and writing contact cards, their identities and company links."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncGenerator, Iterable, Sequence
from typing import Any

from kartoteka_platform.db import Connection
from psycopg import sql
from psycopg.types.json import Jsonb

from kartoteka_contacts.domain.contact import (
    Address,
    Contact,
    ContactDraft,
    ContactKind,
    Email,
    Gender,
    Phone,
    identities,
    search_text,
    stored_fields,
)

# The columns a card's fields are stored in: the keys of its stored form, in that order.
_DATA_COLUMNS = tuple(stored_fields(ContactDraft(kind=ContactKind.PERSON)))
_JSON_COLUMNS = frozenset({"legal", "emails", "phones", "addresses", "custom"})
_COLUMNS = ", ".join(
    (
        "id",
        *_DATA_COLUMNS,
        "version",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
        "deleted_at",
    )
)
_SELECT = "SELECT " + _COLUMNS + " FROM contact"
_STORED_SELECT = "SELECT c.id::text AS id, " + ", ".join(f"c.{name}" for name in _DATA_COLUMNS)
_INSERT = (
    "INSERT INTO contact (id, display_name, search_text, created_by, updated_by, "
    + ", ".join(_DATA_COLUMNS)
    + ") VALUES (uuidv7(), %s, fold_text(%s), %s, %s, "
    + ", ".join(["%s"] * len(_DATA_COLUMNS))
    + ") RETURNING "
    + _COLUMNS
)
_UPDATE = (
    "UPDATE contact SET display_name = %s, search_text = fold_text(%s), updated_by = %s,"
    " updated_at = now(), version = version + 1, "
    + ", ".join(f"{column} = %s" for column in _DATA_COLUMNS)
    + " WHERE id = %s RETURNING "
    + _COLUMNS
)

_SET_DELETED = (
    "UPDATE contact SET deleted_at = CASE WHEN %s THEN now() END,"
    " deleted_by = CASE WHEN %s THEN %s END, updated_at = now(), updated_by = %s,"
    " version = version + 1 WHERE id = %s RETURNING " + _COLUMNS
)


async def insert_contacts(
    conn: Connection, drafts: Sequence[ContactDraft], actor: str
) -> list[Contact]:
    """Many new cards in one pipelined round trip, with their identities; in draft order."""
    if not drafts:
        return []
    async with conn.cursor() as cursor:
        await cursor.executemany(
            _INSERT,
            [[d.display_name, search_text(d), actor, actor, *_data_params(d)] for d in drafts],
            returning=True,
        )
        created = await _returned_cards(cursor)
    await _insert_identities(conn, [(card.id, card.data) for card in created])
    return created


async def update_contact(
    conn: Connection, contact_id: uuid.UUID, draft: ContactDraft, actor: str
) -> Contact:
    [contact] = await update_contacts(conn, [(contact_id, draft)], actor)
    return contact


async def update_contacts(
    conn: Connection, cards: Sequence[tuple[uuid.UUID, ContactDraft]], actor: str
) -> list[Contact]:
    """Store the new state of each card (locked by the caller) and its emails and phones as
    identities: one pipelined UPDATE per card and two statements for the identities."""
    if not cards:
        return []
    async with conn.cursor() as cursor:
        await cursor.executemany(
            _UPDATE,
            [
                [d.display_name, search_text(d), actor, *_data_params(d), contact_id]
                for contact_id, d in cards
            ],
            returning=True,
        )
        updated = await _returned_cards(cursor)
    await _replace_identities(conn, cards)
    return updated


async def get_contact(
    conn: Connection,
    contact_id: uuid.UUID,
    *,
    for_update: bool = False,
    include_deleted: bool = False,
) -> Contact | None:
    query = _SELECT + " WHERE id = %s"
    if not include_deleted:
        query += " AND deleted_at IS NULL"
    if for_update:
        query += " FOR UPDATE"
    cursor = await conn.execute(query, [contact_id])
    row = await cursor.fetchone()
    return contact_from_row(row) if row else None


async def get_contacts(
    conn: Connection,
    ids: list[uuid.UUID],
    *,
    include_deleted: bool = False,
    for_update: bool = False,
) -> list[Contact]:
    """The cards with these ids, in the order of `ids` (locked in id order with `for_update`)."""
    query = _SELECT + " WHERE id = ANY(%s)"
    if not include_deleted:
        query += " AND deleted_at IS NULL"
    if for_update:
        query += " ORDER BY id FOR UPDATE"
    cursor = await conn.execute(query, [ids])
    by_id = {row["id"]: contact_from_row(row) for row in await cursor.fetchall()}
    return [by_id[i] for i in ids if i in by_id]


async def set_deleted(
    conn: Connection, contact_id: uuid.UUID, actor: str, *, deleted: bool
) -> Contact:
    cursor = await conn.execute(
        _SET_DELETED,
        [deleted, deleted, actor, actor, contact_id],
    )
    contact = contact_from_row(await _one(cursor))
    # Group member counts are of live cards: the bin takes the card out of its groups' counts.
    await conn.execute(
        "UPDATE group_member_count SET members = members + %s"
        " WHERE group_id IN (SELECT group_id FROM group_membership WHERE contact_id = %s)",
        [-1 if deleted else 1, contact_id],
    )
    if deleted:
        await conn.execute("DELETE FROM contact_identity WHERE contact_id = %s", [contact_id])
    else:
        await _replace_identities(conn, [(contact_id, contact.data)])
    return contact


async def _replace_identities(
    conn: Connection, cards: Sequence[tuple[uuid.UUID, ContactDraft]]
) -> None:
    """The emails and phones of these cards as their identities, in place of what they had."""
    await conn.execute(
        "DELETE FROM contact_identity WHERE contact_id = ANY(%s)",
        [[contact_id for contact_id, _ in cards]],
    )
    await _insert_identities(conn, cards)


async def _insert_identities(
    conn: Connection, cards: Sequence[tuple[uuid.UUID, ContactDraft]]
) -> None:
    rows = [
        (kind, value, contact_id)
        for contact_id, draft in cards
        for kind, value in sorted(identities(draft))
    ]
    if rows:
        async with conn.cursor() as cursor:
            await cursor.executemany(
                "INSERT INTO contact_identity (kind, value, contact_id) VALUES (%s, %s, %s)", rows
            )


async def identity_holders(
    conn: Connection, wanted: Iterable[tuple[str, str]], exclude: uuid.UUID | None
) -> list[dict[str, Any]]:
    """Other live cards holding any of these emails or phones: (kind, value, contact_id)."""
    rows = await identity_rows(conn, wanted)
    return [row for row in rows if row["contact_id"] != exclude][:20]


async def identity_rows(
    conn: Connection, wanted: Iterable[tuple[str, str]]
) -> list[dict[str, Any]]:
    """Every live card holding any of these (kind, value) pairs, ordered by kind and value."""
    pairs = sorted(set(wanted))
    if not pairs:
        return []
    cursor = await conn.execute(
        "SELECT i.kind, i.value, i.contact_id FROM contact_identity i"
        " JOIN unnest(%s::text[], %s::text[]) AS w(kind, value)"
        " ON i.kind = w.kind AND i.value = w.value ORDER BY i.kind, i.value, i.contact_id",
        [[k for k, _ in pairs], [v for _, v in pairs]],
    )
    return list(await cursor.fetchall())


async def existing_ids(conn: Connection, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    cursor = await conn.execute(
        "SELECT id FROM contact WHERE id = ANY(%s) AND deleted_at IS NULL", [ids]
    )
    return {row["id"] for row in await cursor.fetchall()}


async def company_kinds(conn: Connection, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, ContactKind]:
    """The kind of each live card among `ids` (missing ids are not live)."""
    cursor = await conn.execute(
        "SELECT id, kind FROM contact WHERE id = ANY(%s) AND deleted_at IS NULL", [list(ids)]
    )
    return {row["id"]: ContactKind(row["kind"]) for row in await cursor.fetchall()}


async def custom_value_holders(
    conn: Connection, key: str, values: Iterable[object]
) -> dict[str, uuid.UUID]:
    """Live cards holding each value of a unique custom field, by the value's JSON text."""
    cursor = await conn.execute(
        "SELECT custom -> %s AS value, id FROM contact"
        " WHERE custom -> %s = ANY(%s::jsonb[]) AND deleted_at IS NULL",
        [key, key, [Jsonb(value) for value in values]],
    )
    return {json.dumps(row["value"], sort_keys=True): row["id"] for row in await cursor.fetchall()}


def _data_params(draft: ContactDraft) -> list[object]:
    fields = stored_fields(draft)
    return [Jsonb(fields[c]) if c in _JSON_COLUMNS else fields[c] for c in _DATA_COLUMNS]


async def _returned_cards(cursor: Any) -> list[Contact]:
    """The card each statement of an `executemany(..., returning=True)` returned."""
    cards = []
    while True:
        cards.append(contact_from_row(await _one(cursor)))
        if not cursor.nextset():
            return cards


async def _one(cursor: Any) -> dict[str, Any]:
    row: dict[str, Any] | None = await cursor.fetchone()
    if row is None:
        raise LookupError("the statement returned no row")
    return row


def contact_from_row(row: dict[str, Any]) -> Contact:
    draft = ContactDraft(
        kind=ContactKind(row["kind"]),
        first_name=row["first_name"],
        middle_name=row["middle_name"],
        last_name=row["last_name"],
        company_name=row["company_name"],
        gender=Gender(row["gender"]) if row["gender"] else None,
        birthday=row["birthday"],
        photo_url=row["photo_url"] or "",
        company_id=row["company_id"],
        country_code=row["country_code"] or "",
        legal=row["legal"],
        emails=[Email(**item) for item in row["emails"]],
        phones=[Phone(**item) for item in row["phones"]],
        addresses=[Address(**item) for item in row["addresses"]],
        region=row["region"],
        activity_id=row["activity_id"],
        description=row["description"],
        source=row["source"],
        manager_id=row["manager_id"] or "",
        custom=row["custom"],
    )
    return Contact(
        id=row["id"],
        data=draft,
        version=row["version"],
        created_at=row["created_at"],
        created_by=row["created_by"],
        updated_at=row["updated_at"],
        updated_by=row["updated_by"],
        deleted_at=row["deleted_at"],
    )


async def stream_stored_cards(
    conn: Connection, where: sql.Composable, batch_size: int
) -> AsyncGenerator[list[dict[str, Any]], None]:
    """Every live card `where` selects, in list order, `batch_size` at a time, as stored.

    Rows in `stored_fields` form with the card's "id" as text: what an export writes out,
    without the cost of a card object per row. A server-side cursor: a million cards never
    sit in memory together. Run it in a REPEATABLE READ transaction and the whole stream is
    one snapshot.
    """
    async with conn.cursor(name=f"stream_{uuid.uuid4().hex[:12]}") as cursor:
        await cursor.execute(
            sql.SQL(
                _STORED_SELECT
                + " FROM contact c WHERE c.deleted_at IS NULL AND ({})"
                + " ORDER BY c.display_name, c.id"
            ).format(where)
        )
        while rows := await cursor.fetchmany(batch_size):
            yield rows


async def count_where(conn: Connection, where: sql.Composable) -> int:
    cursor = await conn.execute(
        sql.SQL("SELECT count(*) AS n FROM contact c WHERE c.deleted_at IS NULL AND ({})").format(
            where
        )
    )
    row = await cursor.fetchone()
    return int(row["n"]) if row else 0
