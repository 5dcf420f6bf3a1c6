"""`/api/v1/contacts`: contact cards (the contacts service behind gRPC)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from kartoteka.contacts.v1 import contacts_service_pb2 as pb
from pydantic import BaseModel, Field

from kartoteka_gateway.api.contact_models import (
    ContactIn,
    ContactOut,
    ContactPatch,
    contact_out,
    create_request,
    update_request,
)
from kartoteka_gateway.clients import call
from kartoteka_gateway.problems import Problem
from kartoteka_gateway.security.authorize import Authorize
from kartoteka_gateway.security.tokens import Principal

router = APIRouter(prefix="/api/v1/contacts", tags=["contacts"])
ContactId = Annotated[str, Field(max_length=64)]
AllowDuplicates = Annotated[
    bool,
    Query(description="store the card even if another card holds one of its phones or emails"),
]


def _with_etag(response: Response, contact: ContactOut) -> ContactOut:
    response.headers["ETag"] = f'"{contact.version}"'
    return contact


def _expected_version(if_match: str | None) -> int | None:
    if if_match is None:
        return None
    value = if_match.strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise Problem(
            400, "invalid_if_match", 'If-Match must be the card\'s ETag, e.g. "3"', field="If-Match"
        )
    return int(value)


@router.post("", status_code=201, response_model=ContactOut)
async def create_contact(
    body: ContactIn,
    request: Request,
    response: Response,
    principal: Annotated[Principal, Depends(Authorize("contacts.create"))],
    allow_duplicates: AllowDuplicates = False,
) -> ContactOut:
    """Create a person or company card; 409 `duplicate_contact` names the card that already
    has one of its phones or emails."""
    reply = await call(
        request,
        principal,
        request.app.state.clients.contacts.CreateContact,
        create_request(body, allow_duplicates=allow_duplicates),
        service="contacts",
    )
    return _with_etag(response, contact_out(reply.contact))


@router.get("/{contact_id}", response_model=ContactOut)
async def get_contact(
    contact_id: ContactId,
    request: Request,
    response: Response,
    principal: Annotated[Principal, Depends(Authorize("contacts.read"))],
) -> ContactOut:
    """One contact card, with its version as the ETag."""
    reply = await call(
        request,
        principal,
        request.app.state.clients.contacts.GetContact,
        pb.GetContactRequest(id=contact_id),
        service="contacts",
    )
    return _with_etag(response, contact_out(reply.contact))


@router.patch("/{contact_id}", response_model=ContactOut)
async def update_contact(
    contact_id: ContactId,
    body: ContactPatch,
    request: Request,
    response: Response,
    principal: Annotated[Principal, Depends(Authorize("contacts.update"))],
    if_match: Annotated[str | None, Header(description="ETag of the version you edited")] = None,
    allow_duplicates: AllowDuplicates = False,
) -> ContactOut:
    """Change the fields present in the body; with If-Match, 409 `version_conflict` when the
    card changed meanwhile. A patch that changes nothing leaves no history."""
    message = update_request(
        contact_id,
        body,
        expected_version=_expected_version(if_match),
        allow_duplicates=allow_duplicates,
    )
    reply = await call(
        request,
        principal,
        request.app.state.clients.contacts.UpdateContact,
        message,
        service="contacts",
    )
    return _with_etag(response, contact_out(reply.contact))


@router.delete("/{contact_id}", response_model=ContactOut)
async def delete_contact(
    contact_id: ContactId,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("contacts.delete"))],
) -> ContactOut:
    """Move a card to the bin: it leaves lists and filters and can be restored."""
    reply = await call(
        request,
        principal,
        request.app.state.clients.contacts.DeleteContact,
        pb.DeleteContactRequest(id=contact_id),
        service="contacts",
    )
    return contact_out(reply.contact)


@router.post("/{contact_id}/restore", response_model=ContactOut)
async def restore_contact(
    contact_id: ContactId,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("contacts.delete"))],
    allow_duplicates: AllowDuplicates = False,
) -> ContactOut:
    """Bring a deleted card back."""
    reply = await call(
        request,
        principal,
        request.app.state.clients.contacts.RestoreContact,
        pb.RestoreContactRequest(id=contact_id, allow_duplicates=allow_duplicates),
        service="contacts",
    )
    return contact_out(reply.contact)


class HistoryEntryOut(BaseModel):
    changed_at: datetime
    actor_kind: str
    actor_id: str
    source: str
    source_ref: str | None
    operation: str
    field: str
    old_value: Any
    new_value: Any


class HistoryPage(BaseModel):
    entries: list[HistoryEntryOut]
    next_page_token: str | None


@router.get("/{contact_id}/history", response_model=HistoryPage)
async def contact_history(
    contact_id: ContactId,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("contacts.history"))],
    field: Annotated[str | None, Query(max_length=100)] = None,
    actor_id: Annotated[str | None, Query(max_length=64)] = None,
    source: Annotated[str | None, Query(max_length=32)] = None,
    since: datetime | None = None,
    until: datetime | None = None,
    page_size: Annotated[int, Query(ge=1, le=500)] = 100,
    page_token: Annotated[str | None, Query(max_length=200)] = None,
) -> HistoryPage:
    """Every change to the card, newest first: who, when, which field, old and new value."""
    message = pb.ListContactHistoryRequest(
        contact_id=contact_id,
        field=field or "",
        actor_id=actor_id or "",
        source=source or "",
        page_size=page_size,
        page_token=page_token or "",
    )
    if since is not None:
        message.since.FromDatetime(since)
    if until is not None:
        message.until.FromDatetime(until)
    reply = await call(
        request,
        principal,
        request.app.state.clients.contacts.ListContactHistory,
        message,
        service="contacts",
    )
    return HistoryPage(
        entries=[
            HistoryEntryOut(
                changed_at=e.changed_at.ToDatetime(tzinfo=UTC),
                actor_kind=e.actor_kind,
                actor_id=e.actor_id,
                source=e.source,
                source_ref=e.source_ref or None,
                operation=e.operation,
                field=e.field,
                old_value=json.loads(e.old_value_json) if e.old_value_json else None,
                new_value=json.loads(e.new_value_json) if e.new_value_json else None,
            )
            for e in reply.entries
        ],
        next_page_token=reply.next_page_token or None,
    )


class BranchNodeOut(BaseModel):
    company_id: str
    name: str
    parent_id: str | None
    depth: int
    head_count: int
    total_head_count: int


class BranchOut(BaseModel):
    root_id: str
    nodes: list[BranchNodeOut]


@router.get("/{contact_id}/branch", response_model=BranchOut)
async def company_branch(
    contact_id: ContactId,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("contacts.read"))],
) -> BranchOut:
    """The whole holding of a company (or of a person's employer) with head counts."""
    reply = await call(
        request,
        principal,
        request.app.state.clients.contacts.GetCompanyBranch,
        pb.GetCompanyBranchRequest(contact_id=contact_id),
        service="contacts",
    )
    return BranchOut(
        root_id=reply.root_id,
        nodes=[
            BranchNodeOut(
                company_id=n.company_id,
                name=n.name,
                parent_id=n.parent_id or None,
                depth=n.depth,
                head_count=n.head_count,
                total_head_count=n.total_head_count,
            )
            for n in reply.nodes
        ],
    )
