"""What a filter reads, and the order (or the cycle) of smart groups built on each other."""

from __future__ import annotations

import uuid

import pytest
from kartoteka_platform.errors import InvalidInput
from kartoteka_segmentation.domain.rules import (
    SEARCH_FIELDS,
    dependency_graph,
    evaluation_order,
    filter_reads,
)

G1, G2, G3 = (uuid.UUID(int=n) for n in (1, 2, 3))
R1, R2, R3 = (uuid.UUID(int=n) for n in (11, 12, 13))


def test_filter_reads_fields_groups_and_time() -> None:
    reads = filter_reads(
        {
            "all": [
                {"field": "region", "op": "eq", "value": "x"},
                {
                    "any": [
                        {"field": "email", "op": "eq", "value": "a@b.pl"},
                        {"not": {"group": str(G1), "subgroups": False, "op": "in"}},
                    ]
                },
                {"group": str(G2), "op": "in"},
                {"field": "custom.last_call", "op": "within_last_days", "value": 30},
                {"search": "kow"},
                {"company": str(G3), "holding": True},
            ]
        }
    )
    assert reads.fields == {"region", "emails", "custom.last_call", "company_id", *SEARCH_FIELDS}
    assert reads.groups == {G1, G2}
    assert reads.subgroup_groups == {G2}, "subgroups default to true"
    assert reads.time_relative


def test_a_plain_filter_is_not_time_relative() -> None:
    assert not filter_reads({"field": "region", "op": "eq", "value": "x"}).time_relative


def test_rules_run_after_the_rules_they_read() -> None:
    graph = dependency_graph([(R1, G1, []), (R2, G2, [G1]), (R3, G3, [G2, G1])])
    assert graph == {R1: set(), R2: {R1}, R3: {R2, R1}}
    order = evaluation_order(graph)
    assert order.index(R1) < order.index(R2) < order.index(R3)


@pytest.mark.parametrize(
    "rules",
    [
        [(R1, G1, [G1])],
        [(R1, G1, [G2]), (R2, G2, [G1])],
        [(R1, G1, [G2]), (R2, G2, [G3]), (R3, G3, [G1])],
    ],
    ids=["self", "pair", "triangle"],
)
def test_cycles_are_refused(rules: list[tuple[uuid.UUID, uuid.UUID, list[uuid.UUID]]]) -> None:
    with pytest.raises(InvalidInput) as caught:
        evaluation_order(dependency_graph(rules))
    assert (caught.value.code, caught.value.field) == ("group_cycle", "filter")


def test_a_long_chain_needs_no_recursion() -> None:
    groups = [uuid.uuid4() for _ in range(5000)]
    rules = [uuid.uuid4() for _ in range(5000)]
    chain = [(rules[i], groups[i], [groups[i - 1]] if i else []) for i in range(5000)]
    assert evaluation_order(dependency_graph(chain)) == rules
