"""`/api/v1/jobs` and `/api/v1/contacts/bulk`: long jobs, their progress (polling and SSE),
cancel and undo."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import StreamingResponse
from kartoteka.contacts.v1 import jobs_service_pb2 as pb

from kartoteka_gateway.api.job_models import SETTLED_STATES, BulkJobIn, JobOut, job_out
from kartoteka_gateway.clients import call
from kartoteka_gateway.problems import Problem
from kartoteka_gateway.security.authorize import Authorize
from kartoteka_gateway.security.tokens import Principal

router = APIRouter(tags=["jobs"])
JobId = Annotated[str, Path(max_length=64)]
# The permission each bulk operation needs besides `contacts.bulk`; `<permission>_own`
# instead limits it to the cards the caller manages.
BULK_PERMISSIONS = {
    "add_to_group": "groups.members",
    "remove_from_group": "groups.members",
    "move_to_group": "groups.members",
    "assign_manager": "contacts.update",
    "set_field": "contacts.update",
    "delete": "contacts.delete",
    "restore": "contacts.delete",
}
# Progress is read twice a second: a 5,000-card batch takes about a second at a million rows.
POLL_SECONDS = 0.5
HEARTBEAT_SECONDS = 15.0


def _scope(principal: Principal, permission: str) -> str:
    """'' for every card, the caller's id for only the cards they manage, or 403."""
    if principal.may(permission):
        return ""
    if principal.may(f"{permission}_own"):
        return principal.subject
    raise Problem(403, "permission_denied", f"this action needs {permission!r}")


@router.post("/api/v1/contacts/bulk", status_code=202, response_model=JobOut)
async def start_bulk_job(
    body: BulkJobIn,
    request: Request,
    response: Response,
    principal: Annotated[Principal, Depends(Authorize("contacts.bulk"))],
) -> JobOut:
    """Apply one operation to listed cards or to every card a filter selects (frozen now)."""
    scope = _scope(principal, BULK_PERMISSIONS[body.operation.op])
    reply = await call(
        request,
        principal,
        request.app.state.clients.jobs.StartBulkJob,
        pb.StartBulkJobRequest(
            selection=body.selection.to_proto(),
            operation_json=body.operation.model_dump_json(exclude_none=True),
            only_managed_by=scope,
        ),
        service="contacts",
        deadline_seconds=request.app.state.settings.job_start_timeout_seconds,
    )
    response.headers["Location"] = f"/api/v1/jobs/{reply.job.id}"
    return job_out(reply.job)


@router.get("/api/v1/jobs", response_model=list[JobOut])
async def list_jobs(
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("jobs.read"))],
    kind: Annotated[str, Query(max_length=20)] = "",
    mine: bool = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[JobOut]:
    """Newest first; `mine` keeps only the jobs the caller started."""
    reply = await call(
        request,
        principal,
        request.app.state.clients.jobs.ListJobs,
        pb.ListJobsRequest(
            kind=kind,
            created_by=principal.subject if mine else "",
            limit=limit,
        ),
        service="contacts",
    )
    return [job_out(job) for job in reply.jobs]


@router.get("/api/v1/jobs/{job_id}", response_model=JobOut)
async def get_job(
    job_id: JobId,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("jobs.read"))],
) -> JobOut:
    return job_out(await _job(request, principal, job_id))


@router.get(
    "/api/v1/jobs/{job_id}/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def job_events(
    job_id: JobId,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("jobs.read"))],
) -> StreamingResponse:
    """Server-sent events: a `progress` event whenever the job changes, `end` when it settles."""
    first = await _job(request, principal, job_id)

    async def stream() -> AsyncIterator[str]:
        job, last, beat = first, "", time.monotonic()
        while True:
            body = job_out(job).model_dump_json()
            if body != last:
                yield f"event: progress\ndata: {body}\n\n"
                last, beat = body, time.monotonic()
            if job.state in SETTLED_STATES:
                yield f"event: end\ndata: {body}\n\n"
                return
            if time.monotonic() - beat > HEARTBEAT_SECONDS:
                yield ": still running\n\n"  # keeps proxies from closing an idle stream
                beat = time.monotonic()
            await asyncio.sleep(POLL_SECONDS)
            if await request.is_disconnected():
                return
            job = await _job(request, principal, job_id)

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.post("/api/v1/jobs/{job_id}/cancel", response_model=JobOut)
async def cancel_job(
    job_id: JobId,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("jobs.manage"))],
) -> JobOut:
    """Stop after the current batch; what was done stays and can be undone."""
    reply = await call(
        request,
        principal,
        request.app.state.clients.jobs.CancelJob,
        pb.CancelJobRequest(id=job_id),
        service="contacts",
    )
    return job_out(reply.job)


@router.post("/api/v1/jobs/{job_id}/undo", status_code=202, response_model=JobOut)
async def undo_job(
    job_id: JobId,
    request: Request,
    response: Response,
    principal: Annotated[Principal, Depends(Authorize("jobs.manage"))],
) -> JobOut:
    """Queue the revert of a finished bulk or import job; returns the undo job."""
    reply = await call(
        request,
        principal,
        request.app.state.clients.jobs.UndoJob,
        pb.UndoJobRequest(id=job_id),
        service="contacts",
    )
    response.headers["Location"] = f"/api/v1/jobs/{reply.job.id}"
    return job_out(reply.job)


async def _job(request: Request, principal: Principal, job_id: str) -> pb.Job:
    reply: pb.GetJobResponse = await call(
        request,
        principal,
        request.app.state.clients.jobs.GetJob,
        pb.GetJobRequest(id=job_id),
        service="contacts",
    )
    return reply.job
