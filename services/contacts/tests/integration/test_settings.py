"""Contact settings on real PostgreSQL: views, card layouts, standard fields, activity types."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from kartoteka_contacts.domain.changes import field_values
from kartoteka_contacts.domain.contact import ContactDraft, ContactKind
from kartoteka_contacts.domain.custom_fields import FieldDefinition, FieldType
from kartoteka_contacts.domain.groups import MembershipSource
from kartoteka_contacts.domain.layouts import BUILT_IN_LAYOUT, BlockInput, BlockKind, LayoutSource
from kartoteka_contacts.domain.settings import CARD_FIELDS
from kartoteka_contacts.domain.views import SortField
from kartoteka_contacts.service import contacts as contact_service
from kartoteka_contacts.service import custom_fields, groups, layouts, settings, views
from kartoteka_contacts.service.history import list_history
from kartoteka_contacts.service.selection import Selection
from kartoteka_contacts.store.history import Actor, HistoryQuery
from kartoteka_platform.db import Database
from kartoteka_platform.errors import Conflict, Forbidden, InvalidInput, NotFound, ServiceError

EMPLOYEE = Actor("employee", "emp-1", "api")
ANNA, BOB = "emp-anna", "emp-bob"


def fails(kind: type[ServiceError], code: str, field: str | None = None) -> Any:
    def check(error: ServiceError) -> bool:
        return error.code == code and (field is None or error.field == field)

    return pytest.raises(kind, check=check)


async def make_field(db: Database, key: str) -> None:
    async with db.transaction() as conn:
        await custom_fields.create_field(
            conn, FieldDefinition(key=key, label=key.title(), type=FieldType.TEXT)
        )


async def make_person(db: Database, **values: Any) -> uuid.UUID:
    async with db.transaction() as conn:
        card = await contact_service.create_contact(
            conn,
            ContactDraft(**{"kind": ContactKind.PERSON, "first_name": "Ola", **values}),
            contact_service.WriteContext(EMPLOYEE, "PL"),
        )
    return card.id


async def make_group(db: Database, name: str, priority: int) -> uuid.UUID:
    async with db.transaction() as conn:
        group = await groups.create_group(conn, None, name, "", priority, 0, EMPLOYEE)
    return group.id


async def join(db: Database, group_id: uuid.UUID, contact_id: uuid.UUID) -> None:
    async with db.transaction() as conn:
        await groups.add_members(
            conn,
            group_id,
            Selection([str(contact_id)], ""),
            MembershipSource.MANUAL,
            None,
            EMPLOYEE,
        )


# --- saved views -------------------------------------------------------------------------------


async def new_view(db: Database, owner: str, view_name: str, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "name": view_name,
        "shared": False,
        "filter_raw": None,
        "columns": [],
        "sort": [],
    }
    values.update(overrides)
    async with db.transaction() as conn:
        return await views.create_view(conn, owner, **values)


async def test_views_are_saved_normalised_and_seen_by_owner_or_when_shared(
    contacts_db: Database,
) -> None:
    await make_field(contacts_db, "segment")
    group_id = await make_group(contacts_db, "Clients", 0)
    mine = await new_view(
        contacts_db,
        ANNA,
        "  Warsaw   clients ",
        filter_raw={
            "all": [
                {"field": "region", "op": "eq", "value": " Mazowieckie "},
                {"group": str(group_id)},
            ]
        },
        columns=["display_name", "phones", "custom.segment"],
        sort=[SortField("custom.segment", descending=True), SortField("created_at")],
    )
    assert mine.name == "Warsaw clients"
    assert mine.owner_id == ANNA
    assert mine.filter == {
        "all": [
            {"field": "region", "op": "eq", "value": "Mazowieckie"},
            {"group": str(group_id), "subgroups": False, "op": "in"},
        ]
    }
    assert mine.columns == ("display_name", "phones", "custom.segment")
    assert mine.sort == (SortField("custom.segment", True), SortField("created_at", False))
    everyone = await new_view(contacts_db, BOB, "Everyone", shared=True)
    assert everyone.filter == {"all": []}
    bobs_private = await new_view(contacts_db, BOB, "Bob only")

    async with contacts_db.connection() as conn:
        assert [v.name for v in await views.list_views(conn, ANNA)] == [
            "Everyone",
            "Warsaw clients",
        ]
        assert [v.name for v in await views.list_views(conn, BOB)] == ["Bob only", "Everyone"]
        assert (await views.get_view(conn, everyone.id, ANNA)).id == everyone.id
        with fails(NotFound, "view_not_found", "id"):
            await views.get_view(conn, bobs_private.id, ANNA)
        with fails(NotFound, "view_not_found", "id"):
            await views.get_view(conn, uuid.uuid4(), ANNA)

    # A custom field deleted later drops out of the columns and the sort.
    async with contacts_db.transaction() as conn:
        await custom_fields.delete_field(conn, "segment")
    async with contacts_db.connection() as conn:
        seen = await views.get_view(conn, mine.id, ANNA)
    assert seen.columns == ("display_name", "phones")
    assert seen.sort == (SortField("created_at"),)


async def test_only_the_owner_changes_or_deletes_a_view(contacts_db: Database) -> None:
    shared = await new_view(contacts_db, ANNA, "Team", shared=True)
    private = await new_view(contacts_db, ANNA, "Private")
    for target in (shared, private):
        async with contacts_db.transaction() as conn:
            with fails(Forbidden, "not_view_owner"):
                await views.update_view(conn, target.id, BOB, {"name": "Mine now"})
        async with contacts_db.transaction() as conn:
            with fails(Forbidden, "not_view_owner"):
                await views.delete_view(conn, target.id, BOB)

    async with contacts_db.transaction() as conn:
        changed = await views.update_view(
            conn,
            shared.id,
            ANNA,
            {
                "name": "Team A",
                "shared": False,
                "filter": {"field": "kind", "op": "eq", "value": "company"},
                "columns": ["company_name"],
                "sort": [SortField("display_name", descending=True)],
            },
        )
    assert (changed.name, changed.shared, changed.columns) == ("Team A", False, ("company_name",))
    assert changed.filter == {"field": "kind", "op": "eq", "value": "company"}
    assert changed.updated_at >= changed.created_at
    async with contacts_db.transaction() as conn:
        cleared = await views.update_view(conn, shared.id, ANNA, {"filter": None})
        assert cleared.filter == {"all": []}
        await views.delete_view(conn, private.id, ANNA)
    async with contacts_db.connection() as conn:
        assert [v.name for v in await views.list_views(conn, ANNA)] == ["Team A"]
        assert await views.list_views(conn, BOB) == []
    async with contacts_db.transaction() as conn:
        with fails(NotFound, "view_not_found"):
            await views.delete_view(conn, private.id, ANNA)
        with fails(NotFound, "view_not_found"):
            await views.update_view(conn, uuid.uuid4(), ANNA, {"name": "x"})


async def test_view_names_are_unique_per_owner_in_any_case(contacts_db: Database) -> None:
    await new_view(contacts_db, ANNA, "Leads")
    other = await new_view(contacts_db, ANNA, "Hot")
    with fails(Conflict, "view_name_taken", "name"):
        await new_view(contacts_db, ANNA, "LEADS")
    assert (await new_view(contacts_db, BOB, "Leads")).owner_id == BOB
    async with contacts_db.transaction() as conn:
        with fails(Conflict, "view_name_taken", "name"):
            await views.update_view(conn, other.id, ANNA, {"name": "leads"})
    async with contacts_db.transaction() as conn:
        assert (await views.update_view(conn, other.id, ANNA, {"name": "hot"})).name == "hot"


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"name": "   "}, "name_required", "name"),
        ({"name": "x" * 201}, "too_long", "name"),
        ({"filter_raw": {"field": "shoe_size", "op": "eq", "value": 1}}, "unknown_field", None),
        ({"filter_raw": ["not", "an", "object"]}, "invalid_filter_node", "filter"),
        ({"filter_raw": {"group": str(uuid.UUID(int=7))}}, "unknown_group", None),
        ({"columns": ["display_name", "custom.nope"]}, "unknown_column", "columns[1]"),
        ({"columns": ["region", "region"]}, "duplicate_column", "columns[1]"),
        ({"sort": [SortField("phones")]}, "invalid_sort", "sort[0].field"),
        ({"sort": [SortField("region"), SortField("region")]}, "invalid_sort", "sort[1].field"),
    ],
)
async def test_bad_views_are_refused(
    contacts_db: Database, overrides: dict[str, Any], code: str, field: str | None
) -> None:
    with fails(InvalidInput, code, field):
        await new_view(contacts_db, ANNA, "Bad", **overrides)  # overrides may rename it
    async with contacts_db.connection() as conn:
        assert await views.list_views(conn, ANNA) == []


async def test_filter_text_must_be_json() -> None:
    assert views.parse_filter_json("") is None
    assert views.parse_filter_json('{"search": "kowal"}') == {"search": "kowal"}
    with fails(InvalidInput, "invalid_json", "filter"):
        views.parse_filter_json("{nope")


# --- card layouts ------------------------------------------------------------------------------


async def new_layout(
    db: Database,
    name: str,
    group_id: uuid.UUID | None = None,
    blocks: list[BlockInput] | None = None,
    required: list[str] | None = None,
) -> Any:
    async with db.transaction() as conn:
        return await layouts.create_layout(conn, name, group_id, blocks or [], required or [])


async def layout_of(db: Database, contact_id: uuid.UUID) -> tuple[str, LayoutSource]:
    async with db.connection() as conn:
        layout, source = await layouts.contact_layout(conn, contact_id)
    return layout.name, source


async def test_a_contact_gets_its_highest_priority_groups_layout(contacts_db: Database) -> None:
    person = await make_person(contacts_db)
    loner = await make_person(contacts_db, first_name="Solo")
    assert await layout_of(contacts_db, person) == (BUILT_IN_LAYOUT.name, LayoutSource.BUILT_IN)

    await new_layout(contacts_db, "Everyone")
    assert await layout_of(contacts_db, person) == ("Everyone", LayoutSource.DEFAULT)

    vip = await make_group(contacts_db, "VIP", 10)
    partners = await make_group(contacts_db, "Partners", 5)
    plain = await make_group(contacts_db, "Newsletter", 50)  # no layout: never chosen
    for group_id in (vip, partners, plain):
        await join(contacts_db, group_id, person)
    await join(contacts_db, plain, loner)
    partner_layout = await new_layout(contacts_db, "Partner card", partners)
    assert await layout_of(contacts_db, person) == ("Partner card", LayoutSource.GROUP)
    vip_layout = await new_layout(contacts_db, "VIP card", vip)
    assert await layout_of(contacts_db, person) == ("VIP card", LayoutSource.GROUP)
    assert await layout_of(contacts_db, loner) == ("Everyone", LayoutSource.DEFAULT)

    # Raising the partners' priority above VIP's changes the winner.
    async with contacts_db.transaction() as conn:
        await groups.update_group(conn, partners, {"priority": 20})
    assert await layout_of(contacts_db, person) == ("Partner card", LayoutSource.GROUP)

    async with contacts_db.connection() as conn:
        assert (await layouts.resolve_layout(conn, [vip])).id == vip_layout.id
        assert (await layouts.resolve_layout(conn, [vip, partners])).id == partner_layout.id
        assert (await layouts.resolve_layout(conn, [])).name == "Everyone"
        assert (await layouts.resolve_layout(conn, [uuid.uuid4()])).name == "Everyone"
        assert [x.name for x in await layouts.list_layouts(conn)] == [
            "Everyone",
            "Partner card",
            "VIP card",
        ]

    async with contacts_db.transaction() as conn:
        await layouts.delete_layout(conn, partner_layout.id)
    assert await layout_of(contacts_db, person) == ("VIP card", LayoutSource.GROUP)


async def test_equal_priorities_go_by_group_name(contacts_db: Database) -> None:
    person = await make_person(contacts_db)
    beta = await make_group(contacts_db, "Beta", 3)
    alpha = await make_group(contacts_db, "Alpha", 3)
    for group_id in (beta, alpha):
        await join(contacts_db, group_id, person)
        await new_layout(contacts_db, f"for {group_id}", group_id)
    assert await layout_of(contacts_db, person) == (f"for {alpha}", LayoutSource.GROUP)


async def test_contact_layout_needs_a_live_contact(contacts_db: Database) -> None:
    person = await make_person(contacts_db)
    async with contacts_db.transaction() as conn:
        await contact_service.delete_contact(conn, person, EMPLOYEE)
    for missing in (person, uuid.uuid4()):
        async with contacts_db.connection() as conn:
            with fails(NotFound, "contact_not_found", "contact_id"):
                await layouts.contact_layout(conn, missing)


async def test_one_default_and_one_layout_per_group(contacts_db: Database) -> None:
    clients = await make_group(contacts_db, "Clients", 0)
    staff = await make_group(contacts_db, "Staff", 0)
    default = await new_layout(contacts_db, "Default")
    with fails(Conflict, "layout_exists", "group_id"):
        await new_layout(contacts_db, "Second default")
    clients_layout = await new_layout(contacts_db, "Clients card", clients)
    with fails(Conflict, "layout_exists", "group_id"):
        await new_layout(contacts_db, "Clients again", clients)
    with fails(NotFound, "group_not_found", "group_id"):
        await new_layout(contacts_db, "Nobody's", uuid.uuid4())

    async with contacts_db.transaction() as conn:
        with fails(Conflict, "layout_exists", "group_id"):
            await layouts.update_layout(conn, clients_layout.id, {"group_id": None})
    async with contacts_db.transaction() as conn:
        moved = await layouts.update_layout(
            conn, clients_layout.id, {"group_id": staff, "name": "Staff card"}
        )
    assert (moved.group_id, moved.name) == (staff, "Staff card")
    async with contacts_db.transaction() as conn:
        with fails(Conflict, "layout_exists", "group_id"):
            await layouts.update_layout(conn, default.id, {"group_id": staff})
        with fails(NotFound, "layout_not_found", "id"):
            await layouts.update_layout(conn, uuid.uuid4(), {"name": "x"})
        with fails(NotFound, "layout_not_found", "id"):
            await layouts.delete_layout(conn, uuid.uuid4())
        with fails(InvalidInput, "unknown_field", "fields"):
            await layouts.update_layout(conn, default.id, {"colour": "red"})
    async with contacts_db.connection() as conn:
        with fails(NotFound, "layout_not_found", "id"):
            await layouts.get_layout(conn, uuid.uuid4())
        assert (await layouts.get_layout(conn, default.id)).name == "Default"


async def test_blocks_and_required_fields_are_checked_and_stored(contacts_db: Database) -> None:
    await make_field(contacts_db, "vip_level")
    await make_field(contacts_db, "budget")
    created = await new_layout(
        contacts_db,
        "Sales",
        blocks=[
            BlockInput("main", order=0),
            BlockInput("custom", order=1, title="Sales", fields=["vip_level", "custom.budget"]),
            BlockInput("finance", order=2, visible=False),
        ],
        required=["phones", "custom.vip_level"],
    )
    kinds = [b.kind for b in created.blocks]
    assert kinds[:3] == [BlockKind.MAIN, BlockKind.CUSTOM, BlockKind.FINANCE]
    assert created.blocks[1].fields == ("vip_level", "budget")
    assert len(created.blocks) == 12
    assert created.required_fields == ("phones", "custom.vip_level")
    async with contacts_db.connection() as conn:
        assert (await layouts.get_layout(conn, created.id)).blocks == created.blocks

    with fails(InvalidInput, "unknown_field", "blocks[0].fields[0]"):
        await new_layout(
            contacts_db, "Bad", blocks=[BlockInput("custom", title="X", fields=["nope"])]
        )
    with fails(InvalidInput, "invalid_block", "blocks[0].block"):
        await new_layout(contacts_db, "Bad", blocks=[BlockInput("sidebar")])
    with fails(InvalidInput, "unknown_field", "required_fields[0]"):
        await new_layout(contacts_db, "Bad", required=["custom.nope"])
    with fails(InvalidInput, "name_required", "name"):
        await new_layout(contacts_db, " ")
    async with contacts_db.transaction() as conn:
        with fails(InvalidInput, "duplicate_block", "blocks[1].block"):
            await layouts.update_layout(
                conn, created.id, {"blocks": [BlockInput("map"), BlockInput("map")]}
            )

    # A deleted custom field leaves the blocks and stops being required.
    async with contacts_db.transaction() as conn:
        await custom_fields.delete_field(conn, "vip_level")
    async with contacts_db.connection() as conn:
        now = await layouts.get_layout(conn, created.id)
        assert now.blocks[1].fields == ("budget",)
        assert now.required_fields == ("phones",)
        await layouts.required_fields_violation(conn, None, [], {"phones": ["+48600100200"]})


async def test_required_fields_violation_names_the_first_missing_field(
    contacts_db: Database,
) -> None:
    await make_field(contacts_db, "vip_level")
    vip = await make_group(contacts_db, "VIP", 1)
    await new_layout(contacts_db, "Default", required=["region"])
    vip_layout = await new_layout(
        contacts_db, "VIP", vip, required=["phones", "custom.vip_level", "birthday"]
    )
    draft = ContactDraft(kind=ContactKind.PERSON, first_name="Ola", region="Mazowieckie")
    contact_id = uuid.uuid4()
    async with contacts_db.connection() as conn:
        # Outside VIP, the default layout only asks for the region, which is there.
        await layouts.required_fields_violation(conn, None, [], field_values(draft))
        with fails(InvalidInput, "required", "phones") as caught:
            await layouts.required_fields_violation(conn, contact_id, [vip], field_values(draft))
        error = caught.value
        assert error.detail == "phones is required by the card layout"
        assert error.extra == {
            "missing": ["phones", "custom.vip_level", "birthday"],
            "layout_id": str(vip_layout.id),
            "contact_id": str(contact_id),
        }
        with fails(InvalidInput, "required", "region"):
            await layouts.required_fields_violation(conn, None, [], {"region": ""})
        filled = {"phones": ["+48600100200"], "custom.vip_level": "gold", "birthday": "1990-01-01"}
        await layouts.required_fields_violation(conn, contact_id, [vip], filled)


# --- standard field settings -------------------------------------------------------------------


async def test_standard_fields_are_shown_hidden_and_ordered(contacts_db: Database) -> None:
    async with contacts_db.connection() as conn:
        defaults = await settings.list_standard_fields(conn)
    assert [(s.name, s.visible, s.position) for s in defaults] == [
        (name, True, index) for index, name in enumerate(CARD_FIELDS)
    ]
    async with contacts_db.transaction() as conn:
        hidden = await settings.update_standard_field(conn, "middle_name", visible=False)
        assert (hidden.visible, hidden.position) == (False, CARD_FIELDS.index("middle_name"))
        moved = await settings.update_standard_field(conn, "region", position=0)
        assert (moved.visible, moved.position) == (True, 0)
        both = await settings.update_standard_field(conn, "kind", visible=False, position=900)
        assert (both.visible, both.position) == (False, 900)
    async with contacts_db.connection() as conn:
        now = {s.name: s for s in await settings.list_standard_fields(conn)}
        order = [s.name for s in await settings.list_standard_fields(conn)]
    assert now["middle_name"].visible is False
    assert order[0] == "region"
    assert order[-1] == "kind"
    assert len(order) == len(CARD_FIELDS)
    async with contacts_db.transaction() as conn:
        with fails(InvalidInput, "unknown_field", "name"):
            await settings.update_standard_field(conn, "shoe_size", visible=False)
        with fails(InvalidInput, "unknown_field", "name"):
            await settings.update_standard_field(conn, "custom", visible=False)
        with fails(InvalidInput, "invalid_position", "position"):
            await settings.update_standard_field(conn, "region", position=-1)


# --- activity types ----------------------------------------------------------------------------


async def test_activity_types_are_unique_in_any_case_and_ordered(contacts_db: Database) -> None:
    async with contacts_db.transaction() as conn:
        retail = await settings.create_activity_type(conn, "  Retail ")
        wholesale = await settings.create_activity_type(conn, "Wholesale")
        first = await settings.create_activity_type(conn, "Agriculture", position=0)
    assert (retail.name, retail.position, retail.contact_count) == ("Retail", 0, 0)
    assert wholesale.position == 1
    async with contacts_db.connection() as conn:
        listed = [a.name for a in await settings.list_activity_types(conn)]
    assert listed == ["Agriculture", "Retail", "Wholesale"]
    assert first.id != retail.id

    async with contacts_db.transaction() as conn:
        with fails(Conflict, "activity_name_taken", "name"):
            await settings.create_activity_type(conn, "RETAIL")
    async with contacts_db.transaction() as conn:
        with fails(Conflict, "activity_name_taken", "name"):
            await settings.update_activity_type(conn, wholesale.id, name="retail")
    async with contacts_db.transaction() as conn:
        renamed = await settings.update_activity_type(conn, retail.id, name="retail", position=7)
        assert (renamed.name, renamed.position) == ("retail", 7)
        with fails(NotFound, "activity_not_found", "id"):
            await settings.update_activity_type(conn, uuid.uuid4(), name="X")
        with fails(InvalidInput, "name_required", "name"):
            await settings.create_activity_type(conn, "")
        with fails(InvalidInput, "invalid_position", "position"):
            await settings.create_activity_type(conn, "Mining", position=-3)


async def test_an_activity_in_use_cannot_be_deleted(contacts_db: Database) -> None:
    async with contacts_db.transaction() as conn:
        retail = await settings.create_activity_type(conn, "Retail")
    live = await make_person(contacts_db, activity_id=retail.id)
    binned = await make_person(contacts_db, first_name="Binned", activity_id=retail.id)
    async with contacts_db.transaction() as conn:
        await contact_service.delete_contact(conn, binned, EMPLOYEE)
    async with contacts_db.connection() as conn:
        assert (await settings.list_activity_types(conn))[0].contact_count == 1

    async with contacts_db.transaction() as conn:
        with fails(Conflict, "activity_in_use", "id") as caught:
            await settings.delete_activity_type(conn, retail.id, EMPLOYEE)
    assert caught.value.extra == {"contact_count": 1}

    async with contacts_db.transaction() as conn:
        await contact_service.update_contact(
            conn, live, {"activity_id": None}, {}, contact_service.WriteContext(EMPLOYEE, "PL")
        )
    async with contacts_db.transaction() as conn:
        await settings.delete_activity_type(conn, retail.id, EMPLOYEE)
    async with contacts_db.connection() as conn:
        assert await settings.list_activity_types(conn) == []
        cursor = await conn.execute("SELECT activity_id FROM contact WHERE id = %s", [binned])
        assert await cursor.fetchone() == {"activity_id": None}
        entries, _ = await list_history(conn, binned, HistoryQuery(field="activity_id"), "")
    assert entries[0].old_value == str(retail.id)
    assert entries[0].new_value is None
    assert entries[0].actor_id == EMPLOYEE.id
    async with contacts_db.transaction() as conn:
        with fails(NotFound, "activity_not_found", "id"):
            await settings.delete_activity_type(conn, retail.id, EMPLOYEE)
