"""One batch of file rows: read, match, then create or update cards, reporting bad rows."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from kartoteka_platform.db import Connection
from kartoteka_platform.errors import Conflict, NotFound, ServiceError
from psycopg.errors import IntegrityError

from kartoteka_contacts.domain.contact import Contact
from kartoteka_contacts.domain.custom_fields import FieldDefinition
from kartoteka_contacts.domain.spreadsheet import Cell, Column, RowError, RowValues, read_row
from kartoteka_contacts.service import contacts
from kartoteka_contacts.service.contacts import WriteContext, without_deleted_fields
from kartoteka_contacts.service.import_matching import Match, RowKeys, match_rows, row_keys
from kartoteka_contacts.service.imports import cell_text
from kartoteka_contacts.store import contacts as contact_store
from kartoteka_contacts.store.imports import Failure
from kartoteka_contacts.store.jobs import Counts

_INDEX = re.compile(r"\[\d+\]")


@dataclass(frozen=True)
class ImportContext:
    """What every batch of one import job needs."""

    job_id: uuid.UUID
    write: WriteContext
    headers: Sequence[str]
    columns: Sequence[Column | None]
    mode: str
    match_keys: frozenset[str]
    definitions: Mapping[str, FieldDefinition]

    def header_of(self, field_path: str | None) -> str | None:
        """The file header of the column a field error points at, if the file maps it."""
        if not field_path:
            return None
        by_key = {c.key: h for c, h in zip(self.columns, self.headers, strict=True) if c}
        if field_path.startswith("addresses[0]."):
            candidates = [f"address.{field_path.split('.', 1)[1]}", "addresses.other"]
        elif field_path.startswith("addresses["):
            candidates = ["addresses.other"]
        else:
            plain = _INDEX.sub("", field_path)
            parts = plain.split(".")
            candidates = [".".join(parts[:n]) for n in range(len(parts), 0, -1)]
        return next((by_key[key] for key in candidates if key in by_key), None)


@dataclass
class _Batch:
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            ("processed", "created", "updated", "skipped", "failed"), 0
        )
    )
    failures: list[Failure] = field(default_factory=list)
    items: list[tuple[uuid.UUID, str, int, Any]] = field(default_factory=list)
    # Cards this batch created, by each of their keys: a later row of the same file whose keys
    # all match one of them is the same person and updates that card instead of tripping over
    # it as a duplicate.
    created: dict[tuple[str, str], set[uuid.UUID]] = field(default_factory=dict)

    def remember(self, keys: RowKeys, card: uuid.UUID) -> None:
        for name, value in vars(keys).items():
            if value:
                self.created.setdefault((name, value), set()).add(card)

    def created_like(self, keys: RowKeys) -> uuid.UUID | None:
        """The card created earlier in the batch that every key the row has matches."""
        sets = [
            self.created.get((name, value), set()) for name, value in vars(keys).items() if value
        ]
        found = set.intersection(*sets) if sets else set()
        return next(iter(found)) if len(found) == 1 else None


@dataclass(frozen=True)
class _Row:
    number: int
    cells: list[Cell]
    values: RowValues
    keys: RowKeys


class _CardUpdate(NamedTuple):
    """A row that updates a card loaded (and locked) for the batch."""

    row: _Row
    match: Match
    current: Contact


@dataclass(frozen=True)
class BatchOutcome:
    counts: Counts
    failures: list[Failure]
    # (card, created | updated, version after, the values replaced): what an undo needs.
    items: list[tuple[uuid.UUID, str, int, Any]]


async def import_batch(
    conn: Connection, ctx: ImportContext, rows: Sequence[tuple[int, list[Cell]]]
) -> BatchOutcome:
    """Apply one batch in the caller's transaction: the new cards together, then each row
    that updates a card in a savepoint of its own."""
    batch = _Batch()
    parsed: list[_Row] = []
    for number, cells in rows:
        batch.counts["processed"] += 1
        try:
            values = read_row(ctx.columns, cells)
        except RowError as exc:
            _fail(batch, ctx, number, cells, exc)
            continue
        parsed.append(
            _Row(number, cells, values, row_keys(values, ctx.match_keys, ctx.write.default_region))
        )
    matches = await match_rows(conn, [(row.values, row.keys) for row in parsed])
    new_rows: list[_Row] = []
    later: list[tuple[_Row, Match]] = []
    upcoming = _Batch()  # keys of the new rows, to send a repeat of one to `later`
    for row, match in zip(parsed, matches, strict=True):
        if match.unknown_id or match.ambiguous:
            later.append((row, match))  # refused with its reason by `_apply_row`
        elif match.contact_id is not None or (
            row.keys.identifying() and upcoming.created_like(row.keys) is not None
        ):
            later.append((row, match))
        elif ctx.mode == "update":
            batch.counts["skipped"] += 1
        else:
            new_rows.append(row)
            if row.keys.identifying():
                upcoming.remember(row.keys, uuid.uuid4())
    await _create_together(conn, ctx, batch, new_rows)
    # The stored cards the other rows update, read and locked in one query.
    targets = sorted({m.contact_id for _, m in later if m.contact_id is not None})
    loaded = await contact_store.get_contacts(conn, targets, for_update=True) if targets else []
    cards = {card.id: without_deleted_fields(card, ctx.definitions) for card in loaded}
    together, alone = _split_updates(ctx, later, cards)
    retry = await _update_together(conn, ctx, batch, together, cards)
    for row, match in [*alone, *retry]:
        try:
            await _apply_row(conn, ctx, batch, row, match, cards)
        except ServiceError as exc:
            _fail(batch, ctx, row.number, row.cells, exc)
        except IntegrityError as exc:
            # A constraint the checks did not foresee (a concurrent write took the same
            # email): the savepoint undid the row, the rest of the batch goes on.
            _fail(batch, ctx, row.number, row.cells, Conflict("conflict", _first_line(exc)))
    return BatchOutcome(Counts(**batch.counts), batch.failures, batch.items)


def _split_updates(
    ctx: ImportContext, later: Sequence[tuple[_Row, Match]], cards: Mapping[uuid.UUID, Contact]
) -> tuple[list[_CardUpdate], list[tuple[_Row, Match]]]:
    """The rows that update a loaded card, first row per card (written together), and the
    rest: refusals, repeats of a card (each must see the previous row's result) and rows of
    cards created in this batch (written one by one)."""
    if ctx.mode == "create":
        return [], list(later)  # each is skipped by `_apply_row`
    together: list[_CardUpdate] = []
    alone: list[tuple[_Row, Match]] = []
    seen: set[uuid.UUID] = set()
    for row, match in later:
        target = match.contact_id
        if target is not None and target in cards and target not in seen:
            seen.add(target)
            together.append(_CardUpdate(row, match, cards[target]))
        else:
            alone.append((row, match))
    return together, alone


async def _update_together(
    conn: Connection,
    ctx: ImportContext,
    batch: _Batch,
    rows: Sequence[_CardUpdate],
    cards: dict[uuid.UUID, Contact],
) -> list[tuple[_Row, Match]]:
    """Update one card per row, all in a few statements; returns the rows to try again one
    by one: every row when the database refuses the lot (a race the checks could not see),
    else those refused as duplicates (another row of the batch may free the email or phone
    they take, which only a write after that row's can see)."""
    pairs = [(item.current, item.row.values.updated(item.current.data)) for item in rows]
    try:
        async with conn.transaction():
            results = await contacts.write_updates(conn, pairs, ctx.definitions, ctx.write)
    except IntegrityError:
        return [(item.row, item.match) for item in rows]
    retry = []
    for (row, match, _), result in zip(rows, results, strict=True):
        if isinstance(result, ServiceError):
            if result.code == "duplicate_contact":
                retry.append((row, match))
            else:
                _fail(batch, ctx, row.number, row.cells, result)
            continue
        updated, changes = result
        if not changes:  # the file says what the card already says: nothing written
            batch.counts["skipped"] += 1
            continue
        cards[updated.id] = updated
        batch.counts["updated"] += 1
        batch.items.append(
            (updated.id, "updated", updated.version, {c.field: c.old for c in changes})
        )
    return retry


async def _create_together(
    conn: Connection, ctx: ImportContext, batch: _Batch, rows: Sequence[_Row]
) -> None:
    """The batch's new cards in a few statements; if the database refuses the lot (a race
    the checks could not see), each row is tried alone so only the culprit fails."""
    if not rows:
        return
    try:
        async with conn.transaction():
            results = await contacts.create_contacts(
                conn, [row.values.new_draft() for row in rows], ctx.write
            )
    except IntegrityError:
        for row in rows:
            try:
                await _apply_row(conn, ctx, batch, row, Match(), {})
            except (ServiceError, IntegrityError) as exc:
                error = (
                    exc if isinstance(exc, ServiceError) else Conflict("conflict", _first_line(exc))
                )
                _fail(batch, ctx, row.number, row.cells, error)
        return
    for row, result in zip(rows, results, strict=True):
        if isinstance(result, ServiceError):
            _fail(batch, ctx, row.number, row.cells, result)
            continue
        batch.counts["created"] += 1
        batch.items.append((result.id, "created", result.version, None))
        if row.keys.identifying():
            batch.remember(row.keys, result.id)


async def _apply_row(
    conn: Connection,
    ctx: ImportContext,
    batch: _Batch,
    row: _Row,
    match: Match,
    cards: dict[uuid.UUID, Contact],
) -> None:
    """One row alone; its writes (not its checks) in a savepoint, so a row whose write the
    database refuses leaves the batch intact. `cards` (the batch's locked cards) is kept
    current, for the next row of the same card."""
    if match.unknown_id:
        raise NotFound("contact_not_found", "no live card has this id", field="id")
    if match.ambiguous:
        shown = ", ".join(str(i) for i in match.ambiguous[:5])
        raise Conflict(
            "ambiguous_match",
            f"{len(match.ambiguous)} cards match this row ({shown}); add an id column to choose",
        )
    target = match.contact_id
    if target is None and row.keys.identifying():
        target = batch.created_like(row.keys)
    if target is None:
        if ctx.mode == "update":
            batch.counts["skipped"] += 1
            return
        async with conn.transaction():
            created = await contacts.create_contact(conn, row.values.new_draft(), ctx.write)
        batch.counts["created"] += 1
        batch.items.append((created.id, "created", created.version, None))
        if row.keys.identifying():
            batch.remember(row.keys, created.id)
        return
    if ctx.mode == "create":
        batch.counts["skipped"] += 1
        return
    current = cards.get(target) or await contacts.live_for_update(conn, target)
    patched = row.values.updated(current.data)
    async with conn.transaction():
        updated, changes = await contacts.write_update(
            conn, current, patched, ctx.definitions, ctx.write
        )
    if not changes:  # the file says what the card already says: nothing written
        batch.counts["skipped"] += 1
        return
    cards[updated.id] = updated  # a later row of the same card starts from this one
    batch.counts["updated"] += 1
    before = {change.field: change.old for change in changes}
    batch.items.append((updated.id, "updated", updated.version, before))


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _fail(
    batch: _Batch, ctx: ImportContext, number: int, cells: Sequence[Cell], exc: ServiceError
) -> None:
    batch.counts["failed"] += 1
    batch.failures.append(
        Failure(
            row_number=number,
            column_name=ctx.header_of(exc.field),
            code=exc.code,
            reason=exc.detail,
            cells=[cell_text(cell) for cell in cells],
        )
    )
