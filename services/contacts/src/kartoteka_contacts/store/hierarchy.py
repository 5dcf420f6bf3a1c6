"""The company hierarchy: a card's chain of parent companies, and the branch under a company."""

from __future__ import annotations

import uuid
from typing import Any

from kartoteka_platform.db import Connection


async def company_ancestors(conn: Connection, company_id: uuid.UUID) -> list[uuid.UUID]:
    """The company and every company above it, nearest first (bounded against bad data)."""
    cursor = await conn.execute(
        "WITH RECURSIVE up(id, parent, depth) AS ("
        " SELECT id, company_id, 0 FROM contact WHERE id = %s"
        " UNION ALL SELECT c.id, c.company_id, up.depth + 1 FROM contact c"
        " JOIN up ON c.id = up.parent WHERE up.depth < 1000)"
        " SELECT id FROM up ORDER BY depth",
        [company_id],
    )
    return [row["id"] for row in await cursor.fetchall()]


async def company_tree(conn: Connection, root_id: uuid.UUID) -> list[dict[str, Any]]:
    """Every live company under `root_id` (itself first, parents before children) with the
    number of people directly in each."""
    cursor = await conn.execute(
        "WITH RECURSIVE tree AS ("
        " SELECT id, company_id AS parent_id, company_name AS name, 0 AS depth, ARRAY[id] AS path"
        " FROM contact WHERE id = %s"
        " UNION ALL"
        " SELECT c.id, c.company_id, c.company_name, t.depth + 1, t.path || c.id"
        " FROM contact c JOIN tree t ON c.company_id = t.id"
        " WHERE c.kind = 'company' AND c.deleted_at IS NULL AND NOT c.id = ANY(t.path))"
        " SELECT t.id, t.parent_id, t.name, t.depth,"
        " (SELECT count(*) FROM contact p WHERE p.company_id = t.id AND p.kind = 'person'"
        "  AND p.deleted_at IS NULL) AS head_count"
        " FROM tree t ORDER BY t.path",
        [root_id],
    )
    return list(await cursor.fetchall())
