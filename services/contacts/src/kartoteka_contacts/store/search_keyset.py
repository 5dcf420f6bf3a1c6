"""Sorting contact lists and paging them by keyset: sort columns, ORDER BY, cursors.

A cursor is URL-safe base64 of JSON: the last row's sort values and id, and a fingerprint of
the filter, sort and deleted flag it was made for, so it cannot be replayed against another
query. Paging resumes strictly after that row, so inserts and deletes between pages never
repeat or skip a row that was already there. NULLs sort last in both directions.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Literal
from uuid import UUID

from kartoteka_platform.errors import InvalidInput
from psycopg import sql

from kartoteka_contacts.domain.custom_fields import FieldDefinition, FieldType
from kartoteka_contacts.domain.filters import CUSTOM_PREFIX, FilterNode, filter_to_json
from kartoteka_contacts.store.custom_field_sql import custom_expression
from kartoteka_contacts.store.sql_literals import text

MAX_SORT_KEYS = 4
# A cursor holds at most a few sort values of up to 1000 characters each.
MAX_CURSOR_LENGTH = 16_384
ValueKind = Literal["text", "numeric", "date", "timestamp"]
SortValue = str | Decimal | date | datetime | None

# Standard sort fields: kind, and whether the column may be NULL.
_STANDARD: Mapping[str, tuple[ValueKind, bool]] = {
    "display_name": ("text", False),
    "last_name": ("text", False),
    "region": ("text", False),
    "created_at": ("timestamp", False),
    "updated_at": ("timestamp", False),
    "birthday": ("date", True),
}
# Custom types a list can sort by; dates and moments sort as their (C-collated) ISO text.
_CUSTOM: Mapping[FieldType, ValueKind] = {
    FieldType.TEXT: "text",
    FieldType.LINK: "text",
    FieldType.INTEGER: "numeric",
    FieldType.DECIMAL: "numeric",
    FieldType.MONEY: "numeric",
    FieldType.DATE: "text",
    FieldType.DATETIME: "text",
}
_ID = sql.Identifier("c", "id")


@dataclass(frozen=True)
class SortKey:
    """One sort field of a list; `id` always breaks the remaining ties."""

    field: str
    descending: bool = False


DEFAULT_SORT = (SortKey("display_name"),)


@dataclass(frozen=True)
class SortColumn:
    """A sort key resolved to the SQL expression it orders by."""

    key: SortKey
    expression: sql.Composable
    kind: ValueKind
    nullable: bool


def resolve_sort(
    sort: Sequence[SortKey], definitions: Mapping[str, FieldDefinition]
) -> list[SortColumn]:
    """The sort columns of `sort` (display name when empty), or `invalid_sort`."""
    keys = list(sort) or list(DEFAULT_SORT)
    if len(keys) > MAX_SORT_KEYS:
        raise InvalidInput("invalid_sort", f"sort by at most {MAX_SORT_KEYS} fields", field="sort")
    columns: list[SortColumn] = []
    for i, key in enumerate(keys):
        column = _column(key, definitions)
        if column is None:
            raise InvalidInput(
                "invalid_sort", f"cannot sort by {key.field[:100]!r}", field=f"sort[{i}].field"
            )
        if any(seen.key.field == key.field for seen in columns):
            raise InvalidInput(
                "invalid_sort", f"{key.field!r} is sorted by twice", field=f"sort[{i}].field"
            )
        columns.append(column)
    return columns


def _column(key: SortKey, definitions: Mapping[str, FieldDefinition]) -> SortColumn | None:
    if key.field in _STANDARD:
        kind, nullable = _STANDARD[key.field]
        return SortColumn(key, sql.Identifier("c", key.field), kind, nullable)
    if not key.field.startswith(CUSTOM_PREFIX):
        return None
    definition = definitions.get(key.field.removeprefix(CUSTOM_PREFIX))
    if definition is None or definition.type not in _CUSTOM:
        return None
    return SortColumn(key, custom_expression(definition), _CUSTOM[definition.type], True)


def order_by(columns: Sequence[SortColumn]) -> sql.Composable:
    """ORDER BY items: NULLS LAST on nullable columns, then `id` in the last key's direction."""
    items = [
        sql.SQL("{} {}{}").format(
            column.expression,
            sql.SQL("DESC" if column.key.descending else "ASC"),
            sql.SQL(" NULLS LAST" if column.nullable else ""),
        )
        for column in columns
    ]
    items.append(sql.SQL("{} {}").format(_ID, sql.SQL(_direction(columns))))
    return sql.SQL(", ").join(items)


def select_list(columns: Sequence[SortColumn]) -> sql.Composable:
    """`c.id` and each sort value as s0, s1, ... for the next cursor."""
    values = [
        sql.SQL("{} AS {}").format(column.expression, sql.Identifier(f"s{i}"))
        for i, column in enumerate(columns)
    ]
    return sql.SQL(", ").join([_ID, *values])


def after(
    columns: Sequence[SortColumn], values: Sequence[SortValue], last_id: UUID
) -> sql.Composable:
    """Rows strictly after (values, last_id) in the order of `order_by(columns)`."""
    directions = {column.key.descending for column in columns}
    if len(directions) == 1 and not any(column.nullable for column in columns):
        # One row comparison, which a btree on (key..., id) serves directly.
        return sql.SQL("({}) {} ({})").format(
            sql.SQL(", ").join([*(column.expression for column in columns), _ID]),
            sql.SQL("<" if columns[0].key.descending else ">"),
            sql.SQL(", ").join([*(_literal(value) for value in values), sql.Literal(last_id)]),
        )
    # Mixed directions or NULLs: the lexicographic expansion, where NULL is after every value.
    id_column = SortColumn(SortKey("id", _direction(columns) == "DESC"), _ID, "text", False)
    keys = [*zip(columns, values, strict=True), (id_column, last_id)]
    branches: list[sql.Composable] = []
    for i, (column, value) in enumerate(keys):
        if value is None:
            continue  # nothing sorts after NULL at this level, only within the NULLs below
        later = sql.SQL("{} {} {}").format(
            column.expression,
            sql.SQL("<" if column.key.descending else ">"),
            _literal(value),
        )
        if column.nullable:
            later = sql.SQL("({} OR {} IS NULL)").format(later, column.expression)
        ties = [_equal(prior, prior_value) for prior, prior_value in keys[:i]]
        branches.append(sql.SQL("({})").format(sql.SQL(" AND ").join([*ties, later])))
    return sql.SQL("({})").format(sql.SQL(" OR ").join(branches))


def fingerprint(node: FilterNode, columns: Sequence[SortColumn], *, deleted: bool) -> str:
    """What a cursor is valid for: this filter, this sort, live or deleted contacts."""
    body = {
        "filter": filter_to_json(node),
        "sort": [[column.key.field, column.key.descending] for column in columns],
        "deleted": deleted,
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def encode_cursor(values: Sequence[SortValue], last_id: UUID, print_: str) -> str:
    """The opaque cursor of the row after which the next page starts."""
    body = {"v": [_to_json(value) for value in values], "id": str(last_id), "h": print_}
    raw = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(
    cursor: str, columns: Sequence[SortColumn], print_: str
) -> tuple[list[SortValue], UUID]:
    """The sort values and id a cursor holds, or `invalid_cursor`."""
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError("too long")
        body = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(body, dict) or body.get("h") != print_:
            raise _invalid_cursor("this cursor belongs to another filter or sort")
        raw_values = body["v"]
        if not isinstance(raw_values, list) or len(raw_values) != len(columns):
            raise ValueError("wrong number of values")
        values = [_from_json(c, v) for c, v in zip(columns, raw_values, strict=True)]
        return values, UUID(body["id"])
    except InvalidInput:
        raise
    except (ValueError, TypeError, KeyError, binascii.Error, InvalidOperation, AttributeError) as e:
        raise _invalid_cursor("the cursor is malformed") from e


def _direction(columns: Sequence[SortColumn]) -> str:
    return "DESC" if columns[-1].key.descending else "ASC"


def _equal(column: SortColumn, value: SortValue | UUID) -> sql.Composable:
    if value is None:
        return sql.SQL("{} IS NULL").format(column.expression)
    return sql.SQL("{} = {}").format(column.expression, _literal(value))


def _literal(value: SortValue | UUID) -> sql.Composable:
    return text(value) if isinstance(value, str) else sql.Literal(value)


def _to_json(value: SortValue) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    return value.isoformat()


def _from_json(column: SortColumn, raw: object) -> SortValue:
    if raw is None:
        if not column.nullable:
            raise ValueError("a NULL for a column that has none")
        return None
    if not isinstance(raw, str):
        raise TypeError("sort values are strings")
    if column.kind == "numeric":
        number = Decimal(raw)
        if not number.is_finite():
            raise ValueError("not a finite number")
        return number
    if column.kind == "date":
        return date.fromisoformat(raw)
    if column.kind == "timestamp":
        moment = datetime.fromisoformat(raw)
        if moment.tzinfo is None:
            raise ValueError("a moment without a time zone")
        return moment
    if "\x00" in raw:
        raise ValueError("NUL in text")
    return raw


def _invalid_cursor(detail: str) -> InvalidInput:
    return InvalidInput("invalid_cursor", detail, field="cursor")
