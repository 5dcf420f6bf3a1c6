"""The Celery app factory: Redis broker and results, JSON only, traced, one queue per service."""

from __future__ import annotations

from typing import Any

from celery import Celery
from celery.signals import worker_process_init

from kartoteka_platform.logs import configure_logging
from kartoteka_platform.settings import InfraSettings
from kartoteka_platform.telemetry import setup_tracing


def create_celery_app(service: str, infra: InfraSettings, *, include: list[str]) -> Celery:
    """A Celery app whose tasks run on the `<service>` queue.

    Late acks with reject-on-lost-worker: a worker killed mid-task leaves the task to be run
    again, so every task must be idempotent (the long jobs record their progress in the
    database and resume from it).
    """
    app = Celery(service, broker=infra.redis_url, backend=infra.redis_url, include=include)
    app.conf.update(
        task_default_queue=service,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        result_expires=24 * 3600,
        worker_hijack_root_logger=False,
        timezone="UTC",
    )

    @worker_process_init.connect(weak=False)  # type: ignore[untyped-decorator]
    def _init_worker(**_: Any) -> None:
        configure_logging(f"{service}-worker", infra.log_level)
        setup_tracing(f"{service}-worker")
        from opentelemetry.instrumentation.celery import CeleryInstrumentor

        CeleryInstrumentor().instrument()  # type: ignore[no-untyped-call]

    return app
