"""`kartoteka.contacts.v1.ContactJobsService`: start, read, cancel and undo jobs."""

from __future__ import annotations

import asyncio
import json
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import grpc
from kartoteka.contacts.v1 import jobs_service_pb2 as pb
from kartoteka.contacts.v1 import jobs_service_pb2_grpc as pb_grpc
from kartoteka_platform.db import Database
from kartoteka_platform.errors import InvalidInput
from kartoteka_platform.request_context import current_actor

from kartoteka_contacts.domain.jobs import Progress
from kartoteka_contacts.domain.spreadsheet import Column, contact_columns
from kartoteka_contacts.rpc.groups import api_actor
from kartoteka_contacts.rpc.mapping import timestamp
from kartoteka_contacts.service import bulk, exports, files, imports, jobs
from kartoteka_contacts.service.contacts import parse_id
from kartoteka_contacts.service.failed_rows import write_failed_rows
from kartoteka_contacts.service.selection import Selection
from kartoteka_contacts.store import files as file_store
from kartoteka_contacts.store import imports as import_store
from kartoteka_contacts.store.catalog import CATALOG
from kartoteka_contacts.store.jobs import JobRow

Context = grpc.aio.ServicerContext[Any, Any]
# Hands a committed job to the workers; the serve process passes the Celery dispatcher.
Dispatch = Callable[[uuid.UUID], Awaitable[None]]


async def dispatch_to_worker(job_id: uuid.UUID) -> None:
    """Queue the job on the contacts Celery queue without blocking the event loop."""
    from kartoteka_contacts.tasks.jobs import run_job

    await asyncio.to_thread(run_job.delay, str(job_id))


class ContactJobsServicer(pb_grpc.ContactJobsServiceServicer):
    def __init__(
        self,
        db: Database,
        dispatch: Dispatch = dispatch_to_worker,
        *,
        max_upload_bytes: int = 512 << 20,
    ) -> None:
        self._db = db
        self._dispatch = dispatch
        self._max_upload_bytes = max_upload_bytes

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

    async def ListSpreadsheetColumns(
        self, request: pb.ListSpreadsheetColumnsRequest, context: Context
    ) -> pb.ListSpreadsheetColumnsResponse:
        async with self._db.connection() as conn:
            columns = contact_columns((await CATALOG.definitions(conn)).values())
        return pb.ListSpreadsheetColumnsResponse(columns=columns_to_proto(columns))

    async def StartExportJob(
        self, request: pb.StartExportJobRequest, context: Context
    ) -> pb.StartExportJobResponse:
        spec = exports.ExportSpec(
            Selection(list(request.selection.contact_ids), request.selection.filter_json),
            tuple(request.columns),
            request.format,
        )
        async with self._db.transaction() as conn:
            job = await exports.start_export_job(conn, spec, current_actor.get())
        await self._dispatch(job.id)
        return pb.StartExportJobResponse(job=job_to_proto(job))

    async def DownloadJobFile(
        self, request: pb.DownloadJobFileRequest, context: Context
    ) -> AsyncIterator[pb.DownloadJobFileResponse]:
        job_id = parse_id(request.job_id, "job_id")
        if request.role == "failed_rows":
            async for message in _failed_rows(self._db, job_id, request.format or "xlsx"):
                yield message
            return
        async with self._db.connection() as conn:
            file = await files.job_file(conn, job_id, request.role or "export")
            head = pb.DownloadJobFileResponse(
                name=file.name, content_type=file.content_type, size=file.size
            )
            async for piece in file_store.chunks(conn, file.id):
                head.data = piece
                yield head
                head = pb.DownloadJobFileResponse()
            if head.name:  # an empty file still names itself
                yield head

    async def UploadImportFile(
        self, request_iterator: AsyncIterator[pb.UploadImportFileRequest], context: Context
    ) -> pb.UploadImportFileResponse:
        first = await anext(aiter(request_iterator), None)
        if first is None or first.WhichOneof("part") != "header":
            raise InvalidInput("upload_header_missing", "start with the file's name", field="file")
        header = first.header

        async def data() -> AsyncIterator[bytes]:
            async for message in request_iterator:
                yield message.data

        async with self._db.transaction() as conn:
            stored = await files.store_upload(
                conn,
                name=header.name,
                content_type=header.content_type,
                data=data(),
                created_by=current_actor.get(),
                max_bytes=self._max_upload_bytes,
            )
        # Analysed after the upload committed: a file we cannot read is still stored, and the
        # person gets the reason; abandoned uploads are purged by the worker.
        async with self._db.transaction() as conn:  # the analysis keeps the headers it read
            analysis = await imports.analyse(conn, stored, header.sheet or None)
        return analysis_to_proto(analysis)

    async def StartImportJob(
        self, request: pb.StartImportJobRequest, context: Context
    ) -> pb.StartImportJobResponse:
        spec = imports.ImportSpec(
            file_id=parse_id(request.file_id, "file_id"),
            sheet=request.sheet or None,
            mapping=tuple(key or None for key in request.mapping),
            mode=request.mode or "upsert",
            match_keys=tuple(request.match_keys),
            dry_run=request.dry_run,
        )
        async with self._db.transaction() as conn:
            job = await imports.start_import_job(conn, spec, current_actor.get())
        await self._dispatch(job.id)
        return pb.StartImportJobResponse(job=job_to_proto(job))

    async def ListJobFailures(
        self, request: pb.ListJobFailuresRequest, context: Context
    ) -> pb.ListJobFailuresResponse:
        job_id = parse_id(request.job_id, "job_id")
        async with self._db.connection() as conn:
            await jobs.get_job(conn, job_id)
            rows = await import_store.failures(
                conn,
                job_id,
                after_row=request.after_row,
                limit=min(request.limit or 100, 1_000),
            )
        return pb.ListJobFailuresResponse(
            failures=[
                pb.JobFailure(
                    row=f.row_number, column=f.column_name or "", code=f.code, reason=f.reason
                )
                for f in rows
            ]
        )


async def _failed_rows(
    db: Database, job_id: uuid.UUID, format: str
) -> AsyncIterator[pb.DownloadJobFileResponse]:
    with tempfile.TemporaryDirectory(prefix="kartoteka-failed-") as folder:
        async with db.connection() as conn:
            path, name, content_type = await write_failed_rows(conn, job_id, format, Path(folder))
        size = path.stat().st_size
        head = pb.DownloadJobFileResponse(name=name, content_type=content_type, size=size)
        with path.open("rb") as handle:
            while piece := handle.read(files.CHUNK_BYTES):
                head.data = piece
                yield head
                head = pb.DownloadJobFileResponse()


def analysis_to_proto(analysis: imports.FileAnalysis) -> pb.UploadImportFileResponse:
    return pb.UploadImportFileResponse(
        file_id=str(analysis.file.id),
        name=analysis.file.name,
        size=analysis.file.size,
        format=analysis.format,
        encoding=analysis.encoding or "",
        delimiter=analysis.delimiter or "",
        sheets=analysis.sheets,
        sheet=analysis.sheet or "",
        headers=analysis.headers,
        proposed_mapping=[key or "" for key in analysis.proposed],
        problems=[
            pb.MappingProblem(position=p.position, header=p.header, code=p.code, detail=p.detail)
            for p in analysis.problems
        ],
        preview_json=json.dumps(analysis.preview, ensure_ascii=False),
        columns=columns_to_proto(analysis.columns),
    )


def columns_to_proto(columns: Sequence[Column]) -> list[pb.SpreadsheetColumn]:
    return [pb.SpreadsheetColumn(key=column.key, header=column.header) for column in columns]


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
