"""The one way to print, for the GUI and the command line: pages → encoder → job → link.

    runner = PrintRunner(worker)                                # services.ble_worker.BleWorker, started
    handle = runner.start(PrintRequest(PhotoPages(path, edits), VirtualTarget(model), JobOptions(copies=2)),
                          on_progress=lambda p: ..., history=privacy.data.print_history)
    handle.cancel()                                             # from any thread: stops at the next chunk
    result = handle.future.result()                             # PrintResult, or the typed error

- A **source** (``PageSource``) turns a printer model into 1-bit pages (``Raster``, ``model.head_dots``
  wide): ``PhotoPages`` renders a photo with its ``EditState`` exactly as ``render`` and the preview do,
  ``RasterPages`` prints pages already rendered (the GUI prints the very raster it previewed). A new kind
  of document (PDF pages, a design, CSV rows) is a new source class; nothing here changes.
- A **target** says where the bytes go: ``VirtualTarget`` (a fresh in-process virtual printer, on real or
  simulated time, optionally with a fault scenario) or ``BluetoothTarget`` (the printer a ``DeviceService``
  is connected to; its keep-alive and status polling stand back while the job runs).
- Each page is encoded by the model's protocol family and sent by one ``PrintJob`` on the same link; the
  first page that does not print stops the run (nothing is re-sent).
- Progress, cancel, the protocol trace (``trace=``: a ``TraceRecorder`` the session is recorded into)
  and the print history (``history=``: anything with ``add(**fields)``, e.g. ``PersonalData.print_history``)
  are options of the call, so every surface gets the same behaviour by passing the same things.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
import threading
from collections.abc import Callable, Coroutine, Iterable, Sized
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

from phocol_desktop.domain.clock import Clock, SimClock, SystemClock
from phocol_desktop.domain.errors import PhocolError, PrinterFault
from phocol_desktop.domain.job import JobOptions, JobProgress
from phocol_desktop.domain.printer_model import MediaPreset, PrinterModel
from phocol_desktop.domain.raster import Raster
from phocol_desktop.domain.status_words import fault_words
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP
from phocol_desktop.services.print_job import (
    CANCELLED,
    FAILED,
    PRINTED,
    JobCancelledByUser,
    JobResult,
    PrintJob,
)
from phocol_desktop.storage.logging_setup import PRINT_RECORD
from phocol_desktop.transport.base import LinkLost, PrinterLink

if TYPE_CHECKING:  # imported lazily at run time: printing from the CLI must not pay for what it does not use
    from phocol_desktop.emulator.scenario import Scenario
    from phocol_desktop.emulator.virtual_printer import VirtualPrinter
    from phocol_desktop.imaging.edits import EditState
    from phocol_desktop.imaging.pipeline import PreparedPhoto
    from phocol_desktop.services.ble_worker import BleWorker
    from phocol_desktop.services.devices import DeviceService
    from phocol_desktop.support.trace import Trace, TraceRecorder

log = logging.getLogger(__name__)

# The in-process virtual printer has printed everything the moment it has received it, so its jobs skip
# the drain wait a real printer needs to empty its buffer (8 s for unmeasured models).
VIRTUAL_DRAIN_S = 0.2


class PrintNotPossible(PhocolError):
    advice = QT_TRANSLATE_NOOP("Errors", "Nothing was sent. Check the printer and the page size, then print again.")


# ------------------------------------------------------------------------------------------------ sources

class PageSource(Protocol):
    """Anything that can be printed: the 1-bit pages it makes for ``model`` (``model.head_dots`` wide).

    ``pages`` may be a generator (rendered one at a time, while the previous page prints); when it
    returns a sized collection, progress reports "page n of N".
    """

    def pages(self, model: PrinterModel) -> Iterable[Raster]: ...


@dataclass(frozen=True)
class RasterPages:
    """Pages rendered already, for one head width (the GUI prints the raster it previewed)."""

    rasters: tuple[Raster, ...]

    def pages(self, model: PrinterModel) -> tuple[Raster, ...]:
        for raster in self.rasters:
            if raster.width != model.head_dots:
                raise PrintNotPossible(
                    f"The page is {raster.width} dots wide but the {model.display_name} prints {model.head_dots}.",
                    "Pick the printer before the picture is prepared, so the preview is made for it.")
        return self.rasters


@dataclass(frozen=True)
class PhotoPages:
    """A photo with its edits, rendered for the printer's model by the same function as ``render``.

    The paper: ``preset`` (a preset id of the model), or a custom ``width_mm``/``length_mm``, else the
    preset the edits name, else the model's default paper.
    """

    photo: str | os.PathLike[str] | bytes | PreparedPhoto
    edits: EditState | None = None
    preset: str | None = None
    width_mm: float | None = None
    length_mm: float | None = None
    warnings: list[object] = field(default_factory=list, compare=False)  # of the last pages() call

    def paper(self, model: PrinterModel) -> MediaPreset:
        from phocol_desktop.imaging.layout import paper_for

        if self.width_mm is not None or self.length_mm is not None:
            return paper_for(model, self.preset, self.width_mm, self.length_mm)
        return paper_for(model, self.preset or (self.edits.preset if self.edits else "") or None)

    def pages(self, model: PrinterModel) -> tuple[Raster, ...]:
        from phocol_desktop.imaging.pipeline import PreparedPhoto, render, render_file

        paper = self.paper(model)
        if isinstance(self.photo, PreparedPhoto):
            rendered = render(self.photo, self.edits, model, paper)
        else:
            rendered = render_file(self.photo, model, self.edits, paper)
        self.warnings[:] = rendered.warnings  # e.g. caption characters no installed font has
        return (rendered.raster,)


# ------------------------------------------------------------------------------------------------ targets

@dataclass(frozen=True)
class VirtualTarget:
    """A fresh virtual printer of ``model`` for this run (its paper shows this run only)."""

    model: PrinterModel
    scenario: Scenario | None = None  # faults and timings (None: a healthy printer)
    simulated_time: bool = False  # True: no waiting (the result says how long a real printer would take)


@dataclass(frozen=True)
class BluetoothTarget:
    """The printer ``devices`` is connected to; ``model`` overrides the model the link resolved."""

    devices: DeviceService
    model: PrinterModel | None = None


Target = VirtualTarget | BluetoothTarget


@dataclass(frozen=True)
class PrintRequest:
    source: PageSource
    target: Target
    options: JobOptions = field(default_factory=JobOptions)


# ------------------------------------------------------------------------------------------------ results

@dataclass(frozen=True)
class PrintProgress:
    page: int  # 1-based: the page being sent
    pages: int | None  # None when the source does not say how many
    sent_bytes: int  # of this page
    total_bytes: int  # of this page
    elapsed_s: float = 0.0  # since the run started (the job's clock)

    @property
    def fraction(self) -> float:
        """Of the whole run when the page count is known, else of this page."""
        page_fraction = JobProgress(self.sent_bytes, self.total_bytes).fraction
        if not self.pages:
            return page_fraction
        return min(1.0, (self.page - 1 + page_fraction) / self.pages)

    @property
    def eta_s(self) -> float | None:
        """Seconds still to go at the pace so far (None until something was sent); long strips show it."""
        done = self.fraction
        if done <= 0 or self.elapsed_s <= 0:
            return None
        return self.elapsed_s * (1 - done) / done


@dataclass(frozen=True)
class PrintResult:
    model: PrinterModel  # the model the pages were rendered and encoded for
    jobs: tuple[JobResult, ...]  # one per page sent, in order
    printer: VirtualPrinter | None = None  # VirtualTarget: the printer that printed (its paper and stats)
    trace: Trace | None = None  # with ``trace=``: the recorded session

    @property
    def outcome(self) -> str:
        """printed / unconfirmed / failed / cancelled: the first page that did not print decides."""
        return next((job.outcome for job in self.jobs if job.outcome != PRINTED), PRINTED)

    @property
    def ok(self) -> bool:
        return self.outcome == PRINTED

    @property
    def error(self) -> PhocolError | None:
        return next((job.error for job in self.jobs if job.error is not None), None)

    @property
    def sent_bytes(self) -> int:
        return sum(job.sent_bytes for job in self.jobs)

    @property
    def total_bytes(self) -> int:
        return sum(job.total_bytes for job in self.jobs)

    @property
    def last_job(self) -> JobResult | None:
        return self.jobs[-1] if self.jobs else None

    def raise_for_outcome(self) -> None:
        if self.error is not None:
            raise self.error


class PrintHistorySink(Protocol):
    def add(self, **fields: Any) -> bool: ...


class PrintHandle:
    """A running print: its future (``PrintResult`` or the typed error) and a thread-safe cancel."""

    def __init__(self, future: concurrent.futures.Future[PrintResult], cancel: Callable[[], None]) -> None:
        self.future = future
        self._cancel = cancel

    def cancel(self) -> None:
        self._cancel()


class _Cancel:
    """Cancel requests from any thread, delivered to the job running on the worker's loop."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requested = False
        self._job: PrintJob | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def attach(self, job: PrintJob | None) -> None:
        with self._lock:
            self._job = job
            self._loop = asyncio.get_running_loop() if job is not None else None
            if job is not None and self.requested:
                job.cancel()

    def __call__(self) -> None:
        with self._lock:
            self.requested = True
            if self._job is not None and self._loop is not None:
                self._loop.call_soon_threadsafe(self._job.cancel)


# ------------------------------------------------------------------------------------------------ runner

class PrintRunner:
    """Runs print requests on ``worker`` (virtual printers) or on the Bluetooth target's own worker."""

    def __init__(self, worker: BleWorker) -> None:
        self.worker = worker

    def start(self, request: PrintRequest, *, on_progress: Callable[[PrintProgress], None] | None = None,
              history: PrintHistorySink | None = None, trace: TraceRecorder | None = None) -> PrintHandle:
        """Start printing; returns at once. Raises before anything is sent when the target is known not to
        be ready (not connected, paper out, cover open, too hot). ``on_progress`` runs on the worker thread.
        """
        run = _Run(request, _Cancel(), on_progress, history, trace)
        target = request.target
        if isinstance(target, BluetoothTarget):
            devices = target.devices
            _require_ready(devices)

            def on_link(link: PrinterLink) -> Coroutine[Any, Any, PrintResult]:
                model = target.model or devices.model
                assert model is not None  # a connected DeviceService always knows a model
                return run.on_link(link, model)

            future = devices.run_on_link(on_link)
        else:
            future = self.worker.submit(run.on_virtual_printer(target))
        return PrintHandle(future, run.cancel)

    def run(self, request: PrintRequest, **options: Any) -> PrintResult:
        """Blocking: start and wait (the command line). Ctrl-C cancels the job on the worker."""
        handle = self.start(request, **options)
        try:
            return handle.future.result()
        except BaseException:
            handle.cancel()
            handle.future.cancel()
            raise


@dataclass
class _Run:
    """One print request with the options of its call, run on the worker's loop."""

    request: PrintRequest
    cancel: _Cancel
    on_progress: Callable[[PrintProgress], None] | None
    history: PrintHistorySink | None
    trace: TraceRecorder | None

    async def on_virtual_printer(self, target: VirtualTarget) -> PrintResult:
        from phocol_desktop.emulator.scenario import Scenario
        from phocol_desktop.emulator.virtual_printer import VirtualPrinter
        from phocol_desktop.support.recording import RecordingLink
        from phocol_desktop.transport.virtual import LinkTiming, VirtualLink

        scenario = target.scenario or Scenario()
        clock: Clock = SimClock() if target.simulated_time else SystemClock()
        printer = VirtualPrinter(target.model, scenario, clock=clock)
        # Every session is recorded: into ``trace`` when given, else memory only (the last few sessions,
        # for a support bundle).
        link = RecordingLink(VirtualLink(printer, clock, LinkTiming(mtu=scenario.mtu)), self.trace,
                             model_id=target.model.id, transport="virtual")
        await link.connect()
        try:
            result = await self._pages(link, target.model, clock, virtual=True)
        finally:
            await link.disconnect()
        return replace(result, printer=printer, trace=link.trace if self.trace is not None else None)

    async def on_link(self, link: PrinterLink, model: PrinterModel) -> PrintResult:
        """A connected Bluetooth link: recorded into ``trace`` (when given) while the pages print."""
        if self.trace is None:
            return await self._pages(link, model, SystemClock(), virtual=False)
        from phocol_desktop.support.recording import RecordingLink

        # The wrapper takes the link's notifications for the session; they go back to whoever listened
        # before (the device service's status decoder) when it ends.
        notify, disconnected = getattr(link, "_notify", None), getattr(link, "_disconnected", None)
        recorded = RecordingLink(link, self.trace, model_id=model.id)
        await recorded.connect()  # the link is live already: this starts the recorded session
        try:
            result = await self._pages(recorded, model, SystemClock(), virtual=False)
        finally:
            link.on_notification(notify)  # type: ignore[arg-type]
            link.on_disconnect(disconnected)  # type: ignore[arg-type]
        return replace(result, trace=recorded.trace)

    async def _pages(self, link: PrinterLink, model: PrinterModel, clock: Clock, *, virtual: bool) -> PrintResult:
        from phocol_desktop.protocol import encode_job

        options = self.request.options
        job_model = replace(model, drain_timeout_s=VIRTUAL_DRAIN_S) if virtual else model
        pages = self.request.source.pages(model)
        count = len(pages) if isinstance(pages, Sized) else None
        results: list[JobResult] = []
        started = clock.now()
        for number, raster in enumerate(pages, start=1):
            if self.cancel.requested:
                break
            encoded = encode_job(raster, options, model)

            def progress(p: JobProgress, page: int = number) -> None:
                if self.on_progress is not None:
                    self.on_progress(PrintProgress(page, count, p.sent_bytes, p.total_bytes, clock.now() - started))

            job = PrintJob(link, job_model, encoded, clock=clock, on_progress=progress)
            self.cancel.attach(job)
            try:
                result = await job.run()
            finally:
                self.cancel.attach(None)
            results.append(result)
            if self.history is not None:  # the sink applies the purpose, retention and pause
                self.history.add(model_id=model.id, copies=options.copies, density=options.density,
                                 width=raster.width, height=raster.height, result=result.outcome)
            log.info("page %d on %s (%s): %s, %d of %d bytes", number, "virtual" if virtual else "bluetooth",
                     model.id, result.outcome, result.sent_bytes, result.total_bytes, extra=PRINT_RECORD)
            if not result.ok:
                break
        if not results:
            if self.cancel.requested:
                error: PhocolError = JobCancelledByUser("Printing was cancelled before anything was sent.")
            else:
                error = PrintNotPossible("Nothing was printed: the document has no pages.")
            outcome = CANCELLED if self.cancel.requested else FAILED
            results.append(JobResult(outcome, 0, 0, 0, 0.0, 0, 0, "", error=error))
        return PrintResult(model, tuple(results))


def _require_ready(devices: DeviceService) -> None:
    """What is known before anything is sent: a live link, and no fault the printer already reported."""
    link = devices.link
    if link is None or not link.is_connected or devices.model is None:
        raise LinkLost(QT_TRANSLATE_NOOP("Errors", "The printer is not connected."),
                       QT_TRANSLATE_NOOP("Errors", "Select it and press Connect, then print again."))
    fault = fault_words(devices.status)
    if fault:  # the fault's words are status_words' and translated as such
        raise PrinterFault(fault, QT_TRANSLATE_NOOP("Errors", "Fix it on the printer, then print again; nothing was "
                                                              "sent."))
