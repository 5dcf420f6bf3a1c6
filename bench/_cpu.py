"""CPU time the platform's processes spend, per process kind (Linux /proc).

On 2 cores shared with other work, latency under load says little about the code; the CPU
seconds each component burns per event do not depend on what else runs, and show whether
the pipeline can sustain a rate at all (its CPU per second of load must stay under 2 s).
"""

from __future__ import annotations

import os
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(data_dir: Path) -> dict[str, float]:
    """CPU seconds used so far by the benchmark's own processes, by kind: each platform
    process (child of this one) by its command, and PostgreSQL and NATS of `data_dir` with
    all their children (PostgreSQL's backends)."""
    processes = _processes()
    parents = {pid: ppid for pid, (ppid, _, _) in processes.items()}
    roots: dict[int, str] = {}
    for pid, (ppid, command, _) in processes.items():
        if ppid == os.getpid():
            roots[pid] = _kind(command)
        elif str(data_dir / "postgres") in command and "postgres" not in roots.values():
            roots[pid] = "postgres"
        elif str(data_dir / "nats") in command:
            roots[pid] = "nats"
    totals: dict[str, float] = {}
    for pid, (_, _, ticks) in processes.items():
        owner = _root(pid, parents, roots)
        if owner is not None:
            kind = roots[owner]
            totals[kind] = totals.get(kind, 0.0) + ticks / _TICK
    return totals


def _root(pid: int, parents: dict[int, int], roots: dict[int, str]) -> int | None:
    while pid not in roots:
        parent = parents.get(pid)
        if parent is None or parent <= 1:
            return None
        pid = parent
    return pid


def _kind(command: str) -> str:
    """`kartoteka-contacts relay` for a platform process, else the program's name."""
    words = command.split()
    for index, word in enumerate(words):
        if Path(word).name.startswith("kartoteka-") and index + 1 < len(words):
            return f"{Path(word).name} {words[index + 1]}"
    return Path(words[0]).name if words else "?"


def _processes() -> dict[int, tuple[int, str, int]]:
    """pid -> (parent pid, command line, user + system clock ticks)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except OSError:
            continue  # gone meanwhile
        # Fields after the command name (which may hold spaces) start after its ")".
        fields = stat[stat.rindex(")") + 2 :].split()
        found[int(entry.name)] = (int(fields[1]), command, int(fields[11]) + int(fields[12]))
    return found


def per_event(before: dict[str, float], after: dict[str, float], events: int) -> dict[str, float]:
    """Milliseconds of CPU per event, by process kind, and their total."""
    used = {kind: after.get(kind, 0.0) - before.get(kind, 0.0) for kind in after}
    result = {kind: round(1000 * seconds / events, 3) for kind, seconds in sorted(used.items())}
    result["total"] = round(sum(1000 * s for s in used.values()) / events, 3)
    return result
