"""Exports: what a filter selects, in the columns people pick, to XLSX or CSV, as a job."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Mapping, Sequence
from contextlib import aclosing, asynccontextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from kartoteka_platform.db import Connection, Database
from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.contact import StoredCard
from kartoteka_contacts.domain.custom_fields import FieldDefinition
from kartoteka_contacts.domain.jobs import JobKind, LeaseLost
from kartoteka_contacts.domain.spreadsheet import (
    Cell,
    Column,
    contact_columns,
    header_row,
    row_exporter,
)
from kartoteka_contacts.files import XLSX_MAX_ROWS, SpreadsheetWriter, open_writer
from kartoteka_contacts.service import files
from kartoteka_contacts.service.selection import Selection, selection_sql
from kartoteka_contacts.store import contacts as contact_store
from kartoteka_contacts.store import jobs as job_store
from kartoteka_contacts.store.catalog import CATALOG
from kartoteka_contacts.store.jobs import Counts, JobRow

T = TypeVar("T")
FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
# Rows fetched and written per step; progress and cancellation are checked between steps.
BATCH_SIZE = 5_000


@dataclass(frozen=True)
class ExportSpec:
    selection: Selection
    columns: tuple[str, ...]
    format: str


async def start_export_job(conn: Connection, spec: ExportSpec, actor_id: str) -> JobRow:
    """Check the columns, format and selection now, so the job cannot fail on them later."""
    if spec.format not in FORMATS:
        raise InvalidInput("invalid_format", "export to xlsx or csv", field="format")
    definitions = await CATALOG.definitions(conn)
    columns = pick_columns(spec.columns, definitions)
    await selection_sql(conn, spec.selection)  # refuses a bad filter with its path
    return await job_store.insert_job(
        conn,
        JobKind.EXPORT,
        {
            "selection": {
                "contact_ids": spec.selection.contact_ids,
                "filter_json": spec.selection.filter_json,
            },
            "columns": [column.key for column in columns],
            "format": spec.format,
        },
        actor_id,
    )


def pick_columns(
    keys: Sequence[str], definitions: Mapping[str, FieldDefinition]
) -> tuple[Column, ...]:
    """The chosen columns in the chosen order; none chosen means every column."""
    available = contact_columns(definitions.values())
    if not keys:
        return available
    by_key = {column.key: column for column in available}
    picked = []
    for index, key in enumerate(keys):
        if key not in by_key:
            raise InvalidInput(
                "unknown_column", f"no column {key!r} to export", field=f"columns[{index}]"
            )
        picked.append(by_key[key])
    if len(set(keys)) != len(keys):
        raise InvalidInput("duplicate_column", "each column once", field="columns")
    return tuple(picked)


class ExportRun:
    """One export job on a worker: a snapshot read, written to a file, stored under the job."""

    def __init__(self, db: Database, job: JobRow, owner: str, lease_seconds: float) -> None:
        self._db = db
        self._job = job
        self._owner = owner
        self._lease = lease_seconds

    async def run(self) -> dict[str, Any] | None:
        """The result to finish the job with; None when it was cancelled midway."""
        params = self._job.params
        selection = Selection(
            params["selection"]["contact_ids"], params["selection"]["filter_json"]
        )
        async with self._lease_kept():
            with tempfile.TemporaryDirectory(prefix="kartoteka-export-") as folder:
                path = Path(folder) / f"export.{params['format']}"
                rows = await self._write(path, selection, params["columns"], params["format"])
                if rows is None:
                    return None
                name = f"contacts-{datetime.now(UTC):%Y%m%d-%H%M%S}.{params['format']}"
                stored = await files.store_path(
                    self._db,
                    path,
                    role="export",
                    name=name,
                    content_type=FORMATS[params["format"]],
                    created_by=self._job.created_by,
                    job_id=self._job.id,
                )
        return {"file_id": str(stored.id), "file_name": name, "rows": rows, "size": stored.size}

    async def _write(
        self, path: Path, selection: Selection, keys: list[str], format: str
    ) -> int | None:
        async with self._db.connection() as conn, conn.transaction():
            # One snapshot for the whole file: the rows are the ones that matched when the
            # export started, however long the writing takes.
            await conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            definitions = await CATALOG.definitions(conn)
            columns = pick_columns(keys, definitions)
            where = await selection_sql(conn, selection)
            total = await contact_store.count_where(conn, where)
            if format == "xlsx" and total >= XLSX_MAX_ROWS:
                raise InvalidInput(
                    "too_many_rows_for_xlsx",
                    f"{total:,} contacts do not fit one XLSX sheet ({XLSX_MAX_ROWS - 1:,}"
                    " rows at most): export them as CSV, or narrow the filter",
                    field="format",
                )
            async with self._db.transaction() as progress:
                await job_store.start_over(progress, self._job.id, total)
            try:
                with open_writer(path, "csv" if format == "csv" else "xlsx") as writer:
                    writer.write_row(header_row(columns))
                    cells = row_exporter(columns)
                    stream = contact_store.stream_stored_cards(conn, where, BATCH_SIZE)
                    async with aclosing(_read_ahead(stream)) as batches:
                        async for batch in batches:
                            # Formatting 5,000 rows is CPU work: off the event loop, which
                            # keeps the database connections answered meanwhile.
                            await asyncio.to_thread(_write_batch, writer, cells, batch)
                            if not await self._progress(Counts(processed=len(batch))):
                                raise _Cancelled
                    # Finishing a workbook compresses all of it: seconds to a minute of work
                    # that must not stop the event loop (the lease keeper runs on it).
                    await asyncio.to_thread(writer.close)
                    return writer.rows_written - 1
            except _Cancelled:
                return None

    @asynccontextmanager
    async def _lease_kept(self) -> AsyncIterator[None]:
        """Renew the job's lease while the export runs. Finishing and storing a file of a
        million rows reports no progress for a long while (compressing a workbook, copying
        it into the database), and a job whose lease runs out is handed to another worker,
        which starts it over."""
        keeper = asyncio.create_task(self._renew_lease())
        try:
            yield
        finally:
            keeper.cancel()
            with suppress(asyncio.CancelledError):
                await keeper  # raises LeaseLost if the job was taken over meanwhile

    async def _renew_lease(self) -> None:
        while True:
            await asyncio.sleep(self._lease / 3)
            await self._progress(Counts())

    async def _progress(self, counts: Counts) -> bool:
        """Record progress in its own transaction; False when cancellation was asked for."""
        async with self._db.transaction() as conn:
            job = await job_store.advance(
                conn, self._job.id, self._owner, counts, None, self._lease
            )
        if job is None:
            raise LeaseLost
        return not job.cancel_requested


async def _read_ahead(
    batches: AsyncGenerator[list[T], None],
) -> AsyncGenerator[list[T], None]:
    """The batches of a stream, the next one fetched while the caller works on the current:
    the database reads and sends rows while the worker formats the ones it has (1,000,000
    rows to XLSX: 50.5 s with it, 69.2 s without, bench/jobs_at_scale.py)."""
    pending = asyncio.ensure_future(anext(batches, None))
    try:
        while (batch := await pending) is not None:
            pending = asyncio.ensure_future(anext(batches, None))
            yield batch
    finally:
        # A fetch still in flight ends before the cursor closes; its rows are not wanted.
        with suppress(Exception):
            await pending
        await batches.aclose()


def _write_batch(
    writer: SpreadsheetWriter,
    cells: Callable[[StoredCard], list[Cell]],
    batch: Sequence[StoredCard],
) -> None:
    for card in batch:
        writer.write_row(cells(card))


class _Cancelled(Exception):
    """Raised inside the writer's block so that it removes the half-written file."""
