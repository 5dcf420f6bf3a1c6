"""The filter-field catalogue offers exactly the operators the parser accepts."""

from __future__ import annotations

import uuid

import pytest
from kartoteka_contacts.domain.custom_fields import FieldDefinition, FieldOption, FieldType
from kartoteka_contacts.domain.filters import Operator, parse_filter
from kartoteka_contacts.domain.filters.catalogue import FilterFieldSpec, filter_fields
from kartoteka_contacts.domain.filters.operators import (
    DAYS_VALUE,
    FRAGMENT_VALUE,
    LIST_VALUE,
    NO_VALUE,
    PAIR_VALUE,
)
from kartoteka_platform.errors import InvalidInput

OPTIONS = (FieldOption("gold", "Gold"), FieldOption("silver", "Silver"))
DEFINITIONS = {
    f"f_{kind.value}": FieldDefinition(
        key=f"f_{kind.value}",
        label=kind.value,
        type=kind,
        options=OPTIONS if kind in (FieldType.DROPDOWN, FieldType.MULTI_SELECT) else (),
        position=index,
    )
    for index, kind in enumerate(FieldType)
}
# One valid value of each kind, as a person would type it in a filter builder.
SAMPLES: dict[str, object] = {
    "text": "Nowak",
    "country": "PL",
    "uuid": str(uuid.uuid4()),
    "date": "2026-01-02",
    "timestamp": "2026-01-02T10:00:00+00:00",
    "email": "zofia@example.pl",
    "phone": "+48600100200",
    "long_text": "Nowak",
    "link": "https://example.pl",
    "integer": 5,
    "decimal": "1.5",
    "money": "12.50 PLN",
    "datetime": "2026-01-02T10:00:00+00:00",
    "checkbox": True,
    "contact_ref": str(uuid.uuid4()),
}


def _value(spec: FilterFieldSpec, op: Operator) -> object:
    sample = spec.choices[0] if spec.choices else SAMPLES[spec.value_kind]
    if op in DAYS_VALUE:
        return 30
    if op in FRAGMENT_VALUE:
        return "No"
    if op in LIST_VALUE:
        return [sample]
    if op in PAIR_VALUE:
        return [sample, sample]
    return sample


SPECS = filter_fields(list(DEFINITIONS.values()))


def test_every_standard_field_comes_first_then_custom_fields_in_display_order() -> None:
    names = [spec.field for spec in SPECS]
    custom = [name for name in names if name.startswith("custom.")]
    assert custom == [f"custom.f_{kind.value}" for kind in FieldType]
    assert names.index("region") < names.index(custom[0])
    assert next(spec for spec in SPECS if spec.field == "custom.f_dropdown").choices == (
        "gold",
        "silver",
    )
    assert next(spec for spec in SPECS if spec.field == "kind").choices == ("person", "company")


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.field)
def test_offered_operators_parse_and_the_others_are_refused(spec: FilterFieldSpec) -> None:
    assert spec.operators, "a field a filter cannot use should not be listed"
    for op in Operator:
        node: dict[str, object] = {"field": spec.field, "op": op.value}
        if op not in NO_VALUE:
            node["value"] = _value(spec, op)
        if op.value in spec.operators:
            parse_filter(node, DEFINITIONS)
        else:
            with pytest.raises(InvalidInput) as refused:
                parse_filter(node, DEFINITIONS)
            assert refused.value.code == "unsupported_operator"
