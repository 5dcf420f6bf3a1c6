"""SQL over custom field values in `contact.custom`: expressions, conditions and their indexes.

Equality, lists and multi-select tests are jsonb containment, which the GIN index
`contact_custom` (jsonb_path_ops) serves. Ranges and text searches use one expression per field
type; `custom_field_index_sql` builds the expression index of exactly that expression, partial on
`custom ? key` (which every such condition repeats, so the planner can prove the index applies).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from psycopg import sql

from kartoteka_contacts.domain.custom_fields import FieldDefinition, FieldType
from kartoteka_contacts.domain.filters import NEGATION_OF, Condition, Money, Operator, Scalar
from kartoteka_contacts.store.sql_literals import (
    jsonb,
    jsonb_array,
    like_contains,
    like_prefix,
    text,
)

# PostgreSQL truncates identifiers at 63 bytes; longer names get a hash so two keys sharing a
# long prefix never share an index name.
_MAX_IDENTIFIER = 63
_INDEX_PREFIX = "contact_cf_"
_NUMERIC = frozenset({FieldType.INTEGER, FieldType.DECIMAL})
_MOMENTS = frozenset({FieldType.DATE, FieldType.DATETIME})
_TEXTS = frozenset({FieldType.TEXT, FieldType.LONG_TEXT, FieldType.LINK})
# Fixed-width UTC text, the stored form of a datetime (see custom_fields.temporal).
_MOMENT_FORMAT = sql.SQL("""'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'""")
_TODAY = sql.SQL("CURRENT_DATE")
_NOW = sql.SQL("now()")
_NOW_MINUS = sql.SQL("now() - make_interval(days => {})")
_RANGE = {
    Operator.GT: sql.SQL(">"),
    Operator.AFTER: sql.SQL(">"),
    Operator.GTE: sql.SQL(">="),
    Operator.LT: sql.SQL("<"),
    Operator.BEFORE: sql.SQL("<"),
    Operator.LTE: sql.SQL("<="),
}


@dataclass(frozen=True)
class Leaf:
    """A condition's SQL; `two_valued` when it is never NULL, `inverted` to negate it."""

    sql: sql.Composable
    two_valued: bool
    inverted: bool = False


def custom_expression(definition: FieldDefinition, *, alias: str | None = "c") -> sql.Composable:
    """The expression ranges and sorts of this field compare (and its index holds)."""
    custom = sql.Identifier(alias, "custom") if alias else sql.Identifier("custom")
    key = sql.Literal(definition.key)
    if definition.type in _NUMERIC:
        return sql.SQL("(({} ->> {})::numeric)").format(custom, key)
    if definition.type is FieldType.MONEY:
        return sql.SQL("(({} -> {} ->> 'amount')::numeric)").format(custom, key)
    if definition.type in _MOMENTS:
        # Byte order whatever the database's collation, so ISO text sorts as time does.
        return sql.SQL('(({} ->> {}) COLLATE "C")').format(custom, key)
    return sql.SQL("({} ->> {})").format(custom, key)


def custom_field_index_name(key: str) -> str:
    """The name of the expression index of the field `key`."""
    name = _INDEX_PREFIX + key
    if len(name) <= _MAX_IDENTIFIER:
        return name
    digest = hashlib.sha256(key.encode()).hexdigest()[:8]
    return f"{name[: _MAX_IDENTIFIER - 9]}_{digest}"


def custom_field_index_sql(definition: FieldDefinition) -> sql.Composed | None:
    """CREATE INDEX CONCURRENTLY for the field's range or text conditions; None if GIN suffices.

    Numbers, money and dates get a btree on the expression their ranges compare; text types a
    trigram GIN on `fold_text(...)`, which serves `contains` and `starts_with`. Checkbox,
    dropdown, multi-select and contact references only ever use containment (`contact_custom`).
    Run it outside a transaction, for filterable fields.
    """
    name = sql.Identifier(custom_field_index_name(definition.key))
    key = sql.Literal(definition.key)
    if definition.type in _TEXTS:
        method = sql.SQL("gin")
        column = sql.SQL("(fold_text(custom ->> {})) gin_trgm_ops").format(key)
    elif definition.type in _NUMERIC | _MOMENTS or definition.type is FieldType.MONEY:
        method = sql.SQL("btree")
        column = sql.SQL("({})").format(custom_expression(definition, alias=None))
    else:
        return None
    return sql.SQL(
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS {} ON contact USING {} ({})"
        " WHERE deleted_at IS NULL AND custom ? {}"
    ).format(name, method, column, key)


def custom_leaf(condition: Condition, definition: FieldDefinition) -> Leaf:
    """The SQL of a condition on a custom field, in its positive form."""
    op = NEGATION_OF.get(condition.op, condition.op)
    inverted = condition.op in NEGATION_OF
    key = sql.Literal(definition.key)
    kind = definition.type
    value = condition.value
    if op is Operator.EMPTY:
        return Leaf(
            sql.SQL(
                "(c.custom -> {0} IS NULL OR c.custom -> {0} IN"
                """ ('null'::jsonb, '""'::jsonb, '[]'::jsonb, '{{}}'::jsonb))"""
            ).format(key),
            two_valued=True,
            inverted=inverted,
        )
    if kind is FieldType.CHECKBOX and value is False:
        # Unticked is "not ticked": a card that never had the box set is unticked too.
        return Leaf(_contains(definition.key, True), two_valued=True, inverted=not inverted)
    if op is Operator.EQ and kind is not FieldType.DECIMAL:
        assert not isinstance(value, tuple)
        return Leaf(_contains(definition.key, _stored(value)), True, inverted)
    if op is Operator.IN and kind is not FieldType.DECIMAL:
        assert isinstance(value, tuple)
        documents = [{definition.key: _stored(item)} for item in value]
        return Leaf(_contains_any(documents), True, inverted)
    if op is Operator.HAS_ANY:
        assert isinstance(value, tuple)
        documents = [{definition.key: [_stored(item)]} for item in value]
        return Leaf(_contains_any(documents), True, inverted)
    if op is Operator.HAS_ALL:
        assert isinstance(value, tuple)
        return Leaf(_contains(definition.key, [_stored(item) for item in value]), True, inverted)
    # The rest compare one expression; `custom ? key` first lets a partial index apply.
    return Leaf(
        sql.SQL("(c.custom ? {} AND {})").format(key, _compare(definition, op, condition)),
        two_valued=False,
        inverted=inverted,
    )


def _compare(definition: FieldDefinition, op: Operator, condition: Condition) -> sql.Composable:
    expression = custom_expression(definition)
    value = condition.value
    if op in (Operator.CONTAINS, Operator.STARTS_WITH):
        assert isinstance(value, str)
        folded = sql.SQL("fold_text({})").format(text(value))
        pattern = like_contains(folded) if op is Operator.CONTAINS else like_prefix(folded)
        return sql.SQL("fold_text({}) LIKE {}").format(expression, pattern)
    if op in (Operator.WITHIN_LAST_DAYS, Operator.OLDER_THAN_DAYS):
        assert isinstance(value, int)
        start = _days_ago(definition, value)
        if op is Operator.OLDER_THAN_DAYS:
            return sql.SQL("{} < {}").format(expression, start)
        return sql.SQL("{0} >= {1} AND {0} <= {2}").format(
            expression, start, _days_ago(definition, None)
        )
    if op is Operator.IN:  # decimals: compared as numbers, so 12.5 finds "12.50"
        assert isinstance(value, tuple)
        return sql.SQL("{} = ANY({}::numeric[])").format(
            expression, sql.Literal([str(item) for item in value])
        )
    if op is Operator.BETWEEN:
        assert isinstance(value, tuple)
        low, high = value
        return sql.SQL("{} AND {}").format(
            _bound(definition, sql.SQL(">="), low), _bound(definition, sql.SQL("<="), high)
        )
    assert not isinstance(value, tuple)
    assert value is not None
    return _bound(definition, _RANGE.get(op, sql.SQL("=")), value)


def _bound(definition: FieldDefinition, operator: sql.SQL, value: Scalar) -> sql.Composable:
    expression = custom_expression(definition)
    if isinstance(value, Money):
        return sql.SQL("{} {} {} AND c.custom -> {} ->> 'currency' = {}").format(
            expression,
            operator,
            sql.Literal(value.amount),
            sql.Literal(definition.key),
            sql.Literal(value.currency),
        )
    literal = sql.Literal(value) if isinstance(value, int | Decimal) else text(str(value))
    return sql.SQL("{} {} {}").format(expression, operator, literal)


def _days_ago(definition: FieldDefinition, count: int | None) -> sql.Composable:
    """Today (None) or `count` days ago, in the stored text form of the field's type."""
    if definition.type is FieldType.DATE:
        day = sql.SQL("CURRENT_DATE - {}").format(sql.Literal(count)) if count else _TODAY
        return sql.SQL("to_char({}, 'YYYY-MM-DD')").format(day)
    moment = _NOW if count is None else _NOW_MINUS.format(sql.Literal(count))
    return sql.SQL("to_char(({}) AT TIME ZONE 'UTC', {})").format(moment, _MOMENT_FORMAT)


def _stored(value: object) -> object:
    """A normalised value back in its stored JSON form."""
    if isinstance(value, Money):
        return {"amount": str(value.amount), "currency": value.currency}
    if isinstance(value, Decimal):
        return str(value)
    return value


def _contains(key: str, stored: object) -> sql.Composable:
    return sql.SQL("c.custom @> {}").format(jsonb({key: stored}))


def _contains_any(documents: Sequence[object]) -> sql.Composable:
    if len(documents) == 1:
        return sql.SQL("c.custom @> {}").format(jsonb(documents[0]))
    return sql.SQL("c.custom @> ANY({})").format(jsonb_array(documents))


def custom_field_statistics_sql(definition: FieldDefinition) -> sql.Composed | None:
    """Expression statistics for the field's range comparisons, or None when not needed.

    The field's index is partial, and PostgreSQL gathers no statistics from partial indexes:
    without these, a range such as `score BETWEEN 40 AND 45` was estimated at 3,912 rows for
    47,530 real ones at a million contacts, and a three-field page took 250 ms instead of
    54-82 ms (bench/README.md). Run `ANALYZE contact` after creating them.
    """
    if not (definition.type in _NUMERIC | _MOMENTS or definition.type is FieldType.MONEY):
        return None
    name = sql.Identifier(custom_field_index_name(definition.key)[:54] + "_stats")
    return sql.SQL("CREATE STATISTICS IF NOT EXISTS {} ON {} FROM contact").format(
        name, custom_expression(definition, alias=None)
    )
