"""Turning what a caller sends into the stored form of scalar field types."""

from __future__ import annotations

import ipaddress
import math
import re
import uuid
from collections.abc import Mapping
from decimal import Decimal
from urllib.parse import urlsplit, urlunsplit

from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.custom_fields.model import FieldDefinition, value_error
from kartoteka_contacts.domain.custom_fields.numbers import (
    MAX_NUMBER_TEXT,
    NotANumber,
    OutOfRange,
    WrongKind,
    canonical_decimal,
    parse_decimal,
    parse_integer,
)
from kartoteka_contacts.domain.custom_fields.settings import (
    DecimalSettings,
    IntegerSettings,
    MoneySettings,
    TextSettings,
)

LINK_MAX_LENGTH = 2000
TRUE_WORDS = frozenset({"true", "1", "yes", "tak", "так", "ja"})
FALSE_WORDS = frozenset({"false", "0", "no", "nie", "ні", "nein"})
_CURRENCY = re.compile(r"[A-Za-z]{3}")
_CURRENCY_FIRST = re.compile(r"([A-Za-z]{3})\s*(.+)", re.DOTALL)
_CURRENCY_LAST = re.compile(r"(.+?)\s*([A-Za-z]{3})", re.DOTALL)
# Without a scheme we only add "https://" to something shaped like "host.tld[:port][/...]",
# so "hello" or "mailto:x@y.pl" are refused instead of becoming odd links.
_BARE_HOST = re.compile(r"[\w-]+(?:\.[\w-]+)+(?::[0-9]+)?(?:[/?#].*)?", re.DOTALL)
_HOST_NAME = re.compile(r"[\w-]+(?:\.[\w-]+)*\.?")


def coerce_text(definition: FieldDefinition, raw: object, settings: TextSettings) -> str | None:
    """Stripped text; numbers are written out, since imports often read "00-950" as digits."""
    if isinstance(raw, bool) or not isinstance(raw, str | int | float | Decimal):
        raise _wrong_type(definition, raw)
    if not _finite(raw):  # NaN would otherwise be stored as the text "nan"
        raise _wrong_type(definition, raw)
    try:
        text = (repr(raw) if isinstance(raw, float) else str(raw)).strip()
    except ValueError as exc:  # an int too long for Python to write out
        raise value_error(definition, "too_long", "the number is too long") from exc
    # Postgres cannot keep NUL inside jsonb text, so it is refused here with a clear message.
    if "\x00" in text:
        raise value_error(definition, "invalid_character", "text must not contain NUL characters")
    if len(text) > settings.max_length:
        raise value_error(definition, "too_long", f"longer than {settings.max_length} characters")
    return text or None


def coerce_integer(definition: FieldDefinition, raw: object, settings: IntegerSettings) -> int:
    """A whole number within int64 and the field's bounds."""
    try:
        value = parse_integer(raw)
    except WrongKind as exc:
        raise _wrong_type(definition, raw) from exc
    except OutOfRange as exc:
        raise value_error(definition, "out_of_range", str(exc)) from exc
    except NotANumber as exc:
        raise value_error(definition, "invalid_integer", str(exc)) from exc
    _within(definition, value, settings.min, settings.max)
    return value


def coerce_decimal(definition: FieldDefinition, raw: object, settings: DecimalSettings) -> str:
    """The canonical text of a decimal at the field's scale, e.g. "12.50"."""
    try:
        value = parse_decimal(raw, settings.scale)
    except WrongKind as exc:
        raise _wrong_type(definition, raw) from exc
    except OutOfRange as exc:
        raise value_error(definition, "out_of_range", str(exc)) from exc
    except NotANumber as exc:
        raise value_error(definition, "invalid_decimal", str(exc)) from exc
    _within(definition, value, settings.min, settings.max)
    return canonical_decimal(value, settings.scale)


def coerce_money(
    definition: FieldDefinition, raw: object, settings: MoneySettings
) -> dict[str, str] | None:
    """{"amount": "12.50", "currency": "PLN"} from that mapping, "12.50 PLN" or "PLN 12.50"."""
    amount, currency = _money_parts(definition, raw)
    if amount is None or (isinstance(amount, str) and not amount.strip()):
        return None
    code = _currency(definition, currency, settings)
    try:
        value = parse_decimal(amount, settings.scale)
    except OutOfRange as exc:
        raise value_error(definition, "out_of_range", str(exc)) from exc
    except (NotANumber, WrongKind) as exc:
        raise value_error(definition, "invalid_money", f"not an amount: {exc}") from exc
    return {"amount": canonical_decimal(value, settings.scale), "currency": code}


def coerce_checkbox(definition: FieldDefinition, raw: object) -> bool:
    """A boolean from true/false, 1/0 or yes/no in English, Polish, Ukrainian or German."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float | Decimal):
        if _finite(raw) and raw in (0, 1):
            return raw == 1
        raise value_error(definition, "invalid_boolean", f"{raw!r} is neither 1 nor 0")
    if not isinstance(raw, str):
        raise _wrong_type(definition, raw)
    word = raw.strip().casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise value_error(definition, "invalid_boolean", f"{raw!r} is not a yes or a no")


def coerce_link(definition: FieldDefinition, raw: object) -> str:
    """An http(s) URL with a host; "https://" is added to a bare "host.tld/..."."""
    if not isinstance(raw, str):
        raise _wrong_type(definition, raw)
    text = raw.strip()
    if len(text) > LINK_MAX_LENGTH:
        raise value_error(definition, "too_long", f"longer than {LINK_MAX_LENGTH} characters")
    if any(char.isspace() or not char.isprintable() for char in text):
        raise _bad_url(definition, raw, "it contains spaces or control characters")
    if text.startswith("//"):
        text = "https:" + text
    elif "://" not in text:
        if not _BARE_HOST.fullmatch(text):
            raise _bad_url(definition, raw, "it has no http:// or https:// scheme")
        text = "https://" + text
    url = _checked_url(definition, raw, text)
    if len(url) > LINK_MAX_LENGTH:
        raise value_error(definition, "too_long", f"longer than {LINK_MAX_LENGTH} characters")
    return url


def coerce_contact_ref(definition: FieldDefinition, raw: object) -> str:
    """The canonical lower-case UUID of a contact; whether it exists is the service's check."""
    if isinstance(raw, uuid.UUID):
        value = raw
    elif isinstance(raw, str):
        try:
            # uuid.UUID would accept any length of braces and dashes; real ids are short.
            if len(raw.strip()) > 45:
                raise ValueError("too long")
            value = uuid.UUID(raw.strip())
        except ValueError as exc:
            raise _bad_ref(definition, raw) from exc
    else:
        raise _wrong_type(definition, raw)
    if value.int == 0:
        raise _bad_ref(definition, raw)
    return str(value)


def _finite(raw: object) -> bool:
    if isinstance(raw, float):
        return math.isfinite(raw)
    return not isinstance(raw, Decimal) or raw.is_finite()


def _within(
    definition: FieldDefinition,
    value: int | Decimal,
    low: int | Decimal | None,
    high: int | Decimal | None,
) -> None:
    if low is not None and value < low:
        raise value_error(definition, "out_of_range", f"{value} is less than the minimum {low}")
    if high is not None and value > high:
        raise value_error(definition, "out_of_range", f"{value} is more than the maximum {high}")


def _money_parts(definition: FieldDefinition, raw: object) -> tuple[object, object]:
    if isinstance(raw, Mapping):
        if not set(raw) <= {"amount", "currency"}:
            raise value_error(
                definition, "invalid_money", "money takes only an amount and a currency"
            )
        return raw.get("amount"), raw.get("currency")
    if isinstance(raw, str):
        text = raw.strip()
        if len(text) > MAX_NUMBER_TEXT:
            raise value_error(definition, "invalid_money", f"{raw!r} is not an amount")
        # "abc PLN" has a code-shaped word on both sides; the amount is the side without letters.
        if (match := _CURRENCY_FIRST.fullmatch(text)) and _numeric(match.group(2)):
            return match.group(2), match.group(1)
        if (match := _CURRENCY_LAST.fullmatch(text)) and _numeric(match.group(1)):
            return match.group(1), match.group(2)
        return text, None
    if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal):
        raise _wrong_type(definition, raw)
    return raw, None


def _numeric(text: str) -> bool:
    return not any(char.isalpha() for char in text)


def _currency(definition: FieldDefinition, currency: object, settings: MoneySettings) -> str:
    if currency is None or currency == "":
        # With one allowed currency there is nothing to guess, so a bare amount is fine.
        if len(settings.currencies) == 1:
            return settings.currencies[0]
        raise value_error(definition, "invalid_money", "the amount needs a currency")
    if not isinstance(currency, str) or not _CURRENCY.fullmatch(currency.strip()):
        raise value_error(definition, "invalid_money", f"{currency!r} is not a currency code")
    code = currency.strip().upper()
    if code not in settings.currencies:
        allowed = ", ".join(settings.currencies)
        raise value_error(
            definition,
            "unknown_currency",
            f"{code} is not one of this field's currencies: {allowed}",
        )
    return code


def _checked_url(definition: FieldDefinition, raw: str, text: str) -> str:
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 -- reading it validates the port
    except ValueError as exc:
        raise _bad_url(definition, raw, str(exc)) from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise _bad_url(definition, raw, "only http and https links are allowed")
    # "https://bank.pl@evil.example" shows one host and opens another.
    if "@" in parts.netloc:
        raise _bad_url(definition, raw, "user names and passwords do not belong in links")
    host = parts.hostname or ""
    if not _valid_host(host, bracketed="[" in parts.netloc):
        raise _bad_url(definition, raw, "it has no valid host")
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, parts.fragment)
    )


def _valid_host(host: str, *, bracketed: bool) -> bool:
    if bracketed:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return False
        return True
    return bool(_HOST_NAME.fullmatch(host))


def _wrong_type(definition: FieldDefinition, raw: object) -> InvalidInput:
    return value_error(
        definition,
        "invalid_type",
        f"a {type(raw).__name__} is not a value for a {definition.type} field",
    )


def _bad_url(definition: FieldDefinition, raw: str, why: str) -> InvalidInput:
    return value_error(definition, "invalid_url", f"{raw!r} is not a link: {why}")


def _bad_ref(definition: FieldDefinition, raw: object) -> InvalidInput:
    return value_error(definition, "invalid_contact_ref", f"{raw!r} is not a contact id")
