"""Who is acting and which request this is, carried across gRPC in metadata."""

from __future__ import annotations

from contextvars import ContextVar

ACTOR_METADATA_KEY = "kartoteka-actor"
REQUEST_ID_METADATA_KEY = "x-request-id"
PROBLEM_METADATA_KEY = "kartoteka-problem"

# "system" when no employee acts (a relay, a rule, a job).
current_actor: ContextVar[str] = ContextVar("current_actor", default="system")
current_request_id: ContextVar[str | None] = ContextVar("current_request_id", default=None)
