"""The rules a card's data must keep against the rest of the database, for one card or many.

Checked set-based: an import of thousands of cards asks the database a few questions per
batch, not a few per card, and the cards of one batch are checked against each other too (two
new cards may not share an email any more than a new and a stored one).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kartoteka_platform.db import Connection
from kartoteka_platform.errors import Conflict, InvalidInput, ServiceError

from kartoteka_contacts.domain.contact import Contact, ContactDraft, ContactKind, identities
from kartoteka_contacts.domain.custom_fields import FieldDefinition, FieldType
from kartoteka_contacts.store import contacts as store
from kartoteka_contacts.store import custom_fields as field_store
from kartoteka_contacts.store import hierarchy


@dataclass(frozen=True)
class Candidate:
    """A validated draft about to be stored: a new card (`current` None) or a new state."""

    draft: ContactDraft
    current: Contact | None = None


async def violations(
    conn: Connection,
    candidates: Sequence[Candidate],
    definitions: Mapping[str, FieldDefinition],
    *,
    allow_duplicates: bool,
) -> list[ServiceError | None]:
    """For each candidate the first rule it breaks (company, activity, references, duplicate
    emails and phones, unique custom values), or None."""
    facts = await _Facts.load(conn, candidates, definitions, allow_duplicates=allow_duplicates)
    found: list[ServiceError | None] = []
    for candidate in candidates:
        error = await facts.first_violation(conn, candidate)
        if error is None:
            facts.claim(candidate)
        found.append(error)
    return found


async def refuse_duplicates(
    conn: Connection, draft: ContactDraft, contact_id: uuid.UUID | None
) -> None:
    """Refuse a card whose emails or phones another live card holds."""
    holders = await store.identity_holders(conn, identities(draft), contact_id)
    if holders:
        raise _duplicate(holders)


class _Facts:
    """What the database says about everything a batch of candidates refers to."""

    def __init__(self) -> None:
        self.definitions: Mapping[str, FieldDefinition] = {}
        self.allow_duplicates = False
        self.kinds: dict[uuid.UUID, ContactKind] = {}
        self.activities: set[uuid.UUID] = set()
        self.live_refs: set[uuid.UUID] = set()
        self.holders: dict[tuple[str, str], list[uuid.UUID]] = {}
        self.unique_holders: dict[tuple[str, str], uuid.UUID] = {}
        # Claimed by earlier candidates of the batch: (kind, value) and (field, value JSON).
        self.claimed: dict[tuple[str, str], uuid.UUID | None] = {}
        self.claimed_unique: set[tuple[str, str]] = set()

    @classmethod
    async def load(
        cls,
        conn: Connection,
        candidates: Sequence[Candidate],
        definitions: Mapping[str, FieldDefinition],
        *,
        allow_duplicates: bool,
    ) -> _Facts:
        facts = cls()
        facts.definitions = definitions
        facts.allow_duplicates = allow_duplicates
        drafts = [c.draft for c in candidates]
        companies = {d.company_id for d in drafts if d.company_id is not None}
        facts.kinds = await store.company_kinds(conn, companies) if companies else {}
        activities = {d.activity_id for d in drafts if d.activity_id is not None}
        if activities:
            facts.activities = await field_store.existing_activities(conn, activities)
        refs = {ref for d in drafts for ref in _references(d, definitions).values()}
        facts.live_refs = await store.existing_ids(conn, sorted(refs)) if refs else set()
        if not allow_duplicates:
            wanted = {pair for d in drafts for pair in identities(d)}
            for row in await store.identity_rows(conn, wanted):
                facts.holders.setdefault((row["kind"], row["value"]), []).append(row["contact_id"])
        for key, definition in definitions.items():
            values = [d.custom[key] for d in drafts if definition.unique and key in d.custom]
            if values:
                for text, holder in (await store.custom_value_holders(conn, key, values)).items():
                    facts.unique_holders[(key, text)] = holder
        return facts

    async def first_violation(self, conn: Connection, candidate: Candidate) -> ServiceError | None:
        draft, current = candidate.draft, candidate.current
        error = self._company(draft)
        # Only a stored card can be its own ancestor; rare enough to ask one by one.
        if (
            error is None
            and current is not None
            and draft.company_id is not None
            and current.id in await hierarchy.company_ancestors(conn, draft.company_id)
        ):
            error = InvalidInput(
                "company_cycle",
                "that company is this card itself or one of its subsidiaries",
                field="company_id",
            )
        checks = (
            error,
            self._activity(draft),
            self._references(draft),
            self._duplicates(candidate),
            self._unique(draft, current),
        )
        return next((e for e in checks if e is not None), None)

    def claim(self, candidate: Candidate) -> None:
        own = candidate.current.id if candidate.current else None
        for pair in identities(candidate.draft):
            self.claimed.setdefault(pair, own)
        for key, value in candidate.draft.custom.items():
            if self.definitions[key].unique:
                self.claimed_unique.add((key, _json(value)))

    def _company(self, draft: ContactDraft) -> ServiceError | None:
        if draft.company_id is None:
            return None
        kind = self.kinds.get(draft.company_id)
        if kind is None:
            return InvalidInput(
                "company_not_found", "no live company with that id", field="company_id"
            )
        if kind is not ContactKind.COMPANY:
            return InvalidInput(
                "not_a_company", "a card can only belong to a company", field="company_id"
            )
        return None

    def _activity(self, draft: ContactDraft) -> ServiceError | None:
        if draft.activity_id is not None and draft.activity_id not in self.activities:
            return InvalidInput(
                "unknown_activity", "no activity type with that id", field="activity_id"
            )
        return None

    def _references(self, draft: ContactDraft) -> ServiceError | None:
        for key, target in sorted(_references(draft, self.definitions).items()):
            if target not in self.live_refs:
                return InvalidInput(
                    "invalid_contact_ref", f"no live contact {target}", field=f"custom.{key}"
                )
        return None

    def _duplicates(self, candidate: Candidate) -> ServiceError | None:
        draft, current = candidate.draft, candidate.current
        if self.allow_duplicates:
            return None
        new = identities(draft) - (identities(current.data) if current else set())
        if current is not None and not new:
            return None
        own = current.id if current else None
        holders = [
            {"kind": kind, "value": value, "contact_id": holder}
            for kind, value in sorted(identities(draft))
            for holder in self.holders.get((kind, value), [])
            if holder != own
        ][:20]
        if holders:
            return _duplicate(holders)
        for kind, value in sorted(identities(draft)):
            if (kind, value) in self.claimed and self.claimed[(kind, value)] != own:
                return Conflict(
                    "duplicate_contact",
                    f"{value} is also on another card of this batch",
                    field="emails" if kind == "email" else "phones",
                )
        return None

    def _unique(self, draft: ContactDraft, current: Contact | None) -> ServiceError | None:
        for key, value in sorted(draft.custom.items()):
            if not self.definitions[key].unique:
                continue
            if current is not None and current.data.custom.get(key) == value:
                continue
            holder = self.unique_holders.get((key, _json(value)))
            own = current.id if current else None
            if holder is not None and holder != own:
                return Conflict(
                    "unique_value_taken",
                    f"contact {holder} already has this {key}",
                    field=f"custom.{key}",
                    extra={"contact_id": str(holder)},
                )
            if (key, _json(value)) in self.claimed_unique:
                return Conflict(
                    "unique_value_taken",
                    f"another card of this batch already has this {key}",
                    field=f"custom.{key}",
                )
        return None


def _references(
    draft: ContactDraft, definitions: Mapping[str, FieldDefinition]
) -> dict[str, uuid.UUID]:
    return {
        key: uuid.UUID(str(value))
        for key, value in draft.custom.items()
        if definitions[key].type is FieldType.CONTACT_REF
    }


def _duplicate(holders: Sequence[Mapping[str, object]]) -> Conflict:
    first = holders[0]
    plural = "emails" if first["kind"] == "email" else "phones"
    return Conflict(
        "duplicate_contact",
        f"{first['value']} is already on contact {first['contact_id']}",
        field=plural,
        extra={
            "duplicates": [
                {"kind": h["kind"], "value": h["value"], "contact_id": str(h["contact_id"])}
                for h in holders
            ]
        },
    )


def _json(value: object) -> str:
    return json.dumps(value, sort_keys=True)
