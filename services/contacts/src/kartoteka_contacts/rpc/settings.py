"""`kartoteka.contacts.v1.ContactSettingsService`: each call is one transaction."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any

import grpc
from google.protobuf.field_mask_pb2 import FieldMask
from kartoteka.contacts.v1 import contacts_service_pb2
from kartoteka.contacts.v1 import settings_service_pb2 as pb
from kartoteka.contacts.v1 import settings_service_pb2_grpc as pb_grpc
from kartoteka_platform.db import Database
from kartoteka_platform.errors import InvalidInput
from kartoteka_platform.request_context import current_actor

from kartoteka_contacts.domain.layouts import BlockInput, Layout, LayoutSource
from kartoteka_contacts.domain.settings import ActivityType, StandardFieldSetting
from kartoteka_contacts.domain.views import SavedView, SortField
from kartoteka_contacts.rpc.groups import api_actor
from kartoteka_contacts.rpc.mapping import timestamp
from kartoteka_contacts.service import layouts, settings, views
from kartoteka_contacts.service.contacts import parse_id
from kartoteka_contacts.store.catalog import CATALOG

Context = grpc.aio.ServicerContext[Any, Any]

_SOURCE_TO_PROTO = {
    LayoutSource.GROUP: pb.LAYOUT_SOURCE_GROUP,
    LayoutSource.DEFAULT: pb.LAYOUT_SOURCE_DEFAULT,
    LayoutSource.BUILT_IN: pb.LAYOUT_SOURCE_BUILT_IN,
}
# Update-mask paths: message field names (`filter_json` is the use case's `filter`).
_VIEW_PATHS = frozenset({"name", "shared", "filter_json", "columns", "sort"})
_LAYOUT_PATHS = frozenset(layouts.CHANGEABLE)


def view_to_proto(view: SavedView) -> pb.SavedView:
    return pb.SavedView(
        id=str(view.id),
        owner_id=view.owner_id,
        shared=view.shared,
        name=view.name,
        filter_json=json.dumps(view.filter, ensure_ascii=False),
        columns=list(view.columns),
        sort=[
            contacts_service_pb2.SortKey(field=s.field, descending=s.descending) for s in view.sort
        ],
        created_at=timestamp(view.created_at),
        updated_at=timestamp(view.updated_at),
    )


def layout_to_proto(layout: Layout) -> pb.CardLayout:
    message = pb.CardLayout(
        id=str(layout.id) if layout.id else "",
        name=layout.name,
        group_id=str(layout.group_id) if layout.group_id else "",
        blocks=[
            pb.CardBlock(
                block=block.kind.value,
                order=block.order,
                visible=block.visible,
                title=block.title,
                fields=list(block.fields),
            )
            for block in layout.blocks
        ],
        required_fields=list(layout.required_fields),
    )
    if layout.created_at is not None:
        message.created_at.CopyFrom(timestamp(layout.created_at))
    if layout.updated_at is not None:
        message.updated_at.CopyFrom(timestamp(layout.updated_at))
    return message


def standard_field_to_proto(setting: StandardFieldSetting) -> pb.StandardFieldSetting:
    return pb.StandardFieldSetting(
        name=setting.name, visible=setting.visible, position=setting.position
    )


def activity_to_proto(activity: ActivityType) -> pb.ActivityType:
    return pb.ActivityType(
        id=str(activity.id),
        name=activity.name,
        position=activity.position,
        contact_count=activity.contact_count,
        created_at=timestamp(activity.created_at),
    )


def _sort(keys: Iterable[contacts_service_pb2.SortKey]) -> list[SortField]:
    return [SortField(key.field, key.descending) for key in keys]


def _blocks(blocks: Iterable[pb.CardBlock]) -> list[BlockInput]:
    return [BlockInput(b.block, b.order, b.visible, b.title, tuple(b.fields)) for b in blocks]


def _mask(mask: FieldMask, known: Iterable[str]) -> list[str]:
    allowed = set(known)
    for path in mask.paths:
        if path not in allowed:
            raise InvalidInput("unknown_field", f"{path!r} cannot be changed", field="update_mask")
    return list(dict.fromkeys(mask.paths))


def _group_id(raw: str) -> uuid.UUID | None:
    return parse_id(raw, "group_id") if raw else None


class ContactSettingsServicer(pb_grpc.ContactSettingsServiceServicer):
    def __init__(self, db: Database) -> None:
        self._db = db

    async def ListViews(
        self, request: pb.ListViewsRequest, context: Context
    ) -> pb.ListViewsResponse:
        async with self._db.connection() as conn:
            rows = await views.list_views(conn, current_actor.get())
        return pb.ListViewsResponse(views=[view_to_proto(row) for row in rows])

    async def GetView(self, request: pb.GetViewRequest, context: Context) -> pb.GetViewResponse:
        async with self._db.connection() as conn:
            view = await views.get_view(conn, parse_id(request.id), current_actor.get())
        return pb.GetViewResponse(view=view_to_proto(view))

    async def CreateView(
        self, request: pb.CreateViewRequest, context: Context
    ) -> pb.CreateViewResponse:
        message = request.view
        async with self._db.transaction() as conn:
            view = await views.create_view(
                conn,
                current_actor.get(),
                name=message.name,
                shared=message.shared,
                filter_raw=views.parse_filter_json(message.filter_json),
                columns=list(message.columns),
                sort=_sort(message.sort),
            )
        return pb.CreateViewResponse(view=view_to_proto(view))

    async def UpdateView(
        self, request: pb.UpdateViewRequest, context: Context
    ) -> pb.UpdateViewResponse:
        message = request.view
        changes: dict[str, Any] = {}
        for path in _mask(request.update_mask, _VIEW_PATHS):
            if path == "filter_json":
                changes["filter"] = views.parse_filter_json(message.filter_json)
            elif path == "columns":
                changes["columns"] = list(message.columns)
            elif path == "sort":
                changes["sort"] = _sort(message.sort)
            else:
                changes[path] = getattr(message, path)
        async with self._db.transaction() as conn:
            view = await views.update_view(conn, parse_id(message.id), current_actor.get(), changes)
        return pb.UpdateViewResponse(view=view_to_proto(view))

    async def DeleteView(
        self, request: pb.DeleteViewRequest, context: Context
    ) -> pb.DeleteViewResponse:
        async with self._db.transaction() as conn:
            await views.delete_view(conn, parse_id(request.id), current_actor.get())
        return pb.DeleteViewResponse()

    async def ListCardLayouts(
        self, request: pb.ListCardLayoutsRequest, context: Context
    ) -> pb.ListCardLayoutsResponse:
        async with self._db.connection() as conn:
            rows = await layouts.list_layouts(conn)
        return pb.ListCardLayoutsResponse(layouts=[layout_to_proto(row) for row in rows])

    async def GetCardLayout(
        self, request: pb.GetCardLayoutRequest, context: Context
    ) -> pb.GetCardLayoutResponse:
        async with self._db.connection() as conn:
            layout = await layouts.get_layout(conn, parse_id(request.id))
        return pb.GetCardLayoutResponse(layout=layout_to_proto(layout))

    async def CreateCardLayout(
        self, request: pb.CreateCardLayoutRequest, context: Context
    ) -> pb.CreateCardLayoutResponse:
        message = request.layout
        async with self._db.transaction() as conn:
            layout = await layouts.create_layout(
                conn,
                message.name,
                _group_id(message.group_id),
                _blocks(message.blocks),
                list(message.required_fields),
            )
        CATALOG.invalidate()  # after the commit: this process sees it at once
        return pb.CreateCardLayoutResponse(layout=layout_to_proto(layout))

    async def UpdateCardLayout(
        self, request: pb.UpdateCardLayoutRequest, context: Context
    ) -> pb.UpdateCardLayoutResponse:
        message = request.layout
        changes: dict[str, Any] = {}
        for path in _mask(request.update_mask, _LAYOUT_PATHS):
            if path == "group_id":
                changes[path] = _group_id(message.group_id)
            elif path == "blocks":
                changes[path] = _blocks(message.blocks)
            elif path == "required_fields":
                changes[path] = list(message.required_fields)
            else:
                changes[path] = getattr(message, path)
        async with self._db.transaction() as conn:
            layout = await layouts.update_layout(conn, parse_id(message.id), changes)
        CATALOG.invalidate()
        return pb.UpdateCardLayoutResponse(layout=layout_to_proto(layout))

    async def DeleteCardLayout(
        self, request: pb.DeleteCardLayoutRequest, context: Context
    ) -> pb.DeleteCardLayoutResponse:
        async with self._db.transaction() as conn:
            await layouts.delete_layout(conn, parse_id(request.id))
        CATALOG.invalidate()
        return pb.DeleteCardLayoutResponse()

    async def GetContactLayout(
        self, request: pb.GetContactLayoutRequest, context: Context
    ) -> pb.GetContactLayoutResponse:
        async with self._db.connection() as conn:
            layout, source = await layouts.contact_layout(
                conn, parse_id(request.contact_id, "contact_id")
            )
        return pb.GetContactLayoutResponse(
            layout=layout_to_proto(layout), source=_SOURCE_TO_PROTO[source]
        )

    async def ListStandardFields(
        self, request: pb.ListStandardFieldsRequest, context: Context
    ) -> pb.ListStandardFieldsResponse:
        async with self._db.connection() as conn:
            rows = await settings.list_standard_fields(conn)
        return pb.ListStandardFieldsResponse(fields=[standard_field_to_proto(r) for r in rows])

    async def UpdateStandardField(
        self, request: pb.UpdateStandardFieldRequest, context: Context
    ) -> pb.UpdateStandardFieldResponse:
        async with self._db.transaction() as conn:
            setting = await settings.update_standard_field(
                conn,
                request.name,
                visible=request.visible if request.HasField("visible") else None,
                position=request.position if request.HasField("position") else None,
            )
        return pb.UpdateStandardFieldResponse(field=standard_field_to_proto(setting))

    async def ListActivityTypes(
        self, request: pb.ListActivityTypesRequest, context: Context
    ) -> pb.ListActivityTypesResponse:
        async with self._db.connection() as conn:
            rows = await settings.list_activity_types(conn)
        return pb.ListActivityTypesResponse(activity_types=[activity_to_proto(r) for r in rows])

    async def CreateActivityType(
        self, request: pb.CreateActivityTypeRequest, context: Context
    ) -> pb.CreateActivityTypeResponse:
        position = request.position if request.HasField("position") else None
        async with self._db.transaction() as conn:
            activity = await settings.create_activity_type(conn, request.name, position)
        return pb.CreateActivityTypeResponse(activity_type=activity_to_proto(activity))

    async def UpdateActivityType(
        self, request: pb.UpdateActivityTypeRequest, context: Context
    ) -> pb.UpdateActivityTypeResponse:
        async with self._db.transaction() as conn:
            activity = await settings.update_activity_type(
                conn,
                parse_id(request.id),
                name=request.name if request.HasField("name") else None,
                position=request.position if request.HasField("position") else None,
            )
        return pb.UpdateActivityTypeResponse(activity_type=activity_to_proto(activity))

    async def DeleteActivityType(
        self, request: pb.DeleteActivityTypeRequest, context: Context
    ) -> pb.DeleteActivityTypeResponse:
        async with self._db.transaction() as conn:
            await settings.delete_activity_type(conn, parse_id(request.id), api_actor())
        return pb.DeleteActivityTypeResponse()
