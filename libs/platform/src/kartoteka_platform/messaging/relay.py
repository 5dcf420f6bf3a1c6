"""The outbox relay: publishes committed events to JetStream, in order, without losing one."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from nats.js import JetStreamContext
from opentelemetry import trace
from opentelemetry.trace import SpanKind

from kartoteka_platform.db import Connection, Database
from kartoteka_platform.messaging.envelope import HEADER_MSG_ID, StreamSpec
from kartoteka_platform.messaging.nats_client import connect_when_available, ensure_stream
from kartoteka_platform.metrics import OUTBOX_FAILURES, OUTBOX_PENDING, OUTBOX_PUBLISHED
from kartoteka_platform.runtime import sleep_or_stop
from kartoteka_platform.settings import InfraSettings
from kartoteka_platform.telemetry import extract_trace_context, inject_trace_headers

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

_SELECT_PENDING = """
SELECT seq, event_id, subject, payload, headers FROM outbox
WHERE published_at IS NULL ORDER BY seq LIMIT %s FOR UPDATE SKIP LOCKED
"""


class OutboxRelay:
    """Moves outbox rows to NATS: publish, wait for the JetStream ack, then mark the row.

    A crash between the ack and the mark republishes the row with the same `Nats-Msg-Id`,
    which JetStream drops as a duplicate; a broker outage leaves rows pending and the relay
    retries with capped exponential backoff. Rows are sent in commit order on one connection
    without waiting for each ack (a batch is one round trip), and the first row not acked
    stops the batch: what follows it stays pending. A consumer can see an event before an
    earlier one only if the server refused that one row alone while storing the next, which a
    lost connection cannot do (it loses everything sent after) - a row the server refuses by
    itself (too large) fails every retry and is in `last_error`.
    """

    def __init__(
        self,
        db: Database,
        nats_url: str,
        stream: StreamSpec,
        *,
        batch_size: int = 256,
        publish_timeout: float = 2.0,
        max_backoff: float = 5.0,
        idle_poll: float = 1.0,
    ) -> None:
        self._db = db
        self._nats_url = nats_url
        self._stream = stream
        self._batch_size = batch_size
        self._publish_timeout = publish_timeout
        self._max_backoff = max_backoff
        self._idle_poll = idle_poll
        self._wake = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        """Publish until `stop` is set."""
        nc = await connect_when_available(self._nats_url, f"relay-{self._db.schema}", stop)
        if nc is None:
            return
        js = nc.jetstream()
        listener = asyncio.create_task(self._listen(stop))
        backoff = 0.0
        try:
            await self._ensure_stream(js, stop)
            while not stop.is_set():
                # Cleared before the batch, not after: a commit notified while the batch was
                # being published wakes the next one at once instead of after `idle_poll`.
                self._wake.clear()
                published, failed = await self.publish_batch(js)
                if failed:
                    backoff = min(self._max_backoff, max(0.1, backoff * 2))
                    await sleep_or_stop(stop, backoff)
                    continue
                backoff = 0.0
                if published < self._batch_size:
                    await self._idle(stop)
        finally:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listener
            await nc.close()

    async def publish_batch(self, js: JetStreamContext) -> tuple[int, bool]:
        """Publish one batch; returns how many rows were published and whether one failed."""
        async with self._db.transaction() as conn:
            rows = await (await conn.execute(_SELECT_PENDING, [self._batch_size])).fetchall()
            # Every row is sent before any ack is awaited (one connection keeps them in order),
            # then the acks are read in order: a batch costs one round trip, not one per row.
            pending = [(row, await self._send(js, row)) for row in rows]
            done: list[int] = []
            failed = False
            for row, ack in pending:
                if failed:
                    # Rows after the first failure stay pending even if acked: the retry
                    # re-sends them with the same id, which JetStream drops as duplicates.
                    if isinstance(ack, asyncio.Future):
                        ack.cancel()  # frees its slot among nats-py's pending acks
                    continue
                error = await _acked(ack, self._publish_timeout)
                if error is not None:
                    failed = True
                    await _record_failure(conn, row["seq"], error)
                    continue
                done.append(row["seq"])
            if done:
                await conn.execute(
                    "UPDATE outbox SET published_at = now() WHERE seq = ANY(%s)", [done]
                )
        OUTBOX_PUBLISHED.labels(self._db.schema).inc(len(done))
        if failed:
            OUTBOX_FAILURES.labels(self._db.schema).inc()
        return len(done), failed

    async def _send(
        self, js: JetStreamContext, row: dict[str, Any]
    ) -> asyncio.Future[Any] | BaseException:
        """Send one row; its ack arrives on the returned future (or the send failed)."""
        stored: dict[str, str] = dict(row["headers"])
        parent = extract_trace_context(stored)
        with tracer.start_as_current_span(
            f"publish {row['subject']}", context=parent, kind=SpanKind.PRODUCER
        ) as span:
            span.set_attribute("messaging.system", "nats")
            span.set_attribute("messaging.destination.name", row["subject"])
            span.set_attribute("messaging.message.id", str(row["event_id"]))
            headers = {k: v for k, v in stored.items() if k not in ("traceparent", "tracestate")}
            headers[HEADER_MSG_ID] = str(row["event_id"])
            inject_trace_headers(headers)
            try:
                return await js.publish_async(
                    row["subject"],
                    bytes(row["payload"]),
                    wait_stall=self._publish_timeout,
                    headers=headers,
                )
            except Exception as exc:
                span.record_exception(exc)
                return exc

    async def _ensure_stream(self, js: JetStreamContext, stop: asyncio.Event) -> None:
        delay = 0.1
        while not stop.is_set():
            try:
                await ensure_stream(js, self._stream)
            except Exception as exc:
                log.warning("stream not ready: %s", exc)
                await sleep_or_stop(stop, delay)
                delay = min(self._max_backoff, delay * 2)
            else:
                return

    async def _idle(self, stop: asyncio.Event) -> None:
        """Wait for a NOTIFY from a committing writer, or poll after a short while."""
        waiter = asyncio.create_task(self._wake.wait())
        stopper = asyncio.create_task(stop.wait())
        try:
            await asyncio.wait(
                {waiter, stopper}, timeout=self._idle_poll, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            waiter.cancel()
            stopper.cancel()
        async with self._db.connection() as conn:
            row = await (
                await conn.execute("SELECT count(*) AS n FROM outbox WHERE published_at IS NULL")
            ).fetchone()
        OUTBOX_PENDING.labels(self._db.schema).set(row["n"] if row else 0)

    async def _listen(self, stop: asyncio.Event) -> None:
        await self._db.listen(f"outbox_{self._db.schema}", stop, self._wake.set)


async def _acked(ack: asyncio.Future[Any] | BaseException, seconds: float) -> str | None:
    """None once JetStream stored the message; else why not."""
    if isinstance(ack, BaseException):
        return f"{type(ack).__name__}: {ack}"
    try:
        await asyncio.wait_for(ack, seconds)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


async def _record_failure(conn: Connection, seq: int, error: str) -> None:
    await conn.execute(
        "UPDATE outbox SET attempts = attempts + 1, last_error = %s WHERE seq = %s",
        [error[:2000], seq],
    )


async def run_service_relay(infra: InfraSettings, service: str, stop: asyncio.Event) -> None:
    """The relay process of one service: its schema's outbox into its own stream."""
    db = Database.from_settings(infra, service)
    await db.open()
    try:
        await OutboxRelay(db, infra.nats_url, StreamSpec.for_service(service)).run(stop)
    finally:
        await db.close()
