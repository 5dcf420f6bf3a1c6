"""Writing events into the outbox, inside the caller's business transaction."""

from __future__ import annotations

import uuid

from psycopg.types.json import Jsonb

from kartoteka_platform.db import Connection
from kartoteka_platform.messaging.envelope import (
    HEADER_CONTENT_TYPE,
    HEADER_SOURCE,
    HEADER_TIME,
    HEADER_TYPE,
    PROTOBUF_CONTENT_TYPE,
    now_iso,
)
from kartoteka_platform.telemetry import inject_trace_headers


async def write_event(
    conn: Connection,
    *,
    subject: str,
    payload: bytes,
    source: str,
    event_id: uuid.UUID | None = None,
    content_type: str = PROTOBUF_CONTENT_TYPE,
) -> uuid.UUID:
    """Record one event; it is published only if the surrounding transaction commits.

    The trace context of the writer is stored with the row so the relay, which publishes
    later from another task, continues the same trace.
    """
    event_id = event_id or uuid.uuid4()
    headers = inject_trace_headers(
        {
            HEADER_TYPE: subject,
            HEADER_SOURCE: source,
            HEADER_TIME: now_iso(),
            HEADER_CONTENT_TYPE: content_type,
        }
    )
    await conn.execute(
        "INSERT INTO outbox (event_id, subject, event_type, payload, headers)"
        " VALUES (%s, %s, %s, %s, %s)",
        [event_id, subject, subject, payload, Jsonb(headers)],
    )
    return event_id
