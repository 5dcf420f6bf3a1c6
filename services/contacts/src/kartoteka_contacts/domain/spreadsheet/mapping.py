"""Which file header feeds which column: a proposal for the person to confirm, and the check.

Headers are compared loosely (case, accents, spaces and punctuation ignored: "E-mail" is
"email", "Imię" is "imie"). A header matches, in order: the saved mapping of an earlier import
(header -> column key, or None to skip it); a column's key or header (unique by construction,
so a file this package exported maps back exactly); a synonym in English or Polish, a legal
identifier's name, or a custom field's bare key. A header appearing twice, or a second header
for an already matched column, is left unmapped and reported, never mapped twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.legal import legal_field_specs, supported_countries
from kartoteka_contacts.domain.spreadsheet.cells import unneutralise
from kartoteka_contacts.domain.spreadsheet.columns import Column, Target
from kartoteka_contacts.domain.spreadsheet.folding import squeezed

# Other names people give the standard columns, English and Polish first.
SYNONYMS: Mapping[str, tuple[str, ...]] = {
    "id": ("contact id", "uuid", "identyfikator", "id kontaktu"),
    "kind": ("type", "contact type", "rodzaj", "typ", "typ kontaktu", "rodzaj kontaktu"),
    "first_name": ("given name", "forename", "imię", "vorname", "ім'я"),
    "middle_name": ("second name", "drugie imię"),
    "last_name": ("surname", "family name", "nazwisko", "nachname", "прізвище"),
    "company_name": ("company", "organization", "organisation", "firma", "nazwa firmy", "nazwa"),
    "gender": ("sex", "płeć", "geschlecht", "стать"),
    "birthday": ("date of birth", "birth date", "dob", "data urodzenia", "urodziny"),
    "emails": (
        "email", "e-mail", "email address", "e-mail address", "mail", "adres e-mail",
        "adresy e-mail", "e-maile", "poczta", "електронна пошта",
    ),
    "phones": (
        "phone", "phone number", "phone numbers", "telephone", "mobile", "tel", "telefon",
        "telefony", "numer telefonu", "nr telefonu", "komórka", "telefon komórkowy", "телефон",
    ),
    "address.label": ("etykieta adresu", "rodzaj adresu"),
    "address.street": ("address", "street address", "address line", "ulica", "adres",
                       "ulica i numer", "straße"),
    "address.postal_code": ("zip", "zip code", "postcode", "post code", "kod pocztowy", "kod",
                            "plz"),
    "address.city": ("town", "miasto", "miejscowość", "stadt", "місто"),
    "address.region": ("state", "province", "region adresu"),
    "address.country_code": ("address country", "kraj adresu"),
    "addresses.other": ("more addresses", "additional addresses", "inne adresy",
                        "pozostałe adresy", "dodatkowe adresy"),
    "country_code": ("country", "kraj", "kod kraju", "land", "країна"),
    "company_id": ("parent company id", "employer id", "id firmy"),
    "region": ("województwo", "obszar", "область"),
    "activity_id": ("id działalności", "id branży"),
    "source": ("lead source", "źródło", "źródło pozyskania", "quelle", "джерело"),
    "manager_id": (
        "manager id", "owner", "account manager", "account owner", "opiekun",
        "opiekun klienta", "menedżer", "menadżer", "handlowiec", "менеджер",
    ),
    "description": ("notes", "note", "comments", "comment", "opis", "notatka", "notatki",
                    "uwagi", "komentarz", "beschreibung", "опис"),
    "photo_url": ("photo", "picture", "avatar", "zdjęcie", "foto"),
}  # fmt: skip


@dataclass(frozen=True)
class MappingProblem:
    """Why a header was left unmapped although it looked like a column."""

    position: int  # of the header, from 0
    header: str
    code: str  # duplicate_header, duplicate_column, ambiguous_header, unknown_saved_column
    detail: str


@dataclass(frozen=True)
class MappingProposal:
    """A column key (or None) for each header of a file, and what stood in the way."""

    headers: tuple[str, ...]
    keys: tuple[str | None, ...]
    unmapped: tuple[str, ...]
    problems: tuple[MappingProblem, ...]


def propose_mapping(
    headers: Sequence[str],
    columns: Sequence[Column],
    saved: Mapping[str, str | None] | None = None,
) -> MappingProposal:
    """The column each header most likely means; a saved mapping wins over guessing."""
    by_key = {column.key: column for column in columns}
    exact, synonyms = _names(columns)
    saved_loose = {squeezed(header): key for header, key in (saved or {}).items()}
    keys: list[str | None] = []
    problems: list[MappingProblem] = []
    first_seen: dict[str, int] = {}
    taken: dict[str, int] = {}
    for position, header in enumerate(headers):
        name = squeezed(unneutralise(header))
        if name and name in first_seen:
            problems.append(_duplicate_header(position, header, first_seen[name]))
            keys.append(None)
            continue
        first_seen.setdefault(name, position)
        key, problem = _guess(position, header, name, saved, saved_loose, by_key, exact, synonyms)
        if problem is not None:
            problems.append(problem)
        if key is not None and key in taken:
            earlier = taken[key]
            problems.append(
                MappingProblem(
                    position,
                    header,
                    "duplicate_column",
                    f"{_where(position, header)} also matches column {key!r}, already taken by "
                    f"{_where(earlier, headers[earlier])}; it is left unmapped",
                )
            )
            key = None
        if key is not None:
            taken[key] = position
        keys.append(key)
    unmapped = tuple(header for header, key in zip(headers, keys, strict=True) if key is None)
    return MappingProposal(tuple(headers), tuple(keys), unmapped, tuple(problems))


def confirm_mapping(
    headers: Sequence[str], keys: Sequence[str | None], columns: Sequence[Column]
) -> tuple[Column | None, ...]:
    """The column of each header as the person confirmed it, or `InvalidInput` naming the header."""
    if len(keys) != len(headers):
        raise InvalidInput(
            "mapping_length", f"{len(headers)} headers but {len(keys)} mapped keys", field="mapping"
        )
    by_key = {column.key: column for column in columns}
    chosen: list[Column | None] = []
    taken: dict[str, int] = {}
    for position, (header, key) in enumerate(zip(headers, keys, strict=True)):
        if key is None or key == "":
            chosen.append(None)
            continue
        column = by_key.get(key)
        if column is None:
            raise _mapping_error(
                "unknown_column", f"{_where(position, header)} is mapped to {key!r}, not a column",
                position, header,
            )  # fmt: skip
        if key in taken:
            earlier = taken[key]
            raise _mapping_error(
                "duplicate_column",
                f"{_where(position, header)} and {_where(earlier, headers[earlier])} are both "
                f"mapped to {key!r}",
                position,
                header,
            )
        taken[key] = position
        chosen.append(column)
    return tuple(chosen)


def saved_mapping(headers: Sequence[str], keys: Sequence[str | None]) -> dict[str, str | None]:
    """A confirmed mapping to keep for the next import: header -> key (None: skipped)."""
    saved: dict[str, str | None] = {}
    for header, key in zip(headers, keys, strict=True):
        saved.setdefault(header, key)  # a repeated header keeps its first mapping
    return saved


def column_letter(position: int) -> str:
    """The spreadsheet name of a column: 0 -> "A", 26 -> "AA"."""
    letters = ""
    number = position + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _names(columns: Sequence[Column]) -> tuple[dict[str, str], dict[str, str | None]]:
    """Loose names of columns: exact ones (keys, headers) and synonyms (None: ambiguous)."""
    exact: dict[str, str] = {}
    for column in columns:
        for text in (column.key, column.header):
            exact.setdefault(squeezed(text), column.key)
    synonyms: dict[str, str | None] = {}
    for column in columns:
        for text in _synonyms_of(column):
            name = squeezed(text)
            if name in exact or not name:
                continue
            known = synonyms.get(name, column.key)
            synonyms[name] = column.key if known == column.key else None
    return exact, synonyms


def _synonyms_of(column: Column) -> tuple[str, ...]:
    if column.target is Target.LEGAL:
        labels = [
            spec.label
            for country in supported_countries()
            for spec in legal_field_specs(country)
            if spec.key == column.name
        ]
        return (column.name, f"numer {column.header}", f"nr {column.header}", *labels)
    if column.target is Target.CUSTOM:
        label = column.definition.label if column.definition is not None else ""
        return (column.name, label)
    return SYNONYMS.get(column.key, ())


def _guess(
    position: int,
    header: str,
    name: str,
    saved: Mapping[str, str | None] | None,
    saved_loose: Mapping[str, str | None],
    by_key: Mapping[str, Column],
    exact: Mapping[str, str],
    synonyms: Mapping[str, str | None],
) -> tuple[str | None, MappingProblem | None]:
    problem = None
    if saved is not None and (header in saved or name in saved_loose):
        key = saved[header] if header in saved else saved_loose[name]
        if not key or key in by_key:
            return key or None, None
        problem = MappingProblem(
            position,
            header,
            "unknown_saved_column",
            f"the saved mapping sends {_where(position, header)} to {key!r}, which is no longer "
            "a column; guessed again",
        )
    if name in exact:
        return exact[name], problem
    if name in synonyms:
        key = synonyms[name]
        if key is None:
            return None, MappingProblem(
                position, header, "ambiguous_header",
                f"{_where(position, header)} could mean more than one column; choose one",
            )  # fmt: skip
        return key, problem
    return None, problem


def _duplicate_header(position: int, header: str, first: int) -> MappingProblem:
    return MappingProblem(
        position,
        header,
        "duplicate_header",
        f"{_where(position, header)} repeats the header of column {column_letter(first)}; "
        "only the first is mapped",
    )


def _where(position: int, header: str) -> str:
    return f"header {header!r} (column {column_letter(position)})"


def _mapping_error(code: str, detail: str, position: int, header: str) -> InvalidInput:
    return InvalidInput(
        code, detail, field=f"mapping[{position}]", extra={"header": header, "position": position}
    )
