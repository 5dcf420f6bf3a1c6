"""`make up`: infrastructure, migrations, every service, demo data, then wait for Ctrl-C."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import secrets
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import httpx
from kartoteka_platform.migrations.cli import migrate_all

from kartoteka_devstack.demo_loader import load_demo_data
from kartoteka_devstack.infra import EmbeddedInfra, InfraUrls
from kartoteka_devstack.platform import Platform, PlatformPorts

log = logging.getLogger("kartoteka.up")
DEFAULT_ADMIN_EMAIL = "admin@kartoteka.local"


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per demo request otherwise
    data_dir = Path(os.environ.get("KARTOTEKA_DATA_DIR", ".kartoteka")).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    stop_requested = _install_signal_handlers()
    secrets_file = data_dir / "secrets.json"
    first_start = not secrets_file.exists()
    stored = _load_or_create_secrets(secrets_file)
    infra = None
    urls = _configured_urls()
    if urls is None:
        log.info("starting embedded PostgreSQL, NATS and Redis in %s", data_dir)
        infra = EmbeddedInfra(data_dir / "infra")
        urls = infra.start()
    platform: Platform | None = None
    try:
        log.info("applying migrations")
        migrate_all(urls.database_url)
        port = int(os.environ.get("KARTOTEKA_GATEWAY_PORT", "8000"))
        platform = Platform(
            urls,
            PlatformPorts.allocate(gateway=port),
            data_dir / "logs",
            {
                "KARTOTEKA_GATEWAY_TOKEN_SECRET": stored["token_secret"],
                "KARTOTEKA_ADMIN_EMAIL": stored["admin_email"],
                "KARTOTEKA_ADMIN_PASSWORD": stored["admin_password"],
            },
        )
        log.info("starting the services (logs in %s)", platform.log_dir)
        platform.start()
        _seed_once(platform, data_dir, stored)
        _banner(platform, stored, secrets_file, show_password=first_start)
        while not stop_requested():
            crashed = platform.crashed()
            if crashed:
                for name in crashed:
                    log.error("%s exited; its log ends with:\n%s", name, platform.log_tail(name))
                sys.exit(1)
            time.sleep(0.5)
    finally:
        log.info("stopping")
        if platform is not None:
            platform.stop()
        if infra is not None:
            infra.stop()
        log.info("stopped; data kept in %s", data_dir)


def _configured_urls() -> InfraUrls | None:
    names = ("KARTOTEKA_DATABASE_URL", "KARTOTEKA_NATS_URL", "KARTOTEKA_REDIS_URL")
    values = [os.environ.get(name) for name in names]
    if not any(values):
        return None
    missing = [name for name, value in zip(names, values, strict=True) if not value]
    if missing:
        sys.exit(f"set all three infrastructure URLs or none; missing: {', '.join(missing)}")
    database_url, nats_url, redis_url = (value or "" for value in values)
    return InfraUrls(database_url, nats_url, redis_url)


def _load_or_create_secrets(path: Path) -> dict[str, str]:
    """The token key and the first admin's login, generated once and kept in the data dir."""
    stored: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    stored.setdefault("token_secret", secrets.token_urlsafe(48))
    stored.setdefault("admin_email", DEFAULT_ADMIN_EMAIL)
    stored.setdefault("admin_password", secrets.token_urlsafe(12))
    # Explicit settings win over what was generated (and are not written to disk).
    effective = dict(stored)
    effective["admin_email"] = os.environ.get("KARTOTEKA_ADMIN_EMAIL", stored["admin_email"])
    effective["admin_password"] = os.environ.get(
        "KARTOTEKA_ADMIN_PASSWORD", stored["admin_password"]
    )
    path.write_text(json.dumps(stored, indent=2))
    path.chmod(0o600)
    return effective


def _seed_once(platform: Platform, data_dir: Path, stored: dict[str, str]) -> None:
    marker = data_dir / "demo-data-loaded"
    if marker.exists():
        return
    log.info("loading demo data (first start)")
    token = (
        httpx.post(
            f"{platform.gateway_url}/api/v1/auth/token",
            json={"username": stored["admin_email"], "password": stored["admin_password"]},
            timeout=10,
        )
        .raise_for_status()
        .json()["access_token"]
    )
    count = asyncio.run(load_demo_data(platform.gateway_url, token))
    marker.write_text(f"{count}\n")
    log.info("loaded %d demo contacts", count)


def _banner(
    platform: Platform, stored: dict[str, str], secrets_file: Path, *, show_password: bool
) -> None:
    password = stored["admin_password"] if show_password else f"(kept in {secrets_file})"
    print(
        f"\n  Kartoteka is running at {platform.gateway_url}\n"
        f"  API docs:  {platform.gateway_url}/docs\n"
        f"  Admin:     {stored['admin_email']}\n"
        f"  Password:  {password}\n"
        "  Press Ctrl-C to stop.\n",
        flush=True,
    )


def _install_signal_handlers() -> Callable[[], bool]:
    requested = {"stop": False}

    def handler(signum: int, frame: FrameType | None) -> None:
        requested["stop"] = True

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
    return lambda: requested["stop"]
