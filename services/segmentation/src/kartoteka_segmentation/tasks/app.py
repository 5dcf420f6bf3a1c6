"""Full rule evaluations on the worker, and the periodic reconcile that keeps time-relative
conditions (and anything an outage delayed) true."""

from __future__ import annotations

import asyncio
import uuid

from kartoteka_platform.celery_app import create_celery_app
from kartoteka_platform.db import Database
from kartoteka_platform.settings import InfraSettings

from kartoteka_segmentation import SERVICE
from kartoteka_segmentation.clients import ContactsApi
from kartoteka_segmentation.service.rules import RulesService
from kartoteka_segmentation.settings import SegmentationSettings

infra = InfraSettings()
app = create_celery_app(SERVICE, infra, include=["kartoteka_segmentation.tasks.app"])
# Rules relative to now ("no call in the last 30 days") shift every day; the reconcile also
# repairs whatever a long outage left behind. Each run is set-based per rule.
RECONCILE_SECONDS = 600.0
app.conf.beat_schedule = {
    "reconcile-rules": {"task": "segmentation.evaluate_rules", "schedule": RECONCILE_SECONDS},
}


@app.task(name="segmentation.evaluate_rules")  # type: ignore[untyped-decorator]
def evaluate_rules(rule_ids: list[str] | None = None) -> dict[str, list[int]]:
    """Evaluate these rules (or all active ones) over every contact; returns added/removed."""
    return asyncio.run(_evaluate([uuid.UUID(i) for i in rule_ids] if rule_ids else None))


async def _evaluate(rule_ids: list[uuid.UUID] | None) -> dict[str, list[int]]:
    settings = SegmentationSettings()
    db = Database(infra.database_url, SERVICE, max_size=2)
    contacts = ContactsApi(
        settings.contacts_address,
        incremental_timeout=settings.incremental_timeout_seconds,
        full_timeout=settings.full_timeout_seconds,
    )
    await db.open()
    try:
        outcomes = await RulesService(db, contacts).evaluate(rule_ids)
    finally:
        await contacts.close()
        await db.close()
    return {str(o.rule_id): [o.added, o.removed] for o in outcomes}


async def schedule_evaluation(rule_ids: list[uuid.UUID]) -> None:
    """Queue a full evaluation without blocking the event loop on the broker call."""
    await asyncio.to_thread(evaluate_rules.delay, [str(i) for i in rule_ids])
