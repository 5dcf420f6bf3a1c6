"""A million realistic contacts in seconds: set-based SQL straight into the `contacts` schema.

Every column is written in the form the contacts service writes it (see
`kartoteka_contacts.store.contacts` and `domain.contact.search_text`): `display_name` is
"First Last" or the company name, `search_text` is `fold_text` of names and emails followed by
the phone digits, custom values are in each type's storage form, and every email and phone also
has its `contact_identity` row. The secondary indexes are dropped for the load and rebuilt
from their own definitions afterwards, as any bulk import of this size would do.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import _names as names
import psycopg
from _catalog import BENCH_ACTOR, MANAGERS, STATUS_WEIGHTS
from psycopg import sql

Timings = dict[str, float]
SCHEMA = "contacts"
_LOADED_TABLES = ("contact", "contact_identity", "group_membership")

# An IMMUTABLE SQL function is inlined: one array subscript per pick, no call overhead.
_PICK = """
CREATE FUNCTION pg_temp.pick(items text[], u float8) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN items[1 + floor(u * cardinality(items))::int]
"""

# One row of random draws per contact (OFFSET 0 keeps each draw evaluated exactly once),
# then the columns built from them. Names are drawn with a skew (u^1.5) so the common names
# of each list are more frequent, as in a real register.
_CONTACTS = """
INSERT INTO contact (id, kind, first_name, last_name, company_name, display_name, gender,
    birthday, country_code, emails, phones, addresses, region, source, manager_id, custom,
    search_text, created_at, created_by, updated_at, updated_by)
SELECT uuidv7(p.created_at - now()), p.kind, p.first_name, p.last_name, p.company_name,
    CASE WHEN p.kind = 'company' THEN p.company_name ELSE p.first_name || ' ' || p.last_name END,
    p.gender, p.birthday, 'PL',
    jsonb_build_array(jsonb_build_object('address', p.email, 'label', 'work', 'primary', true)),
    jsonb_build_array(jsonb_build_object('number', p.phone, 'label', 'mobile', 'primary', true)),
    jsonb_build_array(jsonb_build_object('label', 'home', 'street', p.street, 'city', p.city,
        'postal_code', p.postal_code, 'region', p.region, 'country_code', 'PL')),
    p.region, p.source, p.manager_id, p.custom,
    fold_text(concat_ws(' ', NULLIF(p.first_name, ''), NULLIF(p.last_name, ''),
        NULLIF(p.company_name, ''), p.email, ltrim(p.phone, '+'))),
    p.created_at, %(actor)s, p.created_at, %(actor)s
FROM (
    SELECT n.kind, n.first_name, n.last_name, n.company_name, n.gender, n.region, n.city,
        n.source, n.manager_id, n.created_at,
        CASE WHEN n.kind = 'company' THEN n.custom || jsonb_build_object('website',
            'https://www.' || replace(fold_text(n.stem), ' ', '') || '.pl')
            ELSE n.custom END AS custom,
        CASE WHEN n.kind = 'company' THEN NULL
            WHEN n.u_birthday < 0.6 THEN date '1950-01-01' + floor(n.u_birthday * 33000)::int
        END AS birthday,
        CASE WHEN n.kind = 'company'
            THEN 'biuro' || n.n || '@' || replace(fold_text(n.stem), ' ', '') || '.pl'
            ELSE fold_text(n.first_name) || '.' || fold_text(n.last_name) || n.n || '@'
                || pg_temp.pick(%(domains)s, n.u_domain)
        END AS email,
        '+48' || (500000000 + n.n)::text AS phone,
        'ul. ' || pg_temp.pick(%(streets)s, n.u_street) || ' ' || (1 + floor(n.u_house * 120))
            AS street,
        n.postal_prefix || '-' || lpad(floor(n.u_postal * 1000)::text, 3, '0') AS postal_code
    FROM (
        SELECT r.n, r.created_at, r.u_birthday, r.u_domain, r.u_street, r.u_house, r.u_postal,
            r.stem, r.custom,
            CASE WHEN r.company THEN 'company' ELSE 'person' END AS kind,
            CASE WHEN r.company THEN ''
                WHEN r.polish AND r.female THEN pg_temp.pick(%(pl_female)s, r.u_first)
                WHEN r.polish THEN pg_temp.pick(%(pl_male)s, r.u_first)
                WHEN r.female THEN pg_temp.pick(%(en_female)s, r.u_first)
                ELSE pg_temp.pick(%(en_male)s, r.u_first)
            END AS first_name,
            CASE WHEN r.company THEN ''
                WHEN r.polish AND r.female THEN pg_temp.pick(%(pl_surname_f)s, r.u_last)
                WHEN r.polish THEN pg_temp.pick(%(pl_surname_m)s, r.u_last)
                ELSE pg_temp.pick(%(en_surname)s, r.u_last)
            END AS last_name,
            CASE WHEN r.company THEN r.stem || ' ' || pg_temp.pick(%(cities)s, r.u_region)
                || ' ' || pg_temp.pick(%(forms)s, r.u_first) ELSE '' END AS company_name,
            CASE WHEN r.company THEN NULL WHEN r.female THEN 'female' ELSE 'male' END AS gender,
            pg_temp.pick(%(regions)s, r.u_region) AS region,
            pg_temp.pick(%(cities)s, r.u_region) AS city,
            pg_temp.pick(%(postal_prefixes)s, r.u_region) AS postal_prefix,
            pg_temp.pick(%(sources)s, r.u_source) AS source,
            pg_temp.pick(%(managers)s, r.u_manager) AS manager_id
        FROM (
            SELECT g.n,
                now() - (1 - g.n::float8 / %(count)s) * interval '1825 days' AS created_at,
                random() < 0.05 AS company, random() < 0.7 AS polish, random() < 0.5 AS female,
                power(random(), 1.5) AS u_first, power(random(), 1.5) AS u_last,
                random() AS u_region, random() AS u_manager, random() AS u_source,
                random() AS u_birthday, random() AS u_domain, random() AS u_street,
                random() AS u_house, random() AS u_postal,
                pg_temp.pick(%(stems)s, random()) AS stem,
                jsonb_strip_nulls(jsonb_build_object(
                    'status', pg_temp.pick(%(statuses)s, random()),
                    'score', CASE WHEN random() < 0.8 THEN floor(random() * 101)::int END,
                    'annual_revenue', CASE WHEN random() < 0.4
                        THEN to_char(power(random(), 3) * 5000000, 'FM9999999990.00') END,
                    'first_purchase', CASE WHEN random() < 0.6
                        THEN to_char(date '2016-01-01' + floor(random() * 3600)::int,
                            'YYYY-MM-DD') END,
                    'newsletter', CASE WHEN random() < 0.7 THEN random() < 0.45 END,
                    'referral_code', CASE WHEN random() < 0.2
                        THEN 'REF-' || upper(to_hex(g.n::bigint * 7919)) END,
                    'interests', (SELECT jsonb_agg(o.value ORDER BY o.value)
                        FROM unnest(%(interests)s::text[]) WITH ORDINALITY AS o(value, i)
                        WHERE g.n %% 2 = 0 AND random() < 0.3),
                    'credit_limit', CASE WHEN random() < 0.3 THEN jsonb_build_object(
                        'amount', (1000 * (1 + floor(random() * 50)))::int || '.00',
                        'currency', 'PLN') END,
                    'last_contacted', CASE WHEN random() < 0.5
                        THEN to_char((now() - random() * interval '730 days') AT TIME ZONE 'UTC',
                            'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') END
                )) AS custom
            FROM generate_series(1, %(count)s) AS g(n)
            OFFSET 0
        ) r
        OFFSET 0
    ) n
) p
"""

_IDENTITIES = """
INSERT INTO contact_identity (kind, value, contact_id)
SELECT kind, value, id FROM (
    SELECT 'email' AS kind, emails -> 0 ->> 'address' AS value, id FROM contact
    WHERE created_by = %(actor)s
    UNION ALL
    SELECT 'phone', phones -> 0 ->> 'number', id FROM contact WHERE created_by = %(actor)s
) s
ORDER BY kind, value
"""

# Each contact joins each group with that group's share as probability (3 groups on average).
# The draw is a column of the joined row: in WHERE, the planner would push `random() < share`
# down to the 20-row group list and draw once per group instead of once per pair.
_MEMBERSHIPS = """
INSERT INTO group_membership (group_id, contact_id, source, added_at, added_by)
SELECT pair.group_id, pair.contact_id, 'import', pair.created_at, %(actor)s
FROM (
    SELECT g.id AS group_id, c.id AS contact_id, c.created_at, g.share, random() AS u
    FROM contact c
    CROSS JOIN unnest(%(group_ids)s::uuid[], %(shares)s::float8[]) AS g(id, share)
    WHERE c.created_by = %(actor)s
    OFFSET 0
) pair
WHERE pair.u < pair.share
ORDER BY pair.group_id, pair.contact_id
"""

_SECONDARY_INDEXES = """
SELECT ic.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace s ON s.oid = t.relnamespace
WHERE s.nspname = %(schema)s AND t.relname = ANY(%(tables)s)
    AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
ORDER BY ic.relname
"""


def generated_count(conn: psycopg.Connection[Any]) -> int:
    """How many contacts an earlier run generated in this database."""
    row = conn.execute(
        "SELECT count(*) FROM contact WHERE created_by = %s", [BENCH_ACTOR]
    ).fetchone()
    return int(row[0]) if row else 0


def generate(
    conn: psycopg.Connection[Any], count: int, groups: Sequence[tuple[UUID, float]]
) -> Timings:
    """Insert `count` contacts, their identities and memberships; returns seconds per phase.

    `conn` is an autocommit superuser connection. The load is one transaction, so a failure
    leaves the database as it was, indexes included. FK triggers are off for it
    (`session_replication_role = replica`) since every reference is generated valid.
    """
    timings: Timings = {}
    with conn.transaction():
        conn.execute("SET LOCAL session_replication_role = replica")
        conn.execute("SET LOCAL maintenance_work_mem = '2GB'")
        conn.execute("SELECT setseed(0.20261203)")
        conn.execute(_PICK)
        with _phase(timings, "drop_secondary_indexes"):
            saved = _drop_secondary_indexes(conn)
        with _phase(timings, "contacts"):
            conn.execute(_CONTACTS, _contact_params(count))
        with _phase(timings, "contact_identity"):
            conn.execute(_IDENTITIES, {"actor": BENCH_ACTOR})
        with _phase(timings, "group_membership"):
            conn.execute(_MEMBERSHIPS, _membership_params(groups))
        with _phase(timings, "rebuild_indexes"):
            for definition in saved:
                conn.execute(sql.SQL(definition))
    with _phase(timings, "vacuum_analyze"):
        for table in _LOADED_TABLES:
            conn.execute(sql.SQL("VACUUM (ANALYZE) {}").format(sql.Identifier(table)))
    return timings


def _membership_params(groups: Sequence[tuple[UUID, float]]) -> dict[str, object]:
    return {
        "actor": BENCH_ACTOR,
        "group_ids": [group_id for group_id, _ in groups],
        "shares": [share for _, share in groups],
    }


def _contact_params(count: int) -> dict[str, object]:
    regions = names.VOIVODESHIPS
    # Population-weighted lists: one slot per 10,000 inhabitants, so a uniform draw is weighted.
    slots = [place for place in regions for _ in range(place[3] // 10)]
    return {
        "count": count,
        "actor": BENCH_ACTOR,
        "pl_female": list(names.PL_FEMALE),
        "pl_male": list(names.PL_MALE),
        "pl_surname_m": [male for male, _ in names.PL_SURNAMES],
        "pl_surname_f": [female for _, female in names.PL_SURNAMES],
        "en_female": list(names.EN_FEMALE),
        "en_male": list(names.EN_MALE),
        "en_surname": list(names.EN_SURNAMES),
        "stems": list(names.COMPANY_STEMS),
        "forms": list(names.COMPANY_FORMS),
        "streets": list(names.STREETS),
        "domains": list(names.MAIL_DOMAINS),
        "sources": list(names.SOURCES),
        "regions": [place[0] for place in slots],
        "cities": [place[1] for place in slots],
        "postal_prefixes": [place[2] for place in slots],
        "managers": list(MANAGERS),
        "statuses": [value for value, weight in STATUS_WEIGHTS.items() for _ in range(weight)],
        "interests": ["cooking", "finance", "music", "sport", "tech", "travel"],
    }


def _drop_secondary_indexes(conn: psycopg.Connection[Any]) -> list[str]:
    rows = conn.execute(
        _SECONDARY_INDEXES, {"schema": SCHEMA, "tables": list(_LOADED_TABLES)}
    ).fetchall()
    for name, _ in rows:
        conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    return [definition for _, definition in rows]


@contextmanager
def _phase(timings: Timings, name: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    timings[name] = round(time.perf_counter() - started, 2)
    print(f"  generated {name} in {timings[name]:.1f} s", flush=True)
