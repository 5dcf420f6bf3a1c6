"""The permission hook: every non-public route depends on `Authorize(<permission>)`."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from kartoteka_gateway.problems import Problem
from kartoteka_gateway.security.tokens import InvalidToken, Principal, read_token

_bearer = HTTPBearer(auto_error=False, description="A token from POST /api/v1/auth/token")
_CHALLENGE = {"WWW-Authenticate": "Bearer"}


# API paths open without a token; everything else under /api/ needs one (the web UI's static
# files, the docs and the probes live outside /api/).
PUBLIC_API_PATHS = frozenset({"/api/v1/auth/token"})


def requires_token(path: str) -> bool:
    return path.startswith("/api/") and path not in PUBLIC_API_PATHS


def principal_from_headers(request: Request) -> Principal:
    """The principal of the request's bearer token, or a 401 problem saying what is wrong."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Problem(401, "token_missing", "a bearer token is required", headers=_CHALLENGE)
    try:
        return read_token(token.strip(), request.app.state.settings.token_secret)
    except InvalidToken as exc:
        detail = (
            "the token has expired" if exc.reason == "token_expired" else "the token is invalid"
        )
        raise Problem(401, exc.reason, detail, headers=_CHALLENGE) from exc


# The dependencies are coroutines although they do no I/O: FastAPI runs a plain function
# dependency in a worker thread, a hand-off that cost each request more than the check itself.
async def authenticate(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The principal the middleware already verified (it runs before the body is parsed)."""
    principal: Principal | None = getattr(request.state, "principal", None)
    if principal is None:
        principal = principal_from_headers(request)
        request.state.principal = principal
    return principal


class Authorize:
    """A dependency that admits only principals holding `permission`.

    The rights model (roles, blocks, copy rights) arrives with the staff service; routes
    already name the permission they need, so that model plugs in here without touching them.
    """

    def __init__(self, permission: str) -> None:
        self.permission = permission

    async def __call__(self, principal: Annotated[Principal, Depends(authenticate)]) -> Principal:
        if not principal.may(self.permission):
            raise Problem(403, "permission_denied", f"this action needs {self.permission!r}")
        return principal
