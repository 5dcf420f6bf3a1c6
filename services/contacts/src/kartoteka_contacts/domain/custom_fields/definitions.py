"""Validating field definitions, and the values cards hold for them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.custom_fields.choices import fold
from kartoteka_contacts.domain.custom_fields.model import (
    FieldDefinition,
    FieldOption,
    FieldType,
    StoredValue,
)
from kartoteka_contacts.domain.custom_fields.registry import TYPE_SPECS

FIELD_LABEL_MAX_LENGTH = 200
HELP_TEXT_MAX_LENGTH = 1000
OPTION_VALUE_MAX_LENGTH = 100
OPTION_LABEL_MAX_LENGTH = 200
MAX_OPTIONS = 500
_KEY = re.compile(r"[a-z][a-z0-9_]{0,62}")
# Option values are stored and typed in imports: no separators a multi-select splits on,
# no control characters.
_OPTION_VALUE = re.compile(r"[^;,\x00-\x1f\x7f]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def validate_definition(definition: FieldDefinition) -> FieldDefinition:
    """The definition, trimmed and with settings completed, or `InvalidInput` naming the field."""
    if not isinstance(definition.key, str) or not _KEY.fullmatch(definition.key):
        raise InvalidInput(
            "invalid_key",
            "a key is 1 to 63 lower-case letters, digits or underscores, starting with a letter",
            field="key",
        )
    try:
        kind = FieldType(definition.type)
    except ValueError as exc:
        raise InvalidInput(
            "unknown_type", f"{definition.type!r} is not a field type", field="type"
        ) from exc
    spec = TYPE_SPECS[kind]
    if definition.position < 0:
        raise InvalidInput("invalid_position", "position must not be negative", field="position")
    if definition.unique and not spec.allows_unique:
        raise InvalidInput("unique_not_allowed", f"a {kind} field cannot be unique", field="unique")
    return replace(
        definition,
        type=kind,
        label=_label(definition.label, "label", FIELD_LABEL_MAX_LENGTH),
        help_text=_help_text(definition.help_text),
        options=_options(definition.options, has_options=spec.has_options),
        settings=spec.validate_settings(definition.settings),
    )


def coerce_value(definition: FieldDefinition, raw: object) -> StoredValue | None:
    """The stored form of `raw` for this field, or None to clear it (for None or blank text)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    return TYPE_SPECS[definition.type].coerce(definition, raw)


def required_missing(
    definitions: Iterable[FieldDefinition], values: Mapping[str, StoredValue]
) -> list[str]:
    """Keys of required fields with no value; an unticked checkbox is an answer, not a gap."""
    return [
        definition.key
        for definition in definitions
        if definition.required and is_empty(values.get(definition.key))
    ]


def is_empty(value: object) -> bool:
    """Whether a stored value says nothing: absent, blank text, an empty list or mapping."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | dict):
        return not value
    return False


def _label(raw: str, field: str, limit: int) -> str:
    label = raw.strip()
    if not label:
        raise InvalidInput("label_required", "a label is required", field=field)
    if len(label) > limit:
        raise InvalidInput("too_long", f"a label has at most {limit} characters", field=field)
    if _CONTROL.search(label):
        raise InvalidInput(
            "invalid_label", "a label is one line without control characters", field=field
        )
    return label


def _help_text(raw: str) -> str:
    text = raw.strip()
    if len(text) > HELP_TEXT_MAX_LENGTH:
        raise InvalidInput(
            "too_long",
            f"help text has at most {HELP_TEXT_MAX_LENGTH} characters",
            field="help_text",
        )
    return text


def _options(options: tuple[FieldOption, ...], *, has_options: bool) -> tuple[FieldOption, ...]:
    if not has_options:
        if options:
            raise InvalidInput(
                "options_not_allowed",
                "only dropdowns and multi-selects have options",
                field="options",
            )
        return ()
    if not options:
        raise InvalidInput("options_required", "add at least one option", field="options")
    if len(options) > MAX_OPTIONS:
        raise InvalidInput("too_many_options", f"at most {MAX_OPTIONS} options", field="options")
    cleaned: list[FieldOption] = []
    values: set[str] = set()
    labels: set[str] = set()
    for i, option in enumerate(options):
        value = _option_value(option.value, f"options[{i}].value")
        label = _label(option.label, f"options[{i}].label", OPTION_LABEL_MAX_LENGTH)
        if value in values:
            raise InvalidInput(
                "duplicate_option",
                f"option value {value!r} is used twice",
                field=f"options[{i}].value",
            )
        # Labels are matched ignoring case on input, so they must differ beyond case.
        if fold(label) in labels:
            raise InvalidInput(
                "duplicate_option",
                f"option label {label!r} is used twice",
                field=f"options[{i}].label",
            )
        values.add(value)
        labels.add(fold(label))
        cleaned.append(FieldOption(value, label))
    return tuple(cleaned)


def _option_value(raw: str, field: str) -> str:
    value = raw.strip()
    if not value or len(value) > OPTION_VALUE_MAX_LENGTH or not _OPTION_VALUE.fullmatch(value):
        raise InvalidInput(
            "invalid_option_value",
            f"an option value is 1 to {OPTION_VALUE_MAX_LENGTH} characters"
            " without ';', ',' or control characters",
            field=field,
        )
    return value
