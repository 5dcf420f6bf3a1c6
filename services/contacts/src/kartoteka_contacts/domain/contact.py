"""A contact card: its standard fields, custom values, and what is derived from them."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

# A card's fields as the contact table holds them (see `stored_fields`), plus its "id".
StoredCard = Mapping[str, Any]


class ContactKind(enum.StrEnum):
    PERSON = "person"
    COMPANY = "company"


class Gender(enum.StrEnum):
    """Drives the person icon (male/female); companies have their own icon."""

    MALE = "male"
    FEMALE = "female"


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
    """The editable fields of a card: what a caller sends, and (validated) what is stored."""

    kind: ContactKind
    first_name: str = ""
    middle_name: str = ""
    last_name: str = ""
    company_name: str = ""
    gender: Gender | None = None
    birthday: date | None = None
    photo_url: str = ""
    # A person's employer, or a company's parent company (holding).
    company_id: uuid.UUID | None = None
    country_code: str = ""
    legal: Mapping[str, str] = field(default_factory=dict)
    emails: list[Email] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    region: str = ""
    activity_id: uuid.UUID | None = None
    description: str = ""
    source: str = ""
    manager_id: str = ""
    custom: Mapping[str, object] = field(default_factory=dict)

    @property
    def display_name(self) -> str:
        """What lists show and sort by: the company name, or the person's full name."""
        if self.kind is ContactKind.COMPANY:
            return self.company_name
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)


@dataclass(frozen=True)
class Contact:
    """A stored card: its fields and the bookkeeping around them."""

    id: uuid.UUID
    data: ContactDraft
    version: int
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str
    deleted_at: datetime | None = None

    @property
    def display_name(self) -> str:
        return self.data.display_name


def stored_fields(draft: ContactDraft) -> dict[str, Any]:
    """The card's fields as the contact table holds them: enums as their values, emails, phones
    and addresses as lists of plain dicts, and None for an empty optional text or reference."""
    return {
        "kind": draft.kind.value,
        "first_name": draft.first_name,
        "middle_name": draft.middle_name,
        "last_name": draft.last_name,
        "company_name": draft.company_name,
        "gender": draft.gender.value if draft.gender else None,
        "birthday": draft.birthday,
        "photo_url": draft.photo_url or None,
        "company_id": draft.company_id,
        "country_code": draft.country_code or None,
        "legal": dict(draft.legal),
        "emails": [asdict(e) for e in draft.emails],
        "phones": [asdict(p) for p in draft.phones],
        "addresses": [asdict(a) for a in draft.addresses],
        "region": draft.region,
        "activity_id": draft.activity_id,
        "description": draft.description,
        "source": draft.source,
        "manager_id": draft.manager_id or None,
        "custom": dict(draft.custom),
    }


def search_text(draft: ContactDraft) -> str:
    """What quick search matches: names, company and emails (the store folds accents and case),
    then the digits of every phone so "600-100" finds "+48600100200"."""
    words = [draft.first_name, draft.middle_name, draft.last_name, draft.company_name]
    words += [email.address for email in draft.emails]
    digits = [phone.number.lstrip("+") for phone in draft.phones]
    return " ".join(w for w in (*words, *digits) if w)


def identities(draft: ContactDraft) -> set[tuple[str, str]]:
    """The (kind, value) pairs another card must not hold too: normalised emails and phones."""
    return {("email", e.address) for e in draft.emails} | {
        ("phone", p.number) for p in draft.phones
    }
