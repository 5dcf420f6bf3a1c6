"""Merging duplicate cards and finding them: `/api/v1/contacts/merge`, `/api/v1/duplicates`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from kartoteka.contacts.v1 import contacts_service_pb2 as pb
from pydantic import BaseModel, ConfigDict, Field

from kartoteka_gateway.api.contact_models import ContactOut, contact_out
from kartoteka_gateway.clients import call
from kartoteka_gateway.security.authorize import Authorize
from kartoteka_gateway.security.tokens import Principal

router = APIRouter(tags=["duplicates"])
Id = Annotated[str, Field(max_length=64)]


class MergeIn(BaseModel):
    """Fold `merged_ids` into `survivor_id`. `field_sources` names, per field (or
    `custom.<key>`), the card whose value wins; other fields keep the survivor's value (or the
    first merged card's where the survivor has none); emails, phones and addresses unite."""

    model_config = ConfigDict(extra="forbid")

    survivor_id: Id
    merged_ids: Annotated[list[Id], Field(min_length=1, max_length=20)]
    field_sources: Annotated[
        dict[Annotated[str, Field(max_length=100)], Id], Field(max_length=200)
    ] = {}
    dry_run: bool = Field(False, description="preview the merged card, change nothing")
    allow_duplicates: bool = False


class MergeOut(BaseModel):
    contact: ContactOut
    changed_fields: list[str]
    memberships_moved: int
    references_moved: int


class CandidateOut(BaseModel):
    first_id: str
    second_id: str
    reasons: list[str]


class CandidatesPage(BaseModel):
    candidates: list[CandidateOut]
    next_page_token: str | None


class DismissIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    first_id: Id
    second_id: Id


@router.post("/api/v1/contacts/merge", response_model=MergeOut)
async def merge_contacts(
    body: MergeIn,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("contacts.merge"))],
) -> MergeOut:
    """Merge (or preview merging) duplicates; groups, employees and references move to the
    survivor and `contact.merged` tells other services to relink."""
    message = pb.MergeContactsRequest(
        survivor_id=body.survivor_id,
        merged_ids=body.merged_ids,
        field_sources=body.field_sources,
        dry_run=body.dry_run,
        allow_duplicates=body.allow_duplicates,
    )
    reply = await call(
        request,
        principal,
        request.app.state.clients.contacts.MergeContacts,
        message,
        service="contacts",
    )
    return MergeOut(
        contact=contact_out(reply.contact),
        changed_fields=list(reply.changed_fields),
        memberships_moved=reply.memberships_moved,
        references_moved=reply.references_moved,
    )


@router.get("/api/v1/duplicates", response_model=CandidatesPage)
async def find_duplicates(
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("contacts.merge"))],
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
    page_token: Annotated[str | None, Query(max_length=200)] = None,
) -> CandidatesPage:
    """Pairs of cards sharing a phone or email, a name at the same company, or a company name."""
    reply = await call(
        request,
        principal,
        request.app.state.clients.contacts.FindDuplicates,
        pb.FindDuplicatesRequest(page_size=page_size, page_token=page_token or ""),
        service="contacts",
    )
    return CandidatesPage(
        candidates=[
            CandidateOut(first_id=c.first_id, second_id=c.second_id, reasons=list(c.reasons))
            for c in reply.candidates
        ],
        next_page_token=reply.next_page_token or None,
    )


@router.post("/api/v1/duplicates/dismiss", status_code=204)
async def dismiss_duplicate(
    body: DismissIn,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("contacts.merge"))],
) -> Response:
    """Declare two cards not duplicates: the finder stops proposing the pair."""
    await call(
        request,
        principal,
        request.app.state.clients.contacts.DismissDuplicate,
        pb.DismissDuplicateRequest(first_id=body.first_id, second_id=body.second_id),
        service="contacts",
    )
    return Response(status_code=204)
