"""Every call shape maps a `ServiceError` to its status with the problem body, and sees the
caller's identity: unary, client streaming, server streaming and both."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import grpc
import pytest
from kartoteka_platform.errors import InvalidInput, NotFound
from kartoteka_platform.request_context import ACTOR_METADATA_KEY, current_actor
from kartoteka_platform.rpc.client import open_channel, problem_of
from kartoteka_platform.rpc.server import GrpcServer

SERVICE = "kartoteka.test.v1.Shapes"


def _identity(data: bytes) -> bytes:
    return data


async def unary(request: bytes, context: Any) -> bytes:
    if request == b"bad":
        raise InvalidInput("bad_request", "bad from a unary call", field="body")
    return current_actor.get().encode()


async def upload(requests: AsyncIterator[bytes], context: Any) -> bytes:
    received = [piece async for piece in requests]
    if b"bad" in received:
        raise InvalidInput("bad_piece", f"piece {received.index(b'bad')} is bad", field="data")
    return current_actor.get().encode() + b":" + b"".join(received)


async def download(request: bytes, context: Any) -> AsyncIterator[bytes]:
    yield current_actor.get().encode()
    if request == b"bad":
        raise NotFound("no_more", "the rest is gone", field="file")
    yield b"done"


async def both(requests: AsyncIterator[bytes], context: Any) -> AsyncIterator[bytes]:
    async for piece in requests:
        if piece == b"bad":
            raise InvalidInput("bad_echo", "cannot echo that", field="data")
        yield piece


@pytest.fixture
async def channel(unused_tcp_port: int) -> AsyncIterator[grpc.aio.Channel]:
    server = GrpcServer(unused_tcp_port, host="127.0.0.1")
    handlers = {
        "Unary": grpc.unary_unary_rpc_method_handler(unary, _identity, _identity),
        "Upload": grpc.stream_unary_rpc_method_handler(upload, _identity, _identity),
        "Download": grpc.unary_stream_rpc_method_handler(download, _identity, _identity),
        "Both": grpc.stream_stream_rpc_method_handler(both, _identity, _identity),
    }
    server.add(
        SERVICE,
        lambda s: s.add_generic_rpc_handlers(
            (grpc.method_handlers_generic_handler(SERVICE, handlers),)
        ),
    )
    await server.start()
    opened = open_channel(f"127.0.0.1:{unused_tcp_port}")
    yield opened
    await opened.close(None)
    await server.stop(0)


METADATA = ((ACTOR_METADATA_KEY, "emp-42"),)


async def pieces(*items: bytes) -> AsyncIterator[bytes]:
    for item in items:
        yield item


async def drain(stream: Any, into: list[bytes]) -> None:
    async for message in stream:
        into.append(message)


def assert_problem(error: grpc.aio.AioRpcError, status: grpc.StatusCode, code: str) -> None:
    assert error.code() == status
    problem = problem_of(error)
    assert problem is not None
    assert problem["code"] == code


async def test_unary_and_client_streaming_calls(channel: grpc.aio.Channel) -> None:
    call_unary = channel.unary_unary(f"/{SERVICE}/Unary", _identity, _identity)
    call_upload = channel.stream_unary(f"/{SERVICE}/Upload", _identity, _identity)
    assert await call_unary(b"ok", metadata=METADATA) == b"emp-42"
    assert await call_upload(pieces(b"a", b"b"), metadata=METADATA) == b"emp-42:ab"
    with pytest.raises(grpc.aio.AioRpcError) as unary_error:
        await call_unary(b"bad", metadata=METADATA)
    assert_problem(unary_error.value, grpc.StatusCode.INVALID_ARGUMENT, "bad_request")
    with pytest.raises(grpc.aio.AioRpcError) as upload_error:
        await call_upload(pieces(b"a", b"bad"), metadata=METADATA)
    assert_problem(upload_error.value, grpc.StatusCode.INVALID_ARGUMENT, "bad_piece")


async def test_server_and_bidirectional_streaming_calls(channel: grpc.aio.Channel) -> None:
    call_download = channel.unary_stream(f"/{SERVICE}/Download", _identity, _identity)
    assert [m async for m in call_download(b"ok", metadata=METADATA)] == [b"emp-42", b"done"]
    received: list[bytes] = []
    with pytest.raises(grpc.aio.AioRpcError) as download_error:
        await drain(call_download(b"bad", metadata=METADATA), received)
    assert received == [b"emp-42"]
    assert_problem(download_error.value, grpc.StatusCode.NOT_FOUND, "no_more")
    call_both = channel.stream_stream(f"/{SERVICE}/Both", _identity, _identity)
    with pytest.raises(grpc.aio.AioRpcError) as both_error:
        await drain(call_both(pieces(b"x", b"bad"), metadata=METADATA), [])
    assert_problem(both_error.value, grpc.StatusCode.INVALID_ARGUMENT, "bad_echo")
