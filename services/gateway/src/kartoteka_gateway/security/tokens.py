"""Signed bearer tokens (JWT, HS256) carrying the employee and their permissions."""

from __future__ import annotations

import time
from dataclasses import dataclass

import jwt

ISSUER = "kartoteka-gateway"
AUDIENCE = "kartoteka-staff"


@dataclass(frozen=True)
class Principal:
    """The authenticated employee a request acts for."""

    subject: str
    email: str
    permissions: frozenset[str]

    def may(self, permission: str) -> bool:
        return "*" in self.permissions or permission in self.permissions


class InvalidToken(Exception):
    """The token is missing, malformed, forged or expired; `reason` says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def issue_token(principal: Principal, secret: str, ttl_seconds: int) -> str:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": principal.subject,
        "email": principal.email,
        "perms": sorted(principal.permissions),
        "iat": now,
        "exp": now + ttl_seconds,
    }
    return jwt.encode(claims, secret, algorithm="HS256")


def read_token(token: str, secret: str) -> Principal:
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=["HS256"],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "sub", "iat"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise InvalidToken("token_expired") from exc
    except jwt.PyJWTError as exc:
        raise InvalidToken("token_invalid") from exc
    return Principal(
        str(claims["sub"]),
        str(claims.get("email", "")),
        frozenset(str(p) for p in claims.get("perms", [])),
    )
