"""`/api/v1/custom-fields`: user-defined fields of contact cards."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request, Response
from kartoteka.contacts.v1 import contacts_service_pb2 as pb
from kartoteka.contacts.v1 import custom_fields_pb2
from pydantic import BaseModel, ConfigDict, Field

from kartoteka_gateway.clients import call
from kartoteka_gateway.security.authorize import Authorize
from kartoteka_gateway.security.tokens import Principal

router = APIRouter(prefix="/api/v1/custom-fields", tags=["custom fields"])
FieldTypeName = Literal[
    "text",
    "long_text",
    "integer",
    "decimal",
    "money",
    "date",
    "datetime",
    "checkbox",
    "dropdown",
    "multi_select",
    "link",
    "contact_ref",
]
FieldKey = Annotated[str, Field(max_length=63)]


class OptionModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: Annotated[str, Field(max_length=200)]
    label: Annotated[str, Field(max_length=200)]


class CustomFieldIn(BaseModel):
    """A field definition. `key` is permanent; `settings` depend on the type (max_length,
    min/max, scale, currencies)."""

    model_config = ConfigDict(extra="forbid")

    key: FieldKey
    label: Annotated[str, Field(max_length=1000)]
    type: FieldTypeName
    options: Annotated[list[OptionModel], Field(max_length=1000)] = []
    help_text: Annotated[str, Field(max_length=5000)] = ""
    required: bool = False
    unique: bool = False
    filterable: bool = False
    show_on_card: bool = True
    show_in_list: bool = False
    show_in_portal: bool = False
    show_in_processes: bool = False
    show_on_create: bool = False
    position: int = 0
    settings: dict[str, Any] = {}


class CustomFieldOut(CustomFieldIn):
    index_state: Literal["none", "building", "ready", "failed"]
    index_error: str | None


class CustomFieldChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    field: CustomFieldIn
    option_mapping: dict[str, str | None] = Field(
        {}, description="old option value → new value (null clears it)"
    )
    clear_unconvertible: bool = Field(
        False, description="clear values the new definition cannot hold instead of refusing"
    )
    dry_run: bool = Field(False, description="report what would happen, change nothing")


class UnconvertibleOut(BaseModel):
    contact_id: str
    value: Any
    reason: str


class ReportOut(BaseModel):
    converted: int
    cleared: int
    unconvertible: int
    samples: list[UnconvertibleOut]


class CustomFieldChanged(BaseModel):
    field: CustomFieldOut
    report: ReportOut


def _to_proto(body: CustomFieldIn) -> custom_fields_pb2.CustomField:
    values = body.model_dump(exclude={"options", "settings"})
    return custom_fields_pb2.CustomField(
        **values,
        options=[custom_fields_pb2.FieldOption(value=o.value, label=o.label) for o in body.options],
        settings_json=json.dumps(body.settings),
    )


def _out(message: custom_fields_pb2.CustomField) -> CustomFieldOut:
    return CustomFieldOut(
        key=message.key,
        label=message.label,
        type=message.type,
        options=[OptionModel(value=o.value, label=o.label) for o in message.options],
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
        settings=json.loads(message.settings_json or "{}"),
        index_state=message.index_state or "none",
        index_error=message.index_error or None,
    )


@router.get("", response_model=list[CustomFieldOut])
async def list_fields(
    request: Request, principal: Annotated[Principal, Depends(Authorize("contacts.read"))]
) -> list[CustomFieldOut]:
    reply = await call(
        request,
        principal,
        request.app.state.clients.contacts.ListCustomFields,
        pb.ListCustomFieldsRequest(),
        service="contacts",
    )
    return [_out(field) for field in reply.fields]


@router.post("", status_code=201, response_model=CustomFieldOut)
async def create_field(
    body: CustomFieldIn,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("custom_fields.manage"))],
) -> CustomFieldOut:
    """Define a field: instant at any size (values live in one JSON column); a filterable
    field's index is built in the background (`index_state`)."""
    reply = await call(
        request,
        principal,
        request.app.state.clients.contacts.CreateCustomField,
        pb.CreateCustomFieldRequest(field=_to_proto(body)),
        service="contacts",
    )
    return _out(reply.field)


@router.put("/{key}", response_model=CustomFieldChanged)
async def change_field(
    key: FieldKey,
    body: CustomFieldChange,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("custom_fields.manage"))],
) -> CustomFieldChanged:
    """Replace a definition. Stored values are converted; 409 `unconvertible_values` lists
    examples of those that cannot be, unless `clear_unconvertible`."""
    definition = _to_proto(body.field)
    definition.key = key
    message = pb.UpdateCustomFieldRequest(
        field=definition,
        option_mapping={old: new or "" for old, new in body.option_mapping.items()},
        clear_unconvertible=body.clear_unconvertible,
        dry_run=body.dry_run,
    )
    reply = await call(
        request,
        principal,
        request.app.state.clients.contacts.UpdateCustomField,
        message,
        service="contacts",
    )
    report = reply.report
    return CustomFieldChanged(
        field=_out(reply.field),
        report=ReportOut(
            converted=report.converted,
            cleared=report.cleared,
            unconvertible=report.unconvertible,
            samples=[
                UnconvertibleOut(
                    contact_id=s.contact_id, value=json.loads(s.value_json), reason=s.reason
                )
                for s in report.samples
            ],
        ),
    )


@router.delete("/{key}", status_code=204)
async def delete_field(
    key: FieldKey,
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("custom_fields.manage"))],
) -> Response:
    """Delete a field: its values vanish from cards at once; its key stays reserved."""
    await call(
        request,
        principal,
        request.app.state.clients.contacts.DeleteCustomField,
        pb.DeleteCustomFieldRequest(key=key),
        service="contacts",
    )
    return Response(status_code=204)
