"""Which card a file row is: by its id, else by a full match of the configured keys.

A row names a card by id when the file has an id column. Otherwise every configured key the
row has a value for (name, phone, email, company) must match the same card: one such card is a
match, none means a new card, several are reported, never guessed. Company alone identifies
no one, so a row whose only key is its company is treated as new.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from kartoteka_platform.db import Connection

from kartoteka_contacts.domain.spreadsheet import RowValues
from kartoteka_contacts.domain.validation import normalise_phone
from kartoteka_contacts.store import contacts as contact_store
from kartoteka_contacts.store import imports as store


@dataclass(frozen=True)
class RowKeys:
    """The normalised keys of one row (empty: the row has no value for that key)."""

    name: str = ""
    phone: str = ""
    email: str = ""
    company: str = ""

    def identifying(self) -> bool:
        return bool(self.name or self.phone or self.email)


@dataclass
class Match:
    """A row's card: `contact_id`, or none found, or several (`ambiguous`), or an unknown id."""

    contact_id: uuid.UUID | None = None
    ambiguous: list[uuid.UUID] = field(default_factory=list)
    unknown_id: bool = False


def row_keys(values: RowValues, keys: Collection[str], default_region: str) -> RowKeys:
    """The keys configured for matching, normalised as cards store them."""
    draft = values.new_draft()
    email = draft.emails[0].address.strip().lower() if draft.emails else ""
    phone = ""
    if draft.phones:
        try:
            phone = normalise_phone(draft.phones[0].number, default_region)
        except ValueError:
            phone = ""  # validation will refuse the row with the reason
    return RowKeys(
        name=" ".join(draft.display_name.split()) if "name" in keys else "",
        phone=phone if "phone" in keys else "",
        email=email if "email" in keys else "",
        company=" ".join(str(values.fields.get("company_name") or "").split())
        if "company" in keys
        else "",
    )


async def match_rows(conn: Connection, rows: Sequence[tuple[RowValues, RowKeys]]) -> list[Match]:
    """The match of each row, found with a handful of set-based queries per batch.

    A row with an email or phone is narrowed by those first and its name compared with the
    few cards they find: a common name is held by hundreds of cards at a million contacts
    (the name lookup of a batch of 1,000 rows returned 400,000 of them). Only rows matched by
    name alone look cards up by name.
    """
    ids = [values.contact_id for values, _ in rows if values.contact_id is not None]
    live = await contact_store.existing_ids(conn, ids) if ids else set()
    emails = await store.holders(conn, "email", sorted({k.email for _, k in rows if k.email}))
    phones = await store.holders(conn, "phone", sorted({k.phone for _, k in rows if k.phone}))
    by_name = await store.named(
        conn, sorted({k.name for _, k in rows if k.name and not (k.email or k.phone)})
    )
    candidates_by_row: list[set[uuid.UUID] | None] = []
    for values, keys in rows:
        if values.contact_id is not None or not keys.identifying():
            candidates_by_row.append(None if values.contact_id is not None else set())
        elif keys.email or keys.phone:
            candidates_by_row.append(_by_identity(keys, emails, phones))
        else:
            candidates_by_row.append(set(by_name.get(keys.name, set())))
    card_names = await store.folded_display_names(
        conn,
        sorted(
            {
                card
                for (_, keys), found in zip(rows, candidates_by_row, strict=True)
                if found and keys.name and (keys.email or keys.phone)
                for card in found
            }
        ),
    )
    # The names to compare with the cards found, and the companies, folded in one query.
    folded = await store.folded(
        conn,
        sorted(
            {k.name for _, k in rows if k.name and (k.email or k.phone)}
            | {k.company for _, k in rows if k.company}
        ),
    )
    need_company = {
        card
        for (_, keys), found in zip(rows, candidates_by_row, strict=True)
        if found and keys.company
        for card in found
    }
    company_of = await store.company_names(conn, sorted(need_company))
    matches: list[Match] = []
    for (values, keys), found in zip(rows, candidates_by_row, strict=True):
        if values.contact_id is not None:
            known = values.contact_id in live
            matches.append(
                Match(contact_id=values.contact_id if known else None, unknown_id=not known)
            )
            continue
        cards = found or set()
        if keys.name and (keys.email or keys.phone):
            wanted_name = folded.get(keys.name, "")
            cards = {card for card in cards if card_names.get(card) == wanted_name}
        if keys.company:
            wanted = folded.get(keys.company, "")
            cards = {card for card in cards if company_of.get(card) == wanted}
        matches.append(_decide(cards))
    return matches


def _by_identity(
    keys: RowKeys, emails: dict[str, set[uuid.UUID]], phones: dict[str, set[uuid.UUID]]
) -> set[uuid.UUID]:
    sets = []
    if keys.email:
        sets.append(emails.get(keys.email, set()))
    if keys.phone:
        sets.append(phones.get(keys.phone, set()))
    return set.intersection(*sets)


def _decide(found: set[uuid.UUID]) -> Match:
    if len(found) == 1:
        return Match(contact_id=next(iter(found)))
    if len(found) > 1:
        return Match(ambiguous=sorted(found))
    return Match()
