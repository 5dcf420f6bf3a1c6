"""Changing a field's definition without corrupting the values cards already store."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.custom_fields.definitions import coerce_value, validate_definition
from kartoteka_contacts.domain.custom_fields.model import FieldDefinition, StoredValue
from kartoteka_contacts.domain.custom_fields.registry import TYPE_SPECS, TypeSpec


@dataclass(frozen=True)
class Unconvertible:
    """A stored value the new definition cannot hold, and why."""

    reason: str


# What a stored value becomes: a new stored value, None to clear it, or Unconvertible.
Converted = StoredValue | Unconvertible | None


def _unchanged(value: StoredValue) -> Converted:
    return value


@dataclass(frozen=True)
class ChangePlan:
    """Whether a definition change may happen, and what it does to the values already stored."""

    allowed: bool
    reason: str = ""
    # False when no stored value changes, so the service need not visit a single card.
    needs_conversion: bool = False
    # The new definition is unique and stored values were never checked against that, or changed.
    needs_uniqueness_check: bool = False
    converter: Callable[[StoredValue], Converted] = field(
        default=_unchanged, repr=False, compare=False
    )

    def convert(self, value: StoredValue) -> Converted:
        """What `value` becomes: a new stored value, None to clear it, or Unconvertible."""
        if not self.allowed:
            raise InvalidInput("change_refused", self.reason)
        return self.converter(value)


def plan_definition_change(
    old: FieldDefinition,
    new: FieldDefinition,
    option_mapping: Mapping[str, str | None] | None = None,
) -> ChangePlan:
    """How stored values follow a change from `old` to `new`, or why they cannot.

    `option_mapping` says what becomes of option values (old value -> new value, or None to
    clear); every option `new` drops needs an entry. `new` is validated first, so an invalid
    definition raises InvalidInput rather than yielding a plan.
    """
    new = validate_definition(new)
    mapping = dict(option_mapping or {})
    if new.key != old.key:
        return _refused(f"the key {old.key!r} cannot change: stored values and filters use it")
    old_spec, new_spec = TYPE_SPECS[old.type], TYPE_SPECS[new.type]
    if not _type_change_allowed(old_spec, new_spec):
        return _refused(f"a {old.type} field cannot become a {new.type} field")
    if old_spec.has_options and new_spec.has_options:
        problem = _mapping_problem(old, new, mapping)
        if problem:
            return _refused(problem)
    elif mapping:
        return _refused("an option mapping applies only between fields with options")
    remap = {value: target for value, target in mapping.items() if value != target}
    same_settings = old_spec.validate_settings(old.settings) == new_spec.validate_settings(
        new.settings
    )
    if old.type is new.type and same_settings and not remap:
        return ChangePlan(allowed=True, needs_uniqueness_check=new.unique and not old.unique)
    return ChangePlan(
        allowed=True,
        needs_conversion=True,
        # Conversion can make distinct values equal, e.g. "01" and "1" both become 1.
        needs_uniqueness_check=new.unique,
        converter=_converter(old, new, remap),
    )


def _type_change_allowed(old: TypeSpec, new: TypeSpec) -> bool:
    return (
        old.type is new.type
        or new.holds_text
        or (old.holds_text and new.parses_text)
        or old.type in new.converts_from
    )


def _mapping_problem(
    old: FieldDefinition, new: FieldDefinition, mapping: Mapping[str, str | None]
) -> str:
    old_values = [option.value for option in old.options]
    new_values = {option.value for option in new.options}
    unknown = [value for value in mapping if value not in old_values]
    if unknown:
        return f"the option mapping names options the field does not have: {_names(unknown)}"
    missing = [t for t in mapping.values() if t is not None and t not in new_values]
    if missing:
        return f"the option mapping leads to options the field will not have: {_names(missing)}"
    dropped = [value for value in old_values if value not in new_values and value not in mapping]
    if dropped:
        return (
            f"options removed without saying what becomes of their stored values: "
            f"{_names(dropped)}; map each to a remaining option, or to nothing to clear it"
        )
    return ""


def _converter(
    old: FieldDefinition, new: FieldDefinition, remap: Mapping[str, str | None]
) -> Callable[[StoredValue], Converted]:
    to_text = TYPE_SPECS[old.type].to_text
    # Into a text field the value goes by its readable form, so a dropdown keeps its label.
    readable = TYPE_SPECS[new.type].holds_text and old.type is not new.type

    def convert(value: StoredValue) -> Converted:
        source = _remapped(value, remap)
        if source is None:
            return None
        try:
            return coerce_value(new, to_text(old, source) if readable else source)
        except InvalidInput as exc:
            return Unconvertible(exc.detail)

    return convert


def _remapped(value: StoredValue, remap: Mapping[str, str | None]) -> StoredValue | None:
    if isinstance(value, str):
        return remap.get(value, value)
    if isinstance(value, list):
        kept = [target for item in value if (target := remap.get(item, item)) is not None]
        return kept or None
    return value


def _refused(reason: str) -> ChangePlan:
    return ChangePlan(allowed=False, reason=reason)


def _names(values: Iterable[str]) -> str:
    return ", ".join(repr(value) for value in values)
