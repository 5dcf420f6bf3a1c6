"""`kartoteka-infra`: only the embedded PostgreSQL, NATS and Redis, for running services by hand."""

from __future__ import annotations

import argparse
import os
import signal
import threading
from pathlib import Path

from kartoteka_devstack.infra import EmbeddedInfra


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="kartoteka-infra", description=__doc__)
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path(os.environ.get("KARTOTEKA_DATA_DIR", ".kartoteka")) / "infra",
        help="where the servers keep their data (default: $KARTOTEKA_DATA_DIR/infra)",
    )
    args = parser.parse_args(argv)
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    infra = EmbeddedInfra(args.data_dir)
    urls = infra.start()
    try:
        print("# the servers are up; in another shell:", flush=True)
        for name, value in urls.as_env().items():
            print(f"export {name}={value}", flush=True)
        print("# Ctrl-C stops them", flush=True)
        stop.wait()
    finally:
        infra.stop()
