"""OpenTelemetry tracing: one provider per process, W3C trace context across every hop."""

from __future__ import annotations

import os
from collections.abc import Mapping

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

_configured = False


def setup_tracing(service: str) -> None:
    """Install the tracer provider; spans are exported over OTLP/HTTP when an endpoint is set.

    The exporter follows the standard `OTEL_EXPORTER_OTLP_ENDPOINT` variable, so the same
    image works with any collector. Without it spans are still created (trace ids reach the
    logs and the NATS headers) but go nowhere.
    """
    global _configured  # noqa: PLW0603 - one provider per process, set once
    if _configured:
        return
    provider = TracerProvider(
        resource=Resource.create({SERVICE_NAME: os.environ.get("OTEL_SERVICE_NAME", service)})
    )
    if os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or os.environ.get(
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
    ):
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    # Statement spans under each request; must run before the first connection is opened.
    from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor

    PsycopgInstrumentor().instrument(enable_commenter=False)
    _configured = True


def shutdown_tracing() -> None:
    """Flush pending spans; called on a clean stop so the last requests are not lost."""
    provider = trace.get_tracer_provider()
    if isinstance(provider, TracerProvider):
        provider.shutdown()


def inject_trace_headers(headers: dict[str, str]) -> dict[str, str]:
    """Write the active context (`traceparent`, `tracestate`) into message headers."""
    propagate.inject(headers)
    return headers


def extract_trace_context(headers: Mapping[str, str] | None) -> otel_context.Context:
    """Read a context written by `inject_trace_headers` (or any W3C-speaking producer)."""
    return propagate.extract(dict(headers or {}))


def current_trace_id() -> str | None:
    """The active trace id as 32 hex digits, or None outside a span."""
    span_context = trace.get_current_span().get_span_context()
    return format(span_context.trace_id, "032x") if span_context.is_valid else None
