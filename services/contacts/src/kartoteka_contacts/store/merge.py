"""Moving what points at merged cards to the survivor, and finding duplicate candidates."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from kartoteka_platform.db import Connection
from psycopg.types.json import Jsonb


async def move_memberships(
    conn: Connection, survivor: uuid.UUID, merged: list[uuid.UUID]
) -> list[uuid.UUID]:
    """Give the survivor every group of the merged cards; returns the groups it gained."""
    cursor = await conn.execute(
        "INSERT INTO group_membership (group_id, contact_id, source, rule_id, added_at, added_by)"
        " SELECT DISTINCT ON (group_id) group_id, %s, source, rule_id, added_at, added_by"
        " FROM group_membership WHERE contact_id = ANY(%s) ORDER BY group_id, added_at"
        " ON CONFLICT DO NOTHING RETURNING group_id",
        [survivor, merged],
    )
    gained = [row["group_id"] for row in await cursor.fetchall()]
    await conn.execute("DELETE FROM group_membership WHERE contact_id = ANY(%s)", [merged])
    await conn.execute(
        "INSERT INTO group_exclusion (group_id, contact_id, excluded_at, excluded_by)"
        " SELECT group_id, %s, excluded_at, excluded_by FROM group_exclusion"
        " WHERE contact_id = ANY(%s) AND group_id NOT IN"
        " (SELECT group_id FROM group_membership WHERE contact_id = %s)"
        " ON CONFLICT DO NOTHING",
        [survivor, merged, survivor],
    )
    await conn.execute("DELETE FROM group_exclusion WHERE contact_id = ANY(%s)", [merged])
    return gained


async def move_company_links(
    conn: Connection, survivor: uuid.UUID, merged: list[uuid.UUID]
) -> list[uuid.UUID]:
    """Employees and subsidiaries of merged companies now belong to the survivor."""
    cursor = await conn.execute(
        "UPDATE contact SET company_id = %s, version = version + 1, updated_at = now()"
        " WHERE company_id = ANY(%s) AND id <> %s RETURNING id",
        [survivor, merged, survivor],
    )
    return [row["id"] for row in await cursor.fetchall()]


async def move_contact_refs(
    conn: Connection, keys: list[str], survivor: uuid.UUID, merged: list[uuid.UUID]
) -> list[tuple[uuid.UUID, str, str]]:
    """Contact-reference custom values that named a merged card now name the survivor;
    returns (card, key, old value) for each one changed."""
    changed: list[tuple[uuid.UUID, str, str]] = []
    for key in keys:
        for old in merged:
            cursor = await conn.execute(
                "UPDATE contact SET custom = jsonb_set(custom, ARRAY[%s], %s),"
                " version = version + 1, updated_at = now()"
                " WHERE custom @> %s RETURNING id",
                [key, Jsonb(str(survivor)), Jsonb({key: str(old)})],
            )
            changed += [(row["id"], key, str(old)) for row in await cursor.fetchall()]
    return changed


async def move_dismissals(conn: Connection, merged: list[uuid.UUID]) -> None:
    await conn.execute(
        "DELETE FROM duplicate_dismissal WHERE first_id = ANY(%s) OR second_id = ANY(%s)",
        [merged, merged],
    )


@dataclass(frozen=True)
class Candidate:
    first_id: uuid.UUID
    second_id: uuid.UUID
    reasons: list[str]


# Each source yields (first, second, reason) with first < second; the union is grouped per
# pair. Emails and phones come from contact_identity (live cards only); names from the
# expression indexes of migration 0003.
_CANDIDATES = """
WITH pairs AS (
    SELECT a.contact_id AS first_id, b.contact_id AS second_id, a.kind || ':' || a.value AS reason
    FROM contact_identity a
    JOIN contact_identity b ON b.kind = a.kind AND b.value = a.value AND b.contact_id > a.contact_id
  UNION ALL
    SELECT a.id, b.id, 'name_and_company'
    FROM contact a JOIN contact b
      ON b.company_id = a.company_id AND fold_text(b.display_name) = fold_text(a.display_name)
     AND b.id > a.id AND b.kind = 'person' AND b.deleted_at IS NULL
    WHERE a.kind = 'person' AND a.deleted_at IS NULL AND a.company_id IS NOT NULL
  UNION ALL
    SELECT a.id, b.id, 'company_name'
    FROM contact a JOIN contact b
      ON fold_text(b.display_name) = fold_text(a.display_name)
     AND b.id > a.id AND b.kind = 'company' AND b.deleted_at IS NULL
    WHERE a.kind = 'company' AND a.deleted_at IS NULL
)
SELECT first_id, second_id, array_agg(DISTINCT reason ORDER BY reason) AS reasons
FROM pairs p
WHERE (first_id, second_id) > (%(after_first)s, %(after_second)s)
  AND NOT EXISTS (SELECT 1 FROM duplicate_dismissal d
                  WHERE d.first_id = p.first_id AND d.second_id = p.second_id)
GROUP BY first_id, second_id
ORDER BY first_id, second_id
LIMIT %(limit)s
"""
_NIL = uuid.UUID(int=0)


async def duplicate_candidates(
    conn: Connection, after: tuple[uuid.UUID, uuid.UUID] | None, limit: int
) -> list[Candidate]:
    cursor = await conn.execute(
        _CANDIDATES,
        {
            "after_first": (after or (_NIL, _NIL))[0],
            "after_second": (after or (_NIL, _NIL))[1],
            "limit": limit,
        },
    )
    return [
        Candidate(row["first_id"], row["second_id"], list(row["reasons"]))
        for row in await cursor.fetchall()
    ]


async def dismiss(conn: Connection, first: uuid.UUID, second: uuid.UUID, actor: str) -> None:
    low, high = sorted((first, second))
    await conn.execute(
        "INSERT INTO duplicate_dismissal (first_id, second_id, dismissed_by) VALUES (%s, %s, %s)"
        " ON CONFLICT DO NOTHING",
        [low, high, actor],
    )
