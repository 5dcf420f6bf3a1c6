"""Bulk operations: what one action on many cards may do, checked before any card is touched."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.custom_fields import FieldDefinition, coerce_value
from kartoteka_contacts.domain.validation import clean_text

# Standard fields one value can sensibly be set on for many cards at once, with their limits.
# Names, emails and phones are per card; company and country change validation of the card.
BULK_TEXT_FIELDS: Mapping[str, tuple[int, bool]] = {
    "region": (200, True),
    "source": (200, True),
    "description": (20_000, False),
    "manager_id": (64, True),
}
BULK_ID_FIELDS = frozenset({"activity_id"})
CUSTOM_PREFIX = "custom."


class BulkOp(enum.StrEnum):
    ADD_TO_GROUP = "add_to_group"
    REMOVE_FROM_GROUP = "remove_from_group"
    MOVE_TO_GROUP = "move_to_group"
    SET_FIELD = "set_field"
    DELETE = "delete"
    RESTORE = "restore"


GROUP_OPS = frozenset({BulkOp.ADD_TO_GROUP, BulkOp.REMOVE_FROM_GROUP, BulkOp.MOVE_TO_GROUP})


@dataclass(frozen=True)
class BulkOperation:
    """One validated action; `value` is in storage form, None clears the field."""

    op: BulkOp
    group_id: uuid.UUID | None = None
    from_group_id: uuid.UUID | None = None
    field: str = ""
    value: Any = None

    @property
    def custom_key(self) -> str | None:
        return self.field.removeprefix(CUSTOM_PREFIX) if self.is_custom else None

    @property
    def is_custom(self) -> bool:
        return self.field.startswith(CUSTOM_PREFIX)

    def to_params(self) -> dict[str, Any]:
        """The JSON the job row keeps (and the worker reads back with `from_params`)."""
        return {
            "op": self.op.value,
            "group_id": str(self.group_id) if self.group_id else None,
            "from_group_id": str(self.from_group_id) if self.from_group_id else None,
            "field": self.field,
            "value": self.value,
        }

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> BulkOperation:
        return cls(
            op=BulkOp(params["op"]),
            group_id=uuid.UUID(params["group_id"]) if params.get("group_id") else None,
            from_group_id=(
                uuid.UUID(params["from_group_id"]) if params.get("from_group_id") else None
            ),
            field=params.get("field") or "",
            value=params.get("value"),
        )


def parse_operation(
    raw: Mapping[str, Any], definitions: Mapping[str, FieldDefinition]
) -> BulkOperation:
    """The operation a request describes, or `InvalidInput` naming the part at fault.

    `assign_manager` is `set_field` on `manager_id`, spelled the way people ask for it.
    """
    name = raw.get("op")
    if name == "assign_manager":
        return _set_field("manager_id", raw.get("manager_id"), definitions)
    try:
        op = BulkOp(str(name))
    except ValueError:
        allowed = ", ".join(["assign_manager", *(o.value for o in BulkOp)])
        raise InvalidInput(
            "unknown_operation", f"op must be one of {allowed}", field="operation.op"
        ) from None
    if op in GROUP_OPS:
        group_id = _uuid(raw.get("group_id"), "operation.group_id")
        from_group = (
            _uuid(raw.get("from_group_id"), "operation.from_group_id")
            if op is BulkOp.MOVE_TO_GROUP
            else None
        )
        if from_group == group_id:
            raise InvalidInput(
                "same_group", "move needs two different groups", field="operation.from_group_id"
            )
        return BulkOperation(op, group_id=group_id, from_group_id=from_group)
    if op is BulkOp.SET_FIELD:
        return _set_field(str(raw.get("field") or ""), raw.get("value"), definitions)
    return BulkOperation(op)


def _set_field(
    field: str, raw: object, definitions: Mapping[str, FieldDefinition]
) -> BulkOperation:
    if field.startswith(CUSTOM_PREFIX):
        definition = definitions.get(field.removeprefix(CUSTOM_PREFIX))
        if definition is None:
            raise InvalidInput(
                "unknown_custom_field", f"no custom field {field!r}", field="operation.field"
            )
        try:
            value = coerce_value(definition, raw)
        except InvalidInput as exc:
            # The value travels in the request's operation, not on a card.
            raise InvalidInput(exc.code, exc.detail, field="operation.value") from exc
        if value is not None and definition.unique:
            raise InvalidInput(
                "unique_field",
                f"{field} is unique: one value cannot go on many cards",
                field="operation.field",
            )
        if value is None and definition.required:
            raise InvalidInput(
                "required", f"{field} is required and cannot be cleared", field="operation.value"
            )
        return BulkOperation(BulkOp.SET_FIELD, field=field, value=value)
    if field in BULK_TEXT_FIELDS:
        limit, fold = BULK_TEXT_FIELDS[field]
        if raw is not None and not isinstance(raw, str):
            raise InvalidInput("invalid_value", f"{field} takes text", field="operation.value")
        text = clean_text(raw or "", "operation.value", limit, fold=fold)
        # manager_id is stored as NULL when nobody is responsible; the other texts as ''.
        if field == "manager_id":
            return BulkOperation(BulkOp.SET_FIELD, field=field, value=text or None)
        return BulkOperation(BulkOp.SET_FIELD, field=field, value=text)
    if field in BULK_ID_FIELDS:
        value = None if raw in (None, "") else str(_uuid(raw, "operation.value"))
        return BulkOperation(BulkOp.SET_FIELD, field=field, value=value)
    settable = ", ".join([*BULK_TEXT_FIELDS, *sorted(BULK_ID_FIELDS), "custom.<key>"])
    raise InvalidInput(
        "field_not_bulk_editable",
        f"{field or 'field'!r} cannot be set in bulk; settable: {settable}",
        field="operation.field",
    )


def _uuid(raw: object, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        raise InvalidInput("invalid_id", f"{raw!r} is not an id", field=field) from None
