"""``VirtualLink``: the ``PrinterLink`` to an in-process ``VirtualPrinter``, with a timed link model.

The link takes time like a Bluetooth LE link does: each write occupies it for ``per_write_s`` plus its
payload at ``bytes_per_s``, and is delivered to the printer when that time has passed. Writes longer
than ``min(mtu - 3, 512)`` are refused like an ATT error ``0x0d``. Time comes from a ``Clock``: with a
``SimClock`` the whole link is deterministic and instant, which is what tests and ``bench/transfer.py``
use; with the ``SystemClock`` it runs in real time (the ``--realtime`` virtual print).

A pump (a task while connected) lets the printer work between writes and delivers its notifications.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from phocol_desktop.domain.clock import Clock, SimClock
from phocol_desktop.domain.errors import TransportError
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP
from phocol_desktop.emulator.virtual_printer import VirtualPrinter
from phocol_desktop.transport.base import LinkInfo, LinkLost, PrinterLink

log = logging.getLogger(__name__)
ATT_MAX_VALUE = 512


class OversizeWrite(TransportError):
    """A write longer than the link accepts (ATT error 0x0d on a real stack): a chunking bug."""

    advice = QT_TRANSLATE_NOOP("Errors", "This is a bug in Phocol Desktop's chunking; a support bundle helps us fix "
                                          "it.")


@dataclass(frozen=True)
class LinkTiming:
    """How long writes take. Defaults: a laptop central at a 7.5 ms connection interval, about 25 KB/s."""

    mtu: int = 185
    per_write_s: float = 0.001
    bytes_per_s: float = 25_000.0
    max_write_without_response: int | None = None  # None: mtu - 3

    def __post_init__(self) -> None:
        if not 23 <= self.mtu <= 517:
            raise ValueError(f"ATT MTU {self.mtu} is outside 23..517")
        if self.bytes_per_s <= 0 or self.per_write_s < 0:
            raise ValueError("link speed must be positive")

    @property
    def max_write(self) -> int:
        limit = min(self.mtu - 3, ATT_MAX_VALUE)
        if self.max_write_without_response is not None:
            limit = min(limit, self.max_write_without_response)
        return limit

    def write_time(self, size: int) -> float:
        return self.per_write_s + size / self.bytes_per_s


class VirtualLink(PrinterLink):
    def __init__(self, printer: VirtualPrinter, clock: Clock, timing: LinkTiming | None = None, *,
                 pump_interval_s: float | None = None) -> None:
        self.printer = printer
        self.clock = clock
        self.timing = timing or LinkTiming()
        # SimClock: yield to the loop only (time moves when the job runner sleeps); real time: poll.
        self._pump_interval = pump_interval_s if pump_interval_s is not None else (
            0.0 if isinstance(clock, SimClock) else 0.005)
        self._info: LinkInfo | None = None
        self._connected = False
        self._lost = False
        self._pump_task: asyncio.Task[None] | None = None
        self._busy_until = 0.0
        self.writes: list[tuple[float, int]] = []  # (delivery time, size)
        self.link_busy_s = 0.0

    @property
    def info(self) -> LinkInfo:
        if self._info is None:
            raise LinkLost("Not connected to the virtual printer.")
        return self._info

    @property
    def is_connected(self) -> bool:
        return self._connected and not self._lost

    async def connect(self) -> LinkInfo:
        if self.printer.disconnected:
            raise LinkLost("The virtual printer is switched off.")
        self._info = LinkInfo(kind="virtual", mtu=self.timing.mtu, max_write=self.timing.max_write,
                              write_with_response=False)
        self._connected = True
        self._lost = False
        self._pump_task = asyncio.get_running_loop().create_task(self._pump_forever())
        return self._info

    async def write(self, data: bytes) -> None:
        if not self.is_connected:
            raise LinkLost("The printer disconnected.")
        if len(data) > self.info.max_write:
            raise OversizeWrite(f"A write of {len(data)} bytes exceeds the link's limit of {self.info.max_write}.")
        duration = self.timing.write_time(len(data))
        self.link_busy_s += duration
        await self.clock.sleep(duration)
        if not self.is_connected:
            raise LinkLost("The printer disconnected while receiving data.")
        self.printer.receive(bytes(data))
        self.writes.append((self.clock.now(), len(data)))
        self.pump()

    async def disconnect(self) -> None:
        self._connected = False
        task, self._pump_task = self._pump_task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def pump(self) -> None:
        """Let the printer catch up with the clock; deliver its notifications; notice it going away."""
        if not self._connected:
            return
        self.printer.advance()
        for frame in self.printer.pop_notifications():
            self._emit_notification(frame)
        if self.printer.disconnected and not self._lost:
            self._lost = True
            log.info("virtual printer went away")
            self._emit_disconnect()

    async def _pump_forever(self) -> None:
        while self._connected:
            if self._pump_interval:
                await asyncio.sleep(self._pump_interval)
            else:
                await asyncio.sleep(0)
            try:
                self.pump()
            except Exception:  # a broken printer model must not kill the link silently
                log.exception("virtual printer failed while advancing")
                self._lost = True
                self._emit_disconnect()
                return
