"""Defining custom fields, changing them without corrupting values, and their indexes."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from kartoteka_contacts.domain.contact import ContactDraft, ContactKind
from kartoteka_contacts.domain.custom_fields import FieldDefinition, FieldOption, FieldType
from kartoteka_contacts.service import contacts as contact_service
from kartoteka_contacts.service import custom_fields as service
from kartoteka_contacts.service.history import list_history
from kartoteka_contacts.store import custom_fields as field_store
from kartoteka_contacts.store.custom_field_sql import custom_field_index_name
from kartoteka_contacts.store.history import Actor, HistoryQuery
from kartoteka_contacts.tasks.indexes import build_index
from kartoteka_platform.db import Database
from kartoteka_platform.errors import Conflict, InvalidInput

ADMIN = Actor("employee", "admin", "api")
CTX = contact_service.WriteContext(ADMIN, "PL")


async def define(db: Database, definition: FieldDefinition) -> FieldDefinition:
    async with db.transaction() as conn:
        return await service.create_field(conn, definition)


async def change(db: Database, definition: FieldDefinition, **options: Any) -> Any:
    options.setdefault("option_mapping", {})
    options.setdefault("clear_unconvertible", False)
    options.setdefault("dry_run", False)
    async with db.transaction() as conn:
        return await service.update_field(conn, definition, actor=ADMIN, **options)


async def card(db: Database, custom: dict[str, Any]) -> uuid.UUID:
    async with db.transaction() as conn:
        created = await contact_service.create_contact(
            conn,
            ContactDraft(
                kind=ContactKind.PERSON,
                last_name=f"Karta {uuid.uuid4().hex[:6]}",
                custom=custom,
            ),
            CTX,
        )
    return created.id


async def values(db: Database, key: str) -> dict[uuid.UUID, Any]:
    async with db.connection() as conn:
        return dict(await field_store.stored_values(conn, key))


async def test_keys_are_unique_forever(contacts_db: Database) -> None:
    await define(contacts_db, FieldDefinition("hobby", "Hobby", FieldType.TEXT))
    async with contacts_db.transaction() as conn:
        await service.delete_field(conn, "hobby")
    with pytest.raises(Conflict) as caught:
        await define(contacts_db, FieldDefinition("hobby", "Hobby again", FieldType.TEXT))
    assert (caught.value.code, caught.value.field) == ("field_key_taken", "key")


async def test_text_to_integer_refuses_then_clears_unconvertible(contacts_db: Database) -> None:
    await define(contacts_db, FieldDefinition("visits", "Visits", FieldType.TEXT))
    good = await card(contacts_db, {"visits": "12"})
    bad = await card(contacts_db, {"visits": "a dozen"})
    as_integer = FieldDefinition("visits", "Visits", FieldType.INTEGER)
    with pytest.raises(Conflict) as caught:
        await change(contacts_db, as_integer)
    assert caught.value.code == "unconvertible_values"
    assert caught.value.extra["samples"][0]["contact_id"] == str(bad)
    assert await values(contacts_db, "visits") == {good: "12", bad: "a dozen"}, "nothing written"
    _, dry = await change(contacts_db, as_integer, clear_unconvertible=True, dry_run=True)
    assert (dry.converted, dry.cleared, dry.unconvertible) == (1, 1, 1)
    assert await values(contacts_db, "visits") == {good: "12", bad: "a dozen"}, "dry run"
    await change(contacts_db, as_integer, clear_unconvertible=True)
    assert await values(contacts_db, "visits") == {good: 12}
    async with contacts_db.connection() as conn:
        entries, _ = await list_history(conn, bad, HistoryQuery(field="custom.visits"), "")
        definition = await field_store.get_definition(conn, "visits")
    assert next((e.source, e.old_value, e.new_value) for e in entries) == (
        "system",
        "a dozen",
        None,
    )
    assert definition is not None
    assert definition.type is FieldType.INTEGER


async def test_removing_an_option_needs_a_mapping(contacts_db: Database) -> None:
    options = (FieldOption("warm", "Warm"), FieldOption("cold", "Cold"), FieldOption("hot", "Hot"))
    await define(
        contacts_db, FieldDefinition("stage", "Stage", FieldType.DROPDOWN, options=options)
    )
    hot = await card(contacts_db, {"stage": "hot"})
    fewer = FieldDefinition("stage", "Stage", FieldType.DROPDOWN, options=options[:2])
    with pytest.raises(InvalidInput) as caught:
        await change(contacts_db, fewer)
    assert caught.value.code == "change_refused"
    await change(contacts_db, fewer, option_mapping={"hot": "warm"})
    assert await values(contacts_db, "stage") == {hot: "warm"}


async def test_becoming_unique_checks_existing_values(contacts_db: Database) -> None:
    await define(contacts_db, FieldDefinition("badge", "Badge", FieldType.TEXT))
    await card(contacts_db, {"badge": "B-1"})
    await card(contacts_db, {"badge": "B-1"})
    with pytest.raises(Conflict) as caught:
        await change(contacts_db, FieldDefinition("badge", "Badge", FieldType.TEXT, unique=True))
    assert caught.value.code == "duplicate_values"


async def test_deleted_fields_disappear_from_cards(contacts_db: Database) -> None:
    await define(contacts_db, FieldDefinition("pet", "Pet", FieldType.TEXT))
    pet_owner = await card(contacts_db, {"pet": "cat"})
    async with contacts_db.transaction() as conn:
        await service.delete_field(conn, "pet")
    async with contacts_db.transaction() as conn:
        shown = await contact_service.get_contact(conn, pet_owner)
        updated = await contact_service.update_contact(
            conn, pet_owner, {"region": "Opolskie"}, {}, CTX
        )
    assert dict(shown.data.custom) == {}
    assert updated.data.region == "Opolskie"


async def test_filterable_fields_get_their_index(contacts_db: Database) -> None:
    definition = await define(
        contacts_db, FieldDefinition("score", "Score", FieldType.DECIMAL, filterable=True)
    )
    await card(contacts_db, {"score": "4,5"})
    async with contacts_db.connection() as conn:
        assert (await field_store.index_states(conn))["score"][0] == "building"
    database_url = contacts_db._url
    state = await build_index(Database(database_url, "contacts", max_size=1), definition.key)
    assert state == "ready"
    async with contacts_db.connection() as conn:
        row = await (
            await conn.execute(
                "SELECT indexdef FROM pg_indexes WHERE schemaname = 'contacts' AND indexname = %s",
                [custom_field_index_name("score")],
            )
        ).fetchone()
        assert (await field_store.index_states(conn))["score"][0] == "ready"
    assert row is not None
    assert "numeric" in row["indexdef"]
    async with contacts_db.connection() as conn:
        stats = await (
            await conn.execute(
                "SELECT expr FROM pg_stats_ext_exprs WHERE schemaname = 'contacts'"
                " AND tablename = 'contact'"
            )
        ).fetchall()
    assert [row["expr"] for row in stats] == ["((custom ->> 'score'::text))::numeric"]


async def test_fields_defined_together_build_their_indexes_side_by_side(
    contacts_db: Database,
) -> None:
    keys = [f"measure_{n}" for n in range(4)]
    for key in keys:
        await define(contacts_db, FieldDefinition(key, key, FieldType.INTEGER, filterable=True))
    await card(contacts_db, {key: n for n, key in enumerate(keys)})

    # As two workers would: every build at once, each with its own connection.
    states = await asyncio.gather(
        *(build_index(Database(contacts_db.url, "contacts", max_size=1), key) for key in keys)
    )

    assert states == ["ready"] * len(keys)
    async with contacts_db.connection() as conn:
        stored = await field_store.index_states(conn)
    assert {key: stored[key][0] for key in keys} == dict.fromkeys(keys, "ready")


async def test_a_reference_to_a_missing_contact_is_refused(contacts_db: Database) -> None:
    await define(contacts_db, FieldDefinition("referrer", "Referred by", FieldType.CONTACT_REF))
    with pytest.raises(InvalidInput) as caught:
        await card(contacts_db, {"referrer": str(uuid.uuid4())})
    assert (caught.value.code, caught.value.field) == ("invalid_contact_ref", "custom.referrer")
    existing = await card(contacts_db, {})
    referring = await card(contacts_db, {"referrer": str(existing)})
    assert (await values(contacts_db, "referrer"))[referring] == str(existing)
