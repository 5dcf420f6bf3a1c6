"""What a filter may name: every field with the operators and values it allows.

The same tables the parser checks against, so a filter builder that offers these never builds
a filter the parser refuses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kartoteka_contacts.domain.custom_fields import FieldDefinition
from kartoteka_contacts.domain.filters.custom import custom_operators
from kartoteka_contacts.domain.filters.operators import Operator
from kartoteka_contacts.domain.filters.standard import STANDARD_FIELDS


@dataclass(frozen=True)
class FilterFieldSpec:
    """A field a condition may name: `region` or `custom.<key>`."""

    field: str
    value_kind: str
    operators: tuple[str, ...]
    choices: tuple[str, ...] = ()


def _in_declared_order(operators: Iterable[Operator]) -> tuple[str, ...]:
    chosen = set(operators)
    return tuple(op.value for op in Operator if op in chosen)


def filter_fields(definitions: Sequence[FieldDefinition]) -> list[FilterFieldSpec]:
    """Standard fields in their declared order, then custom fields in display order."""
    specs = [
        FilterFieldSpec(name, field.kind.value, _in_declared_order(field.operators), field.choices)
        for name, field in STANDARD_FIELDS.items()
    ]
    for definition in sorted(definitions, key=lambda d: (d.position, d.key)):
        specs.append(
            FilterFieldSpec(
                f"custom.{definition.key}",
                definition.type.value,
                _in_declared_order(custom_operators(definition)),
                tuple(option.value for option in definition.options),
            )
        )
    return specs
