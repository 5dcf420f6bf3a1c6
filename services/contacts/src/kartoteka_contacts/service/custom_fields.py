"""Use cases on custom field definitions: define, change safely, delete."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kartoteka_platform.db import Connection
from kartoteka_platform.errors import Conflict, InvalidInput, NotFound

from kartoteka_contacts.domain.changes import FieldChange
from kartoteka_contacts.domain.custom_fields import (
    FieldDefinition,
    Unconvertible,
    plan_definition_change,
    validate_definition,
)
from kartoteka_contacts.store import custom_fields as store
from kartoteka_contacts.store import history
from kartoteka_contacts.store.history import Actor

SAMPLE_SIZE = 20


@dataclass
class ConversionReport:
    converted: int = 0
    cleared: int = 0
    unconvertible: int = 0
    samples: list[tuple[str, Any, str]] = field(default_factory=list)


async def create_field(conn: Connection, definition: FieldDefinition) -> FieldDefinition:
    valid = validate_definition(definition)
    if await store.key_ever_used(conn, valid.key):
        raise Conflict("field_key_taken", f"the key {valid.key!r} is or was in use", field="key")
    await store.insert_definition(conn, valid)
    if valid.filterable:
        await store.set_index_state(conn, valid.key, "building")
    return valid


async def update_field(
    conn: Connection,
    new: FieldDefinition,
    *,
    option_mapping: Mapping[str, str | None],
    clear_unconvertible: bool,
    dry_run: bool,
    actor: Actor,
) -> tuple[FieldDefinition, ConversionReport]:
    """Change a definition so that no stored value is corrupted: converted, or refused.

    Values the new definition cannot hold make the change fail with their examples, unless the
    caller chose to clear them; a dry run reports without writing anything.
    """
    old = await store.get_definition(conn, new.key, for_update=True)
    if old is None:
        raise NotFound("field_not_found", f"no custom field {new.key!r}", field="key")
    plan = plan_definition_change(old, new, option_mapping)
    if not plan.allowed:
        raise InvalidInput("change_refused", plan.reason, field="type")
    valid = validate_definition(new)
    report = ConversionReport()
    # (card, stored value before, stored value after) for every value that changes.
    changes: list[tuple[uuid.UUID, Any, Any]] = []
    final: dict[uuid.UUID, Any] = {}
    for contact_id, value in await store.stored_values(conn, new.key):
        after = plan.convert(value) if plan.needs_conversion else value
        if isinstance(after, Unconvertible):
            report.unconvertible += 1
            if len(report.samples) < SAMPLE_SIZE:
                report.samples.append((str(contact_id), value, after.reason))
            after = None
        if after != value:
            changes.append((contact_id, value, after))
            if after is None:
                report.cleared += 1
            else:
                report.converted += 1
        final[contact_id] = after
    if report.unconvertible and not clear_unconvertible:
        raise Conflict(
            "unconvertible_values",
            f"{report.unconvertible} stored values cannot become {valid.type} values",
            field="type",
            extra={
                "unconvertible": report.unconvertible,
                "samples": [
                    {"contact_id": c, "value": v, "reason": r} for c, v, r in report.samples
                ],
            },
        )
    if plan.needs_uniqueness_check:
        _refuse_duplicates(final)
    if dry_run:
        return valid, report
    await store.write_values(conn, valid.key, [(c, after) for c, _, after in changes], actor.id)
    await history.record_many(
        conn,
        "update",
        [(c, FieldChange(f"custom.{valid.key}", before, after)) for c, before, after in changes],
        Actor("system", actor.id, "system", f"custom_field:{valid.key}"),
    )
    await store.update_definition(conn, valid)
    if valid.filterable and not old.filterable:
        await store.set_index_state(conn, valid.key, "building")
    return valid, report


async def delete_field(conn: Connection, key: str) -> None:
    if await store.get_definition(conn, key, for_update=True) is None:
        raise NotFound("field_not_found", f"no custom field {key!r}", field="key")
    await store.mark_deleted(conn, key)


def _refuse_duplicates(final: Mapping[uuid.UUID, Any]) -> None:
    counts = Counter(json.dumps(v, sort_keys=True) for v in final.values() if v is not None)
    duplicated = [json.loads(value) for value, n in counts.items() if n > 1][:5]
    if duplicated:
        raise Conflict(
            "duplicate_values",
            "several cards hold the same value of this field",
            field="unique",
            extra={"values": duplicated},
        )
