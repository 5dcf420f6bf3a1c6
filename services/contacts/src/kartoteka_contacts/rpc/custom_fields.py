"""The custom field RPCs of `ContactsService`, as a mixin of the servicer."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import grpc
from kartoteka.contacts.v1 import contacts_service_pb2 as pb
from kartoteka.contacts.v1 import custom_fields_pb2
from kartoteka_platform.db import Database
from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.custom_fields import FieldDefinition, FieldOption, FieldType
from kartoteka_contacts.domain.filters.catalogue import filter_fields
from kartoteka_contacts.rpc.groups import api_actor
from kartoteka_contacts.service import custom_fields
from kartoteka_contacts.store import custom_fields as field_store
from kartoteka_contacts.store.catalog import CATALOG

Context = grpc.aio.ServicerContext[Any, Any]


def definition_from_proto(message: custom_fields_pb2.CustomField) -> FieldDefinition:
    try:
        field_type = FieldType(message.type)
    except ValueError:
        raise InvalidInput(
            "invalid_type", f"{message.type!r} is not a field type", field="type"
        ) from None
    try:
        settings = json.loads(message.settings_json) if message.settings_json else {}
    except ValueError as exc:
        raise InvalidInput(
            "invalid_json", f"settings are not JSON: {exc}", field="settings"
        ) from exc
    if not isinstance(settings, dict):
        raise InvalidInput("invalid_settings", "settings must be an object", field="settings")
    return FieldDefinition(
        key=message.key,
        label=message.label,
        type=field_type,
        options=tuple(FieldOption(o.value, o.label) for o in message.options),
        help_text=message.help_text,
        required=message.required,
        unique=message.unique,
        filterable=message.filterable,
        show_on_card=message.show_on_card,
        show_in_list=message.show_in_list,
        show_in_portal=message.show_in_portal,
        show_in_processes=message.show_in_processes,
        show_on_create=message.show_on_create,
        position=message.position,
        settings=settings,
    )


def definition_to_proto(
    definition: FieldDefinition, index: tuple[str, str | None] = ("none", None)
) -> custom_fields_pb2.CustomField:
    return custom_fields_pb2.CustomField(
        key=definition.key,
        label=definition.label,
        type=definition.type.value,
        options=[
            custom_fields_pb2.FieldOption(value=o.value, label=o.label) for o in definition.options
        ],
        help_text=definition.help_text,
        required=definition.required,
        unique=definition.unique,
        filterable=definition.filterable,
        show_on_card=definition.show_on_card,
        show_in_list=definition.show_in_list,
        show_in_portal=definition.show_in_portal,
        show_in_processes=definition.show_in_processes,
        show_on_create=definition.show_on_create,
        position=definition.position,
        settings_json=json.dumps(dict(definition.settings), ensure_ascii=False),
        index_state=index[0],
        index_error=index[1] or "",
    )


async def _queue_index_build(key: str) -> None:
    """After the commit: the build runs on a worker, CREATE INDEX CONCURRENTLY takes minutes
    at a million rows and must not hold a request (or a transaction) open."""
    from kartoteka_contacts.tasks.indexes import build_custom_field_index

    await asyncio.to_thread(build_custom_field_index.delay, key)


class CustomFieldRpc:
    _db: Database

    async def ListCustomFields(
        self, request: pb.ListCustomFieldsRequest, context: Context
    ) -> pb.ListCustomFieldsResponse:
        async with self._db.connection() as conn:
            definitions = await CATALOG.definitions(conn)
            states = await field_store.index_states(conn)
        return pb.ListCustomFieldsResponse(
            fields=[
                definition_to_proto(d, states.get(key, ("none", None)))
                for key, d in definitions.items()
            ]
        )

    async def ListFilterFields(
        self, request: pb.ListFilterFieldsRequest, context: Context
    ) -> pb.ListFilterFieldsResponse:
        async with self._db.connection() as conn:
            definitions = await CATALOG.definitions(conn)
        return pb.ListFilterFieldsResponse(
            fields=[
                pb.FilterField(
                    field=spec.field,
                    value_kind=spec.value_kind,
                    operators=spec.operators,
                    choices=spec.choices,
                )
                for spec in filter_fields(list(definitions.values()))
            ]
        )

    async def CreateCustomField(
        self, request: pb.CreateCustomFieldRequest, context: Context
    ) -> pb.CreateCustomFieldResponse:
        async with self._db.transaction() as conn:
            created = await custom_fields.create_field(conn, definition_from_proto(request.field))
        CATALOG.invalidate()  # this process's next request must see it, notification or not
        state = ("building", None) if created.filterable else ("none", None)
        if created.filterable:
            await _queue_index_build(created.key)
        return pb.CreateCustomFieldResponse(field=definition_to_proto(created, state))

    async def UpdateCustomField(
        self, request: pb.UpdateCustomFieldRequest, context: Context
    ) -> pb.UpdateCustomFieldResponse:
        mapping = {old: new or None for old, new in request.option_mapping.items()}
        async with self._db.transaction() as conn:
            updated, report = await custom_fields.update_field(
                conn,
                definition_from_proto(request.field),
                option_mapping=mapping,
                clear_unconvertible=request.clear_unconvertible,
                dry_run=request.dry_run,
                actor=api_actor(),
            )
            states = await field_store.index_states(conn)
        CATALOG.invalidate()
        state = states.get(updated.key, ("none", None))
        if not request.dry_run and updated.filterable and state[0] != "ready":
            await _queue_index_build(updated.key)
        return pb.UpdateCustomFieldResponse(
            field=definition_to_proto(updated, state),
            report=custom_fields_pb2.ConversionReport(
                converted=report.converted,
                cleared=report.cleared,
                unconvertible=report.unconvertible,
                samples=[
                    custom_fields_pb2.UnconvertibleValue(
                        contact_id=c, value_json=json.dumps(v, ensure_ascii=False), reason=r
                    )
                    for c, v, r in report.samples
                ],
            ),
        )

    async def DeleteCustomField(
        self, request: pb.DeleteCustomFieldRequest, context: Context
    ) -> pb.DeleteCustomFieldResponse:
        async with self._db.transaction() as conn:
            await custom_fields.delete_field(conn, request.key)
        CATALOG.invalidate()
        return pb.DeleteCustomFieldResponse()
