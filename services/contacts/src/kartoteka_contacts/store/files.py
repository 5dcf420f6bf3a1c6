"""Job files in PostgreSQL: written in chunks as they arrive, read back in order."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

from kartoteka_platform.db import Connection
from psycopg.types.json import Jsonb


@dataclass(frozen=True)
class FileRow:
    id: uuid.UUID
    job_id: uuid.UUID | None
    role: str
    name: str
    content_type: str
    size: int
    sha256: str | None
    complete: bool
    created_by: str
    created_at: datetime


_COLUMNS = "id, job_id, role, name, content_type, size, sha256, complete, created_by, created_at"


async def create_file(
    conn: Connection,
    *,
    role: str,
    name: str,
    content_type: str,
    created_by: str,
    job_id: uuid.UUID | None = None,
) -> FileRow:
    cursor = await conn.execute(
        "INSERT INTO job_file (id, job_id, role, name, content_type, created_by)"
        " VALUES (uuidv7(), %s, %s, %s, %s, %s) RETURNING " + _COLUMNS,
        [job_id, role, name, content_type, created_by],
    )
    row = await cursor.fetchone()
    assert row is not None
    return FileRow(**row)


async def append_chunk(conn: Connection, file_id: uuid.UUID, seq: int, data: bytes) -> None:
    await conn.execute(
        "INSERT INTO job_file_chunk (file_id, seq, data) VALUES (%s, %s, %s)",
        [file_id, seq, data],
    )


async def complete_file(conn: Connection, file_id: uuid.UUID, size: int, sha256: str) -> None:
    await conn.execute(
        "UPDATE job_file SET size = %s, sha256 = %s, complete = true WHERE id = %s",
        [size, sha256, file_id],
    )


async def attach_to_job(conn: Connection, file_id: uuid.UUID, job_id: uuid.UUID) -> None:
    await conn.execute("UPDATE job_file SET job_id = %s WHERE id = %s", [job_id, file_id])


async def remember_headers(
    conn: Connection, file_id: uuid.UUID, asked: str, sheet: str | None, headers: list[str]
) -> None:
    """What reading sheet `asked` ('' for the default) of the file found: the sheet it
    turned out to be, and its headers."""
    await conn.execute(
        "UPDATE job_file SET read_headers = read_headers || jsonb_build_object(%s::text, %s)"
        " WHERE id = %s",
        [asked, Jsonb({"sheet": sheet, "headers": headers}), file_id],
    )


async def read_headers(
    conn: Connection, file_id: uuid.UUID, asked: str
) -> tuple[str | None, list[str]] | None:
    """The sheet and headers `remember_headers` kept for sheet `asked`, if it did."""
    cursor = await conn.execute(
        "SELECT read_headers -> %s AS found FROM job_file WHERE id = %s", [asked, file_id]
    )
    row = await cursor.fetchone()
    if row is None or row["found"] is None:
        return None
    return row["found"]["sheet"], list(row["found"]["headers"])


async def get_file(conn: Connection, file_id: uuid.UUID) -> FileRow | None:
    cursor = await conn.execute("SELECT " + _COLUMNS + " FROM job_file WHERE id = %s", [file_id])
    row = await cursor.fetchone()
    return FileRow(**row) if row else None


async def job_file(conn: Connection, job_id: uuid.UUID, role: str) -> FileRow | None:
    cursor = await conn.execute(
        "SELECT " + _COLUMNS + " FROM job_file WHERE job_id = %s AND role = %s AND complete"
        " ORDER BY created_at DESC LIMIT 1",
        [job_id, role],
    )
    row = await cursor.fetchone()
    return FileRow(**row) if row else None


async def chunks(conn: Connection, file_id: uuid.UUID) -> AsyncIterator[bytes]:
    """The file's bytes in order, one chunk in memory at a time."""
    seq = -1
    while True:
        cursor = await conn.execute(
            "SELECT seq, data FROM job_file_chunk WHERE file_id = %s AND seq > %s"
            " ORDER BY seq LIMIT 1",
            [file_id, seq],
        )
        row = await cursor.fetchone()
        if row is None:
            return
        seq = row["seq"]
        yield bytes(row["data"])


async def delete_abandoned(conn: Connection, *, older_than_hours: int) -> int:
    """Uploads never used by a job, and incomplete files, after a grace period."""
    cursor = await conn.execute(
        "DELETE FROM job_file WHERE (job_id IS NULL OR NOT complete)"
        " AND created_at < now() - make_interval(hours => %s)",
        [older_than_hours],
    )
    return cursor.rowcount
