"""The columns of the contact spreadsheet: their keys, headers, and how each writes and reads.

Standard columns, in file order: `id` (the card to update; empty for a new one), `kind`,
`first_name`, `middle_name`, `last_name`, `company_name`, `gender`, `birthday`, `emails`,
`phones`, the first address split into `address.label`, `address.street`,
`address.postal_code`, `address.city`, `address.region`, `address.country_code` (what other
systems export and people sort by), every further address in `addresses.other`, then
`country_code`, one `legal.<key>` column per legal identifier of every supported country (a
company fills those of its country), `company_id`, `region`, `activity_id`, `source`,
`manager_id`, `description`, `photo_url`; then `custom.<key>` per custom field by position.
List and custom formats are described in `lists` and `custom`.

`Column.value_of` reads the column's value from a card as the contact table stores it
(`contact.stored_fields`, plus its "id"); `Column.format` gives the cell to write for that
value (None for an empty one); `Column.parse` reads a cell back into the card's own form,
raising `CellError` with the column key. For every value a validated card holds, parsing the
cell formatted from its stored form gives the value back, CSV-neutralised or not
(`cells.neutralise`); the one exception is an address with every part empty, which says
nothing and is dropped.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import Any

from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.contact import (
    Address,
    ContactKind,
    Email,
    Gender,
    Phone,
    StoredCard,
)
from kartoteka_contacts.domain.custom_fields import FieldDefinition
from kartoteka_contacts.domain.legal import legal_field_specs, supported_countries
from kartoteka_contacts.domain.spreadsheet import lists
from kartoteka_contacts.domain.spreadsheet.cells import (
    Cell,
    CellError,
    CellProblem,
    escape_apostrophes,
    to_choice,
    to_text,
    to_uuid,
)
from kartoteka_contacts.domain.spreadsheet.custom import custom_cell, custom_value
from kartoteka_contacts.domain.spreadsheet.dates import date_cell, to_date
from kartoteka_contacts.domain.spreadsheet.folding import loose, squeezed

CUSTOM_PREFIX = "custom."
LEGAL_PREFIX = "legal."
ADDRESS_PREFIX = "address."
OTHER_ADDRESSES = "addresses.other"
# Words for a kind and a gender besides the stored ones, in the languages of our users.
_KIND_WORDS = {
    ContactKind.PERSON: ("person", "osoba", "osoba fizyczna", "individual", "людина"),
    ContactKind.COMPANY: (
        "company",
        "firma",
        "organisation",
        "organization",
        "компанія",
        "unternehmen",
    ),
}
_GENDER_WORDS = {
    Gender.MALE: ("male", "m", "man", "mężczyzna", "mezczyzna", "mann", "männlich", "чоловік"),
    Gender.FEMALE: ("female", "f", "woman", "k", "kobieta", "w", "frau", "weiblich", "жінка"),
}


class Target(enum.Enum):
    """Where a column's value goes on a card."""

    ID = "id"
    FIELD = "field"  # a ContactDraft attribute, named by `Column.name`
    LEGAL = "legal"  # one key of `ContactDraft.legal`
    ADDRESS = "address"  # one part of the first address
    OTHER_ADDRESSES = "other_addresses"  # the addresses after the first
    CUSTOM = "custom"  # one custom field, keyed by `Column.name`


@dataclass(frozen=True)
class Column:
    """One column of the contact spreadsheet."""

    key: str
    header: str
    target: Target
    name: str
    writer: Callable[[Any], Cell]
    reader: Callable[[Cell], Any]
    definition: FieldDefinition | None = None
    # What this column shows of a stored card; picked once per column, as an export calls it
    # for every cell of a million rows.
    value_of: Callable[[StoredCard], Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "value_of", _stored_value(self.target, self.name))

    def format(self, value: Any) -> Cell:
        """The cell to write for a value this column holds, in its stored form."""
        return self.writer(value)

    def parse(self, cell: Cell) -> Any:
        """The value a cell holds for this column, or `CellError` naming the column."""
        try:
            return self.reader(cell)
        except CellProblem as exc:
            raise CellError(self.key, exc.reason, exc.code) from exc
        except InvalidInput as exc:  # a custom field's own rules, from coerce_value
            raise CellError(self.key, exc.detail, exc.code) from exc


def _stored_value(target: Target, name: str) -> Callable[[StoredCard], Any]:
    if target is Target.ID:
        return itemgetter("id")
    if target is Target.FIELD:
        return itemgetter(name)
    if target is Target.LEGAL:
        return lambda card: card["legal"].get(name)
    if target is Target.ADDRESS:
        return lambda card: card["addresses"][0].get(name) if card["addresses"] else None
    if target is Target.OTHER_ADDRESSES:
        return lambda card: card["addresses"][1:]
    return lambda card: card["custom"].get(name)


def contact_columns(definitions: Iterable[FieldDefinition] = ()) -> tuple[Column, ...]:
    """Every column of the contact spreadsheet: the standard ones, then one per custom field."""
    standard = standard_columns()
    taken = {squeezed(text) for column in standard for text in (column.key, column.header)}
    customs = []
    for definition in sorted(definitions, key=lambda d: (d.position, d.key)):
        column = custom_column(definition)
        # Headers must stay unique for the file to map back: a custom field called "City" or a
        # second "Notes" is headed with its key.
        if not squeezed(column.header) or squeezed(column.header) in taken:
            column = _with_header(column, f"{definition.label} ({column.key})")
        taken |= {squeezed(column.key), squeezed(column.header)}
        customs.append(column)
    return (*standard, *customs)


def standard_columns() -> tuple[Column, ...]:
    """The columns of a card's standard fields, in file order."""
    before_legal = (
        Column("id", "ID", Target.ID, "id", _id_cell, to_uuid),
        Column("kind", "Kind", Target.FIELD, "kind", _enum_cell, _kind),
        _text("first_name", "First name"),
        _text("middle_name", "Middle name"),
        _text("last_name", "Last name"),
        _text("company_name", "Company name"),
        Column("gender", "Gender", Target.FIELD, "gender", _enum_cell, _gender),
        Column("birthday", "Birthday", Target.FIELD, "birthday", _date_cell, to_date),
        Column("emails", "Emails", Target.FIELD, "emails", _emails_cell, _emails),
        Column("phones", "Phones", Target.FIELD, "phones", _phones_cell, _phones),
        *(
            Column(f"{ADDRESS_PREFIX}{part}", header, Target.ADDRESS, part, _text_cell, to_text)
            for part, header in (
                ("label", "Address label"),
                ("street", "Street"),
                ("postal_code", "Postal code"),
                ("city", "City"),
                ("region", "Address region"),
                ("country_code", "Address country code"),
            )
        ),
        Column(
            OTHER_ADDRESSES,
            "Other addresses",
            Target.OTHER_ADDRESSES,
            "addresses",
            _addresses_cell,
            _addresses,
        ),
        _text("country_code", "Country code"),
    )
    after_legal = (
        _uuid("company_id", "Company ID"),
        _text("region", "Region"),
        _uuid("activity_id", "Activity ID"),
        _text("source", "Source"),
        _text("manager_id", "Manager"),
        _text("description", "Description"),
        _text("photo_url", "Photo URL"),
    )
    return (*before_legal, *legal_columns(), *after_legal)


def legal_columns() -> tuple[Column, ...]:
    """One column per legal identifier of every supported country, headed by its short name."""
    columns: dict[str, Column] = {}
    for country in supported_countries():
        for spec in legal_field_specs(country):
            # "NIP (tax identification number)" -> "NIP": what people put in a header.
            header = spec.label.split(" (")[0]
            key = f"{LEGAL_PREFIX}{spec.key}"
            columns.setdefault(
                key, Column(key, header, Target.LEGAL, spec.key, _text_cell, to_text)
            )
    return tuple(columns.values())


def custom_column(definition: FieldDefinition) -> Column:
    """The column of one custom field, headed by its label."""
    return Column(
        key=f"{CUSTOM_PREFIX}{definition.key}",
        header=definition.label,
        target=Target.CUSTOM,
        name=definition.key,
        writer=lambda value: custom_cell(definition, value),
        reader=lambda cell: custom_value(definition, cell),
        definition=definition,
    )


def _with_header(column: Column, header: str) -> Column:
    return Column(
        column.key,
        header,
        column.target,
        column.name,
        column.writer,
        column.reader,
        column.definition,
    )


def _text(key: str, header: str) -> Column:
    return Column(key, header, Target.FIELD, key, _text_cell, to_text)


def _uuid(key: str, header: str) -> Column:
    return Column(key, header, Target.FIELD, key, _id_cell, to_uuid)


def _text_cell(value: str | None) -> Cell:
    return escape_apostrophes(value) if value else None


def _id_cell(value: uuid.UUID | str | None) -> Cell:
    return None if value is None else str(value)


def _enum_cell(value: str | None) -> Cell:
    return value or None


def _date_cell(value: date | None) -> Cell:
    return None if value is None else date_cell(value)


def _emails_cell(value: Sequence[Mapping[str, Any]]) -> Cell:
    return lists.format_emails(value) or None


def _phones_cell(value: Sequence[Mapping[str, Any]]) -> Cell:
    return lists.format_phones(value) or None


def _addresses_cell(value: Sequence[Mapping[str, Any]]) -> Cell:
    return lists.format_addresses(value) or None


def _emails(cell: Cell) -> list[Email]:
    return lists.parse_emails(to_text(cell))


def _phones(cell: Cell) -> list[Phone]:
    return lists.parse_phones(to_text(cell))


def _addresses(cell: Cell) -> list[Address]:
    return lists.parse_addresses(to_text(cell))


def _words(
    table: Mapping[ContactKind, Sequence[str]] | Mapping[Gender, Sequence[str]],
) -> dict[str, str]:
    return {loose(word): member.value for member, words in table.items() for word in words}


_KINDS = _words(_KIND_WORDS)
_GENDERS = _words(_GENDER_WORDS)


def _kind(cell: Cell) -> ContactKind | None:
    value = to_choice(cell, _KINDS, "kind")
    return None if value is None else ContactKind(value)


def _gender(cell: Cell) -> Gender | None:
    value = to_choice(cell, _GENDERS, "gender")
    return None if value is None else Gender(value)
