"""Dropdown and multi-select values: matched by option value or label, stored by value."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import Generic, TypeVar

from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.custom_fields.model import FieldDefinition, FieldOption, value_error

MULTI_SELECT_SEPARATORS = re.compile(r"[;\r\n]")
_CACHED_INDEXES = 256
_Built = TypeVar("_Built")


class PerOptions(Generic[_Built]):
    """What is built from a field's options, built once per options tuple: an import or an
    export handles a million cells against the same options. Keyed by identity: an entry
    holds its tuple, so the id cannot be reused while cached."""

    def __init__(self, build: Callable[[tuple[FieldOption, ...]], _Built]) -> None:
        self._build = build
        self._entries: dict[int, tuple[tuple[FieldOption, ...], _Built]] = {}

    def __call__(self, options: tuple[FieldOption, ...]) -> _Built:
        entry = self._entries.get(id(options))
        if entry is not None and entry[0] is options:
            return entry[1]
        if len(self._entries) >= _CACHED_INDEXES:
            self._entries.clear()
        built = self._build(options)
        self._entries[id(options)] = (options, built)
        return built


class OptionIndex:
    """Finds the option a caller meant: by exact value first, then by label ignoring case."""

    def __init__(self, options: tuple[FieldOption, ...]) -> None:
        self.options = options
        self._values = {option.value for option in options}
        self._labels = {fold(option.label): option.value for option in options}

    def find(self, text: str) -> str | None:
        """The option value `text` names, or None."""
        if text in self._values:
            return text
        return self._labels.get(fold(text))

    def resolve(self, definition: FieldDefinition, text: str) -> str:
        """The option value `text` names, or `unknown_option`."""
        value = self.find(text)
        if value is None:
            known = ", ".join(option.value for option in self.options)
            raise value_error(
                definition,
                "unknown_option",
                f"{text!r} is not an option of this field (options: {known})",
            )
        return value


# The (cached) index of a field's options.
option_index = PerOptions(OptionIndex)


def fold(text: str) -> str:
    """A label as compared: whitespace collapsed, case folded."""
    return " ".join(text.split()).casefold()


def coerce_dropdown(definition: FieldDefinition, raw: object) -> str:
    """The value of the one option `raw` names."""
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise _wrong_type(definition, raw)
    return option_index(definition.options).resolve(definition, str(raw).strip())


def coerce_multi_select(definition: FieldDefinition, raw: object) -> list[str] | None:
    """Sorted, unique option values from a list, or text separated by ";", "," or new lines."""
    index = option_index(definition.options)
    if isinstance(raw, str):
        values = _split(definition, index, raw)
    elif isinstance(raw, int) and not isinstance(raw, bool):
        values = [index.resolve(definition, str(raw))]
    elif isinstance(raw, list | tuple | set | frozenset):
        texts = [_item(definition, item) for item in raw]
        values = [index.resolve(definition, text) for text in texts if text]
    else:
        raise _wrong_type(definition, raw)
    # Sorted by value so the same choice is always stored the same way, whatever the input order.
    return sorted(set(values)) or None


def option_labels(definition: FieldDefinition, values: Collection[str]) -> list[str]:
    """Labels of the given values in the field's option order; unknown values as they are."""
    chosen = set(values)
    labels = [option.label for option in definition.options if option.value in chosen]
    known = {option.value for option in definition.options}
    return labels + sorted(value for value in chosen if value not in known)


def _split(definition: FieldDefinition, index: OptionIndex, text: str) -> list[str]:
    values: list[str] = []
    for chunk in MULTI_SELECT_SEPARATORS.split(text):
        # A label like "Kraków, Małopolska" stays whole; only unmatched chunks split on commas.
        whole = index.find(chunk.strip())
        if whole is not None:
            values.append(whole)
            continue
        parts = (part.strip() for part in chunk.split(","))
        values.extend(index.resolve(definition, part) for part in parts if part)
    return values


def _item(definition: FieldDefinition, item: object) -> str:
    if isinstance(item, bool) or not isinstance(item, str | int):
        raise _wrong_type(definition, item)
    return str(item).strip()


def _wrong_type(definition: FieldDefinition, raw: object) -> InvalidInput:
    return value_error(
        definition, "invalid_type", f"a {type(raw).__name__} is not a {definition.type} value"
    )
