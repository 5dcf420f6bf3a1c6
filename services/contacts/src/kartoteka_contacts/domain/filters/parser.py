"""Reading a filter's JSON into typed nodes, with every error naming the path of its node."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TypeGuard

from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.custom_fields import FieldDefinition, FieldType
from kartoteka_contacts.domain.filters.custom import custom_operators, custom_value
from kartoteka_contacts.domain.filters.model import (
    MATCH_ALL,
    AllOf,
    AnyOf,
    Condition,
    FilterNode,
    InCompany,
    InGroup,
    Not,
    QuickSearch,
)
from kartoteka_contacts.domain.filters.operators import (
    DAYS_VALUE,
    FRAGMENT_VALUE,
    LIST_VALUE,
    MAX_DEPTH,
    MAX_LIST_VALUES,
    MAX_NODES,
    MAX_SEARCH_LENGTH,
    NO_VALUE,
    PAIR_VALUE,
    Operator,
)
from kartoteka_contacts.domain.filters.standard import (
    STANDARD_FIELDS,
    StandardField,
    StandardKind,
    standard_value,
)
from kartoteka_contacts.domain.filters.values import (
    Scalar,
    Value,
    days,
    fragment,
    invalid_value,
    no_nul,
    ordered,
    through_end_of_day,
    uuid_value,
)

CUSTOM_PREFIX = "custom."
# A query shaped like a phone number: digits with the usual separators, at least 3 digits.
_PHONE_LIKE = re.compile(r"[0-9+\-(). /]+")
_MIN_PHONE_DIGITS = 3
_OPERATORS = {op.value: op for op in Operator}
_SHAPES = {
    "all": frozenset({"all"}),
    "any": frozenset({"any"}),
    "not": frozenset({"not"}),
    "field": frozenset({"field", "op", "value"}),
    "group": frozenset({"group", "subgroups", "op"}),
    "company": frozenset({"company", "holding"}),
    "search": frozenset({"search"}),
}


def parse_filter(
    raw: object, definitions: Mapping[str, FieldDefinition], *, path: str = "filter"
) -> FilterNode:
    """The typed filter of `raw` (None matches everything), or `InvalidInput` naming the node.

    Recursion is bounded by MAX_DEPTH (checked before descending), so a hostile filter nested
    thousands deep is refused at depth MAX_DEPTH + 1 without ever nearing Python's own limit.
    """
    if raw is None:
        return MATCH_ALL
    return _Parser(definitions).node(raw, path, 1)


class _Parser:
    def __init__(self, definitions: Mapping[str, FieldDefinition]) -> None:
        self.definitions = definitions
        self.count = 0

    def node(self, raw: object, path: str, depth: int) -> FilterNode:
        if depth > MAX_DEPTH:
            raise InvalidInput(
                "filter_too_deep", f"filters nest at most {MAX_DEPTH} levels deep", field=path
            )
        self.count += 1
        if self.count > MAX_NODES:
            raise InvalidInput(
                "filter_too_large", f"a filter has at most {MAX_NODES} conditions", field=path
            )
        if not isinstance(raw, Mapping):
            raise _bad_node(path, "a filter node is an object")
        shape = _shape(raw, path)
        if shape in ("all", "any"):
            return self._list(shape, raw[shape], path, depth)
        if shape == "not":
            return Not(self.node(raw["not"], f"{path}.not", depth + 1), path)
        if shape == "field":
            return self._condition(raw, path)
        if shape == "group":
            return _group(raw, path)
        if shape == "company":
            return _company(raw, path)
        return _search(raw["search"], path)

    def _list(self, key: str, raw: object, path: str, depth: int) -> AllOf | AnyOf:
        if not _is_list(raw):
            raise _bad_node(f"{path}.{key}", f"`{key}` takes a list of filter nodes")
        # A list longer than the node budget can only fail; stop before reading it.
        if len(raw) > MAX_NODES:
            raise InvalidInput(
                "filter_too_large", f"a filter has at most {MAX_NODES} conditions", field=path
            )
        children = tuple(
            self.node(item, f"{path}.{key}[{i}]", depth + 1) for i, item in enumerate(raw)
        )
        return AllOf(children, path) if key == "all" else AnyOf(children, path)

    def _condition(self, raw: Mapping[str, object], path: str) -> Condition:
        name = raw.get("field")
        target = self._target(name, f"{path}.field")
        assert isinstance(name, str)
        op = _operator(raw.get("op"), target, f"{path}.op")
        value = _value(target, op, raw, f"{path}.value")
        return Condition(name, target, op, value, path)

    def _target(self, name: object, path: str) -> StandardField | FieldDefinition:
        if not isinstance(name, str):
            raise InvalidInput("unknown_field", "`field` names a field", field=path)
        if name.startswith(CUSTOM_PREFIX):
            definition = self.definitions.get(name.removeprefix(CUSTOM_PREFIX))
            if definition is not None:
                return definition
        elif name in STANDARD_FIELDS:
            return STANDARD_FIELDS[name]
        raise InvalidInput("unknown_field", f"{name[:100]!r} is not a field", field=path)


def _shape(raw: Mapping[object, object], path: str) -> str:
    found = [key for key in _SHAPES if key in raw]
    if len(found) != 1:
        raise _bad_node(path, "a node has exactly one of: " + ", ".join(_SHAPES))
    for key in raw:
        if key not in _SHAPES[found[0]]:
            raise _bad_node(f"{path}.{str(key)[:100]}", f"{key!r} does not belong here")
    return found[0]


def _operator(raw: object, target: StandardField | FieldDefinition, path: str) -> Operator:
    allowed = custom_operators(target) if isinstance(target, FieldDefinition) else target.operators
    op = _OPERATORS.get(raw) if isinstance(raw, str) else None
    if op is None or op not in allowed:
        names = ", ".join(sorted(allowed))
        raise InvalidInput(
            "unsupported_operator",
            f"{str(raw)[:50]!r} is not an operator of this field (use one of: {names})",
            field=path,
        )
    return op


def _value(
    target: StandardField | FieldDefinition,
    op: Operator,
    node: Mapping[str, object],
    path: str,
) -> Value:
    raw = node.get("value")
    if op in NO_VALUE:
        if raw is not None:
            raise invalid_value(path, f"`{op}` takes no value")
        return None
    if "value" not in node:
        raise invalid_value(path, f"`{op}` needs a value")
    if op in DAYS_VALUE:
        return days(raw, path)
    if op in FRAGMENT_VALUE:
        return fragment(raw, path)
    if op in LIST_VALUE:
        if not _is_list(raw) or not raw:
            raise invalid_value(path, f"`{op}` takes a non-empty list of values")
        if len(raw) > MAX_LIST_VALUES:
            raise InvalidInput(
                "filter_too_large", f"a list has at most {MAX_LIST_VALUES} values", field=path
            )
        values = (_scalar(target, item, f"{path}[{i}]") for i, item in enumerate(raw))
        return tuple(dict.fromkeys(values))  # duplicates dropped, order kept
    if op in PAIR_VALUE:
        if not _is_list(raw) or len(raw) != 2:
            raise invalid_value(path, "`between` takes a list of two values, [low, high]")
        low = _scalar(target, raw[0], f"{path}[0]")
        high = _scalar(target, _upper(target, raw[1]), f"{path}[1]")
        ordered(low, high, path)
        return (low, high)
    return _scalar(target, _upper(target, raw) if op is Operator.AFTER else raw, path)


def _scalar(target: StandardField | FieldDefinition, raw: object, path: str) -> Scalar:
    if isinstance(target, FieldDefinition):
        return custom_value(target, raw, path)
    return standard_value(target, raw, path)


def _upper(target: StandardField | FieldDefinition, raw: object) -> object:
    """An upper or `after` bound on a moment: a bare day stands for the whole day."""
    moment = (
        target.type is FieldType.DATETIME
        if isinstance(target, FieldDefinition)
        else target.kind is StandardKind.TIMESTAMP
    )
    return through_end_of_day(raw) if moment else raw


def _group(raw: Mapping[str, object], path: str) -> InGroup:
    group_id = uuid_value(raw["group"], f"{path}.group")
    subgroups = raw.get("subgroups", False)
    if not isinstance(subgroups, bool):
        raise invalid_value(f"{path}.subgroups", "`subgroups` is true or false")
    op = raw.get("op", "in")
    if op not in ("in", "not_in"):
        raise InvalidInput(
            "unsupported_operator", "a group filter's op is `in` or `not_in`", field=f"{path}.op"
        )
    return InGroup(group_id, subgroups, op == "not_in", path)


def _company(raw: Mapping[str, object], path: str) -> InCompany:
    company_id = uuid_value(raw["company"], f"{path}.company")
    holding = raw.get("holding", False)
    if not isinstance(holding, bool):
        raise invalid_value(f"{path}.holding", "`holding` is true or false")
    return InCompany(company_id, holding, path)


def _search(raw: object, path: str) -> QuickSearch:
    where = f"{path}.search"
    if not isinstance(raw, str):
        raise invalid_value(where, "`search` takes a text")
    text = " ".join(raw.split())
    if len(text) > MAX_SEARCH_LENGTH:
        raise invalid_value(where, f"a search is at most {MAX_SEARCH_LENGTH} characters")
    no_nul(text, where)
    digits = "".join(char for char in text if char.isdigit() and char.isascii())
    phone_like = len(digits) >= _MIN_PHONE_DIGITS and _PHONE_LIKE.fullmatch(text)
    return QuickSearch(text, digits if phone_like else None, path)


def _is_list(raw: object) -> TypeGuard[Sequence[object]]:
    return isinstance(raw, Sequence) and not isinstance(raw, str | bytes)


def _bad_node(path: str, detail: str) -> InvalidInput:
    return InvalidInput("invalid_filter_node", detail, field=path)
