"""Transport-neutral errors a use case raises; each transport maps the kind to its own codes."""

from __future__ import annotations

import enum
from typing import Any


class ErrorKind(enum.Enum):
    """What went wrong, in terms every transport can express."""

    INVALID = "invalid"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    FORBIDDEN = "forbidden"
    UNAUTHENTICATED = "unauthenticated"
    UNAVAILABLE = "unavailable"


class ServiceError(Exception):
    """A failure the caller can act on: a stable code, a human detail and the field at fault."""

    kind: ErrorKind = ErrorKind.INVALID

    def __init__(
        self,
        code: str,
        detail: str,
        *,
        field: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.field = field
        self.extra = extra or {}

    def as_dict(self) -> dict[str, Any]:
        """The error as the wire carries it between services."""
        body: dict[str, Any] = {"kind": self.kind.value, "code": self.code, "detail": self.detail}
        if self.field is not None:
            body["field"] = self.field
        if self.extra:
            body["extra"] = self.extra
        return body


class InvalidInput(ServiceError):
    kind = ErrorKind.INVALID


class NotFound(ServiceError):
    kind = ErrorKind.NOT_FOUND


class Conflict(ServiceError):
    kind = ErrorKind.CONFLICT


class Forbidden(ServiceError):
    kind = ErrorKind.FORBIDDEN
