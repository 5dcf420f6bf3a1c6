"""A contact card and the rules a new card must satisfy."""

from __future__ import annotations

import enum
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TypeVar

import phonenumbers
from kartoteka_platform.errors import InvalidInput

NAME_MAX_LENGTH = 200
LABEL_MAX_LENGTH = 50
MAX_LIST_ITEMS = 20
# Deliberately loose: a mailbox, an @ and a dotted domain. Deliverability is the mailer's job.
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


_Listed = TypeVar("_Listed", "Email", "Phone")


class ContactKind(enum.StrEnum):
    PERSON = "person"
    COMPANY = "company"


@dataclass(frozen=True)
class Email:
    address: str
    label: str = ""
    primary: bool = False


@dataclass(frozen=True)
class Phone:
    number: str
    label: str = ""
    primary: bool = False


@dataclass(frozen=True)
class Address:
    label: str = ""
    street: str = ""
    city: str = ""
    postal_code: str = ""
    region: str = ""
    country_code: str = ""


@dataclass(frozen=True)
class ContactDraft:
    """What a caller asks to create, before validation and normalisation."""

    kind: ContactKind
    first_name: str
    last_name: str
    emails: list[Email] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)


@dataclass(frozen=True)
class Contact:
    """A stored card."""

    id: uuid.UUID
    kind: ContactKind
    first_name: str
    last_name: str
    emails: list[Email]
    phones: list[Phone]
    addresses: list[Address]
    version: int
    created_at: datetime
    created_by: str
    updated_at: datetime

    @property
    def display_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


def validate_new_contact(draft: ContactDraft, *, default_region: str) -> ContactDraft:
    """The draft, normalised, or `InvalidInput` naming the first field at fault."""
    if draft.kind is not ContactKind.PERSON:
        raise InvalidInput("unsupported_kind", "only persons can be created yet", field="kind")
    first_name = _name(draft.first_name, "first_name")
    last_name = _name(draft.last_name, "last_name")
    if not first_name and not last_name:
        raise InvalidInput(
            "name_required", "a person needs a first or a last name", field="last_name"
        )
    _bounded(draft.emails, "emails")
    _bounded(draft.phones, "phones")
    _bounded(draft.addresses, "addresses")
    emails = [_email(item, f"emails[{i}]") for i, item in enumerate(draft.emails)]
    phones = [_phone(item, f"phones[{i}]", default_region) for i, item in enumerate(draft.phones)]
    addresses = [_address(item, f"addresses[{i}]") for i, item in enumerate(draft.addresses)]
    return ContactDraft(
        kind=draft.kind,
        first_name=first_name,
        last_name=last_name,
        emails=_with_one_primary(emails),
        phones=_with_one_primary(phones),
        addresses=addresses,
    )


def normalise_phone(raw: str, default_region: str) -> str:
    """E.164 form of a phone number written in any common format."""
    try:
        parsed = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(str(exc)) from exc
    if not phonenumbers.is_possible_number(parsed):
        raise ValueError("not a possible phone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _name(value: str, field_name: str) -> str:
    cleaned = " ".join(value.split())
    if len(cleaned) > NAME_MAX_LENGTH:
        raise InvalidInput(
            "too_long",
            f"{field_name} is longer than {NAME_MAX_LENGTH} characters",
            field=field_name,
        )
    return cleaned


def _bounded(items: Sequence[object], field_name: str) -> None:
    if len(items) > MAX_LIST_ITEMS:
        raise InvalidInput(
            "too_many", f"at most {MAX_LIST_ITEMS} {field_name} per card", field=field_name
        )


def _label(value: str, field_name: str) -> str:
    cleaned = value.strip()
    if len(cleaned) > LABEL_MAX_LENGTH:
        raise InvalidInput("too_long", f"label longer than {LABEL_MAX_LENGTH}", field=field_name)
    return cleaned


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
    country = item.country_code.strip().upper()
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        raise InvalidInput(
            "invalid_country",
            "country_code must be ISO 3166-1 alpha-2",
            field=f"{field_name}.country_code",
        )
    parts = {
        name: _name(getattr(item, name), f"{field_name}.{name}")
        for name in ("label", "street", "city", "postal_code", "region")
    }
    return Address(country_code=country, **parts)


def _with_one_primary(items: list[_Listed]) -> list[_Listed]:
    """Exactly one primary item when there are any: the first marked one, else the first."""
    primary_at = next((i for i, item in enumerate(items) if item.primary), 0)
    return [replace(item, primary=i == primary_at) for i, item in enumerate(items)]
