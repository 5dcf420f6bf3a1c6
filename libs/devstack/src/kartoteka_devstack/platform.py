"""Starts every Kartoteka process against given infrastructure, and stops them cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from kartoteka_devstack.infra import InfraUrls
from kartoteka_devstack.ports import free_port, wait_for_port


@dataclass
class ProcessSpec:
    """One service process: its command and the environment it adds."""

    name: str
    command: list[str]
    env: dict[str, str] = field(default_factory=dict)
    ready_port: int | None = None


@dataclass(frozen=True)
class PlatformPorts:
    gateway: int
    contacts_grpc: int
    segmentation_grpc: int
    metrics: dict[str, int]

    @classmethod
    def allocate(cls, gateway: int | None = None) -> PlatformPorts:
        names = (
            "gateway",
            "contacts",
            "contacts-relay",
            "contacts-worker",
            "segmentation",
            "segmentation-relay",
            "segmentation-worker",
        )
        return cls(
            gateway=gateway or free_port(),
            contacts_grpc=free_port(),
            segmentation_grpc=free_port(),
            metrics={name: free_port() for name in names},
        )


def _bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def process_specs(ports: PlatformPorts) -> list[ProcessSpec]:
    """Every process of the platform, in start order (services before the gateway)."""
    contacts_env = {"KARTOTEKA_CONTACTS_GRPC_PORT": str(ports.contacts_grpc)}
    segmentation_env = {
        "KARTOTEKA_SEGMENTATION_GRPC_PORT": str(ports.segmentation_grpc),
        "KARTOTEKA_SEGMENTATION_CONTACTS_ADDRESS": f"127.0.0.1:{ports.contacts_grpc}",
    }

    def metrics(service: str, process: str) -> dict[str, str]:
        return {f"KARTOTEKA_{service.upper()}_METRICS_PORT": str(ports.metrics[process])}

    return [
        ProcessSpec(
            "contacts",
            [_bin("kartoteka-contacts"), "serve"],
            {**contacts_env, **metrics("contacts", "contacts")},
            ports.contacts_grpc,
        ),
        ProcessSpec(
            "contacts-relay",
            [_bin("kartoteka-contacts"), "relay"],
            metrics("contacts", "contacts-relay"),
        ),
        ProcessSpec(
            "contacts-worker",
            [_bin("kartoteka-contacts"), "worker"],
            metrics("contacts", "contacts-worker"),
        ),
        ProcessSpec(
            "segmentation",
            [_bin("kartoteka-segmentation"), "serve"],
            {**segmentation_env, **metrics("segmentation", "segmentation")},
            ports.segmentation_grpc,
        ),
        ProcessSpec(
            "segmentation-relay",
            [_bin("kartoteka-segmentation"), "relay"],
            metrics("segmentation", "segmentation-relay"),
        ),
        ProcessSpec(
            "segmentation-worker",
            [_bin("kartoteka-segmentation"), "worker"],
            {**segmentation_env, **metrics("segmentation", "segmentation-worker")},
        ),
        ProcessSpec(
            "gateway",
            [_bin("kartoteka-gateway"), "serve"],
            {
                "KARTOTEKA_GATEWAY_PORT": str(ports.gateway),
                "KARTOTEKA_GATEWAY_METRICS_PORT": str(ports.metrics["gateway"]),
                "KARTOTEKA_GATEWAY_CONTACTS_ADDRESS": f"127.0.0.1:{ports.contacts_grpc}",
                "KARTOTEKA_GATEWAY_SEGMENTATION_ADDRESS": f"127.0.0.1:{ports.segmentation_grpc}",
            },
            ports.gateway,
        ),
    ]


class Platform:
    """The running processes; each can be stopped, killed and started again (fault tests)."""

    def __init__(
        self, urls: InfraUrls, ports: PlatformPorts, log_dir: Path, extra_env: dict[str, str]
    ) -> None:
        self.urls = urls
        self.ports = ports
        self.log_dir = log_dir
        self._env = {**os.environ, **urls.as_env(), **extra_env}
        self.specs = {spec.name: spec for spec in process_specs(ports)}
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.gateway}"

    def start(self, timeout: float = 60.0) -> None:
        for name in self.specs:
            self.start_process(name, timeout)
        self.wait_ready(timeout)

    def start_process(self, name: str, timeout: float = 60.0) -> None:
        spec = self.specs[name]
        self.log_dir.mkdir(parents=True, exist_ok=True)
        with (self.log_dir / f"{name}.log").open("ab") as log_file:
            self.processes[name] = subprocess.Popen(
                spec.command,
                env={**self._env, **spec.env},
                stdout=log_file,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        if spec.ready_port:
            try:
                wait_for_port(spec.ready_port, timeout)
            except TimeoutError:
                raise RuntimeError(f"{name} did not start:\n{self.log_tail(name)}") from None

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Until the gateway reports every dependency ready."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(f"{self.gateway_url}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the platform is not ready:\n{self.log_tail('gateway')}")
            time.sleep(0.1)

    def stop_process(self, name: str, timeout: float = 15.0) -> None:
        process = self.processes.get(name)
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def kill_process(self, name: str) -> None:
        """SIGKILL: no cleanup, no acks, no commits in flight."""
        process = self.processes[name]
        process.kill()
        process.wait()

    def stop(self) -> None:
        # The gateway first so no new work arrives, then the rest in reverse start order.
        for name in reversed(list(self.specs)):
            self.stop_process(name)

    def crashed(self) -> list[str]:
        return [name for name, process in self.processes.items() if process.poll() is not None]

    def log_tail(self, name: str, size: int = 4000) -> str:
        path = self.log_dir / f"{name}.log"
        return path.read_text(errors="replace")[-size:] if path.exists() else "(no log)"
