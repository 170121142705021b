"""The built-in Virtual Phocol printer as every surface shows it: its last paper and its status.

Its status is read the way any printer's is: the model's allowlisted queries, built by the protocol layer,
answered by the virtual printer with notification frames, decoded by the protocol's decoder, then updated
by what the printer reported during the last job (decoded the same way), as the device service keeps a
Bluetooth printer's status. The GUI's printer panel and ``status --printer virtual`` both call
``VirtualPrinterHost.status``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from phocol_desktop.domain.events import PrinterEvent, PrinterStatus
from phocol_desktop.domain.printer_model import PrinterModel
from phocol_desktop.domain.raster import Raster
from phocol_desktop.transport.base import LinkInfo

if TYPE_CHECKING:
    from phocol_desktop.emulator.scenario import Scenario
    from phocol_desktop.emulator.virtual_printer import VirtualPrinter
    from phocol_desktop.services.print_runner import PrintResult

SETTLE_STEP_S = 0.05
MAX_SETTLE_STEPS = 100_000


def virtual_link_info() -> LinkInfo:
    """The link the virtual printer is reached over (the in-process link's default timing)."""
    from phocol_desktop.transport.virtual import LinkTiming

    timing = LinkTiming()
    return LinkInfo(kind="virtual", mtu=timing.mtu, max_write=timing.max_write, write_with_response=False)


def read_status(printer: VirtualPrinter, model: PrinterModel) -> PrinterStatus:
    """Ask ``printer`` every allowlisted status query of ``model`` and fold the decoded answers."""
    from phocol_desktop.protocol import status_codec

    codec = status_codec(model)
    for code in model.queries:
        printer.receive(codec.query(code))
    printer.advance()
    status = PrinterStatus()
    for frame in printer.pop_notifications():
        for event in codec.feed(frame):
            status = status.apply(event)
    return status


class VirtualPrinterHost:
    """The virtual printer as the app shows it: the paper of the last job (a fresh printer prints each job)
    and its status as last heard: what the printer answers when asked, updated by what it reported during
    the last job (paper out, cover open...), all decoded by the protocol layer as for any printer."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._printer: VirtualPrinter | None = None
        self._reported: tuple[PrinterEvent, ...] = ()
        self._answers: dict[str, PrinterStatus] = {}

    def printed(self, result: PrintResult) -> None:
        """A job finished on the virtual printer (worker thread): its paper and reports are now the ones shown."""
        if result.printer is not None:
            with self._lock:
                self._printer = result.printer
                self._reported = tuple(event for job in result.jobs for event in job.events)

    def forget(self) -> None:
        with self._lock:
            self._printer, self._reported = None, ()

    def paper(self) -> Raster | None:
        with self._lock:
            return self._printer.paper.raster() if self._printer is not None else None

    def paper_png(self) -> bytes | None:
        with self._lock:
            return self._printer.paper_png() if self._printer is not None else None

    def status(self, model: PrinterModel) -> PrinterStatus:
        """The status as last heard (``model``: the model of a printer that has not printed yet)."""
        from phocol_desktop.emulator.virtual_printer import VirtualPrinter

        with self._lock:
            if self._printer is not None:
                model = self._printer.model
            status = self._answers.get(model.id)
            if status is None:
                status = self._answers[model.id] = read_status(VirtualPrinter(model), model)
            for event in self._reported:
                status = status.apply(event)
            return status


@dataclass(frozen=True)
class Fed:
    printer: VirtualPrinter  # its paper, stats and logs
    notifications: tuple[bytes, ...]
    elapsed_s: float


def feed_host_bytes(model: PrinterModel, scenario: Scenario, data: bytes) -> Fed:
    """Feed a recorded or hand-written host byte stream to a fresh virtual printer on simulated time (what
    ``emulate`` does for other tools): the bytes arrive in ATT-sized writes at the link's speed, the head
    finishes what it buffered, and every notification the printer sent comes back in order."""
    from phocol_desktop.domain.clock import SimClock
    from phocol_desktop.emulator.virtual_printer import VirtualPrinter
    from phocol_desktop.transport.virtual import LinkTiming

    clock = SimClock()
    printer = VirtualPrinter(model, scenario, clock=clock)
    timing = LinkTiming(mtu=scenario.mtu)
    frames: list[bytes] = []

    def collect() -> None:
        printer.advance()
        frames.extend(printer.pop_notifications())

    for offset in range(0, len(data), timing.max_write):
        if printer.disconnected:
            break
        chunk = data[offset : offset + timing.max_write]
        clock.advance(timing.write_time(len(chunk)))
        printer.receive(chunk)
        collect()
    # Let the head finish what is in its buffer (a halted printer stays halted).
    for _ in range(MAX_SETTLE_STEPS):
        if printer.buffered == 0 or printer.halted or printer.disconnected or printer.bricked:
            break
        clock.advance(SETTLE_STEP_S)
        collect()
    clock.advance(max(0.0, (printer.stats.last_row_done_at or 0.0) - clock.now()) + 0.001)
    collect()
    return Fed(printer, tuple(frames), clock.now())
