"""Use cases on jobs as people see them: read progress, cancel, ask for an undo."""

from __future__ import annotations

import uuid

from kartoteka_platform.db import Connection
from kartoteka_platform.errors import Conflict, InvalidInput, NotFound

from kartoteka_contacts.domain.jobs import (
    ACTIVE_STATES,
    FINISHED_STATES,
    UNDOABLE_KINDS,
    JobKind,
    JobState,
)
from kartoteka_contacts.store import bulk as bulk_store
from kartoteka_contacts.store import jobs as store
from kartoteka_contacts.store.jobs import JobRow

MAX_LIST = 200


async def get_job(conn: Connection, job_id: uuid.UUID) -> JobRow:
    job = await store.get_job(conn, job_id)
    if job is None:
        raise NotFound("job_not_found", f"no job {job_id}", field="id")
    return job


async def list_jobs(
    conn: Connection, *, kind: str, created_by: str | None, limit: int
) -> list[JobRow]:
    try:
        job_kind = JobKind(kind) if kind else None
    except ValueError:
        raise InvalidInput("invalid_kind", f"no job kind {kind!r}", field="kind") from None
    return await store.list_jobs(
        conn, kind=job_kind, created_by=created_by, limit=min(max(limit, 1), MAX_LIST)
    )


async def cancel_job(conn: Connection, job_id: uuid.UUID) -> JobRow:
    """Ask the worker to stop after the batch it is on; what committed stays (and can be
    undone). A job that has not started yet is cancelled at once."""
    job = await store.get_job(conn, job_id, for_update=True)
    if job is None:
        raise NotFound("job_not_found", f"no job {job_id}", field="id")
    if job.state not in ACTIVE_STATES:
        raise Conflict("job_finished", f"the job is already {job.state}", field="id")
    if not await store.cancel_unstarted(conn, job_id):
        await store.request_cancel(conn, job_id)
    if job.reverts is not None and job.state is JobState.QUEUED:
        await store.set_state(conn, job.reverts, JobState.DONE)
    return await get_job(conn, job_id)


async def request_undo(conn: Connection, job_id: uuid.UUID, actor_id: str) -> JobRow:
    """Queue the job that reverts `job_id`: cards it created are removed, cards it changed
    get their previous values back, unless someone changed them since."""
    job = await store.get_job(conn, job_id, for_update=True)
    if job is None:
        raise NotFound("job_not_found", f"no job {job_id}", field="id")
    if job.kind not in UNDOABLE_KINDS or job.params.get("dry_run"):
        raise InvalidInput("not_undoable", "this job changed no card", field="id")
    if job.state not in FINISHED_STATES:
        raise Conflict(
            "job_not_undoable_now",
            f"the job is {job.state}; only a finished job can be undone, once",
            field="id",
        )
    undo = await store.insert_job(
        conn, JobKind.UNDO, {"reverts": str(job.id), "of": job.kind.value}, actor_id, reverts=job.id
    )
    await store.set_total(conn, undo.id, await bulk_store.freeze_revert(conn, undo.id, job.id))
    await store.set_state(conn, job.id, JobState.UNDOING)
    await store.merge_result(conn, job.id, {"undo_job_id": str(undo.id)})
    return await get_job(conn, undo.id)
