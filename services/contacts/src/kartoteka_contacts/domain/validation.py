"""The rules every card satisfies, applied on create and on every update."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import TypeVar
from urllib.parse import urlsplit

import phonenumbers
from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.contact import (
    Address,
    ContactDraft,
    ContactKind,
    Email,
    Phone,
)
from kartoteka_contacts.domain.custom_fields import (
    FieldDefinition,
    StoredValue,
    coerce_value,
    required_missing,
)
from kartoteka_contacts.domain.legal import validate_legal_details

NAME_MAX_LENGTH = 200
LABEL_MAX_LENGTH = 50
TEXT_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 20_000
URL_MAX_LENGTH = 2000
MAX_LIST_ITEMS = 20
# Deliberately loose: a mailbox, an @ and a dotted domain. Deliverability is the mailer's job.
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_Listed = TypeVar("_Listed", Email, Phone)


def validate_contact(
    draft: ContactDraft, *, default_region: str, definitions: Mapping[str, FieldDefinition]
) -> ContactDraft:
    """The draft, normalised, or `InvalidInput` naming the first field at fault.

    Checks that need the database (the company exists, no cycle, no duplicate, referenced
    contacts exist) are the service's; everything decidable from the draft alone is here.
    """
    names = {
        name: clean_text(getattr(draft, name), name, NAME_MAX_LENGTH)
        for name in ("first_name", "middle_name", "last_name", "company_name")
    }
    _require_name(draft.kind, names)
    if draft.kind is ContactKind.COMPANY and draft.gender is not None:
        raise InvalidInput("gender_for_person_only", "a company has no gender", field="gender")
    for name, items in (
        ("emails", draft.emails),
        ("phones", draft.phones),
        ("addresses", draft.addresses),
    ):
        _bounded(items, name)
    country = _country(draft.country_code, "country_code")
    return replace(
        draft,
        first_name=names["first_name"],
        middle_name=names["middle_name"],
        last_name=names["last_name"],
        company_name=names["company_name"],
        birthday=_birthday(draft.birthday),
        photo_url=_url(draft.photo_url, "photo_url"),
        country_code=country,
        legal=_legal(draft, country),
        emails=_with_one_primary([_email(e, f"emails[{i}]") for i, e in enumerate(draft.emails)]),
        phones=_with_one_primary(
            [_phone(p, f"phones[{i}]", default_region) for i, p in enumerate(draft.phones)]
        ),
        addresses=[_address(a, f"addresses[{i}]") for i, a in enumerate(draft.addresses)],
        region=clean_text(draft.region, "region", TEXT_MAX_LENGTH),
        description=clean_text(
            draft.description, "description", DESCRIPTION_MAX_LENGTH, fold=False
        ),
        source=clean_text(draft.source, "source", TEXT_MAX_LENGTH),
        manager_id=clean_text(draft.manager_id, "manager_id", 64),
        custom=validate_custom(draft.custom, definitions),
    )


def validate_custom(
    values: Mapping[str, object], definitions: Mapping[str, FieldDefinition]
) -> dict[str, StoredValue]:
    """Custom values in storage form; unknown keys, bad values and missing required ones fail."""
    stored: dict[str, StoredValue] = {}
    for key, raw in values.items():
        definition = definitions.get(key)
        if definition is None:
            raise InvalidInput(
                "unknown_custom_field", f"no custom field {key!r}", field=f"custom.{key}"
            )
        value = coerce_value(definition, raw)
        if value is not None:
            stored[key] = value
    missing = required_missing(list(definitions.values()), stored)
    if missing:
        raise InvalidInput(
            "required", f"custom field {missing[0]!r} is required", field=f"custom.{missing[0]}"
        )
    return stored


def normalise_phone(raw: str, default_region: str) -> str:
    """E.164 form of a phone number written in any common format."""
    try:
        parsed = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(str(exc)) from exc
    # Valid, not merely possible: a wrong digit count would defeat duplicate detection.
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError("not a valid phone number for its country")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _require_name(kind: ContactKind, names: Mapping[str, str]) -> None:
    if kind is ContactKind.COMPANY and not names["company_name"]:
        raise InvalidInput("name_required", "a company needs a name", field="company_name")
    if kind is ContactKind.PERSON and not (names["first_name"] or names["last_name"]):
        raise InvalidInput(
            "name_required", "a person needs a first or a last name", field="last_name"
        )


def clean_text(value: str, field_name: str, limit: int, *, fold: bool = True) -> str:
    """Text with whitespace folded (or only trimmed), refused when too long or holding NUL."""
    cleaned = " ".join(value.split()) if fold else value.strip()
    if "\x00" in cleaned:
        raise InvalidInput("invalid_text", "text must not contain NUL characters", field=field_name)
    if len(cleaned) > limit:
        raise InvalidInput(
            "too_long", f"{field_name} is longer than {limit} characters", field=field_name
        )
    return cleaned


def _bounded(items: Sequence[object], field_name: str) -> None:
    if len(items) > MAX_LIST_ITEMS:
        raise InvalidInput(
            "too_many", f"at most {MAX_LIST_ITEMS} {field_name} per card", field=field_name
        )


def _birthday(value: date | None) -> date | None:
    if value is not None and (value > date.today() or value.year < 1900):
        raise InvalidInput(
            "invalid_birthday", "birthday must be between 1900 and today", field="birthday"
        )
    return value


def _url(value: str, field_name: str) -> str:
    url = value.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > URL_MAX_LENGTH:
        raise InvalidInput("invalid_url", f"{field_name} must be an http(s) URL", field=field_name)
    return url


def _country(value: str, field_name: str) -> str:
    country = value.strip().upper()
    if country and country not in phonenumbers.SUPPORTED_REGIONS:
        raise InvalidInput(
            "invalid_country", "country codes are ISO 3166-1 alpha-2", field=field_name
        )
    return country


def _legal(draft: ContactDraft, country: str) -> dict[str, str]:
    if draft.kind is not ContactKind.COMPANY:
        if draft.legal:
            raise InvalidInput(
                "legal_for_company_only", "legal details belong to companies", field="legal"
            )
        return {}
    if not country:
        if any(draft.legal.values()):
            raise InvalidInput(
                "country_required",
                "legal details need the company's country",
                field="country_code",
            )
        return {}
    return validate_legal_details(country, draft.legal)


def _label(value: str, field_name: str) -> str:
    return clean_text(value, field_name, LABEL_MAX_LENGTH)


def _email(item: Email, field_name: str) -> Email:
    address = item.address.strip().lower()
    if not _EMAIL.match(address) or len(address) > 254:
        raise InvalidInput(
            "invalid_email",
            f"{item.address!r} is not an email address",
            field=f"{field_name}.address",
        )
    return Email(address, _label(item.label, f"{field_name}.label"), item.primary)


def _phone(item: Phone, field_name: str, default_region: str) -> Phone:
    try:
        number = normalise_phone(item.number, default_region)
    except ValueError as exc:
        raise InvalidInput(
            "invalid_phone",
            f"{item.number!r} is not a phone number: {exc}",
            field=f"{field_name}.number",
        ) from exc
    return Phone(number, _label(item.label, f"{field_name}.label"), item.primary)


def _address(item: Address, field_name: str) -> Address:
    parts = {
        name: clean_text(getattr(item, name), f"{field_name}.{name}", NAME_MAX_LENGTH)
        for name in ("street", "city", "postal_code", "region")
    }
    return Address(
        label=_label(item.label, f"{field_name}.label"),
        country_code=_country(item.country_code, f"{field_name}.country_code"),
        **parts,
    )


def _with_one_primary(items: list[_Listed]) -> list[_Listed]:
    """Exactly one primary item when there are any: the first marked one, else the first."""
    primary_at = next((i for i, item in enumerate(items) if item.primary), 0)
    return [replace(item, primary=i == primary_at) for i, item in enumerate(items)]
