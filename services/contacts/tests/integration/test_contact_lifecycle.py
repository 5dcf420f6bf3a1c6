"""Creating, changing, deleting and restoring cards: rules, duplicates, history and events."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from kartoteka_contacts.domain.contact import ContactDraft, ContactKind, Email, Phone
from kartoteka_contacts.domain.custom_fields import FieldDefinition, FieldOption, FieldType
from kartoteka_contacts.domain.groups import MembershipSource
from kartoteka_contacts.domain.layouts import BlockInput
from kartoteka_contacts.service import branches, groups, layouts
from kartoteka_contacts.service import contacts as service
from kartoteka_contacts.service.history import list_history
from kartoteka_contacts.service.selection import Selection
from kartoteka_contacts.store import custom_fields as field_store
from kartoteka_contacts.store.history import Actor, HistoryQuery
from kartoteka_platform.db import Database
from kartoteka_platform.errors import Conflict, InvalidInput, NotFound

EMPLOYEE = Actor("employee", "emp-1", "api")
CTX = service.WriteContext(EMPLOYEE, "PL")


def person(**fields: Any) -> ContactDraft:
    values: dict[str, Any] = {
        "kind": ContactKind.PERSON,
        "first_name": "Anna",
        "last_name": "Kowalska",
    }
    values.update(fields)
    return ContactDraft(**values)


def company(name: str, parent: uuid.UUID | None = None, **fields: Any) -> ContactDraft:
    return ContactDraft(kind=ContactKind.COMPANY, company_name=name, company_id=parent, **fields)


async def create(db: Database, draft: ContactDraft, ctx: service.WriteContext = CTX) -> Any:
    async with db.transaction() as conn:
        return await service.create_contact(conn, draft, ctx)


async def update(
    db: Database,
    contact_id: uuid.UUID,
    values: dict[str, Any],
    custom: dict[str, Any] | None = None,
    **options: Any,
) -> Any:
    async with db.transaction() as conn:
        return await service.update_contact(conn, contact_id, values, custom or {}, CTX, **options)


async def history(db: Database, contact_id: uuid.UUID, **filters: Any) -> list[Any]:
    async with db.connection() as conn:
        entries, _ = await list_history(conn, contact_id, HistoryQuery(**filters), "")
    return entries


async def outbox(db: Database) -> list[str]:
    async with db.connection() as conn:
        rows = await (await conn.execute("SELECT event_type FROM outbox ORDER BY seq")).fetchall()
    return [row["event_type"].rsplit(".", 1)[-1] for row in rows]


async def test_create_records_history_and_an_event(contacts_db: Database) -> None:
    card = await create(
        contacts_db, person(phones=[Phone("600 100 200")], emails=[Email("Anna@Example.PL")])
    )
    assert card.version == 1
    assert card.data.phones[0].number == "+48600100200"
    entries = await history(contacts_db, card.id)
    assert {e.field for e in entries} == {"first_name", "last_name", "kind", "phones", "emails"}
    assert {(e.operation, e.actor_id, e.source) for e in entries} == {("create", "emp-1", "api")}
    assert await outbox(contacts_db) == ["created"]


async def test_duplicate_phone_or_email_is_refused_with_the_holder(contacts_db: Database) -> None:
    first = await create(contacts_db, person(phones=[Phone("+48 600 100 200")]))
    with pytest.raises(Conflict) as caught:
        await create(contacts_db, person(first_name="Jan", phones=[Phone("600-100-200")]))
    assert caught.value.code == "duplicate_contact"
    assert caught.value.field == "phones"
    assert caught.value.extra["duplicates"][0]["contact_id"] == str(first.id)
    allowed = service.WriteContext(EMPLOYEE, "PL", allow_duplicates=True)
    second = await create(
        contacts_db, person(first_name="Jan", phones=[Phone("600100200")]), allowed
    )
    assert second.id != first.id


async def test_update_changes_only_what_differs(contacts_db: Database) -> None:
    card = await create(contacts_db, person())
    same = await update(contacts_db, card.id, {"first_name": " Anna  "})
    assert same.version == 1, "a write that changes nothing is not a new version"
    changed = await update(contacts_db, card.id, {"last_name": "Nowak", "region": "Mazowieckie"})
    assert changed.version == 2
    entries = await history(contacts_db, card.id, field="last_name")
    assert [(e.operation, e.old_value, e.new_value) for e in entries] == [
        ("update", "Kowalska", "Nowak"),
        ("create", None, "Kowalska"),
    ]
    assert await outbox(contacts_db) == ["created", "updated"]


async def test_stale_version_is_a_conflict(contacts_db: Database) -> None:
    card = await create(contacts_db, person())
    await update(contacts_db, card.id, {"region": "Pomorskie"}, expected_version=1)
    with pytest.raises(Conflict) as caught:
        await update(contacts_db, card.id, {"region": "Śląskie"}, expected_version=1)
    assert caught.value.code == "version_conflict"
    assert caught.value.extra == {"current_version": 2}


async def test_company_hierarchy_rejects_cycles_and_counts_heads(contacts_db: Database) -> None:
    holding = await create(contacts_db, company("Holding SA"))
    daughter = await create(contacts_db, company("Córka sp. z o.o.", holding.id))
    grandchild = await create(contacts_db, company("Wnuczka sp. z o.o.", daughter.id))
    for employer, count in ((holding, 1), (daughter, 2), (grandchild, 3)):
        for index in range(count):
            await create(
                contacts_db,
                person(last_name=f"{employer.data.company_name} {index}", company_id=employer.id),
            )
    with pytest.raises(InvalidInput) as caught:
        await update(contacts_db, holding.id, {"company_id": grandchild.id})
    assert (caught.value.code, caught.value.field) == ("company_cycle", "company_id")
    someone = await create(contacts_db, person(first_name="Ola"))
    with pytest.raises(InvalidInput) as not_company:
        await create(contacts_db, person(company_id=someone.id))
    assert not_company.value.code == "not_a_company"
    async with contacts_db.connection() as conn:
        root, nodes = await branches.company_branch(conn, grandchild.id)
    assert root == holding.id
    assert [(n.name, n.depth, n.head_count, n.total_head_count) for n in nodes] == [
        ("Holding SA", 0, 1, 6),
        ("Córka sp. z o.o.", 1, 2, 5),
        ("Wnuczka sp. z o.o.", 2, 3, 3),
    ]


async def test_legal_details_are_validated_per_country(contacts_db: Database) -> None:
    with pytest.raises(InvalidInput) as caught:
        await create(
            contacts_db, company("Zła Firma", country_code="PL", legal={"nip": "526-000-12-47"})
        )
    assert (caught.value.code, caught.value.field) == ("invalid_nip", "legal.nip")
    good = await create(
        contacts_db, company("Dobra Firma", country_code="pl", legal={"nip": "PL 526-000-12-46"})
    )
    assert (good.data.country_code, dict(good.data.legal)) == ("PL", {"nip": "5260001246"})


async def test_custom_values_are_validated_and_required(contacts_db: Database) -> None:
    async with contacts_db.transaction() as conn:
        await field_store.insert_definition(
            conn,
            FieldDefinition(
                "stage",
                "Stage",
                FieldType.DROPDOWN,
                options=(FieldOption("warm", "Warm lead"), FieldOption("cold", "Cold lead")),
                required=True,
            ),
        )
        await field_store.insert_definition(
            conn, FieldDefinition("visits", "Visits", FieldType.INTEGER)
        )
    with pytest.raises(InvalidInput) as missing:
        await create(contacts_db, person())
    assert (missing.value.code, missing.value.field) == ("required", "custom.stage")
    with pytest.raises(InvalidInput) as unknown:
        await create(contacts_db, person(custom={"stage": "warm", "shoe": 44}))
    assert (unknown.value.code, unknown.value.field) == ("unknown_custom_field", "custom.shoe")
    with pytest.raises(InvalidInput) as bad_option:
        await create(contacts_db, person(custom={"stage": "hot"}))
    assert bad_option.value.field == "custom.stage"
    card = await create(contacts_db, person(custom={"stage": "Warm lead", "visits": "3"}))
    assert dict(card.data.custom) == {"stage": "warm", "visits": 3}
    cleared = await update(contacts_db, card.id, {}, {"visits": None})
    assert dict(cleared.data.custom) == {"stage": "warm"}
    entries = await history(contacts_db, card.id, field="custom.visits")
    assert [(e.old_value, e.new_value) for e in entries] == [(3, None), (None, 3)]


async def test_delete_and_restore(contacts_db: Database) -> None:
    card = await create(contacts_db, person(phones=[Phone("600 100 200")]))
    async with contacts_db.transaction() as conn:
        await service.delete_contact(conn, card.id, EMPLOYEE)
    with pytest.raises(NotFound):
        async with contacts_db.connection() as conn:
            await service.get_contact(conn, card.id)
    # While deleted, its phone is free; restoring would now create a duplicate.
    taker = await create(contacts_db, person(first_name="Jan", phones=[Phone("600100200")]))
    with pytest.raises(Conflict):
        async with contacts_db.transaction() as conn:
            await service.restore_contact(conn, card.id, CTX)
    async with contacts_db.transaction() as conn:
        await service.delete_contact(conn, taker.id, EMPLOYEE)
        restored = await service.restore_contact(conn, card.id, CTX)
    assert restored.deleted_at is None
    operations = [e.operation for e in await history(contacts_db, card.id, field="deleted")]
    assert operations == ["restore", "delete"]
    assert await outbox(contacts_db) == ["created", "deleted", "created", "deleted", "restored"]


async def test_history_pages_and_filters(contacts_db: Database) -> None:
    card = await create(contacts_db, person())
    for index in range(7):
        await update(contacts_db, card.id, {"region": f"Region {index}"})
    async with contacts_db.connection() as conn:
        first, token = await list_history(conn, card.id, HistoryQuery(field="region", limit=3), "")
        second, token2 = await list_history(
            conn, card.id, HistoryQuery(field="region", limit=3), token
        )
        third, token3 = await list_history(
            conn, card.id, HistoryQuery(field="region", limit=3), token2
        )
    values = [e.new_value for e in first + second + third]
    assert values == [f"Region {i}" for i in range(6, -1, -1)]
    assert token3 == ""
    assert await history(contacts_db, card.id, source="import") == []


async def test_card_layouts_enforce_their_required_fields(contacts_db: Database) -> None:
    async with contacts_db.transaction() as conn:
        await layouts.create_layout(conn, "Everyone", None, [BlockInput("main")], ["region"])
        vip = await groups.create_group(conn, None, "VIP", "", 10, 0, EMPLOYEE)
        await layouts.create_layout(
            conn, "VIP card", vip.id, [BlockInput("main")], ["region", "source"]
        )
    with pytest.raises(InvalidInput) as missing:
        await create(contacts_db, person())
    assert (missing.value.code, missing.value.field) == ("required", "region")
    card = await create(contacts_db, person(region="Podlaskie"))
    async with contacts_db.transaction() as conn:
        await groups.add_members(
            conn, vip.id, Selection([str(card.id)], ""), MembershipSource.MANUAL, None, EMPLOYEE
        )
    with pytest.raises(InvalidInput) as vip_missing:
        await update(contacts_db, card.id, {"description": "a VIP now"})
    assert vip_missing.value.field == "source", "the VIP group's layout applies"
    done = await update(contacts_db, card.id, {"description": "a VIP now", "source": "fair"})
    assert done.version == 2
