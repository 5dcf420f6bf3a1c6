"""A gRPC server with health, reflection, tracing, metrics, deadlines and error mapping."""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from opentelemetry.instrumentation.grpc import aio_server_interceptor

from kartoteka_platform.errors import ErrorKind, ServiceError
from kartoteka_platform.metrics import GRPC_HANDLED, GRPC_LATENCY
from kartoteka_platform.request_context import (
    ACTOR_METADATA_KEY,
    PROBLEM_METADATA_KEY,
    REQUEST_ID_METADATA_KEY,
    current_actor,
    current_request_id,
)

log = logging.getLogger(__name__)

STATUS_BY_KIND: dict[ErrorKind, grpc.StatusCode] = {
    ErrorKind.INVALID: grpc.StatusCode.INVALID_ARGUMENT,
    ErrorKind.NOT_FOUND: grpc.StatusCode.NOT_FOUND,
    ErrorKind.CONFLICT: grpc.StatusCode.ALREADY_EXISTS,
    ErrorKind.FORBIDDEN: grpc.StatusCode.PERMISSION_DENIED,
    ErrorKind.UNAUTHENTICATED: grpc.StatusCode.UNAUTHENTICATED,
    ErrorKind.UNAVAILABLE: grpc.StatusCode.UNAVAILABLE,
}


class _PlatformInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[type-arg] # stubs lag grpc
    """Binds actor and request id, maps `ServiceError` to a status, and records metrics, for
    every shape of call: unary, and streaming in either or both directions."""

    async def intercept_service(
        self,
        continuation: Callable[
            [grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler[Any, Any]]
        ],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler[Any, Any]:
        handler: Any = await continuation(handler_call_details)
        if handler is None:  # no such method: gRPC answers UNIMPLEMENTED (the stubs omit None)
            return handler  # type: ignore[return-value]
        method_path: str = handler_call_details.method
        serializers = {
            "request_deserializer": handler.request_deserializer,
            "response_serializer": handler.response_serializer,
        }
        # aio handlers are coroutines (unary responses) or async generators (streamed ones).
        inner: Any
        if handler.unary_unary is not None or handler.stream_unary is not None:
            inner = handler.unary_unary or handler.stream_unary

            async def respond(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
                async with _rpc_scope(context, method_path):
                    return await inner(request, context)

            factory = (
                grpc.unary_unary_rpc_method_handler
                if handler.unary_unary is not None
                else grpc.stream_unary_rpc_method_handler
            )
            return factory(respond, **serializers)
        inner = handler.unary_stream or handler.stream_stream

        async def stream(
            request: Any, context: grpc.aio.ServicerContext[Any, Any]
        ) -> AsyncIterator[Any]:
            async with _rpc_scope(context, method_path):
                async for response in inner(request, context):
                    yield response

        factory = (
            grpc.unary_stream_rpc_method_handler
            if handler.unary_stream is not None
            else grpc.stream_stream_rpc_method_handler
        )
        return factory(stream, **serializers)


@contextlib.asynccontextmanager
async def _rpc_scope(
    context: grpc.aio.ServicerContext[Any, Any], method_path: str
) -> AsyncIterator[None]:
    service, _, method = method_path.lstrip("/").rpartition("/")
    metadata = dict(context.invocation_metadata() or ())
    actor_token = current_actor.set(str(metadata.get(ACTOR_METADATA_KEY) or "system"))
    request_token = current_request_id.set(
        str(metadata[REQUEST_ID_METADATA_KEY]) if REQUEST_ID_METADATA_KEY in metadata else None
    )
    started = time.perf_counter()
    code = grpc.StatusCode.OK
    try:
        yield
    except ServiceError as error:
        code = STATUS_BY_KIND[error.kind]
        context.set_trailing_metadata(
            ((PROBLEM_METADATA_KEY, json.dumps(error.as_dict(), ensure_ascii=True)),)
        )
        await context.abort(code, error.detail)
    except grpc.aio.AbortError:
        code = context.code()
        raise
    except Exception:
        code = grpc.StatusCode.INTERNAL
        log.exception("unhandled error in %s", method_path)
        await context.abort(code, "internal error")
    finally:
        GRPC_HANDLED.labels(service, method, code.name).inc()
        GRPC_LATENCY.labels(service, method).observe(time.perf_counter() - started)
        current_actor.reset(actor_token)
        current_request_id.reset(request_token)


class GrpcServer:
    """One aio server per service process, with `grpc.health.v1` and reflection built in."""

    def __init__(self, port: int, *, host: str = "0.0.0.0") -> None:
        self.server = grpc.aio.server(
            interceptors=[aio_server_interceptor(), _PlatformInterceptor()],  # type: ignore[no-untyped-call]
            options=[("grpc.so_reuseport", 0)],
        )
        self.health = health.aio.HealthServicer()  # type: ignore[attr-defined] # untyped aio module
        health_pb2_grpc.add_HealthServicer_to_server(self.health, self.server)
        self._service_names: list[str] = [
            health_pb2.DESCRIPTOR.services_by_name["Health"].full_name
        ]
        self.address = f"{host}:{port}"

    def add(self, full_service_name: str, register: Callable[[grpc.aio.Server], None]) -> None:
        """Register a servicer through its generated `add_XServicer_to_server`, bound to it."""
        register(self.server)
        self._service_names.append(full_service_name)

    async def start(self) -> None:
        """Listen and report every registered service as SERVING."""
        reflection.enable_server_reflection(
            [*self._service_names, reflection.SERVICE_NAME], self.server
        )
        if self.server.add_insecure_port(self.address) == 0:
            raise OSError(f"cannot listen on {self.address}")
        await self.server.start()
        for name in ["", *self._service_names]:
            await self.health.set(name, health_pb2.HealthCheckResponse.SERVING)

    async def stop(self, grace: float = 5.0) -> None:
        """Report NOT_SERVING so balancers drain, then let in-flight calls finish."""
        await self.health.enter_graceful_shutdown()
        await self.server.stop(grace)
