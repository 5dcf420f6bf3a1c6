"""The filter language: parsing into typed nodes, normalising values, and refusing bad filters."""

from __future__ import annotations

import json
import sys
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from kartoteka_contacts.domain.custom_fields import (
    OPERATORS,
    TYPE_SPECS,
    FieldDefinition,
    FieldOption,
    FieldType,
)
from kartoteka_contacts.domain.filters import (
    COMPILABLE,
    MATCH_ALL,
    MAX_DEPTH,
    MAX_NODES,
    STANDARD_FIELDS,
    AllOf,
    AnyOf,
    Condition,
    FilterNode,
    InCompany,
    InGroup,
    Money,
    Not,
    Operator,
    QuickSearch,
    custom_operators,
    filter_to_json,
    parse_filter,
    walk,
)
from kartoteka_platform.errors import InvalidInput

GROUP = "0190f5a0-0000-7000-8000-000000000001"
COMPANY = "0190f5a0-0000-7000-8000-000000000002"
COLOURS = (FieldOption("red", "Czerwony"), FieldOption("green", "Zielony"))
DEFS = {
    d.key: d
    for d in (
        FieldDefinition("nickname", "Nickname", FieldType.TEXT),
        FieldDefinition("notes", "Notes", FieldType.LONG_TEXT),
        FieldDefinition("score", "Score", FieldType.INTEGER),
        FieldDefinition("ratio", "Ratio", FieldType.DECIMAL),
        FieldDefinition("budget", "Budget", FieldType.MONEY, settings={"currencies": ["PLN"]}),
        FieldDefinition("fee", "Fee", FieldType.MONEY),
        FieldDefinition("signed", "Signed", FieldType.DATE),
        FieldDefinition("seen", "Seen", FieldType.DATETIME),
        FieldDefinition("vip", "VIP", FieldType.CHECKBOX),
        FieldDefinition("colour", "Colour", FieldType.DROPDOWN, options=COLOURS),
        FieldDefinition("colours", "Colours", FieldType.MULTI_SELECT, options=COLOURS),
        FieldDefinition("site", "Site", FieldType.LINK),
        FieldDefinition("referrer", "Referrer", FieldType.CONTACT_REF),
    )
}


def parse(raw: object) -> FilterNode:
    return parse_filter(raw, DEFS)


def cond(field: str, op: str, value: Any = None, **extra: Any) -> dict[str, Any]:
    node: dict[str, Any] = {"field": field, "op": op, **extra}
    if value is not None:
        node["value"] = value
    return node


def value_of(raw: dict[str, Any]) -> Any:
    node = parse(raw)
    assert isinstance(node, Condition)
    return node.value


def refused(raw: object) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        parse(raw)
    return caught.value


# --- shapes ---------------------------------------------------------------------------------


def test_none_and_empty_lists() -> None:
    assert parse(None) == MATCH_ALL
    assert parse({"all": []}) == AllOf((), "filter")
    assert parse({"any": []}) == AnyOf((), "filter")


def test_nesting_keeps_paths() -> None:
    node = parse(
        {"all": [cond("kind", "eq", "person"), {"any": [{"not": cond("region", "empty")}]}]}
    )
    assert isinstance(node, AllOf)
    assert node.children[0].path == "filter.all[0]"
    inner = node.children[1]
    assert isinstance(inner, AnyOf)
    negation = inner.children[0]
    assert isinstance(negation, Not)
    assert negation.path == "filter.all[1].any[0]"
    assert negation.child.path == "filter.all[1].any[0].not"


def test_custom_root_path() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_filter({"all": [cond("nope", "eq", "x")]}, DEFS, path="view.filter")
    assert caught.value.field == "view.filter.all[0].field"


def test_group_company_and_search_nodes() -> None:
    assert parse({"group": GROUP}) == InGroup(uuid.UUID(GROUP), False, False, "filter")
    assert parse({"group": GROUP.upper(), "subgroups": True, "op": "not_in"}) == InGroup(
        uuid.UUID(GROUP), True, True, "filter"
    )
    assert parse({"company": COMPANY, "holding": True}) == InCompany(
        uuid.UUID(COMPANY), True, "filter"
    )
    assert parse({"search": "  Jan   Kowalski "}) == QuickSearch("Jan Kowalski", None, "filter")


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("600-100-200", "600100200"),
        ("+48 600 100 200", "48600100200"),
        ("(22) 123.45/67", "221234567"),
        ("12", None),  # fewer than 3 digits: names only
        ("ul. Długa 123", None),  # letters: not a phone
        ("", None),
    ],
)
def test_quick_search_phone_digits(text: str, digits: str | None) -> None:
    node = parse({"search": text})
    assert isinstance(node, QuickSearch)
    assert node.digits == digits


# --- standard fields ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (cond("region", "eq", "  Mazowieckie "), "Mazowieckie"),
        (cond("kind", "eq", "Company"), "company"),
        (cond("gender", "in", ["female", "MALE", "female"]), ("female", "male")),
        (cond("country_code", "eq", "pl"), "PL"),
        (cond("email", "eq", " Anna@Example.COM "), "anna@example.com"),
        (cond("phone", "eq", "+48600100200"), "+48600100200"),
        (cond("company_id", "eq", COMPANY), uuid.UUID(COMPANY)),
        (cond("activity_id", "in", [COMPANY]), (uuid.UUID(COMPANY),)),
        (cond("birthday", "before", "1990-05-01"), date(1990, 5, 1)),
        (cond("birthday", "eq", 32874), date(1990, 1, 1)),  # an Excel serial, as imports send
        (cond("display_name", "contains", " kow "), "kow"),
        (cond("created_at", "within_last_days", "30"), 30),
        (cond("updated_at", "older_than_days", 0), 0),
        (cond("manager_id", "ne", "emp-7"), "emp-7"),
        (cond("first_name", "empty"), None),
    ],
)
def test_standard_values_are_normalised(raw: dict[str, Any], expected: Any) -> None:
    assert value_of(raw) == expected


def test_moments_and_whole_days() -> None:
    start, end = value_of(cond("created_at", "between", ["2024-03-01", "2024-03-31"]))
    assert start == datetime(2024, 3, 1, tzinfo=UTC)
    # A bare day as an upper bound covers the whole day.
    assert end == datetime(2024, 3, 31, 23, 59, 59, 999999, tzinfo=UTC)
    assert value_of(cond("created_at", "after", "2024-03-01")) == datetime(
        2024, 3, 1, 23, 59, 59, 999999, tzinfo=UTC
    )
    assert value_of(cond("created_at", "before", "2024-03-01T10:00:00+02:00")) == datetime(
        2024, 3, 1, 8, tzinfo=UTC
    )


def test_every_standard_field_has_operators() -> None:
    assert set(STANDARD_FIELDS) == {
        "kind", "first_name", "last_name", "middle_name", "company_name", "display_name",
        "region", "source", "description", "manager_id", "activity_id", "gender", "birthday",
        "country_code", "company_id", "created_at", "updated_at", "email", "phone",
    }  # fmt: skip
    for field in STANDARD_FIELDS.values():
        assert field.operators <= set(Operator)
        assert field.operators


# --- custom fields --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (cond("custom.nickname", "eq", " Kuba "), "Kuba"),
        (cond("custom.notes", "contains", "umowa"), "umowa"),
        (cond("custom.score", "gte", "1 000"), 1000),
        (cond("custom.ratio", "eq", "12,5"), Decimal("12.50")),
        (cond("custom.ratio", "in", [1, "1.00", "2"]), (Decimal("1.00"), Decimal("2.00"))),
        (cond("custom.budget", "gt", "12.5"), Money(Decimal("12.50"), "PLN")),
        (cond("custom.fee", "lt", "EUR 3"), Money(Decimal("3.00"), "EUR")),
        (cond("custom.signed", "eq", "2024-02-29"), "2024-02-29"),
        (cond("custom.seen", "before", "2024-03-01T12:00:00+01:00"), "2024-03-01T11:00:00.000000Z"),
        (cond("custom.seen", "after", "2024-03-01"), "2024-03-01T23:59:59.999999Z"),
        (cond("custom.vip", "eq", "tak"), True),
        (cond("custom.colour", "in", ["czerwony", "green"]), ("red", "green")),
        (cond("custom.colours", "has_all", ["Zielony", "red"]), ("green", "red")),
        (cond("custom.site", "eq", "example.com/a"), "https://example.com/a"),
        (cond("custom.referrer", "eq", COMPANY.upper()), COMPANY),
        (cond("custom.signed", "within_last_days", 7), 7),
    ],
)
def test_custom_values_use_the_field_types_coercion(raw: dict[str, Any], expected: Any) -> None:
    assert value_of(raw) == expected


def test_every_registry_operator_compiles() -> None:
    assert {op.value for op in Operator} == OPERATORS
    for field_type, spec in TYPE_SPECS.items():
        offered = {Operator(op) for op in spec.operators}
        assert offered <= COMPILABLE[field_type], field_type
    for definition in DEFS.values():
        assert custom_operators(definition) == set(TYPE_SPECS[definition.type].operators)


def test_a_multi_select_label_with_a_comma_stays_whole() -> None:
    options = (FieldOption("krk", "Kraków, Małopolska"), FieldOption("waw", "Warszawa"))
    regions = FieldDefinition("regions", "Regions", FieldType.MULTI_SELECT, options=options)
    node = parse_filter(
        cond("custom.regions", "has_any", ["Kraków, Małopolska"]), {"regions": regions}
    )
    assert isinstance(node, Condition)
    assert node.value == ("krk",)


# --- normal form ----------------------------------------------------------------------------


def test_json_round_trip() -> None:
    raw = {
        "all": [
            cond("custom.ratio", "between", ["1,5", 3]),
            cond("custom.budget", "gte", {"amount": "10", "currency": "pln"}),
            cond("created_at", "between", ["2024-01-01", "2024-01-31"]),
            cond("birthday", "empty"),
            cond("company_id", "in", [COMPANY]),
            {"not": {"any": [{"group": GROUP, "subgroups": True}, {"search": "Łódź"}]}},
            {"company": COMPANY, "holding": False},
        ]
    }
    node = parse(raw)
    normal = filter_to_json(node)
    assert json.loads(json.dumps(normal)) == normal
    assert parse(normal) == node
    first = normal["all"]
    assert isinstance(first, list)
    assert first[0] == {"field": "custom.ratio", "op": "between", "value": ["1.50", "3.00"]}
    assert first[2] == {
        "field": "created_at",
        "op": "between",
        "value": ["2024-01-01T00:00:00.000000Z", "2024-01-31T23:59:59.999999Z"],
    }


def test_walk_visits_every_node_without_recursion() -> None:
    deep: FilterNode = QuickSearch("x", None)
    for _ in range(10_000):
        deep = Not(deep)
    assert sum(1 for _ in walk(deep)) == 10_001


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code", "field"),
    [
        ([], "invalid_filter_node", "filter"),
        ({}, "invalid_filter_node", "filter"),
        ({"all": [], "any": []}, "invalid_filter_node", "filter"),
        ({"all": {"field": "x"}}, "invalid_filter_node", "filter.all"),
        ({"any": [{"field": "region", "op": "eq", "value": "a", "x": 1}]},
         "invalid_filter_node", "filter.any[0].x"),
        ({"not": [cond("region", "empty")]}, "invalid_filter_node", "filter.not"),
        ({"all": [cond("region", "empty"), "region"]}, "invalid_filter_node", "filter.all[1]"),
        (cond("nope", "eq", "x"), "unknown_field", "filter.field"),
        (cond("custom.nope", "eq", "x"), "unknown_field", "filter.field"),
        (cond("nickname", "eq", "x"), "unknown_field", "filter.field"),
        ({"field": 7, "op": "eq"}, "unknown_field", "filter.field"),
        (cond("region", "gt", "a"), "unsupported_operator", "filter.op"),
        (cond("region", "like", "a"), "unsupported_operator", "filter.op"),
        ({"field": "region"}, "unsupported_operator", "filter.op"),
        (cond("custom.colours", "eq", "red"), "unsupported_operator", "filter.op"),
        (cond("custom.seen", "eq", "2024-01-01"), "unsupported_operator", "filter.op"),
        (cond("custom.notes", "eq", "x"), "unsupported_operator", "filter.op"),
        ({"group": GROUP, "op": "eq"}, "unsupported_operator", "filter.op"),
        ({"group": "not-a-uuid"}, "invalid_filter_value", "filter.group"),
        ({"group": GROUP, "subgroups": "yes"}, "invalid_filter_value", "filter.subgroups"),
        ({"company": 12}, "invalid_filter_value", "filter.company"),
        ({"company": COMPANY, "holding": 1}, "invalid_filter_value", "filter.holding"),
        ({"search": 12}, "invalid_filter_value", "filter.search"),
        ({"search": "x" * 201}, "invalid_filter_value", "filter.search"),
        ({"search": "a\x00b"}, "invalid_filter_value", "filter.search"),
        (cond("region", "eq"), "invalid_filter_value", "filter.value"),
        (cond("region", "eq", "  "), "invalid_filter_value", "filter.value"),
        (cond("region", "empty", "x"), "invalid_filter_value", "filter.value"),
        (cond("kind", "eq", "robot"), "invalid_filter_value", "filter.value"),
        (cond("country_code", "eq", "POL"), "invalid_filter_value", "filter.value"),
        (cond("phone", "eq", "600 100 200"), "invalid_filter_value", "filter.value"),
        (cond("email", "eq", "a b@c.pl"), "invalid_filter_value", "filter.value"),
        (cond("company_id", "eq", "12"), "invalid_filter_value", "filter.value"),
        (cond("birthday", "eq", "1990-02-30"), "invalid_filter_value", "filter.value"),
        (cond("region", "in", []), "invalid_filter_value", "filter.value"),
        (cond("region", "in", "a"), "invalid_filter_value", "filter.value"),
        (cond("region", "in", ["a", 2]), "invalid_filter_value", "filter.value[1]"),
        (cond("region", "in", ["a"] * 1001), "filter_too_large", "filter.value"),
        (cond("region", "contains", ""), "invalid_filter_value", "filter.value"),
        (cond("created_at", "within_last_days", -1), "invalid_filter_value", "filter.value"),
        (cond("created_at", "within_last_days", True), "invalid_filter_value", "filter.value"),
        (cond("created_at", "between", ["2024-01-01"]), "invalid_filter_value", "filter.value"),
        (cond("created_at", "between", ["2024-02-01", "2024-01-01"]),
         "invalid_filter_value", "filter.value"),
        (cond("created_at", "between", ["2024-02-01", "x"]),
         "invalid_filter_value", "filter.value[1]"),
        (cond("custom.score", "eq", "12.5"), "invalid_filter_value", "filter.value"),
        (cond("custom.score", "between", [5, 1]), "invalid_filter_value", "filter.value"),
        (cond("custom.ratio", "gt", "abc"), "invalid_filter_value", "filter.value"),
        (cond("custom.fee", "gt", "12"), "invalid_filter_value", "filter.value"),
        (cond("custom.fee", "between", ["1 PLN", "2 EUR"]), "invalid_filter_value", "filter.value"),
        (cond("custom.colour", "eq", "blue"), "invalid_filter_value", "filter.value"),
        (cond("custom.colours", "has_any", ["red", "blue"]),
         "invalid_filter_value", "filter.value[1]"),
        (cond("custom.vip", "eq", "maybe"), "invalid_filter_value", "filter.value"),
        (cond("custom.signed", "before", "yesterday"), "invalid_filter_value", "filter.value"),
        (cond("custom.site", "eq", "javascript:alert(1)"), "invalid_filter_value", "filter.value"),
        (cond("custom.referrer", "in", ["x"]), "invalid_filter_value", "filter.value[0]"),
        (cond("custom.nickname", "eq", None), "invalid_filter_value", "filter.value"),
    ],
)  # fmt: skip
def test_refusals_name_the_bad_node(raw: object, code: str, field: str) -> None:
    error = refused(raw)
    assert (error.code, error.field) == (code, field), error.detail


def test_nested_error_path() -> None:
    raw = {
        "all": [
            cond("region", "empty"),
            cond("region", "empty"),
            {"any": [cond("custom.score", "gt", "many")]},
        ]
    }
    error = refused(raw)
    assert error.code == "invalid_filter_value"
    assert error.field == "filter.all[2].any[0].value"
    assert error.extra == {"reason": "invalid_integer"}


def nested(levels: int) -> dict[str, Any]:
    node: dict[str, Any] = {"search": "x"}
    for _ in range(levels):
        node = {"not": node}
    return node


def test_depth_limit_boundary() -> None:
    # `levels` wrappers around a leaf make levels + 1 nested nodes.
    assert isinstance(parse(nested(MAX_DEPTH - 1)), Not)
    error = refused(nested(MAX_DEPTH))
    assert error.code == "filter_too_deep"
    assert error.field == "filter" + ".not" * MAX_DEPTH


def test_a_filter_nested_1000_deep_from_json_is_refused_cleanly() -> None:
    text = '{"all": [' * 1000 + '{"search": "x"}' + "]}" * 1000
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(10_000)  # json.loads itself recurses once per level
    try:
        raw = json.loads(text)
    finally:
        sys.setrecursionlimit(limit)
    error = refused(raw)
    assert error.code == "filter_too_deep"
    assert error.field == "filter" + ".all[0]" * MAX_DEPTH


def test_a_filter_nested_100000_deep_as_python_is_refused_cleanly() -> None:
    error = refused(nested(100_000))
    assert error.code == "filter_too_deep"


def test_node_limit() -> None:
    fits = {"any": [cond("region", "empty")] * (MAX_NODES - 1)}
    node = parse(fits)
    assert isinstance(node, AnyOf)
    assert len(node.children) == MAX_NODES - 1
    error = refused({"any": [cond("region", "empty")] * MAX_NODES})
    assert (error.code, error.field) == ("filter_too_large", f"filter.any[{MAX_NODES - 1}]")
    # A huge list is refused before it is read.
    error = refused({"any": [cond("region", "empty")] * 1_000_000})
    assert (error.code, error.field) == ("filter_too_large", "filter")
    # Nodes count across the whole tree, not per list.
    spread = {"all": [{"any": [cond("region", "empty")] * 100}] * 5}
    assert refused(spread).code == "filter_too_large"
