"""What a filter rule reads, what it depends on, and in which order rules run."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kartoteka_platform.errors import InvalidInput

NAME_MAX_LENGTH = 200
# A filter read by walking is bounded like the contacts service bounds it (depth 32).
_MAX_WALK = 10_000
# The card fields a quick search matches against.
SEARCH_FIELDS = ("first_name", "middle_name", "last_name", "company_name", "emails", "phones")
# Filter fields whose card field has another name in contact.updated events.
_CARD_FIELD = {"email": "emails", "phone": "phones"}
TIME_RELATIVE_OPS = frozenset({"within_last_days", "older_than_days"})


@dataclass(frozen=True)
class FilterReads:
    """What a filter depends on: card fields, groups, and whether "now" matters."""

    fields: frozenset[str]
    groups: frozenset[uuid.UUID]
    subgroup_groups: frozenset[uuid.UUID]
    time_relative: bool


def validate_name(raw: str) -> str:
    name = " ".join(raw.split())
    if not name or len(name) > NAME_MAX_LENGTH:
        raise InvalidInput(
            "invalid_name",
            f"a rule needs a name of 1 to {NAME_MAX_LENGTH} characters",
            field="name",
        )
    return name


def filter_reads(filter_node: Any) -> FilterReads:
    """Walk the filter JSON (already validated by the contacts service) for what it reads."""
    fields: set[str] = set()
    groups: set[uuid.UUID] = set()
    with_subgroups: set[uuid.UUID] = set()
    time_relative = False
    for node in _nodes(filter_node):
        if "field" in node:
            name = str(node["field"])
            fields.add(_CARD_FIELD.get(name, name))
            time_relative |= node.get("op") in TIME_RELATIVE_OPS
        elif "group" in node:
            group = _uuid(node["group"])
            groups.add(group)
            if node.get("subgroups", True):
                with_subgroups.add(group)
        elif "company" in node:
            fields.add("company_id")
        elif "search" in node:
            fields.update(SEARCH_FIELDS)
    return FilterReads(
        frozenset(fields), frozenset(groups), frozenset(with_subgroups), time_relative
    )


def dependency_graph(
    rules: Iterable[tuple[uuid.UUID, uuid.UUID, Collection[uuid.UUID]]],
) -> dict[uuid.UUID, set[uuid.UUID]]:
    """Rule -> the rules it reads, from (rule, its group, the groups its filter reads)."""
    listed = list(rules)
    filled_by: dict[uuid.UUID, set[uuid.UUID]] = {}
    for rule, group, _ in listed:
        filled_by.setdefault(group, set()).add(rule)
    return {
        rule: {other for group in reads for other in filled_by.get(group, set())}
        for rule, _, reads in listed
    }


def evaluation_order(depends_on: Mapping[uuid.UUID, set[uuid.UUID]]) -> list[uuid.UUID]:
    """Rules ordered so each runs after the rules it reads; `InvalidInput` on a cycle."""
    order: list[uuid.UUID] = []
    state: dict[uuid.UUID, str] = {}
    for start in sorted(depends_on):
        stack: list[tuple[uuid.UUID, Iterator[uuid.UUID]]] = []
        if state.get(start) == "done":
            continue
        state[start] = "visiting"
        stack.append((start, iter(sorted(depends_on.get(start, set())))))
        while stack:
            rule, pending = stack[-1]
            nxt = next(pending, None)
            if nxt is None:
                stack.pop()
                state[rule] = "done"
                order.append(rule)
            elif state.get(nxt) == "visiting":
                raise InvalidInput(
                    "group_cycle", "these smart groups would depend on each other", field="filter"
                )
            elif state.get(nxt) != "done" and nxt in depends_on:
                state[nxt] = "visiting"
                stack.append((nxt, iter(sorted(depends_on.get(nxt, set())))))
    return order


def _nodes(root: Any) -> Iterator[dict[str, Any]]:
    pending: list[Any] = [root]
    seen = 0
    while pending and seen < _MAX_WALK:
        node = pending.pop()
        seen += 1
        if not isinstance(node, dict):
            continue
        yield node
        for key in ("all", "any"):
            children = node.get(key)
            if isinstance(children, Sequence) and not isinstance(children, str):
                pending.extend(children)
        if "not" in node:
            pending.append(node["not"])


def _uuid(raw: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        raise InvalidInput("invalid_id", f"{raw!r} is not a group id", field="filter") from None


@dataclass(frozen=True)
class RuleOutcome:
    """What applying one rule did, or why it could not be applied."""

    rule_id: uuid.UUID
    added: int
    removed: int
    error_code: str | None = None
    error_detail: str | None = None
    error_field: str | None = None

    @property
    def pause_reason(self) -> str | None:
        """Rules the data can no longer satisfy (a deleted field or group) pause themselves."""
        if self.error_code is None:
            return None
        where = f" ({self.error_field})" if self.error_field else ""
        return f"{self.error_code}{where}: {self.error_detail}"
