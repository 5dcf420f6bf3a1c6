"""Calling internal services: deadlines, request metadata and errors turned into problems."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import grpc
from fastapi import Request
from kartoteka.contacts.v1 import (
    contacts_service_pb2_grpc,
    jobs_service_pb2_grpc,
    settings_service_pb2_grpc,
)
from kartoteka.segmentation.v1 import segmentation_service_pb2_grpc
from kartoteka_platform.errors import ErrorKind
from kartoteka_platform.request_context import ACTOR_METADATA_KEY, REQUEST_ID_METADATA_KEY
from kartoteka_platform.rpc.client import open_channel, problem_of

from kartoteka_gateway.problems import STATUS_BY_KIND, Problem
from kartoteka_gateway.security.tokens import Principal

Response = TypeVar("Response")

_STATUS_BY_CODE = {
    grpc.StatusCode.INVALID_ARGUMENT: 422,
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.ALREADY_EXISTS: 409,
    grpc.StatusCode.FAILED_PRECONDITION: 409,
    grpc.StatusCode.PERMISSION_DENIED: 403,
    grpc.StatusCode.UNAUTHENTICATED: 401,
}


class ServiceClients:
    """One channel per internal service, shared by all requests of this process."""

    def __init__(self, contacts_address: str, segmentation_address: str) -> None:
        self._channels = {
            "contacts": open_channel(contacts_address),
            "segmentation": open_channel(segmentation_address),
        }
        self.contacts = contacts_service_pb2_grpc.ContactsServiceStub(self._channels["contacts"])
        self.contact_settings = settings_service_pb2_grpc.ContactSettingsServiceStub(
            self._channels["contacts"]
        )
        self.jobs = jobs_service_pb2_grpc.ContactJobsServiceStub(self._channels["contacts"])
        self.segmentation = segmentation_service_pb2_grpc.SegmentationServiceStub(
            self._channels["segmentation"]
        )

    def channels(self) -> dict[str, grpc.aio.Channel]:
        return dict(self._channels)

    async def close(self) -> None:
        for channel in self._channels.values():
            await channel.close(grace=None)


def call_metadata(request: Request, principal: Principal) -> list[tuple[str, str]]:
    """Who is calling and which request it belongs to, for the service's logs and history."""
    metadata = [(ACTOR_METADATA_KEY, principal.subject)]
    request_id = getattr(request.state, "request_id", None)
    if request_id:
        metadata.append((REQUEST_ID_METADATA_KEY, request_id))
    return metadata


async def call(
    request: Request,
    principal: Principal,
    method: Callable[..., Awaitable[Response]],
    message: Any,
    *,
    service: str,
    deadline_seconds: float | None = None,
) -> Response:
    """Invoke `method` with the gateway's deadline (or `deadline_seconds`, for the few calls
    that do set-sized work before answering); failures become problem+json."""
    try:
        return await method(
            message,
            timeout=deadline_seconds or request.app.state.settings.rpc_timeout_seconds,
            metadata=call_metadata(request, principal),
        )
    except grpc.aio.AioRpcError as error:
        raise problem_from_rpc_error(error, service) from error


def problem_from_rpc_error(error: grpc.aio.AioRpcError, service: str) -> Problem:
    code = error.code()
    if code == grpc.StatusCode.UNAVAILABLE:
        return Problem(
            503,
            "service_unavailable",
            f"the {service} service is unavailable",
            headers={"Retry-After": "1"},
        )
    if code == grpc.StatusCode.DEADLINE_EXCEEDED:
        return Problem(504, "service_timeout", f"the {service} service did not answer in time")
    body = problem_of(error)
    if body is not None:
        status = STATUS_BY_KIND[ErrorKind(body["kind"])]
        return Problem(
            status, body["code"], body["detail"], field=body.get("field"), extra=body.get("extra")
        )
    status = _STATUS_BY_CODE.get(code, 502)
    return Problem(status, "upstream_error", error.details() or f"{service} failed")
