"""The stream names of an OLE2 compound file (legacy .xls, encrypted Office files)."""

from __future__ import annotations

import struct
from typing import BinaryIO

from kartoteka_contacts.files.limits import invalid

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_MAX_REGULAR_SECTOR = 0xFFFFFFFA
_HEADER_DIFAT = 109
_ENTRY = 128


def stream_names(file: BinaryIO, size: int) -> set[str]:
    """Every storage and stream name in the compound file's directory."""
    header = _read_exactly(file, 0, 512)
    if header[:8] != MAGIC:
        raise invalid("file_corrupt", "The file is not an OLE2 compound document.")
    shift = struct.unpack_from("<H", header, 30)[0]
    if shift not in (9, 12):  # 512-byte (version 3) or 4096-byte (version 4) sectors only
        raise invalid("file_corrupt", "The compound document's header is damaged.")
    reader = _Sectors(file, size, 1 << shift, header)
    names: set[str] = set()
    for sector in reader.chain(struct.unpack_from("<I", header, 48)[0]):
        block = reader.sector(sector)
        for offset in range(0, len(block), _ENTRY):
            length = struct.unpack_from("<H", block, offset + 64)[0]
            if block[offset + 66] in (1, 2, 5) and 2 <= length <= 64:
                raw = block[offset : offset + length - 2]  # the length counts the final NUL
                names.add(raw.decode("utf-16-le", errors="replace"))
    return names


class _Sectors:
    """Sector access through the FAT, bounded by the file's size so a loop cannot run away."""

    def __init__(self, file: BinaryIO, size: int, sector_size: int, header: bytes) -> None:
        self._file = file
        self._size = size
        self._sector_size = sector_size
        self._per_fat = sector_size // 4
        self._max_sectors = max(1, size // sector_size)
        self._fat_sectors = self._difat(header)
        self._fat_cache: dict[int, tuple[int, ...]] = {}

    def sector(self, number: int) -> bytes:
        """One sector's bytes."""
        if number > _MAX_REGULAR_SECTOR:
            raise invalid("file_corrupt", "The compound document points outside itself.")
        return _read_exactly(self._file, (number + 1) * self._sector_size, self._sector_size)

    def chain(self, start: int) -> list[int]:
        """The sectors of one stream, following the FAT from its first sector."""
        chain: list[int] = []
        sector = start
        while sector != _END_OF_CHAIN:
            if sector > _MAX_REGULAR_SECTOR or len(chain) >= self._max_sectors:
                raise invalid("file_corrupt", "The compound document's sector chain is broken.")
            chain.append(sector)
            sector = self._next(sector)
        return chain

    def _next(self, sector: int) -> int:
        index, slot = divmod(sector, self._per_fat)
        if index >= len(self._fat_sectors):
            raise invalid("file_corrupt", "The compound document's allocation table is short.")
        table = self._fat_cache.get(index)
        if table is None:
            block = self.sector(self._fat_sectors[index])
            table = struct.unpack(f"<{self._per_fat}I", block)
            self._fat_cache[index] = table
        return table[slot]

    def _difat(self, header: bytes) -> list[int]:
        """The FAT's own sectors: 109 in the header, the rest in a chain of DIFAT sectors."""
        count = struct.unpack_from("<I", header, 44)[0]
        listed = struct.unpack_from(f"<{_HEADER_DIFAT}I", header, 76)
        fat = list(listed[: min(count, _HEADER_DIFAT)])
        sector = struct.unpack_from("<I", header, 68)[0]
        hops = 0
        while len(fat) < count and sector <= _MAX_REGULAR_SECTOR:
            hops += 1
            if hops > self._max_sectors:
                raise invalid("file_corrupt", "The compound document's DIFAT chain loops.")
            entries = struct.unpack(f"<{self._per_fat}I", self.sector(sector))
            fat.extend(entries[:-1][: count - len(fat)])
            sector = entries[-1]
        return fat


def _read_exactly(file: BinaryIO, offset: int, length: int) -> bytes:
    file.seek(offset)
    data = file.read(length)
    if len(data) != length:
        raise invalid("file_corrupt", "The file is truncated: its end is missing.")
    return data
