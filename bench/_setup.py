"""Custom fields and groups, defined through the gateway API as an administrator would."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any
from uuid import UUID

import httpx
from _catalog import CUSTOM_FIELDS, GROUPS


def define_custom_fields(api: httpx.Client) -> None:
    """Create the benchmark's custom fields; fields an earlier run created stay as they are."""
    existing = {field["key"] for field in _get(api, "/api/v1/custom-fields")}
    for position, field in enumerate(CUSTOM_FIELDS):
        if field["key"] not in existing:
            _post(api, "/api/v1/custom-fields", {**field, "position": position})


def create_groups(api: httpx.Client, existing: Mapping[str, UUID]) -> dict[str, UUID]:
    """Create the benchmark's groups not in `existing` (an earlier run's); ids by name.

    `existing` comes from the database: GET /api/v1/groups counts every membership of every
    group and takes longer than the gateway's 3 s deadline at 3 million memberships.
    """
    found = dict(existing)
    for position, spec in enumerate(GROUPS):
        if spec.name not in found:
            created = _post(api, "/api/v1/groups", {"name": spec.name, "position": position})
            found[spec.name] = UUID(created["id"])
    return {spec.name: found[spec.name] for spec in GROUPS}


def wait_for_field_indexes(api: httpx.Client, timeout: float = 1800.0) -> float:
    """Until every filterable field's index is `ready`; returns the seconds waited."""
    started = time.perf_counter()
    while True:
        fields = _get(api, "/api/v1/custom-fields")
        pending = {f["key"]: f["index_state"] for f in fields if f["filterable"]}
        pending = {key: state for key, state in pending.items() if state != "ready"}
        failed = {f["key"]: f["index_error"] for f in fields if f["index_state"] == "failed"}
        if failed:
            raise RuntimeError(f"field indexes failed to build: {failed}")
        if not pending:
            return round(time.perf_counter() - started, 2)
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"field indexes not ready: {pending}")
        time.sleep(0.5)


def _get(api: httpx.Client, path: str) -> list[dict[str, Any]]:
    response = api.get(path)
    response.raise_for_status()
    body: list[dict[str, Any]] = response.json()
    return body


def _post(api: httpx.Client, path: str, body: dict[str, object]) -> dict[str, str]:
    response = api.post(path, json=body)
    if response.status_code >= 400:
        raise RuntimeError(f"POST {path} failed: {response.status_code} {response.text}")
    created: dict[str, str] = response.json()
    return created
