"""Support tooling for the GUI and the CLI: trace decode/render/replay, support bundles, crash logs.

The GUI calls these functions (off the GUI thread for anything that reads files or renders); the CLI is
a thin shell over the same functions.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from phocol_desktop.domain.clock import SimClock
from phocol_desktop.domain.printer_model import ModelTable, PrinterModel
from phocol_desktop.emulator.scenario import Scenario
from phocol_desktop.emulator.virtual_printer import VirtualPrinter
from phocol_desktop.support.decode import (
    DecodedTrace,
    LoadedTrace,
    decode_trace,
    describe_event,
    format_listing,
    load_trace,
    pick_model,
    render_trace,
)
from phocol_desktop.support.recording import RecordingLink, default_recorder
from phocol_desktop.support.replay import ReplayResult, check_replayable, replay_trace
from phocol_desktop.support.trace import Trace
from phocol_desktop.transport.virtual import LinkTiming, VirtualLink

__all__ = ["DecodeResult", "RecordingLink", "VirtualReplay", "check_replayable", "decode_file", "default_recorder",
           "replay_to_virtual", "replay_to_virtual_async", "replay_trace"]


@dataclass(frozen=True)
class DecodeResult:
    loaded: LoadedTrace
    model: PrinterModel
    decoded: DecodedTrace
    listing: str
    paper_png: bytes | None  # when a render was asked for
    printer_notes: tuple[str, ...]  # what the virtual printer noticed while printing (bricked, lost bytes…)


def decode_file(path: str | Path, table: ModelTable, *, model_id: str | None = None,
                render: bool = False) -> DecodeResult:
    """Load a btsnoop or JSON trace, list its commands and optionally render the paper it printed."""
    loaded = load_trace(path)
    model = pick_model(loaded.trace, table, model_id)
    header = f"trace: {Path(path).name} ({loaded.kind}, {len(loaded.trace.events)} events)"
    if loaded.note:
        header += f"\n{loaded.note}"
    decoded = decode_trace(loaded.trace, model, source=loaded.kind)
    listing = format_listing(decoded, header)
    png, notes = None, ()
    if render:
        printer = render_trace(loaded.trace, model)
        png = printer.paper_png()
        st = printer.stats
        notes = (f"virtual printer: {st.rows_printed} rows printed in {st.blocks_printed} block(s), "
                 f"paper {printer.paper.height} dots long, {st.unknown_bytes} byte(s) skipped",
                 *(f"virtual printer at {t:.3f}s: {what}" for t, what in printer.event_log))
        if printer.bricked:
            notes = (*notes, "virtual printer: BRICKED by an undocumented command (a real unit may be too)")
    return DecodeResult(loaded, model, decoded, listing, png, tuple(notes))


# ------------------------------------------------------------------------------------------------ replay

@dataclass(frozen=True)
class VirtualReplay:
    result: ReplayResult
    printer: VirtualPrinter

    def describe(self) -> list[str]:
        r, p, st = self.result, self.printer, self.printer.stats
        lines = [f"replayed {r.bytes_sent} of {r.total_bytes} bytes in {r.writes} writes "
                 f"({r.duration_s:.2f} s on the virtual printer's clock)",
                 f"virtual printer: {st.rows_printed} rows in {st.blocks_printed} block(s), paper "
                 f"{p.paper.height} dots long; {st.lost_bytes} byte(s) lost to a full buffer "
                 f"(max fill {st.max_buffer_fill}), {st.unknown_bytes} skipped"]
        lines += [f"printer answered: {describe_event(e)[0]} {describe_event(e)[1]}" for e in r.events]
        lines += [f"virtual printer at {t:.3f}s: {what}" for t, what in p.event_log]
        if p.bricked:
            lines.append("virtual printer: BRICKED by an undocumented command (a real unit may be too)")
        if r.link_lost:
            lines.append("the link was lost before the end of the trace")
        return lines


def replay_to_virtual(trace: Trace, model: PrinterModel, *, scenario: Scenario | None = None,
                      fast: bool = False) -> VirtualReplay:
    """Replay against a virtual printer on simulated time: the original pacing, exact and instant.

    The printer keeps the model's (or the scenario's) receive buffer and head speed, so a trace sent too
    fast shows the same lost bytes and damaged paper a real unit would. (From a coroutine, await
    ``replay_to_virtual_async`` instead.)
    """
    return asyncio.run(replay_to_virtual_async(trace, model, scenario=scenario, fast=fast))


async def replay_to_virtual_async(trace: Trace, model: PrinterModel, *, scenario: Scenario | None = None,
                                  fast: bool = False) -> VirtualReplay:
    clock = SimClock()
    if scenario is None:
        mtu = trace.meta.get("mtu")
        scenario = Scenario(mtu=mtu if isinstance(mtu, int) and 23 <= mtu <= 517 else 185)
    printer = VirtualPrinter(model, scenario, clock=clock)
    link = VirtualLink(printer, clock, LinkTiming(mtu=scenario.mtu))
    await link.connect()
    try:
        result = await replay_trace(trace, link, model, clock, fast=fast)
    finally:
        await link.disconnect()
    printer.advance()
    return VirtualReplay(result, printer)
