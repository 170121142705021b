"""The virtual printer's paper: rows of dots at head width (1 = black), saved as a 1-bit PNG, 1 px per dot.

The PNG is written with the standard library only (zlib), so the emulator stays a pure layer.
"""

from __future__ import annotations

import struct
import zlib

from phocol_desktop.domain.raster import Raster

_INVERT = bytes(b ^ 0xFF for b in range(256))


class Paper:
    def __init__(self, head_dots: int) -> None:
        self.head_dots = head_dots
        self.bytes_per_row = head_dots // 8
        self._rows = bytearray()

    @property
    def height(self) -> int:
        return len(self._rows) // self.bytes_per_row

    def print_row(self, data: bytes, x_dots: int) -> None:
        """Burn one row whose first dot lands at ``x_dots``; dots beyond the head are lost, as on paper."""
        bits = len(data) * 8
        value = int.from_bytes(data, "big") if data else 0
        shift = self.head_dots - x_dots - bits
        value = value << shift if shift >= 0 else value >> -shift
        value &= (1 << self.head_dots) - 1
        self._rows += value.to_bytes(self.bytes_per_row, "big")

    def feed(self, rows: int) -> None:
        self._rows += bytes(self.bytes_per_row * rows)

    def raster(self) -> Raster:
        return Raster(self.head_dots, self.height, bytes(self._rows))

    def png(self) -> bytes:
        return raster_png(self.raster())


def raster_png(raster: Raster) -> bytes:
    """A 1-bit greyscale PNG (PNG: 0 = black, so bits are inverted). Blank paper is one white row."""
    bpr = raster.bytes_per_row
    height = max(1, raster.height)
    rows = raster.data or bytes(bpr)
    inverted = rows.translate(_INVERT)
    raw = b"".join(b"\x00" + inverted[y * bpr : (y + 1) * bpr] for y in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", raster.width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))
