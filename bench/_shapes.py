"""The query shapes of the benchmark: a list filter each, as the REST API takes it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from _catalog import GROUP_A, GROUP_B, MANAGERS, SMALL_GROUP

Filter = dict[str, Any] | None


@dataclass(frozen=True)
class Shape:
    """One list query: its filter; `required` for the shapes the issue names."""

    name: str
    title: str
    filter: Filter
    required: bool = True


def _field(name: str, op: str, value: object) -> dict[str, Any]:
    return {"field": name, "op": op, "value": value}


def shapes(groups: dict[str, UUID]) -> list[Shape]:
    """The shapes, with the ids of this database's groups filled in."""
    return [
        Shape(
            "region_manager",
            "region = Mazowieckie AND manager = M3",
            {
                "all": [
                    _field("region", "eq", "Mazowieckie"),
                    _field("manager_id", "eq", MANAGERS[3]),
                ]
            },
        ),
        Shape(
            "dropdown_region_in",
            "custom.status = client AND region IN (Małopolskie, Śląskie, Pomorskie)",
            {
                "all": [
                    _field("custom.status", "eq", "client"),
                    _field("region", "in", ["Małopolskie", "Śląskie", "Pomorskie"]),
                ]
            },
        ),
        Shape(
            "integer_range",
            "custom.score BETWEEN 40 AND 45",
            _field("custom.score", "between", [40, 45]),
        ),
        Shape("quick_search_name", 'quick search "kowal"', {"search": "kowal"}),
        Shape(
            "group_a_not_b",
            f"in group {GROUP_A!r} AND NOT in group {GROUP_B!r}",
            {
                "all": [
                    {"group": str(groups[GROUP_A]), "op": "in"},
                    {"group": str(groups[GROUP_B]), "op": "not_in"},
                ]
            },
        ),
        Shape(
            "three_custom_fields",
            "custom.status = client AND custom.newsletter = true"
            " AND custom.first_purchase AFTER 2024-06-30",
            {
                "all": [
                    _field("custom.status", "eq", "client"),
                    _field("custom.newsletter", "eq", True),
                    _field("custom.first_purchase", "after", "2024-06-30"),
                ]
            },
        ),
        Shape("all_contacts", "no filter (the default list)", None, required=False),
        Shape(
            "region_manager_small",
            "region = Opolskie AND manager = M40 (a small region)",
            {"all": [_field("region", "eq", "Opolskie"), _field("manager_id", "eq", MANAGERS[40])]},
            required=False,
        ),
        Shape(
            "three_custom_fields_rare",
            "custom.status = partner AND custom.newsletter = true"
            " AND custom.first_purchase AFTER 2025-06-01 (~400 matches)",
            {
                "all": [
                    _field("custom.status", "eq", "partner"),
                    _field("custom.newsletter", "eq", True),
                    _field("custom.first_purchase", "after", "2025-06-01"),
                ]
            },
            required=False,
        ),
        Shape(
            "small_group_not_big",
            f"in group {SMALL_GROUP!r} AND NOT in group {GROUP_B!r}",
            {
                "all": [
                    {"group": str(groups[SMALL_GROUP]), "op": "in"},
                    {"group": str(groups[GROUP_B]), "op": "not_in"},
                ]
            },
            required=False,
        ),
        Shape(
            "quick_search_full_name",
            'quick search "anna wiśniewska"',
            {"search": "anna wiśniewska"},
            required=False,
        ),
        Shape(
            "quick_search_phone",
            'quick search "500 123" (phone digits)',
            {"search": "500 123"},
            required=False,
        ),
    ]
