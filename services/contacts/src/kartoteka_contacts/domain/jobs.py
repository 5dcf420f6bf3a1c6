"""Long jobs on many cards: their kinds, states and how their progress reads to a person."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class JobKind(enum.StrEnum):
    BULK = "bulk"
    IMPORT = "import"
    EXPORT = "export"
    UNDO = "undo"


class JobState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
    UNDOING = "undoing"
    UNDONE = "undone"


# States a worker still has to act on; the others only change by a person's request (undo).
ACTIVE_STATES = frozenset({JobState.QUEUED, JobState.RUNNING})
FINISHED_STATES = frozenset({JobState.DONE, JobState.FAILED, JobState.CANCELLED})
# Kinds whose effect an undo can revert (an export changes no card).
UNDOABLE_KINDS = frozenset({JobKind.BULK, JobKind.IMPORT})


class LeaseLost(Exception):
    """Another worker took the job over; this one must stop without committing more."""


@dataclass(frozen=True)
class Progress:
    """Counters of a job and the clock readings that turn them into a rate and an ETA."""

    total: int
    processed: int
    started_at: datetime | None
    now: datetime

    @property
    def rate_per_second(self) -> float:
        """Cards (or rows) done per second since the job started; 0 before it has."""
        if self.started_at is None or self.processed == 0:
            return 0.0
        elapsed = (self.now - self.started_at).total_seconds()
        return self.processed / elapsed if elapsed > 0 else 0.0

    @property
    def seconds_left(self) -> float | None:
        """At the rate so far; None while there is no rate to extrapolate from."""
        rate = self.rate_per_second
        if rate <= 0 or self.total <= 0:
            return None
        return max(self.total - self.processed, 0) / rate

    @property
    def percent(self) -> float:
        if self.total <= 0:
            return 0.0
        return min(100.0, 100.0 * self.processed / self.total)
