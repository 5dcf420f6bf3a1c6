"""Rule-owned memberships follow the data; people's choices win; broken rules are reported."""

from __future__ import annotations

import json
from typing import Any

from kartoteka_contacts.domain.contact import ContactDraft, ContactKind
from kartoteka_contacts.domain.groups import MembershipSource
from kartoteka_contacts.service import contacts as contact_service
from kartoteka_contacts.service import groups
from kartoteka_contacts.service.rules import RuleSpec, preview_rule, sync_rules
from kartoteka_contacts.service.selection import Selection
from kartoteka_contacts.store.history import Actor
from kartoteka_platform.db import Database

EMPLOYEE = Actor("employee", "emp-1", "api")
CTX = contact_service.WriteContext(EMPLOYEE, "PL")


async def person(db: Database, region: str) -> Any:
    async with db.transaction() as conn:
        return await contact_service.create_contact(
            conn, ContactDraft(kind=ContactKind.PERSON, last_name="Nowak", region=region), CTX
        )


async def members(db: Database, group_id: Any) -> dict[Any, tuple[str, str | None]]:
    async with db.connection() as conn:
        rows = await (
            await conn.execute(
                "SELECT contact_id, source, rule_id FROM group_membership WHERE group_id = %s",
                [group_id],
            )
        ).fetchall()
    return {row["contact_id"]: (row["source"], row["rule_id"]) for row in rows}


def in_region(region: str) -> str:
    return json.dumps({"field": "region", "op": "eq", "value": region})


async def test_membership_follows_the_filter_and_people_win(contacts_db: Database) -> None:
    async with contacts_db.transaction() as conn:
        group = await groups.create_group(conn, None, "Gdańsk area", "", 0, 0, EMPLOYEE)
    a, b, c = [await person(contacts_db, "pomorskie") for _ in range(3)]
    other = await person(contacts_db, "opolskie")
    rule = RuleSpec(group.id, "rule-1", in_region("pomorskie"))
    async with contacts_db.transaction() as conn:
        # People act first: one added by hand, one kept out by hand.
        await groups.add_members(
            conn, group.id, Selection([str(other.id)], ""), MembershipSource.MANUAL, None, EMPLOYEE
        )
        await groups.remove_members(
            conn, group.id, Selection([str(c.id)], ""), exclude=True, actor=EMPLOYEE
        )
        preview = await preview_rule(conn, rule, 10)
        [outcome] = await sync_rules(conn, [rule], None)
    assert (preview.would_join, preview.would_leave, preview.members_after) == (2, 0, 3)
    assert (outcome.added, outcome.removed) == (2, 0)
    assert await members(contacts_db, group.id) == {
        a.id: ("rule", "rule-1"),
        b.id: ("rule", "rule-1"),
        other.id: ("manual", None),
    }
    # b moves away: only b leaves, and only when the contact is in scope.
    async with contacts_db.transaction() as conn:
        await contact_service.update_contact(conn, b.id, {"region": "opolskie"}, {}, CTX)
        [untouched] = await sync_rules(conn, [rule], [a.id])
        [scoped] = await sync_rules(conn, [rule], [b.id])
    assert (untouched.added, untouched.removed) == (0, 0)
    assert (scoped.added, scoped.removed) == (0, 1)
    assert set(await members(contacts_db, group.id)) == {a.id, other.id}


async def test_a_broken_rule_is_reported_and_the_others_apply(contacts_db: Database) -> None:
    async with contacts_db.transaction() as conn:
        group = await groups.create_group(conn, None, "Any", "", 0, 0, EMPLOYEE)
    someone = await person(contacts_db, "lubuskie")
    broken = RuleSpec(
        group.id, "broken", json.dumps({"field": "custom.gone", "op": "eq", "value": 1})
    )
    good = RuleSpec(group.id, "good", in_region("lubuskie"))
    async with contacts_db.transaction() as conn:
        outcomes = await sync_rules(conn, [broken, good], None)
    assert outcomes[0].error is not None
    assert (outcomes[0].error.code, outcomes[0].error.field) == ("unknown_field", "filter.field")
    assert (outcomes[1].added, outcomes[1].error) == (1, None)
    assert set(await members(contacts_db, group.id)) == {someone.id}


async def test_stale_members_leave_before_new_ones_join(contacts_db: Database) -> None:
    """The removal runs first, so it reads only the rule's earlier members, never the rows
    the same run adds (a new group of 300,000 re-tested them all)."""
    async with contacts_db.transaction() as conn:
        group = await groups.create_group(conn, None, "Movers", "", 0, 0, EMPLOYEE)
    leaver = await person(contacts_db, "śląskie")
    rule = RuleSpec(group.id, "rule-movers", in_region("śląskie"))
    async with contacts_db.transaction() as conn:
        await sync_rules(conn, [rule], None)
        await contact_service.update_contact(conn, leaver.id, {"region": "opolskie"}, {}, CTX)
    joiner = await person(contacts_db, "śląskie")
    async with contacts_db.connection() as conn:
        row = await (await conn.execute("SELECT max(seq) AS seq FROM outbox")).fetchone()
    assert row is not None
    async with contacts_db.transaction() as conn:
        [outcome] = await sync_rules(conn, [rule], None)
        cursor = await conn.execute(
            "SELECT event_type FROM outbox WHERE seq > %s AND event_type LIKE '%%group%%'"
            " ORDER BY seq",
            [row["seq"]],
        )
        events = [r["event_type"] for r in await cursor.fetchall()]
    assert (outcome.added, outcome.removed) == (1, 1)
    assert events == [
        "kartoteka.contacts.group.member_removed",
        "kartoteka.contacts.group.member_added",
    ]
    assert set(await members(contacts_db, group.id)) == {joiner.id}
