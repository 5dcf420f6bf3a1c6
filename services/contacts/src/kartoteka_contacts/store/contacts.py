"""Reading and writing contact cards."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Any

from kartoteka_platform.db import Connection
from psycopg.types.json import Jsonb

from kartoteka_contacts.domain.contact import (
    Address,
    Contact,
    ContactDraft,
    ContactKind,
    Email,
    Phone,
)

_COLUMNS = (
    "id, kind, first_name, last_name, emails, phones, addresses, version,"
    " created_at, created_by, updated_at"
)

_INSERT = (
    "INSERT INTO contact (id, kind, first_name, last_name, emails, phones, addresses,"  # noqa: S608 - constant columns
    " created_by, updated_by) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
    " RETURNING " + _COLUMNS
)
_SELECT_LIVE = "SELECT " + _COLUMNS + " FROM contact WHERE id = %s AND deleted_at IS NULL"  # noqa: S608


async def insert_contact(
    conn: Connection, contact_id: uuid.UUID, draft: ContactDraft, actor: str
) -> Contact:
    cursor = await conn.execute(
        _INSERT,
        [
            contact_id,
            draft.kind.value,
            draft.first_name,
            draft.last_name,
            Jsonb([asdict(e) for e in draft.emails]),
            Jsonb([asdict(p) for p in draft.phones]),
            Jsonb([asdict(a) for a in draft.addresses]),
            actor,
            actor,
        ],
    )
    row = await cursor.fetchone()
    assert row is not None
    return _contact(row)


async def get_contact(conn: Connection, contact_id: uuid.UUID) -> Contact | None:
    cursor = await conn.execute(_SELECT_LIVE, [contact_id])
    row = await cursor.fetchone()
    return _contact(row) if row else None


def _contact(row: dict[str, Any]) -> Contact:
    return Contact(
        id=row["id"],
        kind=ContactKind(row["kind"]),
        first_name=row["first_name"],
        last_name=row["last_name"],
        emails=[Email(**item) for item in row["emails"]],
        phones=[Phone(**item) for item in row["phones"]],
        addresses=[Address(**item) for item in row["addresses"]],
        version=row["version"],
        created_at=row["created_at"],
        created_by=row["created_by"],
        updated_at=row["updated_at"],
    )
