"""`kartoteka-segmentation serve | relay | migrate`."""

from __future__ import annotations

import argparse
import asyncio

from kartoteka.segmentation.v1 import segmentation_service_pb2, segmentation_service_pb2_grpc
from kartoteka_platform.db import Database
from kartoteka_platform.messaging.inbox import InboxConsumer
from kartoteka_platform.messaging.relay import run_service_relay
from kartoteka_platform.migrations import apply_migrations
from kartoteka_platform.rpc.server import GrpcServer
from kartoteka_platform.runtime import run_process, run_until_stopped

from kartoteka_segmentation import MIGRATIONS, SERVICE
from kartoteka_segmentation.events.contacts import (
    CONSUMER_NAME,
    CONTACTS_STREAM,
    handle_contact_event,
)
from kartoteka_segmentation.rpc.servicer import SegmentationServicer
from kartoteka_segmentation.settings import SegmentationSettings


async def serve(settings: SegmentationSettings, stop: asyncio.Event) -> None:
    """The gRPC API and the contacts-event consumer, in one process."""
    db = Database.from_settings(settings.infra, SERVICE)
    await db.open()
    server = GrpcServer(settings.grpc_port)
    servicer = SegmentationServicer(db)
    server.add(
        segmentation_service_pb2.DESCRIPTOR.services_by_name["SegmentationService"].full_name,
        lambda s: segmentation_service_pb2_grpc.add_SegmentationServiceServicer_to_server(
            servicer, s
        ),
    )
    consumer = InboxConsumer(
        db,
        settings.infra.nats_url,
        name=CONSUMER_NAME,
        stream=CONTACTS_STREAM,
        filter_subject="kartoteka.contacts.>",
        handler=handle_contact_event,
    )
    await server.start()
    try:
        await run_until_stopped(stop, consumer.run(stop))
    finally:
        await server.stop()
        await db.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="kartoteka-segmentation", description=__doc__)
    parser.add_argument("command", choices=["serve", "relay", "migrate"])
    args = parser.parse_args(argv)
    settings = SegmentationSettings()
    if args.command == "migrate":
        apply_migrations(settings.infra.database_url, MIGRATIONS)
    elif args.command == "serve":
        run_process(SERVICE, settings, lambda stop: serve(settings, stop))
    else:
        run_process(
            f"{SERVICE}-relay",
            settings,
            lambda stop: run_service_relay(settings.infra, SERVICE, stop),
        )
