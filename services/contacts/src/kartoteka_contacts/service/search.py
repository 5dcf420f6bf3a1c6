"""Searching contacts with the filter language: one page of cards and the total."""

from __future__ import annotations

import json
from dataclasses import dataclass

from kartoteka_platform.db import Connection
from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.contact import Contact
from kartoteka_contacts.service.contacts import without_deleted_fields
from kartoteka_contacts.store import contacts as store
from kartoteka_contacts.store.catalog import CATALOG
from kartoteka_contacts.store.search import SortKey, search_contact_ids


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
    try:
        raw_filter = json.loads(filter_json) if filter_json else None
    except (ValueError, RecursionError) as exc:  # RecursionError: nested past the parser
        raise InvalidInput(
            "invalid_json", f"the filter is not JSON: {exc}", field="filter"
        ) from exc
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
