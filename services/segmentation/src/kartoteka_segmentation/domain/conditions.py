"""The condition language of event rules: a small JSON tree over an event's payload fields.

    {"all": [...]} | {"any": [...]} | {"not": {...}}
    | {"field": "<path>", "op": "eq|ne|in|contains|gt|gte|lt|lte|exists", "value": ...}

A condition is checked against the event type's fields when the rule is saved, so a rule can
never test a field its event does not carry or compare it with a value of another type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kartoteka_platform.errors import InvalidInput

from kartoteka_segmentation.domain.catalogue import EventField, EventType

# Bounds like the contacts filter's: a condition is written by a person, not generated.
MAX_DEPTH = 16
MAX_NODES = 500
MAX_IN_VALUES = 1000
_ORDERED = frozenset({"integer", "number", "timestamp"})
_OPS_BY_TYPE: dict[str, frozenset[str]] = {
    "string": frozenset({"eq", "ne", "in", "contains", "exists"}),
    "integer": frozenset({"eq", "ne", "in", "gt", "gte", "lt", "lte", "exists"}),
    "number": frozenset({"eq", "ne", "in", "gt", "gte", "lt", "lte", "exists"}),
    "timestamp": frozenset({"eq", "ne", "in", "gt", "gte", "lt", "lte", "exists"}),
    "bool": frozenset({"eq", "ne", "exists"}),
    "enum": frozenset({"eq", "ne", "in", "exists"}),
}
# bool is an int in Python; JSON true is no number here.
_TYPE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
    "enum": lambda v: isinstance(v, str),
}
_LIST_OPS = frozenset({"contains", "exists"})
OPS = frozenset().union(*_OPS_BY_TYPE.values())


@dataclass(frozen=True)
class FieldTest:
    field: EventField
    op: str
    value: Any


@dataclass(frozen=True)
class AllOf:
    children: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    children: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    child: Condition


Condition = FieldTest | AllOf | AnyOf | Not
MATCH_EVERY = AllOf(())
# Reads a payload value by field path: a scalar, an enum value name, a datetime (None when a
# timestamp is unset) or a list for repeated fields.
Lookup = Callable[[str], Any]


def parse_condition(raw: Any, event: EventType, where: str = "event_condition") -> Condition:
    """The condition, checked against the event's fields; `InvalidInput` names the bad node."""
    if raw is None:
        return MATCH_EVERY
    budget = [MAX_NODES]
    return _parse(raw, event, where, 0, budget)


def matches(condition: Condition, lookup: Lookup) -> bool:
    """Whether an event (read through `lookup`) satisfies the condition."""
    if isinstance(condition, AllOf):
        return all(matches(child, lookup) for child in condition.children)
    if isinstance(condition, AnyOf):
        return any(matches(child, lookup) for child in condition.children)
    if isinstance(condition, Not):
        return not matches(condition.child, lookup)
    return _test(condition, lookup(condition.field.path))


def _parse(raw: Any, event: EventType, where: str, depth: int, budget: list[int]) -> Condition:
    budget[0] -= 1
    if budget[0] < 0:
        raise InvalidInput(
            "invalid_condition", f"a condition has at most {MAX_NODES} nodes", field=where
        )
    if depth > MAX_DEPTH:
        raise InvalidInput(
            "invalid_condition", f"a condition nests at most {MAX_DEPTH} deep", field=where
        )
    if not isinstance(raw, dict):
        raise InvalidInput("invalid_condition", "a condition node is a JSON object", field=where)
    kinds = [key for key in ("all", "any", "not", "field") if key in raw]
    if len(kinds) != 1:
        raise InvalidInput(
            "invalid_condition",
            "a condition node has exactly one of all, any, not or field",
            field=where,
        )
    [kind] = kinds
    if kind != "field" and len(raw) != 1:
        raise InvalidInput("invalid_condition", f"a {kind} node has no other keys", field=where)
    if kind in ("all", "any"):
        children = raw[kind]
        if not isinstance(children, list):
            raise InvalidInput(
                "invalid_condition", f"{kind} takes a list of conditions", field=f"{where}.{kind}"
            )
        parsed = tuple(
            _parse(child, event, f"{where}.{kind}[{i}]", depth + 1, budget)
            for i, child in enumerate(children)
        )
        return AllOf(parsed) if kind == "all" else AnyOf(parsed)
    if kind == "not":
        return Not(_parse(raw["not"], event, f"{where}.not", depth + 1, budget))
    return _field_test(raw, event, where)


def _field_test(raw: dict[str, Any], event: EventType, where: str) -> FieldTest:
    unknown = set(raw) - {"field", "op", "value"}
    if unknown:
        raise InvalidInput(
            "invalid_condition", f"unknown keys {sorted(unknown)} in a field test", field=where
        )
    path = raw["field"]
    field = event.fields.get(path) if isinstance(path, str) else None
    if field is None:
        known = ", ".join(sorted(event.fields))
        raise InvalidInput(
            "unknown_event_field",
            f"{event.subject} has no field {path!r} (it has: {known})",
            field=f"{where}.field",
        )
    op = raw.get("op")
    allowed = _LIST_OPS if field.repeated else _OPS_BY_TYPE[field.type]
    if op not in allowed:
        kind = f"a list of {field.type}" if field.repeated else field.type
        raise InvalidInput(
            "invalid_condition_op",
            f"{field.path} is {kind}: its ops are {', '.join(sorted(allowed))}",
            field=f"{where}.op",
        )
    if op == "exists":
        if "value" in raw:
            raise InvalidInput(
                "invalid_condition_value", "exists takes no value", field=f"{where}.value"
            )
        return FieldTest(field, op, None)
    if "value" not in raw:
        raise InvalidInput("invalid_condition_value", f"{op} needs a value", field=f"{where}.value")
    value = raw["value"]
    if op == "in":
        if not isinstance(value, list) or not 0 < len(value) <= MAX_IN_VALUES:
            raise InvalidInput(
                "invalid_condition_value",
                f"in takes a list of 1 to {MAX_IN_VALUES} values",
                field=f"{where}.value",
            )
        return FieldTest(
            field,
            op,
            frozenset(_value(field, v, f"{where}.value[{i}]") for i, v in enumerate(value)),
        )
    # contains: an element of a list, or a substring of a text field.
    return FieldTest(field, op, _value(field, value, f"{where}.value"))


def _value(field: EventField, value: Any, where: str) -> Any:
    """The JSON value as the payload would hold it, or `InvalidInput` for another type."""
    kind = field.type
    ok: Any = None
    if kind == "timestamp":
        ok = _timestamp(value) if isinstance(value, str) else None
    elif _TYPE_CHECKS[kind](value) and (kind != "enum" or value in field.enum_values):
        ok = value
    if ok is None:
        expected = (
            f"one of {', '.join(field.enum_values)}"
            if kind == "enum"
            else "an ISO 8601 time"
            if kind == "timestamp"
            else f"a {kind}"
        )
        raise InvalidInput(
            "invalid_condition_value",
            f"{field.path} compares with {expected}, not {value!r}",
            field=where,
        )
    return ok


def _timestamp(raw: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _test(test: FieldTest, actual: Any) -> bool:
    op, value, field = test.op, test.value, test.field
    if op == "exists":
        return _present(field, actual)
    if op == "contains":
        return value in actual if actual is not None else False
    if op == "eq":
        return bool(actual == value)
    if op == "ne":
        return bool(actual != value)
    if op == "in":
        return actual in value
    if actual is None or field.type not in _ORDERED:
        return False
    if op == "gt":
        return bool(actual > value)
    if op == "gte":
        return bool(actual >= value)
    if op == "lt":
        return bool(actual < value)
    return bool(actual <= value)


def _present(field: EventField, actual: Any) -> bool:
    """Set in proto3 terms: not the default (a list not empty, an enum not its zero value)."""
    if field.repeated:
        return bool(actual)
    if field.type == "enum":
        return actual is not None and actual != (field.enum_values[0] if field.enum_values else "")
    if field.type == "timestamp":
        return actual is not None
    return actual not in (None, "", 0, False)
