"""`/api/v1/imports`: upload a spreadsheet, confirm the mapping, run (or rehearse) the import,
then read its refused rows or download them to fix and import again."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

import grpc
from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, Response, UploadFile
from fastapi.responses import StreamingResponse
from kartoteka.contacts.v1 import jobs_service_pb2 as pb
from pydantic import BaseModel, ConfigDict, Field

from kartoteka_gateway.api.exports import ColumnOut
from kartoteka_gateway.api.job_models import JobOut, job_out
from kartoteka_gateway.api.transfers import download
from kartoteka_gateway.clients import call, call_metadata, problem_from_rpc_error
from kartoteka_gateway.security.authorize import Authorize
from kartoteka_gateway.security.tokens import Principal

router = APIRouter(tags=["import and export"])
JobId = Annotated[str, Path(max_length=64)]
# Matches the contacts service's chunking: an upload travels as 1 MiB messages.
CHUNK_BYTES = 1 << 20
# A large XLSX takes seconds to store and open for the preview.
UPLOAD_TIMEOUT_SECONDS = 300.0


class MappingProblemOut(BaseModel):
    position: int
    header: str
    code: str
    detail: str


class FileAnalysisOut(BaseModel):
    file_id: str
    name: str
    size: int
    format: str
    encoding: str | None
    delimiter: str | None
    sheets: list[str]
    sheet: str | None
    headers: list[str]
    proposed_mapping: list[str | None]
    problems: list[MappingProblemOut]
    preview: list[list[str]]
    columns: list[ColumnOut]


class ImportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    file_id: Annotated[str, Field(max_length=64)]
    sheet: Annotated[str, Field(max_length=200)] | None = None
    mapping: Annotated[
        list[Annotated[str, Field(max_length=100)] | None],
        Field(max_length=2000, description="per header: a column key, or null to skip it"),
    ]
    mode: Literal["create", "update", "upsert"] = "upsert"
    match_keys: list[Literal["name", "phone", "email", "company"]] = Field(
        default_factory=list, description="what makes a row an existing card; empty: all four"
    )
    dry_run: bool = False


class FailureOut(BaseModel):
    row: int
    column: str | None
    code: str
    reason: str


@router.post("/api/v1/imports/files", status_code=201, response_model=FileAnalysisOut)
async def upload_file(
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("contacts.import"))],
    file: Annotated[UploadFile, File(description="XLSX, XLS or CSV")],
    sheet: Annotated[str | None, Form(max_length=200)] = None,
) -> FileAnalysisOut:
    """Store the file and read it: format, headers, the first rows and a proposed mapping."""

    async def messages() -> AsyncIterator[pb.UploadImportFileRequest]:
        yield pb.UploadImportFileRequest(
            header=pb.UploadHeader(
                name=file.filename or "upload",
                content_type=file.content_type or "",
                sheet=sheet or "",
            )
        )
        while piece := await file.read(CHUNK_BYTES):
            yield pb.UploadImportFileRequest(data=piece)

    try:
        reply: pb.UploadImportFileResponse = await request.app.state.clients.jobs.UploadImportFile(
            messages(),
            timeout=UPLOAD_TIMEOUT_SECONDS,
            metadata=call_metadata(request, principal),
        )
    except grpc.aio.AioRpcError as error:
        raise problem_from_rpc_error(error, "contacts") from error
    return FileAnalysisOut(
        file_id=reply.file_id,
        name=reply.name,
        size=reply.size,
        format=reply.format,
        encoding=reply.encoding or None,
        delimiter=reply.delimiter or None,
        sheets=list(reply.sheets),
        sheet=reply.sheet or None,
        headers=list(reply.headers),
        proposed_mapping=[key or None for key in reply.proposed_mapping],
        problems=[
            MappingProblemOut(position=p.position, header=p.header, code=p.code, detail=p.detail)
            for p in reply.problems
        ],
        preview=json.loads(reply.preview_json or "[]"),
        columns=[ColumnOut(key=c.key, header=c.header) for c in reply.columns],
    )


@router.post("/api/v1/imports", status_code=202, response_model=JobOut)
async def start_import(
    body: ImportIn,
    request: Request,
    response: Response,
    principal: Annotated[Principal, Depends(Authorize("contacts.import"))],
) -> JobOut:
    """Run the import of an uploaded file with the confirmed mapping (or a dry run of it)."""
    reply = await call(
        request,
        principal,
        request.app.state.clients.jobs.StartImportJob,
        pb.StartImportJobRequest(
            file_id=body.file_id,
            sheet=body.sheet or "",
            mapping=[key or "" for key in body.mapping],
            mode=body.mode,
            match_keys=body.match_keys,
            dry_run=body.dry_run,
        ),
        service="contacts",
    )
    response.headers["Location"] = f"/api/v1/jobs/{reply.job.id}"
    return job_out(reply.job)


@router.get("/api/v1/jobs/{job_id}/failures", response_model=list[FailureOut])
async def job_failures(
    job_id: JobId,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("jobs.read"))],
    after_row: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[FailureOut]:
    """The rows the job refused, in file order; page with `after_row`."""
    reply: Any = await call(
        request,
        principal,
        request.app.state.clients.jobs.ListJobFailures,
        pb.ListJobFailuresRequest(job_id=job_id, after_row=after_row, limit=limit),
        service="contacts",
    )
    return [
        FailureOut(row=f.row, column=f.column or None, code=f.code, reason=f.reason)
        for f in reply.failures
    ]


@router.get(
    "/api/v1/jobs/{job_id}/failed-rows",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
async def failed_rows_file(
    job_id: JobId,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("contacts.import"))],
    format: Literal["xlsx", "csv"] = "xlsx",
) -> StreamingResponse:
    """The refused rows as the file had them plus an error column, ready to fix and re-import."""
    return await download(
        request,
        principal,
        pb.DownloadJobFileRequest(job_id=job_id, role="failed_rows", format=format),
    )
