"""Custom field values in cells: each field type written for people, read back losslessly.

Export forms: text as is; integers as numbers (as text beyond 2**53, which XLSX would round);
decimals as numbers when a double holds them exactly, else as text ("12345678901234567.89");
money as "12.50 PLN"; dates as date cells (ISO text before 1 March 1900); date-times as ISO
8601 UTC text ("2024-05-01T08:30:00Z", microseconds only when there are some, since a spreadsheet
date-time has neither an offset nor microseconds); checkboxes as booleans; dropdowns and
multi-selects by option label ("Warm lead; Cold"), by value where a label would not read back
as the same option; links and contact ids as text.

Import reads every cell into a form `coerce_value` accepts and runs it, so the field's own
rules (length, bounds, scale, currencies, options) apply and the result is the stored form.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from kartoteka_contacts.domain.custom_fields import (
    FieldDefinition,
    FieldOption,
    FieldType,
    StoredValue,
    coerce_value,
)
from kartoteka_contacts.domain.custom_fields.choices import (
    MULTI_SELECT_SEPARATORS,
    PerOptions,
    option_index,
)
from kartoteka_contacts.domain.custom_fields.temporal import readable_moment
from kartoteka_contacts.domain.spreadsheet.cells import (
    Cell,
    CellProblem,
    escape_apostrophes,
    integer_cell,
    is_blank,
    number_cell,
    to_bool,
    to_decimal,
    to_integer,
    to_text,
    to_uuid,
)
from kartoteka_contacts.domain.spreadsheet.dates import date_cell, to_date, to_moment
from kartoteka_contacts.domain.spreadsheet.folding import loose

# What people write for a currency besides its ISO code, folded by `loose`.
CURRENCY_SYMBOLS = {
    "zł": "PLN", "zl": "PLN", "€": "EUR", "$": "USD", "us$": "USD", "£": "GBP", "₴": "UAH",
    "грн": "UAH", "грн.": "UAH", "eur": "EUR",
}  # fmt: skip
_LOOSE_SYMBOLS = {loose(symbol): code for symbol, code in CURRENCY_SYMBOLS.items()}
# A currency word before or after the amount: "PLN 12.50", "12,50 zł", "€12.50".
_NUMBER_CHARS = "0-9+\\-.,\u2212\u00a0\u202f\u2009 "
_CURRENCY_FIRST = re.compile(rf"([^{_NUMBER_CHARS}]+?)\s*([{_NUMBER_CHARS}]+)")
_CURRENCY_LAST = re.compile(rf"([{_NUMBER_CHARS}]+?)\s*([^{_NUMBER_CHARS}]+)")
_ISO_CURRENCY = re.compile(r"[A-Za-z]{3}")
# Option values are never empty (validate_definition), so "" can mark an ambiguous spelling.
_AMBIGUOUS = ""


def custom_cell(definition: FieldDefinition, value: StoredValue | None) -> Cell:
    """The cell a stored custom value exports as."""
    if value is None:
        return None
    kind = definition.type
    if kind is FieldType.INTEGER and isinstance(value, int) and not isinstance(value, bool):
        return integer_cell(value)
    if kind is FieldType.DECIMAL and isinstance(value, str):
        return number_cell(Decimal(value))
    if kind is FieldType.MONEY and isinstance(value, dict):
        return f"{value['amount']} {value['currency']}"
    if kind is FieldType.DATE and isinstance(value, str):
        return date_cell(date.fromisoformat(value))
    if kind is FieldType.DATETIME and isinstance(value, str):
        return readable_moment(value)
    if kind is FieldType.CHECKBOX and isinstance(value, bool):
        return value
    if kind is FieldType.DROPDOWN and isinstance(value, str):
        return escape_apostrophes(_option_text(definition, value))
    if kind is FieldType.MULTI_SELECT and isinstance(value, list):
        return escape_apostrophes("; ".join(_option_texts(definition, value)))
    if isinstance(value, str):
        return escape_apostrophes(value)
    # A stored value of another type's shape (left over from a type change) exports as data.
    return escape_apostrophes(str(value))


def custom_value(definition: FieldDefinition, cell: Cell) -> StoredValue | None:
    """The stored form of a cell, None when empty; `CellProblem` or the field's `InvalidInput`."""
    if is_blank(cell):
        return None
    return coerce_value(definition, _READERS[definition.type](definition, cell))


def _text(definition: FieldDefinition, cell: Cell) -> object:
    return to_text(cell)


def _integer(definition: FieldDefinition, cell: Cell) -> object:
    return to_integer(cell)


def _decimal(definition: FieldDefinition, cell: Cell) -> object:
    return to_decimal(cell)


def _money(definition: FieldDefinition, cell: Cell) -> object:
    if not isinstance(cell, str):
        return {"amount": to_decimal(cell), "currency": None}
    text = to_text(cell).removeprefix("'")  # Excel's mark of a number kept as text
    currency: str | None = None
    amount = text
    if match := _CURRENCY_FIRST.fullmatch(text):
        currency, amount = match.group(1), match.group(2)
    elif match := _CURRENCY_LAST.fullmatch(text):
        amount, currency = match.group(1), match.group(2)
    return {"amount": to_decimal(amount), "currency": _currency_code(currency)}


def _currency_code(word: str | None) -> str | None:
    if word is None:
        return None
    if _ISO_CURRENCY.fullmatch(word):
        return word.upper()
    code = _LOOSE_SYMBOLS.get(loose(word))
    if code is None:
        raise CellProblem(f"{word!r} is not a currency (write e.g. 12.50 PLN)", "invalid_money")
    return code


def _date(definition: FieldDefinition, cell: Cell) -> object:
    return to_date(cell)


def _moment(definition: FieldDefinition, cell: Cell) -> object:
    return to_moment(cell)


def _checkbox(definition: FieldDefinition, cell: Cell) -> object:
    return to_bool(cell)


def _dropdown(definition: FieldDefinition, cell: Cell) -> object:
    return _option(definition, to_text(cell))


def _multi_select(definition: FieldDefinition, cell: Cell) -> object:
    values: list[str] = []
    for chunk in MULTI_SELECT_SEPARATORS.split(to_text(cell)):
        text = chunk.strip()
        if not text:
            continue
        # A label like "Kraków, Małopolska" stays whole; only unmatched chunks split on commas.
        whole = _find_option(definition, text)
        if whole is not None:
            values.append(_option(definition, text))
            continue
        values.extend(_option(definition, part.strip()) for part in text.split(",") if part.strip())
    return values


def _contact_ref(definition: FieldDefinition, cell: Cell) -> object:
    ref = to_uuid(cell)
    return None if ref is None else str(ref)


_READERS: dict[FieldType, Callable[[FieldDefinition, Cell], object]] = {
    FieldType.TEXT: _text,
    FieldType.LONG_TEXT: _text,
    FieldType.INTEGER: _integer,
    FieldType.DECIMAL: _decimal,
    FieldType.MONEY: _money,
    FieldType.DATE: _date,
    FieldType.DATETIME: _moment,
    FieldType.CHECKBOX: _checkbox,
    FieldType.DROPDOWN: _dropdown,
    FieldType.MULTI_SELECT: _multi_select,
    FieldType.LINK: _text,
    FieldType.CONTACT_REF: _contact_ref,
}


# --- options ---------------------------------------------------------------------------------


def _option(definition: FieldDefinition, text: str) -> str:
    value = _find_option(definition, text)
    if value is None:
        labels = ", ".join(option.label for option in definition.options[:20])
        raise CellProblem(
            f"{text[:60]!r} is not an option of this field (options: {labels})", "unknown_option"
        )
    if value == _AMBIGUOUS:
        raise CellProblem(f"{text[:60]!r} matches more than one option", "ambiguous_option")
    return value


def _find_option(definition: FieldDefinition, text: str) -> str | None:
    """The option value `text` names: exact value, label ignoring case, then ignoring accents."""
    return _option_named(definition.options, text)


def _option_named(options: tuple[FieldOption, ...], text: str) -> str | None:
    exact = option_index(options).find(text)
    if exact is not None:
        return exact
    key = loose(text)
    labels, values = _loose_options(options)
    return labels.get(key, values.get(key))


def _loose_tables(options: tuple[FieldOption, ...]) -> tuple[dict[str, str], dict[str, str]]:
    labels: dict[str, str] = {}
    values: dict[str, str] = {}
    for option in options:
        for table, text in ((labels, option.label), (values, option.value)):
            key = loose(text)
            # "Łódź" and "Lodz" both as labels make "lodz" ambiguous rather than first-wins.
            clash = key in table and table[key] != option.value
            table[key] = _AMBIGUOUS if clash else option.value
    return labels, values


def _option_text(definition: FieldDefinition, value: str) -> str:
    """The option's label when it reads back as this option, else its value."""
    return _exported_texts(definition.options).get(value, value)


def _texts_to_export(options: tuple[FieldOption, ...]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for option in options:
        label = option.label
        safe = not MULTI_SELECT_SEPARATORS.search(label)
        readable = safe and _option_named(options, label) == option.value
        texts.setdefault(option.value, label if readable else option.value)
    return texts


# Labels and values folded loose, and each option's exported text, per options tuple.
_loose_options = PerOptions(_loose_tables)
_exported_texts = PerOptions(_texts_to_export)


def _option_texts(definition: FieldDefinition, values: list[str]) -> list[str]:
    order = {option.value: i for i, option in enumerate(definition.options)}
    ordered = sorted(values, key=lambda value: (order.get(value, len(order)), value))
    return [_option_text(definition, value) for value in ordered]
