"""Whole rows: a card written out as cells, and a row of cells read into a new or updated card.

Only mapped columns touch a card: `RowValues.updated` leaves every field whose column the file
lacks as it was, so a file with just `id` and `phones` changes only phones. An empty cell in a
mapped column clears the field (a custom value is removed, a legal identifier dropped).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.contact import Address, ContactDraft, ContactKind, StoredCard
from kartoteka_contacts.domain.custom_fields import StoredValue
from kartoteka_contacts.domain.spreadsheet.cells import Cell, CellError
from kartoteka_contacts.domain.spreadsheet.columns import Column, Target
from kartoteka_contacts.domain.spreadsheet.lists import ADDRESS_PARTS


class RowError(InvalidInput):
    """Every refused cell of one row; `field` names the first one's column."""

    def __init__(self, errors: Sequence[CellError]) -> None:
        first = errors[0]
        detail = "; ".join(f"{error.column_key}: {error.reason}" for error in errors)
        super().__init__(first.code, detail, field=first.column_key)
        self.errors = tuple(errors)


@dataclass(frozen=True)
class RowValues:
    """What one row says about a card, limited to the columns the file maps."""

    # Keys of the mapped columns, whether or not this row's cell is empty.
    present: frozenset[str]
    contact_id: uuid.UUID | None = None
    # ContactDraft attributes other than legal, addresses and custom, by name.
    fields: Mapping[str, Any] = field(default_factory=dict)
    # Mapped legal identifiers; "" clears one.
    legal: Mapping[str, str] = field(default_factory=dict)
    # Mapped parts of the first address (label, street, postal_code, ...).
    address: Mapping[str, str] = field(default_factory=dict)
    # The addresses after the first, or None when `addresses.other` is not mapped.
    other_addresses: list[Address] | None = None
    # Stored forms of mapped custom fields; None clears one.
    custom: Mapping[str, StoredValue | None] = field(default_factory=dict)

    def new_draft(self, default_kind: ContactKind = ContactKind.PERSON) -> ContactDraft:
        """A new card from the row; without a kind, a row naming only a company is a company."""
        return self.updated(ContactDraft(kind=self._kind(default_kind)))

    def updated(self, existing: ContactDraft) -> ContactDraft:
        """`existing` with the row's mapped fields applied and every other field kept."""
        fields = dict(self.fields)
        if fields.get("kind") is None:  # a kind cannot be cleared, only left as it is
            fields.pop("kind", None)
        legal = {**existing.legal, **self.legal}
        custom = {**existing.custom, **self.custom}
        return replace(
            existing,
            **fields,
            legal={key: value for key, value in legal.items() if value},
            addresses=self._addresses(existing.addresses),
            custom={key: value for key, value in custom.items() if value is not None},
        )

    def _kind(self, default: ContactKind) -> ContactKind:
        kind = self.fields.get("kind")
        if isinstance(kind, ContactKind):
            return kind
        named = {
            name: self.fields.get(name) for name in ("first_name", "last_name", "company_name")
        }
        if named["company_name"] and not (named["first_name"] or named["last_name"]):
            return ContactKind.COMPANY
        return default

    def _addresses(self, existing: Sequence[Address]) -> list[Address]:
        first = existing[0] if existing else None
        if self.address:
            first = replace(first or Address(), **self.address)
        rest = list(existing[1:]) if self.other_addresses is None else self.other_addresses
        has_first = first is not None and any(
            getattr(first, name) for name in ("label", *ADDRESS_PARTS)
        )
        return [first, *rest] if has_first and first is not None else rest


def read_row(columns: Sequence[Column | None], cells: Sequence[Cell]) -> RowValues:
    """One row's values, `columns[i]` reading cell i (None: skipped); `RowError` lists refusals."""
    # A short row (CSV lines lose their trailing empty cells) reads as empty cells.
    values: dict[Target, dict[str, Any]] = {target: {} for target in Target}
    errors: list[CellError] = []
    for i, column in enumerate(columns):
        if column is None:
            continue
        try:
            values[column.target][column.name] = column.parse(cells[i] if i < len(cells) else None)
        except CellError as exc:
            errors.append(exc)
    if errors:
        raise RowError(errors)
    return RowValues(
        present=frozenset(column.key for column in columns if column is not None),
        contact_id=values[Target.ID].get("id"),
        fields=values[Target.FIELD],
        legal=values[Target.LEGAL],
        address=values[Target.ADDRESS],
        other_addresses=values[Target.OTHER_ADDRESSES].get("addresses"),
        custom=values[Target.CUSTOM],
    )


def row_exporter(columns: Sequence[Column]) -> Callable[[StoredCard], list[Cell]]:
    """A function giving the cells of a stored card (`contact.stored_fields` and its "id"), in
    column order: what each column reads and how it formats it are looked up once, here,
    rather than for each of a million cards."""
    steps = tuple((column.value_of, column.writer) for column in columns)

    def cells(card: StoredCard) -> list[Cell]:
        return [write(value_of(card)) for value_of, write in steps]

    return cells


def export_row(columns: Sequence[Column], card: StoredCard) -> list[Cell]:
    """The cells of one stored card, in column order."""
    return row_exporter(columns)(card)


def header_row(columns: Sequence[Column]) -> list[str]:
    """The header cells of an exported file."""
    return [column.header for column in columns]
