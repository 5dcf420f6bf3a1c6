"""The event types event rules react to, as their contracts describe them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# Scalar types a condition can compare; nested messages are flattened into dotted paths.
FIELD_TYPES = ("string", "integer", "number", "bool", "enum", "timestamp")


@dataclass(frozen=True)
class EventField:
    """One payload field a condition may test."""

    path: str
    type: str
    repeated: bool = False
    enum_values: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventType:
    """One catalogued event: its subject, payload message and the contact(s) it is about."""

    subject: str
    message: str
    contact_field: str
    fields: Mapping[str, EventField]

    @property
    def service(self) -> str:
        """The publishing service: `kartoteka.<service>.<aggregate>.<past_verb>`."""
        return self.subject.split(".")[1]
