"""`/api/v1/segmentation`: what the segmentation service has computed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from kartoteka.segmentation.v1 import segmentation_service_pb2 as pb
from pydantic import BaseModel

from kartoteka_gateway.clients import call
from kartoteka_gateway.security.authorize import Authorize
from kartoteka_gateway.security.tokens import Principal

router = APIRouter(prefix="/api/v1/segmentation", tags=["segmentation"])


class DailyCount(BaseModel):
    day: str
    contacts_created: int


@router.get("/daily-contact-counts", response_model=list[DailyCount])
async def daily_contact_counts(
    request: Request,
    principal: Annotated[Principal, Depends(Authorize("segmentation.read"))],
    days: Annotated[int, Query(ge=1, le=3660)] = 30,
) -> list[DailyCount]:
    """New contacts per UTC day as segmentation has seen them through events, newest first."""
    response = await call(
        request,
        principal,
        request.app.state.clients.segmentation.ListDailyContactCounts,
        pb.ListDailyContactCountsRequest(days=days),
        service="segmentation",
    )
    return [DailyCount(day=c.day, contacts_created=c.contacts_created) for c in response.counts]
