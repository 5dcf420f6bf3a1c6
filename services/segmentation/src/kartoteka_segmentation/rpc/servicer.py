"""`kartoteka.segmentation.v1.SegmentationService`."""

from __future__ import annotations

from typing import Any

import grpc
from kartoteka.segmentation.v1 import segmentation_service_pb2 as pb
from kartoteka.segmentation.v1 import segmentation_service_pb2_grpc as pb_grpc
from kartoteka_platform.db import Database
from kartoteka_platform.errors import InvalidInput

from kartoteka_segmentation import store
from kartoteka_segmentation.rpc.event_rules import EventTypeRpc
from kartoteka_segmentation.rpc.rules import RuleRpc, Schedule
from kartoteka_segmentation.service.event_rules import EventRulesService
from kartoteka_segmentation.service.rules import RulesService

DEFAULT_DAYS = 30
MAX_DAYS = 3660


class SegmentationServicer(RuleRpc, EventTypeRpc, pb_grpc.SegmentationServiceServicer):
    def __init__(
        self,
        db: Database,
        rules: RulesService,
        event_rules: EventRulesService,
        schedule: Schedule,
    ) -> None:
        self._db = db
        self._rules = rules
        self._event_rules = event_rules
        self._schedule = schedule

    async def ListDailyContactCounts(
        self, request: pb.ListDailyContactCountsRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> pb.ListDailyContactCountsResponse:
        days = request.days or DEFAULT_DAYS
        if not 0 < days <= MAX_DAYS:
            raise InvalidInput("invalid_days", f"days must be 1..{MAX_DAYS}", field="days")
        async with self._db.connection() as conn:
            counts = await store.recent_daily_counts(conn, days)
        return pb.ListDailyContactCountsResponse(
            counts=[pb.DailyContactCount(day=d.isoformat(), contacts_created=n) for d, n in counts]
        )
