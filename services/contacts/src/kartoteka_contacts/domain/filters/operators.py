"""Filter operators, how many values each takes, and the size limits of a filter."""

from __future__ import annotations

import enum

# A filter is stored in views and rules and compiled per request: these bounds keep one filter
# from costing the parser, the planner or the database more than a few milliseconds.
MAX_DEPTH = 32
MAX_NODES = 500
MAX_LIST_VALUES = 1000
MAX_SEARCH_LENGTH = 200
# A text fragment for contains / starts_with; longer than any field it could be part of.
MAX_FRAGMENT_LENGTH = 1000
# 100 years: "within the last N days" beyond that is a typo, not a question.
MAX_DAYS = 36_600


class Operator(enum.StrEnum):
    EQ = "eq"
    NE = "ne"
    IN = "in"
    NOT_IN = "not_in"
    CONTAINS = "contains"
    STARTS_WITH = "starts_with"
    GT = "gt"
    GTE = "gte"
    LT = "lt"
    LTE = "lte"
    BETWEEN = "between"
    EMPTY = "empty"
    NOT_EMPTY = "not_empty"
    BEFORE = "before"
    AFTER = "after"
    WITHIN_LAST_DAYS = "within_last_days"
    OLDER_THAN_DAYS = "older_than_days"
    HAS_ANY = "has_any"
    HAS_ALL = "has_all"


# How many values each operator takes; everything else takes exactly one.
NO_VALUE = frozenset({Operator.EMPTY, Operator.NOT_EMPTY})
LIST_VALUE = frozenset({Operator.IN, Operator.NOT_IN, Operator.HAS_ANY, Operator.HAS_ALL})
PAIR_VALUE = frozenset({Operator.BETWEEN})
DAYS_VALUE = frozenset({Operator.WITHIN_LAST_DAYS, Operator.OLDER_THAN_DAYS})
# The complement of each negative operator: `ne` is exactly `not eq` (rows without a value
# included), so the compiler only ever builds the positive form.
NEGATION_OF = {
    Operator.NE: Operator.EQ,
    Operator.NOT_IN: Operator.IN,
    Operator.NOT_EMPTY: Operator.EMPTY,
}
# Operators whose value is a piece of text to look for, not a value of the field.
FRAGMENT_VALUE = frozenset({Operator.CONTAINS, Operator.STARTS_WITH})
