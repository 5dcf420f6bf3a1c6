"""Moving job files between callers, PostgreSQL and the worker's local disk."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import AsyncIterable
from pathlib import Path

from kartoteka_platform.db import Connection, Database
from kartoteka_platform.errors import InvalidInput, NotFound

from kartoteka_contacts.store import files as store
from kartoteka_contacts.store.files import FileRow

# 1 MiB: large enough that a 100 MB upload is 100 rows, small enough to sit in memory once.
CHUNK_BYTES = 1 << 20
NAME_MAX_LENGTH = 255


async def store_upload(
    conn: Connection,
    *,
    name: str,
    content_type: str,
    data: AsyncIterable[bytes],
    created_by: str,
    max_bytes: int,
    role: str = "upload",
) -> FileRow:
    """Store an incoming byte stream as a file; refuse it past `max_bytes` (nothing kept)."""
    clean_name = _file_name(name)
    file = await store.create_file(
        conn,
        role=role,
        name=clean_name,
        content_type=content_type or "application/octet-stream",
        created_by=created_by,
    )
    digest = hashlib.sha256()
    size, seq, pending = 0, 0, bytearray()
    async for piece in data:
        size += len(piece)
        if size > max_bytes:
            raise InvalidInput(
                "file_too_large",
                f"the file is larger than {max_bytes // (1 << 20)} MiB",
                field="file",
            )
        digest.update(piece)
        pending += piece
        while len(pending) >= CHUNK_BYTES:
            await store.append_chunk(conn, file.id, seq, bytes(pending[:CHUNK_BYTES]))
            del pending[:CHUNK_BYTES]
            seq += 1
    if pending:
        await store.append_chunk(conn, file.id, seq, bytes(pending))
    await store.complete_file(conn, file.id, size, digest.hexdigest())
    stored = await store.get_file(conn, file.id)
    assert stored is not None
    return stored


async def store_path(
    db: Database,
    path: Path,
    *,
    role: str,
    name: str,
    content_type: str,
    created_by: str,
    job_id: uuid.UUID,
) -> FileRow:
    """Store a file the worker wrote (an export, a failed-rows report) under its job."""

    async def pieces() -> AsyncIterable[bytes]:
        with path.open("rb") as handle:
            while piece := handle.read(CHUNK_BYTES):
                yield piece

    async with db.transaction() as conn:
        file = await store_upload(
            conn,
            name=name,
            content_type=content_type,
            data=pieces(),
            created_by=created_by,
            max_bytes=1 << 40,
            role=role,
        )
        await store.attach_to_job(conn, file.id, job_id)
    return file


async def materialize(conn: Connection, file_id: uuid.UUID, path: Path) -> FileRow:
    """Write the stored file to `path` (readers of XLSX need a seekable local file)."""
    file = await require_file(conn, file_id)
    with path.open("wb") as handle:
        async for piece in store.chunks(conn, file_id):
            handle.write(piece)
    return file


async def require_file(conn: Connection, file_id: uuid.UUID) -> FileRow:
    file = await store.get_file(conn, file_id)
    if file is None or not file.complete:
        raise NotFound("file_not_found", f"no uploaded file {file_id}", field="file_id")
    return file


def _file_name(raw: str) -> str:
    # Only the last path segment: a name is shown to people and put in a download header.
    name = raw.replace("\\", "/").rsplit("/", 1)[-1].strip()
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"\r\n')
    return (name or "upload")[:NAME_MAX_LENGTH]


async def job_file(conn: Connection, job_id: uuid.UUID, role: str) -> FileRow:
    """The finished file of a job in a role (export, failed_rows), or `NotFound`."""
    file = await store.job_file(conn, job_id, role)
    if file is None:
        raise NotFound("file_not_found", f"job {job_id} has no {role} file (yet)", field="job_id")
    return file
