"""Support tooling for the GUI and the CLI: trace decode/render/replay, support bundles, crash logs.

The GUI calls these functions (off the GUI thread for anything that reads files or renders); the CLI is
a thin shell over the same functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from phocol_desktop.domain.printer_model import ModelTable, PrinterModel
from phocol_desktop.support.decode import (
    DecodedTrace,
    LoadedTrace,
    decode_trace,
    format_listing,
    load_trace,
    pick_model,
    render_trace,
)
from phocol_desktop.support.recording import RecordingLink, default_recorder

__all__ = ["DecodeResult", "RecordingLink", "decode_file", "default_recorder"]


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
