"""What an encoder hands to the transport: complete commands ("packets") tagged with what they are.

A packet is never split across commands, so the guard can check it whole before any of its bytes leave,
and the pacer knows where settle times belong (after ESC @, after settings, around feeds) and how many
raster rows a packet makes the printer print.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from phocol_desktop.domain.events import PrinterEvent


class PacketKind(StrEnum):
    INIT = "init"  # ESC @: the printer resets and needs a settle time
    SETTING = "setting"  # density, speed, heat, media, margin, copies, alignment, compression
    QUERY = "query"  # 1F 11 xx status query (only codes from the model's ``queries``)
    RASTER = "raster"  # one GS v 0 block: header + rows
    FEED = "feed"  # paper feed: slow, mechanical
    FOOTER = "footer"  # end-of-job marker (M110 footer)


@dataclass(frozen=True)
class Packet:
    kind: PacketKind
    data: bytes
    step: str  # the job-template step that produced it (shown in job logs and trace listings)
    rows: int = 0  # raster rows this packet prints (RASTER only)
    copy_index: int = 0  # which repetition of the job (copies_mode "repeat"); 0 for the first
    await_reply_s: float = 0.0  # after sending, wait up to this long for any notification (P12 handshake)

    def __len__(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class EncodedJob:
    """A whole print job for one model: the packets in wire order plus what the pacer and runner need."""

    model_id: str
    packets: tuple[Packet, ...]
    bytes_per_row: int  # of the raster actually sent (may be narrower than the head)
    rows_per_copy: int
    copies: int  # copies the user asked for
    printer_copies: int  # copies the printer makes from one raster (copies_mode "command"), else 1
    blocks_per_copy: int
    expected_completions: int = 0  # completion frames ("1A 0F 0C") to wait for; 0: the family has none

    @property
    def raster_rows(self) -> int:
        return sum(p.rows for p in self.packets)

    @property
    def total_bytes(self) -> int:
        return sum(len(p.data) for p in self.packets)

    @property
    def raster_bytes(self) -> int:
        return sum(len(p.data) for p in self.packets if p.kind is PacketKind.RASTER)

    def stream(self) -> bytes:
        """Every byte of the job, in order (what a trace of a perfect link would show)."""
        return b"".join(p.data for p in self.packets)


@dataclass(frozen=True)
class FlowSignal(PrinterEvent):
    """A flow-control notification decoded by a family that defines one (PROTOCOL.md §11).

    ``pause``/``resume`` (cat-printer style) or ``credit`` with the number of writes granted (Marklife style).
    The Quyin family has none; its decoder never emits these.
    """

    kind: str
    credits: int = 0


class PacketStream:
    """Packets made while they are sent: each iteration runs ``make()`` afresh (a long strip's bands are
    rendered as the job reaches them, so only one band and one printer block are in memory)."""

    def __init__(self, make: Callable[[], Iterator[Packet]]) -> None:
        self._make = make

    def __iter__(self) -> Iterator[Packet]:
        return self._make()


@dataclass(frozen=True)
class StreamedJob(EncodedJob):
    """An ``EncodedJob`` whose ``packets`` is a ``PacketStream``; its sizes are known before any is made."""

    sizes: tuple[int, int, int] = (0, 0, 0)  # total bytes, raster bytes, raster rows (all copies)

    @property
    def total_bytes(self) -> int:
        return self.sizes[0]

    @property
    def raster_bytes(self) -> int:
        return self.sizes[1]

    @property
    def raster_rows(self) -> int:
        return self.sizes[2]
