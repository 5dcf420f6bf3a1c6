"""`kartoteka-contacts serve | relay | worker | migrate`."""

from __future__ import annotations

import argparse
import asyncio
import tempfile

from kartoteka.contacts.v1 import (
    contacts_service_pb2,
    contacts_service_pb2_grpc,
    jobs_service_pb2,
    jobs_service_pb2_grpc,
    settings_service_pb2,
    settings_service_pb2_grpc,
)
from kartoteka_platform.db import Database
from kartoteka_platform.messaging.relay import run_service_relay
from kartoteka_platform.migrations import apply_migrations
from kartoteka_platform.rpc.server import GrpcServer
from kartoteka_platform.runtime import run_process, run_until_stopped

from kartoteka_contacts import MIGRATIONS, SERVICE
from kartoteka_contacts.rpc.jobs import ContactJobsServicer
from kartoteka_contacts.rpc.servicer import ContactsServicer
from kartoteka_contacts.rpc.settings import ContactSettingsServicer
from kartoteka_contacts.settings import ContactsSettings
from kartoteka_contacts.store.catalog import CATALOG


async def serve(settings: ContactsSettings, stop: asyncio.Event) -> None:
    db = Database.from_settings(settings.infra, SERVICE)
    await db.open()
    server = GrpcServer(settings.grpc_port)
    servicer = ContactsServicer(db, default_phone_region=settings.default_phone_region)
    server.add(
        contacts_service_pb2.DESCRIPTOR.services_by_name["ContactsService"].full_name,
        lambda s: contacts_service_pb2_grpc.add_ContactsServiceServicer_to_server(servicer, s),
    )
    settings_servicer = ContactSettingsServicer(db)
    server.add(
        settings_service_pb2.DESCRIPTOR.services_by_name["ContactSettingsService"].full_name,
        lambda s: settings_service_pb2_grpc.add_ContactSettingsServiceServicer_to_server(
            settings_servicer, s
        ),
    )
    jobs_servicer = ContactJobsServicer(db, max_upload_bytes=settings.max_upload_bytes)
    server.add(
        jobs_service_pb2.DESCRIPTOR.services_by_name["ContactJobsService"].full_name,
        lambda s: jobs_service_pb2_grpc.add_ContactJobsServiceServicer_to_server(jobs_servicer, s),
    )
    await server.start()
    try:
        await run_until_stopped(stop, CATALOG.listen(db, stop))
    finally:
        await server.stop()
        await db.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="kartoteka-contacts", description=__doc__)
    parser.add_argument("command", choices=["serve", "relay", "worker", "migrate"])
    args = parser.parse_args(argv)
    settings = ContactsSettings()
    if args.command == "migrate":
        apply_migrations(settings.infra.database_url, MIGRATIONS)
    elif args.command == "serve":
        run_process(SERVICE, settings, lambda stop: serve(settings, stop))
    elif args.command == "relay":
        run_process(
            f"{SERVICE}-relay",
            settings,
            lambda stop: run_service_relay(settings.infra, SERVICE, stop),
        )
    else:
        run_worker(settings)


def run_worker(settings: ContactsSettings) -> None:
    """A Celery worker on the `contacts` queue, with the periodic scheduler embedded."""
    from kartoteka_platform.metrics import serve_metrics

    from kartoteka_contacts.tasks import app

    serve_metrics(settings.metrics_port)
    # Per process: two workers on one machine must not share the scheduler's shelve file.
    schedule = f"{tempfile.mkdtemp(prefix='kartoteka-contacts-beat-')}/schedule"
    app.worker_main(
        [
            "worker",
            "--loglevel",
            settings.infra.log_level,
            "--concurrency",
            "2",
            "--queues",
            SERVICE,
            "--beat",
            "--schedule",
            schedule,
        ]
    )
