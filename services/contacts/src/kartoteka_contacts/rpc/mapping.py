"""Conversions between protobuf messages and domain objects."""

from __future__ import annotations

from google.protobuf.timestamp_pb2 import Timestamp
from kartoteka.contacts.v1 import contact_pb2, contacts_service_pb2
from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.contact import (
    Address,
    Contact,
    ContactDraft,
    ContactKind,
    Email,
    Phone,
)

KIND_TO_PROTO = {
    ContactKind.PERSON: contact_pb2.CONTACT_KIND_PERSON,
    ContactKind.COMPANY: contact_pb2.CONTACT_KIND_COMPANY,
}
KIND_FROM_PROTO = {value: key for key, value in KIND_TO_PROTO.items()}


def draft_from_request(request: contacts_service_pb2.CreateContactRequest) -> ContactDraft:
    kind = KIND_FROM_PROTO.get(request.kind)
    if kind is None:
        raise InvalidInput("invalid_kind", "kind must be person or company", field="kind")
    return ContactDraft(
        kind=kind,
        first_name=request.first_name,
        last_name=request.last_name,
        emails=[Email(e.address, e.label, e.primary) for e in request.emails],
        phones=[Phone(p.number, p.label, p.primary) for p in request.phones],
        addresses=[
            Address(a.label, a.street, a.city, a.postal_code, a.region, a.country_code)
            for a in request.addresses
        ],
    )


def contact_to_proto(contact: Contact) -> contact_pb2.Contact:
    return contact_pb2.Contact(
        id=str(contact.id),
        kind=KIND_TO_PROTO[contact.kind],
        first_name=contact.first_name,
        last_name=contact.last_name,
        emails=[
            contact_pb2.Email(address=e.address, label=e.label, primary=e.primary)
            for e in contact.emails
        ],
        phones=[
            contact_pb2.Phone(number=p.number, label=p.label, primary=p.primary)
            for p in contact.phones
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
            for a in contact.addresses
        ],
        created_at=_timestamp(contact),
        updated_at=_timestamp(contact, updated=True),
        created_by=contact.created_by,
        version=contact.version,
    )


def _timestamp(contact: Contact, *, updated: bool = False) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(contact.updated_at if updated else contact.created_at)
    return stamp
