"""Imports as people drive them: upload and analyse a file, confirm the mapping, start."""

from __future__ import annotations

import asyncio
import hashlib
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kartoteka_platform.db import Connection
from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.jobs import JobKind
from kartoteka_contacts.domain.spreadsheet import (
    Cell,
    Column,
    MappingProblem,
    confirm_mapping,
    contact_columns,
    propose_mapping,
    saved_mapping,
)
from kartoteka_contacts.files import SpreadsheetSource, open_spreadsheet
from kartoteka_contacts.service import files
from kartoteka_contacts.store import files as file_store
from kartoteka_contacts.store import imports as store
from kartoteka_contacts.store import jobs as job_store
from kartoteka_contacts.store.catalog import CATALOG
from kartoteka_contacts.store.files import FileRow
from kartoteka_contacts.store.jobs import JobRow

MODES = ("create", "update", "upsert")
MATCH_KEYS = ("name", "phone", "email", "company")
PREVIEW_ROWS = 20


@dataclass(frozen=True)
class FileAnalysis:
    """What a person sees after uploading: the file as read, and a mapping to confirm."""

    file: FileRow
    format: str
    encoding: str | None
    delimiter: str | None
    sheets: list[str]
    sheet: str | None
    headers: list[str]
    proposed: tuple[str | None, ...]
    problems: tuple[MappingProblem, ...]
    preview: list[list[str]]
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class ImportSpec:
    file_id: uuid.UUID
    sheet: str | None
    mapping: tuple[str | None, ...]
    mode: str
    match_keys: tuple[str, ...]
    dry_run: bool


async def analyse(conn: Connection, file: FileRow, sheet: str | None) -> FileAnalysis:
    """Read the stored file's headers and first rows; propose a mapping (a saved one first)."""
    columns = contact_columns((await CATALOG.definitions(conn)).values())
    with tempfile.TemporaryDirectory(prefix="kartoteka-import-") as folder:
        path = Path(folder) / "upload"
        await files.materialize(conn, file.id, path)
        # Parsing is CPU and disk work; a large XLSX takes seconds to open.
        source, preview = await asyncio.to_thread(_open_and_preview, path, sheet)
    await file_store.remember_headers(
        conn, file.id, sheet or "", source.sheet_name, list(source.headers)
    )
    saved = await store.saved_mapping(conn, signature(source.headers))
    proposal = propose_mapping(source.headers, columns, saved)
    return FileAnalysis(
        file=file,
        format=source.format,
        encoding=source.encoding,
        delimiter=source.delimiter,
        sheets=list(source.sheet_names),
        sheet=source.sheet_name,
        headers=list(source.headers),
        proposed=proposal.keys,
        problems=proposal.problems,
        preview=preview,
        columns=columns,
    )


async def start_import_job(conn: Connection, spec: ImportSpec, actor_id: str) -> JobRow:
    """Check mode, keys and mapping against the file now; remember the mapping; queue."""
    if spec.mode not in MODES:
        raise InvalidInput("invalid_mode", f"mode is one of {', '.join(MODES)}", field="mode")
    for index, key in enumerate(spec.match_keys):
        if key not in MATCH_KEYS:
            raise InvalidInput(
                "invalid_match_key",
                f"match keys are {', '.join(MATCH_KEYS)}",
                field=f"match_keys[{index}]",
            )
    file = await files.require_file(conn, spec.file_id)
    sheet, headers = await _sheet_headers(conn, file, spec.sheet)
    columns = contact_columns((await CATALOG.definitions(conn)).values())
    confirm_mapping(headers, spec.mapping, columns)
    if not any(spec.mapping):
        raise InvalidInput("empty_mapping", "map at least one column", field="mapping")
    await store.save_mapping(
        conn, signature(headers), headers, saved_mapping(headers, spec.mapping), actor_id
    )
    job = await job_store.insert_job(
        conn,
        JobKind.IMPORT,
        {
            "file_id": str(file.id),
            "file_name": file.name,
            "sheet": sheet,
            "headers": headers,
            "mapping": list(spec.mapping),
            "mode": spec.mode,
            "match_keys": list(spec.match_keys or MATCH_KEYS),
            "dry_run": spec.dry_run,
        },
        actor_id,
    )
    if not spec.dry_run:
        await file_store.attach_to_job(conn, file.id, job.id)
    return job


async def _sheet_headers(
    conn: Connection, file: FileRow, sheet: str | None
) -> tuple[str | None, list[str]]:
    """The sheet and its headers as the upload's analysis read them; read now if it did not
    (another sheet than the one analysed)."""
    known = await file_store.read_headers(conn, file.id, sheet or "")
    if known is not None:
        return known
    analysis = await analyse(conn, file, sheet)
    return analysis.sheet, analysis.headers


def signature(headers: Sequence[str]) -> str:
    """The same headers in the same order, however they are spelt in case and spacing."""
    folded = "\x1f".join(" ".join(h.split()).casefold() for h in headers)
    return hashlib.sha256(folded.encode()).hexdigest()


def cell_text(cell: Cell) -> str:
    """A cell as a person reads it in a preview or a failed-rows file."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if hasattr(cell, "isoformat"):
        return str(cell.isoformat())
    return str(cell)


def _open_and_preview(path: Path, sheet: str | None) -> tuple[SpreadsheetSource, list[list[str]]]:
    with open_spreadsheet(path, sheet=sheet) as source:
        preview = [[cell_text(c) for c in cells] for _, cells in source.preview(PREVIEW_ROWS)]
        return source, preview
