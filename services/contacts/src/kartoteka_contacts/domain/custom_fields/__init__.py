"""Custom fields on contact cards: definitions, stored values and safe definition changes.

Values live in the `custom` jsonb of a contact, keyed by field key, in a form SQL can compare.
"""

from kartoteka_contacts.domain.custom_fields.changes import (
    ChangePlan,
    Converted,
    Unconvertible,
    plan_definition_change,
)
from kartoteka_contacts.domain.custom_fields.definitions import (
    coerce_value,
    is_empty,
    required_missing,
    validate_definition,
)
from kartoteka_contacts.domain.custom_fields.model import (
    FieldDefinition,
    FieldOption,
    FieldType,
    StoredValue,
)
from kartoteka_contacts.domain.custom_fields.registry import (
    OPERATORS,
    TYPE_SPECS,
    SqlKind,
    TypeSpec,
)
from kartoteka_contacts.domain.custom_fields.temporal import excel_serial_to_date

__all__ = [
    "OPERATORS",
    "TYPE_SPECS",
    "ChangePlan",
    "Converted",
    "FieldDefinition",
    "FieldOption",
    "FieldType",
    "SqlKind",
    "StoredValue",
    "TypeSpec",
    "Unconvertible",
    "coerce_value",
    "excel_serial_to_date",
    "is_empty",
    "plan_definition_change",
    "required_missing",
    "validate_definition",
]
