"""`/healthz` (the process lives) and `/readyz` (it can serve: database and services answer)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from grpc_health.v1 import health_pb2, health_pb2_grpc

router = APIRouter(tags=["health"])
_READINESS_TIMEOUT = 1.0


@router.get("/healthz", include_in_schema=False)
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", include_in_schema=False)
async def readyz(request: Request) -> JSONResponse:
    checks = {"database": await _database(request)}
    clients = request.app.state.clients
    for name, channel in clients.channels().items():
        checks[name] = await _grpc_health(channel)
    ready = all(state == "ok" for state in checks.values())
    return JSONResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status_code=200 if ready else 503,
    )


async def _database(request: Request) -> str:
    try:
        async with asyncio.timeout(_READINESS_TIMEOUT), request.app.state.db.connection() as conn:
            await conn.execute("SELECT 1")
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    return "ok"


async def _grpc_health(channel: object) -> str:
    stub = health_pb2_grpc.HealthStub(channel)
    try:
        reply = await stub.Check(health_pb2.HealthCheckRequest(), timeout=_READINESS_TIMEOUT)
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    return "ok" if reply.status == health_pb2.HealthCheckResponse.SERVING else "not serving"
