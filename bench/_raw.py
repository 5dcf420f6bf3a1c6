"""The SQL the contacts service runs for one search request, run directly on PostgreSQL.

Per request the service (`service/search.py`, `store/search.py`) runs, on one pooled
connection in one transaction: the custom field definitions, the existence check of the groups
a filter names, the keyset page query (ids and sort values of 51 rows), the total (the
planner's estimate from `EXPLAIN`, then `count(*)` only below `EXACT_COUNT_THRESHOLD`
estimated rows; skipped when the first page is not full), and the cards of the 50 ids. This
module builds exactly those statements with the service's own compiler and times each one.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import psycopg
from _shapes import Filter
from kartoteka_contacts.domain.custom_fields import FieldDefinition
from kartoteka_contacts.domain.filters import InGroup, walk
from kartoteka_contacts.store.contacts import _SELECT as CARDS_SELECT
from kartoteka_contacts.store.filter_sql import compile_where, parse_input
from kartoteka_contacts.store.search import EXACT_COUNT_THRESHOLD, search_query
from psycopg import sql

PAGE_SIZE = 50
# As `store.custom_fields.definitions` reads them on every search.
_DEFINITIONS = (
    "SELECT key, label, type, options, help_text, required, is_unique, filterable,"
    " show_on_card, show_in_list, show_in_portal, show_in_processes, show_on_create, position,"
    " settings FROM custom_field WHERE deleted_at IS NULL ORDER BY position, key"
)
_GROUPS = "SELECT id FROM contact_group WHERE id = ANY(%s) AND deleted_at IS NULL"
_CARDS = CARDS_SELECT + " WHERE id = ANY(%s) AND deleted_at IS NULL"
# As `store.search._count` asks for the estimate, and then counts.
_EXPLAIN = sql.SQL("EXPLAIN (FORMAT JSON) SELECT 1 FROM contact c WHERE {}")
_COUNT = sql.SQL("SELECT count(*) AS total FROM contact c WHERE {}")
_ANALYZE = sql.SQL("EXPLAIN (ANALYZE, BUFFERS) {}")


@dataclass(frozen=True)
class RawSample:
    """One request's worth of SQL: milliseconds for the page part and the total part."""

    page_ms: float
    total_ms: float
    total: int
    is_estimate: bool

    @property
    def request_ms(self) -> float:
        return self.page_ms + self.total_ms


class RawSearch:
    """The statements of one filter, compiled once, then timed as often as asked."""

    def __init__(
        self,
        conn: psycopg.Connection[Any],
        filter_json: Filter,
        definitions: Mapping[str, FieldDefinition],
    ) -> None:
        node = parse_input(filter_json, definitions)
        where = compile_where(node)
        self._page = search_query(node, definitions=definitions, sort=[], page_size=PAGE_SIZE)
        self._explain = _EXPLAIN.format(where)
        self._count = _COUNT.format(where)
        self.page_sql = self._page.as_string(conn)
        self.group_ids = sorted({n.group_id for n in walk(node) if isinstance(n, InGroup)})

    def run(self, conn: psycopg.Connection[Any]) -> RawSample:
        """One request's statements in one transaction, rolled back as the pool does."""
        started = time.perf_counter()
        conn.execute(_DEFINITIONS).fetchall()
        if self.group_ids:
            conn.execute(_GROUPS, [self.group_ids]).fetchall()
        rows = conn.execute(self._page).fetchall()
        ids: list[UUID] = [row[0] for row in rows[:PAGE_SIZE]]
        page_ms = _ms_since(started)
        counted = time.perf_counter()
        total, is_estimate = self._total(conn, len(rows))
        total_ms = _ms_since(counted)
        cards = time.perf_counter()
        conn.execute(_CARDS, [ids]).fetchall()
        conn.rollback()
        page_ms += _ms_since(cards)
        return RawSample(page_ms, total_ms, total, is_estimate)

    def _total(self, conn: psycopg.Connection[Any], fetched: int) -> tuple[int, bool]:
        if fetched <= PAGE_SIZE:
            return fetched, False
        plan = conn.execute(self._explain).fetchone()
        assert plan is not None
        estimate = int(plan[0][0]["Plan"]["Plan Rows"])
        if estimate >= EXACT_COUNT_THRESHOLD:
            return max(estimate, fetched), True
        row = conn.execute(self._count).fetchone()
        assert row is not None
        return int(row[0]), False

    def explain(self, conn: psycopg.Connection[Any]) -> dict[str, str]:
        """EXPLAIN (ANALYZE, BUFFERS) of the page query and of the exact count."""
        plans = {}
        for name, query in (("page", self._page), ("count", self._count)):
            rows = conn.execute(_ANALYZE.format(query)).fetchall()
            plans[name] = "\n".join(row[0] for row in rows)
        conn.rollback()
        return plans


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000
