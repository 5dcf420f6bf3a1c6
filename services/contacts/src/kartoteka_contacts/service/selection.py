"""Which contacts an operation applies to: listed ids, or every contact a filter selects."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from kartoteka_platform.db import Connection
from kartoteka_platform.errors import InvalidInput
from psycopg import sql

from kartoteka_contacts.store.catalog import CATALOG
from kartoteka_contacts.store.filter_sql import compile_filter
from kartoteka_contacts.store.groups import ids_selection
from kartoteka_contacts.store.search import resolve_filter

MAX_LISTED_IDS = 10_000


@dataclass(frozen=True)
class Selection:
    contact_ids: list[str]
    filter_json: str


async def selection_sql(conn: Connection, selection: Selection) -> sql.Composable:
    """A boolean SQL expression over `contact c` for the selected contacts."""
    if selection.contact_ids:
        if len(selection.contact_ids) > MAX_LISTED_IDS:
            raise InvalidInput(
                "too_many",
                f"list at most {MAX_LISTED_IDS} ids, or use a filter",
                field="selection.contact_ids",
            )
        return ids_selection([_id(raw, i) for i, raw in enumerate(selection.contact_ids)])
    if not selection.filter_json:
        raise InvalidInput("empty_selection", "give contact_ids or a filter", field="selection")
    try:
        raw = json.loads(selection.filter_json)
    except (ValueError, RecursionError) as exc:  # RecursionError: nested past the parser
        raise InvalidInput(
            "invalid_json", f"the filter is not JSON: {exc}", field="selection.filter"
        ) from exc
    definitions = await CATALOG.definitions(conn)
    node = await resolve_filter(conn, raw, definitions)
    return compile_filter(node, definitions)


def _id(raw: str, index: int) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise InvalidInput(
            "invalid_id", f"{raw!r} is not a contact id", field=f"selection.contact_ids[{index}]"
        ) from None
