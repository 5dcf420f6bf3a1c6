"""`/api/v1/contacts/export` and the spreadsheet columns: exports as jobs, and their files."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.responses import StreamingResponse
from kartoteka.contacts.v1 import jobs_service_pb2 as pb
from pydantic import BaseModel, ConfigDict, Field

from kartoteka_gateway.api.groups import SelectionIn
from kartoteka_gateway.api.job_models import JobOut, job_out
from kartoteka_gateway.api.transfers import download
from kartoteka_gateway.clients import call
from kartoteka_gateway.security.authorize import Authorize
from kartoteka_gateway.security.tokens import Principal

router = APIRouter(tags=["import and export"])
JobId = Annotated[str, Path(max_length=64)]


class ColumnOut(BaseModel):
    key: str
    header: str


class ExportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    selection: SelectionIn
    columns: Annotated[
        list[Annotated[str, Field(max_length=100)]],
        Field(max_length=500, description="column keys in file order; empty for all"),
    ] = []
    format: Literal["xlsx", "csv"] = "xlsx"


@router.get("/api/v1/contacts/columns", response_model=list[ColumnOut])
async def spreadsheet_columns(
    request: Request, principal: Annotated[Principal, Depends(Authorize("contacts.read"))]
) -> list[ColumnOut]:
    """Every column an export writes and an import maps to, standard then custom."""
    reply = await call(
        request,
        principal,
        request.app.state.clients.jobs.ListSpreadsheetColumns,
        pb.ListSpreadsheetColumnsRequest(),
        service="contacts",
    )
    return [ColumnOut(key=c.key, header=c.header) for c in reply.columns]


@router.post("/api/v1/contacts/export", status_code=202, response_model=JobOut)
async def start_export(
    body: ExportIn,
    request: Request,
    response: Response,
    principal: Annotated[Principal, Depends(Authorize("contacts.export"))],
) -> JobOut:
    """Export what a filter (or a list of ids) selects; the file is the job's result."""
    reply = await call(
        request,
        principal,
        request.app.state.clients.jobs.StartExportJob,
        pb.StartExportJobRequest(
            selection=body.selection.to_proto(), columns=body.columns, format=body.format
        ),
        service="contacts",
    )
    response.headers["Location"] = f"/api/v1/jobs/{reply.job.id}"
    return job_out(reply.job)


@router.get(
    "/api/v1/jobs/{job_id}/export-file",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
async def export_file(
    job_id: JobId,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("contacts.export"))],
) -> StreamingResponse:
    """The file a finished export job wrote."""
    return await download(
        request, principal, pb.DownloadJobFileRequest(job_id=job_id, role="export")
    )
