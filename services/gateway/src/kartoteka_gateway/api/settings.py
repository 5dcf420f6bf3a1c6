"""Contact settings: saved views, card layouts, standard fields and activity types.

`/api/v1/views`, `/api/v1/standard-fields` and `/api/v1/activity-types` live here; the card
layouts' routes (`/api/v1/card-layouts`, `/api/v1/contacts/{id}/layout`) in `card_layouts`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from google.protobuf.field_mask_pb2 import FieldMask
from kartoteka.contacts.v1 import contacts_service_pb2
from kartoteka.contacts.v1 import settings_service_pb2 as pb
from pydantic import BaseModel, ConfigDict, Field

from kartoteka_gateway.api import card_layouts
from kartoteka_gateway.clients import call
from kartoteka_gateway.security.authorize import Authorize
from kartoteka_gateway.security.tokens import Principal

router = APIRouter(tags=["contact settings"])
router.include_router(card_layouts.router)
Id = Annotated[str, Field(max_length=64)]
Name = Annotated[str, Field(min_length=1, max_length=1000)]
FieldName = Annotated[str, Field(max_length=100)]
Position = Annotated[int, Field(ge=0, le=100_000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SortModel(_Strict):
    field: FieldName = Field(description="display_name, last_name, region, created_at, ...")
    descending: bool = False


class ViewIn(_Strict):
    name: Name
    shared: bool = Field(False, description="listed for every employee; only you may change it")
    filter: dict[str, Any] | None = Field(None, description="the filter language; null: all")
    columns: Annotated[list[FieldName], Field(max_length=200)] = Field(
        [], description="standard field names or custom.<key>"
    )
    sort: Annotated[list[SortModel], Field(max_length=10)] = []


class ViewPatch(_Strict):
    name: Name | None = None
    shared: bool | None = None
    filter: dict[str, Any] | None = None
    columns: Annotated[list[FieldName], Field(max_length=200)] | None = None
    sort: Annotated[list[SortModel], Field(max_length=10)] | None = None


class ViewOut(BaseModel):
    id: str
    owner_id: str
    shared: bool
    name: str
    filter: dict[str, Any]
    columns: list[str]
    sort: list[SortModel]
    editable: bool = Field(description="whether you own it, so may change or delete it")
    created_at: datetime
    updated_at: datetime


class StandardFieldOut(BaseModel):
    name: str
    visible: bool
    position: int


class StandardFieldPatch(_Strict):
    visible: bool | None = None
    position: Position | None = None


class ActivityIn(_Strict):
    name: Name
    position: Position | None = Field(None, description="null: after the last one")


class ActivityPatch(_Strict):
    name: Name | None = None
    position: Position | None = None


class ActivityOut(BaseModel):
    id: str
    name: str
    position: int
    contact_count: int = Field(description="live contacts with this activity")
    created_at: datetime


def _view_message(body: ViewIn | ViewPatch) -> pb.SavedView:
    return pb.SavedView(
        name=body.name or "",
        shared=bool(body.shared),
        filter_json=json.dumps(body.filter) if body.filter is not None else "",
        columns=body.columns or [],
        sort=[
            contacts_service_pb2.SortKey(field=key.field, descending=key.descending)
            for key in body.sort or []
        ],
    )


def _view_out(view: pb.SavedView, principal: Principal) -> ViewOut:
    return ViewOut(
        id=view.id,
        owner_id=view.owner_id,
        shared=view.shared,
        name=view.name,
        filter=json.loads(view.filter_json or "{}"),
        columns=list(view.columns),
        sort=[SortModel(field=key.field, descending=key.descending) for key in view.sort],
        editable=view.owner_id == principal.subject,
        created_at=view.created_at.ToDatetime(tzinfo=UTC),
        updated_at=view.updated_at.ToDatetime(tzinfo=UTC),
    )


def _activity_out(activity: pb.ActivityType) -> ActivityOut:
    return ActivityOut(
        id=activity.id,
        name=activity.name,
        position=activity.position,
        contact_count=activity.contact_count,
        created_at=activity.created_at.ToDatetime(tzinfo=UTC),
    )


@router.get("/api/v1/views", response_model=list[ViewOut])
async def list_views(
    request: Request, principal: Annotated[Principal, Depends(Authorize("views.read"))]
) -> list[ViewOut]:
    """Your own views and every shared one, by name."""
    reply = await call(
        request,
        principal,
        request.app.state.clients.contact_settings.ListViews,
        pb.ListViewsRequest(),
        service="contacts",
    )
    return [_view_out(view, principal) for view in reply.views]


@router.post("/api/v1/views", status_code=201, response_model=ViewOut)
async def create_view(
    body: ViewIn,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("views.manage"))],
) -> ViewOut:
    """Save a view of your own; 409 `view_name_taken` when you have one of that name."""
    reply = await call(
        request,
        principal,
        request.app.state.clients.contact_settings.CreateView,
        pb.CreateViewRequest(view=_view_message(body)),
        service="contacts",
    )
    return _view_out(reply.view, principal)


@router.get("/api/v1/views/{view_id}", response_model=ViewOut)
async def get_view(
    view_id: Id,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("views.read"))],
) -> ViewOut:
    reply = await call(
        request,
        principal,
        request.app.state.clients.contact_settings.GetView,
        pb.GetViewRequest(id=view_id),
        service="contacts",
    )
    return _view_out(reply.view, principal)


@router.patch("/api/v1/views/{view_id}", response_model=ViewOut)
async def update_view(
    view_id: Id,
    body: ViewPatch,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("views.manage"))],
) -> ViewOut:
    """Change what the body names (`filter: null` selects every contact); 403
    `not_view_owner` for a view you do not own."""
    message = _view_message(body)
    message.id = view_id
    paths = sorted(
        "filter_json" if name == "filter" else name
        for name in body.model_fields_set
        if name == "filter" or getattr(body, name) is not None
    )
    reply = await call(
        request,
        principal,
        request.app.state.clients.contact_settings.UpdateView,
        pb.UpdateViewRequest(view=message, update_mask=FieldMask(paths=paths)),
        service="contacts",
    )
    return _view_out(reply.view, principal)


@router.delete("/api/v1/views/{view_id}", status_code=204)
async def delete_view(
    view_id: Id,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("views.manage"))],
) -> Response:
    """Delete a view you own (403 `not_view_owner` otherwise)."""
    await call(
        request,
        principal,
        request.app.state.clients.contact_settings.DeleteView,
        pb.DeleteViewRequest(id=view_id),
        service="contacts",
    )
    return Response(status_code=204)


@router.get("/api/v1/standard-fields", response_model=list[StandardFieldOut])
async def list_standard_fields(
    request: Request, principal: Annotated[Principal, Depends(Authorize("contacts.read"))]
) -> list[StandardFieldOut]:
    """Every standard field of the card, whether it shows, in display order."""
    reply = await call(
        request,
        principal,
        request.app.state.clients.contact_settings.ListStandardFields,
        pb.ListStandardFieldsRequest(),
        service="contacts",
    )
    return [
        StandardFieldOut(name=f.name, visible=f.visible, position=f.position) for f in reply.fields
    ]


@router.patch("/api/v1/standard-fields/{name}", response_model=StandardFieldOut)
async def update_standard_field(
    name: FieldName,
    body: StandardFieldPatch,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("fields.manage"))],
) -> StandardFieldOut:
    """Show, hide or move a standard field (they cannot be renamed or retyped)."""
    message = pb.UpdateStandardFieldRequest(name=name)
    if body.visible is not None:
        message.visible = body.visible
    if body.position is not None:
        message.position = body.position
    reply = await call(
        request,
        principal,
        request.app.state.clients.contact_settings.UpdateStandardField,
        message,
        service="contacts",
    )
    field = reply.field
    return StandardFieldOut(name=field.name, visible=field.visible, position=field.position)


@router.get("/api/v1/activity-types", response_model=list[ActivityOut])
async def list_activity_types(
    request: Request, principal: Annotated[Principal, Depends(Authorize("activities.read"))]
) -> list[ActivityOut]:
    """The activity-type dictionary (the contact field `activity_id`), in display order."""
    reply = await call(
        request,
        principal,
        request.app.state.clients.contact_settings.ListActivityTypes,
        pb.ListActivityTypesRequest(),
        service="contacts",
    )
    return [_activity_out(activity) for activity in reply.activity_types]


@router.post("/api/v1/activity-types", status_code=201, response_model=ActivityOut)
async def create_activity_type(
    body: ActivityIn,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("activities.manage"))],
) -> ActivityOut:
    """Add an activity type; 409 `activity_name_taken` for a name in use in any case."""
    message = pb.CreateActivityTypeRequest(name=body.name)
    if body.position is not None:
        message.position = body.position
    reply = await call(
        request,
        principal,
        request.app.state.clients.contact_settings.CreateActivityType,
        message,
        service="contacts",
    )
    return _activity_out(reply.activity_type)


@router.patch("/api/v1/activity-types/{activity_id}", response_model=ActivityOut)
async def update_activity_type(
    activity_id: Id,
    body: ActivityPatch,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("activities.manage"))],
) -> ActivityOut:
    """Rename or move an activity type."""
    message = pb.UpdateActivityTypeRequest(id=activity_id)
    if body.name is not None:
        message.name = body.name
    if body.position is not None:
        message.position = body.position
    reply = await call(
        request,
        principal,
        request.app.state.clients.contact_settings.UpdateActivityType,
        message,
        service="contacts",
    )
    return _activity_out(reply.activity_type)


@router.delete("/api/v1/activity-types/{activity_id}", status_code=204)
async def delete_activity_type(
    activity_id: Id,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("activities.manage"))],
) -> Response:
    """Delete an activity type; 409 `activity_in_use` while live contacts have it."""
    await call(
        request,
        principal,
        request.app.state.clients.contact_settings.DeleteActivityType,
        pb.DeleteActivityTypeRequest(id=activity_id),
        service="contacts",
    )
    return Response(status_code=204)
