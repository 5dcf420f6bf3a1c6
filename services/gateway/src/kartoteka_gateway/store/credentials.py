"""Staff sign-in credentials."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from kartoteka_platform.db import Connection


@dataclass(frozen=True)
class Credential:
    id: uuid.UUID
    email: str
    password_hash: str
    permissions: frozenset[str]
    disabled: bool


async def find_by_email(conn: Connection, email: str) -> Credential | None:
    cursor = await conn.execute(
        "SELECT id, email, password_hash, permissions, disabled FROM staff_credential"
        " WHERE lower(email) = lower(%s)",
        [email],
    )
    row = await cursor.fetchone()
    if row is None:
        return None
    return Credential(
        row["id"],
        row["email"],
        row["password_hash"],
        frozenset(row["permissions"]),
        row["disabled"],
    )


async def create_if_absent(
    conn: Connection, email: str, password_hash: str, permissions: list[str], display_name: str
) -> bool:
    """Add an account unless one with this email exists; True when it was added."""
    cursor = await conn.execute(
        "INSERT INTO staff_credential (id, email, password_hash, permissions, display_name)"
        " VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING id",
        [uuid.uuid4(), email, password_hash, permissions, display_name],
    )
    return await cursor.fetchone() is not None
