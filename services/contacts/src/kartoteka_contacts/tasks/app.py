"""The contacts Celery app and its periodic housekeeping."""

from __future__ import annotations

import asyncio

from kartoteka_platform.celery_app import create_celery_app
from kartoteka_platform.db import Database
from kartoteka_platform.settings import InfraSettings

from kartoteka_contacts import SERVICE

infra = InfraSettings()
app = create_celery_app(
    SERVICE,
    infra,
    include=[
        "kartoteka_contacts.tasks.app",
        "kartoteka_contacts.tasks.indexes",
        "kartoteka_contacts.tasks.jobs",
    ],
)
# Published outbox rows are only an audit trail once JetStream holds the event (30 days).
PUBLISHED_RETENTION_DAYS = 7
app.conf.beat_schedule = {
    "purge-published-outbox": {"task": "contacts.purge_published_outbox", "schedule": 3600.0},
    "reconcile-custom-field-indexes": {
        "task": "contacts.reconcile_custom_field_indexes",
        "schedule": 300.0,
    },
    "recover-jobs": {"task": "contacts.recover_jobs", "schedule": 30.0},
    "ensure-history-partitions": {
        "task": "contacts.ensure_history_partitions",
        "schedule": 86400.0,
    },
}


@app.task(name="contacts.purge_published_outbox")  # type: ignore[untyped-decorator]
def purge_published_outbox(retention_days: int = PUBLISHED_RETENTION_DAYS) -> int:
    """Delete outbox rows published more than `retention_days` ago; returns how many."""
    return asyncio.run(_purge(retention_days))


async def _purge(retention_days: int) -> int:
    db = Database(infra.database_url, SERVICE, min_size=1, max_size=1)
    await db.open()
    try:
        async with db.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM outbox WHERE published_at < now() - make_interval(days => %s)",
                [retention_days],
            )
            return cursor.rowcount
    finally:
        await db.close()


@app.task(name="contacts.ensure_history_partitions")  # type: ignore[untyped-decorator]
def ensure_history_partitions(months_ahead: int = 3) -> int:
    """Create the coming months' history partitions; returns how many were created."""
    return asyncio.run(_ensure_partitions(months_ahead))


async def _ensure_partitions(months_ahead: int) -> int:
    db = Database(infra.database_url, SERVICE, min_size=1, max_size=1)
    await db.open()
    try:
        async with db.transaction() as conn:
            cursor = await conn.execute(
                "SELECT ensure_history_partitions(0, %s) AS n", [months_ahead]
            )
            row = await cursor.fetchone()
            return int(row["n"]) if row else 0
    finally:
        await db.close()
