"""A filter rule's group built through the gateway, against a raw INSERT … SELECT of its rows.

The rule is created with POST /api/v1/smart-rules into a new, empty group; the build is timed
from that POST to the moment the group's committed member count (kept by the contacts
service's triggers, what GET /api/v1/groups shows) reaches every matching contact. The
contacts service adds a rule's members in one transaction, so the count jumps at the commit
and a 50 ms poll of it costs nothing measurable.
"""

from __future__ import annotations

import itertools
import os
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import psycopg
from kartoteka_contacts.store.filter_sql import compile_where
from psycopg import sql

# A copy of the membership table, with its indexes (not its triggers or foreign keys).
COPY_TABLE = "bench_membership_copy"
_POLL_SECONDS = 0.05


@dataclass(frozen=True)
class Selection:
    """The regions a filter names and how many live contacts they hold."""

    regions: list[str]
    contacts: int
    share: float

    @property
    def filter(self) -> dict[str, Any]:
        return {"field": "region", "op": "in", "value": self.regions}


def closest_regions(conn: psycopg.Connection[Any], share: float) -> Selection:
    """The set of regions whose live contacts come closest to `share` of all of them."""
    rows = conn.execute(
        "SELECT region, count(*) FROM contact WHERE deleted_at IS NULL GROUP BY region"
    ).fetchall()
    conn.rollback()
    total = sum(n for _, n in rows)
    best: tuple[float, int, tuple[tuple[str, int], ...]] | None = None
    # 16 voivodeships: 65,536 subsets, enumerated in well under a second.
    for size in range(1, len(rows) + 1):
        for subset in itertools.combinations(rows, size):
            distance = abs(sum(n for _, n in subset) - share * total)
            if best is None or (distance, size) < best[:2]:
                best = (distance, size, subset)
    assert best is not None, "no contacts to select"
    picked = best[2]
    count = sum(n for _, n in picked)
    return Selection(sorted(region for region, _ in picked), count, round(count / total, 4))


def build_group(
    api: httpx.Client, conn: psycopg.Connection[Any], selection: Selection, tag: str
) -> dict[str, Any]:
    """Create a group and a filter rule into it; seconds until every match is a member."""
    group = _created(api.post("/api/v1/groups", json={"name": f"Bench smart group {tag}"}))
    group_id = uuid.UUID(group["id"])
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    rule = _created(
        api.post(
            "/api/v1/smart-rules",
            json={"name": f"Bench regions {tag}", "group_id": str(group_id),
                  "filter": selection.filter},
        )
    )  # fmt: skip
    answered = time.perf_counter()
    members = 0
    while members < selection.contacts:
        members = _member_count(conn, group_id)
        if time.perf_counter() - started > 1800:
            raise TimeoutError(f"the group has {members:,} of {selection.contacts:,} members")
        time.sleep(_POLL_SECONDS)
    done = time.perf_counter()
    return {
        "group_id": str(group_id),
        "rule_id": rule["id"],
        "members": members,
        "post_seconds": round(answered - started, 3),
        "build_seconds": round(done - started, 2),
        "load_average_1m": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "api_check": _api_check(api, group_id),
    }


def raw_insert_select(conn: psycopg.Connection[Any], selection: Selection) -> dict[str, Any]:
    """Seconds of one INSERT … SELECT of the same rows into a copy of the membership table
    (its rows and indexes, made before the clock starts), committed; `conn` is autocommit."""
    table = sql.Identifier(COPY_TABLE)
    conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(table))
    conn.execute(sql.SQL("CREATE TABLE {} (LIKE group_membership INCLUDING ALL)").format(table))
    conn.execute(sql.SQL("INSERT INTO {} SELECT * FROM group_membership").format(table))
    conn.execute(sql.SQL("VACUUM (ANALYZE) {}").format(table))
    group_id, rule_id = uuid.uuid4(), str(uuid.uuid4())
    where = compile_where(selection.filter)
    started = time.perf_counter()
    with conn.transaction():
        inserted = conn.execute(
            sql.SQL(
                "INSERT INTO {} (group_id, contact_id, source, rule_id, added_by)"
                " SELECT %s, c.id, 'rule', %s, %s FROM contact c WHERE {}"
            ).format(table, where),
            [group_id, rule_id, rule_id],
        ).rowcount
    return {"rows": inserted, "seconds": round(time.perf_counter() - started, 3)}


def drop_copy(conn: psycopg.Connection[Any]) -> None:
    conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(COPY_TABLE)))


def _member_count(conn: psycopg.Connection[Any], group_id: uuid.UUID) -> int:
    row = conn.execute(
        "SELECT members FROM group_member_count WHERE group_id = %s", [group_id]
    ).fetchone()
    conn.rollback()  # a fresh snapshot for the next poll
    return int(row[0]) if row else 0


def _api_check(api: httpx.Client, group_id: uuid.UUID) -> dict[str, Any]:
    """What a person sees afterwards: the group filter's count and the group tree's count."""
    counted = api.post(
        "/api/v1/contacts/count",
        json={"filter": {"group": str(group_id), "subgroups": False, "op": "in"}},
    )
    counted.raise_for_status()
    tree = api.get("/api/v1/groups")
    tree.raise_for_status()
    listed = next(g for g in tree.json() if g["id"] == str(group_id))
    body = counted.json()
    return {
        "count_total": body["total"],
        "count_is_estimate": body["total_is_estimate"],
        "groups_member_count": listed["member_count"],
    }


def _created(response: httpx.Response) -> dict[str, Any]:
    if response.status_code != 201:
        raise RuntimeError(f"{response.request.url}: {response.status_code} {response.text}")
    body: dict[str, Any] = response.json()
    return body
