"""Timing loops: each query shape through the gateway, the contacts service and raw SQL."""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
import psycopg
from _raw import PAGE_SIZE, RawSample, RawSearch
from _shapes import Shape
from kartoteka.contacts.v1 import contacts_service_pb2 as pb
from kartoteka.contacts.v1.contacts_service_pb2_grpc import ContactsServiceStub
from kartoteka_platform.request_context import ACTOR_METADATA_KEY

# Who the direct gRPC calls act as (the gateway sends the caller's account id).
ACTOR: tuple[tuple[str, str | bytes], ...] = ((ACTOR_METADATA_KEY, "bench"),)


@dataclass(frozen=True)
class Clients:
    """The three ways in: REST through the gateway, gRPC to contacts, SQL to PostgreSQL."""

    api: httpx.Client
    contacts: ContactsServiceStub
    conn: psycopg.Connection[Any]


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
class Total:
    """A total as an endpoint returned it."""

    value: int
    is_estimate: bool


@dataclass(frozen=True)
class ShapeResult:
    """A shape's figures: its page and its total, each through the API and as raw SQL."""

    shape: Shape
    gateway: Stats
    service: Stats
    raw_request: Stats
    raw_page: Stats
    raw_total: Stats
    page_total: Total
    count_gateway: Stats
    count_raw: Stats
    # None when every POST /contacts/count failed; `count_errors` says how many did.
    count_total: Total | None
    count_errors: int
    estimate_rows: int
    exact_rows: int
    rows: int
    page_sql: str
    plans: dict[str, str]
    # 1-minute load average before and after: other work on the machine skews the figures.
    load: tuple[float, float]


@dataclass
class _Samples:
    gateway: list[float] = field(default_factory=list)
    service: list[float] = field(default_factory=list)
    raw: list[RawSample] = field(default_factory=list)
    count_gateway: list[float] = field(default_factory=list)
    count_raw: list[float] = field(default_factory=list)
    count_errors: list[str] = field(default_factory=list)


def measure_shape(
    clients: Clients, shape: Shape, raw: RawSearch, *, runs: int, warmup: int
) -> ShapeResult:
    """Warm every path up, then `runs` rounds of: the page through the gateway, through gRPC
    and as raw SQL, then the total through POST /contacts/count and as a raw count(*)."""
    load_before = os.getloadavg()[0]
    _round(clients, shape, raw, _Samples(), warmup)
    samples = _Samples()
    page_reply, count_reply = _round(clients, shape, raw, samples, runs)
    load_after = os.getloadavg()[0]
    estimate, exact = raw.counts(clients.conn)
    return ShapeResult(
        shape=shape,
        gateway=Stats.of(samples.gateway),
        service=Stats.of(samples.service),
        raw_request=Stats.of([s.request_ms for s in samples.raw]),
        raw_page=Stats.of([s.page_ms for s in samples.raw]),
        raw_total=Stats.of([s.total_ms for s in samples.raw]),
        page_total=_total(page_reply),
        count_gateway=Stats.of(samples.count_gateway),
        count_raw=Stats.of(samples.count_raw),
        count_total=_total(count_reply) if count_reply else None,
        count_errors=len(samples.count_errors),
        estimate_rows=estimate,
        exact_rows=exact,
        rows=len(page_reply["items"]),
        page_sql=raw.page_sql,
        plans=raw.explain(clients.conn),
        load=(round(load_before, 2), round(load_after, 2)),
    )


def _round(
    clients: Clients, shape: Shape, raw: RawSearch, samples: _Samples, runs: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    search = {"filter": shape.filter, "page_size": PAGE_SIZE}
    count = {"filter": shape.filter}
    request = pb.SearchContactsRequest(
        filter_json=json.dumps(shape.filter) if shape.filter is not None else "",
        page_size=PAGE_SIZE,
    )
    page_reply: dict[str, Any] = {}
    count_reply: dict[str, Any] = {}
    for _ in range(runs):
        elapsed, page_reply = _post(clients.api, "/api/v1/contacts/search", search)
        samples.gateway.append(elapsed)
        samples.service.append(_call(clients.contacts, request))
        samples.raw.append(raw.page(clients.conn))
        elapsed, response = _timed(clients.api, "/api/v1/contacts/count", count)
        samples.count_gateway.append(elapsed)
        if response.status_code == 200:
            count_reply = response.json()
        else:  # counted as a failure of the total target, and reported
            samples.count_errors.append(f"{response.status_code} {response.text[:300]}")
        samples.count_raw.append(raw.count(clients.conn))
    if samples.count_errors:
        print(f"  {len(samples.count_errors)} failed counts, e.g. {samples.count_errors[0]}")
    return page_reply, count_reply


def _total(reply: dict[str, Any]) -> Total:
    return Total(int(reply["total"]), bool(reply["total_is_estimate"]))


def _post(api: httpx.Client, path: str, body: dict[str, Any]) -> tuple[float, dict[str, Any]]:
    elapsed, response = _timed(api, path, body)
    if response.status_code != 200:
        raise RuntimeError(f"POST {path} failed: {response.status_code} {response.text}")
    reply: dict[str, Any] = response.json()
    return elapsed, reply


def _timed(api: httpx.Client, path: str, body: dict[str, Any]) -> tuple[float, httpx.Response]:
    started = time.perf_counter()
    response = api.post(path, json=body)
    return (time.perf_counter() - started) * 1000, response


def _call(contacts: ContactsServiceStub, request: pb.SearchContactsRequest) -> float:
    started = time.perf_counter()
    contacts.SearchContacts(request, metadata=ACTOR, timeout=60)
    return (time.perf_counter() - started) * 1000
