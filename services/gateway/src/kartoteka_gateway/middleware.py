"""Request ids, a body-size guard and HTTP metrics for every request."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from prometheus_client import Counter, Histogram

from kartoteka_gateway.problems import Problem, problem_response
from kartoteka_gateway.security.authorize import principal_from_headers, requires_token

REQUEST_ID_HEADER = "X-Request-ID"
# Bodies this large are never a contact; refusing them early protects the services behind.
MAX_BODY_BYTES = 2 * 1024 * 1024
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")

HTTP_REQUESTS = Counter(
    "http_server_requests_total", "HTTP requests served.", ["method", "route", "status"]
)
HTTP_LATENCY = Histogram(
    "http_server_request_duration_seconds",
    "Time to serve an HTTP request.",
    ["method", "route"],
    buckets=(0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)

CallNext = Callable[[Request], Awaitable[Response]]


def _authentication_problem(request: Request) -> Problem | None:
    """Authenticate before anything reads the body: no anonymous caller learns more than 401."""
    if not requires_token(request.url.path):
        return None
    try:
        request.state.principal = principal_from_headers(request)
    except Problem as problem:
        return problem
    return None


def install_middleware(app: FastAPI) -> None:
    @app.middleware("http")
    async def _request_context(request: Request, call_next: CallNext) -> Response:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request.state.request_id = (
            incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        )
        started = time.perf_counter()
        length = request.headers.get("content-length")
        response: Response
        if problem := _authentication_problem(request):
            response = problem_response(
                request, problem.status, problem.code, problem.detail, headers=problem.headers
            )
        elif length and length.isdigit() and int(length) > MAX_BODY_BYTES:
            response = problem_response(
                request,
                413,
                "payload_too_large",
                f"request bodies are limited to {MAX_BODY_BYTES} bytes",
            )
        else:
            response = await call_next(request)
        response.headers[REQUEST_ID_HEADER] = request.state.request_id
        route = request.scope.get("route")
        template = getattr(route, "path", "unmatched")
        HTTP_REQUESTS.labels(request.method, template, str(response.status_code)).inc()
        HTTP_LATENCY.labels(request.method, template).observe(time.perf_counter() - started)
        return response
