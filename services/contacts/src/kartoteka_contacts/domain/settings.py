"""Standard field settings, the activity-type dictionary, and the names settings share."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass, fields
from datetime import datetime

from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.contact import ContactDraft

NAME_MAX_LENGTH = 200
# Positions are small display ranks; the bound keeps them far from int4 overflow.
POSITION_MAX = 100_000
CUSTOM_PREFIX = "custom."
# The fields of a card in their natural order: what the card shows, hides and orders.
# (The filter language's STANDARD_FIELDS add derived ones - display_name, created_at - and
# lack some shown ones - photo_url, legal, addresses - so the card's own fields are used.)
CARD_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ContactDraft) if f.name != "custom")


@dataclass(frozen=True)
class StandardFieldSetting:
    """Whether a standard field shows on cards, and where."""

    name: str
    visible: bool
    position: int


@dataclass(frozen=True)
class ActivityType:
    """An entry of the dictionary the contact field `activity_id` points into."""

    id: uuid.UUID
    name: str
    position: int
    created_at: datetime
    # Live contacts with this activity.
    contact_count: int = 0


def validate_name(raw: str, field: str = "name") -> str:
    """A display name: inner whitespace collapsed, 1 to 200 characters."""
    name = " ".join(raw.split())
    if not name:
        raise InvalidInput("name_required", "a name is required", field=field)
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidInput(
            "too_long", f"names are at most {NAME_MAX_LENGTH} characters", field=field
        )
    return name


def validate_position(position: int, field: str = "position") -> int:
    if not 0 <= position <= POSITION_MAX:
        raise InvalidInput(
            "invalid_position", f"a position is between 0 and {POSITION_MAX}", field=field
        )
    return position


def check_standard_field(name: str, field: str = "name") -> str:
    if name not in CARD_FIELDS:
        raise InvalidInput("unknown_field", f"{name[:100]!r} is not a standard field", field=field)
    return name


def standard_field_settings(
    stored: Mapping[str, tuple[bool, int]],
) -> list[StandardFieldSetting]:
    """Every standard field, stored settings over the defaults (visible, natural position),
    by position with ties in the natural order."""
    settings = [
        StandardFieldSetting(name, *stored.get(name, (True, index)))
        for index, name in enumerate(CARD_FIELDS)
    ]
    natural = {name: index for index, name in enumerate(CARD_FIELDS)}
    return sorted(settings, key=lambda s: (s.position, natural[s.name]))


def field_exists(name: str, custom_keys: Collection[str]) -> bool:
    """Whether `name` is a card field or `custom.<key>` of a live custom field."""
    if name.startswith(CUSTOM_PREFIX):
        return name.removeprefix(CUSTOM_PREFIX) in custom_keys
    return name in CARD_FIELDS
