"""Loose text comparison for what people type into spreadsheets: case, accents, spacing."""

from __future__ import annotations

import unicodedata

# Letters NFKD does not decompose into a base letter and a mark, so they are mapped by hand.
_UNDECOMPOSED = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE"}
)


def loose(text: str) -> str:
    """`text` without accents, case or repeated whitespace: " Łódź  Bałuty" -> "lodz baluty"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def squeezed(text: str) -> str:
    """`loose` text with only letters and digits kept: "E-mail address" -> "emailaddress"."""
    return "".join(char for char in loose(text) if char.isalnum())
