"""Running a job to its end in committed batches, resumable by any worker after a crash."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from kartoteka_platform.db import Connection, Database
from kartoteka_platform.errors import ServiceError

from kartoteka_contacts.domain.jobs import JobKind, JobState, LeaseLost
from kartoteka_contacts.service import bulk, import_undo
from kartoteka_contacts.service.exports import ExportRun
from kartoteka_contacts.service.import_run import ImportRun
from kartoteka_contacts.store import bulk as item_store
from kartoteka_contacts.store import jobs as store
from kartoteka_contacts.store.catalog import CATALOG
from kartoteka_contacts.store.history import Actor
from kartoteka_contacts.store.jobs import Counts, JobRow

log = logging.getLogger(__name__)

# A lease outlives a slow batch many times over (a 5,000-card batch takes about 1 s at a
# million contacts); a dead worker's job is picked up within a minute of its last batch.
LEASE_SECONDS = 60.0
BATCH_SIZE = 5_000
# A job whose run raised this many times fails instead of being handed on once more: an error
# that is not a crash (a bug, a file the writer refuses) recurs on every start.
MAX_ATTEMPTS = 3

BatchStep = Callable[[Connection, JobRow, list[uuid.UUID], Actor], Awaitable[Counts]]


class JobRunner:
    """Claims a job, runs it to its end (batches of cards, of file rows, or an export) and
    finishes it; a crashed run is resumed by the next claim after its lease expires."""

    def __init__(
        self,
        db: Database,
        owner: str,
        *,
        default_region: str = "PL",
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self._db = db
        self._owner = owner
        self._region = default_region
        self._batch_size = batch_size

    async def run(self, job_id: uuid.UUID) -> JobRow | None:
        """Run (or resume) the job; None when it is finished or another worker holds it."""
        async with self._db.transaction() as conn:
            job = await store.claim(conn, job_id, self._owner, LEASE_SECONDS)
        if job is None:
            return None
        # Definitions and the default layout are read for every card: cached while a
        # listener keeps the cache true (as the API process does), not re-read per card.
        stop = asyncio.Event()
        listener = asyncio.create_task(CATALOG.listen(self._db, stop))
        try:
            return await self._run_claimed(job)
        finally:
            stop.set()
            await listener

    async def _run_claimed(self, job: JobRow) -> JobRow | None:
        try:
            if job.kind is JobKind.EXPORT:
                return await self._export(job)
            if job.kind is JobKind.IMPORT:
                return await self._import(job)
            return await self._batches(job)
        except LeaseLost:
            log.warning("job %s was taken over by another worker", job.id)
            return None
        except ServiceError as exc:
            # The data no longer fits the job (a group was deleted meanwhile): stop cleanly.
            return await self._finish(job, JobState.FAILED, exc.code, exc.detail)
        except Exception as exc:
            if job.attempts < MAX_ATTEMPTS:
                raise  # perhaps passing (an outage): the lease runs out and the job restarts
            log.exception("job %s failed on its attempt %d; giving up", job.id, job.attempts)
            return await self._finish(
                job, JobState.FAILED, "job_error", f"{type(exc).__name__}: {exc}"[:2000]
            )

    async def _batches(self, job: JobRow) -> JobRow | None:
        step, actor = await self._step_for(job)
        while True:
            async with self._db.transaction() as conn:
                current = await store.get_job(conn, job.id)
                assert current is not None
                if current.cancel_requested:
                    return await self._finish_in(conn, current, JobState.CANCELLED)
                after = uuid.UUID(current.resume_after) if current.resume_after else None
                ids = await item_store.next_batch(conn, job.id, after, self._batch_size)
                if not ids:
                    return await self._finish_in(conn, current, JobState.DONE)
                counts = await step(conn, current, ids, actor)
                advanced = await store.advance(
                    conn, job.id, self._owner, counts, str(ids[-1]), LEASE_SECONDS
                )
                if advanced is None:
                    raise LeaseLost

    async def _export(self, job: JobRow) -> JobRow | None:
        # An export restarts from the top after a crash: its file is written in one snapshot.
        result = await ExportRun(self._db, job, self._owner, LEASE_SECONDS).run()
        if result is None:
            return await self._finish(job, JobState.CANCELLED)
        return await self._finish(job, JobState.DONE, result=result)

    async def _import(self, job: JobRow) -> JobRow | None:
        run = ImportRun(self._db, job, self._owner, LEASE_SECONDS, self._region)
        result = await run.run()
        if result is None:
            return await self._finish(job, JobState.CANCELLED)
        return await self._finish(job, JobState.DONE, result=result)

    async def _step_for(self, job: JobRow) -> tuple[BatchStep, Actor]:
        if job.kind is JobKind.BULK:
            actor = Actor("employee", job.created_by, "bulk", str(job.id))
            return bulk.apply_batch, actor
        if job.kind is JobKind.UNDO and job.reverts is not None:
            async with self._db.connection() as conn:
                reverted = await store.get_job(conn, job.reverts)
            assert reverted is not None
            actor = Actor("employee", job.created_by, reverted.kind.value, str(job.id))

            async def revert(
                conn: Connection, undo: JobRow, ids: list[uuid.UUID], actor: Actor
            ) -> Counts:
                if reverted.kind is JobKind.IMPORT:
                    return await import_undo.revert_batch(
                        conn, undo, reverted, ids, actor, self._region
                    )
                return await bulk.revert_batch(conn, undo, reverted, ids, actor)

            return revert, actor
        raise ValueError(f"no runner for {job.kind} jobs")

    async def _finish(
        self,
        job: JobRow,
        state: JobState,
        code: str | None = None,
        detail: str | None = None,
        *,
        result: dict[str, Any] | None = None,
    ) -> JobRow | None:
        async with self._db.transaction() as conn:
            return await self._finish_in(conn, job, state, code, detail, result=result)

    async def _finish_in(
        self,
        conn: Connection,
        job: JobRow,
        state: JobState,
        code: str | None = None,
        detail: str | None = None,
        *,
        result: dict[str, Any] | None = None,
    ) -> JobRow | None:
        finished = await store.finish(
            conn, job.id, self._owner, state, result=result, error_code=code, error=detail
        )
        if finished is not None and job.reverts is not None:
            # The reverted job reads "undone" once its undo ran to the end; a failed or
            # cancelled undo leaves it "done" (its items say which cards were reverted).
            await store.set_state(
                conn, job.reverts, JobState.UNDONE if state is JobState.DONE else JobState.DONE
            )
        return finished
