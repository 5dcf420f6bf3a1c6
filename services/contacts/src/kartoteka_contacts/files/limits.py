"""Limits that keep a hostile or broken file from exhausting the worker's memory or time."""

from __future__ import annotations

from dataclasses import dataclass

from kartoteka_platform.errors import InvalidInput

MiB = 2**20
GiB = 2**30


@dataclass(frozen=True, slots=True)
class FileLimits:
    """How far an uploaded file may expand before we refuse it."""

    # An xlsx is a zip: 1,000,000 contacts x 15 columns is ~850 MiB of sheet XML, so 2 GiB
    # leaves room for wider sheets and refuses the classic multi-gigabyte bombs.
    max_uncompressed_bytes: int = 2 * GiB
    # Sheet XML compresses 10-20:1 (1M rows x 15 columns: 15:1); deflate tops out near 1,032:1
    # on zeros, so 200:1 on a member of 16 MiB or more is a bomb, not a spreadsheet.
    max_compression_ratio: float = 200.0
    ratio_min_bytes: int = 16 * MiB
    # calamine keeps a sheet as a dense grid of 32-byte cells over the span of its used cells:
    # 32M cells is 1 GiB, enough for 1,048,576 rows x 30 columns. A lone cell at XFD1048576
    # would ask for 17 billion cells (512 GiB) and abort the process, so we refuse it first.
    max_sheet_cells: int = 32_000_000
    # The first 256 KiB of a CSV decide its encoding and delimiter.
    sniff_bytes: int = 256 * 1024


DEFAULT_LIMITS = FileLimits()


def invalid(code: str, detail: str) -> InvalidInput:
    """The error every file problem is reported as, with a stable code."""
    return InvalidInput(code, detail, field="file")
