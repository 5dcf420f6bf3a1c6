"""Per-process cache of what nearly every request reads and almost nothing writes: custom
field definitions and the default card layout.

A process caches only while it listens for the `catalog_<schema>` notifications the tables'
triggers send on commit; without a listener (a worker, a test) every read goes to the
database. A load that overlaps a notification is not kept, so a cache is never older than
the last notification it received.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from kartoteka_platform.db import Connection, Database

from kartoteka_contacts.domain.custom_fields import FieldDefinition
from kartoteka_contacts.domain.layouts import Layout
from kartoteka_contacts.store import custom_fields as field_store
from kartoteka_contacts.store import layouts as layout_store

log = logging.getLogger(__name__)
_MISSING: Any = object()


class Catalog:
    def __init__(self) -> None:
        self._listening = False
        self._generation = 0
        self._definitions: dict[str, FieldDefinition] | None = None
        self._default_layout: Layout | None = _MISSING

    def invalidate(self) -> None:
        self._generation += 1
        self._definitions = None
        self._default_layout = _MISSING

    async def definitions(self, conn: Connection) -> dict[str, FieldDefinition]:
        if self._listening and self._definitions is not None:
            return self._definitions
        generation = self._generation
        loaded = await field_store.definitions(conn)
        if self._listening and generation == self._generation:
            self._definitions = loaded
        return loaded

    async def default_layout(self, conn: Connection) -> Layout | None:
        if self._listening and self._default_layout is not _MISSING:
            cached: Layout | None = self._default_layout
            return cached
        generation = self._generation
        loaded = await layout_store.default_layout(conn)
        if self._listening and generation == self._generation:
            self._default_layout = loaded
        return loaded

    async def listen(self, db: Database, stop: asyncio.Event) -> None:
        """Keep the cache valid until `stop`; while not listening, nothing is cached."""
        await db.listen(f"catalog_{db.schema}", stop, self.invalidate, self._set_listening)

    def _set_listening(self, listening: bool) -> None:
        self.invalidate()
        self._listening = listening


CATALOG = Catalog()
