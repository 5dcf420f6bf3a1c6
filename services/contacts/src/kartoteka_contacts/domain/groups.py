"""The group tree: names, attributes and where a group may move."""

from __future__ import annotations

import enum
import json
import uuid
from collections.abc import Sequence
from typing import Any

from kartoteka_platform.errors import InvalidInput

NAME_MAX_LENGTH = 200
ATTRIBUTES_MAX_BYTES = 16_000
# Events and history are written per chunk so one event never carries an unbounded list.
MEMBERSHIP_EVENT_CHUNK = 1000


class MembershipSource(enum.StrEnum):
    MANUAL = "manual"
    RULE = "rule"
    IMPORT = "import"
    BULK = "bulk"


def validate_name(raw: str) -> str:
    name = " ".join(raw.split())
    if not name:
        raise InvalidInput("name_required", "a group needs a name", field="name")
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidInput(
            "too_long", f"names are at most {NAME_MAX_LENGTH} characters", field="name"
        )
    return name


def parse_attributes(text: str) -> dict[str, Any]:
    """Attributes are a JSON object of values other services read (discount, layout...)."""
    if not text:
        return {}
    if len(text.encode()) > ATTRIBUTES_MAX_BYTES:
        raise InvalidInput("too_long", "attributes are too large", field="attributes")
    try:
        parsed = json.loads(text)
    except ValueError as exc:
        raise InvalidInput(
            "invalid_json", f"attributes are not JSON: {exc}", field="attributes"
        ) from exc
    if not isinstance(parsed, dict):
        raise InvalidInput(
            "invalid_attributes", "attributes must be a JSON object", field="attributes"
        )
    return parsed


def check_move(group_id: uuid.UUID, new_parent_path: Sequence[uuid.UUID] | None) -> None:
    """A group cannot move under itself or under one of its own subgroups."""
    if new_parent_path is not None and group_id in new_parent_path:
        raise InvalidInput(
            "group_cycle", "a group cannot move into its own subtree", field="new_parent_id"
        )


def chunks(ids: Sequence[uuid.UUID], size: int = MEMBERSHIP_EVENT_CHUNK) -> list[list[uuid.UUID]]:
    return [list(ids[start : start + size]) for start in range(0, len(ids), size)]
