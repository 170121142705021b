"""``phocol-desktop system-printer install|remove|status|serve``: the Phocol queue in the computer's CUPS.

``install`` adds a CUPS queue whose jobs reach the running app (docs/SYSTEM-PRINTER.md); ``serve`` is that
receiving end without the GUI, in the foreground: each job is checked, allowed by the privacy gate
(``--allow-jobs``, a terminal prompt, or a standing ``privacy grant print.from_other_apps``), rendered
and printed; on ``--printer virtual --paper-dir DIR`` each job's paper is saved as ``DIR/job-N.png``.
"""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path
from typing import Any

from phocol_desktop.domain.errors import PhocolError

VIRTUAL = "virtual"


class SystemPrinterUsage(PhocolError):
    advice = "See `phocol-desktop system-printer --help`."


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser("system-printer", help="add Phocol to the computer's printers (CUPS), so any app can print",
                       description="A CUPS queue whose jobs reach the running Phocol Desktop over a private Unix "
                                   "socket (no network). Honours CUPS_SERVER.")
    commands = p.add_subparsers(dest="system_printer_command", metavar="COMMAND", required=True)

    install = commands.add_parser("install", help="add the queue (its page sizes are the printer model's papers)")
    install.add_argument("--name", default=None, help="queue name (default: Phocol)")
    install.add_argument("--printer", default=VIRTUAL,
                         help="the printer whose paper sizes the queue offers: 'virtual' (default), a model's "
                              "printer NAME, or an ADDRESS with --model")
    install.add_argument("--model", help="printer model id (see `models`)")
    install.set_defaults(handler=cmd_install)

    remove = commands.add_parser("remove", help="remove the queue (CUPS cancels jobs still waiting in it)")
    remove.add_argument("--name", default=None)
    remove.set_defaults(handler=cmd_remove)

    status = commands.add_parser("status", help="the queue, its waiting jobs, and whether the app is receiving")
    status.add_argument("--name", default=None)
    status.set_defaults(handler=cmd_status)

    serve = commands.add_parser("serve", help="receive and print jobs from the queue in the foreground")
    serve.add_argument("--printer", default=VIRTUAL, help="'virtual' (default), or a Bluetooth ADDRESS or NAME")
    serve.add_argument("--model", help="printer model id (see `models`)")
    serve.add_argument("--paper-dir", metavar="DIR", help="virtual printer: save each job's paper as DIR/job-N.png")
    serve.add_argument("--allow-jobs", action="store_true",
                       help="allow printing from other apps while this command runs (recorded in the privacy "
                            "ledger); on a terminal you are asked at the first job instead")
    serve.add_argument("--mode", choices=("auto", "text", "photo"), default="auto", help="document mode")
    serve.add_argument("--jobs", type=int, metavar="N", help="stop after N jobs (default: until Ctrl-C)")
    from phocol_desktop.cli._bluetooth import add_permission_flag

    add_permission_flag(serve)
    serve.set_defaults(handler=cmd_serve)


def _queue(args: Any) -> Any:
    from phocol_desktop.services.cups_queue import DEFAULT_QUEUE, CupsQueue

    return CupsQueue(args.name or DEFAULT_QUEUE)


def _socket(ctx: Any) -> Path:
    from phocol_desktop.services.job_receiver import default_socket_path

    return default_socket_path(ctx.paths.runtime_dir)


def _model_for(args: Any, ctx: Any) -> Any:
    if args.model:
        return ctx.models.get(args.model)
    if args.printer == VIRTUAL:
        return ctx.models.default
    found = ctx.models.match_name(args.printer)
    if found is None:
        raise SystemPrinterUsage(f"No printer model matches {args.printer!r:.40}.",
                                 "Add --model (see `phocol-desktop models`).")
    return found


def cmd_install(args: Any, ctx: Any) -> int:
    queue = _queue(args)
    model = _model_for(args, ctx)
    socket_path = _socket(ctx)
    queue.install(model, socket_path, staging_dir=ctx.paths.cache)
    ctx.out(f"Added the printer queue {queue.name} ({model.display_name}; page sizes: "
            f"{', '.join(p.id for p in model.media_presets)}).")
    ctx.out("Jobs printed to it reach Phocol Desktop while the app (or `system-printer serve`) runs; "
            "until then they wait in the queue.")
    return 0


def cmd_remove(args: Any, ctx: Any) -> int:
    queue = _queue(args)
    if queue.remove():
        ctx.out(f"Removed the printer queue {queue.name}.")
    else:
        ctx.out(f"There is no printer queue {queue.name}.")
    return 0


def cmd_status(args: Any, ctx: Any) -> int:
    from phocol_desktop.services.job_receiver import JobReceiver

    queue = _queue(args)
    status = queue.status(JobReceiver.someone_listens(_socket(ctx)))
    if not status.installed:
        ctx.out(f"No printer queue {queue.name}. Add it with `phocol-desktop system-printer install`.")
        return 0
    ctx.out(status.state.splitlines()[0] if status.state else queue.name)
    ctx.out(f"Device: {status.device_uri}")
    ctx.out(f"Jobs waiting: {status.waiting_jobs}")
    ctx.out("Receiving jobs: " + ("yes" if status.receiver_running else
                                  "no (start Phocol Desktop or `system-printer serve`)"))
    if not status.backend_installed:
        ctx.out("The Phocol backend is missing or out of date: run `system-printer install` again.")
    return 0


def _asker(args: Any, ctx: Any) -> Any:
    """In-context answers for this command: --allow-jobs / --allow-bluetooth, else a y/N prompt on a terminal."""
    from phocol_desktop.privacy.gate import BLUETOOTH, AskRequest, Decision
    from phocol_desktop.services.system_printer import PURPOSE

    flags = {PURPOSE: args.allow_jobs, BLUETOOTH: getattr(args, "allow_bluetooth", False)}
    prompt_lock = threading.Lock()

    def ask(request: AskRequest) -> Decision:
        if flags.get(request.purpose_id):
            return Decision.ALLOW_ONCE if Decision.ALLOW_ONCE in request.options else Decision.NOT_NOW
        stdin = sys.stdin
        if stdin is None or not stdin.isatty():
            return Decision.NOT_NOW
        with prompt_lock:
            print(f"{request.title}\n{request.rationale}", file=ctx.stderr)
            print("Allow for this session? [y/N] ", end="", file=ctx.stderr, flush=True)
            try:
                answer = stdin.readline().strip().lower()
            except (OSError, EOFError):
                return Decision.NOT_NOW
        return Decision.ALLOW_ONCE if answer in ("y", "yes") and Decision.ALLOW_ONCE in request.options \
            else Decision.NOT_NOW

    return ask


def cmd_serve(args: Any, ctx: Any) -> int:
    from phocol_desktop.services.job_receiver import JobReceiver
    from phocol_desktop.services.privacy import PrivacyService
    from phocol_desktop.services.system_printer import IncomingJobs

    if args.printer != VIRTUAL and args.paper_dir:
        raise SystemPrinterUsage("--paper-dir only applies to --printer virtual.")
    if args.jobs is not None and args.jobs < 1:
        raise SystemPrinterUsage("--jobs must be 1 or more.")
    paper_dir = Path(args.paper_dir) if args.paper_dir else None
    if paper_dir is not None:
        paper_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    model = _model_for(args, ctx)
    done = threading.Event()
    finished = 0
    count_lock = threading.Lock()

    def on_event(job: Any, kind: str, message: str) -> None:
        nonlocal finished
        title = f" \u201c{job.title}\u201d" if job.title else ""
        if kind == "received":
            ctx.out(f"Job {job.number}{title}: {job.page_count} page{'s' if job.page_count != 1 else ''} received.")
            return
        if kind == "printing":
            return
        words = {"printed": "printed", "refused": "refused", "cancelled": "cancelled", "failed": "failed",
                 "unprintable": "cannot be printed", "later": "left in the queue"}[kind]
        ctx.out(f"Job {job.number}{title}: {words}{': ' + message if message else ''}.")
        with count_lock:
            finished += 1
            if args.jobs is not None and finished >= args.jobs:
                done.set()

    service = PrivacyService.open(ctx.paths, surface="cli", asker=_asker(args, ctx))
    try:
        with _printer(args, ctx, model, service, paper_dir) as print_pages:
            jobs = IncomingJobs(require=service.gate.require, model=model, print_pages=print_pages,
                                history=service.data.print_history, mode=args.mode, on_event=on_event)
            receiver = JobReceiver(_socket(ctx), jobs.handle).start()
            previous = signal.signal(signal.SIGTERM, lambda *_: done.set()) \
                if threading.current_thread() is threading.main_thread() else None
            ctx.out(f"Receiving jobs for {model.display_name} on {receiver.socket_path} (Ctrl-C stops).")
            try:
                while not done.wait(0.2):
                    pass
            except KeyboardInterrupt:
                pass
            finally:
                receiver.stop()
                if previous is not None:
                    signal.signal(signal.SIGTERM, previous)
    finally:
        service.close()
    ctx.out("Stopped receiving jobs; new jobs wait in the queue.")
    return 0


class _printer:
    """Context manager giving ``print_pages(job, rasters)`` for the chosen printer, through the print runner:
    a fresh virtual printer per job (its paper is the job's paper), or the connected Bluetooth printer."""

    def __init__(self, args: Any, ctx: Any, model: Any, service: Any, paper_dir: Path | None) -> None:
        self.args, self.ctx, self.model, self.service, self.paper_dir = args, ctx, model, service, paper_dir
        self._stack: Any = None

    def __enter__(self) -> Any:
        import contextlib

        from phocol_desktop.domain.job import JobOptions
        from phocol_desktop.services.print_runner import (
            BluetoothTarget,
            PrintRequest,
            PrintRunner,
            RasterPages,
            VirtualTarget,
        )
        from phocol_desktop.services.system_printer import PagesPrinted

        self._stack = contextlib.ExitStack()
        if self.args.printer == VIRTUAL:
            from phocol_desktop.services.ble_worker import BleWorker

            runner = PrintRunner(self._stack.enter_context(BleWorker()))
            target: Any = VirtualTarget(self.model, simulated_time=True)
        else:
            from phocol_desktop.cli._bluetooth import CONNECT_WAIT_S, device_service, wait

            devices = self._stack.enter_context(device_service(self.args, self.ctx, privacy=self.service))
            wait(devices.connect(self.args.printer, self.args.model), CONNECT_WAIT_S)
            runner = PrintRunner(devices.worker)
            target = BluetoothTarget(devices, self.model if self.args.model else None)

        def print_pages(job: Any, rasters: Any) -> Any:
            request = PrintRequest(RasterPages(tuple(rasters)), target, JobOptions(copies=job.copies))
            result = runner.run(request)
            if self.paper_dir is not None and result.printer is not None:
                from phocol_desktop.storage.paths import secure_write

                secure_write(self.paper_dir / f"job-{job.number}.png", result.printer.paper_png())
            return PagesPrinted(sum(1 for page in result.jobs if page.ok), result.error)

        return print_pages

    def __exit__(self, *exc: object) -> None:
        self._stack.close()
