"""The web UI's contacts page in headless Chromium: load, view switches, filters, scrolling.

    flock /tmp/kartoteka-bench.lock .venv/bin/python bench/web_contacts.py \\
        [--data-sets demo generated] [--contacts 1000000] [--keep DIR] [--rounds 20]

For each data set (the demo workspace `make up` loads, and `--contacts` generated contacts as
in bench/contacts_search.py), starts its own platform serving the built app (`--web-dist`,
default web/dist), signs in through the form, and drives Debian's Chromium with Playwright:
navigation to /contacts until interactive (cold and warm), view switches and one-click
filters until their results are shown, and scrolling 10,000 rows of the table, each with a
baseline measured in the same run. Writes bench/results/web_contacts.{json,md}; see
bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg
from _catalog import GROUP_A
from _datagen import SCHEMA
from _stack import ADMIN_EMAIL, Stack, _admin_password, running_stack
from _web_report import summary, write
from _web_rounds import VIEWPORT, Clicks, Rounds
from contacts_search import _code, _machine, prepare
from kartoteka_devstack.demo_loader import load_demo_data
from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
OPTIONS = f"-c search_path={SCHEMA},public"
# Read by the gateway (kartoteka_gateway.web); the platform's processes inherit it.
WEB_DIST_ENV = "KARTOTEKA_GATEWAY_WEB_DIST"
# The demo loader's groups (kartoteka_devstack.demo_loader): "Newsletter" holds ~40%.
DEMO_CLICKS = Clicks(group="Newsletter", region="mazowieckie")
# The generated contacts spell regions capitalised ("Mazowieckie", bench/_names.py) and the
# UI's region list in lower case, as the demo data does: that filter finds nothing
# there, so it is left out rather than timed on an empty result.
GENERATED_CLICKS = Clicks(group=GROUP_A, region=None)


def main() -> None:
    args = _arguments()
    dist = Path(args.web_dist).resolve()
    if not (dist / "index.html").is_file():
        raise SystemExit(f"{dist} holds no build: run `make web-build` first")
    os.environ[WEB_DIST_ENV] = str(dist)
    started = time.perf_counter()
    report: dict[str, Any] = {
        "benchmark": "web_contacts",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "code": {**_code(), "web": _web_status(), "web_dist": _dist_files(dist)},
        "rounds": args.rounds,
        "data_sets": [],
    }
    with sync_playwright() as playwright:
        chromium = _chromium_path()
        # Chromium's sandbox cannot start as root; the pages are our own app.
        flags = ["--no-sandbox"] if os.geteuid() == 0 else []
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=flags)
        report["browser"] = f"Chromium {browser.version}"
        for name in args.data_sets:
            with (
                _data_dir(args.keep, name) as data_dir,
                running_stack(data_dir, tune=True) as stack,
            ):
                report["data_sets"].append(_data_set(name, stack, browser, args))
        browser.close()
    report["wall_seconds"] = round(time.perf_counter() - started, 1)
    results = Path(args.results)
    print(write(report, results))
    print(f"written to {results}/web_contacts.{{json,md}}")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data-sets", nargs="+", choices=("demo", "generated"), default=["demo", "generated"]
    )
    parser.add_argument("--contacts", type=int, default=1_000_000, help="contacts to generate")
    parser.add_argument("--keep", metavar="DIR", help="data dirs to create or reuse (DIR/<set>)")
    parser.add_argument("--rounds", type=int, default=20, help="timed rounds per data set")
    parser.add_argument("--scroll-rows", type=int, default=10_000)
    parser.add_argument("--scroll-runs", type=int, default=3, help="table scrolls per data set")
    parser.add_argument("--web-dist", default=str(ROOT / "web" / "dist"), help="the app build")
    parser.add_argument("--results", default=str(RESULTS_DIR), help="where to write results")
    return parser.parse_args()


@contextmanager
def _data_dir(keep: str | None, name: str) -> Iterator[Path]:
    """DIR/<set> kept across runs, or a temporary dir removed after a successful run."""
    if keep:
        path = Path(keep) / name
        path.mkdir(parents=True, exist_ok=True)
        yield path
        return
    path = Path(tempfile.mkdtemp(prefix=f"kartoteka-bench-web-{name}-"))
    print(f"data dir: {path}", flush=True)
    yield path  # a failed run keeps it, logs included
    shutil.rmtree(path, ignore_errors=True)


def _data_set(
    name: str, stack: Stack, browser: Browser, args: argparse.Namespace
) -> dict[str, Any]:
    clicks = _load_demo(stack) if name == "demo" else _load_generated(stack, args.contacts)
    contacts = _contact_count(stack)
    print(f"{name}: {contacts:,} contacts; {args.rounds} rounds", flush=True)
    load = [os.getloadavg()[0]]
    rounds = Rounds(browser, stack.gateway_url, _signed_in(browser, stack), clicks)
    rounds.warm_up()
    try:
        for number in range(args.rounds):
            rounds.round()
            load.append(os.getloadavg()[0])
            print(f"  round {number + 1}/{args.rounds}, load {load[-1]:.1f}", flush=True)
        for _ in range(args.scroll_runs):
            rounds.scroll("table", args.scroll_rows)
            rounds.static_scroll(args.scroll_rows)
            load.append(os.getloadavg()[0])
            print(f"  scrolled the table and the baseline, load {load[-1]:.1f}", flush=True)
        rounds.scroll("list", args.scroll_rows)
    except Exception:
        rounds.page.screenshot(path=stack.data_dir / "web-failure.png")
        raise
    finally:
        rounds.close()
    return {
        "name": name,
        "contacts": contacts,
        "load_average": [round(value, 2) for value in load],
        "clicks": vars(clicks),
        "figures": summary(rounds.samples, args.scroll_rows),
    }


def _load_demo(stack: Stack) -> Clicks:
    """The demo workspace of `make up`, loaded once per data dir through the API."""
    marker = stack.data_dir / "demo-data-loaded"
    if not marker.exists():
        print("  loading the demo data", flush=True)
        # In a thread of its own: sync Playwright runs an event loop in this one.
        with ThreadPoolExecutor(max_workers=1) as pool:
            count = pool.submit(
                asyncio.run, load_demo_data(stack.gateway_url, stack.token)
            ).result()
        marker.write_text(f"{count}\n")
    return DEMO_CLICKS


def _load_generated(stack: Stack, count: int) -> Clicks:
    """Fields, groups and contacts exactly as bench/contacts_search.py makes them."""
    headers = {"Authorization": f"Bearer {stack.token}"}
    with (
        httpx.Client(base_url=stack.gateway_url, headers=headers, timeout=60) as api,
        psycopg.connect(stack.urls.database_url, options=OPTIONS) as conn,
    ):
        prepare(stack, api, conn, count)
    return GENERATED_CLICKS


def _contact_count(stack: Stack) -> int:
    with psycopg.connect(stack.urls.database_url, options=OPTIONS) as conn:
        row = conn.execute("SELECT count(*) FROM contact WHERE deleted_at IS NULL").fetchone()
    return int(row[0]) if row else 0


def _signed_in(browser: Browser, stack: Stack) -> Any:
    """Sign in through the form once; every context of the run starts with that session."""
    context = browser.new_context(base_url=stack.gateway_url, viewport=VIEWPORT, locale="en-US")
    try:
        page = context.new_page()
        page.goto("/login")
        page.get_by_label("Email").fill(ADMIN_EMAIL)
        page.get_by_label("Password").fill(_admin_password(stack.data_dir))
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("button", name="Sign out").wait_for()
        return context.storage_state()
    finally:
        context.close()


def _chromium_path() -> str:
    """Debian's Chromium, found or installed by scripts/chromium.sh (as the browser tests)."""
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "chromium.sh")], capture_output=True, text=True, check=True
    )
    return result.stdout.strip().splitlines()[-1]


def _web_status() -> list[str]:
    """Files of the app that differed from the commit when the run started."""
    result = subprocess.run(
        ["git", "status", "--porcelain", "--", "web"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return [line[3:] for line in result.stdout.splitlines()]


def _dist_files(dist: Path) -> dict[str, int]:
    """The build measured: its files and their sizes in bytes."""
    return {
        str(path.relative_to(dist)): path.stat().st_size
        for path in sorted(dist.rglob("*"))
        if path.is_file()
    }


if __name__ == "__main__":
    main()
