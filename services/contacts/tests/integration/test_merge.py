"""Merging duplicates: chosen values, united lists, moved groups and references, the finder."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from kartoteka_contacts.domain.contact import ContactDraft, ContactKind, Email, Phone
from kartoteka_contacts.domain.custom_fields import FieldDefinition, FieldType
from kartoteka_contacts.domain.groups import MembershipSource
from kartoteka_contacts.service import contacts as contact_service
from kartoteka_contacts.service import custom_fields, groups, merge
from kartoteka_contacts.service.history import list_history
from kartoteka_contacts.service.selection import Selection
from kartoteka_contacts.store.history import Actor, HistoryQuery
from kartoteka_platform.db import Database
from kartoteka_platform.errors import InvalidInput, NotFound

EMPLOYEE = Actor("employee", "emp-1", "api")
CTX = contact_service.WriteContext(EMPLOYEE, "PL")
LOOSE = contact_service.WriteContext(EMPLOYEE, "PL", allow_duplicates=True)


async def create(db: Database, ctx: contact_service.WriteContext = CTX, **fields: Any) -> Any:
    values: dict[str, Any] = {
        "kind": ContactKind.PERSON,
        "first_name": "Jan",
        "last_name": "Kowalski",
    }
    values.update(fields)
    async with db.transaction() as conn:
        return await contact_service.create_contact(conn, ContactDraft(**values), ctx)


async def do_merge(
    db: Database, survivor: Any, merged: list[Any], dry_run: bool = False, **sources: Any
) -> Any:
    async with db.transaction() as conn:
        return await merge.merge_contacts(
            conn,
            survivor.id,
            [m.id for m in merged],
            {name.replace("__", "."): card.id for name, card in sources.items()},
            CTX,
            dry_run=dry_run,
        )


async def test_merge_takes_chosen_values_and_unites_lists(contacts_db: Database) -> None:
    survivor = await create(
        contacts_db, emails=[Email("jan@firma.pl")], region="", phones=[Phone("600 100 200")]
    )
    other = await create(
        contacts_db,
        LOOSE,
        first_name="Janek",
        region="Pomorskie",
        emails=[Email("jan@prywatny.pl"), Email("jan@firma.pl")],
    )
    preview = await do_merge(contacts_db, survivor, [other], dry_run=True, first_name=other)
    assert preview.contact.data.first_name == "Janek"
    async with contacts_db.connection() as conn:
        assert (await contact_service.get_contact(conn, other.id)).id == other.id, "dry run"
    result = await do_merge(contacts_db, survivor, [other], first_name=other)
    data = result.contact.data
    assert (data.first_name, data.region) == ("Janek", "Pomorskie")
    assert [e.address for e in data.emails] == ["jan@firma.pl", "jan@prywatny.pl"]
    assert sorted(result.changed_fields) == ["emails", "first_name", "region"]
    async with contacts_db.connection() as conn:
        with pytest.raises(NotFound):
            await contact_service.get_contact(conn, other.id)
        entries, _ = await list_history(conn, other.id, HistoryQuery(field="merged_into"), "")
        events = await (
            await conn.execute("SELECT event_type FROM outbox ORDER BY seq DESC LIMIT 1")
        ).fetchone()
    assert [(e.operation, e.new_value) for e in entries] == [("merge", str(survivor.id))]
    assert events is not None
    assert events["event_type"].endswith("contact.merged")


async def test_merge_moves_groups_employees_and_references(contacts_db: Database) -> None:
    async with contacts_db.transaction() as conn:
        await custom_fields.create_field(
            conn, FieldDefinition("referrer", "Referred by", FieldType.CONTACT_REF)
        )
    firm = await create(
        contacts_db, kind=ContactKind.COMPANY, first_name="", last_name="", company_name="ACME"
    )
    firm_copy = await create(
        contacts_db, kind=ContactKind.COMPANY, first_name="", last_name="", company_name="Acme"
    )
    worker = await create(contacts_db, company_id=firm_copy.id)
    fan = await create(contacts_db, first_name="Ola", custom={"referrer": str(firm_copy.id)})
    async with contacts_db.transaction() as conn:
        vip = await groups.create_group(conn, None, "VIP", "", 0, 0, EMPLOYEE)
        await groups.add_members(
            conn,
            vip.id,
            Selection([str(firm_copy.id)], ""),
            MembershipSource.MANUAL,
            None,
            EMPLOYEE,
        )
        candidates, _ = await merge.find_duplicates(conn, 50, "")
    assert [(c.reasons) for c in candidates] == [["company_name"]]
    result = await do_merge(contacts_db, firm, [firm_copy])
    assert (result.memberships_moved, result.references_moved) == (1, 2)
    async with contacts_db.connection() as conn:
        moved_worker = await contact_service.get_contact(conn, worker.id)
        moved_fan = await contact_service.get_contact(conn, fan.id)
        memberships = await groups.contact_groups(conn, firm.id)
        remaining, _ = await merge.find_duplicates(conn, 50, "")
    assert moved_worker.data.company_id == firm.id
    assert moved_fan.data.custom["referrer"] == str(firm.id)
    assert [m.group_name for m in memberships] == ["VIP"]
    assert remaining == []


async def test_merge_refuses_bad_requests(contacts_db: Database) -> None:
    person = await create(contacts_db)
    firm = await create(contacts_db, kind=ContactKind.COMPANY, company_name="Firma")
    with pytest.raises(InvalidInput) as kinds:
        await do_merge(contacts_db, person, [firm])
    assert (kinds.value.code, kinds.value.field) == ("merge_kind_mismatch", "merged_ids[0]")
    with pytest.raises(InvalidInput) as itself:
        async with contacts_db.transaction() as conn:
            await merge.merge_contacts(conn, person.id, [person.id], {}, CTX, dry_run=True)
    assert itself.value.code == "repeated_card"
    with pytest.raises(NotFound) as missing:
        async with contacts_db.transaction() as conn:
            await merge.merge_contacts(conn, person.id, [uuid.uuid4()], {}, CTX, dry_run=True)
    assert missing.value.field == "merged_ids[0]"


async def test_finder_pages_and_dismissals(contacts_db: Database) -> None:
    cards = [await create(contacts_db, LOOSE, phones=[Phone("600 300 400")]) for _ in range(4)]
    async with contacts_db.transaction() as conn:
        first, token = await merge.find_duplicates(conn, 4, "")
        second, last = await merge.find_duplicates(conn, 4, token)
        pairs = {(c.first_id, c.second_id) for c in first + second}
        assert len(pairs) == 6
        assert last == ""
        assert all(c.reasons == ["phone:+48600300400"] for c in first + second)
        await merge.dismiss_pair(conn, cards[1].id, cards[0].id, EMPLOYEE)
        after_dismissal, _ = await merge.find_duplicates(conn, 50, "")
    assert len(after_dismissal) == 5
