"""What every platform benchmark does around its measuring: the common options, the data dir
(temporary, or kept for reruns), the running stack, and the commit and wall time measured."""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _stack import Stack, running_stack
from contacts_search import _code

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def arguments_of(doc: str) -> argparse.ArgumentParser:
    """A parser with `--contacts`, `--keep` and `--results`; a benchmark adds its own."""
    parser = argparse.ArgumentParser(description=doc.split("\n", maxsplit=1)[0])
    parser.add_argument("--contacts", type=int, default=1_000_000, help="contacts to generate")
    parser.add_argument("--keep", metavar="DIR", help="data dir to create or reuse")
    parser.add_argument("--results", default=str(RESULTS_DIR), help="where to write results")
    return parser


def measure(
    args: argparse.Namespace, run: Callable[[Stack], dict[str, Any]], *, tune: bool = True
) -> dict[str, Any]:
    """`run` on a started platform; its report with the code measured and the wall time."""
    data_dir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kartoteka-bench-"))
    print(f"data dir: {data_dir}", flush=True)
    started = time.perf_counter()
    code = _code()  # before the processes start: what they run
    with running_stack(data_dir, tune=tune) as stack:
        report = {**run(stack), "code": code}
    if not args.keep:  # ~3 GB at a million contacts; a failed run keeps it, logs included
        shutil.rmtree(data_dir, ignore_errors=True)
    report["wall_seconds"] = round(time.perf_counter() - started, 1)
    return report
