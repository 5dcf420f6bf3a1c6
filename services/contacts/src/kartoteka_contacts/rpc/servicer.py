"""`kartoteka.contacts.v1.ContactsService`: each call is one transaction."""

from __future__ import annotations

import json
from typing import Any

import grpc
from kartoteka.contacts.v1 import contacts_service_pb2 as pb
from kartoteka.contacts.v1 import contacts_service_pb2_grpc as pb_grpc
from kartoteka_platform.db import Database

from kartoteka_contacts.rpc.custom_fields import CustomFieldRpc
from kartoteka_contacts.rpc.groups import GroupRpc, RuleRpc, api_actor
from kartoteka_contacts.rpc.mapping import (
    contact_to_proto,
    draft_from_create,
    patch_from_update,
    timestamp,
)
from kartoteka_contacts.rpc.merge import MergeRpc
from kartoteka_contacts.rpc.rule_members import RuleMembersRpc
from kartoteka_contacts.service import branches, contacts, search
from kartoteka_contacts.service import history as history_service
from kartoteka_contacts.service.contacts import WriteContext, parse_id
from kartoteka_contacts.store.history import HistoryQuery
from kartoteka_contacts.store.search import SortKey

Context = grpc.aio.ServicerContext[Any, Any]


class ContactsServicer(
    GroupRpc, RuleRpc, RuleMembersRpc, CustomFieldRpc, MergeRpc, pb_grpc.ContactsServiceServicer
):
    def __init__(self, db: Database, *, default_phone_region: str) -> None:
        self._db = db
        self._default_region = default_phone_region

    def _context(self, *, allow_duplicates: bool) -> WriteContext:
        return WriteContext(api_actor(), self._default_region, allow_duplicates)

    async def CreateContact(
        self, request: pb.CreateContactRequest, context: Context
    ) -> pb.CreateContactResponse:
        draft = draft_from_create(request)
        async with self._db.transaction() as conn:
            contact = await contacts.create_contact(
                conn, draft, self._context(allow_duplicates=request.allow_duplicates)
            )
        return pb.CreateContactResponse(contact=contact_to_proto(contact))

    async def GetContact(
        self, request: pb.GetContactRequest, context: Context
    ) -> pb.GetContactResponse:
        async with self._db.connection() as conn:
            contact = await contacts.get_contact(conn, parse_id(request.id))
        return pb.GetContactResponse(contact=contact_to_proto(contact))

    async def SearchContacts(
        self, request: pb.SearchContactsRequest, context: Context
    ) -> pb.SearchContactsResponse:
        sort = [SortKey(key.field, key.descending) for key in request.sort]
        # The ids, the total and the cards are read in separate snapshots: a card deleted in
        # between is left out of the page, which a reload shows anyway.
        async with self._db.autocommit_connection() as conn:
            result = await search.search_contacts(
                conn,
                request.filter_json,
                sort,
                request.page_size or 50,
                request.cursor or None,
                deleted=request.deleted,
            )
        return pb.SearchContactsResponse(
            contacts=[contact_to_proto(contact) for contact in result.contacts],
            next_cursor=result.next_cursor or "",
            total=result.total,
            total_is_estimate=result.total_is_estimate,
        )

    async def CountContacts(
        self, request: pb.CountContactsRequest, context: Context
    ) -> pb.CountContactsResponse:
        async with self._db.connection() as conn:
            count = await search.count_contacts(
                conn, request.filter_json, request.budget_ms or 250, deleted=request.deleted
            )
        return pb.CountContactsResponse(total=count.total, total_is_estimate=count.is_estimate)

    async def UpdateContact(
        self, request: pb.UpdateContactRequest, context: Context
    ) -> pb.UpdateContactResponse:
        contact_id = parse_id(request.id)
        values, custom = patch_from_update(request)
        async with self._db.transaction() as conn:
            contact = await contacts.update_contact(
                conn,
                contact_id,
                values,
                custom,
                self._context(allow_duplicates=request.allow_duplicates),
                expected_version=request.expected_version or None,
            )
        return pb.UpdateContactResponse(contact=contact_to_proto(contact))

    async def DeleteContact(
        self, request: pb.DeleteContactRequest, context: Context
    ) -> pb.DeleteContactResponse:
        async with self._db.transaction() as conn:
            contact = await contacts.delete_contact(conn, parse_id(request.id), api_actor())
        return pb.DeleteContactResponse(contact=contact_to_proto(contact))

    async def RestoreContact(
        self, request: pb.RestoreContactRequest, context: Context
    ) -> pb.RestoreContactResponse:
        async with self._db.transaction() as conn:
            contact = await contacts.restore_contact(
                conn,
                parse_id(request.id),
                self._context(allow_duplicates=request.allow_duplicates),
            )
        return pb.RestoreContactResponse(contact=contact_to_proto(contact))

    async def ListContactHistory(
        self, request: pb.ListContactHistoryRequest, context: Context
    ) -> pb.ListContactHistoryResponse:
        query = HistoryQuery(
            field=request.field or None,
            actor_id=request.actor_id or None,
            source=request.source or None,
            since=request.since.ToDatetime() if request.HasField("since") else None,
            until=request.until.ToDatetime() if request.HasField("until") else None,
            limit=request.page_size or 100,
        )
        async with self._db.connection() as conn:
            entries, token = await history_service.list_history(
                conn, parse_id(request.contact_id, "contact_id"), query, request.page_token
            )
        return pb.ListContactHistoryResponse(
            entries=[
                pb.HistoryEntry(
                    changed_at=timestamp(e.changed_at),
                    actor_kind=e.actor_kind,
                    actor_id=e.actor_id,
                    source=e.source,
                    source_ref=e.source_ref or "",
                    operation=e.operation,
                    field=e.field,
                    old_value_json=_json(e.old_value),
                    new_value_json=_json(e.new_value),
                )
                for e in entries
            ],
            next_page_token=token,
        )

    async def GetCompanyBranch(
        self, request: pb.GetCompanyBranchRequest, context: Context
    ) -> pb.GetCompanyBranchResponse:
        async with self._db.connection() as conn:
            root, nodes = await branches.company_branch(
                conn, parse_id(request.contact_id, "contact_id")
            )
        return pb.GetCompanyBranchResponse(
            root_id=str(root),
            nodes=[
                pb.BranchNode(
                    company_id=str(n.company_id),
                    name=n.name,
                    parent_id=str(n.parent_id) if n.parent_id else "",
                    depth=n.depth,
                    head_count=n.head_count,
                    total_head_count=n.total_head_count,
                )
                for n in nodes
            ],
        )


def _json(value: object) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False)
