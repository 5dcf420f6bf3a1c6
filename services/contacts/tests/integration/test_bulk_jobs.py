"""Bulk jobs: frozen selections, batches with history and events, cancel, crash resume, undo."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from kartoteka_contacts.domain.contact import ContactDraft, ContactKind, Email
from kartoteka_contacts.domain.custom_fields import FieldDefinition, FieldOption, FieldType
from kartoteka_contacts.domain.groups import MembershipSource
from kartoteka_contacts.domain.jobs import JobState
from kartoteka_contacts.service import bulk, groups, jobs
from kartoteka_contacts.service import contacts as contact_service
from kartoteka_contacts.service import custom_fields as field_service
from kartoteka_contacts.service.job_runner import JobRunner
from kartoteka_contacts.service.selection import Selection
from kartoteka_contacts.store.history import Actor
from kartoteka_contacts.store.jobs import JobRow
from kartoteka_platform.db import Database
from kartoteka_platform.errors import Conflict, ServiceError
from psycopg import sql

EMPLOYEE = Actor("employee", "emp-1", "api")
CTX = contact_service.WriteContext(EMPLOYEE, "PL")


async def people(db: Database, count: int, **values: Any) -> list[uuid.UUID]:
    ids = []
    for index in range(count):
        async with db.transaction() as conn:
            card = await contact_service.create_contact(
                conn,
                ContactDraft(
                    kind=ContactKind.PERSON, first_name="Osoba", last_name=f"{index}", **values
                ),
                CTX,
            )
        ids.append(card.id)
    return ids


def where(node: dict[str, Any]) -> Selection:
    return Selection([], json.dumps(node))


def listed(ids: list[uuid.UUID]) -> Selection:
    return Selection([str(i) for i in ids], "")


async def start(db: Database, selection: Selection, operation: dict[str, Any], **kw: Any) -> JobRow:
    async with db.transaction() as conn:
        return await bulk.start_bulk_job(conn, selection, operation, EMPLOYEE, **kw)


async def run(db: Database, job: JobRow, owner: str = "worker-1") -> JobRow:
    finished = await JobRunner(db, owner, batch_size=3).run(job.id)
    assert finished is not None
    return finished


async def undo(db: Database, job: JobRow) -> JobRow:
    async with db.transaction() as conn:
        undo_job = await jobs.request_undo(conn, job.id, "emp-2")
    return await run(db, undo_job)


async def column(db: Database, expression: str, ids: list[uuid.UUID]) -> list[Any]:
    async with db.connection() as conn:
        rows = await (
            await conn.execute(
                sql.SQL("SELECT id, {} AS v FROM contact WHERE id = ANY(%s)").format(
                    sql.SQL(expression)  # a constant of the test, never input
                ),
                [ids],
            )
        ).fetchall()
    by_id = {row["id"]: row["v"] for row in rows}
    return [by_id[i] for i in ids]


async def scalar(db: Database, query: str, params: list[Any]) -> Any:
    async with db.connection() as conn:
        row = await (await conn.execute(query, params)).fetchone()
    assert row is not None
    return next(iter(row.values()))


async def test_assign_manager_to_filtered_cards_in_batches_with_history_and_events(
    contacts_db: Database,
) -> None:
    north = await people(contacts_db, 7, region="Pomorskie")
    south = await people(contacts_db, 2, region="Małopolskie")
    events_before = await scalar(contacts_db, "SELECT max(seq) FROM outbox", [])
    job = await start(
        contacts_db,
        where({"field": "region", "op": "eq", "value": "Pomorskie"}),
        {"op": "assign_manager", "manager_id": "emp-9"},
    )
    assert (job.state, job.kind) == (JobState.QUEUED, "bulk")
    # Frozen at start: a card that matches later is not part of the job.
    late = await people(contacts_db, 1, region="Pomorskie")

    done = await run(contacts_db, job)

    assert (done.state, done.total, done.processed, done.updated) == (JobState.DONE, 7, 7, 7)
    assert await column(contacts_db, "manager_id", north) == ["emp-9"] * 7
    assert await column(contacts_db, "manager_id", south + late) == [None] * 3
    assert await column(contacts_db, "version", north) == [2] * 7
    history = await scalar(
        contacts_db,
        "SELECT count(*) FROM contact_history WHERE source = 'bulk' AND source_ref = %s"
        " AND field = 'manager_id' AND new_value = '\"emp-9\"'::jsonb AND old_value IS NULL",
        [str(job.id)],
    )
    assert history == 7
    # One contact.updated per changed card, after the late card's contact.created.
    subjects = await scalar(
        contacts_db,
        "SELECT array_agg(subject ORDER BY seq) FROM outbox WHERE seq > %s",
        [events_before],
    )
    assert (
        subjects
        == ["kartoteka.contacts.contact.created"] + ["kartoteka.contacts.contact.updated"] * 7
    )


async def test_undo_reverts_only_cards_nobody_changed_since(contacts_db: Database) -> None:
    ids = await people(contacts_db, 5, region="Lubuskie")
    job = await run(
        contacts_db,
        await start(
            contacts_db, listed(ids), {"op": "set_field", "field": "region", "value": "Opolskie"}
        ),
    )
    assert job.updated == 5
    # Someone edits one card after the job: the undo must keep that person's value.
    async with contacts_db.transaction() as conn:
        await contact_service.update_contact(conn, ids[0], {"region": "Śląskie"}, {}, CTX)

    reverted = await undo(contacts_db, job)

    assert (reverted.state, reverted.total, reverted.updated, reverted.skipped) == (
        JobState.DONE,
        5,
        4,
        1,
    )
    assert await column(contacts_db, "region", ids) == ["Śląskie"] + ["Lubuskie"] * 4
    async with contacts_db.connection() as conn:
        original = await jobs.get_job(conn, job.id)
    assert original.state is JobState.UNDONE
    assert original.result["undo_job_id"] == str(reverted.id)
    with pytest.raises(Conflict) as again:
        await undo(contacts_db, original)
    assert again.value.code == "job_not_undoable_now"


async def test_custom_field_set_clear_and_refusals(contacts_db: Database) -> None:
    async with contacts_db.transaction() as conn:
        await field_service.create_field(
            conn,
            FieldDefinition("tier", "Tier", FieldType.DROPDOWN, (FieldOption("gold", "Gold"),)),
        )
        await field_service.create_field(
            conn, FieldDefinition("tax_no", "Tax no", FieldType.TEXT, unique=True)
        )
    ids = await people(contacts_db, 4)
    gold = await run(
        contacts_db,
        await start(
            contacts_db, listed(ids), {"op": "set_field", "field": "custom.tier", "value": "gold"}
        ),
    )
    assert gold.updated == 4
    assert await column(contacts_db, "custom", ids) == [{"tier": "gold"}] * 4
    cleared = await run(
        contacts_db,
        await start(
            contacts_db, listed(ids[:2]), {"op": "set_field", "field": "custom.tier", "value": None}
        ),
    )
    assert cleared.updated == 2
    assert await column(contacts_db, "custom", ids) == [{}, {}, {"tier": "gold"}, {"tier": "gold"}]
    await undo(contacts_db, cleared)
    assert await column(contacts_db, "custom", ids) == [{"tier": "gold"}] * 4

    for operation, code, field in (
        (
            {"op": "set_field", "field": "custom.tier", "value": "silver"},
            "unknown_option",
            "operation.value",
        ),
        (
            {"op": "set_field", "field": "custom.tax_no", "value": "1"},
            "unique_field",
            "operation.field",
        ),
        (
            {"op": "set_field", "field": "custom.nope", "value": "1"},
            "unknown_custom_field",
            "operation.field",
        ),
        (
            {"op": "set_field", "field": "first_name", "value": "X"},
            "field_not_bulk_editable",
            "operation.field",
        ),
        ({"op": "paint"}, "unknown_operation", "operation.op"),
        (
            {"op": "add_to_group", "group_id": str(uuid.uuid4())},
            "group_not_found",
            "operation.group_id",
        ),
    ):
        with pytest.raises(ServiceError) as refused:
            await start(contacts_db, listed(ids), operation)
        assert (refused.value.code, refused.value.field) == (code, field), operation
    assert await scalar(contacts_db, "SELECT count(*) FROM contact_job", []) == 2 + 1


async def test_delete_restore_and_undo_keep_groups_counts_and_identities(
    contacts_db: Database,
) -> None:
    ids = await people(contacts_db, 3)
    async with contacts_db.transaction() as conn:
        group = await groups.create_group(conn, None, "Klienci", "", 0, 0, EMPLOYEE)
        await groups.add_members(
            conn, group.id, listed(ids), MembershipSource.MANUAL, None, EMPLOYEE
        )
        await contact_service.update_contact(
            conn, ids[0], {"emails": [Email("anna@example.pl")]}, {}, CTX
        )

    deleted = await run(contacts_db, await start(contacts_db, listed(ids), {"op": "delete"}))

    assert deleted.updated == 3
    assert await column(contacts_db, "deleted_at IS NOT NULL", ids) == [True] * 3
    count = "SELECT members FROM group_member_count WHERE group_id = %s"
    assert await scalar(contacts_db, count, [group.id]) == 0
    # The address is free while the card is in the bin: another card takes it.
    async with contacts_db.transaction() as conn:
        taker = await contact_service.create_contact(
            conn,
            ContactDraft(
                kind=ContactKind.PERSON, first_name="Inna", emails=[Email("anna@example.pl")]
            ),
            CTX,
        )

    restored = await undo(contacts_db, deleted)

    # The undo restores what it can; the card whose email is taken stays in the bin.
    assert (restored.updated, restored.skipped) == (2, 1)
    assert await column(contacts_db, "deleted_at IS NOT NULL", ids) == [True, False, False]
    assert await scalar(contacts_db, count, [group.id]) == 2
    holders = await scalar(
        contacts_db,
        "SELECT array_agg(contact_id) FROM contact_identity WHERE value = 'anna@example.pl'",
        [],
    )
    assert holders == [taker.id]


async def test_group_move_and_its_undo(contacts_db: Database) -> None:
    ids = await people(contacts_db, 4)
    async with contacts_db.transaction() as conn:
        leads = await groups.create_group(conn, None, "Leads", "", 0, 0, EMPLOYEE)
        clients = await groups.create_group(conn, None, "Clients", "", 0, 0, EMPLOYEE)
        await groups.add_members(
            conn, leads.id, listed(ids[:3]), MembershipSource.MANUAL, None, EMPLOYEE
        )
    moved = await run(
        contacts_db,
        await start(
            contacts_db,
            listed(ids),
            {"op": "move_to_group", "group_id": str(clients.id), "from_group_id": str(leads.id)},
        ),
    )
    members = (
        "SELECT array_agg(contact_id ORDER BY contact_id) FROM group_membership WHERE group_id = %s"
    )
    assert await scalar(contacts_db, members, [leads.id]) is None
    assert await scalar(contacts_db, members, [clients.id]) == sorted(ids)
    assert (
        await scalar(
            contacts_db,
            "SELECT count(*) FROM contact_history WHERE source_ref = %s AND field = 'groups'",
            [str(moved.id)],
        )
        == 3 + 4
    )

    await undo(contacts_db, moved)

    assert await scalar(contacts_db, members, [leads.id]) == sorted(ids)
    assert await scalar(contacts_db, members, [clients.id]) is None


async def test_a_worker_dying_mid_job_is_resumed_without_doing_a_card_twice(
    contacts_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = await people(contacts_db, 8, region="Podlaskie")
    job = await start(
        contacts_db, listed(ids), {"op": "set_field", "field": "source", "value": "targi"}
    )
    real_step = bulk.apply_batch
    calls = 0

    async def dies_on_third_batch(*args: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("worker killed")
        return await real_step(*args)

    monkeypatch.setattr(bulk, "apply_batch", dies_on_third_batch)
    with pytest.raises(RuntimeError):
        await JobRunner(contacts_db, "worker-1", batch_size=3).run(job.id)
    monkeypatch.setattr(bulk, "apply_batch", real_step)
    # While the dead worker's lease runs, nobody else takes the job.
    assert await JobRunner(contacts_db, "worker-2", batch_size=3).run(job.id) is None
    async with contacts_db.transaction() as conn:
        await conn.execute("UPDATE contact_job SET lease_until = now() - interval '1 s'")

    done = await run(contacts_db, job, owner="worker-2")

    assert (done.state, done.processed, done.updated, done.attempts) == (JobState.DONE, 8, 8, 2)
    assert await column(contacts_db, "source", ids) == ["targi"] * 8
    assert await column(contacts_db, "version", ids) == [2] * 8
    assert (
        await scalar(
            contacts_db, "SELECT count(*) FROM contact_history WHERE source_ref = %s", [str(job.id)]
        )
        == 8
    )


async def test_cancel_and_rights_scope(contacts_db: Database) -> None:
    mine = await people(contacts_db, 2, manager_id="emp-1")
    theirs = await people(contacts_db, 2, manager_id="emp-5")
    queued = await start(contacts_db, listed(mine), {"op": "delete"})
    async with contacts_db.transaction() as conn:
        cancelled = await jobs.cancel_job(conn, queued.id)
    assert cancelled.state is JobState.CANCELLED
    assert await JobRunner(contacts_db, "worker-1").run(queued.id) is None
    assert await column(contacts_db, "deleted_at IS NULL", mine) == [True, True]

    scoped = await start(
        contacts_db,
        listed(mine + theirs),
        {"op": "set_field", "field": "region", "value": "X"},
        only_managed_by="emp-1",
    )
    done = await run(contacts_db, scoped)
    assert (done.total, done.updated) == (2, 2)
    assert await column(contacts_db, "region", mine + theirs) == ["X", "X", "", ""]
