"""Setting some columns of one row, the way settings tables are edited."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from kartoteka_platform.db import Connection
from psycopg import errors, sql


async def update_columns(
    conn: Connection, table: str, row_id: uuid.UUID, values: Mapping[str, object]
) -> bool:
    """Set `values` (already in their SQL form) and `updated_at`; False, with nothing changed,
    when a unique index refuses the new values."""
    assignments = sql.SQL(", ").join(
        sql.SQL("{} = {}").format(sql.Identifier(column), sql.Placeholder()) for column in values
    )
    try:
        async with conn.transaction():
            await conn.execute(
                sql.SQL("UPDATE {} SET {}, updated_at = now() WHERE id = %s").format(
                    sql.Identifier(table), assignments
                ),
                [*values.values(), row_id],
            )
    except errors.UniqueViolation:
        return False
    return True
