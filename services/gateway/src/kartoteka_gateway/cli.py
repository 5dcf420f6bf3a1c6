"""`kartoteka-gateway serve | migrate`."""

from __future__ import annotations

import argparse

import uvicorn
from kartoteka_platform.logs import configure_logging
from kartoteka_platform.metrics import serve_metrics
from kartoteka_platform.migrations import apply_migrations
from kartoteka_platform.telemetry import setup_tracing, shutdown_tracing

from kartoteka_gateway import MIGRATIONS, SERVICE
from kartoteka_gateway.app import create_app
from kartoteka_gateway.settings import GatewaySettings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="kartoteka-gateway", description=__doc__)
    parser.add_argument("command", choices=["serve", "migrate"])
    args = parser.parse_args(argv)
    settings = GatewaySettings()
    if args.command == "migrate":
        apply_migrations(settings.infra.database_url, MIGRATIONS)
        return
    configure_logging(SERVICE, settings.infra.log_level)
    setup_tracing(SERVICE)
    serve_metrics(settings.metrics_port)
    try:
        uvicorn.run(
            create_app(settings),
            host=settings.host,
            port=settings.port,
            log_config=None,
            access_log=False,
            timeout_graceful_shutdown=10,
        )
    finally:
        shutdown_tracing()
