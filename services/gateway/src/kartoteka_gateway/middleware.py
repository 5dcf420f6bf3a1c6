"""Request ids, a body-size guard and HTTP metrics for every request."""

from __future__ import annotations

import re
import time
import uuid

from fastapi import FastAPI, Request, Response
from prometheus_client import Counter, Histogram
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kartoteka_gateway.problems import Problem, problem_response
from kartoteka_gateway.security.authorize import principal_from_headers, requires_token

REQUEST_ID_HEADER = "X-Request-ID"
# Bodies this large are never a contact; refusing them early protects the services behind.
MAX_BODY_BYTES = 2 * 1024 * 1024
# Routes that take a file: the spreadsheet a person imports is often tens of megabytes.
UPLOAD_PATHS = frozenset({"/api/v1/imports/files"})
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


def _authentication_problem(request: Request) -> Problem | None:
    """Authenticate before anything reads the body: no anonymous caller learns more than 401."""
    if not requires_token(request.url.path):
        return None
    try:
        request.state.principal = principal_from_headers(request)
    except Problem as problem:
        return problem
    return None


def _refusal(request: Request) -> Response | None:
    """The answer to a request refused before routing: no valid token, or a body too large."""
    if problem := _authentication_problem(request):
        return problem_response(
            request, problem.status, problem.code, problem.detail, headers=problem.headers
        )
    limit = (
        request.app.state.settings.max_upload_bytes
        if request.url.path in UPLOAD_PATHS
        else MAX_BODY_BYTES
    )
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        return problem_response(
            request,
            413,
            "payload_too_large",
            f"request bodies here are limited to {limit} bytes",
        )
    return None


class RequestContextMiddleware:
    """Request id, authentication and body-size guard before the app, metrics after it.

    Plain ASGI rather than `@app.middleware("http")`: Starlette's `BaseHTTPMiddleware` runs
    the app in a task of its own and streams its response through a queue, which cost a
    search request about a millisecond on these 2 cores.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)  # its state is the scope's: the routes see what is set here
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.state.request_id = request_id
        started = time.perf_counter()
        status = 500  # what the server answers if the app raises before it starts a response

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message).append(REQUEST_ID_HEADER, request_id)
            await send(message)

        try:
            refusal = _refusal(request)
            app = refusal if refusal is not None else self.app
            await app(scope, receive, send_with_id)
        finally:
            template = getattr(scope.get("route"), "path", "unmatched")
            HTTP_REQUESTS.labels(request.method, template, str(status)).inc()
            HTTP_LATENCY.labels(request.method, template).observe(time.perf_counter() - started)


def install_middleware(app: FastAPI) -> None:
    app.add_middleware(RequestContextMiddleware)
