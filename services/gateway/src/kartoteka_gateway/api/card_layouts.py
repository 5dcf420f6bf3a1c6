"""`/api/v1/card-layouts` and `/api/v1/contacts/{id}/layout`: how contact cards are laid out."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request, Response
from google.protobuf.field_mask_pb2 import FieldMask
from kartoteka.contacts.v1 import settings_service_pb2 as pb
from pydantic import BaseModel, ConfigDict, Field

from kartoteka_gateway.clients import call
from kartoteka_gateway.security.authorize import Authorize
from kartoteka_gateway.security.tokens import Principal

router = APIRouter(tags=["card layouts"])
Id = Annotated[str, Field(max_length=64)]
Name = Annotated[str, Field(min_length=1, max_length=1000)]
FieldName = Annotated[str, Field(max_length=100)]
Position = Annotated[int, Field(ge=0, le=100_000)]
BlockName = Literal[
    "main",
    "contacts",
    "company",
    "custom",
    "finance",
    "communications",
    "documents",
    "tasks",
    "history",
    "map",
    "statistics",
    "bonuses",
]
SourceName = Literal["group", "default", "built_in"]
_SOURCE_FROM_PROTO: dict[int, SourceName] = {
    pb.LAYOUT_SOURCE_GROUP: "group",
    pb.LAYOUT_SOURCE_DEFAULT: "default",
    pb.LAYOUT_SOURCE_BUILT_IN: "built_in",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BlockModel(_Strict):
    """A card block. Only `custom` blocks repeat; they need a title and list custom field
    keys. Standard blocks a layout leaves out are kept at the end, hidden."""

    block: BlockName
    order: Position = 0
    visible: bool = True
    title: Annotated[str, Field(max_length=1000)] = ""
    fields: Annotated[list[FieldName], Field(max_length=500)] = []


class LayoutIn(_Strict):
    name: Name
    group_id: Id | None = Field(None, description="the group it is for; null: the default layout")
    blocks: Annotated[list[BlockModel], Field(max_length=100)] = []
    required_fields: Annotated[list[FieldName], Field(max_length=500)] = Field(
        [], description="standard field names or custom.<key> a card must fill in"
    )


class LayoutPatch(_Strict):
    name: Name | None = None
    group_id: Id | None = None
    blocks: Annotated[list[BlockModel], Field(max_length=100)] | None = None
    required_fields: Annotated[list[FieldName], Field(max_length=500)] | None = None


class LayoutOut(BaseModel):
    id: str | None = Field(description="null for the built-in layout")
    name: str
    group_id: str | None
    blocks: list[BlockModel]
    required_fields: list[str]
    created_at: datetime | None
    updated_at: datetime | None


class ContactLayoutOut(LayoutOut):
    source: SourceName = Field(
        description="group: its highest-priority group's; default; built_in: none defined"
    )


def _to_proto(
    name: str, group_id: str | None, blocks: list[BlockModel], required: list[str]
) -> pb.CardLayout:
    return pb.CardLayout(
        name=name,
        group_id=group_id or "",
        blocks=[pb.CardBlock(**block.model_dump()) for block in blocks],
        required_fields=required,
    )


def _out(layout: pb.CardLayout) -> LayoutOut:
    return LayoutOut(**_fields(layout))


def _fields(layout: pb.CardLayout) -> dict[str, Any]:
    return {
        "id": layout.id or None,
        "name": layout.name,
        "group_id": layout.group_id or None,
        "blocks": [
            BlockModel(
                block=b.block,
                order=b.order,
                visible=b.visible,
                title=b.title,
                fields=list(b.fields),
            )
            for b in layout.blocks
        ],
        "required_fields": list(layout.required_fields),
        "created_at": layout.created_at.ToDatetime(tzinfo=UTC)
        if layout.HasField("created_at")
        else None,
        "updated_at": layout.updated_at.ToDatetime(tzinfo=UTC)
        if layout.HasField("updated_at")
        else None,
    }


@router.get("/api/v1/card-layouts", response_model=list[LayoutOut])
async def list_layouts(
    request: Request, principal: Annotated[Principal, Depends(Authorize("layouts.read"))]
) -> list[LayoutOut]:
    """The default layout first, then group layouts by group name."""
    reply = await call(
        request,
        principal,
        request.app.state.clients.contact_settings.ListCardLayouts,
        pb.ListCardLayoutsRequest(),
        service="contacts",
    )
    return [_out(layout) for layout in reply.layouts]


@router.post("/api/v1/card-layouts", status_code=201, response_model=LayoutOut)
async def create_layout(
    body: LayoutIn,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("layouts.manage"))],
) -> LayoutOut:
    """The default layout (no group) or one group's; 409 `layout_exists` when it has one."""
    message = _to_proto(body.name, body.group_id, body.blocks, body.required_fields)
    reply = await call(
        request,
        principal,
        request.app.state.clients.contact_settings.CreateCardLayout,
        pb.CreateCardLayoutRequest(layout=message),
        service="contacts",
    )
    return _out(reply.layout)


@router.get("/api/v1/card-layouts/{layout_id}", response_model=LayoutOut)
async def get_layout(
    layout_id: Id,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("layouts.read"))],
) -> LayoutOut:
    reply = await call(
        request,
        principal,
        request.app.state.clients.contact_settings.GetCardLayout,
        pb.GetCardLayoutRequest(id=layout_id),
        service="contacts",
    )
    return _out(reply.layout)


@router.patch("/api/v1/card-layouts/{layout_id}", response_model=LayoutOut)
async def update_layout(
    layout_id: Id,
    body: LayoutPatch,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("layouts.manage"))],
) -> LayoutOut:
    """Change what the body names; `group_id: null` makes it the default layout."""
    message = _to_proto(
        body.name or "", body.group_id, body.blocks or [], body.required_fields or []
    )
    message.id = layout_id
    paths = sorted(
        name
        for name in body.model_fields_set
        if name == "group_id" or getattr(body, name) is not None
    )
    reply = await call(
        request,
        principal,
        request.app.state.clients.contact_settings.UpdateCardLayout,
        pb.UpdateCardLayoutRequest(layout=message, update_mask=FieldMask(paths=paths)),
        service="contacts",
    )
    return _out(reply.layout)


@router.delete("/api/v1/card-layouts/{layout_id}", status_code=204)
async def delete_layout(
    layout_id: Id,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("layouts.manage"))],
) -> Response:
    """Delete a layout: its group's contacts get the default layout."""
    await call(
        request,
        principal,
        request.app.state.clients.contact_settings.DeleteCardLayout,
        pb.DeleteCardLayoutRequest(id=layout_id),
        service="contacts",
    )
    return Response(status_code=204)


@router.get("/api/v1/contacts/{contact_id}/layout", response_model=ContactLayoutOut)
async def contact_layout(
    contact_id: Id,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("contacts.read"))],
) -> ContactLayoutOut:
    """The layout a contact's card uses: the layout of its highest-priority group (ties by
    group name, then id), else the default layout, else the built-in one."""
    reply = await call(
        request,
        principal,
        request.app.state.clients.contact_settings.GetContactLayout,
        pb.GetContactLayoutRequest(contact_id=contact_id),
        service="contacts",
    )
    return ContactLayoutOut(**_fields(reply.layout), source=_SOURCE_FROM_PROTO[reply.source])
