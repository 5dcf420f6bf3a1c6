"""A parsed filter back as JSON: the normalised form views, rules and cursors store."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.custom_fields.temporal import stored_moment
from kartoteka_contacts.domain.filters.model import (
    AllOf,
    AnyOf,
    Condition,
    FilterNode,
    InCompany,
    InGroup,
    Not,
    QuickSearch,
)
from kartoteka_contacts.domain.filters.operators import MAX_DEPTH
from kartoteka_contacts.domain.filters.values import Money, Scalar, Value

JsonValue = str | int | bool | None | list["JsonValue"] | dict[str, "JsonValue"]


def filter_to_json(node: FilterNode) -> dict[str, JsonValue]:
    """The JSON of a parsed filter; parsing it again gives the same filter."""
    return _node(node, 1)


def _node(node: FilterNode, depth: int) -> dict[str, JsonValue]:
    if depth > MAX_DEPTH:
        raise InvalidInput("filter_too_deep", "the filter nests too deep", field=node.path)
    if isinstance(node, AllOf):
        return {"all": [_node(child, depth + 1) for child in node.children]}
    if isinstance(node, AnyOf):
        return {"any": [_node(child, depth + 1) for child in node.children]}
    if isinstance(node, Not):
        return {"not": _node(node.child, depth + 1)}
    if isinstance(node, Condition):
        body: dict[str, JsonValue] = {"field": node.field, "op": node.op.value}
        if node.value is not None:
            body["value"] = _value(node.value)
        return body
    if isinstance(node, InGroup):
        return {
            "group": str(node.group_id),
            "subgroups": node.subgroups,
            "op": "not_in" if node.negated else "in",
        }
    if isinstance(node, InCompany):
        return {"company": str(node.company_id), "holding": node.holding}
    assert isinstance(node, QuickSearch)
    return {"search": node.text}


def _value(value: Value) -> JsonValue:
    if isinstance(value, tuple):
        return [_scalar(item) for item in value]
    if value is None:
        return None
    return _scalar(value)


def _scalar(value: Scalar) -> JsonValue:
    if isinstance(value, Money):
        return {"amount": str(value.amount), "currency": value.currency}
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, datetime):
        return stored_moment(value)
    if isinstance(value, date):
        return value.isoformat()
    return value
