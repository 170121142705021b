"""Support tooling for the GUI and the CLI: trace decode/render/replay, support bundles, crash logs.

The GUI calls these functions (off the GUI thread for anything that reads files or renders); the CLI is
a thin shell over the same functions.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from phocol_desktop.domain.clock import SimClock
from phocol_desktop.domain.printer_model import ModelTable, PrinterModel
from phocol_desktop.emulator.scenario import Scenario
from phocol_desktop.emulator.virtual_printer import VirtualPrinter
from phocol_desktop.privacy.gate import Asker
from phocol_desktop.services.privacy import PrivacyService
from phocol_desktop.storage.crashlogs import CrashLogInfo
from phocol_desktop.storage.logging_setup import LOG_FILE
from phocol_desktop.storage.paths import AppPaths, secure_write
from phocol_desktop.support.btsnoop import export_btsnoop
from phocol_desktop.support.bundle import BundlePlan, KnownPrinterInfo, build_bundle, sanitise_trace
from phocol_desktop.support.crash import CRASH_PURPOSE, CrashCapture
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
from phocol_desktop.support.trace import Trace, TraceRecorder
from phocol_desktop.transport.virtual import LinkTiming, VirtualLink

log = logging.getLogger(__name__)
SHARE_PURPOSE = "diag.share_once"

__all__ = ["DecodeResult", "RecordingLink", "SupportService", "VirtualReplay", "check_replayable", "decode_file",
           "default_recorder", "replay_to_virtual", "replay_to_virtual_async", "replay_trace"]


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


# ------------------------------------------------------------------------------------ bundles and crash logs

class SupportService:
    """What the GUI's support panel needs, over the privacy service (gate, ledger, personal data).

        support = SupportService(paths, models, privacy)            # privacy: services.privacy.PrivacyService
        plan = support.bundle_contents_preview()                    # -> BundlePlan; plan.preview() rows
        support.create_bundle(path, plan)                           # asks diag.share_once, writes 0600 zip
        support.crash_logs() / crash_log_text(name) / delete_crash_log(name)
        support.set_crash_logs_enabled(True | False)                # grant / withdraw diag.crash_local
        support.install_crash_capture()                             # once at start-up
    """

    def __init__(self, paths: AppPaths, models: ModelTable, privacy: PrivacyService,
                 recorder: TraceRecorder | None = None) -> None:
        self.paths = paths
        self.models = models
        self.privacy = privacy
        self.recorder = recorder if recorder is not None else default_recorder()
        self.capture: CrashCapture | None = None

    # -- traces ---------------------------------------------------------------------------------------------

    def recent_traces(self) -> list[Trace]:
        """The sessions kept in memory (oldest first); nothing of them is on disk unless saved."""
        return self.recorder.snapshot()

    def clear_traces(self) -> None:
        self.recorder.clear()

    def save_trace(self, index: int, path: str | Path) -> Path:
        """Save one in-memory session (newest = -1) where the user chose: .btsnoop for Wireshark, else JSON."""
        trace = sanitise_trace(self.recent_traces()[index], self.privacy.secrets)
        out = Path(path)
        data = export_btsnoop(trace) if out.suffix.lower() in (".btsnoop", ".log", ".cfa") else trace.to_json().encode()
        secure_write(out, data)
        return out

    # -- support bundle -------------------------------------------------------------------------------------

    def _log_files(self) -> list[Path]:
        logs = self.paths.logs
        if not logs.is_dir():
            return []
        # rotation order, newest first: phocol-desktop.log, .log.1, .log.2 …
        files = [p for p in logs.glob(f"{LOG_FILE}*") if p.is_file()]
        return sorted(files, key=lambda p: (p.name != LOG_FILE, int(p.suffix[1:]) if p.suffix[1:].isdigit() else 0))

    def bundle_contents_preview(self, *, include_crash_logs: bool = False,
                                extra_traces: Sequence[Trace] = ()) -> BundlePlan:
        """Build the bundle in memory; ``plan.preview()`` lists exactly what ``create_bundle`` will write."""
        data = self.privacy.data
        selected = data.printers.selected()
        known = KnownPrinterInfo(selected.address, selected.model_id) if selected else None
        crash = data.export_crash_logs() if include_crash_logs else None
        return build_bundle(table=self.models, traces=[*self.recent_traces(), *extra_traces],
                            log_files=self._log_files(), settings=data.settings().to_json(), known_printer=known,
                            crash_logs=crash, secrets=self.privacy.secrets)

    def create_bundle(self, path: str | Path, plan: BundlePlan | None = None, *, interactive: bool = True,
                      asker: Asker | None = None) -> Path:
        """Ask for ``diag.share_once`` (every time, through ``asker``; the answer is recorded), then write the
        previewed plan."""
        self.privacy.gate.require(SHARE_PURPOSE, feature="support_bundle", interactive=interactive, asker=asker)
        plan = plan or self.bundle_contents_preview()
        out = Path(path)
        plan.write(out)
        log.info("support bundle written (%d members)", len(plan.entries) + 1)
        return out

    # -- crash logs -----------------------------------------------------------------------------------------

    def crash_logs_enabled(self) -> bool:
        return self.privacy.gate.is_allowed(CRASH_PURPOSE)

    def set_crash_logs_enabled(self, enabled: bool) -> None:
        """Opt in (records a grant) or withdraw (records the withdrawal, deletes every crash log)."""
        if enabled:
            self.privacy.grant(CRASH_PURPOSE)
        else:
            self.privacy.revoke(CRASH_PURPOSE)
        if self.capture is not None:
            self.capture.refresh()

    def install_crash_capture(self) -> CrashCapture:
        if self.capture is None:
            self.capture = CrashCapture(self.privacy.record_crash, self.crash_logs_enabled,
                                        self.paths.logs / "crash", ensure_dir=self.paths.ensure)
            self.privacy.gate.on_withdraw(CRASH_PURPOSE, self.capture.on_withdraw)
        return self.capture.install()

    def crash_logs(self) -> list[CrashLogInfo]:
        return self.privacy.data.crash_logs.list()

    def crash_log_text(self, name: str) -> str:
        return self.privacy.data.crash_logs.read(name)

    def delete_crash_log(self, name: str) -> bool:
        return self.privacy.data.crash_logs.delete(name)
