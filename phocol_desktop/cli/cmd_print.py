"""``print PHOTO|DOC.pdf|DESIGN.json|PROJECT.phocol`` or ``print --template ID …``: the photo, PDF pages or
designs, rendered with the same options as ``render``, through the app's print runner (designs are a page
source, ``services.designs.DesignPages``: a CSV row that cannot render is reported and skipped).

``--printer virtual`` prints on a fresh in-process virtual printer; with ``--paper OUT.png`` its paper is
saved (1 px per dot). By default the virtual printer runs on simulated time (instant, and the summary says
how long a real printer would take); ``--realtime`` runs it at wall-clock speed. Any other ``--printer``
value is a Bluetooth printer (address or name), asked for through the privacy gate first. Either way the
print is recorded in the print history exactly as the app records it (when that history is allowed).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from phocol_desktop.cli._args import printer_name
from phocol_desktop.cli._designs import add_design_arguments, describe_warning, wants_design
from phocol_desktop.cli._outputs import add_overwrite_flag, guard_outputs, save
from phocol_desktop.cli._picture import add_picture_options, picture_source
from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.domain.job import JobOptions
from phocol_desktop.domain.safe_input import read_input

PRINT_INPUTS = ("photo", "scenario", "edits", "csv", "photo_paths")
VIRTUAL = "virtual"
BAR_WIDTH = 30
VERDICTS = {"printed": "Printed", "unconfirmed": "Sent, not confirmed", "cancelled": "Cancelled", "failed": "Failed"}


class PrintUsageError(PhocolError):
    advice = "See `phocol-desktop print --help`."


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser(
        "print", help="print a photo or a PDF on a printer or the virtual printer",
        description="Print a photo or every page of a PDF. `--printer virtual` prints on the built-in virtual "
                    "printer; add `--paper OUT.png` to see the paper it printed (1 pixel per printer dot). The picture "
                    "options are those of `render`, so `render` shows what `print` prints.")
    p.add_argument("photo", nargs="?", help="a photo, a PDF document, a design (.json) or a project (.phocol)")
    p.add_argument("--printer", type=printer_name, default=VIRTUAL, help="ADDRESS, NAME or 'virtual' (default)")
    p.add_argument("--model", help="printer model: id, name or advertised name (see `models`); default: the "
                                   "printer's own, or the generic Phocol printer for `virtual`")
    add_picture_options(p)
    add_design_arguments(p)
    p.add_argument("--banner", metavar="TEXT", help="print TEXT as a banner running down a continuous roll, "
                                                   "rendered and sent band by band however long; --length-mm sets "
                                                   "the strip's length (the text repeats; default: the text once)")
    p.add_argument("--copies", type=int, default=1, help="1..99 (default 1)")
    p.add_argument("--density", type=int, help="print darkness in the model's range (default: the model's)")
    p.add_argument("--paper", metavar="OUT.png", help="virtual printer: save the printed paper as PNG")
    p.add_argument("--scenario", metavar="FILE.json",
                   help="virtual printer: faults and timings to reproduce a report (see `emulate --help`)")
    p.add_argument("--realtime", action="store_true",
                   help="virtual printer: take as long as a real printer would (default: simulated time)")
    p.add_argument("--trace", metavar="OUT.btsnoop", help="record the session as a btsnoop trace")
    add_overwrite_flag(p)
    from phocol_desktop.cli._bluetooth import add_adapter_flag, add_permission_flag

    add_adapter_flag(p)
    add_permission_flag(p)
    p.set_defaults(handler=run)


def run(args: Any, ctx: Any) -> int:
    from phocol_desktop.services.print_runner import BluetoothTarget, PrintRequest

    guard_outputs(args, ["paper", "trace"], PRINT_INPUTS)  # checked before printing, not after
    try:
        options = JobOptions(copies=args.copies, density=args.density)
    except ValueError as exc:
        raise PrintUsageError(f"{exc}.") from None
    virtual = args.printer.lower() == VIRTUAL
    if not virtual and (args.paper or args.scenario or args.realtime):
        raise PrintUsageError("--paper, --scenario and --realtime only apply to --printer virtual.")
    model = ctx.model(args.model) if args.model or virtual else None  # an unknown model fails before anything
    if args.banner is not None:
        if args.photo or wants_design(args):
            raise PrintUsageError("--banner prints text on its own: give either a file or --banner, not both.")
        from phocol_desktop.services.banners import BannerPages

        source: Any = BannerPages(args.banner, args.length_mm)
    elif not args.photo and not wants_design(args):
        raise PrintUsageError("Nothing to print: give a photo, a PDF, a design file, --template ID or --banner TEXT.")
    else:
        source = _design_source(args, ctx) if wants_design(args) else picture_source(args)
    trace = _trace_recorder(args)
    bar = _ProgressBar(ctx.stdout)
    from phocol_desktop.cli._bluetooth import privacy_service

    with privacy_service(args, ctx) as privacy:
        # What the app passes too: progress, the print history (its purpose, retention and pause apply).
        how = {"on_progress": bar.update, "history": privacy.data.print_history, "trace": trace}
        try:
            if virtual:
                result = _print_virtual(PrintRequest(source, _virtual_target(args, model), options), how)
            else:
                def request_for(service: Any) -> PrintRequest:
                    return PrintRequest(source, BluetoothTarget(service, model), options)

                result = _print_bluetooth(args, ctx, privacy, request_for, how)
        finally:
            bar.close()
    if trace is not None and result.trace is not None:
        from phocol_desktop.support.btsnoop import export_btsnoop

        save(args, args.trace, export_btsnoop(result.trace), PRINT_INPUTS, what="--trace file")
    for warning in getattr(source, "warnings", ()):  # a photo's caption characters no font has
        print(f"phocol-desktop: warning: {describe_warning(warning)}", file=ctx.stderr)
    _summarise(ctx, args, result)
    result.raise_for_outcome()
    failed = getattr(source, "failed", [])
    if failed:
        print(f"phocol-desktop: {len(failed)} row(s) could not be printed: {', '.join(map(str, failed))}.",
              file=ctx.stderr)
        return 1
    return 0


def _design_source(args: Any, ctx: Any) -> Any:
    """Designs as a page source; warnings and rows that cannot render are reported as they come."""
    from phocol_desktop.cli._designs import design_request
    from phocol_desktop.services.designs import DesignPages, catalog

    def warn(page: Any, warning: object) -> None:
        where = f"row {page.row}: " if page.row is not None else ""
        print(f"phocol-desktop: warning: {where}{describe_warning(warning)}", file=ctx.stderr)

    def failed(page: Any, error: PhocolError) -> None:
        print(f"phocol-desktop: row {page.row}: {error.user_message()} (skipped)", file=ctx.stderr)

    return DesignPages(design_request(args), catalog(ctx.paths.config), on_warning=warn, on_failure=failed)


def _virtual_target(args: Any, model: Any) -> Any:
    from phocol_desktop.emulator.scenario import Scenario
    from phocol_desktop.services.print_runner import VirtualTarget

    scenario = Scenario.from_json(_read(args.scenario)) if args.scenario else None
    return VirtualTarget(model, scenario, simulated_time=not args.realtime)


def _print_virtual(request: Any, how: dict[str, Any]) -> Any:
    from phocol_desktop.services.ble_worker import BleWorker
    from phocol_desktop.services.print_runner import PrintRunner

    with BleWorker() as worker:
        return PrintRunner(worker).run(request, **how)


def _print_bluetooth(args: Any, ctx: Any, privacy: Any, request_for: Any, how: dict[str, Any]) -> Any:
    """Connect to ``--printer``, then print for the model it turns out to be (unless ``--model`` says)."""
    from phocol_desktop.cli._bluetooth import CONNECT_WAIT_S, device_service, wait
    from phocol_desktop.services.print_runner import PrintRunner

    with device_service(args, ctx, privacy=privacy) as service:
        wait(service.connect(args.printer, ctx.model(args.model).id if args.model else None), CONNECT_WAIT_S)
        # No overall timeout: the job has its own (pre-flight, completion); Ctrl-C cancels it on the worker.
        return PrintRunner(service.worker).run(request_for(service), **how)


def _trace_recorder(args: Any) -> Any:
    if not args.trace:
        return None
    import time

    from phocol_desktop.support.trace import TraceRecorder

    return TraceRecorder(time.monotonic, keep=1)


def _summarise(ctx: Any, args: Any, result: Any) -> None:
    job = result.last_job
    if job is not None and job.total_bytes:
        ctx.out(f"{VERDICTS[result.outcome]}: {result.sent_bytes}/{result.total_bytes} bytes to "
                f"{result.model.display_name} ({job.pacing}, mtu={job.mtu}).")
    printer = result.printer
    if printer is None:
        return
    if args.paper:
        save(args, args.paper, printer.paper_png(), PRINT_INPUTS, what="--paper file")
    stats = printer.stats
    ctx.out(f"Virtual printer: {stats.rows_printed} rows printed, {stats.lost_bytes} bytes lost"
            + (f"; paper saved to {Path(args.paper).name}" if args.paper else "") + ".")
    if not args.realtime and stats.last_row_done_at is not None:
        ctx.out(f"A real printer would take about {stats.last_row_done_at - printer.t0:.1f} s.")


class _ProgressBar:
    """A one-line bar, only on a terminal (logs and pipes get the final summary line only)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.enabled = bool(getattr(stream, "isatty", lambda: False)())
        self._last = -1

    def update(self, progress: Any) -> None:
        if not self.enabled:
            return
        percent = int(progress.fraction * 100)
        if percent == self._last:
            return
        self._last = percent
        filled = int(progress.fraction * BAR_WIDTH)
        page = f" page {progress.page}/{progress.pages}" if progress.pages and progress.pages > 1 else ""
        eta = progress.eta_s
        left = f", about {eta:.0f} s left" if eta is not None and eta >= 1 else ""
        self.stream.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {percent:3d}%{page} "
                          f"{progress.sent_bytes / 1024:.1f}/{progress.total_bytes / 1024:.1f} KiB{left}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._last >= 0:
            self.stream.write("\n")
            self.stream.flush()


def _read(path: str) -> bytes:
    from phocol_desktop.emulator.scenario import MAX_SCENARIO_BYTES

    if path == "-":
        return sys.stdin.buffer.read(MAX_SCENARIO_BYTES + 1)
    return read_input(path, max_bytes=MAX_SCENARIO_BYTES, what="scenario")  # never a FIFO, never endless
