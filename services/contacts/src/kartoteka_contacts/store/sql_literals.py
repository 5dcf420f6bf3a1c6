"""SQL literals that stay valid inside any query, including ones executed with `%s` parameters.

A compiled filter embeds its values as literals, so one composable can be dropped into a search,
a count, a bulk update or an export. psycopg reads every `%` of a query that has parameters as
a placeholder, so no `%` may appear in the text: strings holding one are written as Unicode
escape strings (`U&'50\\0025'`), and LIKE wildcards come from `PERCENT`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from psycopg import sql

# '%' as a Unicode escape string: the LIKE wildcard without a '%' in the query text.
PERCENT = sql.SQL("U&'\\0025'")
# LIKE's default escape character is the backslash (standard_conforming_strings is on).
_ESCAPE_LIKE = sql.SQL(
    "replace(replace(replace({}, '\\', '\\\\'), U&'\\0025', U&'\\005C\\0025'), '_', '\\_')"
)


def text(value: str) -> sql.Composable:
    """A string literal without a raw '%' in it."""
    if "%" not in value:
        return sql.Literal(value)
    escaped = value.replace("\\", "\\\\").replace("'", "''").replace("%", "\\0025")
    return sql.SQL("U&'" + escaped + "'")


def jsonb(document: object) -> sql.Composable:
    """A jsonb literal of a JSON-serialisable value."""
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return sql.SQL("{}::jsonb").format(text(body))


def text_array(values: Sequence[str]) -> sql.Composable:
    """A text[] literal."""
    return sql.SQL("ARRAY[{}]::text[]").format(sql.SQL(", ").join(text(v) for v in values))


def jsonb_array(documents: Sequence[object]) -> sql.Composable:
    """A jsonb[] literal."""
    return sql.SQL("ARRAY[{}]::jsonb[]").format(sql.SQL(", ").join(jsonb(d) for d in documents))


def like_contains(folded: sql.Composable) -> sql.Composable:
    """A LIKE pattern matching any text that contains `folded`, wildcards in it escaped."""
    return sql.SQL("{} || {} || {}").format(PERCENT, _ESCAPE_LIKE.format(folded), PERCENT)


def like_prefix(folded: sql.Composable) -> sql.Composable:
    """A LIKE pattern matching any text that starts with `folded`, wildcards in it escaped."""
    return sql.SQL("{} || {}").format(_ESCAPE_LIKE.format(folded), PERCENT)
