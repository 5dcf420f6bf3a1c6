"""`kartoteka-segmentation serve | relay | worker | migrate`."""

from __future__ import annotations

import argparse
import asyncio

from kartoteka.segmentation.v1 import segmentation_service_pb2, segmentation_service_pb2_grpc
from kartoteka_platform.db import Database
from kartoteka_platform.messaging.inbox import BatchInboxConsumer
from kartoteka_platform.messaging.relay import run_service_relay
from kartoteka_platform.migrations import apply_migrations
from kartoteka_platform.rpc.server import GrpcServer
from kartoteka_platform.runtime import run_process, run_until_stopped

from kartoteka_segmentation import MIGRATIONS, SERVICE
from kartoteka_segmentation.clients import ContactsApi
from kartoteka_segmentation.events.catalogue import load_catalogue
from kartoteka_segmentation.events.handler import EventHandler, consumer_name, stream_of
from kartoteka_segmentation.rpc.servicer import SegmentationServicer
from kartoteka_segmentation.service.event_rules import EventRulesService
from kartoteka_segmentation.service.rules import RulesService
from kartoteka_segmentation.settings import SegmentationSettings
from kartoteka_segmentation.tasks.app import schedule_evaluation


async def serve(settings: SegmentationSettings, stop: asyncio.Event) -> None:
    """The gRPC API and the event consumers, in one process."""
    db = Database.from_settings(settings.infra, SERVICE)
    await db.open()
    contacts = ContactsApi(
        settings.contacts_address,
        incremental_timeout=settings.incremental_timeout_seconds,
        full_timeout=settings.full_timeout_seconds,
    )
    rules = RulesService(db, contacts)
    catalogue = load_catalogue()
    event_rules = EventRulesService(db, contacts, catalogue.types)
    server = GrpcServer(settings.grpc_port)
    servicer = SegmentationServicer(db, rules, event_rules, schedule_evaluation)
    server.add(
        segmentation_service_pb2.DESCRIPTOR.services_by_name["SegmentationService"].full_name,
        lambda s: segmentation_service_pb2_grpc.add_SegmentationServiceServicer_to_server(
            servicer, s
        ),
    )
    handler = EventHandler(catalogue, rules, event_rules)
    # One durable consumer per stream carrying catalogued events; each fetched batch is one
    # transaction and one call per kind of rule to the contacts service.
    consumers = [
        BatchInboxConsumer(
            db,
            settings.infra.nats_url,
            name=consumer_name(service),
            stream=stream_of(service),
            filter_subject=stream_of(service).subjects[0],
            batch_handler=handler,
            batch_size=settings.event_batch_size,
        )
        for service in catalogue.services()
    ]
    await server.start()
    try:
        await run_until_stopped(stop, *(consumer.run(stop) for consumer in consumers))
    finally:
        await server.stop()
        await contacts.close()
        await db.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="kartoteka-segmentation", description=__doc__)
    parser.add_argument("command", choices=["serve", "relay", "worker", "migrate"])
    args = parser.parse_args(argv)
    settings = SegmentationSettings()
    if args.command == "migrate":
        apply_migrations(settings.infra.database_url, MIGRATIONS)
    elif args.command == "serve":
        run_process(SERVICE, settings, lambda stop: serve(settings, stop))
    elif args.command == "worker":
        run_worker(settings)
    else:
        run_process(
            f"{SERVICE}-relay",
            settings,
            lambda stop: run_service_relay(settings.infra, SERVICE, stop),
        )


def run_worker(settings: SegmentationSettings) -> None:
    """A Celery worker on the `segmentation` queue, with the periodic reconcile embedded."""
    import tempfile

    from kartoteka_platform.logs import configure_logging
    from kartoteka_platform.metrics import serve_metrics

    from kartoteka_segmentation.tasks.app import app

    configure_logging(f"{SERVICE}-worker", settings.infra.log_level)
    serve_metrics(settings.metrics_port)
    # Per process: two workers on one machine must not share the scheduler's shelve file.
    schedule = f"{tempfile.mkdtemp(prefix='kartoteka-segmentation-beat-')}/schedule"
    app.worker_main(
        [
            "worker",
            "--loglevel",
            settings.infra.log_level,
            "--concurrency",
            "1",
            "--queues",
            SERVICE,
            "--beat",
            "--schedule",
            schedule,
        ]
    )
