"""The filter language of contact lists, views, smart groups, mailings, bulk work and exports.

A filter is JSON: `{"all": [...]}`, `{"any": [...]}`, `{"not": node}`, a condition
`{"field": "region", "op": "eq", "value": "Mazowieckie"}`, a group membership
`{"group": id, "subgroups": true, "op": "in"}`, a company `{"company": id, "holding": true}` or a
quick search `{"search": "kowal"}`. `parse_filter` turns it into typed nodes, refusing what is
invalid with `InvalidInput` whose field is the JSON path of the bad node (`filter.all[2].value`).
"""

from kartoteka_contacts.domain.filters.custom import COMPILABLE, custom_operators
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
    walk,
)
from kartoteka_contacts.domain.filters.operators import (
    MAX_DAYS,
    MAX_DEPTH,
    MAX_FRAGMENT_LENGTH,
    MAX_LIST_VALUES,
    MAX_NODES,
    MAX_SEARCH_LENGTH,
    NEGATION_OF,
    Operator,
)
from kartoteka_contacts.domain.filters.parser import CUSTOM_PREFIX, parse_filter
from kartoteka_contacts.domain.filters.serialize import JsonValue, filter_to_json
from kartoteka_contacts.domain.filters.standard import (
    STANDARD_FIELDS,
    StandardField,
    StandardKind,
)
from kartoteka_contacts.domain.filters.values import Money, Scalar, Value

__all__ = [
    "COMPILABLE",
    "CUSTOM_PREFIX",
    "MATCH_ALL",
    "MAX_DAYS",
    "MAX_DEPTH",
    "MAX_FRAGMENT_LENGTH",
    "MAX_LIST_VALUES",
    "MAX_NODES",
    "MAX_SEARCH_LENGTH",
    "NEGATION_OF",
    "STANDARD_FIELDS",
    "AllOf",
    "AnyOf",
    "Condition",
    "FilterNode",
    "InCompany",
    "InGroup",
    "JsonValue",
    "Money",
    "Not",
    "Operator",
    "QuickSearch",
    "Scalar",
    "StandardField",
    "StandardKind",
    "Value",
    "custom_operators",
    "filter_to_json",
    "parse_filter",
    "walk",
]
