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
                await self._process_fetched(messages)
        finally:
            with contextlib.suppress(Exception):
                await subscription.unsubscribe()

    async def _process_fetched(self, messages: list[Msg]) -> None:
        for message in messages:
            await self.process(message)

    async def process(self, message: Msg) -> None:
        """Apply one message (at most once per event id) and ack it."""
        event = _incoming(message)
        with tracer.start_as_current_span(
            f"process {message.subject}",
            context=extract_trace_context(event.headers),
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


BatchHandler = Callable[[Connection, list[IncomingEvent]], Awaitable[None]]


class BatchInboxConsumer(InboxConsumer):
    """An InboxConsumer that applies each fetched batch in one transaction and one handler call.

    The inbox rows of the batch and the handler's writes commit together, then every message
    is acked: the same exactly-once guarantee as one message at a time, with one commit and
    one handler call (so one round trip to another service) per batch instead of per event.
    When a batch fails for any reason (a poison message, an outage), its messages go through
    the one-at-a-time path, which dead-letters the poison ones and retries the others.
    """

    def __init__(
        self,
        db: Database,
        nats_url: str,
        *,
        name: str,
        stream: StreamSpec,
        filter_subject: str,
        batch_handler: BatchHandler,
        batch_size: int = 64,
        max_deliver: int = 8,
        ack_wait_seconds: float = 30.0,
    ) -> None:
        async def one(conn: Connection, event: IncomingEvent) -> None:
            await batch_handler(conn, [event])

        super().__init__(
            db,
            nats_url,
            name=name,
            stream=stream,
            filter_subject=filter_subject,
            handler=one,
            batch_size=batch_size,
            max_deliver=max_deliver,
            ack_wait_seconds=ack_wait_seconds,
        )
        self._batch_handler = batch_handler

    async def _process_fetched(self, messages: list[Msg]) -> None:
        if len(messages) == 1:
            await self.process(messages[0])
            return
        try:
            with tracer.start_as_current_span(
                f"process batch {self._filter_subject}", kind=SpanKind.CONSUMER
            ) as span:
                span.set_attribute("messaging.system", "nats")
                span.set_attribute("messaging.consumer.group.name", self.name)
                span.set_attribute("messaging.batch.message_count", len(messages))
                events = [_incoming(message) for message in messages]
                fresh = await self._apply_batch(events)
        except Exception as exc:
            log.info("batch of %d failed (%s), one at a time", len(messages), exc)
            for message in messages:
                await self.process(message)
            return
        await asyncio.gather(*(message.ack_sync() for message in messages))
        INBOX_PROCESSED.labels(self.name, "applied").inc(fresh)
        INBOX_PROCESSED.labels(self.name, "duplicate").inc(len(messages) - fresh)

    async def _apply_batch(self, events: list[IncomingEvent]) -> int:
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO inbox (consumer, event_id) SELECT %s, unnest(%s::text[])"
                " ON CONFLICT DO NOTHING RETURNING event_id",
                [self.name, [event.event_id for event in events]],
            )
            inserted = {row["event_id"] for row in await cursor.fetchall()}
            # A batch may carry one event twice (a redelivery): the first copy is applied.
            fresh = []
            for event in events:
                if event.event_id in inserted:
                    inserted.discard(event.event_id)
                    fresh.append(event)
            if fresh:
                await self._batch_handler(conn, fresh)
            return len(fresh)


def _incoming(message: Msg) -> IncomingEvent:
    headers = dict(message.headers or {})
    return IncomingEvent(
        event_id=headers.get(HEADER_MSG_ID) or _stream_position(message),
        subject=message.subject,
        event_type=headers.get(HEADER_TYPE, message.subject),
        headers=headers,
        payload=message.data,
    )


def _stream_position(message: Msg) -> str:
    """Fallback id for a message published without `Nats-Msg-Id`: its stream sequence."""
    if message.metadata is None:
        raise PoisonMessage("message has neither Nats-Msg-Id nor JetStream metadata")
    return f"{message.metadata.stream}:{message.metadata.sequence.stream}"
