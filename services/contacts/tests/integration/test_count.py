"""Counting within a time budget: exact when PostgreSQL can, the planner's estimate when not."""

from __future__ import annotations

from kartoteka_contacts.service.search import count_contacts
from kartoteka_platform.db import Database

ROWS = 200_000


async def _fill(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO contact (id, kind, last_name, display_name, region, created_by,"
            " updated_by) SELECT uuidv7(), 'person', 'N' || g, 'N' || g,"
            " CASE WHEN g %% 4 = 0 THEN 'pomorskie' ELSE 'opolskie' END, 'test', 'test'"
            " FROM generate_series(1, %s) AS g",
            [ROWS],
        )
    async with db.dedicated_connection() as conn:
        await conn.execute("ANALYZE contact")


async def test_exact_within_budget_estimate_beyond_it(contacts_db: Database) -> None:
    await _fill(contacts_db)
    region = '{"field": "region", "op": "eq", "value": "pomorskie"}'
    async with contacts_db.connection() as conn:
        exact = await count_contacts(conn, region, 5_000)
        rushed = await count_contacts(conn, "", 1)
    assert (exact.total, exact.is_estimate) == (ROWS // 4, False)
    # A millisecond is not enough to count 200,000 rows: the answer is the estimate.
    assert rushed.is_estimate
    assert abs(rushed.total - ROWS) < ROWS * 0.1
