"""Use cases on standard field settings and the activity-type dictionary."""

from __future__ import annotations

import uuid

from kartoteka_platform.db import Connection
from kartoteka_platform.errors import Conflict, NotFound

from kartoteka_contacts.domain.changes import FieldChange
from kartoteka_contacts.domain.settings import (
    ActivityType,
    StandardFieldSetting,
    check_standard_field,
    standard_field_settings,
    validate_name,
    validate_position,
)
from kartoteka_contacts.store import history
from kartoteka_contacts.store import settings as store
from kartoteka_contacts.store.history import Actor


async def list_standard_fields(conn: Connection) -> list[StandardFieldSetting]:
    """Every standard field, by position (defaults: visible, in the card's natural order)."""
    return standard_field_settings(await store.standard_settings(conn))


async def update_standard_field(
    conn: Connection, name: str, *, visible: bool | None = None, position: int | None = None
) -> StandardFieldSetting:
    """Show, hide or move one standard field; what is None stays."""
    check_standard_field(name)
    if position is not None:
        validate_position(position)
    current = next(s for s in await list_standard_fields(conn) if s.name == name)
    new_visible = current.visible if visible is None else visible
    new_position = current.position if position is None else position
    await store.save_standard_setting(conn, name, new_visible, new_position)
    return StandardFieldSetting(name, new_visible, new_position)


async def list_activity_types(conn: Connection) -> list[ActivityType]:
    return await store.list_activities(conn)


async def create_activity_type(
    conn: Connection, name: str, position: int | None = None
) -> ActivityType:
    """A new activity type; the name is unique in any letter case (`activity_name_taken`)."""
    valid = validate_name(name)
    if position is not None:
        validate_position(position)
    activity_id = await store.insert_activity(conn, valid, position)
    if activity_id is None:
        raise _name_taken(valid)
    return await _activity(conn, activity_id)


async def update_activity_type(
    conn: Connection,
    activity_id: uuid.UUID,
    *,
    name: str | None = None,
    position: int | None = None,
) -> ActivityType:
    """Rename or move an activity type; what is None stays."""
    await _activity(conn, activity_id, for_update=True)
    values: dict[str, object] = {}
    if name is not None:
        values["name"] = validate_name(name)
    if position is not None:
        values["position"] = validate_position(position)
    if values and not await store.update_activity(conn, activity_id, values):
        raise _name_taken(str(values["name"]))
    return await _activity(conn, activity_id)


async def delete_activity_type(conn: Connection, activity_id: uuid.UUID, actor: Actor) -> None:
    """Delete an activity type no live contact uses (`activity_in_use` otherwise).

    Cards in the bin that used it lose the value, with a history row each: the column is a
    foreign key, and a card restored later simply has no activity.
    """
    # Locked first, counted after: a card taking this activity meanwhile either committed
    # before the lock (and is counted) or waits for it and then fails its foreign key.
    await _activity(conn, activity_id, for_update=True)
    in_use = await store.live_contact_count(conn, activity_id)
    if in_use:
        raise Conflict(
            "activity_in_use",
            f"{in_use} contact(s) have this activity; change theirs first",
            field="id",
            extra={"contact_count": in_use},
        )
    cleared = await store.clear_from_deleted_contacts(conn, activity_id, actor.id)
    change = FieldChange("activity_id", str(activity_id), None)
    await history.record_many(conn, "update", [(card, change) for card in cleared], actor)
    await store.delete_activity(conn, activity_id)


async def _activity(
    conn: Connection, activity_id: uuid.UUID, *, for_update: bool = False
) -> ActivityType:
    activity = await store.get_activity(conn, activity_id, for_update=for_update)
    if activity is None:
        raise NotFound("activity_not_found", f"no activity type {activity_id}", field="id")
    return activity


def _name_taken(name: str) -> Conflict:
    return Conflict(
        "activity_name_taken", f"there is already an activity type {name!r}", field="name"
    )
