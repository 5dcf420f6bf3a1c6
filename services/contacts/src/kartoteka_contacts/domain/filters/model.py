"""The typed form of a filter: the nodes a parsed filter is made of."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from uuid import UUID

from kartoteka_contacts.domain.custom_fields import FieldDefinition
from kartoteka_contacts.domain.filters.operators import Operator
from kartoteka_contacts.domain.filters.standard import StandardField
from kartoteka_contacts.domain.filters.values import Value


@dataclass(frozen=True)
class AllOf:
    """Every child matches; no children matches every contact."""

    children: tuple[FilterNode, ...]
    path: str = "filter"


@dataclass(frozen=True)
class AnyOf:
    """At least one child matches; no children matches no contact."""

    children: tuple[FilterNode, ...]
    path: str = "filter"


@dataclass(frozen=True)
class Not:
    """The child does not match (a missing value counts as not matching the child)."""

    child: FilterNode
    path: str = "filter"


@dataclass(frozen=True)
class Condition:
    """One field compared by one operator with a normalised value."""

    field: str
    target: StandardField | FieldDefinition
    op: Operator
    value: Value
    path: str = "filter"


@dataclass(frozen=True)
class InGroup:
    """Membership in a group, or (with subgroups) in it or any group below it."""

    group_id: UUID
    subgroups: bool
    negated: bool
    path: str = "filter"


@dataclass(frozen=True)
class InCompany:
    """Contacts of a company, or (with holding) of it and every company under it."""

    company_id: UUID
    holding: bool
    path: str = "filter"


@dataclass(frozen=True)
class QuickSearch:
    """A substring of names and emails, ignoring case and accents; and phone digits."""

    text: str
    # The digits of a phone-shaped query ("+48 600-100-200"), matched as a substring too.
    digits: str | None
    path: str = "filter"


FilterNode = AllOf | AnyOf | Not | Condition | InGroup | InCompany | QuickSearch

MATCH_ALL = AllOf(())


def walk(node: FilterNode) -> Iterator[FilterNode]:
    """Every node of the tree, parents before children, without recursion."""
    stack: list[FilterNode] = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, AllOf | AnyOf):
            stack.extend(reversed(current.children))
        elif isinstance(current, Not):
            stack.append(current.child)
