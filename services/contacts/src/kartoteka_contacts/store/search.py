"""Searching contacts: a filter, a sort and a keyset cursor give one page of ids and a total.

Totals: the first page that is not full is its own exact total. Otherwise the planner is asked
first (`EXPLAIN (FORMAT JSON)` of the matching rows): below `exact_count_threshold` estimated
rows (1,000 by default) the rows are counted exactly; above it the planner's estimate is
returned with `total_is_estimate=True`. Measured at a million contacts, counting the 3,000 to
95,000 matches of a typical filter took 55 to 900 ms, far more than the page itself (13 to
36 ms), so a page never waits for a large count; `count_within` gives the exact figure on
request, within a time budget (bench/results/contacts_search.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from kartoteka_platform.db import Connection
from kartoteka_platform.errors import InvalidInput
from psycopg import sql
from psycopg.errors import QueryCanceled

from kartoteka_contacts.domain.custom_fields import FieldDefinition
from kartoteka_contacts.domain.filters import FilterNode, InGroup, walk
from kartoteka_contacts.store.filter_sql import FilterInput, compile_where, parse_input
from kartoteka_contacts.store.search_keyset import (
    SortKey,
    SortValue,
    after,
    decode_cursor,
    encode_cursor,
    fingerprint,
    order_by,
    resolve_sort,
    select_list,
)

__all__ = [
    "EXACT_COUNT_THRESHOLD",
    "MAX_PAGE_SIZE",
    "MatchCount",
    "SearchPage",
    "SortKey",
    "count_matching",
    "count_within",
    "resolve_filter",
    "search_contact_ids",
    "search_query",
]

MAX_PAGE_SIZE = 500
EXACT_COUNT_THRESHOLD = 1_000


@dataclass(frozen=True)
class SearchPage:
    """One page of matching contact ids, the cursor of the next page and the total."""

    ids: list[UUID]
    next_cursor: str | None
    total: int
    total_is_estimate: bool


@dataclass(frozen=True)
class MatchCount:
    """How many contacts match: exact, or the planner's estimate."""

    total: int
    is_estimate: bool


async def resolve_filter(
    conn: Connection, filter_node: FilterInput, definitions: Mapping[str, FieldDefinition]
) -> FilterNode:
    """The parsed filter, after checking that every group it names exists (`unknown_group`)."""
    node = parse_input(filter_node, definitions)
    groups: dict[UUID, InGroup] = {}
    for item in walk(node):
        if isinstance(item, InGroup):
            groups.setdefault(item.group_id, item)
    if not groups:
        return node
    cursor = await conn.execute(
        "SELECT id FROM contact_group WHERE id = ANY(%s) AND deleted_at IS NULL", [list(groups)]
    )
    found = {row["id"] for row in await cursor.fetchall()}
    for group_id, item in groups.items():
        if group_id not in found:
            raise InvalidInput(
                "unknown_group", f"there is no group {group_id}", field=f"{item.path}.group"
            )
    return node


def search_query(
    filter_node: FilterInput,
    *,
    definitions: Mapping[str, FieldDefinition],
    sort: Sequence[SortKey],
    page_size: int,
    cursor: str | None = None,
    deleted: bool = False,
) -> sql.Composed:
    """The page query: ids and sort values of up to `page_size + 1` rows after `cursor`."""
    _check_page_size(page_size)
    node = parse_input(filter_node, definitions)
    columns = resolve_sort(sort, definitions)
    where = compile_where(node, deleted=deleted)
    if cursor is not None:
        values, last_id = decode_cursor(
            cursor, columns, fingerprint(node, columns, deleted=deleted)
        )
        where = sql.SQL("{} AND {}").format(where, after(columns, values, last_id))
    return sql.SQL("SELECT {} FROM contact c WHERE {} ORDER BY {} LIMIT {}").format(
        select_list(columns), where, order_by(columns), sql.Literal(page_size + 1)
    )


async def search_contact_ids(
    conn: Connection,
    filter_node: FilterInput,
    *,
    definitions: Mapping[str, FieldDefinition],
    sort: Sequence[SortKey],
    page_size: int,
    cursor: str | None,
    deleted: bool = False,
    exact_count_threshold: int | None = EXACT_COUNT_THRESHOLD,
) -> SearchPage:
    """A page of matching contact ids in `sort` order (then id), after `cursor`."""
    _check_page_size(page_size)
    node = await resolve_filter(conn, filter_node, definitions)
    columns = resolve_sort(sort, definitions)
    query = search_query(
        node,
        definitions=definitions,
        sort=sort,
        page_size=page_size,
        cursor=cursor,
        deleted=deleted,
    )
    rows = await (await conn.execute(query)).fetchall()
    page, more = rows[:page_size], len(rows) > page_size
    next_cursor = None
    if more:
        last = page[-1]
        values: list[SortValue] = [last[f"s{i}"] for i in range(len(columns))]
        print_ = fingerprint(node, columns, deleted=deleted)
        next_cursor = encode_cursor(values, last["id"], print_)
    if cursor is None and not more:
        count = MatchCount(len(page), is_estimate=False)
    else:
        count = await _count(conn, compile_where(node, deleted=deleted), exact_count_threshold)
        if cursor is None:  # the estimate may be low; the first page is a fact
            count = MatchCount(max(count.total, len(rows)), count.is_estimate)
    return SearchPage([row["id"] for row in page], next_cursor, count.total, count.is_estimate)


async def count_matching(
    conn: Connection,
    filter_node: FilterInput,
    *,
    definitions: Mapping[str, FieldDefinition],
    deleted: bool = False,
    exact_count_threshold: int | None = EXACT_COUNT_THRESHOLD,
) -> MatchCount:
    """How many contacts match; exact when cheap (or threshold None), else the estimate."""
    node = await resolve_filter(conn, filter_node, definitions)
    return await _count(conn, compile_where(node, deleted=deleted), exact_count_threshold)


def _check_page_size(page_size: int) -> None:
    if isinstance(page_size, bool) or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidInput(
            "invalid_page_size", f"page_size is 1 to {MAX_PAGE_SIZE}", field="page_size"
        )


async def _count(conn: Connection, where: sql.Composable, threshold: int | None) -> MatchCount:
    if threshold is not None:
        plan_query = sql.SQL("EXPLAIN (FORMAT JSON) SELECT 1 FROM contact c WHERE {}").format(where)
        row = await (await conn.execute(plan_query)).fetchone()
        estimate = _plan_rows(row)
        if estimate >= threshold:
            return MatchCount(estimate, is_estimate=True)
    query = sql.SQL("SELECT count(*) AS total FROM contact c WHERE {}").format(where)
    row = await (await conn.execute(query)).fetchone()
    assert row is not None
    return MatchCount(int(row["total"]), is_estimate=False)


def _plan_rows(row: dict[str, Any] | None) -> int:
    assert row is not None
    plan = next(iter(row.values()))
    return int(plan[0]["Plan"]["Plan Rows"])


async def count_within(
    conn: Connection,
    filter_node: FilterInput,
    *,
    definitions: Mapping[str, FieldDefinition],
    budget_ms: int,
    deleted: bool = False,
) -> MatchCount:
    """The exact count if PostgreSQL finishes it within `budget_ms`, else the estimate."""
    node = await resolve_filter(conn, filter_node, definitions)
    where = compile_where(node, deleted=deleted)
    try:
        async with conn.transaction():
            await conn.execute(
                sql.SQL("SET LOCAL statement_timeout = {}").format(sql.Literal(f"{budget_ms}ms"))
            )
            return await _count(conn, where, None)
    except QueryCanceled:
        # The cancel can land while the savepoint is being released, leaving the transaction
        # aborted; this read has nothing to keep, so start clean for the estimate.
        await conn.rollback()
        return await _count(conn, where, 0)
