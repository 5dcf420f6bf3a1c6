"""Searching contacts on PostgreSQL: the filter language compiled to SQL, keyset pages, sorts
with NULLs, cursors, totals and query plans.

The first half seeds one small database of cards for the module; every case is a filter and the
exact set of display names it must match, run twice: as `compile_where` inside a query that also
has a `%s` parameter (the way bulk operations reuse it), and through `search_contact_ids`. The
second half gives each test a fresh database, since it adds rows while it pages.
"""

from __future__ import annotations

import base64
import json
import random
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from kartoteka_contacts import MIGRATIONS
from kartoteka_contacts.domain.custom_fields import FieldDefinition, FieldOption, FieldType
from kartoteka_contacts.domain.custom_fields.temporal import stored_moment
from kartoteka_contacts.store.filter_sql import compile_where, custom_field_index_sql
from kartoteka_contacts.store.search import (
    MatchCount,
    SortKey,
    count_matching,
    search_contact_ids,
    search_query,
)
from kartoteka_devstack.infra import InfraUrls
from kartoteka_devstack.testing import create_database, drop_database
from kartoteka_platform.db import Connection, Database
from kartoteka_platform.errors import InvalidInput
from kartoteka_platform.migrations import apply_migrations
from psycopg import sql
from psycopg.types.json import Jsonb

NOW = datetime.now(UTC)
TODAY = NOW.date()
COLOURS = (FieldOption("red", "Czerwony"), FieldOption("green", "Zielony"))
DEFS = {
    d.key: d
    for d in (
        FieldDefinition("nickname", "Nickname", FieldType.TEXT),
        FieldDefinition("notes", "Notes", FieldType.LONG_TEXT),
        FieldDefinition("score", "Score", FieldType.INTEGER),
        FieldDefinition("ratio", "Ratio", FieldType.DECIMAL),
        FieldDefinition("budget", "Budget", FieldType.MONEY, settings={"currencies": ["PLN"]}),
        FieldDefinition("fee", "Fee", FieldType.MONEY),
        FieldDefinition("signed", "Signed", FieldType.DATE),
        FieldDefinition("seen", "Seen", FieldType.DATETIME),
        FieldDefinition("vip", "VIP", FieldType.CHECKBOX),
        FieldDefinition("colour", "Colour", FieldType.DROPDOWN, options=COLOURS),
        FieldDefinition("colours", "Colours", FieldType.MULTI_SELECT, options=COLOURS),
        FieldDefinition("site", "Site", FieldType.LINK),
        FieldDefinition("referrer", "Referrer", FieldType.CONTACT_REF),
    )
}


def ids(*names: str) -> dict[str, uuid.UUID]:
    return {name: uuid.uuid5(uuid.NAMESPACE_DNS, name) for name in names}


ID = ids(
    "Anna Kowalska", "Bartosz Nowak", "Celina Wiśniewska", "Piotr Żółć", "Zofia Null",
    "Łódź Trans", "Promo 100%", "Holding Alfa", "Alfa Sub", "Alfa SubSub", "Alfa Deep",
    "Other Co", "Hanna Holding", "Sylwia Sub", "Tomasz Subsub", "Urszula Deep", "Olga Other",
    "Edward Usunięty", "ACTIVITY",
)  # fmt: skip
GROUP = ids("G1", "G2", "G3", "GDEL", "GX")
A, B, C, P, Z = "Anna Kowalska", "Bartosz Nowak", "Celina Wiśniewska", "Piotr Żółć", "Zofia Null"
L, PROMO, E = "Łódź Trans", "Promo 100%", "Edward Usunięty"
COMPANIES = {L, PROMO, "Holding Alfa", "Alfa Sub", "Alfa SubSub", "Alfa Deep", "Other Co"}
EMPLOYED = {"Hanna Holding", "Sylwia Sub", "Tomasz Subsub", "Urszula Deep", "Olga Other"}
ALL = {name for name in ID if name not in (E, "ACTIVITY")}
PERSONS = ALL - COMPANIES
NONE: set[str] = set()


@dataclass
class Card:
    name: str
    kind: str = "person"
    first: str = ""
    last: str = ""
    middle: str = ""
    region: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    custom: dict[str, Any] | None = None
    columns: dict[str, Any] | None = None


def cards() -> list[Card]:
    def person(name: str, **extra: Any) -> Card:
        first, last = name.split(" ", 1)
        return Card(name, first=first, last=last, **extra)

    def company(name: str, parent: str | None = None, **extra: Any) -> Card:
        columns = {"company_name": name, "company_id": ID[parent] if parent else None}
        return Card(name, kind="company", columns=columns, **extra)

    def works(name: str, at: str) -> Card:
        return person(name, columns={"company_id": ID[at]})

    return [
        # Companies first: people point at them.
        company("Holding Alfa"),
        company("Alfa Sub", "Holding Alfa"),
        company("Alfa SubSub", "Alfa Sub"),
        company("Alfa Deep", "Alfa SubSub"),
        company("Other Co"),
        company(L, region="Łódzkie", emails=("biuro@lodztrans.pl",)),
        company(PROMO, emails=("hello@promo.pl",)),
        works("Hanna Holding", "Holding Alfa"),
        works("Sylwia Sub", "Alfa Sub"),
        works("Tomasz Subsub", "Alfa SubSub"),
        works("Urszula Deep", "Alfa Deep"),
        works("Olga Other", "Other Co"),
        person(
            A,
            middle="Maria",
            region="Mazowieckie",
            emails=("anna.kowalska@example.com",),
            phones=("+48600100200",),
            columns={
                "manager_id": "emp-1", "gender": "female", "birthday": date(1990, 5, 1),
                "country_code": "PL", "activity_id": ID["ACTIVITY"], "source": "web",
                "description": "Lubi kawę i rower", "created_at": NOW - timedelta(days=10),
                "updated_at": NOW - timedelta(days=1),
            },
            custom={
                "nickname": "Ania", "notes": "Klientka od 2019", "score": 10, "ratio": "12.50",
                "budget": {"amount": "100.00", "currency": "PLN"},
                "fee": {"amount": "5.00", "currency": "EUR"}, "signed": "2024-01-15",
                "seen": stored_moment(NOW - timedelta(days=2)), "vip": True, "colour": "red",
                "colours": ["green", "red"], "site": "https://example.com/anna",
                "referrer": str(ID[B]),
            },
        ),
        person(
            B,
            region="Mazowieckie",
            emails=("b.nowak@firma.pl", "bcxw@gmail.com"),
            phones=("+48600200300",),
            columns={
                "manager_id": "emp-2", "gender": "male", "country_code": "DE", "source": "import",
                "created_at": NOW - timedelta(days=100), "updated_at": NOW - timedelta(days=50),
            },
            custom={
                "nickname": "Bartek", "notes": "Zamówił 3 rowery", "score": 5, "ratio": "3.00",
                "budget": {"amount": "20.00", "currency": "PLN"},
                "fee": {"amount": "5.00", "currency": "PLN"}, "signed": "2023-06-01",
                "seen": stored_moment(NOW - timedelta(days=40)), "vip": False,
                "colour": "green", "colours": ["green"], "site": "https://nowak.pl",
                "referrer": str(ID[A]),
            },
        ),
        person(
            C,
            region="Pomorskie",
            emails=("c_wis@example.com",),
            columns={"birthday": date(1985, 12, 24), "created_at": NOW - timedelta(days=400)},
            custom={
                "score": 100, "ratio": "0.50", "signed": "2024-03-01",
                "seen": "2024-03-01T10:00:00.000000Z", "colours": ["red"],
            },
        ),
        person(
            P,
            region="Łódzkie",
            phones=("+48221234567",),
            columns={
                "gender": "male", "birthday": TODAY - timedelta(days=3),
                "created_at": NOW - timedelta(days=1),
            },
            custom={"signed": (TODAY - timedelta(days=2)).isoformat()},
        ),
        # JSON null and "" count as empty, like a missing key.
        person(Z, custom={"nickname": "", "score": None, "colours": []}),
        person(E, region="Mazowieckie", columns={"deleted_at": NOW}),
    ]  # fmt: skip


async def insert_card(conn: Connection, card: Card) -> None:
    columns: dict[str, Any] = {
        "id": ID[card.name],
        "kind": card.kind,
        "first_name": card.first,
        "last_name": card.last,
        "middle_name": card.middle,
        "display_name": card.name,
        "region": card.region,
        "custom": Jsonb(card.custom or {}),
        "emails": Jsonb([{"address": e, "label": "", "primary": False} for e in card.emails]),
        "phones": Jsonb([{"number": p, "label": "", "primary": False} for p in card.phones]),
        "created_by": "test",
        "updated_by": "test",
        **(card.columns or {}),
    }
    names = sql.SQL(", ").join(sql.Identifier(name) for name in columns)
    values = sql.SQL(", ").join(sql.Placeholder(name) for name in columns)
    # search_text as the card writer builds it: fold_text of names and emails, phone digits.
    await conn.execute(
        sql.SQL(
            "INSERT INTO contact ({}, search_text) VALUES ({},"
            " fold_text(concat_ws(' ', %(first_name)s::text, %(middle_name)s::text,"
            " %(last_name)s::text, %(display_name)s::text, %(email_text)s::text))"
            " || ' ' || %(digits)s::text)"
        ).format(names, values),
        {
            **columns,
            "email_text": " ".join(card.emails),
            "digits": " ".join("".join(ch for ch in p if ch.isdigit()) for p in card.phones),
        },
    )
    for kind, values_ in (("email", card.emails), ("phone", card.phones)):
        for value in values_:
            await conn.execute(
                "INSERT INTO contact_identity (kind, value, contact_id) VALUES (%s, %s, %s)",
                [kind, value, ID[card.name]],
            )


async def seed(conn: Connection) -> None:
    await conn.execute(
        "INSERT INTO activity_type (id, name) VALUES (%s, 'Retail')", [ID["ACTIVITY"]]
    )
    tree = [("G1", None), ("G2", "G1"), ("G3", "G2"), ("GDEL", "G1"), ("GX", None)]
    paths: dict[str, list[uuid.UUID]] = {}
    for name, parent in tree:
        paths[name] = [*(paths[parent] if parent else []), GROUP[name]]
        await conn.execute(
            "INSERT INTO contact_group (id, parent_id, name, path, created_by, deleted_at)"
            " VALUES (%s, %s, %s, %s, 'test', %s)",
            [GROUP[name], GROUP[parent] if parent else None, name, paths[name],
             NOW if name == "GDEL" else None],
        )  # fmt: skip
    for card in cards():
        await insert_card(conn, card)
    for group, member in (("G1", A), ("G2", B), ("G3", C), ("GDEL", P), ("GX", Z)):
        await conn.execute(
            "INSERT INTO group_membership (group_id, contact_id, source, added_by)"
            " VALUES (%s, %s, 'manual', 'test')",
            [GROUP[group], ID[member]],
        )


@pytest.fixture(scope="module")
async def seeded(infra_urls: InfraUrls) -> AsyncIterator[Database]:
    url = create_database(infra_urls.database_url)
    try:
        apply_migrations(url, MIGRATIONS)
        database = Database(url, "contacts", max_size=2)
        await database.open()
        async with database.transaction() as conn:
            await seed(conn)
        yield database
        await database.close()
    finally:
        drop_database(url)


NAME_OF = {value: key for key, value in ID.items()}


async def names_matching(db: Database, node: dict[str, Any], *, deleted: bool = False) -> set[str]:
    async with db.connection() as conn:
        where = compile_where(node, DEFS, deleted=deleted)
        query = sql.SQL("SELECT c.id FROM contact c WHERE {} AND c.id <> %s").format(where)
        rows = await (await conn.execute(query, [uuid.UUID(int=1)])).fetchall()
        page = await search_contact_ids(
            conn, node, definitions=DEFS, sort=[], page_size=500, cursor=None, deleted=deleted
        )
    found = {NAME_OF[row["id"]] for row in rows}
    assert {NAME_OF[i] for i in page.ids} == found
    assert (page.total, page.total_is_estimate) == (len(found), False)
    return found


def f(field: str, op: str, value: Any = None) -> dict[str, Any]:
    node: dict[str, Any] = {"field": field, "op": op}
    if value is not None:
        node["value"] = value
    return node


def iso(moment: datetime) -> str:
    return moment.isoformat()


STANDARD_CASES = [
    (f("kind", "eq", "company"), COMPANIES),
    (f("kind", "ne", "company"), PERSONS),
    (f("kind", "in", ["person"]), PERSONS),
    (f("kind", "not_in", ["person"]), COMPANIES),
    (f("first_name", "eq", "Anna"), {A}),
    (f("first_name", "ne", "Anna"), ALL - {A}),
    (f("last_name", "in", ["Nowak", "Żółć"]), {B, P}),
    (f("last_name", "not_in", ["Nowak"]), ALL - {B}),
    (f("middle_name", "not_empty"), {A}),
    (f("middle_name", "empty"), ALL - {A}),
    (f("display_name", "contains", "KOWAL"), {A}),
    (f("display_name", "contains", "lodz"), {L}),
    (f("display_name", "starts_with", "alfa"), {"Alfa Sub", "Alfa SubSub", "Alfa Deep"}),
    (f("display_name", "contains", "100%"), {PROMO}),
    (f("display_name", "contains", "_"), NONE),
    (f("company_name", "starts_with", "łódź"), {L}),
    (f("region", "eq", "Mazowieckie"), {A, B}),
    (f("region", "ne", "Mazowieckie"), ALL - {A, B}),
    (f("region", "empty"), ALL - {A, B, C, P, L}),
    (f("source", "in", ["web", "import"]), {A, B}),
    (f("description", "contains", "KAWE"), {A}),
    (f("description", "empty"), ALL - {A}),
    (f("manager_id", "eq", "emp-1"), {A}),
    (f("manager_id", "ne", "emp-1"), ALL - {A}),
    (f("manager_id", "in", ["emp-1", "emp-2"]), {A, B}),
    (f("manager_id", "not_in", ["emp-2"]), ALL - {B}),
    (f("manager_id", "empty"), ALL - {A, B}),
    (f("manager_id", "not_empty"), {A, B}),
    (f("activity_id", "eq", str(ID["ACTIVITY"])), {A}),
    (f("activity_id", "empty"), ALL - {A}),
    (f("gender", "eq", "female"), {A}),
    (f("gender", "ne", "female"), ALL - {A}),
    (f("gender", "empty"), ALL - {A, B, P}),
    (f("country_code", "eq", "pl"), {A}),
    (f("country_code", "in", ["DE", "PL"]), {A, B}),
    (f("country_code", "empty"), ALL - {A, B}),
    (f("company_id", "eq", str(ID["Holding Alfa"])), {"Hanna Holding", "Alfa Sub"}),
    (f("company_id", "empty"), ALL - EMPLOYED - {"Alfa Sub", "Alfa SubSub", "Alfa Deep"}),
    (f("birthday", "eq", "1990-05-01"), {A}),
    (f("birthday", "before", "1991-01-01"), {A, C}),
    (f("birthday", "after", "1989-12-31"), {A, P}),
    (f("birthday", "between", ["1985-01-01", "1990-05-01"]), {A, C}),
    (f("birthday", "within_last_days", 7), {P}),
    (f("birthday", "older_than_days", 365), {A, C}),
    (f("birthday", "empty"), ALL - {A, C, P}),
    (f("birthday", "not_empty"), {A, C, P}),
    # `not` of a condition on a missing value keeps the card: not (true) is all the others.
    ({"not": f("birthday", "before", "1991-01-01")}, ALL - {A, C}),
    (f("created_at", "within_last_days", 30), ALL - {B, C}),
    (f("created_at", "older_than_days", 90), {B, C}),
    (f("created_at", "before", iso(NOW - timedelta(days=200))), {C}),
    (f("created_at", "between", [iso(NOW - timedelta(days=150)), iso(NOW - timedelta(days=50))]),
     {B}),
    (f("created_at", "after", iso(NOW - timedelta(days=5))), ALL - {A, B, C}),
    (f("updated_at", "older_than_days", 30), {B}),
    (f("email", "eq", "ANNA.KOWALSKA@example.com"), {A}),
    (f("email", "eq", "bcxw@gmail.com"), {B}),
    (f("email", "ne", "bcxw@gmail.com"), ALL - {B}),
    (f("email", "in", ["c_wis@example.com", "hello@promo.pl"]), {C, PROMO}),
    (f("email", "not_in", ["c_wis@example.com"]), ALL - {C}),
    (f("email", "contains", "FIRMA"), {B}),
    (f("email", "contains", "_"), {C}),
    (f("email", "empty"), ALL - {A, B, C, L, PROMO}),
    (f("email", "not_empty"), {A, B, C, L, PROMO}),
    (f("phone", "eq", "+48600100200"), {A}),
    (f("phone", "ne", "+48600100200"), ALL - {A}),
    (f("phone", "in", ["+48600100200", "+48600200300"]), {A, B}),
    (f("phone", "not_in", ["+48600100200"]), ALL - {A}),
    (f("phone", "empty"), ALL - {A, B, P}),
]  # fmt: skip

CUSTOM_CASES = [
    (f("custom.nickname", "eq", "Ania"), {A}),
    (f("custom.nickname", "ne", "Ania"), ALL - {A}),
    (f("custom.nickname", "in", ["Ania", "Bartek"]), {A, B}),
    (f("custom.nickname", "not_in", ["Ania"]), ALL - {A}),
    (f("custom.nickname", "contains", "ART"), {B}),
    (f("custom.nickname", "starts_with", "an"), {A}),
    (f("custom.nickname", "empty"), ALL - {A, B}),
    (f("custom.nickname", "not_empty"), {A, B}),
    ({"not": f("custom.nickname", "contains", "art")}, ALL - {B}),
    (f("custom.notes", "contains", "ROWERY"), {B}),
    (f("custom.notes", "empty"), ALL - {A, B}),
    (f("custom.score", "eq", 10), {A}),
    (f("custom.score", "ne", 10), ALL - {A}),
    (f("custom.score", "in", [5, "100"]), {B, C}),
    (f("custom.score", "not_in", [5]), ALL - {B}),
    (f("custom.score", "gt", 5), {A, C}),
    (f("custom.score", "gte", 10), {A, C}),
    (f("custom.score", "lt", 10), {B}),
    (f("custom.score", "lte", 10), {A, B}),
    (f("custom.score", "between", [5, 10]), {A, B}),
    (f("custom.score", "empty"), ALL - {A, B, C}),
    (f("custom.score", "not_empty"), {A, B, C}),
    ({"not": f("custom.score", "gt", 5)}, ALL - {A, C}),
    (f("custom.ratio", "eq", "12,5"), {A}),
    (f("custom.ratio", "ne", "12.5"), ALL - {A}),
    (f("custom.ratio", "in", ["3", "0,5"]), {B, C}),
    (f("custom.ratio", "gt", 1), {A, B}),
    (f("custom.ratio", "between", ["0,5", 3]), {B, C}),
    (f("custom.ratio", "lte", "0.5"), {C}),
    (f("custom.budget", "gt", 50), {A}),
    (f("custom.budget", "lt", "50"), {B}),
    (f("custom.budget", "between", [10, 100]), {A, B}),
    (f("custom.budget", "eq", "100 PLN"), {A}),
    (f("custom.budget", "empty"), ALL - {A, B}),
    (f("custom.fee", "gte", "1 EUR"), {A}),  # B's fee is in PLN
    (f("custom.fee", "eq", {"amount": "5", "currency": "PLN"}), {B}),
    (f("custom.signed", "eq", "2024-01-15"), {A}),
    (f("custom.signed", "before", "2024-01-01"), {B}),
    (f("custom.signed", "after", "2024-01-15"), {C, P}),
    (f("custom.signed", "between", ["2024-01-01", "2024-03-01"]), {A, C}),
    (f("custom.signed", "within_last_days", 7), {P}),
    (f("custom.signed", "older_than_days", 30), {A, B, C}),
    (f("custom.signed", "empty"), ALL - {A, B, C, P}),
    (f("custom.seen", "within_last_days", 7), {A}),
    (f("custom.seen", "older_than_days", 30), {B, C}),
    (f("custom.seen", "before", "2024-03-01T10:00:01Z"), {C}),
    (f("custom.seen", "after", "2024-03-01"), {A, B}),
    (f("custom.seen", "between", ["2024-03-01", "2024-03-01"]), {C}),  # the whole day
    (f("custom.seen", "not_empty"), {A, B, C}),
    (f("custom.vip", "eq", True), {A}),
    (f("custom.vip", "eq", "nie"), ALL - {A}),  # unticked, or never set
    ({"not": f("custom.vip", "eq", True)}, ALL - {A}),
    (f("custom.vip", "empty"), ALL - {A, B}),
    (f("custom.colour", "eq", "Czerwony"), {A}),
    (f("custom.colour", "ne", "red"), ALL - {A}),
    (f("custom.colour", "in", ["red", "Zielony"]), {A, B}),
    (f("custom.colour", "not_in", ["red"]), ALL - {A}),
    (f("custom.colour", "empty"), ALL - {A, B}),
    (f("custom.colours", "has_any", ["red"]), {A, C}),
    (f("custom.colours", "has_any", ["Zielony", "red"]), {A, B, C}),
    (f("custom.colours", "has_all", ["green", "red"]), {A}),
    (f("custom.colours", "has_all", ["green"]), {A, B}),
    (f("custom.colours", "empty"), ALL - {A, B, C}),
    (f("custom.colours", "not_empty"), {A, B, C}),
    (f("custom.site", "eq", "example.com/anna"), {A}),
    (f("custom.site", "contains", "NOWAK"), {B}),
    (f("custom.site", "empty"), ALL - {A, B}),
    (f("custom.referrer", "eq", str(ID[B])), {A}),
    (f("custom.referrer", "in", [str(ID[A]), str(ID[B])]), {A, B}),
    (f("custom.referrer", "empty"), ALL - {A, B}),
]  # fmt: skip

H = str(ID["Holding Alfa"])
STRUCTURE_CASES = [
    ({"all": []}, ALL),
    ({"any": []}, NONE),
    ({"not": {"all": []}}, NONE),
    ({"not": {"any": []}}, ALL),
    ({"all": [f("region", "eq", "Mazowieckie"), f("gender", "eq", "male")]}, {B}),
    ({"any": [f("first_name", "eq", "Anna"), f("last_name", "eq", "Nowak")]}, {A, B}),
    ({"not": {"any": [f("first_name", "eq", "Anna"), f("last_name", "eq", "Nowak")]}},
     ALL - {A, B}),
    ({"not": {"all": [f("region", "eq", "Mazowieckie"), f("custom.score", "gt", 5)]}},
     ALL - {A}),
    ({"all": [{"any": [f("kind", "eq", "company"), f("custom.score", "gte", 10)]},
              {"not": f("region", "empty")}]}, {A, C, L}),
    ({"not": {"not": f("first_name", "eq", "Anna")}}, {A}),
    ({"group": str(GROUP["G1"])}, {A}),
    ({"group": str(GROUP["G1"]), "subgroups": True}, {A, B, C}),  # not P: GDEL is deleted
    ({"group": str(GROUP["G2"]), "subgroups": True}, {B, C}),
    ({"group": str(GROUP["G3"]), "subgroups": True}, {C}),
    ({"group": str(GROUP["G2"]), "subgroups": False}, {B}),
    ({"group": str(GROUP["G1"]), "subgroups": True, "op": "not_in"}, ALL - {A, B, C}),
    ({"not": {"group": str(GROUP["G1"]), "op": "not_in"}}, {A}),
    ({"company": H}, {"Hanna Holding", "Alfa Sub"}),
    ({"company": H, "holding": True},
     {"Hanna Holding", "Alfa Sub", "Sylwia Sub", "Alfa SubSub", "Tomasz Subsub", "Alfa Deep",
      "Urszula Deep"}),
    ({"company": str(ID["Alfa SubSub"]), "holding": True},
     {"Tomasz Subsub", "Alfa Deep", "Urszula Deep"}),
    ({"not": {"company": H, "holding": True}},
     ALL - {"Hanna Holding", "Alfa Sub", "Sylwia Sub", "Alfa SubSub", "Tomasz Subsub",
            "Alfa Deep", "Urszula Deep"}),
]  # fmt: skip

SEARCH_CASES = [
    ("lodz", {L}),
    ("ŁÓDŹ", {L}),
    ("zolc", {P}),
    ("Żółć", {P}),
    ("KOWALSKA", {A}),
    ("firma.pl", {B}),
    ("600-100-200", {A}),
    ("+48 600 100 200", {A}),
    ("(22) 123-45-67", {P}),
    ("600 200", {B}),
    ("100%", {PROMO}),
    ("%", {PROMO}),
    ("_", {C}),
    ("c_w", {C}),  # not "bcxw": the underscore is no wildcard
    ("", ALL),
    ("usunięty", NONE),  # deleted cards never match
]


@pytest.mark.parametrize(("node", "expected"), STANDARD_CASES)
async def test_standard_fields(seeded: Database, node: dict[str, Any], expected: set[str]) -> None:
    assert await names_matching(seeded, node) == expected


@pytest.mark.parametrize(("node", "expected"), CUSTOM_CASES)
async def test_custom_fields(seeded: Database, node: dict[str, Any], expected: set[str]) -> None:
    assert await names_matching(seeded, node) == expected


@pytest.mark.parametrize(("node", "expected"), STRUCTURE_CASES)
async def test_nesting_groups_and_companies(
    seeded: Database, node: dict[str, Any], expected: set[str]
) -> None:
    assert await names_matching(seeded, node) == expected


@pytest.mark.parametrize(("text", "expected"), SEARCH_CASES)
async def test_quick_search(seeded: Database, text: str, expected: set[str]) -> None:
    assert await names_matching(seeded, {"search": text}) == expected


async def test_deleted_cards_only_when_asked(seeded: Database) -> None:
    assert await names_matching(seeded, f("region", "eq", "Mazowieckie"), deleted=True) == {E}
    assert await names_matching(seeded, {"search": "usuniety"}, deleted=True) == {E}


@pytest.mark.parametrize("group", ["0190f5a0-0000-7000-8000-00000000dead", "GDEL"])
async def test_unknown_or_deleted_group_is_refused_with_its_path(
    seeded: Database, group: str
) -> None:
    group_id = str(GROUP.get(group, group))
    node = {"all": [f("region", "empty"), {"any": [{"group": str(GROUP["G1"])},
                                                    {"group": group_id}]}]}  # fmt: skip
    async with seeded.connection() as conn:
        with pytest.raises(InvalidInput) as caught:
            await search_contact_ids(
                conn, node, definitions=DEFS, sort=[SortKey("display_name")], page_size=10,
                cursor=None,
            )  # fmt: skip
        assert (caught.value.code, caught.value.field) == (
            "unknown_group",
            "filter.all[1].any[1].group",
        )
        with pytest.raises(InvalidInput) as caught:
            await count_matching(conn, node, definitions=DEFS)
        assert caught.value.code == "unknown_group"


# === paging, sorting, cursors, totals and plans: a fresh database per test =====================


_INSERT = (
    "INSERT INTO contact (id, kind, display_name, region, birthday, custom, search_text,"
    " created_by, updated_by) VALUES (%s, 'person', %s, %s, %s, %s, fold_text(%s), 't', 't')"
)


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    apply_migrations(database_url, MIGRATIONS)
    database = Database(database_url, "contacts", max_size=2)
    await database.open()
    yield database
    await database.close()


async def insert(
    db: Database,
    name: str,
    *,
    region: str = "",
    birthday: date | None = None,
    custom: dict[str, Any] | None = None,
) -> uuid.UUID:
    contact_id = uuid.uuid4()
    async with db.transaction() as conn:
        await conn.execute(_INSERT, [contact_id, name, region, birthday, Jsonb(custom or {}), name])
    return contact_id


async def page(
    db: Database,
    node: dict[str, Any] | None = None,
    *,
    sort: Sequence[SortKey] = (),
    page_size: int = 20,
    cursor: str | None = None,
    **options: Any,
) -> Any:
    async with db.connection() as conn:
        return await search_contact_ids(
            conn,
            node,
            definitions=DEFS,
            sort=list(sort),
            page_size=page_size,
            cursor=cursor,
            **options,
        )


async def every_page(
    db: Database, node: dict[str, Any] | None, sort: Sequence[SortKey], page_size: int
) -> list[uuid.UUID]:
    found: list[uuid.UUID] = []
    cursor = None
    for _ in range(1000):
        result = await page(db, node, sort=sort, page_size=page_size, cursor=cursor)
        found.extend(result.ids)
        if result.next_cursor is None:
            return found
        cursor = result.next_cursor
    raise AssertionError("paging never ended")


async def ordered_ids(db: Database, order: str, where: str = "TRUE") -> list[uuid.UUID]:
    """The reference order, written out by hand for each test."""
    async with db.connection() as conn:
        # Constants of this module, never input.
        query = f"SELECT c.id FROM contact c WHERE c.deleted_at IS NULL AND {where} ORDER BY {order}"  # noqa: S608, E501  # fmt: skip
        rows = await (await conn.execute(query)).fetchall()
    return [row["id"] for row in rows]


# --- keyset paging ------------------------------------------------------------------------------


async def test_250_rows_in_pages_of_20_each_once_in_order_while_rows_arrive(db: Database) -> None:
    rng = random.Random(7)
    original = {await insert(db, f"Name {rng.randrange(40):02d}") for _ in range(250)}
    seen: list[uuid.UUID] = []
    cursor = None
    pages = 0
    while True:
        result = await page(db, sort=[SortKey("display_name")], cursor=cursor)
        if pages == 0:
            assert (result.total, result.total_is_estimate) == (250, False)
        pages += 1
        seen.extend(result.ids)
        # Newcomers before, among and after the rows already paged: none may disturb the order.
        for name in ("Aaa early", f"Name {rng.randrange(40):02d}", "Zzz late"):
            await insert(db, name)
        if result.next_cursor is None:
            break
        cursor = result.next_cursor
    assert len(seen) == len(set(seen))
    assert original <= set(seen)
    reference = await ordered_ids(db, "c.display_name, c.id")
    assert [i for i in reference if i in set(seen)] == seen
    assert pages >= 13


SORTS = [
    ([SortKey("birthday")], "c.birthday ASC NULLS LAST, c.id ASC"),
    ([SortKey("birthday", True)], "c.birthday DESC NULLS LAST, c.id DESC"),
    ([SortKey("region"), SortKey("birthday", True)],
     "c.region ASC, c.birthday DESC NULLS LAST, c.id DESC"),
    ([SortKey("custom.score", True), SortKey("display_name")],
     "(c.custom->>'score')::numeric DESC NULLS LAST, c.display_name ASC, c.id ASC"),
    ([SortKey("custom.score")], "(c.custom->>'score')::numeric ASC NULLS LAST, c.id ASC"),
    ([SortKey("custom.signed", True)],
     "(c.custom->>'signed') COLLATE \"C\" DESC NULLS LAST, c.id DESC"),
    ([SortKey("display_name", True)], "c.display_name DESC, c.id DESC"),
    ([SortKey("created_at", True), SortKey("last_name", True)],
     "c.created_at DESC, c.last_name DESC, c.id DESC"),
]  # fmt: skip


@pytest.mark.parametrize(("sort", "order"), SORTS)
async def test_sorts_with_nulls_and_directions_page_exactly_like_order_by(
    db: Database, sort: list[SortKey], order: str
) -> None:
    for i in range(45):
        custom: dict[str, Any] = {} if i % 5 == 0 else {"score": i % 9}
        if i % 3:
            custom["signed"] = f"2024-0{1 + i % 4}-1{i % 2}"
        await insert(
            db,
            f"Name {i % 6}",
            region=("", "A", "B")[i % 3],
            birthday=None if i % 4 == 0 else date(1980 + i % 7, 1, 1),
            custom=custom,
        )
    expected = await ordered_ids(db, order)
    for page_size in (1, 7, 45):
        assert await every_page(db, None, sort, page_size) == expected


async def test_a_filtered_page_sequence(db: Database) -> None:
    for i in range(60):
        await insert(db, f"Name {i:02d}", region="Mazowieckie" if i % 2 else "Pomorskie")
    node = {"field": "region", "op": "eq", "value": "Mazowieckie"}
    found = await every_page(db, node, [SortKey("display_name", True)], 7)
    assert found == await ordered_ids(
        db, "c.display_name DESC, c.id DESC", "c.region = 'Mazowieckie'"
    )
    assert len(found) == 30


# --- cursors and arguments ---------------------------------------------------------------------


def forge(cursor: str, change: dict[str, Any]) -> str:
    body = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    body.update(change)
    return base64.urlsafe_b64encode(json.dumps(body).encode()).decode().rstrip("=")


async def test_cursors_are_refused_for_another_query_or_when_malformed(db: Database) -> None:
    for i in range(5):
        await insert(db, f"Name {i}", region="A")
    node = {"field": "region", "op": "eq", "value": "A"}
    first = await page(db, node, sort=[SortKey("display_name")], page_size=2)
    cursor = first.next_cursor
    assert cursor is not None
    assert cursor.isascii()
    assert "=" not in cursor
    assert "+" not in cursor
    assert "/" not in cursor
    second = await page(db, node, sort=[SortKey("display_name")], page_size=2, cursor=cursor)
    assert not set(second.ids) & set(first.ids)
    bad: list[tuple[str, dict[str, Any]]] = [
        ("garbage!!", {}),
        (base64.urlsafe_b64encode(b"not json").decode(), {}),
        ("x" * 20_000, {}),
        (cursor, {"node": {"field": "region", "op": "eq", "value": "B"}}),
        (cursor, {"node": {"all": [node]}}),
        (cursor, {"sort": [SortKey("display_name", True)]}),
        (cursor, {"sort": [SortKey("created_at")]}),
        (cursor, {"deleted": True}),
        (forge(cursor, {"v": [12]}), {}),
        (forge(cursor, {"v": []}), {}),
        (forge(cursor, {"v": [None]}), {}),  # display_name is never NULL
        (forge(cursor, {"id": "nope"}), {}),
        (forge(cursor, {"h": "0" * 16}), {}),
    ]
    for bad_cursor, change in bad:
        options: dict[str, Any] = {"node": node, "sort": [SortKey("display_name")], **change}
        with pytest.raises(InvalidInput) as caught:
            await page(db, options.pop("node"), cursor=bad_cursor, page_size=2, **options)
        assert (caught.value.code, caught.value.field) == ("invalid_cursor", "cursor"), change


@pytest.mark.parametrize(
    ("sort", "page_size", "code", "field"),
    [
        ([SortKey("display_name")], 0, "invalid_page_size", "page_size"),
        ([SortKey("display_name")], 501, "invalid_page_size", "page_size"),
        ([SortKey("region"), SortKey("email")], 10, "invalid_sort", "sort[1].field"),
        ([SortKey("custom.vip")], 10, "invalid_sort", "sort[0].field"),
        ([SortKey("custom.nope")], 10, "invalid_sort", "sort[0].field"),
        ([SortKey("region"), SortKey("region", True)], 10, "invalid_sort", "sort[1].field"),
        ([SortKey("region")] * 5, 10, "invalid_sort", "sort"),
    ],
)
async def test_bad_page_size_and_sort(
    db: Database, sort: list[SortKey], page_size: int, code: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        await page(db, sort=sort, page_size=page_size)
    assert (caught.value.code, caught.value.field) == (code, field)


async def test_filter_errors_reach_the_caller_with_their_path(db: Database) -> None:
    node = {"all": [{"field": "region", "op": "eq", "value": "A"}, {"field": "x", "op": "eq"}]}
    with pytest.raises(InvalidInput) as caught:
        await page(db, node)
    assert (caught.value.code, caught.value.field) == ("unknown_field", "filter.all[1].field")


# --- totals ------------------------------------------------------------------------------------


async def test_exact_and_estimated_totals(db: Database) -> None:
    for i in range(30):
        await insert(db, f"Name {i:02d}", region="A" if i < 12 else "B")
    async with db.transaction() as conn:
        await conn.execute("ANALYZE contact")
    # A first page that is not full is its own exact total.
    small = await page(db, {"field": "region", "op": "eq", "value": "A"}, page_size=20)
    assert (len(small.ids), small.total, small.total_is_estimate) == (12, 12, False)
    # More than a page: the planner expects few rows, so they are counted exactly.
    first = await page(db, page_size=10)
    assert (first.total, first.total_is_estimate) == (30, False)
    last = await page(db, page_size=10, cursor=(await page(db, page_size=25)).next_cursor)
    assert (len(last.ids), last.total, last.total_is_estimate) == (5, 30, False)
    # Above the threshold the planner's estimate is returned instead.
    rough = await page(db, page_size=10, exact_count_threshold=1)
    assert rough.total_is_estimate
    assert 11 <= rough.total <= 60
    async with db.connection() as conn:
        node = {"field": "region", "op": "eq", "value": "B"}
        assert await count_matching(conn, node, definitions=DEFS) == MatchCount(18, False)
        exact = await count_matching(conn, node, definitions=DEFS, exact_count_threshold=None)
        assert exact == MatchCount(18, False)
        estimate = await count_matching(conn, node, definitions=DEFS, exact_count_threshold=1)
        assert estimate.is_estimate
        assert 1 <= estimate.total <= 60


# --- plans -------------------------------------------------------------------------------------


def index_names(plan: Any) -> set[str]:
    found: set[str] = set()
    stack = [plan]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "Index Name" in item:
                found.add(item["Index Name"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


async def plan_of(conn: Connection, query: sql.Composable) -> Any:
    row = await (await conn.execute(sql.SQL("EXPLAIN (FORMAT JSON) {}").format(query))).fetchone()
    assert row is not None
    return row["QUERY PLAN"]


async def test_plans_use_the_indexes_on_20k_rows(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO contact (id, kind, display_name, region, custom, search_text,"
            " created_by, updated_by)"
            " SELECT gen_random_uuid(), 'person', md5(i::text), 'Region ' || (i % 20),"
            " jsonb_build_object('score', i, 'nickname', md5((i * 7)::text),"
            "   'signed', to_char(date '2000-01-01' + i, 'YYYY-MM-DD')),"
            " md5(i::text), 't', 't' FROM generate_series(1, 20000) AS i"
        )
    async with db.connection() as conn:
        await conn.set_autocommit(True)
        for definition in DEFS.values():
            statement = custom_field_index_sql(definition)
            if statement is not None:
                await conn.execute(statement)
        await conn.execute("ANALYZE contact")
        await conn.set_autocommit(False)
    async with db.connection() as conn:
        region = {"field": "region", "op": "eq", "value": "Region 7"}
        query = search_query(region, definitions=DEFS, sort=[SortKey("display_name")], page_size=20)
        used = index_names(await plan_of(conn, query))
        assert used & {"contact_region", "contact_display_name"}, used
        cases: list[tuple[dict[str, Any], str]] = [
            ({"field": "custom.score", "op": "gt", "value": 19_990}, "contact_cf_score"),
            ({"field": "custom.signed", "op": "after", "value": "2054-01-01"}, "contact_cf_signed"),
            ({"field": "custom.nickname", "op": "contains", "value": "c4ca42"},
             "contact_cf_nickname"),
            ({"search": "c4ca4238"}, "contact_search"),
            ({"field": "custom.score", "op": "eq", "value": 77}, "contact_custom"),
        ]  # fmt: skip
        for node, index in cases:
            count = sql.SQL("SELECT count(*) FROM contact c WHERE {}").format(
                compile_where(node, DEFS)
            )
            assert index in index_names(await plan_of(conn, count)), node
