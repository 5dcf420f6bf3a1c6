"""Import and export jobs against PostgreSQL: round trip, matching, bad rows, dry run, undo,
resume after a crash."""

from __future__ import annotations

import asyncio
import csv
import io
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from kartoteka_contacts.domain.contact import ContactDraft, ContactKind, Email, Phone
from kartoteka_contacts.domain.custom_fields import FieldDefinition, FieldOption, FieldType
from kartoteka_contacts.domain.jobs import JobState
from kartoteka_contacts.files.writing import CsvWriter
from kartoteka_contacts.service import contacts as contact_service
from kartoteka_contacts.service import custom_fields as field_service
from kartoteka_contacts.service import exports, files, import_run, imports, job_runner, jobs
from kartoteka_contacts.service.job_runner import JobRunner
from kartoteka_contacts.service.selection import Selection
from kartoteka_contacts.store import imports as import_store
from kartoteka_contacts.store import jobs as job_store
from kartoteka_contacts.store.history import Actor
from kartoteka_contacts.store.jobs import JobRow
from kartoteka_platform.db import Database
from kartoteka_platform.errors import InvalidInput, NotFound

EMPLOYEE = Actor("employee", "emp-1", "api")
CTX = contact_service.WriteContext(EMPLOYEE, "PL")


async def define_fields(db: Database) -> None:
    async with db.transaction() as conn:
        for definition in (
            FieldDefinition(
                "stage",
                "Stage",
                FieldType.DROPDOWN,
                (FieldOption("warm", "Warm lead"), FieldOption("cold", "Cold")),
            ),
            FieldDefinition("visits", "Visits", FieldType.INTEGER),
            FieldDefinition("since", "Client since", FieldType.DATE),
            FieldDefinition("budget", "Budget", FieldType.MONEY),
            FieldDefinition("vip", "VIP", FieldType.CHECKBOX),
        ):
            await field_service.create_field(conn, definition)


async def card(db: Database, first: str, last: str, **values: Any) -> uuid.UUID:
    async with db.transaction() as conn:
        created = await contact_service.create_contact(
            conn,
            ContactDraft(kind=ContactKind.PERSON, first_name=first, last_name=last, **values),
            CTX,
        )
    return created.id


async def upload(db: Database, content: bytes, name: str = "people.csv") -> uuid.UUID:
    async def data() -> AsyncIterator[bytes]:
        for start in range(0, len(content), 7):  # arbitrary small pieces, as a stream delivers
            yield content[start : start + 7]

    async with db.transaction() as conn:
        stored = await files.store_upload(
            conn,
            name=name,
            content_type="text/csv",
            data=data(),
            created_by="emp-1",
            max_bytes=10 << 20,
        )
    return stored.id


async def run(db: Database, job: JobRow) -> JobRow:
    done = await JobRunner(db, "worker-1", default_region="PL").run(job.id)
    assert done is not None
    return done


async def import_file(
    db: Database,
    file_id: uuid.UUID,
    *,
    mode: str = "upsert",
    keys: tuple[str, ...] = (),
    dry_run: bool = False,
    mapping: tuple[str | None, ...] | None = None,
) -> JobRow:
    async with db.transaction() as conn:
        analysis = await imports.analyse(conn, await files.require_file(conn, file_id), None)
        spec = imports.ImportSpec(file_id, None, mapping or analysis.proposed, mode, keys, dry_run)
        job = await imports.start_import_job(conn, spec, "emp-1")
    return await run(db, job)


async def exported_csv(db: Database, job: JobRow, folder: Path) -> str:
    path = folder / f"export-{job.id}.csv"
    async with db.connection() as conn:
        file = await files.job_file(conn, job.id, "export")
        await files.materialize(conn, file.id, path)
    return await asyncio.to_thread(path.read_text, encoding="utf-8-sig")


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


async def count_live(db: Database) -> int:
    async with db.connection() as conn:
        row = await (
            await conn.execute("SELECT count(*) AS n FROM contact WHERE deleted_at IS NULL")
        ).fetchone()
    assert row is not None
    return int(row["n"])


async def test_an_export_imports_back_unchanged_and_an_edited_cell_updates_one_card(
    contacts_db: Database, tmp_path: Path
) -> None:
    await define_fields(contacts_db)
    first = await card(
        contacts_db,
        "Zofia",
        "Łącka",
        emails=[Email("zofia@example.pl", "work")],
        phones=[Phone("+48 601 200 300", "mobile")],
        region="Małopolskie",
        custom={
            "stage": "warm",
            "visits": 3,
            "since": "2021-03-04",
            "budget": {"amount": "1200.50", "currency": "PLN"},
            "vip": True,
        },
    )
    await card(contacts_db, "Jan", "=SUM(A1)", region="-", description="tab\there")
    async with contacts_db.transaction() as conn:
        job = await exports.start_export_job(
            conn, exports.ExportSpec(Selection([], '{"all": []}'), (), "csv"), "emp-1"
        )
    exported = await run(contacts_db, job)
    assert (exported.state, exported.total, exported.processed) == (JobState.DONE, 2, 2)
    assert exported.result["rows"] == 2
    text = await exported_csv(contacts_db, exported, tmp_path)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["ID", "Kind", "First name"]
    # Formula-like text is neutralised for spreadsheets, and still reads back exactly.
    jan = next(row for row in rows[1:] if row[0] != str(first))
    assert jan[rows[0].index("Last name")] == "'=SUM(A1)"
    assert jan[rows[0].index("Region")] == "'-"

    same = await import_file(contacts_db, await upload(contacts_db, text.encode()))

    assert (same.state, same.processed, same.created, same.updated, same.failed) == (
        JobState.DONE,
        2,
        0,
        0,
        0,
    )
    region_at = rows[0].index("Region")
    rows[1 if rows[1][0] == str(first) else 2][region_at] = "Pomorskie"
    edited = await import_file(contacts_db, await upload(contacts_db, csv_bytes(rows)))
    assert (edited.created, edited.updated, edited.skipped) == (0, 1, 1)
    async with contacts_db.connection() as conn:
        updated = await contact_service.get_contact(conn, first)
    assert updated.data.region == "Pomorskie"
    assert updated.data.custom["budget"] == {"amount": "1200.50", "currency": "PLN"}


async def test_an_export_streams_batches_in_list_order_and_a_cancel_between_them_keeps_no_file(
    contacts_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exports, "BATCH_SIZE", 2)  # five cards: three batches, read ahead
    for first in ("Ewa", "Adam", "Celina", "Bogdan", "Dorota"):
        await card(contacts_db, first, "Kowalska")
    spec = exports.ExportSpec(Selection([], '{"all": []}'), ("first_name", "last_name"), "csv")
    async with contacts_db.transaction() as conn:
        job = await exports.start_export_job(conn, spec, "emp-1")
    whole = await run(contacts_db, job)
    rows = list(csv.reader(io.StringIO(await exported_csv(contacts_db, whole, tmp_path))))
    assert rows == [
        ["First name", "Last name"],
        *([first, "Kowalska"] for first in ("Adam", "Bogdan", "Celina", "Dorota", "Ewa")),
    ]

    record_progress = exports.ExportRun._progress

    async def cancelled_after_a_batch(run: exports.ExportRun, counts: Any) -> bool:
        if counts.processed:
            async with contacts_db.transaction() as conn:
                await job_store.request_cancel(conn, run._job.id)
        return await record_progress(run, counts)

    monkeypatch.setattr(exports.ExportRun, "_progress", cancelled_after_a_batch)
    async with contacts_db.transaction() as conn:
        job = await exports.start_export_job(conn, spec, "emp-1")
    stopped = await run(contacts_db, job)
    assert (stopped.state, stopped.processed) == (JobState.CANCELLED, 2)
    async with contacts_db.connection() as conn:
        with pytest.raises(NotFound):
            await files.job_file(conn, stopped.id, "export")


async def test_an_export_keeps_its_lease_while_it_finishes_a_slow_file(
    contacts_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await card(contacts_db, "Adam", "Nowak")
    monkeypatch.setattr(job_runner, "LEASE_SECONDS", 0.6)
    finish_file = CsvWriter.close

    def slow_close(writer: CsvWriter) -> None:
        time.sleep(1.5)  # a million-row workbook being compressed: no progress meanwhile
        finish_file(writer)

    monkeypatch.setattr(CsvWriter, "close", slow_close)
    spec = exports.ExportSpec(Selection([], '{"all": []}'), ("first_name",), "csv")
    async with contacts_db.transaction() as conn:
        job = await exports.start_export_job(conn, spec, "emp-1")

    async def another_worker_tries_to_take_it() -> JobRow | None:
        await asyncio.sleep(1.2)  # past the lease, were it not renewed
        async with contacts_db.transaction() as conn:
            return await job_store.claim(conn, job.id, "worker-2", 60)

    exported, taken = await asyncio.gather(run(contacts_db, job), another_worker_tries_to_take_it())
    assert taken is None, "the lease was still held"
    assert (exported.state, exported.attempts, exported.result["rows"]) == (JobState.DONE, 1, 1)


async def test_an_export_taken_over_after_a_crash_counts_its_rows_once(
    contacts_db: Database,
) -> None:
    for first in ("Adam", "Ewa"):
        await card(contacts_db, first, "Nowak")
    spec = exports.ExportSpec(Selection([], '{"all": []}'), ("first_name",), "csv")
    async with contacts_db.transaction() as conn:
        job = await exports.start_export_job(conn, spec, "emp-1")
        # The first worker wrote both rows, then died before storing the file.
        await conn.execute(
            "UPDATE contact_job SET state = 'running', processed = 2, lease_owner = 'gone',"
            " lease_until = now() - interval '1 second' WHERE id = %s",
            [job.id],
        )
    exported = await run(contacts_db, job)
    assert (exported.state, exported.total, exported.processed) == (JobState.DONE, 2, 2)


async def test_more_contacts_than_a_sheet_holds_fail_the_xlsx_export_with_a_reason(
    contacts_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    for first in ("Adam", "Ewa"):
        await card(contacts_db, first, "Nowak")
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 2)  # the header and one contact
    spec = exports.ExportSpec(Selection([], '{"all": []}'), ("first_name",), "xlsx")
    async with contacts_db.transaction() as conn:
        job = await exports.start_export_job(conn, spec, "emp-1")
    failed = await run(contacts_db, job)
    assert (failed.state, failed.error_code, failed.attempts) == (
        JobState.FAILED,
        "too_many_rows_for_xlsx",
        1,
    )
    assert failed.error is not None
    assert "as CSV" in failed.error


async def test_a_job_that_keeps_raising_fails_on_its_last_attempt(
    contacts_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await card(contacts_db, "Adam", "Nowak")

    def broken(*_: Any) -> None:
        raise RuntimeError("the writer refused the row")

    monkeypatch.setattr(exports, "_write_batch", broken)
    spec = exports.ExportSpec(Selection([], '{"all": []}'), ("first_name",), "csv")
    async with contacts_db.transaction() as conn:
        job = await exports.start_export_job(conn, spec, "emp-1")
    runner = JobRunner(contacts_db, "worker-1", default_region="PL")
    for _ in range(1, job_runner.MAX_ATTEMPTS):
        with pytest.raises(RuntimeError):  # handed on: the next start may succeed
            await runner.run(job.id)
        async with contacts_db.transaction() as conn:  # its lease runs out
            await conn.execute(
                "UPDATE contact_job SET lease_until = now() - interval '1 second' WHERE id = %s",
                [job.id],
            )
    failed = await run(contacts_db, job)
    assert (failed.state, failed.error_code, failed.attempts) == (
        JobState.FAILED,
        "job_error",
        job_runner.MAX_ATTEMPTS,
    )
    assert failed.error == "RuntimeError: the writer refused the row"


async def test_matching_bad_rows_dry_run_report_and_undo(contacts_db: Database) -> None:
    known = await card(contacts_db, "Anna", "Nowak", emails=[Email("anna@example.pl")])
    await card(contacts_db, "Piotr", "Wiśniewski")
    await card(contacts_db, "Piotr", "Wiśniewski")
    content = csv_bytes(
        [
            ["Imię", "Nazwisko", "E-mail", "Telefon", "Miasto"],
            ["Ewa", "Zielińska", "ewa@example.pl", "601 100 200", "Gdańsk"],  # new
            ["ANNA", "nowak", "Anna@Example.pl", "", "Kraków"],  # the known card, updated
            ["Piotr", "Wisniewski", "", "", "Łódź"],  # two cards of that name: reported
            ["Olga", "Bad", "not-an-email", "", ""],  # refused, with its column
            ["Ewa", "Zielińska", "ewa@example.pl", "", "Sopot"],  # row 2 again: same card
        ]
    )
    file_id = await upload(contacts_db, content)
    before = await count_live(contacts_db)

    rehearsal = await import_file(contacts_db, file_id, dry_run=True)

    assert (rehearsal.created, rehearsal.updated, rehearsal.failed) == (1, 2, 2)
    assert await count_live(contacts_db) == before

    job = await import_file(contacts_db, file_id)

    assert (job.processed, job.created, job.updated, job.failed) == (5, 1, 2, 2)
    async with contacts_db.connection() as conn:
        failures = await import_store.failures(conn, job.id, after_row=0, limit=10)
        anna = await contact_service.get_contact(conn, known)
    assert [(f.row_number, f.column_name, f.code) for f in failures] == [
        (4, None, "ambiguous_match"),
        (5, "E-mail", "invalid_email"),
    ]
    assert failures[1].cells == ["Olga", "Bad", "not-an-email", "", ""]
    assert anna.data.addresses[0].city == "Kraków"
    assert await count_live(contacts_db) == before + 1
    async with contacts_db.connection() as conn:
        history = await (
            await conn.execute(
                "SELECT DISTINCT source, source_ref FROM contact_history WHERE source_ref = %s",
                [str(job.id)],
            )
        ).fetchall()
    assert history == [{"source": "import", "source_ref": str(job.id)}]
    with pytest.raises(InvalidInput) as refused:  # a dry run changed nothing to undo
        async with contacts_db.transaction() as conn:
            await jobs.request_undo(conn, rehearsal.id, "emp-1")
    assert refused.value.code == "not_undoable"

    async with contacts_db.transaction() as conn:
        undo = await jobs.request_undo(conn, job.id, "emp-1")
    undone = await run(contacts_db, undo)

    assert (undone.state, undone.updated) == (JobState.DONE, 2)
    assert await count_live(contacts_db) == before
    async with contacts_db.connection() as conn:
        anna = await contact_service.get_contact(conn, known)
    assert anna.data.addresses == []


async def test_updates_written_together_still_read_as_rows_applied_in_file_order(
    contacts_db: Database,
) -> None:
    adam = await card(contacts_db, "Adam", "Lis", emails=[Email("shared@example.pl")])
    beata = await card(contacts_db, "Beata", "Lis", emails=[Email("beata@example.pl")])
    content = csv_bytes(
        [
            ["ID", "First name", "Last name", "Emails", "Region"],
            [str(adam), "Adam", "Lis", "adam@example.pl", "Pomorskie"],  # lets go of shared@
            [str(beata), "Beata", "Lis", "shared@example.pl", ""],  # so Beata may take it
            [str(adam), "Adam", "Lis", "adam@example.pl", "Śląskie"],  # sees the first row
        ]
    )

    job = await import_file(contacts_db, await upload(contacts_db, content))

    assert (job.updated, job.failed, job.skipped) == (3, 0, 0)
    async with contacts_db.connection() as conn:
        beata_now = await contact_service.get_contact(conn, beata)
        regions = await (
            await conn.execute(
                "SELECT old_value, new_value FROM contact_history"
                " WHERE contact_id = %s AND field = 'region' AND source = 'import'"
                " ORDER BY seq",
                [adam],
            )
        ).fetchall()
    assert [e.address for e in beata_now.data.emails] == ["shared@example.pl"]
    assert [row["new_value"] for row in regions] == ["Pomorskie", "Śląskie"]
    assert regions[1]["old_value"] == "Pomorskie"


async def test_a_crash_mid_file_resumes_after_the_last_committed_batch(
    contacts_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [["First name", "Last name", "Email"]] + [
        ["Osoba", f"Numer{i}", f"osoba{i}@example.pl"] for i in range(7)
    ]
    file_id = await upload(contacts_db, csv_bytes(rows))
    monkeypatch.setattr(import_run, "BATCH_SIZE", 3)
    real = import_run.import_batch
    calls = 0

    async def dies_on_second_batch(*args: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("worker killed")
        return await real(*args)

    monkeypatch.setattr(import_run, "import_batch", dies_on_second_batch)
    async with contacts_db.transaction() as conn:
        analysis = await imports.analyse(conn, await files.require_file(conn, file_id), None)
        job = await imports.start_import_job(
            conn,
            imports.ImportSpec(file_id, None, analysis.proposed, "upsert", (), False),
            "emp-1",
        )
    with pytest.raises(RuntimeError):
        await JobRunner(contacts_db, "worker-1").run(job.id)
    monkeypatch.setattr(import_run, "import_batch", real)
    async with contacts_db.transaction() as conn:
        await conn.execute("UPDATE contact_job SET lease_until = now() - interval '1 s'")

    done = await JobRunner(contacts_db, "worker-2").run(job.id)

    assert done is not None
    assert (done.state, done.processed, done.created, done.total) == (JobState.DONE, 7, 7, 7)
    assert await count_live(contacts_db) == 7


async def test_files_that_cannot_be_imported_are_refused_with_a_reason(
    contacts_db: Database,
) -> None:
    for content, code in ((b"", "file_empty"), (b"%PDF-1.7 ...", "file_unsupported")):
        file_id = await upload(contacts_db, content)
        with pytest.raises(InvalidInput) as refused:
            async with contacts_db.connection() as conn:
                await imports.analyse(conn, await files.require_file(conn, file_id), None)
        assert (refused.value.code, refused.value.field) == (code, "file")
    file_id = await upload(contacts_db, csv_bytes([["Name", "Email"], ["A", "a@example.pl"]]))
    async with contacts_db.transaction() as conn:
        for spec, field in (
            (imports.ImportSpec(file_id, None, ("first_name",), "upsert", (), False), "mapping"),
            (imports.ImportSpec(file_id, None, ("nope", None), "upsert", (), False), "mapping[0]"),
            (imports.ImportSpec(file_id, None, (None, "emails"), "merge", (), False), "mode"),
            (
                imports.ImportSpec(file_id, None, (None, "emails"), "upsert", ("dob",), False),
                "match_keys[0]",
            ),
        ):
            with pytest.raises(InvalidInput) as refused:
                await imports.start_import_job(conn, spec, "emp-1")
            assert refused.value.field == field, spec


async def test_starting_an_import_uses_the_headers_the_upload_read(contacts_db: Database) -> None:
    file_id = await upload(contacts_db, csv_bytes([["First name", "Email"], ["Ala", "a@b.pl"]]))
    async with contacts_db.transaction() as conn:
        analysis = await imports.analyse(conn, await files.require_file(conn, file_id), None)
        # The file is not opened again: garbage in its place now would fail any reading.
        await conn.execute(
            "UPDATE job_file_chunk SET data = %s WHERE file_id = %s",
            [b"PK\x03\x04" + b"\x00" * 30, file_id],
        )
        spec = imports.ImportSpec(file_id, None, analysis.proposed, "upsert", (), True)
        job = await imports.start_import_job(conn, spec, "emp-1")
    assert job.params["headers"] == ["First name", "Email"]
    assert job.params["sheet"] is None  # a CSV has no sheets

    other = imports.ImportSpec(file_id, "Sheet2", analysis.proposed, "upsert", (), True)
    with pytest.raises(InvalidInput) as refused:  # a sheet never read is read now
        await _start(contacts_db, other)
    assert refused.value.code == "file_corrupt"


async def _start(db: Database, spec: imports.ImportSpec) -> JobRow:
    async with db.transaction() as conn:
        return await imports.start_import_job(conn, spec, "emp-1")


async def test_a_common_name_is_told_apart_by_the_email_beside_it(contacts_db: Database) -> None:
    namesakes = [
        await card(contacts_db, "Jan", "Kowalski", emails=[Email(f"jan{n}@example.pl")])
        for n in range(3)
    ]
    content = csv_bytes(
        [
            ["First name", "Last name", "Emails", "Region"],
            ["jan", "KÓWALSKI", "jan1@example.pl", "Śląskie"],  # the second namesake
            ["Adam", "Nowy", "jan2@example.pl", "Śląskie"],  # the third's email, not his name
        ]
    )

    job = await import_file(contacts_db, await upload(contacts_db, content), keys=("name", "email"))

    assert (job.updated, job.created, job.failed) == (1, 0, 1)
    async with contacts_db.connection() as conn:
        regions = [(await contact_service.get_contact(conn, i)).data.region for i in namesakes]
        failures = await import_store.failures(conn, job.id, after_row=0, limit=10)
    assert regions == ["", "Śląskie", ""]
    assert [(f.row_number, f.code) for f in failures] == [(3, "duplicate_contact")]


async def test_every_row_of_a_card_sees_the_rows_before_it(contacts_db: Database) -> None:
    ola = await card(contacts_db, "Ola", "Wrona")
    content = csv_bytes(
        [["ID", "First name", "Last name", "Region"]]
        + [[str(ola), "Ola", "Wrona", region] for region in ("Opolskie", "Lubuskie", "Podlaskie")]
    )

    job = await import_file(contacts_db, await upload(contacts_db, content))

    assert (job.updated, job.failed) == (3, 0)
    async with contacts_db.connection() as conn:
        regions = await (
            await conn.execute(
                "SELECT old_value, new_value FROM contact_history"
                " WHERE contact_id = %s AND field = 'region' AND source = 'import' ORDER BY seq",
                [ola],
            )
        ).fetchall()
    assert [(row["old_value"], row["new_value"]) for row in regions] == [
        (None, "Opolskie"),
        ("Opolskie", "Lubuskie"),
        ("Lubuskie", "Podlaskie"),
    ]
