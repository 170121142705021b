"""``print PHOTO``: photo -> raster (imaging) -> packets (protocol) -> paced writes (services.print_job).

``--printer virtual`` prints on the in-process virtual printer through the timed link model; with
``--paper OUT.png`` its paper is saved (1 px per dot). By default the virtual link runs on simulated time
(instant, and the summary says how long a real printer would take); ``--realtime`` runs it at wall-clock
speed. Any other ``--printer`` value is a Bluetooth printer (address or name).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.domain.job import JobOptions, JobProgress

VIRTUAL = "virtual"
BAR_WIDTH = 30


class PrintUsageError(PhocolError):
    advice = "See `phocol-desktop print --help`."


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser(
        "print", help="print a photo or a PDF on a printer or the virtual printer",
        description="Print a photo or every page of a PDF. `--printer virtual` prints on the built-in virtual "
                    "printer; add `--paper OUT.png` to see the paper it printed (1 pixel per printer dot).")
    p.add_argument("photo", help="a photo or a PDF document")
    p.add_argument("--pages", metavar="RANGE", help="PDF: pages to print, e.g. 1-3,5 (default: all)")
    p.add_argument("--mode", choices=("auto", "text", "photo"), default="auto",
                   help="PDF: text = threshold, photo = dither all, auto = dither only photos (default)")
    p.add_argument("--printer", default=VIRTUAL, help="ADDRESS, NAME or 'virtual' (default)")
    p.add_argument("--model", help="printer model id (see `models`); default: the generic Phocol printer")
    p.add_argument("--copies", type=int, default=1, help="1..99 (default 1)")
    p.add_argument("--density", type=int, help="print darkness in the model's range (default: the model's)")
    p.add_argument("--paper", metavar="OUT.png", help="virtual printer: save the printed paper as PNG")
    p.add_argument("--scenario", metavar="FILE.json",
                   help="virtual printer: faults and timings to reproduce a report (see `emulate --help`)")
    p.add_argument("--realtime", action="store_true",
                   help="virtual printer: take as long as a real printer would (default: simulated time)")
    p.add_argument("--trace", metavar="OUT.btsnoop", help="record the session as a btsnoop trace")
    from phocol_desktop.cli._bluetooth import add_adapter_flag, add_permission_flag

    add_adapter_flag(p)
    add_permission_flag(p)
    p.set_defaults(handler=run)


def run(args: Any, ctx: Any) -> int:
    model = ctx.models.get(args.model) if args.model else ctx.models.default
    try:
        options = JobOptions(copies=args.copies, density=args.density)
    except ValueError as exc:
        raise PrintUsageError(f"{exc}.") from None
    if args.printer != VIRTUAL and (args.paper or args.scenario or args.realtime):
        raise PrintUsageError("--paper, --scenario and --realtime only apply to --printer virtual.")

    from phocol_desktop.protocol import encode_job

    pages = _pages(args, model)
    if args.printer == VIRTUAL:
        return asyncio.run(_print_virtual(args, ctx, model, [encode_job(page, options, model) for page in pages]))
    if len(pages) > 1:
        raise PrintUsageError("Printing several pages on a Bluetooth printer comes with the print runner; "
                              "print one page at a time with --pages N.")
    return _print_ble(args, ctx, model, encode_job(pages[0], options, model))


def _pages(args: Any, model: Any) -> list:  # type: ignore[type-arg]
    """The rasters to print: every selected page of a PDF, or the photo."""
    from phocol_desktop.imaging.pipeline import photo_to_raster
    from phocol_desktop.services.documents import DocumentPages, looks_like_document

    if looks_like_document(args.photo):
        return list(DocumentPages(args.photo, args.pages, args.mode).pages(model))
    if args.pages:
        raise PrintUsageError("--pages only applies to PDF documents.")
    return [photo_to_raster(args.photo, model)]


def _print_ble(args: Any, ctx: Any, model: Any, encoded: Any) -> int:
    """Bluetooth printing over the BLE worker; the model is the printer's own unless ``--model`` says."""
    from phocol_desktop.cli._bluetooth import print_over_bluetooth

    def encode_for(found: Any) -> Any:
        if found.id == model.id:
            return encoded
        from phocol_desktop.imaging.pipeline import photo_to_raster
        from phocol_desktop.protocol import encode_job

        return encode_job(photo_to_raster(args.photo, found), JobOptions(copies=args.copies, density=args.density),
                          found)

    result = print_over_bluetooth(args, ctx, args.model, encode_for, run_job_on_link)
    result.raise_for_outcome()
    return 0


async def _print_virtual(args: Any, ctx: Any, model: Any, jobs: Any) -> int:
    from phocol_desktop.domain.clock import SimClock, SystemClock
    from phocol_desktop.emulator.scenario import Scenario
    from phocol_desktop.emulator.virtual_printer import VirtualPrinter
    from phocol_desktop.transport.virtual import LinkTiming, VirtualLink

    scenario = Scenario.from_json(_read(args.scenario)) if args.scenario else Scenario()
    clock = SystemClock() if args.realtime else SimClock()
    printer = VirtualPrinter(model, scenario, clock=clock)
    link = VirtualLink(printer, clock, LinkTiming(mtu=scenario.mtu))
    try:
        for encoded in jobs:  # one job per page, on the same paper
            result = await run_job_on_link(link, model, encoded, clock, ctx, trace_path=args.trace)
            if not result.ok:
                break
    finally:
        if args.paper:
            from phocol_desktop.storage.paths import secure_write

            secure_write(Path(args.paper), printer.paper_png())
    stats = printer.stats
    ctx.out(f"Virtual printer: {stats.rows_printed} rows printed, {stats.lost_bytes} bytes lost"
            + (f"; paper saved to {Path(args.paper).name}" if args.paper else "") + ".")
    if not args.realtime and stats.last_row_done_at is not None:
        ctx.out(f"A real printer would take about {stats.last_row_done_at - printer.t0:.1f} s.")
    result.raise_for_outcome()
    return 0


async def run_job_on_link(link: Any, model: Any, encoded: Any, clock: Any, ctx: Any, *,
                          trace_path: str | None = None) -> Any:
    """Connect, run the job with a progress bar on a terminal, disconnect; returns the ``JobResult``.

    Shared by every printer kind: only how ``link`` is built differs.
    """
    from phocol_desktop.services.print_job import PrintJob

    recorder = None
    if trace_path:
        from phocol_desktop.support.recording import RecordingLink
        from phocol_desktop.support.trace import TraceRecorder

        recorder = TraceRecorder(clock.now)
        link = RecordingLink(link, recorder, model_id=model.id)
    bar = _ProgressBar(ctx.stdout)
    await link.connect()
    try:
        result = await PrintJob(link, model, encoded, clock=clock, on_progress=bar.update).run()
    finally:
        bar.close()
        await link.disconnect()
        if recorder is not None and recorder.current is not None:
            from phocol_desktop.storage.paths import secure_write
            from phocol_desktop.support.btsnoop import export_btsnoop

            secure_write(Path(trace_path), export_btsnoop(recorder.current))  # type: ignore[arg-type]
    verdict = {"printed": "Printed", "unconfirmed": "Sent, not confirmed", "cancelled": "Cancelled",
               "failed": "Failed"}[result.outcome]
    ctx.out(f"{verdict}: {result.sent_bytes}/{result.total_bytes} bytes to {model.display_name} "
            f"({result.pacing}, mtu={result.mtu}).")
    return result


class _ProgressBar:
    """A one-line bar, only on a terminal (logs and pipes get the final summary line only)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.enabled = bool(getattr(stream, "isatty", lambda: False)())
        self._last = -1

    def update(self, progress: JobProgress) -> None:
        if not self.enabled:
            return
        percent = int(progress.fraction * 100)
        if percent == self._last:
            return
        self._last = percent
        filled = int(progress.fraction * BAR_WIDTH)
        self.stream.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {percent:3d}% "
                          f"{progress.sent_bytes / 1024:.1f}/{progress.total_bytes / 1024:.1f} KiB")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._last >= 0:
            self.stream.write("\n")
            self.stream.flush()


def _read(path: str) -> str:
    try:
        return sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PrintUsageError(f"Cannot read {Path(path).name}: {exc}.") from None
