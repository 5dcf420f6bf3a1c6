"""The SQL the contacts service runs for a search or a count, run directly on PostgreSQL.

For a page (`service/search.py`, `store/search.py`) the service runs, on one pooled connection
in one transaction: the existence check of the groups a filter names, the keyset page query
(ids and sort values of 51 rows), the in-page total (the planner's estimate from `EXPLAIN`,
then `count(*)` only below `EXACT_COUNT_THRESHOLD` estimated rows; nothing when the first page
is not full), and the cards of the 50 ids. For POST /contacts/count it runs the group check
and `count(*)` under a statement timeout. This module builds exactly those statements with the
service's own compiler and times them; the custom field definitions the service also needs are
left out (metadata, cached by the service).
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
_GROUPS = "SELECT id FROM contact_group WHERE id = ANY(%s) AND deleted_at IS NULL"
_CARDS = CARDS_SELECT + " WHERE id = ANY(%s) AND deleted_at IS NULL"
# As `store.search._count` asks for the estimate, and then counts.
_EXPLAIN = sql.SQL("EXPLAIN (FORMAT JSON) SELECT 1 FROM contact c WHERE {}")
_COUNT = sql.SQL("SELECT count(*) AS total FROM contact c WHERE {}")
_ANALYZE = sql.SQL("EXPLAIN (ANALYZE, BUFFERS) {}")


@dataclass(frozen=True)
class RawSample:
    """One page request's SQL in milliseconds: the page part and the in-page total part."""

    page_ms: float
    total_ms: float

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

    def page(self, conn: psycopg.Connection[Any]) -> RawSample:
        """A page request's statements in one transaction, rolled back as the pool does."""
        started = time.perf_counter()
        self._check_groups(conn)
        rows = conn.execute(self._page).fetchall()
        ids: list[UUID] = [row[0] for row in rows[:PAGE_SIZE]]
        page_ms = _ms_since(started)
        counted = time.perf_counter()
        if len(rows) > PAGE_SIZE:
            self._in_page_total(conn)
        total_ms = _ms_since(counted)
        cards = time.perf_counter()
        conn.execute(_CARDS, [ids]).fetchall()
        conn.rollback()
        return RawSample(page_ms + _ms_since(cards), total_ms)

    def count(self, conn: psycopg.Connection[Any]) -> float:
        """Milliseconds of the exact count, without any time budget."""
        started = time.perf_counter()
        self._check_groups(conn)
        conn.execute(self._count).fetchone()
        conn.rollback()
        return _ms_since(started)

    def counts(self, conn: psycopg.Connection[Any]) -> tuple[int, int]:
        """The planner's estimate of the matching rows, and their exact count."""
        estimate = self._estimate(conn)
        row = conn.execute(self._count).fetchone()
        conn.rollback()
        assert row is not None
        return estimate, int(row[0])

    def explain(self, conn: psycopg.Connection[Any]) -> dict[str, str]:
        """EXPLAIN (ANALYZE, BUFFERS) of the page query and of the exact count."""
        plans = {}
        for name, query in (("page", self._page), ("count", self._count)):
            rows = conn.execute(_ANALYZE.format(query)).fetchall()
            plans[name] = "\n".join(row[0] for row in rows)
        conn.rollback()
        return plans

    def _check_groups(self, conn: psycopg.Connection[Any]) -> None:
        if self.group_ids:
            conn.execute(_GROUPS, [self.group_ids]).fetchall()

    def _in_page_total(self, conn: psycopg.Connection[Any]) -> None:
        if self._estimate(conn) < EXACT_COUNT_THRESHOLD:
            conn.execute(self._count).fetchone()

    def _estimate(self, conn: psycopg.Connection[Any]) -> int:
        plan = conn.execute(self._explain).fetchone()
        assert plan is not None
        return int(plan[0][0]["Plan"]["Plan Rows"])


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000
