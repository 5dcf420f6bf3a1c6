"""Event-rule shapes of `/api/v1/smart-rules`: "on event E where C, add to / remove from G"."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from kartoteka.segmentation.v1 import segmentation_service_pb2 as pb
from pydantic import BaseModel, ConfigDict, Field

EventTypeName = Annotated[str, Field(min_length=1, max_length=200)]


class EventRuleFields(BaseModel):
    """What an event rule reacts to and does; the segmentation service checks the condition
    against the event's fields and the contacts service checks the contact filter."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["event"]
    name: Annotated[str, Field(min_length=1, max_length=1000)]
    event_type: EventTypeName = Field(
        description="A subject from GET /api/v1/smart-rules/event-types."
    )
    event_condition: dict[str, Any] | None = Field(
        None,
        description='On the event\'s payload: all/any/not and {"field", "op", "value"}; '
        "none means every event of the type.",
    )
    contact_filter: dict[str, Any] | None = Field(
        None, description="The contacts filter language, checked against the contact."
    )
    occurrence: Literal["every", "first"] = Field(
        "every",
        description="first: only on the first event of this type ever seen for the contact.",
    )
    action: Literal["add", "remove"] = Field(
        "add", description="remove takes away rule-made memberships; manual ones stay."
    )

    def spec(self) -> pb.EventRuleSpec:
        return pb.EventRuleSpec(
            event_type=self.event_type,
            condition_json=(
                json.dumps(self.event_condition) if self.event_condition is not None else ""
            ),
            contact_filter_json=(
                json.dumps(self.contact_filter) if self.contact_filter is not None else ""
            ),
            occurrence=self.occurrence,
            action=self.action,
        )


class EventRuleIn(EventRuleFields):
    group_id: Annotated[str, Field(max_length=64)]


class EventRuleOut(BaseModel):
    event_type: str
    event_condition: dict[str, Any] | None
    contact_filter: dict[str, Any] | None
    occurrence: str
    action: str


class EventFieldOut(BaseModel):
    path: str
    type: Literal["string", "integer", "number", "bool", "enum", "timestamp"]
    repeated: bool
    enum_values: list[str]


class EventTypeOut(BaseModel):
    subject: str
    message: str
    contact_field: str
    fields: list[EventFieldOut]


def event_out(spec: pb.EventRuleSpec) -> EventRuleOut:
    return EventRuleOut(
        event_type=spec.event_type,
        event_condition=json.loads(spec.condition_json) if spec.condition_json else None,
        contact_filter=json.loads(spec.contact_filter_json) if spec.contact_filter_json else None,
        occurrence=spec.occurrence,
        action=spec.action,
    )


def event_type_out(event: pb.EventType) -> EventTypeOut:
    return EventTypeOut(
        subject=event.subject,
        message=event.message,
        contact_field=event.contact_field,
        fields=[
            EventFieldOut(
                path=f.path,
                type=f.type,
                repeated=f.repeated,
                enum_values=list(f.enum_values),
            )
            for f in event.fields
        ],
    )
