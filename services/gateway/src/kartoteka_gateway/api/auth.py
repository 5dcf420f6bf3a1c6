"""`POST /api/v1/auth/token`: email and password in, bearer token out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kartoteka_gateway.problems import Problem
from kartoteka_gateway.security.passwords import verify_password
from kartoteka_gateway.security.tokens import Principal, issue_token
from kartoteka_gateway.store.credentials import find_by_email

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: Annotated[str, Field(min_length=1, max_length=320, description="The email")]
    password: Annotated[str, Field(min_length=1, max_length=1024)]


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int


@router.post(
    "/token",
    response_model=TokenResponse,
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {"schema": TokenRequest.model_json_schema()},
                "application/x-www-form-urlencoded": {"schema": TokenRequest.model_json_schema()},
            },
            "required": True,
        }
    },
)
async def issue(request: Request) -> TokenResponse:
    """Sign in with email (as `username`) and password, as JSON or as an OAuth2 form."""
    credentials = await _read_credentials(request)
    async with request.app.state.db.connection() as conn:
        account = await find_by_email(conn, credentials.username)
    valid = verify_password(account.password_hash if account else None, credentials.password)
    if account is None or not valid or account.disabled:
        raise Problem(401, "invalid_credentials", "wrong email or password")
    settings = request.app.state.settings
    principal = Principal(str(account.id), account.email, account.permissions)
    return TokenResponse(
        access_token=issue_token(principal, settings.token_secret, settings.token_ttl_seconds),
        expires_in=settings.token_ttl_seconds,
    )


async def _read_credentials(request: Request) -> TokenRequest:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.form()
            fields = {k: v for k, v in form.items() if isinstance(v, str)}
            # OAuth2 password-grant clients also send grant_type/scope; they carry no meaning here.
            for ignored in ("grant_type", "scope", "client_id", "client_secret"):
                fields.pop(ignored, None)
            return TokenRequest.model_validate(fields)
        if content_type == "application/json":
            return TokenRequest.model_validate_json(await request.body())
    except ValidationError as exc:
        raise RequestValidationError(
            [{**error, "loc": ("body", *error["loc"])} for error in exc.errors()]
        ) from exc
    raise Problem(
        415, "unsupported_media_type", "send JSON or application/x-www-form-urlencoded credentials"
    )
