"""`kartoteka.contacts.v1.ContactJobsService`: start, read, cancel and undo jobs."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
from kartoteka.contacts.v1 import jobs_service_pb2 as pb
from kartoteka.contacts.v1 import jobs_service_pb2_grpc as pb_grpc
from kartoteka_platform.db import Database
from kartoteka_platform.errors import InvalidInput
from kartoteka_platform.request_context import current_actor

from kartoteka_contacts.domain.jobs import Progress
from kartoteka_contacts.rpc.groups import api_actor
from kartoteka_contacts.rpc.mapping import timestamp
from kartoteka_contacts.service import bulk, jobs
from kartoteka_contacts.service.contacts import parse_id
from kartoteka_contacts.service.selection import Selection
from kartoteka_contacts.store.jobs import JobRow

Context = grpc.aio.ServicerContext[Any, Any]
# Hands a committed job to the workers; the serve process passes the Celery dispatcher.
Dispatch = Callable[[uuid.UUID], Awaitable[None]]


async def dispatch_to_worker(job_id: uuid.UUID) -> None:
    """Queue the job on the contacts Celery queue without blocking the event loop."""
    from kartoteka_contacts.tasks.jobs import run_job

    await asyncio.to_thread(run_job.delay, str(job_id))


class ContactJobsServicer(pb_grpc.ContactJobsServiceServicer):
    def __init__(self, db: Database, dispatch: Dispatch = dispatch_to_worker) -> None:
        self._db = db
        self._dispatch = dispatch

    async def StartBulkJob(
        self, request: pb.StartBulkJobRequest, context: Context
    ) -> pb.StartBulkJobResponse:
        operation = _json_object(request.operation_json, "operation")
        selection = Selection(list(request.selection.contact_ids), request.selection.filter_json)
        async with self._db.transaction() as conn:
            job = await bulk.start_bulk_job(
                conn,
                selection,
                operation,
                api_actor(),
                only_managed_by=request.only_managed_by or None,
            )
            job = await jobs.get_job(conn, job.id)
        await self._dispatch(job.id)
        return pb.StartBulkJobResponse(job=job_to_proto(job))

    async def GetJob(self, request: pb.GetJobRequest, context: Context) -> pb.GetJobResponse:
        async with self._db.connection() as conn:
            job = await jobs.get_job(conn, parse_id(request.id))
        return pb.GetJobResponse(job=job_to_proto(job))

    async def ListJobs(self, request: pb.ListJobsRequest, context: Context) -> pb.ListJobsResponse:
        async with self._db.connection() as conn:
            rows = await jobs.list_jobs(
                conn,
                kind=request.kind,
                created_by=request.created_by or None,
                limit=request.limit or 50,
            )
        return pb.ListJobsResponse(jobs=[job_to_proto(row) for row in rows])

    async def CancelJob(
        self, request: pb.CancelJobRequest, context: Context
    ) -> pb.CancelJobResponse:
        async with self._db.transaction() as conn:
            job = await jobs.cancel_job(conn, parse_id(request.id))
        return pb.CancelJobResponse(job=job_to_proto(job))

    async def UndoJob(self, request: pb.UndoJobRequest, context: Context) -> pb.UndoJobResponse:
        async with self._db.transaction() as conn:
            undo = await jobs.request_undo(conn, parse_id(request.id), current_actor.get())
        await self._dispatch(undo.id)
        return pb.UndoJobResponse(job=job_to_proto(undo))


def job_to_proto(job: JobRow) -> pb.Job:
    progress = Progress(job.total, job.processed, job.started_at, job.finished_at or job.now)
    message = pb.Job(
        id=str(job.id),
        kind=job.kind.value,
        state=job.state.value,
        params_json=json.dumps(job.params, ensure_ascii=False),
        total=job.total,
        processed=job.processed,
        created=job.created,
        updated=job.updated,
        skipped=job.skipped,
        failed=job.failed,
        percent=progress.percent,
        rate_per_second=progress.rate_per_second,
        cancel_requested=job.cancel_requested,
        error_code=job.error_code or "",
        error=job.error or "",
        result_json=json.dumps(job.result, ensure_ascii=False),
        reverts=str(job.reverts) if job.reverts else "",
        created_by=job.created_by,
        created_at=timestamp(job.created_at),
        updated_at=timestamp(job.updated_at),
    )
    seconds_left = progress.seconds_left
    if seconds_left is not None and job.finished_at is None:
        message.seconds_left = seconds_left
    if job.started_at is not None:
        message.started_at.CopyFrom(timestamp(job.started_at))
    if job.finished_at is not None:
        message.finished_at.CopyFrom(timestamp(job.finished_at))
    return message


def _json_object(raw: str, field: str) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise InvalidInput("invalid_json", f"{field} is not JSON: {exc}", field=field) from exc
    if not isinstance(value, dict):
        raise InvalidInput("invalid_json", f"{field} must be a JSON object", field=field)
    return value
