"""Channels to internal services, and reading the problem a failed call carried."""

from __future__ import annotations

import json
from typing import Any

import grpc
from opentelemetry.instrumentation.grpc import aio_client_interceptors

from kartoteka_platform.errors import (
    Conflict,
    ErrorKind,
    Forbidden,
    InvalidInput,
    NotFound,
    ServiceError,
)
from kartoteka_platform.request_context import PROBLEM_METADATA_KEY


def open_channel(address: str) -> grpc.aio.Channel:
    """An insecure channel (internal network only) with tracing on every call."""
    return grpc.aio.insecure_channel(
        address,
        interceptors=list(aio_client_interceptors()),  # type: ignore[no-untyped-call]
        options=[
            # A restarted service is found again quickly instead of after the default 20 s+.
            ("grpc.initial_reconnect_backoff_ms", 100),
            ("grpc.max_reconnect_backoff_ms", 2000),
        ],
    )


def problem_of(error: grpc.aio.AioRpcError) -> dict[str, Any] | None:
    """The `ServiceError` body the server attached to a failed call, if any."""
    metadata: tuple[tuple[str, str | bytes], ...] = tuple(error.trailing_metadata() or ())  # type: ignore[arg-type]
    for key, value in metadata:
        if key == PROBLEM_METADATA_KEY:
            decoded = value.decode() if isinstance(value, bytes) else value
            parsed: dict[str, Any] = json.loads(decoded)
            return parsed
    return None


def service_error_of(error: grpc.aio.AioRpcError) -> ServiceError | None:
    """The `ServiceError` a failed internal call carried, rebuilt on the caller's side, so a
    service can treat another's "invalid"/"not found" like its own."""
    body = problem_of(error)
    if body is None:
        return None
    kind = ErrorKind(body["kind"])
    cls = _ERROR_CLASSES.get(kind, ServiceError)
    rebuilt = cls(body["code"], body["detail"], field=body.get("field"), extra=body.get("extra"))
    rebuilt.kind = kind
    return rebuilt


_ERROR_CLASSES: dict[ErrorKind, type[ServiceError]] = {
    ErrorKind.INVALID: InvalidInput,
    ErrorKind.NOT_FOUND: NotFound,
    ErrorKind.CONFLICT: Conflict,
    ErrorKind.FORBIDDEN: Forbidden,
}
