"""Reading a card's field history page by page."""

from __future__ import annotations

import base64
import uuid
from datetime import datetime

from kartoteka_platform.db import Connection
from kartoteka_platform.errors import InvalidInput, NotFound

from kartoteka_contacts.store import contacts as store
from kartoteka_contacts.store import history
from kartoteka_contacts.store.history import HistoryEntry, HistoryQuery

MAX_PAGE = 500


async def list_history(
    conn: Connection, contact_id: uuid.UUID, query: HistoryQuery, page_token: str
) -> tuple[list[HistoryEntry], str]:
    """One page of entries (deleted cards keep their history) and the token of the next."""
    if await store.get_contact(conn, contact_id, include_deleted=True) is None:
        raise NotFound("contact_not_found", f"no contact with id {contact_id}", field="contact_id")
    if not 1 <= query.limit <= MAX_PAGE:
        raise InvalidInput(
            "invalid_page_size", f"page_size must be 1..{MAX_PAGE}", field="page_size"
        )
    before = _decode(page_token) if page_token else None
    page = await history.entries(
        conn,
        contact_id,
        HistoryQuery(
            query.field,
            query.actor_id,
            query.source,
            query.since,
            query.until,
            before,
            query.limit + 1,
        ),
    )
    more = len(page) > query.limit
    page = page[: query.limit]
    token = _encode(page[-1].changed_at, page[-1].seq) if more else ""
    return page, token


def _encode(changed_at: datetime, seq: int) -> str:
    return base64.urlsafe_b64encode(f"{changed_at.isoformat()}|{seq}".encode()).decode()


def _decode(token: str) -> tuple[datetime, int]:
    try:
        moment, seq = base64.urlsafe_b64decode(token.encode()).decode().split("|")
        return datetime.fromisoformat(moment), int(seq)
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput(
            "invalid_page_token", "page_token is not valid", field="page_token"
        ) from None
