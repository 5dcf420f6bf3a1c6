"""`kartoteka.contacts.v1.ContactsService`: each call is one transaction."""

from __future__ import annotations

from typing import Any

import grpc
from kartoteka.contacts.v1 import contacts_service_pb2 as pb
from kartoteka.contacts.v1 import contacts_service_pb2_grpc as pb_grpc
from kartoteka_platform.db import Database
from kartoteka_platform.request_context import current_actor

from kartoteka_contacts.rpc.mapping import contact_to_proto, draft_from_request
from kartoteka_contacts.service import contacts

Context = grpc.aio.ServicerContext[Any, Any]


class ContactsServicer(pb_grpc.ContactsServiceServicer):
    def __init__(self, db: Database, *, default_phone_region: str) -> None:
        self._db = db
        self._default_region = default_phone_region

    async def CreateContact(
        self, request: pb.CreateContactRequest, context: Context
    ) -> pb.CreateContactResponse:
        draft = draft_from_request(request)
        async with self._db.transaction() as conn:
            contact = await contacts.create_contact(
                conn, draft, actor=current_actor.get(), default_region=self._default_region
            )
        return pb.CreateContactResponse(contact=contact_to_proto(contact))

    async def GetContact(
        self, request: pb.GetContactRequest, context: Context
    ) -> pb.GetContactResponse:
        async with self._db.connection() as conn:
            contact = await contacts.get_contact(conn, request.id)
        return pb.GetContactResponse(contact=contact_to_proto(contact))
