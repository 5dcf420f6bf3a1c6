"""`POST /api/v1/contacts/search`: the filter language over the whole contact database."""

from __future__ import annotations

import json
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Request, Response
from kartoteka.contacts.v1 import contacts_service_pb2 as pb
from pydantic import BaseModel, ConfigDict, Field

from kartoteka_gateway.api.contact_models import ContactOut, contact_json
from kartoteka_gateway.clients import call
from kartoteka_gateway.security.authorize import Authorize
from kartoteka_gateway.security.tokens import Principal

router = APIRouter(prefix="/api/v1/contacts", tags=["contacts"])


class SortIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    field: Annotated[str, Field(max_length=100)]
    descending: bool = False


class SearchIn(BaseModel):
    """A filter (`all`/`any`/`not` over conditions, groups, companies and quick search), a
    sort, a page size and the cursor of the previous page."""

    model_config = ConfigDict(extra="forbid")

    filter: dict[str, Any] | None = None
    sort: Annotated[list[SortIn], Field(max_length=5)] = []
    page_size: Annotated[int, Field(ge=1, le=500)] = 50
    cursor: Annotated[str, Field(max_length=4000)] | None = None
    deleted: bool = Field(False, description="search the bin instead of the live cards")


class SearchOut(BaseModel):
    items: list[ContactOut]
    next_cursor: str | None
    total: int
    total_is_estimate: bool


@router.post("/search", response_model=SearchOut)
async def search_contacts(
    body: SearchIn,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("contacts.read"))],
) -> Response:
    """One page of matching cards. The cursor pages on stably while cards are added; the
    total is exact when counting is cheap, else an estimate (`total_is_estimate`)."""
    message = pb.SearchContactsRequest(
        filter_json=json.dumps(body.filter) if body.filter is not None else "",
        sort=[pb.SortKey(field=key.field, descending=key.descending) for key in body.sort],
        page_size=body.page_size,
        cursor=body.cursor or "",
        deleted=body.deleted,
    )
    reply = await call(
        request,
        principal,
        request.app.state.clients.contacts.SearchContacts,
        message,
        service="contacts",
    )
    # Serialised directly: FastAPI would validate every card of the page again.
    page = {
        "items": [contact_json(contact) for contact in reply.contacts],
        "next_cursor": reply.next_cursor or None,
        "total": reply.total,
        "total_is_estimate": reply.total_is_estimate,
    }
    return Response(orjson.dumps(page), media_type="application/json")


class CountIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    filter: dict[str, Any] | None = None
    deleted: bool = False
    budget_ms: Annotated[int, Field(ge=1, le=5000)] = 250


class CountOut(BaseModel):
    total: int
    total_is_estimate: bool


@router.post("/count", response_model=CountOut)
async def count_contacts(
    body: CountIn,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("contacts.read"))],
) -> CountOut:
    """The exact number of matching cards when it can be counted within `budget_ms`, else
    the estimate; lists ask for it beside the page, which never waits for a large count."""
    message = pb.CountContactsRequest(
        filter_json=json.dumps(body.filter) if body.filter is not None else "",
        deleted=body.deleted,
        budget_ms=body.budget_ms,
    )
    reply = await call(
        request,
        principal,
        request.app.state.clients.contacts.CountContacts,
        message,
        service="contacts",
    )
    return CountOut(total=reply.total, total_is_estimate=reply.total_is_estimate)


class FilterFieldOut(BaseModel):
    field: str = Field(description="`region`, `email`, `custom.<key>`: what a condition names")
    value_kind: str = Field(
        description="text, choice, country, uuid, date, timestamp, email, phone; for custom "
        "fields their type"
    )
    operators: list[str]
    choices: list[str] = Field(description="the allowed values of choice and option fields")


@router.get("/filter-fields", response_model=list[FilterFieldOut])
async def list_filter_fields(
    request: Request, principal: Annotated[Principal, Depends(Authorize("contacts.read"))]
) -> list[FilterFieldOut]:
    """Every field a filter may name, with the operators it allows: what a filter builder
    offers. Standard fields first, then custom fields in display order."""
    reply = await call(
        request,
        principal,
        request.app.state.clients.contacts.ListFilterFields,
        pb.ListFilterFieldsRequest(),
        service="contacts",
    )
    return [
        FilterFieldOut(
            field=f.field,
            value_kind=f.value_kind,
            operators=list(f.operators),
            choices=list(f.choices),
        )
        for f in reply.fields
    ]
