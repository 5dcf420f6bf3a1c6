"""`/api/v1/contacts`: create and read contact cards (the contacts service behind gRPC)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from google.protobuf.json_format import MessageToDict
from kartoteka.contacts.v1 import contact_pb2
from kartoteka.contacts.v1 import contacts_service_pb2 as pb
from pydantic import BaseModel, ConfigDict, Field

from kartoteka_gateway.clients import call
from kartoteka_gateway.security.authorize import Authorize
from kartoteka_gateway.security.tokens import Principal

router = APIRouter(prefix="/api/v1/contacts", tags=["contacts"])

# The HTTP layer only bounds sizes so a 10 MB body is refused before it travels further;
# the contacts service owns the rules (name lengths, phone formats, duplicates).
Short = Annotated[str, Field(max_length=1000)]
Label = Annotated[str, Field(max_length=100)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EmailIn(_Strict):
    address: Annotated[str, Field(min_length=1, max_length=320)]
    label: Label = ""
    primary: bool = False


class PhoneIn(_Strict):
    number: Annotated[str, Field(min_length=1, max_length=64)]
    label: Label = ""
    primary: bool = False


class AddressIn(_Strict):
    label: Label = ""
    street: Short = ""
    city: Short = ""
    postal_code: Annotated[str, Field(max_length=32)] = ""
    region: Short = ""
    country_code: Annotated[str, Field(max_length=2)] = ""


class ContactIn(_Strict):
    kind: Literal["person"] = "person"
    first_name: Short = ""
    last_name: Short = ""
    emails: Annotated[list[EmailIn], Field(max_length=50)] = []
    phones: Annotated[list[PhoneIn], Field(max_length=50)] = []
    addresses: Annotated[list[AddressIn], Field(max_length=50)] = []


class EmailOut(BaseModel):
    address: str
    label: str
    primary: bool


class PhoneOut(BaseModel):
    number: str
    label: str
    primary: bool


class AddressOut(BaseModel):
    label: str
    street: str
    city: str
    postal_code: str
    region: str
    country_code: str


class ContactOut(BaseModel):
    id: str
    kind: Literal["person", "company"]
    first_name: str
    last_name: str
    emails: list[EmailOut]
    phones: list[PhoneOut]
    addresses: list[AddressOut]
    version: int
    created_at: datetime
    created_by: str
    updated_at: datetime


_KINDS = {contact_pb2.CONTACT_KIND_PERSON: "person", contact_pb2.CONTACT_KIND_COMPANY: "company"}


def _out(contact: contact_pb2.Contact) -> ContactOut:
    fields = MessageToDict(
        contact, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )
    fields["kind"] = _KINDS[contact.kind]
    fields["created_at"] = contact.created_at.ToDatetime()
    fields["updated_at"] = contact.updated_at.ToDatetime()
    fields["version"] = contact.version
    return ContactOut.model_validate(fields)


@router.post("", status_code=201, response_model=ContactOut)
async def create_contact(
    body: ContactIn,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("contacts.create"))],
) -> ContactOut:
    """Create a person card; its `contact.created` event follows through the outbox."""
    message = pb.CreateContactRequest(
        kind=contact_pb2.CONTACT_KIND_PERSON,
        first_name=body.first_name,
        last_name=body.last_name,
        emails=[contact_pb2.Email(**e.model_dump()) for e in body.emails],
        phones=[contact_pb2.Phone(**p.model_dump()) for p in body.phones],
        addresses=[contact_pb2.Address(**a.model_dump()) for a in body.addresses],
    )
    clients = request.app.state.clients
    response = await call(
        request, principal, clients.contacts.CreateContact, message, service="contacts"
    )
    return _out(response.contact)


@router.get("/{contact_id}", response_model=ContactOut)
async def get_contact(
    contact_id: Annotated[str, Field(max_length=64)],
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("contacts.read"))],
) -> ContactOut:
    """One contact card."""
    clients = request.app.state.clients
    response = await call(
        request,
        principal,
        clients.contacts.GetContact,
        pb.GetContactRequest(id=contact_id),
        service="contacts",
    )
    return _out(response.contact)
