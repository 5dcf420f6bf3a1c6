"""Moving files through the gateway: downloads streamed from a service, uploads streamed to it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote

import grpc
from fastapi import Request
from fastapi.responses import StreamingResponse
from kartoteka.contacts.v1 import jobs_service_pb2 as pb

from kartoteka_gateway.clients import call_metadata, problem_from_rpc_error
from kartoteka_gateway.security.tokens import Principal

# A download of a million-row export takes a while; it is bounded by the client, not by us.
DOWNLOAD_TIMEOUT_SECONDS = 3600.0


async def download(
    request: Request, principal: Principal, message: pb.DownloadJobFileRequest
) -> StreamingResponse:
    """Stream a job's file; errors before the first byte become problem+json."""
    stream: Any = request.app.state.clients.jobs.DownloadJobFile(
        message, timeout=DOWNLOAD_TIMEOUT_SECONDS, metadata=call_metadata(request, principal)
    )
    try:
        first: pb.DownloadJobFileResponse = await stream.read()
    except grpc.aio.AioRpcError as error:
        raise problem_from_rpc_error(error, "contacts") from error

    async def body() -> AsyncIterator[bytes]:
        yield first.data
        async for piece in stream:
            yield piece.data

    headers = {"Content-Disposition": _attachment(first.name)}
    if first.size:
        headers["Content-Length"] = str(first.size)
    return StreamingResponse(body(), media_type=first.content_type, headers=headers)


def _attachment(name: str) -> str:
    # RFC 6266: an ASCII fallback and the exact UTF-8 name ("Klienci-Łódź.xlsx").
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
