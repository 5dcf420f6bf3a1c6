"""The idempotent inbox: a durable pull consumer whose effects and acks cannot double-apply."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from opentelemetry import trace
from opentelemetry.trace import SpanKind
from psycopg.types.json import Jsonb

from kartoteka_platform.db import Connection, Database
from kartoteka_platform.messaging.envelope import HEADER_MSG_ID, HEADER_TYPE, StreamSpec
from kartoteka_platform.messaging.nats_client import connect_when_available, ensure_stream
from kartoteka_platform.metrics import INBOX_PROCESSED
from kartoteka_platform.runtime import sleep_or_stop
from kartoteka_platform.telemetry import extract_trace_context

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)


@dataclass(frozen=True)
class IncomingEvent:
    """One event as a handler sees it."""

    event_id: str
    subject: str
    event_type: str
    headers: Mapping[str, str]
    payload: bytes


class PoisonMessage(Exception):
    """The event can never be handled (malformed, unknown type): dead-letter it at once."""


Handler = Callable[[Connection, IncomingEvent], Awaitable[None]]


class InboxConsumer:
    """Pulls events from one stream and applies `handler` exactly once per event id.

    For each message the inbox row and the handler's writes commit in one transaction, and
    the message is acked only after that commit. A crash before the commit redelivers the
    message with nothing applied; a crash after it redelivers a message whose inbox row
    already exists, so it is acked without running the handler again.
    """

    def __init__(
        self,
        db: Database,
        nats_url: str,
        *,
        name: str,
        stream: StreamSpec,
        filter_subject: str,
        handler: Handler,
        batch_size: int = 64,
        max_deliver: int = 8,
        ack_wait_seconds: float = 30.0,
    ) -> None:
        self._db = db
        self._nats_url = nats_url
        self.name = name
        self._stream = stream
        self._filter_subject = filter_subject
        self._handler = handler
        self._batch_size = batch_size
        self._max_deliver = max_deliver
        self._ack_wait = ack_wait_seconds

    async def run(self, stop: asyncio.Event) -> None:
        """Consume until `stop` is set; broker and database outages only pause it."""
        nc = await connect_when_available(self._nats_url, f"consumer-{self.name}", stop)
        if nc is None:
            return
        try:
            js = nc.jetstream()
            while not stop.is_set():
                try:
                    await self._consume(js, stop)
                except Exception as exc:
                    log.warning("consumer %s paused: %s", self.name, exc)
                    await sleep_or_stop(stop, 1.0)
        finally:
            await nc.close()

    async def _consume(self, js: JetStreamContext, stop: asyncio.Event) -> None:
        await ensure_stream(js, self._stream)
        subscription = await js.pull_subscribe(
            self._filter_subject,
            durable=self.name,
            stream=self._stream.name,
            config=ConsumerConfig(
                ack_policy=AckPolicy.EXPLICIT,
                deliver_policy=DeliverPolicy.ALL,
                ack_wait=self._ack_wait,
                max_ack_pending=self._batch_size * 4,
            ),
        )
        try:
            while not stop.is_set():
                try:
                    messages = await subscription.fetch(self._batch_size, timeout=1.0)
                except TimeoutError:
                    continue
                for message in messages:
                    await self.process(message)
        finally:
            with contextlib.suppress(Exception):
                await subscription.unsubscribe()

    async def process(self, message: Msg) -> None:
        """Apply one message (at most once per event id) and ack it."""
        headers = dict(message.headers or {})
        event = IncomingEvent(
            event_id=headers.get(HEADER_MSG_ID) or _stream_position(message),
            subject=message.subject,
            event_type=headers.get(HEADER_TYPE, message.subject),
            headers=headers,
            payload=message.data,
        )
        with tracer.start_as_current_span(
            f"process {message.subject}",
            context=extract_trace_context(headers),
            kind=SpanKind.CONSUMER,
        ) as span:
            span.set_attribute("messaging.system", "nats")
            span.set_attribute("messaging.consumer.group.name", self.name)
            span.set_attribute("messaging.message.id", event.event_id)
            try:
                applied = await self._apply(event)
            except PoisonMessage as exc:
                await self._dead_letter(event, str(exc), message)
                return
            except Exception as exc:
                span.record_exception(exc)
                await self._retry_or_dead_letter(event, exc, message)
                return
        await message.ack_sync()
        INBOX_PROCESSED.labels(self.name, "applied" if applied else "duplicate").inc()

    async def _apply(self, event: IncomingEvent) -> bool:
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO inbox (consumer, event_id) VALUES (%s, %s)"
                " ON CONFLICT DO NOTHING RETURNING 1 AS fresh",
                [self.name, event.event_id],
            )
            if await cursor.fetchone() is None:
                return False
            await self._handler(conn, event)
            return True

    async def _retry_or_dead_letter(
        self, event: IncomingEvent, exc: Exception, message: Msg
    ) -> None:
        deliveries = message.metadata.num_delivered if message.metadata else 1
        if deliveries >= self._max_deliver:
            await self._dead_letter(event, f"{type(exc).__name__}: {exc}", message)
            return
        log.warning("event %s failed (delivery %d): %s", event.event_id, deliveries, exc)
        INBOX_PROCESSED.labels(self.name, "retried").inc()
        await message.nak(delay=min(30.0, 0.5 * 2**deliveries))

    async def _dead_letter(self, event: IncomingEvent, reason: str, message: Msg) -> None:
        deliveries = message.metadata.num_delivered if message.metadata else 1
        log.error("dead-lettering event %s: %s", event.event_id, reason)
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO dead_letters"
                " (consumer, event_id, subject, headers, payload, reason, deliveries)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [
                    self.name,
                    event.event_id,
                    event.subject,
                    Jsonb(dict(event.headers)),
                    event.payload,
                    reason[:4000],
                    deliveries,
                ],
            )
        await message.ack_sync()
        INBOX_PROCESSED.labels(self.name, "dead_lettered").inc()


def _stream_position(message: Msg) -> str:
    """Fallback id for a message published without `Nats-Msg-Id`: its stream sequence."""
    if message.metadata is None:
        raise PoisonMessage("message has neither Nats-Msg-Id nor JetStream metadata")
    return f"{message.metadata.stream}:{message.metadata.sequence.stream}"
