"""The headers every Kartoteka event carries on NATS, and the stream of each service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

HEADER_MSG_ID = "Nats-Msg-Id"
HEADER_TYPE = "Kartoteka-Type"
HEADER_SOURCE = "Kartoteka-Source"
HEADER_TIME = "Kartoteka-Time"
HEADER_CONTENT_TYPE = "Content-Type"
PROTOBUF_CONTENT_TYPE = "application/x-protobuf"


@dataclass(frozen=True)
class StreamSpec:
    """One JetStream stream: a service's events, `kartoteka.<service>.>`."""

    name: str
    subjects: tuple[str, ...]

    @classmethod
    def for_service(cls, service: str, *, prefix: str = "kartoteka") -> StreamSpec:
        return cls(
            name=f"{prefix}_{service}".upper().replace("-", "_").replace(".", "_"),
            subjects=(f"{prefix}.{service}.>",),
        )


def event_subject(service: str, aggregate: str, past_verb: str) -> str:
    """`kartoteka.<service>.<aggregate>.<past_verb>`, the subject and the type of an event."""
    return f"kartoteka.{service}.{aggregate}.{past_verb}"


def now_iso() -> str:
    """UTC time in the ISO 8601 form event headers use."""
    return datetime.now(UTC).isoformat(timespec="microseconds")
