"""Compiling a parsed filter into a boolean SQL expression over `contact` aliased `c`.

The result embeds its values as literals (see `sql_literals`), so it is one self-contained
composable that bulk operations, exports and smart groups drop into their own queries, with or
without `%s` parameters of their own; the planner sees constants, so partial and expression
indexes always apply.

NULLs: a condition on a missing value is not true. `not` is pushed down to the conditions (De
Morgan), and a negated condition that can be NULL is written `(...) IS NOT TRUE`, so `not X`
is exactly the complement of `X`: `{"not": {"field": "birthday", "op": "before", ...}}` keeps
contacts without a birthday. `ne`, `not_in`, `not_empty` and a group's `not_in` are the
negations of `eq`, `in`, `empty` and `in`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kartoteka_platform.errors import InvalidInput
from psycopg import sql

from kartoteka_contacts.domain.custom_fields import FieldDefinition
from kartoteka_contacts.domain.filters import (
    MAX_DEPTH,
    NEGATION_OF,
    AllOf,
    AnyOf,
    Condition,
    FilterNode,
    InCompany,
    InGroup,
    Not,
    Operator,
    QuickSearch,
    Scalar,
    StandardField,
    StandardKind,
    parse_filter,
)
from kartoteka_contacts.store.custom_field_sql import (
    Leaf,
    custom_field_index_name,
    custom_field_index_sql,
    custom_leaf,
)
from kartoteka_contacts.store.sql_literals import like_contains, like_prefix, text, text_array

__all__ = [
    "FilterInput",
    "compile_filter",
    "compile_where",
    "custom_field_index_name",
    "custom_field_index_sql",
    "parse_input",
]

# A parsed filter, its JSON (parsed with the definitions given), or None for "everything".
FilterInput = FilterNode | Mapping[str, object] | None

_TRUE = sql.SQL("TRUE")
_FALSE = sql.SQL("FALSE")
_LIVE = sql.SQL("c.deleted_at IS NULL")
_DELETED = sql.SQL("c.deleted_at IS NOT NULL")
_NODE_TYPES = (AllOf, AnyOf, Not, Condition, InGroup, InCompany, QuickSearch)
_RANGE = {
    Operator.GT: sql.SQL(">"),
    Operator.AFTER: sql.SQL(">"),
    Operator.GTE: sql.SQL(">="),
    Operator.LT: sql.SQL("<"),
    Operator.BEFORE: sql.SQL("<"),
    Operator.LTE: sql.SQL("<="),
    Operator.EQ: sql.SQL("="),
}
_SUBGROUP_MEMBER = sql.SQL(
    "EXISTS (SELECT 1 FROM group_membership gm JOIN contact_group g ON g.id = gm.group_id"
    " WHERE gm.contact_id = c.id AND g.path @> ARRAY[{}]::uuid[] AND g.deleted_at IS NULL)"
)
_MEMBER = sql.SQL(
    "EXISTS (SELECT 1 FROM group_membership gm WHERE gm.contact_id = c.id AND gm.group_id = {})"
)
# The company and every company under it, at any depth; UNION (not ALL) also ends on a cycle.
_HOLDING = sql.SQL(
    "c.company_id IN (WITH RECURSIVE holding(id) AS (SELECT {}::uuid UNION"
    " SELECT k.id FROM contact k JOIN holding h ON k.company_id = h.id"
    " WHERE k.kind = 'company' AND k.deleted_at IS NULL) SELECT id FROM holding)"
)
_IDENTITY = sql.SQL(
    "EXISTS (SELECT 1 FROM contact_identity i"
    " WHERE i.kind = {} AND i.value {} AND i.contact_id = c.id)"
)
_EMAIL_CONTAINS = sql.SQL(
    "EXISTS (SELECT 1 FROM jsonb_array_elements(c.emails) AS e(item)"
    " WHERE lower(e.item ->> 'address') LIKE {})"
)


def parse_input(node: FilterInput, definitions: Mapping[str, FieldDefinition]) -> FilterNode:
    """The parsed filter of `node`: parsed already, or JSON parsed now at path `filter`."""
    if isinstance(node, _NODE_TYPES):
        return node
    return parse_filter(node, definitions)


def compile_filter(
    node: FilterInput, definitions: Mapping[str, FieldDefinition] | None = None
) -> sql.Composable:
    """A boolean SQL expression over `contact c` that is true for the matching contacts."""
    return _compile(parse_input(node, definitions or {}), negated=False, depth=1)


def compile_where(
    node: FilterInput,
    definitions: Mapping[str, FieldDefinition] | None = None,
    *,
    deleted: bool = False,
) -> sql.Composable:
    """The filter and the soft-delete rule: live contacts, or (`deleted`) only deleted ones."""
    matching = compile_filter(node, definitions)
    live = _DELETED if deleted else _LIVE
    return live if matching is _TRUE else sql.SQL("{} AND {}").format(live, matching)


def _compile(node: FilterNode, *, negated: bool, depth: int) -> sql.Composable:
    if depth > MAX_DEPTH:  # only a hand-built tree gets here; parsed ones are checked already
        raise InvalidInput("filter_too_deep", "the filter nests too deep", field=node.path)
    if isinstance(node, Not):
        return _compile(node.child, negated=not negated, depth=depth + 1)
    if isinstance(node, AllOf | AnyOf):
        conjunction = isinstance(node, AllOf) != negated
        parts = [_compile(child, negated=negated, depth=depth + 1) for child in node.children]
        if not parts:
            return _TRUE if conjunction else _FALSE
        if len(parts) == 1:
            return parts[0]
        joiner = sql.SQL(" AND ") if conjunction else sql.SQL(" OR ")
        return sql.SQL("({})").format(joiner.join(parts))
    leaf = _leaf(node)
    if leaf.inverted == negated:
        return leaf.sql
    if leaf.two_valued:
        return sql.SQL("NOT ({})").format(leaf.sql)
    return sql.SQL("({}) IS NOT TRUE").format(leaf.sql)


def _leaf(node: FilterNode) -> Leaf:
    if isinstance(node, Condition):
        if isinstance(node.target, StandardField):
            return _standard(node, node.target)
        return custom_leaf(node, node.target)
    if isinstance(node, InGroup):
        template = _SUBGROUP_MEMBER if node.subgroups else _MEMBER
        return Leaf(template.format(sql.Literal(node.group_id)), True, node.negated)
    if isinstance(node, InCompany):
        if node.holding:
            return Leaf(_HOLDING.format(sql.Literal(node.company_id)), two_valued=False)
        return Leaf(
            sql.SQL("c.company_id = {}").format(sql.Literal(node.company_id)), two_valued=False
        )
    assert isinstance(node, QuickSearch)
    return Leaf(_quick_search(node), two_valued=True)


def _quick_search(node: QuickSearch) -> sql.Composable:
    if not node.text:
        return _TRUE
    # search_text is fold_text(names, emails) plus phone digits: fold the query the same way,
    # in SQL, so both sides use one unaccent dictionary. The trigram index serves 3+ characters.
    folded = sql.SQL("fold_text({})").format(text(node.text))
    matches = sql.SQL("c.search_text LIKE {}").format(like_contains(folded))
    if node.digits is None:
        return matches
    digits = sql.SQL("c.search_text LIKE {}").format(like_contains(sql.Literal(node.digits)))
    return sql.SQL("({} OR {})").format(matches, digits)


def _standard(condition: Condition, field: StandardField) -> Leaf:
    op = NEGATION_OF.get(condition.op, condition.op)
    inverted = condition.op in NEGATION_OF
    column = sql.Identifier("c", field.name)
    value = condition.value
    if field.kind in (StandardKind.EMAIL, StandardKind.PHONE):
        return Leaf(_identity(field, op, value), two_valued=True, inverted=inverted)
    if op is Operator.EMPTY:
        if field.kind in (StandardKind.UUID, StandardKind.DATE, StandardKind.TIMESTAMP):
            return Leaf(sql.SQL("{} IS NULL").format(column), True, inverted)
        if field.nullable:
            return Leaf(sql.SQL("({0} IS NULL OR {0} = '')").format(column), True, inverted)
        return Leaf(sql.SQL("{} = ''").format(column), True, inverted)
    two_valued = not field.nullable
    if op is Operator.IN:
        assert isinstance(value, tuple)
        return Leaf(sql.SQL("{} = ANY({})").format(column, _array(value)), two_valued, inverted)
    if op in (Operator.CONTAINS, Operator.STARTS_WITH):
        assert isinstance(value, str)
        folded = sql.SQL("fold_text({})").format(text(value))
        pattern = like_contains(folded) if op is Operator.CONTAINS else like_prefix(folded)
        return Leaf(sql.SQL("fold_text({}) LIKE {}").format(column, pattern), two_valued, inverted)
    if op in (Operator.WITHIN_LAST_DAYS, Operator.OLDER_THAN_DAYS):
        assert isinstance(value, int)
        return Leaf(_days(field, column, op, value), two_valued, inverted)
    if op is Operator.BETWEEN:
        assert isinstance(value, tuple)
        low, high = value
        return Leaf(
            sql.SQL("({0} >= {1} AND {0} <= {2})").format(column, _literal(low), _literal(high)),
            two_valued,
            inverted,
        )
    assert not isinstance(value, tuple)
    assert value is not None
    return Leaf(
        sql.SQL("{} {} {}").format(column, _RANGE[op], _literal(value)), two_valued, inverted
    )


def _identity(field: StandardField, op: Operator, value: object) -> sql.Composable:
    """Emails and phones: normalised values in `contact_identity`, one index probe each."""
    lists = sql.SQL("emails" if field.kind is StandardKind.EMAIL else "phones")
    if op is Operator.EMPTY:
        return sql.SQL("c.{} = '[]'::jsonb").format(lists)
    if op is Operator.CONTAINS:
        assert isinstance(value, str)
        lowered = sql.SQL("lower({})").format(text(value))
        return _EMAIL_CONTAINS.format(like_contains(lowered))
    kind = sql.Literal(field.kind.value)
    if op is Operator.IN:
        assert isinstance(value, tuple)
        return _IDENTITY.format(kind, sql.SQL("= ANY({})").format(_array(value)))
    assert isinstance(value, str)
    return _IDENTITY.format(kind, sql.SQL("= {}").format(text(value)))


def _days(field: StandardField, column: sql.Composable, op: Operator, count: int) -> sql.Composable:
    if field.kind is StandardKind.DATE:
        start = sql.SQL("CURRENT_DATE - {}").format(sql.Literal(count))
        now: sql.Composable = sql.SQL("CURRENT_DATE")
    else:
        start = sql.SQL("now() - make_interval(days => {})").format(sql.Literal(count))
        now = sql.SQL("now()")
    if op is Operator.OLDER_THAN_DAYS:
        return sql.SQL("{} < {}").format(column, start)
    return sql.SQL("({0} >= {1} AND {0} <= {2})").format(column, start, now)


def _literal(value: Scalar) -> sql.Composable:
    return text(value) if isinstance(value, str) else sql.Literal(value)


def _array(values: Sequence[Scalar]) -> sql.Composable:
    if all(isinstance(value, str) for value in values):
        return text_array([str(value) for value in values])
    # UUIDs and dates: psycopg writes them as a typed array literal ('{...}'::uuid[]).
    return sql.Literal(list(values))
