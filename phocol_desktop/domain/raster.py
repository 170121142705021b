"""The 1-bit image the protocol layer consumes: packed rows, MSB first, 1 = black (PROTOCOL.md §6)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from phocol_desktop.domain.errors import ProtocolError


@dataclass(frozen=True)
class Raster:
    width: int  # dots; a multiple of 8
    height: int  # rows
    data: bytes  # height * width/8 bytes

    def __post_init__(self) -> None:
        if self.width <= 0 or self.width % 8:
            raise ProtocolError(f"Raster width {self.width} is not a positive multiple of 8 dots.")
        if self.height < 0 or len(self.data) != self.height * self.width // 8:
            raise ProtocolError(
                f"Raster data is {len(self.data)} bytes; {self.width}x{self.height} needs "
                f"{self.height * self.width // 8}."
            )

    @property
    def bytes_per_row(self) -> int:
        return self.width // 8

    def row(self, index: int) -> bytes:
        start = index * self.bytes_per_row
        return self.data[start : start + self.bytes_per_row]

    def rows(self, start: int, stop: int) -> Raster:
        stop = min(stop, self.height)
        return Raster(self.width, stop - start, self.data[start * self.bytes_per_row : stop * self.bytes_per_row])

    @classmethod
    def blank(cls, width: int, height: int) -> Raster:
        return cls(width, height, bytes(width // 8 * height))

    def black_dots(self) -> int:
        return sum(b.bit_count() for b in self.data)


@dataclass(frozen=True)
class BandedRaster:
    """A page too long to hold as one image (a banner, a strip metres long), made band by band on demand.

    ``bands()`` returns a fresh iterator of ``Raster`` bands, ``width`` wide, whose heights add up to
    ``height``; it may be called once per copy. Only one band (and the printer block being assembled) is
    in memory at a time: the encoder streams the job from it (``protocol.encode_job``).
    """

    width: int
    height: int
    bands: Callable[[], Iterator[Raster]]

    def __post_init__(self) -> None:
        if self.width <= 0 or self.width % 8:
            raise ProtocolError(f"Raster width {self.width} is not a positive multiple of 8 dots.")
        if self.height < 0:
            raise ProtocolError("A banded page cannot have a negative height.")

    @property
    def bytes_per_row(self) -> int:
        return self.width // 8
