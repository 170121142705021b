"""Pacing: how fast the job runner may write to a printer (PROTOCOL.md §10). Never a blind fixed sleep.

Two modes, chosen from the model's pacing data:

- **buffer** (``buffer_bytes`` and ``lines_per_s`` measured): chunks of ``min(max write, mtu - 3, 512)``
  (and at most half the buffer).
  The pacer keeps an estimate of the printer's receive buffer: every byte written fills it, the head
  empties it at ``lines_per_s x bytes_per_row``; feeds and printer-made copies hold the head without
  draining, so they count as the bytes the head could have printed meanwhile. It writes as fast as the
  link allows until the buffer is full, then exactly as fast as the head drains it.
- **fixed** (not measured yet): the peer-proven ``chunk`` bytes every ``gap_ms`` (128 B / 20 ms), with
  the settle times after settings and feeds.

In both modes the printer gets ``init_settle_ms`` after ESC @. Families with flow control (credit or
pause/resume, PROTOCOL.md §11) additionally gate every write on the printer's own signals.
"""

from __future__ import annotations

from dataclasses import dataclass

from phocol_desktop.domain.clock import Clock
from phocol_desktop.domain.printer_model import Pacing, PrinterModel
from phocol_desktop.protocol.packets import EncodedJob, FlowSignal, Packet, PacketKind
from phocol_desktop.transport.base import LinkInfo

ATT_MAX_VALUE = 512
FEED_DOTS_PER_LINE = 16  # ESC d n advances about 2 mm per unit (M02X): head time the buffer does not drain
CREDIT_TIMEOUT_S = 1.0  # Marklife: without a credit for 1 s, carry on slowly
CREDITLESS_GAP_S = 0.030
PAUSE_TIMEOUT_S = 30.0
HEADROOM_ROWS = 2  # the printer frees space a whole row at a time


@dataclass(frozen=True)
class PacingPlan:
    mode: str  # "buffer" or "fixed"
    chunk: int
    gap_s: float  # fixed mode: between chunks
    setting_gap_s: float
    feed_gap_s: float
    init_settle_s: float
    buffer_bytes: int | None
    drain_bytes_per_s: float | None  # buffer mode: raster bytes the head consumes per second
    flow_control: str = "none"

    def describe(self) -> str:
        if self.mode == "buffer":
            return (f"chunk={self.chunk} buffer={self.buffer_bytes}B drain={self.drain_bytes_per_s:.0f}B/s "
                    f"(measured) flow={self.flow_control}")
        return f"chunk={self.chunk} gap={self.gap_s * 1000:.0f}ms (fixed; no measured buffer) flow={self.flow_control}"


def plan_for(model: PrinterModel, info: LinkInfo, job: EncodedJob, pacing: Pacing | None = None,
             flow_control: str | None = None) -> PacingPlan:
    """The pacing for this job on this link. ``pacing`` overrides the model's (support panel tuning)."""
    p = pacing or model.pacing
    link_limit = min(info.max_write, info.mtu - 3, ATT_MAX_VALUE)
    flow = flow_control or model.flow_control
    if p.buffer_bytes is not None and p.lines_per_s is not None:
        # At most half the usable buffer per write, so one chunk can travel while the previous one drains.
        half_buffer = max(20, (p.buffer_bytes - HEADROOM_ROWS * job.bytes_per_row) // 2)
        return PacingPlan("buffer", min(link_limit, half_buffer), 0.0, 0.0, 0.0, p.init_settle_ms / 1000,
                          p.buffer_bytes, p.lines_per_s * job.bytes_per_row, flow)
    return PacingPlan("fixed", min(p.chunk, link_limit), p.gap_ms / 1000, p.setting_gap_ms / 1000,
                      p.feed_gap_ms / 1000, p.init_settle_ms / 1000, None, None, flow)


class Pacer:
    """Decides when each chunk may go. The runner calls ``before_write``, writes, then ``wrote``."""

    def __init__(self, plan: PacingPlan, clock: Clock, bytes_per_row: int) -> None:
        self.plan = plan
        self.clock = clock
        self.bytes_per_row = max(1, bytes_per_row)
        self._level = 0.0  # estimated bytes (and byte-equivalents of head time) in the printer's buffer
        self._at = clock.now()
        self._last_write_end: float | None = None
        self._printer_copies = 1
        self._block_bytes = 0
        self.paused = False
        self.credits: int | None = None  # None until the printer grants the first credits
        self.waited_s = 0.0

    # ---- the printer's buffer, as the pacer believes it

    def level(self) -> float:
        self._drain_to(self.clock.now())
        return self._level

    def _drain_to(self, t: float) -> None:
        rate = self.plan.drain_bytes_per_s
        if rate and t > self._at:
            self._level = max(0.0, self._level - rate * (t - self._at))
        self._at = max(self._at, t)

    def remaining_print_s(self) -> float:
        """How long the printer still needs for what it has been sent (0 when unknown)."""
        rate = self.plan.drain_bytes_per_s
        return self.level() / rate if rate else 0.0

    async def _sleep(self, seconds: float) -> None:
        if seconds > 0:
            self.waited_s += seconds
            await self.clock.sleep(seconds)

    async def before_write(self, size: int) -> None:
        await self._flow_gate()
        if self.plan.mode == "buffer":
            assert self.plan.buffer_bytes is not None and self.plan.drain_bytes_per_s
            room = self.plan.buffer_bytes - HEADROOM_ROWS * self.bytes_per_row
            excess = self.level() + size - room
            if excess > 0:
                await self._sleep(excess / self.plan.drain_bytes_per_s)
        elif self._last_write_end is not None:
            await self._sleep(self._last_write_end + self.plan.gap_s - self.clock.now())

    def wrote(self, size: int) -> None:
        now = self.clock.now()
        self._drain_to(now)
        self._level += size
        self._last_write_end = now
        if self.credits is not None and self.credits > 0:
            self.credits -= 1

    async def after_packet(self, packet: Packet) -> None:
        """Settle times and head time that the bytes themselves do not show."""
        if packet.kind is PacketKind.INIT:
            await self._sleep(self.plan.init_settle_s)
        elif packet.step == "copies" and len(packet.data) == 4:
            self._printer_copies = packet.data[3]
        if self.plan.mode == "buffer":
            extra = 0.0
            if packet.kind is PacketKind.FEED and len(packet.data) == 3:
                dots = packet.data[2] * (FEED_DOTS_PER_LINE if packet.data[1] == 0x64 else 1)
                extra = dots * self.bytes_per_row
            elif packet.kind is PacketKind.RASTER and self._printer_copies > 1:
                extra = (self._printer_copies - 1) * packet.rows * self.bytes_per_row
                self._printer_copies = 1
            self._drain_to(self.clock.now())
            self._level += extra
        elif packet.kind is PacketKind.SETTING:
            await self._sleep(self.plan.setting_gap_s)
        elif packet.kind is PacketKind.FEED:
            await self._sleep(self.plan.feed_gap_s)

    # ---- flow control signals (families that define them)

    def signal(self, sig: FlowSignal) -> None:
        if sig.kind == "pause":
            self.paused = True
        elif sig.kind == "resume":
            self.paused = False
        elif sig.kind == "credit":
            self.credits = sig.credits

    async def _flow_gate(self) -> None:
        if self.plan.flow_control == "pause_resume":
            deadline = self.clock.now() + PAUSE_TIMEOUT_S
            while self.paused and self.clock.now() < deadline:
                await self._sleep(0.005)
        elif self.plan.flow_control == "credit" and self.credits is not None:
            deadline = self.clock.now() + CREDIT_TIMEOUT_S
            while self.credits <= 0 and self.clock.now() < deadline:
                await self._sleep(0.005)
            if self.credits <= 0:
                await self._sleep(CREDITLESS_GAP_S)
