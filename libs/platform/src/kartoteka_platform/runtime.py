"""Running a service process: logging, tracing, metrics, and a clean stop on SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable

from kartoteka_platform.logs import configure_logging
from kartoteka_platform.metrics import serve_metrics
from kartoteka_platform.settings import ServiceSettings
from kartoteka_platform.telemetry import setup_tracing, shutdown_tracing

log = logging.getLogger(__name__)

Main = Callable[[asyncio.Event], Awaitable[None]]


def run_process(name: str, settings: ServiceSettings, main: Main) -> None:
    """Run `main(stop)` until a signal sets `stop`; telemetry is flushed on the way out."""
    configure_logging(name, settings.infra.log_level)
    setup_tracing(name)
    if settings.metrics_port:
        serve_metrics(settings.metrics_port)
    try:
        asyncio.run(_supervise(name, main))
    finally:
        shutdown_tracing()


async def _supervise(name: str, main: Main) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    log.info("%s starting", name)
    await main(stop)
    log.info("%s stopped", name)


async def run_until_stopped(stop: asyncio.Event, *tasks: Awaitable[None]) -> None:
    """Run background loops until `stop`; the first to crash stops the others and re-raises."""
    running = [asyncio.ensure_future(task) for task in tasks]
    stopper = asyncio.ensure_future(stop.wait())
    done, _ = await asyncio.wait([*running, stopper], return_when=asyncio.FIRST_COMPLETED)
    stop.set()
    results = await asyncio.gather(*running, return_exceptions=True)
    stopper.cancel()
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result, asyncio.CancelledError):
            raise result
    del done


async def sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    """Wait `seconds`, or less if `stop` is set meanwhile (back-off between retries)."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
