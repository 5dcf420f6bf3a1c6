"""Contact list search at scale: each query shape through the gateway vs its raw SQL.

    .venv/bin/python bench/contacts_search.py [--contacts 1000000] [--keep DIR]

Starts its own embedded PostgreSQL 18, NATS, Redis and every platform process in a data dir
(a temporary one, or DIR kept across runs so the contacts are generated once), defines custom
fields and groups through the gateway, generates the contacts with set-based SQL, waits for
the field indexes, then times every shape and contact creation. Writes
bench/results/contacts_search.{json,md} and prints the table. See bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import subprocess
import tempfile
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import grpc
import httpx
import psycopg
from _catalog import GROUPS
from _create import measure_create
from _datagen import SCHEMA, generate, generated_count
from _measure import Clients, ShapeResult, measure_shape
from _raw import RawSearch
from _report import create_json, shape_json, write
from _setup import create_groups, define_custom_fields, wait_for_field_indexes
from _shapes import Shape, shapes
from _stack import Stack, running_stack
from kartoteka.contacts.v1.contacts_service_pb2_grpc import ContactsServiceStub
from kartoteka_contacts.domain.custom_fields import FieldDefinition
from kartoteka_contacts.store import custom_fields as field_store
from psycopg import sql
from psycopg.rows import dict_row

RESULTS_DIR = Path(__file__).resolve().parent / "results"
OPTIONS = f"-c search_path={SCHEMA},public"


def main() -> None:
    args = _arguments()
    data_dir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kartoteka-bench-"))
    print(f"data dir: {data_dir}", flush=True)
    started = time.perf_counter()
    code = _code()  # before the processes start: what they run
    with running_stack(data_dir, tune=not args.no_tune) as stack:
        report = {**_run(stack, args), "code": code}
    if not args.keep:  # ~3 GB at a million contacts; a failed run keeps it, logs included
        shutil.rmtree(data_dir, ignore_errors=True)
    report["wall_seconds"] = round(time.perf_counter() - started, 1)
    results = Path(args.results)
    print(write(report, results))
    print(f"written to {results}/contacts_search.{{json,md}}")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contacts", type=int, default=1_000_000, help="contacts to generate")
    parser.add_argument("--keep", metavar="DIR", help="data dir to create or reuse")
    parser.add_argument("--runs", type=int, default=50, help="timed requests per shape")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per shape")
    parser.add_argument("--creates", type=int, default=500, help="contacts created per path")
    parser.add_argument("--no-tune", action="store_true", help="keep PostgreSQL's defaults")
    parser.add_argument("--results", default=str(RESULTS_DIR), help="where to write results")
    return parser.parse_args()


def _run(stack: Stack, args: argparse.Namespace) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {stack.token}"}
    with (
        httpx.Client(base_url=stack.gateway_url, headers=headers, timeout=60) as api,
        grpc.insecure_channel(stack.contacts_address) as channel,
        psycopg.connect(stack.urls.database_url, options=OPTIONS) as conn,
    ):
        clients = Clients(api, ContactsServiceStub(channel), conn)
        groups, index_wait, generation = prepare(stack, api, conn, args.contacts)
        definitions = asyncio.run(_definitions(stack.urls.database_url))
        results = [_shape(clients, shape, definitions, args) for shape in shapes(groups)]
        print("  timing contact creation", flush=True)
        create = measure_create(clients, runs=args.creates, warmup=args.warmup)
        return {
            "benchmark": "contacts_search",
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": _machine(),
            "postgres": stack.settings,
            "counts": _counts(conn),
            "sizes_mib": _sizes(conn),
            "generation_seconds": generation,
            "field_index_wait_seconds": index_wait,
            "runs": args.runs,
            "warmup": args.warmup,
            "shapes": [shape_json(result) for result in results],
            "create": create_json(create),
        }


def prepare(
    stack: Stack, api: httpx.Client, conn: psycopg.Connection[Any], count: int
) -> tuple[dict[str, UUID], float, dict[str, Any]]:
    """Custom fields, groups and `count` generated contacts, every field index ready: the
    groups by name, seconds waited for the indexes on the empty table, generation timings."""
    define_custom_fields(api)
    groups = create_groups(api, _existing_groups(conn))
    # Built on the empty table first: a concurrent build must not race the bulk load.
    index_wait = wait_for_field_indexes(api)
    generation = _generate(stack, count, [groups[g.name] for g in GROUPS])
    wait_for_field_indexes(api)
    return groups, index_wait, generation


def _generate(stack: Stack, count: int, group_ids: list[Any]) -> dict[str, Any]:
    """Seconds per generation phase: of this run, or of the run that made a kept data dir."""
    kept = stack.data_dir / "bench-generation.json"
    with psycopg.connect(stack.urls.database_url, autocommit=True, options=OPTIONS) as conn:
        existing = generated_count(conn)
        if existing == count:
            print(f"  reusing the {existing:,} contacts generated earlier", flush=True)
            earlier = json.loads(kept.read_text()) if kept.exists() else {}
            return {**earlier, "reused": True}
        if existing:
            raise SystemExit(f"{existing:,} contacts were generated here, not {count:,}")
        print(f"  generating {count:,} contacts", flush=True)
        shares = [spec.share for spec in GROUPS]
        timings: dict[str, Any] = dict(
            generate(conn, count, list(zip(group_ids, shares, strict=True)))
        )
    timings["total"] = round(sum(timings.values()), 2)
    timings["generated_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    kept.write_text(json.dumps(timings))
    return timings


async def _definitions(database_url: str) -> Mapping[str, FieldDefinition]:
    """The field definitions, read by the service's own store function."""
    async with await psycopg.AsyncConnection.connect(
        database_url, options=OPTIONS, row_factory=dict_row
    ) as conn:
        return await field_store.definitions(conn)


def _existing_groups(conn: psycopg.Connection[Any]) -> dict[str, UUID]:
    rows = conn.execute("SELECT name, id FROM contact_group WHERE deleted_at IS NULL").fetchall()
    conn.rollback()
    return dict(rows)


def _shape(
    clients: Clients,
    shape: Shape,
    definitions: Mapping[str, FieldDefinition],
    args: argparse.Namespace,
) -> ShapeResult:
    print(f"  timing {shape.name}", flush=True)
    raw = RawSearch(clients.conn, shape.filter, definitions)
    return measure_shape(clients, shape, raw, runs=args.runs, warmup=args.warmup)


def _counts(conn: psycopg.Connection[Any]) -> dict[str, int]:
    tables = ("contact", "contact_identity", "group_membership", "contact_group", "custom_field")
    names = ("contacts", "contact_identity", "group_membership", "groups", "custom_fields")
    counts = {}
    for name, table in zip(names, tables, strict=True):
        query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
        row = conn.execute(query).fetchone()
        counts[name] = int(row[0]) if row else 0
    conn.rollback()
    return counts


def _sizes(conn: psycopg.Connection[Any]) -> dict[str, float]:
    rows = conn.execute(
        "SELECT c.relname, pg_relation_size(c.oid) FROM pg_class c"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = %s AND c.relkind IN ('r', 'i') AND pg_relation_size(c.oid) > 1048576"
        " ORDER BY 2 DESC",
        [SCHEMA],
    ).fetchall()
    conn.rollback()
    return {name: round(size / 1048576, 1) for name, size in rows}


def _machine() -> dict[str, Any]:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {
        "host": platform.node(),
        "cpu": _cpu_model(),
        "cpus": os.cpu_count(),
        "memory_gib": round(memory / 2**30, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
    }


def _code() -> dict[str, Any]:
    """The commit measured, and the files that differed from it (others edit as we run)."""
    root = Path(__file__).resolve().parent.parent

    def git(*args: str) -> str:
        result = subprocess.run(
            ["git", *args], check=False, cwd=root, capture_output=True, text=True
        )
        # Not strip(): a porcelain line starts with a space (" M path") that [3:] counts on.
        return result.stdout.rstrip("\n")

    changed = git("status", "--porcelain", "--", "services", "libs").splitlines()
    return {"commit": git("rev-parse", "HEAD"), "uncommitted": [line[3:] for line in changed]}


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


if __name__ == "__main__":
    main()
