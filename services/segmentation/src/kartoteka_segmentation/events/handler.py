"""Catalogued events, a batch at a time: filter rules, event history, event rules.

One handler serves every stream with catalogued events (one durable consumer per stream).
It runs inside the inbox transaction of its batch, so the daily counts, the event history
and the inbox rows commit together; the memberships are applied by the contacts service
before that commit, and applying them again on a redelivery changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from google.protobuf.message import Message
from kartoteka_platform.db import Connection
from kartoteka_platform.messaging.envelope import HEADER_TIME, StreamSpec
from kartoteka_platform.messaging.inbox import IncomingEvent, PoisonMessage

from kartoteka_segmentation.events import contacts
from kartoteka_segmentation.events.catalogue import Catalogue, CatalogueEntry
from kartoteka_segmentation.service.event_rules import (
    MAX_CONTACTS_PER_CALL,
    EventRulesService,
    Occurrence,
)
from kartoteka_segmentation.service.rules import RulesService
from kartoteka_segmentation.store import event_history
from kartoteka_segmentation.store import rules as rule_store
from kartoteka_segmentation.store.event_history import Seen


@dataclass(frozen=True)
class Decoded:
    event: IncomingEvent
    entry: CatalogueEntry
    payload: Message
    contact_ids: list[uuid.UUID]
    at: datetime


def consumer_name(service: str) -> str:
    """The durable consumer of one service's stream (`segmentation-contacts` as before)."""
    return f"segmentation-{service}"


def stream_of(service: str) -> StreamSpec:
    return StreamSpec.for_service(service)


class EventHandler:
    """Applies a batch of catalogued events; unknown types and bad payloads are poison."""

    def __init__(
        self, catalogue: Catalogue, rules: RulesService, event_rules: EventRulesService
    ) -> None:
        self._catalogue = catalogue
        self._rules = rules
        self._event_rules = event_rules

    async def __call__(self, conn: Connection, events: list[IncomingEvent]) -> None:
        decoded = [self.decode(event) for event in events]
        for item in decoded:
            if item.entry.event.service == contacts.SERVICE:
                await contacts.count(conn, item.payload)
        await self._filter_rules(conn, decoded)
        occurrences = await self._history(conn, decoded)
        await self._event_rules.fire(conn, occurrences)

    def decode(self, event: IncomingEvent) -> Decoded:
        entry = self._catalogue.entries.get(event.event_type)
        if entry is None:
            raise PoisonMessage(f"unknown event type {event.event_type!r}")
        payload = entry.decode(event.payload)
        if entry.event.service == contacts.SERVICE:
            contacts.check(payload, event.event_type)
        ids = entry.contact_ids(payload) if entry.event.contact_field else []
        return Decoded(event, entry, payload, ids, _event_time(event))

    async def _filter_rules(self, conn: Connection, decoded: Sequence[Decoded]) -> None:
        """Re-evaluate the filter rules the contacts events can affect, for their contacts.

        One call for the batch: every affected rule over every affected contact (a filter
        rule evaluated for a contact it cannot have changed for finds nothing to do).
        """
        changes = [d for d in decoded if d.entry.event.service == contacts.SERVICE]
        if not changes:
            return
        active = await rule_store.list_rules(conn, active_only=True, kind="filter")
        if not active:
            return
        rule_ids: dict[uuid.UUID, None] = {}
        contact_ids: dict[str, None] = {}
        for item in changes:
            rules, ids = contacts.filter_scope(item.payload, active)
            if rules and ids:
                rule_ids.update(dict.fromkeys(rule.id for rule in rules))
                contact_ids.update(dict.fromkeys(ids))
        scope = list(contact_ids)
        for start in range(0, len(scope), MAX_CONTACTS_PER_CALL):
            await self._rules.evaluate(list(rule_ids), scope[start : start + MAX_CONTACTS_PER_CALL])

    async def _history(self, conn: Connection, decoded: Sequence[Decoded]) -> list[Occurrence]:
        """Count the batch's events per contact and type; each occurrence learns how many
        events of its type its contact had before it (0: the first ever)."""
        seen: dict[tuple[uuid.UUID, str], Seen] = {}
        for item in decoded:
            for contact in item.contact_ids:
                key = (contact, item.event.event_type)
                old = seen.get(key)
                seen[key] = (
                    Seen(1, item.at, item.at)
                    if old is None
                    else Seen(old.count + 1, min(old.first_at, item.at), max(old.last_at, item.at))
                )
        running = await event_history.record(conn, seen)
        occurrences = []
        for item in decoded:
            if not item.contact_ids:
                continue
            indexed = []
            for contact in item.contact_ids:
                key = (contact, item.event.event_type)
                indexed.append((contact, running[key]))
                running[key] += 1
            lookup = item.entry.lookup(item.payload)
            occurrences.append(Occurrence(item.event.event_type, lookup, indexed))
        return occurrences


def _event_time(event: IncomingEvent) -> datetime:
    """When the event happened (its `Kartoteka-Time` header), or now when it has none."""
    raw = event.headers.get(HEADER_TIME)
    if raw:
        try:
            moment = datetime.fromisoformat(raw)
        except ValueError:
            pass
        else:
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime.now(UTC)
