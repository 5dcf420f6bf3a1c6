"""JSON logs on stderr, each record carrying the trace and span id of the active span."""

from __future__ import annotations

import logging
import sys

from opentelemetry import trace
from pythonjsonlogger.json import JsonFormatter


class _TraceContextFilter(logging.Filter):
    """Adds `trace_id` and `span_id` of the current span so logs join traces."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            record.trace_id = format(context.trace_id, "032x")
            record.span_id = format(context.span_id, "016x")
        return True


def configure_logging(service: str, level: str = "INFO") -> None:
    """Route every logger to one JSON handler on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_TraceContextFilter())
    handler.setFormatter(
        JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            static_fields={"service": service},
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Their INFO lines are per-request noise; warnings still come through.
    for noisy in ("httpx", "uvicorn.access", "nats"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
