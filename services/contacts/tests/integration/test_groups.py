"""The group tree and memberships: moves, cycles, selections by ids and by filter, exclusions."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from kartoteka_contacts.domain.contact import ContactDraft, ContactKind
from kartoteka_contacts.domain.groups import MembershipSource
from kartoteka_contacts.service import contacts as contact_service
from kartoteka_contacts.service import groups
from kartoteka_contacts.service.history import list_history
from kartoteka_contacts.service.selection import Selection
from kartoteka_contacts.store.history import Actor, HistoryQuery
from kartoteka_platform.db import Database
from kartoteka_platform.errors import Conflict, InvalidInput
from psycopg.errors import ForeignKeyViolation

EMPLOYEE = Actor("employee", "emp-1", "api")
RULE = Actor("rule", "rule-7", "rule", "rule-7")


async def make_group(db: Database, name: str, parent: Any = None) -> Any:
    async with db.transaction() as conn:
        return await groups.create_group(
            conn, parent.id if parent else None, name, "", 0, 0, EMPLOYEE
        )


async def make_people(db: Database, regions: list[str]) -> list[uuid.UUID]:
    ids = []
    ctx = contact_service.WriteContext(EMPLOYEE, "PL")
    for index, region in enumerate(regions):
        async with db.transaction() as conn:
            card = await contact_service.create_contact(
                conn,
                ContactDraft(
                    kind=ContactKind.PERSON,
                    first_name="Osoba",
                    last_name=str(index),
                    region=region,
                ),
                ctx,
            )
        ids.append(card.id)
    return ids


def by_ids(ids: list[uuid.UUID]) -> Selection:
    return Selection([str(i) for i in ids], "")


def by_filter(node: dict[str, Any]) -> Selection:
    return Selection([], json.dumps(node))


async def tree(db: Database) -> dict[str, Any]:
    async with db.connection() as conn:
        return {g.name: g for g in await groups.list_groups(conn)}


async def test_tree_counts_and_moves(contacts_db: Database) -> None:
    clients = await make_group(contacts_db, "Clients")
    vip = await make_group(contacts_db, "VIP", clients)
    gold = await make_group(contacts_db, "Gold", vip)
    people = await make_people(contacts_db, ["A", "B", "C"])
    async with contacts_db.transaction() as conn:
        assert (
            await groups.add_members(
                conn, gold.id, by_ids(people[:2]), MembershipSource.MANUAL, None, EMPLOYEE
            )
            == 2
        )
        assert (
            await groups.add_members(
                conn, vip.id, by_ids(people[1:]), MembershipSource.MANUAL, None, EMPLOYEE
            )
            == 2
        )
        assert (
            await groups.add_members(
                conn, vip.id, by_ids(people[1:]), MembershipSource.MANUAL, None, EMPLOYEE
            )
            == 0
        )
    counts = {
        n: (g.member_count, g.subtree_member_count) for n, g in (await tree(contacts_db)).items()
    }
    assert all(type(n) is int for pair in counts.values() for n in pair), "int64 on the wire"
    # Subtree counts add up the groups: person 1 is in both VIP and Gold and counts in each.
    assert counts == {"Clients": (0, 4), "VIP": (2, 4), "Gold": (2, 2)}
    with pytest.raises(InvalidInput) as cycle:
        async with contacts_db.transaction() as conn:
            await groups.move_group(conn, clients.id, gold.id, 0)
    assert cycle.value.code == "group_cycle"
    async with contacts_db.transaction() as conn:
        moved = await groups.move_group(conn, vip.id, None, 0)
    assert moved.path == [vip.id]
    assert (await tree(contacts_db))["Gold"].path == [vip.id, gold.id]
    with pytest.raises(Conflict):
        async with contacts_db.transaction() as conn:
            await groups.delete_group(conn, vip.id)


async def test_filter_selection_and_sticky_exclusions(contacts_db: Database) -> None:
    warm = await make_group(contacts_db, "Warm leads")
    people = await make_people(contacts_db, ["Mazowieckie", "Mazowieckie", "Pomorskie"])
    in_mazowieckie = by_filter({"field": "region", "op": "eq", "value": "Mazowieckie"})
    async with contacts_db.transaction() as conn:
        added = await groups.add_members(
            conn, warm.id, in_mazowieckie, MembershipSource.RULE, "rule-7", RULE
        )
        assert added == 2
        removed = await groups.remove_members(
            conn, warm.id, by_ids([people[0]]), exclude=True, actor=EMPLOYEE
        )
        assert removed == 1
        # The rule runs again: the person's manual removal sticks.
        assert (
            await groups.add_members(
                conn, warm.id, in_mazowieckie, MembershipSource.RULE, "rule-7", RULE
            )
            == 0
        )
        # A person may still add them back by hand, which lifts the exclusion.
        assert (
            await groups.add_members(
                conn, warm.id, by_ids([people[0]]), MembershipSource.MANUAL, None, EMPLOYEE
            )
            == 1
        )
        memberships = await groups.contact_groups(conn, people[1])
        history, _ = await list_history(conn, people[0], HistoryQuery(field="groups"), "")
        events = await (
            await conn.execute(
                "SELECT event_type FROM outbox WHERE event_type LIKE '%%group%%' ORDER BY seq"
            )
        ).fetchall()
    assert [(m.group_name, m.source, m.rule_id) for m in memberships] == [
        ("Warm leads", MembershipSource.RULE, "rule-7")
    ]
    assert [(h.actor_kind, h.new_value is not None) for h in history] == [
        ("employee", True),
        ("employee", False),
        ("rule", True),
    ]
    assert [row["event_type"].rsplit(".", 1)[-1] for row in events] == [
        "member_added",
        "member_removed",
        "member_added",
    ]


async def test_group_filters_with_and_without_subgroups(contacts_db: Database) -> None:
    parent = await make_group(contacts_db, "Parent")
    child = await make_group(contacts_db, "Child", parent)
    people = await make_people(contacts_db, ["X", "Y"])
    async with contacts_db.transaction() as conn:
        await groups.add_members(
            conn, child.id, by_ids([people[0]]), MembershipSource.MANUAL, None, EMPLOYEE
        )
        other = await groups.create_group(conn, None, "Other", "", 0, 0, EMPLOYEE)
        with_subgroups = by_filter({"group": str(parent.id), "subgroups": True, "op": "in"})
        assert (
            await groups.add_members(
                conn, other.id, with_subgroups, MembershipSource.MANUAL, None, EMPLOYEE
            )
            == 1
        )
        only_parent = by_filter({"group": str(parent.id), "subgroups": False, "op": "in"})
        assert (
            await groups.remove_members(conn, other.id, only_parent, exclude=False, actor=EMPLOYEE)
            == 0
        )
    with pytest.raises(InvalidInput) as unknown:
        async with contacts_db.transaction() as conn:
            await groups.add_members(
                conn,
                other.id,
                by_filter({"all": [{"group": str(uuid.uuid4()), "subgroups": True, "op": "in"}]}),
                MembershipSource.MANUAL,
                None,
                EMPLOYEE,
            )
    assert unknown.value.code == "unknown_group"
    assert unknown.value.field == "filter.all[0].group"


async def test_member_counts_follow_adds_removals_and_the_bin(contacts_db: Database) -> None:
    group = await make_group(contacts_db, "Counted")
    people = await make_people(contacts_db, ["A"] * 5)

    async def count() -> int:
        return int((await tree(contacts_db))["Counted"].member_count)

    async with contacts_db.transaction() as conn:
        await groups.add_members(
            conn, group.id, by_ids(people), MembershipSource.MANUAL, None, EMPLOYEE
        )
    assert await count() == 5
    async with contacts_db.transaction() as conn:
        await contact_service.delete_contact(conn, people[0], EMPLOYEE)
        await groups.remove_members(
            conn, group.id, by_ids(people[1:3]), exclude=False, actor=EMPLOYEE
        )
    assert await count() == 2, "the bin and removals both leave the count"
    async with contacts_db.transaction() as conn:
        await contact_service.restore_contact(
            conn, people[0], contact_service.WriteContext(EMPLOYEE, "PL")
        )
    assert await count() == 3


async def test_a_membership_names_a_contact_that_exists_and_that_contact_stays(
    contacts_db: Database,
) -> None:
    group = await make_group(contacts_db, "Checked")
    member, other = await make_people(contacts_db, ["Opolskie", "Opolskie"])
    insert = (
        "INSERT INTO group_membership (group_id, contact_id, source, added_by)"
        " SELECT %s, id, 'manual', 'emp-1' FROM unnest(%s::uuid[]) AS id"
    )
    async with contacts_db.transaction() as conn:
        await conn.execute(insert, [group.id, [member]])

    # One statement, one missing contact among existing ones: the whole statement fails.
    with pytest.raises(ForeignKeyViolation, match="does not exist"):
        await _run(contacts_db, insert, [group.id, [uuid.uuid4(), other]])
    with pytest.raises(ForeignKeyViolation, match="still a member"):
        await _run(contacts_db, "DELETE FROM contact WHERE id = %s", [member])
    async with contacts_db.connection() as conn:
        rows = await (
            await conn.execute(
                "SELECT contact_id FROM group_membership WHERE group_id = %s", [group.id]
            )
        ).fetchall()
    assert [row["contact_id"] for row in rows] == [member]


async def test_a_membership_names_a_group_that_exists_and_that_group_stays(
    contacts_db: Database,
) -> None:
    group = await make_group(contacts_db, "Kept")
    [binned] = await make_people(contacts_db, ["Opolskie"])
    async with contacts_db.transaction() as conn:
        await contact_service.delete_contact(conn, binned, EMPLOYEE)
    insert = (
        "INSERT INTO group_membership (group_id, contact_id, source, added_by)"
        " VALUES (%s, %s, 'manual', 'emp-1')"
    )
    with pytest.raises(ForeignKeyViolation, match=r"names group .* which does not exist"):
        await _run(contacts_db, insert, [uuid.uuid4(), binned])
    # A card in the bin keeps its groups but is not counted: the group has no count row,
    # so only the membership itself can keep the group row from being deleted.
    await _run(contacts_db, insert, [group.id, binned])
    with pytest.raises(ForeignKeyViolation, match="still has members"):
        await _run(contacts_db, "DELETE FROM contact_group WHERE id = %s", [group.id])
    assert (await tree(contacts_db))["Kept"].member_count == 0


async def _run(db: Database, statement: str, params: list[Any]) -> None:
    async with db.transaction() as conn:
        await conn.execute(statement, params)
