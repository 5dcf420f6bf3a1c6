"""RFC 9457 problem+json responses with a stable `code` and the field at fault."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from kartoteka_platform.errors import ErrorKind, ServiceError
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://kartoteka.dev/problems/"
_BODY_PARSE_FAILURE = "There was an error parsing the body"

STATUS_BY_KIND = {
    ErrorKind.INVALID: 422,
    ErrorKind.NOT_FOUND: 404,
    ErrorKind.CONFLICT: 409,
    ErrorKind.FORBIDDEN: 403,
    ErrorKind.UNAUTHENTICATED: 401,
    ErrorKind.UNAVAILABLE: 503,
}
_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Payload too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    500: "Internal error",
    503: "Service unavailable",
    504: "Gateway timeout",
}


class Problem(Exception):
    """An error the gateway itself decides (auth, an unavailable service)."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        field: str | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.field = field
        self.headers = headers or {}
        self.extra = extra or {}


def problem_response(
    request: Request,
    status: int,
    code: str,
    detail: str,
    *,
    field: str | None = None,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "code": code,
        "detail": detail,
        "instance": request.url.path,
    }
    if field is not None:
        body["field"] = field
    request_id = getattr(request.state, "request_id", None)
    if request_id:
        body["request_id"] = request_id
    body.update(extra or {})
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_CONTENT_TYPE)


def install_problem_handlers(app: FastAPI) -> None:
    """Every error leaves the gateway as problem+json, whatever raised it."""

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(
            request,
            exc.status,
            exc.code,
            exc.detail,
            field=exc.field,
            headers=exc.headers,
            extra=exc.extra,
        )

    @app.exception_handler(ServiceError)
    async def _service_error(request: Request, exc: ServiceError) -> JSONResponse:
        return problem_response(
            request,
            STATUS_BY_KIND[exc.kind],
            exc.code,
            exc.detail,
            field=exc.field,
            extra=exc.extra,
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {}
        code = _validation_code(str(first.get("type", "")))
        status = 400 if code == "malformed_json" else 422
        return problem_response(
            request,
            status,
            code,
            str(first.get("msg", "invalid request")),
            field=_field_path(first.get("loc", ())),
            extra={
                "errors": [
                    {
                        "field": _field_path(e.get("loc", ())),
                        "code": _validation_code(str(e.get("type"))),
                        "detail": str(e.get("msg")),
                    }
                    for e in errors[:20]
                ]
            },
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.detail == _BODY_PARSE_FAILURE:
            # FastAPI's answer when the JSON parser itself gives up, e.g. on a body nested
            # deeper than any valid request (filters stop at depth 32).
            return problem_response(
                request,
                400,
                "malformed_json",
                "the body could not be parsed as JSON (malformed, or nested too deep)",
            )
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return problem_response(
            request, exc.status_code, code, str(exc.detail), headers=dict(exc.headers or {})
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        return problem_response(request, 500, "internal_error", "an unexpected error occurred")


def _validation_code(pydantic_type: str) -> str:
    return {
        "json_invalid": "malformed_json",
        "extra_forbidden": "unknown_field",
        "missing": "required",
        "string_too_long": "too_long",
        "too_long": "too_many",
    }.get(pydantic_type, "invalid_value")


def _field_path(location: Any) -> str | None:
    if len(location) == 2 and location[0] == "body" and isinstance(location[1], int):
        return None  # malformed JSON: pydantic gives a character offset, not a field
    parts = [str(p) for p in location if p not in ("body", "query", "path", "header")]
    if not parts:
        return None
    path = parts[0]
    for part in parts[1:]:
        path += f"[{part}]" if part.isdigit() else f".{part}"
    return path
