"""Emails, phones and addresses written into one cell each, readable and editable by hand.

Items are separated by ";" or a new line. Emails and phones export as
`a@x.pl (work); b@y.pl`: the optional label in parentheses at the end of an item. The first
item is the primary one; when the primary one is not first it is marked with a leading "*"
(`a@x.pl; *b@y.pl (home)`), so the stored order survives. Addresses export one per line as
`street | postal code | city | region | country code (label)`, trailing empty parts left out
(`ul. Długa 5 | 00-950 | Warszawa`). A backslash makes the next character literal: `\\;`,
`\\(`, `\\)`, `\\|`, `\\*` (at an item's start), `\\\\`; `\\n` is a new line inside a value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kartoteka_contacts.domain.contact import Address, Email, Phone
from kartoteka_contacts.domain.spreadsheet.cells import CellProblem

ITEM_SEPARATOR = "; "
ADDRESS_SEPARATOR = "\n"
ADDRESS_PARTS = ("street", "postal_code", "city", "region", "country_code")
_SPECIAL = frozenset("\\;()|\n\r")
_ITEM_BREAKS = frozenset(";\n\r")


@dataclass(frozen=True)
class _Item:
    parts: tuple[str, ...]
    label: str
    starred: bool


# A character of a cell and whether a backslash made it literal.
_Token = tuple[str, bool]


def format_emails(emails: Sequence[Mapping[str, Any]]) -> str:
    """The cell text of a card's emails, as stored (`Email` fields as dict keys)."""
    return _format_listed([(e["address"], e.get("label"), e.get("primary")) for e in emails])


def format_phones(phones: Sequence[Mapping[str, Any]]) -> str:
    """The cell text of a card's phones, as stored (`Phone` fields as dict keys)."""
    return _format_listed([(p["number"], p.get("label"), p.get("primary")) for p in phones])


def parse_emails(text: str) -> list[Email]:
    """Emails from cell text; the starred item, else the first, is primary."""
    return [Email(value, label, primary) for value, label, primary in _parse_listed(text)]


def parse_phones(text: str) -> list[Phone]:
    """Phones from cell text, as written: `validate_contact` normalises the numbers."""
    return [Phone(value, label, primary) for value, label, primary in _parse_listed(text)]


def format_addresses(addresses: Sequence[Mapping[str, Any]]) -> str:
    """The cell text of addresses as stored (`Address` fields as dict keys), one per line;
    addresses with nothing in them are left out."""
    lines = []
    for address in addresses:
        parts = [_escape(address.get(name) or "") for name in ADDRESS_PARTS]
        while parts and not parts[-1]:
            parts.pop()
        line = " | ".join(parts)
        if line.startswith("*"):  # a leading star would read as a primary mark
            line = "\\" + line
        if label := address.get("label"):
            line = f"{line} ({_escape(label)})" if line else f"({_escape(label)})"
        if line:
            lines.append(line)
    return ADDRESS_SEPARATOR.join(lines)


def parse_addresses(text: str) -> list[Address]:
    """Addresses from cell text; an item has at most five parts separated by "|"."""
    addresses = []
    for item in _items(text, split_parts=True):
        if len(item.parts) > len(ADDRESS_PARTS):
            raise CellProblem(
                f"an address has at most {len(ADDRESS_PARTS)} parts separated by '|'"
                " (street | postal code | city | region | country code)",
                "invalid_address",
            )
        if item.starred:
            raise CellProblem("addresses have no primary one to mark with '*'", "invalid_address")
        parts = dict(zip(ADDRESS_PARTS, item.parts, strict=False))
        address = Address(label=item.label, **parts)
        if not _is_empty(address):
            addresses.append(address)
    return addresses


def _is_empty(address: Address) -> bool:
    return not any(getattr(address, name) for name in ("label", *ADDRESS_PARTS))


def _format_listed(items: Sequence[tuple[str, str | None, bool | None]]) -> str:
    primary_at = next((i for i, (_, _, primary) in enumerate(items) if primary), 0)
    texts = []
    for i, (value, label, _) in enumerate(items):
        text = _escape(value)
        if text.startswith("*"):
            text = "\\" + text
        if i == primary_at and i > 0:
            text = "*" + text
        if label:
            text = f"{text} ({_escape(label)})"
        texts.append(text)
    return ITEM_SEPARATOR.join(texts)


def _parse_listed(text: str) -> list[tuple[str, str, bool]]:
    items = _items(text, split_parts=False)
    starred = [i for i, item in enumerate(items) if item.starred]
    if len(starred) > 1:
        raise CellProblem("only one item can be marked primary with '*'", "invalid_list")
    primary_at = starred[0] if starred else 0
    return [(item.parts[0], item.label, i == primary_at) for i, item in enumerate(items)]


def _escape(text: str) -> str:
    if _SPECIAL.isdisjoint(text):  # nearly every value: one pass in C instead of per character
        return text
    escaped = "".join("\\" + char if char in _SPECIAL else char for char in text)
    return escaped.replace("\\\n", "\\n").replace("\\\r", "\\r")


def _items(text: str, *, split_parts: bool) -> list[_Item]:
    items = []
    for chunk in _split(_tokens(text), _ITEM_BREAKS):
        tokens = _trimmed(chunk)
        if not tokens:
            continue
        starred = tokens[0] == ("*", False)
        value, label = _label(_trimmed(tokens[1:]) if starred else tokens)
        chunks = _split(value, frozenset("|")) if split_parts else [value]
        parts = tuple(_text(_trimmed(chunk)) for chunk in chunks)
        items.append(_Item(parts, _text(_trimmed(label)), starred))
    return items


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    chars = iter(text)
    for char in chars:
        if char != "\\":
            tokens.append((char, False))
            continue
        following = next(chars, None)
        if following is None:  # a lone backslash at the end is just a backslash
            tokens.append(("\\", True))
        else:
            tokens.append(({"n": "\n", "r": "\r"}.get(following, following), True))
    return tokens


def _split(tokens: list[_Token], breaks: frozenset[str]) -> list[list[_Token]]:
    chunks: list[list[_Token]] = [[]]
    for char, literal in tokens:
        if char in breaks and not literal:
            chunks.append([])
        else:
            chunks[-1].append((char, literal))
    return chunks


def _label(tokens: list[_Token]) -> tuple[list[_Token], list[_Token]]:
    """The value and the label of an item ending in an unescaped "(label)"."""
    if not tokens or tokens[-1] != (")", False):
        return tokens, []
    opening = max((i for i, token in enumerate(tokens) if token == ("(", False)), default=None)
    if opening is None:
        raise CellProblem("a label has a ')' without its '('", "invalid_list")
    return tokens[:opening], tokens[opening + 1 : -1]


def _trimmed(tokens: list[_Token]) -> list[_Token]:
    start, end = 0, len(tokens)
    while start < end and not tokens[start][1] and tokens[start][0].isspace():
        start += 1
    while end > start and not tokens[end - 1][1] and tokens[end - 1][0].isspace():
        end -= 1
    return tokens[start:end]


def _text(tokens: list[_Token]) -> str:
    return "".join(char for char, _ in tokens)
