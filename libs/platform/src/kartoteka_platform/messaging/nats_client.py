"""Connecting to NATS and provisioning JetStream streams."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import nats
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import BadRequestError, NotFoundError

from kartoteka_platform.messaging.envelope import StreamSpec
from kartoteka_platform.runtime import sleep_or_stop

log = logging.getLogger(__name__)

# JetStream drops a second message with the same Nats-Msg-Id within this window. The relay
# marks rows within seconds of the ack, so 10 minutes covers any crash-and-retry gap.
DUPLICATE_WINDOW = timedelta(minutes=10)


async def connect(url: str, name: str) -> Client:
    """A client that reconnects forever: a broker outage pauses work, it never ends a process."""

    async def on_disconnect() -> None:
        log.warning("nats disconnected", extra={"client": name})

    async def on_reconnect() -> None:
        log.info("nats reconnected", extra={"client": name})

    async def on_error(error: Exception) -> None:
        log.warning("nats error: %s", error, extra={"client": name})

    return await nats.connect(
        url,
        name=name,
        max_reconnect_attempts=-1,
        reconnect_time_wait=0.5,
        allow_reconnect=True,
        connect_timeout=2,
        disconnected_cb=on_disconnect,
        reconnected_cb=on_reconnect,
        error_cb=on_error,
    )


async def connect_when_available(url: str, name: str, stop: asyncio.Event) -> Client | None:
    """Connect, waiting out a broker that is down at start; None if `stop` is set first."""
    delay = 0.2
    while not stop.is_set():
        try:
            return await connect(url, name)
        except Exception as exc:
            log.warning("nats not reachable (%s), retrying in %.1fs", exc, delay)
            await sleep_or_stop(stop, delay)
            delay = min(5.0, delay * 2)
    return None


async def ensure_stream(js: JetStreamContext, spec: StreamSpec) -> None:
    """Create the stream, or bring its subjects up to date; safe to call from every process."""
    config = StreamConfig(
        name=spec.name,
        subjects=list(spec.subjects),
        retention=RetentionPolicy.LIMITS,
        storage=StorageType.FILE,
        discard=DiscardPolicy.OLD,
        duplicate_window=DUPLICATE_WINDOW.total_seconds(),
        max_age=timedelta(days=30).total_seconds(),
    )
    try:
        info = await js.stream_info(spec.name)
    except NotFoundError:
        try:
            await js.add_stream(config)
        except BadRequestError:
            # Another process created it between our look and our add.
            await js.stream_info(spec.name)
        return
    if set(info.config.subjects or []) != set(spec.subjects):
        await js.update_stream(config)
