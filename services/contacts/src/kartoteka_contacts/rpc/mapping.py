"""Conversions between protobuf messages and domain objects."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from typing import Any

import orjson
from google.protobuf.timestamp_pb2 import Timestamp
from kartoteka.contacts.v1 import contact_pb2, contacts_service_pb2, groups_pb2
from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.changes import PATCHABLE_FIELDS
from kartoteka_contacts.domain.contact import (
    Address,
    Contact,
    ContactDraft,
    ContactKind,
    Email,
    Gender,
    Phone,
)
from kartoteka_contacts.domain.groups import MembershipSource

KIND_TO_PROTO = {
    ContactKind.PERSON: contact_pb2.CONTACT_KIND_PERSON,
    ContactKind.COMPANY: contact_pb2.CONTACT_KIND_COMPANY,
}
KIND_FROM_PROTO = {value: key for key, value in KIND_TO_PROTO.items()}
GENDER_TO_PROTO = {Gender.MALE: contact_pb2.GENDER_MALE, Gender.FEMALE: contact_pb2.GENDER_FEMALE}
GENDER_FROM_PROTO = {value: key for key, value in GENDER_TO_PROTO.items()}
SOURCE_TO_PROTO = {
    MembershipSource.MANUAL: groups_pb2.MEMBERSHIP_SOURCE_MANUAL,
    MembershipSource.RULE: groups_pb2.MEMBERSHIP_SOURCE_RULE,
    MembershipSource.IMPORT: groups_pb2.MEMBERSHIP_SOURCE_IMPORT,
    MembershipSource.BULK: groups_pb2.MEMBERSHIP_SOURCE_BULK,
}
SOURCE_FROM_PROTO = {value: key for key, value in SOURCE_TO_PROTO.items()}
_MAX_CUSTOM_JSON = 1_000_000


def draft_from_create(request: contacts_service_pb2.CreateContactRequest) -> ContactDraft:
    kind = KIND_FROM_PROTO.get(request.kind)
    if kind is None:
        raise InvalidInput("invalid_kind", "kind must be person or company", field="kind")
    return ContactDraft(
        kind=kind, custom=parse_custom_json(request.custom_json), **_standard_values(request)
    )


def patch_from_update(
    request: contacts_service_pb2.UpdateContactRequest,
) -> tuple[dict[str, Any], dict[str, object | None]]:
    """The standard values and custom values named by the update mask."""
    paths = list(request.update_mask.paths)
    if not paths:
        raise InvalidInput("empty_update", "name at least one field to change", field="update_mask")
    custom_values = parse_custom_json(request.contact.custom_json)
    all_values = _standard_values(request.contact)
    values: dict[str, Any] = {}
    custom: dict[str, object | None] = {}
    for path in paths:
        if path.startswith("custom."):
            key = path.removeprefix("custom.")
            custom[key] = custom_values.get(key)
        elif path == "custom":
            custom.update(custom_values)
        elif path in PATCHABLE_FIELDS:
            values[path] = all_values[path]
        else:
            raise InvalidInput("unknown_field", f"{path!r} cannot be changed", field=path)
    return values, custom


def parse_custom_json(text: str) -> dict[str, object]:
    if not text:
        return {}
    if len(text) > _MAX_CUSTOM_JSON:
        raise InvalidInput("too_long", "custom values are too large", field="custom")
    try:
        parsed = json.loads(text)
    except ValueError as exc:
        raise InvalidInput("invalid_json", f"custom is not JSON: {exc}", field="custom") from exc
    if not isinstance(parsed, dict):
        raise InvalidInput("invalid_custom", "custom must be an object", field="custom")
    return parsed


def contact_to_proto(contact: Contact) -> contact_pb2.Contact:
    data = contact.data
    message = contact_pb2.Contact(
        id=str(contact.id),
        kind=KIND_TO_PROTO[data.kind],
        first_name=data.first_name,
        middle_name=data.middle_name,
        last_name=data.last_name,
        company_name=data.company_name,
        display_name=data.display_name,
        gender=GENDER_TO_PROTO[data.gender] if data.gender else contact_pb2.GENDER_UNSPECIFIED,
        birthday=data.birthday.isoformat() if data.birthday else "",
        photo_url=data.photo_url,
        company_id=str(data.company_id) if data.company_id else "",
        country_code=data.country_code,
        legal=dict(data.legal),
        emails=[
            contact_pb2.Email(address=e.address, label=e.label, primary=e.primary)
            for e in data.emails
        ],
        phones=[
            contact_pb2.Phone(number=p.number, label=p.label, primary=p.primary)
            for p in data.phones
        ],
        addresses=[
            contact_pb2.Address(
                label=a.label,
                street=a.street,
                city=a.city,
                postal_code=a.postal_code,
                region=a.region,
                country_code=a.country_code,
            )
            for a in data.addresses
        ],
        region=data.region,
        activity_id=str(data.activity_id) if data.activity_id else "",
        description=data.description,
        source=data.source,
        manager_id=data.manager_id,
        custom_json=orjson.dumps(dict(data.custom), option=orjson.OPT_SORT_KEYS).decode(),
        created_at=timestamp(contact.created_at),
        updated_at=timestamp(contact.updated_at),
        created_by=contact.created_by,
        updated_by=contact.updated_by,
        version=contact.version,
    )
    if contact.deleted_at is not None:
        message.deleted_at.CopyFrom(timestamp(contact.deleted_at))
    return message


def timestamp(moment: datetime) -> Timestamp:
    """`Timestamp.FromDatetime`, by arithmetic: five times cheaper, and a page of cards
    converts 100 of them (a naive datetime is UTC, as `FromDatetime` takes it)."""
    since = moment - (_EPOCH if moment.tzinfo is not None else _NAIVE_EPOCH)
    return Timestamp(seconds=since.days * 86_400 + since.seconds, nanos=since.microseconds * 1_000)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NAIVE_EPOCH = datetime(1970, 1, 1)


def _standard_values(message: Any) -> dict[str, Any]:
    gender = GENDER_FROM_PROTO.get(message.gender) if message.gender else None
    return {
        "first_name": message.first_name,
        "middle_name": message.middle_name,
        "last_name": message.last_name,
        "company_name": message.company_name,
        "gender": gender,
        "birthday": _date(message.birthday, "birthday"),
        "photo_url": message.photo_url,
        "company_id": _uuid(message.company_id, "company_id"),
        "country_code": message.country_code,
        "legal": dict(message.legal),
        "emails": [Email(e.address, e.label, e.primary) for e in message.emails],
        "phones": [Phone(p.number, p.label, p.primary) for p in message.phones],
        "addresses": [
            Address(a.label, a.street, a.city, a.postal_code, a.region, a.country_code)
            for a in message.addresses
        ],
        "region": message.region,
        "activity_id": _uuid(message.activity_id, "activity_id"),
        "description": message.description,
        "source": message.source,
        "manager_id": message.manager_id,
    }


def _date(value: str, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput("invalid_date", f"{field} must be YYYY-MM-DD", field=field) from None


def _uuid(value: str, field: str) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise InvalidInput("invalid_id", f"{field} is not an id", field=field) from None
