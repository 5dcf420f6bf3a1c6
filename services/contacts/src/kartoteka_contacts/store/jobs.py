"""Job rows: creation, the worker's lease, progress counters, cancellation and finishing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kartoteka_platform.db import Connection
from psycopg import sql
from psycopg.types.json import Jsonb

from kartoteka_contacts.domain.jobs import JobKind, JobState

_COLUMNS = (
    "id, kind, state, params, total, processed, created, updated, skipped, failed,"
    " resume_after, cancel_requested, lease_owner, lease_until, attempts, error_code, error,"
    " result, reverts, created_by, created_at, started_at, finished_at, updated_at, now() AS now"
)


@dataclass(frozen=True)
class JobRow:
    id: uuid.UUID
    kind: JobKind
    state: JobState
    params: dict[str, Any]
    total: int
    processed: int
    created: int
    updated: int
    skipped: int
    failed: int
    resume_after: str | None
    cancel_requested: bool
    lease_owner: str | None
    lease_until: datetime | None
    attempts: int
    error_code: str | None
    error: str | None
    result: dict[str, Any]
    reverts: uuid.UUID | None
    created_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    updated_at: datetime
    # The database clock when the row was read: progress rates never mix two clocks.
    now: datetime


@dataclass(frozen=True)
class Counts:
    """What one batch adds to a job's counters."""

    processed: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0


async def insert_job(
    conn: Connection,
    kind: JobKind,
    params: dict[str, Any],
    created_by: str,
    *,
    reverts: uuid.UUID | None = None,
) -> JobRow:
    cursor = await conn.execute(
        "INSERT INTO contact_job (id, kind, state, params, created_by, reverts)"
        " VALUES (uuidv7(), %s, 'queued', %s, %s, %s) RETURNING " + _COLUMNS,
        [kind.value, Jsonb(params), created_by, reverts],
    )
    return _job(await cursor.fetchone())


async def get_job(
    conn: Connection, job_id: uuid.UUID, *, for_update: bool = False
) -> JobRow | None:
    cursor = await conn.execute(
        "SELECT "
        + _COLUMNS
        + " FROM contact_job WHERE id = %s"
        + (" FOR UPDATE" if for_update else ""),
        [job_id],
    )
    row = await cursor.fetchone()
    return _job(row) if row else None


async def list_jobs(
    conn: Connection, *, kind: JobKind | None, created_by: str | None, limit: int
) -> list[JobRow]:
    """Newest first."""
    clauses = [sql.SQL("true")]
    params: list[object] = []
    if kind is not None:
        clauses.append(sql.SQL("kind = %s"))
        params.append(kind.value)
    if created_by is not None:
        clauses.append(sql.SQL("created_by = %s"))
        params.append(created_by)
    cursor = await conn.execute(
        sql.SQL("SELECT {} FROM contact_job WHERE {} ORDER BY created_at DESC, id LIMIT %s").format(
            sql.SQL(_COLUMNS), sql.SQL(" AND ").join(clauses)
        ),
        [*params, limit],
    )
    return [_job(row) for row in await cursor.fetchall()]


async def set_total(conn: Connection, job_id: uuid.UUID, total: int) -> None:
    await conn.execute(
        "UPDATE contact_job SET total = %s, updated_at = now() WHERE id = %s", [total, job_id]
    )


async def start_over(conn: Connection, job_id: uuid.UUID, total: int) -> None:
    """Count a job from zero toward `total`: an export taken over after a crash starts its
    file again, and its progress with it (it showed 3,150,000 of 1,070,075 rows)."""
    await conn.execute(
        "UPDATE contact_job SET total = %s, processed = 0, updated_at = now() WHERE id = %s",
        [total, job_id],
    )


async def request_cancel(conn: Connection, job_id: uuid.UUID) -> None:
    await conn.execute(
        "UPDATE contact_job SET cancel_requested = true, updated_at = now() WHERE id = %s",
        [job_id],
    )


async def cancel_unstarted(conn: Connection, job_id: uuid.UUID) -> bool:
    """Cancel a job no worker has claimed yet; False when one already has."""
    cursor = await conn.execute(
        "UPDATE contact_job SET state = 'cancelled', cancel_requested = true,"
        " finished_at = now(), updated_at = now() WHERE id = %s AND state = 'queued'",
        [job_id],
    )
    return cursor.rowcount == 1


async def set_state(conn: Connection, job_id: uuid.UUID, state: JobState) -> None:
    await conn.execute(
        "UPDATE contact_job SET state = %s, updated_at = now() WHERE id = %s",
        [state.value, job_id],
    )


async def claim(
    conn: Connection, job_id: uuid.UUID, owner: str, lease_seconds: float
) -> JobRow | None:
    """Take the job for `owner` unless another live worker holds it; a queued job starts."""
    cursor = await conn.execute(
        "UPDATE contact_job SET state = 'running', lease_owner = %s,"
        " lease_until = now() + make_interval(secs => %s), attempts = attempts + 1,"
        " started_at = coalesce(started_at, now()), updated_at = now()"
        " WHERE id = %s AND state IN ('queued', 'running')"
        " AND (lease_until IS NULL OR lease_until < now() OR lease_owner = %s)"
        " RETURNING " + _COLUMNS,
        [owner, lease_seconds, job_id, owner],
    )
    row = await cursor.fetchone()
    return _job(row) if row else None


async def advance(
    conn: Connection,
    job_id: uuid.UUID,
    owner: str,
    counts: Counts,
    resume_after: str | None,
    lease_seconds: float,
) -> JobRow | None:
    """Add a batch's counts and move the resume point, in the batch's own transaction.

    Returns None when the lease was lost (another worker took the job over): the caller must
    roll the batch back, or it would be applied twice.
    """
    cursor = await conn.execute(
        "UPDATE contact_job SET processed = processed + %s, created = created + %s,"
        " updated = updated + %s, skipped = skipped + %s, failed = failed + %s,"
        " resume_after = %s, lease_until = now() + make_interval(secs => %s), updated_at = now()"
        " WHERE id = %s AND lease_owner = %s AND state = 'running' RETURNING " + _COLUMNS,
        [
            counts.processed,
            counts.created,
            counts.updated,
            counts.skipped,
            counts.failed,
            resume_after,
            lease_seconds,
            job_id,
            owner,
        ],
    )
    row = await cursor.fetchone()
    return _job(row) if row else None


async def finish(
    conn: Connection,
    job_id: uuid.UUID,
    owner: str,
    state: JobState,
    *,
    result: dict[str, Any] | None = None,
    error_code: str | None = None,
    error: str | None = None,
) -> JobRow | None:
    cursor = await conn.execute(
        "UPDATE contact_job SET state = %s, result = result || %s, error_code = %s, error = %s,"
        " finished_at = now(), lease_owner = NULL, lease_until = NULL, updated_at = now()"
        " WHERE id = %s AND lease_owner = %s AND state = 'running' RETURNING " + _COLUMNS,
        [state.value, Jsonb(result or {}), error_code, error, job_id, owner],
    )
    row = await cursor.fetchone()
    return _job(row) if row else None


async def merge_result(conn: Connection, job_id: uuid.UUID, result: dict[str, Any]) -> None:
    await conn.execute(
        "UPDATE contact_job SET result = result || %s, updated_at = now() WHERE id = %s",
        [Jsonb(result), job_id],
    )


async def orphaned(conn: Connection, *, queued_for_seconds: float) -> list[uuid.UUID]:
    """Running jobs whose worker's lease ran out, and queued jobs nobody picked up."""
    cursor = await conn.execute(
        "SELECT id FROM contact_job WHERE (state = 'running' AND lease_until < now())"
        " OR (state = 'queued' AND created_at < now() - make_interval(secs => %s))"
        " ORDER BY created_at",
        [queued_for_seconds],
    )
    return [row["id"] for row in await cursor.fetchall()]


def _job(row: dict[str, Any] | None) -> JobRow:
    assert row is not None
    return JobRow(**{**row, "kind": JobKind(row["kind"]), "state": JobState(row["state"])})
