"""The JSON shapes of jobs: a bulk request, and a job with its progress."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from google.protobuf.timestamp_pb2 import Timestamp
from kartoteka.contacts.v1 import jobs_service_pb2 as pb
from pydantic import BaseModel, ConfigDict, Field

from kartoteka_gateway.api.groups import SelectionIn

JobState = Literal["queued", "running", "done", "failed", "cancelled", "undoing", "undone"]
JobKind = Literal["bulk", "import", "export", "undo"]
# A job in one of these states changes no more unless a person asks (an undo).
SETTLED_STATES = frozenset({"done", "failed", "cancelled", "undone"})


class BulkOperationIn(BaseModel):
    """One action on every selected card; which arguments apply depends on `op`."""

    model_config = ConfigDict(extra="forbid")

    op: Literal[
        "add_to_group",
        "remove_from_group",
        "move_to_group",
        "assign_manager",
        "set_field",
        "delete",
        "restore",
    ]
    group_id: Annotated[str, Field(max_length=64)] | None = None
    from_group_id: Annotated[str, Field(max_length=64)] | None = Field(
        None, description="move_to_group: the group the cards leave"
    )
    manager_id: Annotated[str, Field(max_length=64)] | None = Field(
        None, description="assign_manager: the employee; null or empty clears"
    )
    field: Annotated[str, Field(max_length=100)] | None = Field(
        None,
        description="set_field: region, source, description, manager_id, activity_id"
        " or custom.<key>",
    )
    value: Any = Field(None, description="set_field: the value; null clears the field")


class BulkJobIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    selection: SelectionIn
    operation: BulkOperationIn


class JobError(BaseModel):
    code: str
    detail: str


class JobOut(BaseModel):
    id: str
    kind: JobKind
    state: JobState
    params: dict[str, Any]
    total: int
    processed: int
    created: int
    updated: int
    skipped: int
    failed: int
    percent: float
    rate_per_second: float
    seconds_left: float | None
    cancel_requested: bool
    error: JobError | None
    result: dict[str, Any]
    reverts: str | None
    created_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    updated_at: datetime


def job_out(job: pb.Job) -> JobOut:
    return JobOut(
        id=job.id,
        kind=job.kind,
        state=job.state,
        params=json.loads(job.params_json or "{}"),
        total=job.total,
        processed=job.processed,
        created=job.created,
        updated=job.updated,
        skipped=job.skipped,
        failed=job.failed,
        percent=round(job.percent, 2),
        rate_per_second=round(job.rate_per_second, 1),
        seconds_left=round(job.seconds_left, 1) if job.HasField("seconds_left") else None,
        cancel_requested=job.cancel_requested,
        error=JobError(code=job.error_code, detail=job.error) if job.error_code else None,
        result=json.loads(job.result_json or "{}"),
        reverts=job.reverts or None,
        created_by=job.created_by,
        created_at=_time(job.created_at),
        started_at=_time(job.started_at) if job.HasField("started_at") else None,
        finished_at=_time(job.finished_at) if job.HasField("finished_at") else None,
        updated_at=_time(job.updated_at),
    )


def _time(stamp: Timestamp) -> datetime:
    return stamp.ToDatetime(tzinfo=UTC)
