"""Running jobs on the worker, and handing on jobs whose worker died."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid

from kartoteka_platform.db import Database

from kartoteka_contacts import SERVICE
from kartoteka_contacts.service.job_runner import JobRunner
from kartoteka_contacts.settings import ContactsSettings
from kartoteka_contacts.store import jobs as store
from kartoteka_contacts.tasks.app import app, infra

log = logging.getLogger(__name__)
# A queued job no worker has claimed after this long lost its task message (a broker flush,
# a dispatch that failed after the commit): the recovery task queues it again.
UNCLAIMED_AFTER_SECONDS = 60.0


@app.task(name="contacts.run_job")  # type: ignore[untyped-decorator]
def run_job(job_id: str) -> str | None:
    """Run or resume one job; returns its final state, or None if another worker has it."""
    return asyncio.run(_run(uuid.UUID(job_id)))


@app.task(name="contacts.recover_jobs")  # type: ignore[untyped-decorator]
def recover_jobs() -> list[str]:
    """Queue again every job whose worker's lease ran out or whose task message was lost."""
    return asyncio.run(_recover())


async def _run(job_id: uuid.UUID) -> str | None:
    db = Database(infra.database_url, SERVICE, min_size=1, max_size=2)
    await db.open()
    try:
        owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        region = ContactsSettings().default_phone_region
        job = await JobRunner(db, owner, default_region=region).run(job_id)
        return job.state.value if job else None
    finally:
        await db.close()


async def _recover() -> list[str]:
    db = Database(infra.database_url, SERVICE, min_size=1, max_size=1)
    await db.open()
    try:
        async with db.connection() as conn:
            orphaned = await store.orphaned(conn, queued_for_seconds=UNCLAIMED_AFTER_SECONDS)
    finally:
        await db.close()
    for job_id in orphaned:
        log.warning("job %s has no live worker; queueing it again", job_id)
        run_job.delay(str(job_id))
    return [str(job_id) for job_id in orphaned]
