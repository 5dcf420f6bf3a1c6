"""Timing loops: each query shape through the gateway and as raw SQL, interleaved."""

from __future__ import annotations

import math
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import psycopg
from _raw import PAGE_SIZE, RawSample, RawSearch
from _shapes import Shape


@dataclass(frozen=True)
class Stats:
    """Milliseconds: median, 95th percentile (nearest rank) and maximum."""

    p50: float
    p95: float
    max: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Stats:
        ordered = sorted(samples)
        return cls(_rank(ordered, 0.50), _rank(ordered, 0.95), round(ordered[-1], 2))


def _rank(ordered: Sequence[float], quantile: float) -> float:
    return round(ordered[max(0, math.ceil(quantile * len(ordered)) - 1)], 2)


@dataclass(frozen=True)
class ShapeResult:
    """A shape's figures: the gateway request, the raw SQL of that request, and the total."""

    shape: Shape
    gateway: Stats
    raw_request: Stats
    raw_page: Stats
    raw_total: Stats
    total: int
    total_is_estimate: bool
    rows: int
    page_sql: str
    plans: dict[str, str]
    # 1-minute load average before and after: other work on the machine skews the figures.
    load: tuple[float, float]


def measure_shape(
    api: httpx.Client,
    conn: psycopg.Connection[Any],
    shape: Shape,
    raw: RawSearch,
    *,
    runs: int,
    warmup: int,
) -> ShapeResult:
    """Warm both paths up, then `runs` gateway requests each followed by its raw SQL."""
    body = {"filter": shape.filter, "page_size": PAGE_SIZE}
    load_before = os.getloadavg()[0]
    for _ in range(warmup):
        _search(api, body)
        raw.run(conn)
    gateway_ms: list[float] = []
    samples: list[RawSample] = []
    reply: dict[str, Any] = {}
    for _ in range(runs):
        elapsed, reply = _search(api, body)
        gateway_ms.append(elapsed)
        samples.append(raw.run(conn))
    last = samples[-1]
    if (reply["total"], reply["total_is_estimate"]) != (last.total, last.is_estimate):
        print(f"  note: {shape.name}: gateway total {reply['total']} vs raw {last.total}")
    return ShapeResult(
        shape=shape,
        gateway=Stats.of(gateway_ms),
        raw_request=Stats.of([s.request_ms for s in samples]),
        raw_page=Stats.of([s.page_ms for s in samples]),
        raw_total=Stats.of([s.total_ms for s in samples]),
        total=int(reply["total"]),
        total_is_estimate=bool(reply["total_is_estimate"]),
        rows=len(reply["items"]),
        page_sql=raw.page_sql,
        plans=raw.explain(conn),
        load=(round(load_before, 2), round(os.getloadavg()[0], 2)),
    )


def _search(api: httpx.Client, body: dict[str, Any]) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    response = api.post("/api/v1/contacts/search", json=body)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"search failed: {response.status_code} {response.text}")
    reply: dict[str, Any] = response.json()
    return elapsed, reply
