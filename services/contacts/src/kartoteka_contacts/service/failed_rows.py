"""The failed-rows file of an import: the refused rows as the file had them, plus the reason."""

from __future__ import annotations

import uuid
from pathlib import Path

from kartoteka_platform.db import Connection
from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.jobs import JobKind
from kartoteka_contacts.files import open_writer
from kartoteka_contacts.service.exports import FORMATS
from kartoteka_contacts.service.jobs import get_job
from kartoteka_contacts.store import imports as store

PAGE = 5_000


async def write_failed_rows(
    conn: Connection, job_id: uuid.UUID, format: str, folder: Path
) -> tuple[Path, str, str]:
    """Write the report to a file in `folder`; returns its path, name and content type.

    The columns are the file's own, so the report can be fixed and imported again with the
    same mapping; the last column says what was wrong, and where.
    """
    job = await get_job(conn, job_id)
    if job.kind is not JobKind.IMPORT:
        raise InvalidInput("not_an_import", "only imports have failed rows", field="job_id")
    if format not in FORMATS:
        raise InvalidInput("invalid_format", "xlsx or csv", field="format")
    headers = list(job.params["headers"])
    path = folder / f"failed.{format}"
    with open_writer(path, "csv" if format == "csv" else "xlsx", sheet_name="Failed rows") as out:
        out.write_row([*headers, "Error"])
        after = 0
        while page := await store.failures(conn, job_id, after_row=after, limit=PAGE):
            for failure in page:
                where = f"row {failure.row_number}" + (
                    f", column {failure.column_name!r}" if failure.column_name else ""
                )
                cells = (failure.cells + [""] * len(headers))[: len(headers)]
                out.write_row([*cells, f"{where}: {failure.reason}"])
            after = page[-1].row_number
    stem = Path(str(job.params.get("file_name") or "import")).stem
    return path, f"{stem}-failed-rows.{format}", FORMATS[format]
