"""Prometheus metrics shared by every process, and the `/metrics` endpoint of non-HTTP ones."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram, start_http_server

GRPC_HANDLED = Counter(
    "grpc_server_handled_total",
    "RPCs completed by the server, by method and status code.",
    ["grpc_service", "grpc_method", "grpc_code"],
)
GRPC_LATENCY = Histogram(
    "grpc_server_handling_seconds",
    "Time the server spent on an RPC.",
    ["grpc_service", "grpc_method"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
OUTBOX_PENDING = Gauge("outbox_pending_rows", "Outbox rows not yet published.", ["schema"])
OUTBOX_PUBLISHED = Counter("outbox_published_total", "Events published by the relay.", ["schema"])
OUTBOX_FAILURES = Counter(
    "outbox_publish_failures_total", "Publish attempts that failed and will be retried.", ["schema"]
)
INBOX_PROCESSED = Counter(
    "inbox_processed_total",
    "Events a consumer handled, by outcome (applied, duplicate, retried, dead_lettered).",
    ["consumer", "outcome"],
)


def serve_metrics(port: int) -> None:
    """Expose the default registry on `port` (any path answers; probes use `/metrics`)."""
    start_http_server(port, addr="0.0.0.0")
