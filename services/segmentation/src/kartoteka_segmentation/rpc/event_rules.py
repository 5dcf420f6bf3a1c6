"""Event rules on the wire: their definition in `Rule.event`, and `ListEventTypes`."""

from __future__ import annotations

import json
from typing import Any

import grpc
from kartoteka.segmentation.v1 import segmentation_service_pb2 as pb

from kartoteka_segmentation.domain.catalogue import EventType
from kartoteka_segmentation.service.event_rules import EventRuleInput, EventRulesService
from kartoteka_segmentation.store.rules import RuleRow

Context = grpc.aio.ServicerContext[Any, Any]


def event_input(spec: pb.EventRuleSpec) -> EventRuleInput:
    return EventRuleInput(
        spec.event_type,
        spec.condition_json,
        spec.contact_filter_json,
        spec.occurrence,
        spec.action,
    )


def event_spec_of(rule: RuleRow) -> pb.EventRuleSpec:
    return pb.EventRuleSpec(
        event_type=rule.event_type or "",
        condition_json=_json(rule.event_condition),
        contact_filter_json=_json(rule.contact_filter),
        occurrence=rule.occurrence or "",
        action=rule.action or "",
    )


def event_type_to_proto(event: EventType) -> pb.EventType:
    return pb.EventType(
        subject=event.subject,
        message=event.message,
        contact_field=event.contact_field,
        fields=[
            pb.EventField(
                path=field.path,
                type=field.type,
                repeated=field.repeated,
                enum_values=list(field.enum_values),
            )
            for field in event.fields.values()
        ],
    )


def _json(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False)


class EventTypeRpc:
    _event_rules: EventRulesService

    async def ListEventTypes(
        self, request: pb.ListEventTypesRequest, context: Context
    ) -> pb.ListEventTypesResponse:
        return pb.ListEventTypesResponse(
            event_types=[event_type_to_proto(e) for e in self._event_rules.event_types()]
        )
