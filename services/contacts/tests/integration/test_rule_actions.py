"""Event-rule actions: listed contacts join or leave, the contact filter and people decide."""

from __future__ import annotations

import json
from typing import Any

from kartoteka_contacts.domain.contact import ContactDraft, ContactKind
from kartoteka_contacts.domain.groups import MembershipSource
from kartoteka_contacts.service import contacts as contact_service
from kartoteka_contacts.service import groups
from kartoteka_contacts.service.rule_actions import ActionSpec, apply_rule_actions
from kartoteka_contacts.service.rules import RuleSpec
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


async def test_add_follows_the_contact_filter_and_exclusions(contacts_db: Database) -> None:
    async with contacts_db.transaction() as conn:
        group = await groups.create_group(conn, None, "Leads", "", 0, 0, EMPLOYEE)
    a, b, kept_out, outsider = [
        await person(contacts_db, r) for r in ("mazowieckie",) * 3 + ("opolskie",)
    ]
    untouched = await person(contacts_db, "mazowieckie")
    async with contacts_db.transaction() as conn:
        await groups.remove_members(
            conn, group.id, Selection([str(kept_out.id)], ""), exclude=True, actor=EMPLOYEE
        )
    local = json.dumps({"field": "region", "op": "eq", "value": "mazowieckie"})
    anyone = RuleSpec(group.id, "rule-any", "")
    async with contacts_db.transaction() as conn:
        outcomes = await apply_rule_actions(
            conn,
            [
                ActionSpec(
                    RuleSpec(group.id, "rule-local", local),
                    False,
                    [a.id, kept_out.id, outsider.id],
                ),
                ActionSpec(anyone, False, [b.id, a.id]),
            ],
        )
    assert [(o.added, o.removed, o.error) for o in outcomes] == [(1, 0, None), (1, 0, None)]
    assert await members(contacts_db, group.id) == {
        a.id: ("rule", "rule-local"),
        b.id: ("rule", "rule-any"),
    }, "only listed contacts, matching, never over a person's exclusion"
    assert untouched.id not in await members(contacts_db, group.id)


async def test_remove_takes_only_rule_made_memberships(contacts_db: Database) -> None:
    async with contacts_db.transaction() as conn:
        group = await groups.create_group(conn, None, "Warm", "", 0, 0, EMPLOYEE)
    by_rule, by_person = await person(contacts_db, "x"), await person(contacts_db, "x")
    async with contacts_db.transaction() as conn:
        await groups.add_members(
            conn,
            group.id,
            Selection([str(by_person.id)], ""),
            MembershipSource.MANUAL,
            None,
            EMPLOYEE,
        )
        await apply_rule_actions(
            conn, [ActionSpec(RuleSpec(group.id, "adder", ""), False, [by_rule.id])]
        )
        [outcome] = await apply_rule_actions(
            conn,
            [ActionSpec(RuleSpec(group.id, "remover", ""), True, [by_rule.id, by_person.id])],
        )
    assert (outcome.added, outcome.removed) == (0, 1)
    assert await members(contacts_db, group.id) == {by_person.id: ("manual", None)}


async def test_a_broken_action_is_reported_and_the_others_apply(contacts_db: Database) -> None:
    async with contacts_db.transaction() as conn:
        group = await groups.create_group(conn, None, "Any", "", 0, 0, EMPLOYEE)
    someone = await person(contacts_db, "x")
    gone = json.dumps({"field": "custom.gone", "op": "eq", "value": 1})
    async with contacts_db.transaction() as conn:
        broken, good = await apply_rule_actions(
            conn,
            [
                ActionSpec(RuleSpec(group.id, "broken", gone), False, [someone.id]),
                ActionSpec(RuleSpec(group.id, "good", ""), False, [someone.id]),
            ],
        )
    assert broken.error is not None
    assert (broken.error.code, broken.error.field) == ("unknown_field", "filter.field")
    assert (good.added, good.error) == (1, None)
