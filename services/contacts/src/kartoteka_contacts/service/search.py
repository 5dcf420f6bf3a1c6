"""Searching contacts with the filter language: one page of cards and the total."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from kartoteka_platform.db import Connection
from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.contact import Contact
from kartoteka_contacts.service.contacts import without_deleted_fields
from kartoteka_contacts.store import contacts as store
from kartoteka_contacts.store.catalog import CATALOG
from kartoteka_contacts.store.search import MatchCount, SortKey, count_within, search_contact_ids


@dataclass(frozen=True)
class SearchResult:
    contacts: list[Contact]
    next_cursor: str | None
    total: int
    total_is_estimate: bool


async def search_contacts(
    conn: Connection,
    filter_json: str,
    sort: list[SortKey],
    page_size: int,
    cursor: str | None,
    *,
    deleted: bool = False,
) -> SearchResult:
    """One page: ids by keyset first (index-only work), then the cards of just those ids."""
    raw_filter = _parse_filter(filter_json)
    definitions = await CATALOG.definitions(conn)
    page = await search_contact_ids(
        conn,
        raw_filter,
        definitions=definitions,
        sort=sort,
        page_size=page_size,
        cursor=cursor,
        deleted=deleted,
    )
    cards = await store.get_contacts(conn, page.ids, include_deleted=deleted)
    return SearchResult(
        [without_deleted_fields(card, definitions) for card in cards],
        page.next_cursor,
        page.total,
        page.total_is_estimate,
    )


MAX_COUNT_BUDGET_MS = 5_000


async def count_contacts(
    conn: Connection, filter_json: str, budget_ms: int, *, deleted: bool = False
) -> MatchCount:
    """Exact when PostgreSQL can count within `budget_ms`, the estimate otherwise."""
    if not 0 < budget_ms <= MAX_COUNT_BUDGET_MS:
        raise InvalidInput(
            "invalid_budget", f"budget_ms is 1 to {MAX_COUNT_BUDGET_MS}", field="budget_ms"
        )
    definitions = await CATALOG.definitions(conn)
    return await count_within(
        conn,
        _parse_filter(filter_json),
        definitions=definitions,
        budget_ms=budget_ms,
        deleted=deleted,
    )


def _parse_filter(filter_json: str) -> Any:  # the parser checks the shape
    try:
        return json.loads(filter_json) if filter_json else None
    except (ValueError, RecursionError) as exc:  # RecursionError: nested past the parser
        raise InvalidInput(
            "invalid_json", f"the filter is not JSON: {exc}", field="filter"
        ) from exc
