"""An import job on a worker: the file read in batches that each commit with their progress."""

from __future__ import annotations

import asyncio
import itertools
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kartoteka_platform.db import Database

from kartoteka_contacts.domain.jobs import LeaseLost
from kartoteka_contacts.domain.spreadsheet import Cell, confirm_mapping, contact_columns
from kartoteka_contacts.files import SpreadsheetSource, open_spreadsheet
from kartoteka_contacts.service import files
from kartoteka_contacts.service.contacts import WriteContext
from kartoteka_contacts.service.import_batch import BatchOutcome, ImportContext, import_batch
from kartoteka_contacts.store import imports as store
from kartoteka_contacts.store import jobs as job_store
from kartoteka_contacts.store.catalog import CATALOG
from kartoteka_contacts.store.history import Actor
from kartoteka_contacts.store.jobs import JobRow

# Rows per committed batch: small enough that a crash redoes little and progress moves
# every second or so, large enough that matching costs a few queries per thousand rows.
BATCH_SIZE = 1_000
Rows = list[tuple[int, list[Cell]]]


class ImportRun:
    """Runs (or resumes after the last committed batch) one import job."""

    def __init__(
        self,
        db: Database,
        job: JobRow,
        owner: str,
        lease_seconds: float,
        default_region: str,
        *,
        batch_size: int | None = None,
    ) -> None:
        self._db = db
        self._job = job
        self._owner = owner
        self._lease = lease_seconds
        self._region = default_region
        self._batch_size = batch_size or BATCH_SIZE

    async def run(self) -> dict[str, Any] | None:
        """The result to finish the job with; None when it was cancelled midway."""
        params = self._job.params
        with tempfile.TemporaryDirectory(prefix="kartoteka-import-") as folder:
            path = Path(folder) / "upload"
            async with self._db.connection() as conn:
                await files.materialize(conn, uuid.UUID(params["file_id"]), path)
                ctx = await self._context(conn)
            source = await asyncio.to_thread(open_spreadsheet, path, sheet=params["sheet"])
            with source:
                return await self._batches(source, ctx)

    async def _context(self, conn: Any) -> ImportContext:
        params = self._job.params
        definitions = await CATALOG.definitions(conn)
        columns = confirm_mapping(
            params["headers"], params["mapping"], contact_columns(definitions.values())
        )
        actor = Actor("employee", self._job.created_by, "import", str(self._job.id))
        return ImportContext(
            job_id=self._job.id,
            write=WriteContext(actor, self._region),
            headers=params["headers"],
            columns=columns,
            mode=params["mode"],
            match_keys=frozenset(params["match_keys"]),
            definitions=definitions,
        )

    async def _batches(
        self, source: SpreadsheetSource, ctx: ImportContext
    ) -> dict[str, Any] | None:
        done_through = int(self._job.resume_after or 0)
        rows = (row for row in source.iter_rows() if row[0] > done_through)
        dry_run = bool(self._job.params["dry_run"])
        while batch := await asyncio.to_thread(_take, rows, self._batch_size):
            job = await (self._rehearse(ctx, batch) if dry_run else self._apply(ctx, batch))
            if job.cancel_requested:
                return None
        async with self._db.transaction() as conn:
            # Now the number of rows is known: the progress reads 100 %.
            await conn.execute(
                "UPDATE contact_job SET total = processed WHERE id = %s", [self._job.id]
            )
        return {"dry_run": dry_run}

    async def _apply(self, ctx: ImportContext, batch: Rows) -> JobRow:
        async with self._db.transaction() as conn:
            outcome = await import_batch(conn, ctx, batch)
            await store.record_items(conn, self._job.id, outcome.items)
            return await self._record(conn, outcome, batch[-1][0])

    async def _rehearse(self, ctx: ImportContext, batch: Rows) -> JobRow:
        """A dry run does everything a run does, then rolls it back: the counts and the
        refusals are the ones a real run would have (rows repeating a card created in an
        earlier batch of the file excepted: those count as new)."""
        async with self._db.connection() as conn, conn.transaction(force_rollback=True):
            outcome = await import_batch(conn, ctx, batch)
        async with self._db.transaction() as conn:
            return await self._record(conn, outcome, batch[-1][0])

    async def _record(self, conn: Any, outcome: BatchOutcome, last_row: int) -> JobRow:
        """The batch's refusals and counts, and where a resumed run starts."""
        await store.record_failures(conn, self._job.id, outcome.failures)
        job = await job_store.advance(
            conn, self._job.id, self._owner, outcome.counts, str(last_row), self._lease
        )
        if job is None:
            raise LeaseLost
        return job


def _take(rows: Iterator[tuple[int, list[Cell]]], size: int) -> Rows:
    return list(itertools.islice(rows, size))
