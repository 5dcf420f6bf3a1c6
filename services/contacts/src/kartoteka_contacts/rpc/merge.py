"""The merge and duplicate RPCs of `ContactsService`, as a mixin of the servicer."""

from __future__ import annotations

from typing import Any

import grpc
from kartoteka.contacts.v1 import contacts_service_pb2 as pb
from kartoteka_platform.db import Database

from kartoteka_contacts.rpc.groups import api_actor
from kartoteka_contacts.rpc.mapping import contact_to_proto
from kartoteka_contacts.service import merge
from kartoteka_contacts.service.contacts import WriteContext, parse_id

Context = grpc.aio.ServicerContext[Any, Any]


class MergeRpc:
    _db: Database
    _default_region: str

    async def MergeContacts(
        self, request: pb.MergeContactsRequest, context: Context
    ) -> pb.MergeContactsResponse:
        survivor = parse_id(request.survivor_id, "survivor_id")
        merged = [parse_id(raw, f"merged_ids[{i}]") for i, raw in enumerate(request.merged_ids)]
        sources = {
            name: parse_id(raw, f"field_sources.{name}")
            for name, raw in request.field_sources.items()
        }
        ctx = WriteContext(api_actor(), self._default_region, request.allow_duplicates)
        async with self._db.transaction() as conn:
            result = await merge.merge_contacts(
                conn, survivor, merged, sources, ctx, dry_run=request.dry_run
            )
        return pb.MergeContactsResponse(
            contact=contact_to_proto(result.contact),
            changed_fields=result.changed_fields,
            memberships_moved=result.memberships_moved,
            references_moved=result.references_moved,
        )

    async def FindDuplicates(
        self, request: pb.FindDuplicatesRequest, context: Context
    ) -> pb.FindDuplicatesResponse:
        async with self._db.connection() as conn:
            page, token = await merge.find_duplicates(
                conn, request.page_size or 50, request.page_token
            )
        return pb.FindDuplicatesResponse(
            candidates=[
                pb.DuplicateCandidate(
                    first_id=str(c.first_id), second_id=str(c.second_id), reasons=c.reasons
                )
                for c in page
            ],
            next_page_token=token,
        )

    async def DismissDuplicate(
        self, request: pb.DismissDuplicateRequest, context: Context
    ) -> pb.DismissDuplicateResponse:
        first = parse_id(request.first_id, "first_id")
        second = parse_id(request.second_id, "second_id")
        async with self._db.transaction() as conn:
            await merge.dismiss_pair(conn, first, second, api_actor())
        return pb.DismissDuplicateResponse()
