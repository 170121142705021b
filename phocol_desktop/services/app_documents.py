"""The GUI's side of documents and the system printer queue (part of the ``AppServices`` facade:
``services.documents`` and ``services.system_queue``). No Qt here: the window passes callbacks.

- ``DocumentService``: open a PDF the user picked, thumbnails and exact 1-bit page renders for the current
  printer and paper (worker threads), and printing a page range through the print runner.
- ``SystemQueueService``: add the CUPS queue (``cups_queue``), run the receiver while the app runs
  (``job_receiver``), and hand each incoming job to the window, which shows it until the user presses
  Print or Cancel; the job then goes through ``system_printer.IncomingJobs`` (gate, render, print, record).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from phocol_desktop.domain.errors import PermissionDenied, PhocolError
from phocol_desktop.domain.raster import Raster
from phocol_desktop.imaging.document import THUMBNAIL_MAX_SIDE, Document, RenderedPage, open_document
from phocol_desktop.services.job_receiver import IncomingJob, JobReceiver, default_socket_path

if TYPE_CHECKING:
    from phocol_desktop.services.app import AppServices

log = logging.getLogger(__name__)

SYSTEM_QUEUE_SETTING = "system_queue"  # the queue's name, once the user added it (the receiver then starts)


@dataclass(frozen=True)
class PageImage:
    """A page as the GUI shows it: 8-bit grey rows (thumbnails) or 1-bit packed rows (exact dots)."""

    width: int
    height: int
    data: bytes
    one_bit: bool


@dataclass(frozen=True, eq=False)
class OpenedDocument:
    name: str
    page_count: int
    document: Document = field(repr=False)


def _one_bit(page: RenderedPage) -> PageImage:
    black = np.asarray(page.paper) == 0
    return PageImage(black.shape[1], black.shape[0], np.packbits(black, axis=1).tobytes(), True)


class DocumentService:
    def __init__(self, app: AppServices) -> None:
        self._app = app

    def open(self, path: Path) -> OpenedDocument:
        """Open a PDF the user picked (worker thread). Only that file is read; it is never written."""
        self._app.privacy.file_picked("open_document")  # files.import_export: the activity log names the feature
        doc = open_document(Path(path))
        return OpenedDocument(Path(path).name, doc.page_count, doc)

    def open_bytes(self, data: bytes, name: str) -> OpenedDocument:
        doc = open_document(data, name=name)
        return OpenedDocument(name, doc.page_count, doc)

    def thumbnail(self, opened: OpenedDocument, index: int, max_side: int = 120) -> PageImage:
        image = opened.document.thumbnail(index, min(max_side, THUMBNAIL_MAX_SIDE))
        return PageImage(image.width, image.height, image.tobytes(), False)

    def render_page(self, opened: OpenedDocument, index: int, mode: str, preset: str | None = None) -> PageImage:
        """The exact dots page ``index`` prints as on the current printer's paper (worker thread)."""
        return _one_bit(self._render(opened, index, mode, preset))

    def _render(self, opened: OpenedDocument, index: int, mode: str, preset: str | None) -> RenderedPage:
        model = self._app.current_model()
        return opened.document.render_page(index, model, preset or self._app.default_preset(), mode)

    def select(self, opened: OpenedDocument, page_range: str) -> tuple[int, ...]:
        return opened.document.select(page_range)

    def rasters(self, opened: OpenedDocument, pages: tuple[int, ...], mode: str,
                preset: str | None = None) -> tuple[Raster, ...]:
        """Every chosen page's raster (worker thread): the dots the previews showed."""
        return tuple(self._render(opened, i, mode, preset).raster for i in pages)


@dataclass
class QueuedJob:
    """An incoming job while it waits for the user (the receiver's thread blocks on ``decided``)."""

    job: IncomingJob
    preview: PageImage | None
    decided: threading.Event = field(default_factory=threading.Event)
    accepted: bool | None = None  # None: not printed now, back to the CUPS queue (the app is closing)
    state: str = "waiting"  # waiting / printing / printed / refused / cancelled / failed / unprintable
    message: str = ""


class SystemQueueService:
    def __init__(self, app: AppServices) -> None:
        self._app = app
        self._receiver: JobReceiver | None = None
        self._lock = threading.Lock()
        self.jobs: list[QueuedJob] = []

    # ---------------------------------------------------------------------------------------- the queue
    @property
    def socket_path(self) -> Path:
        return default_socket_path(self._app.paths.runtime_dir)

    def install(self, name: str | None = None) -> str:
        """Add the CUPS queue for the current printer model (worker thread); returns its name."""
        from phocol_desktop.services.cups_queue import DEFAULT_QUEUE, CupsQueue

        queue = CupsQueue(name or DEFAULT_QUEUE)
        queue.install(self._app.current_model(), self.socket_path, staging_dir=self._app.paths.cache)
        self._app.settings_set(SYSTEM_QUEUE_SETTING, queue.name)
        return queue.name

    def installed_name(self) -> str | None:
        name = self._app.settings_get(SYSTEM_QUEUE_SETTING)
        return name if isinstance(name, str) and name else None

    # ------------------------------------------------------------------------------------- the receiver
    @property
    def receiving(self) -> bool:
        return self._receiver is not None

    def start(self, *, ask: Callable[[Any], str], on_change: Callable[[QueuedJob], None]) -> None:
        """Receive jobs while the app runs. ``ask`` shows the permission prompt (from any thread);
        ``on_change`` is called from the receiver's threads whenever a job arrives or changes."""
        from phocol_desktop.services.system_printer import PURPOSE, IncomingJobs, PagesPrinted

        if self._receiver is not None:
            return
        app = self._app

        def require(purpose_id: str, *, feature: str) -> None:
            if not app._allowed_now(purpose_id, feature, ask):
                raise PermissionDenied("Printing from other apps was not allowed.")

        def find(job: IncomingJob) -> QueuedJob | None:
            with self._lock:
                return next((q for q in self.jobs if q.job is job), None)

        def confirm(job: IncomingJob) -> bool | None:
            queued = find(job)
            if queued is None:
                return None
            queued.decided.wait()
            return queued.accepted

        def print_pages(job: IncomingJob, rasters: tuple[Raster, ...]) -> PagesPrinted:
            handle = app.print_pages(app.selected_printer_key(), rasters, copies=job.copies, record_history=False)
            try:
                result = handle.future.result()
            except PhocolError as exc:
                return PagesPrinted(0, exc)
            return PagesPrinted(sum(1 for page in result.jobs if page.ok), result.error)

        def on_event(job: IncomingJob, kind: str, message: str) -> None:
            if kind == "received":
                preview = None
                try:  # the first page exactly as it will print (same source, paper and mode as the job)
                    source = jobs.pages(job)
                    with open_document(job.document, name="The document") as doc:
                        preview = _one_bit(doc.render_page(0, app.current_model(), source.paper(app.current_model()),
                                                           source.mode))
                except PhocolError:
                    pass
                queued = QueuedJob(job, preview)
                with self._lock:
                    self.jobs.append(queued)
            else:
                queued = find(job)
                if queued is None:
                    return
                queued.state, queued.message = kind, message
                if kind in ("printed", "refused", "cancelled", "failed", "unprintable", "later"):
                    app.gate.end_once(PURPOSE)  # "Only this time" meant this job
            on_change(queued)

        jobs = IncomingJobs(require=require, model=app.current_model, print_pages=print_pages,
                            history=app.privacy.data.print_history, confirm=confirm, on_event=on_event,
                            preset=app.default_preset)
        self._receiver = JobReceiver(self.socket_path, jobs.handle).start()

    def decide(self, queued: QueuedJob, accept: bool | None) -> None:
        """The user pressed Print (True) or Cancel (False) for a waiting job; None hands it back to CUPS."""
        queued.accepted = accept
        queued.decided.set()

    def stop(self) -> None:
        with self._lock:
            waiting = [q for q in self.jobs if not q.decided.is_set()]
        for queued in waiting:  # undecided jobs go back to the CUPS queue (retried later), never lost
            self.decide(queued, None)
        if self._receiver is not None:
            self._receiver.stop()
            self._receiver = None
