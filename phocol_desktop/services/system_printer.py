"""What happens to a document another app printed to the Phocol queue: one path for the GUI and
``system-printer serve``.

    jobs = IncomingJobs(require=gate.require, model=model, print_pages=..., history=data.print_history)
    receiver = JobReceiver(socket_path, jobs.handle).start()

For each job (on the receiver's thread): the privacy gate is asked for ``print.from_other_apps`` (in
context: the GUI shows its permission prompt the first time a job arrives; ``serve`` needs
``--allow-jobs`` or a standing grant), then ``confirm(job)`` lets the GUI's queue panel wait for the
user's Print or Cancel (or hand the job back to CUPS when the app closes), then every page is rendered
at the printer's dots (``DocumentPages``, the same source as ``print doc.pdf``) and printed by
``print_pages``; the print history gets one entry per job
under the purpose, the activity list one access event (written by the gate). The answer goes back to
the CUPS backend, which completes, cancels or keeps the job in CUPS accordingly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from phocol_desktop.domain.errors import PermissionDenied, PhocolError
from phocol_desktop.domain.printer_model import PrinterModel
from phocol_desktop.domain.raster import Raster
from phocol_desktop.services.documents import DocumentPages
from phocol_desktop.services.job_receiver import (
    FAILED,
    PRINTED,
    REFUSED,
    RETRY,
    UNPRINTABLE,
    IncomingJob,
    JobAnswer,
)

log = logging.getLogger(__name__)

PURPOSE = "print.from_other_apps"
FEATURE = "system_queue_job"


class HistorySink(Protocol):
    def add(self, **fields: Any) -> bool: ...


@dataclass(frozen=True)
class PagesPrinted:
    """What ``print_pages`` reports: ``error`` None when every page printed."""

    pages: int
    error: PhocolError | None = None


PrintPages = Callable[[IncomingJob, tuple[Raster, ...]], PagesPrinted]


class IncomingJobs:
    def __init__(self, *, require: Callable[..., None], model: Callable[[], PrinterModel] | PrinterModel,
                 print_pages: PrintPages, history: HistorySink | None = None,
                 confirm: Callable[[IncomingJob], bool | None] | None = None, mode: str = "auto",
                 on_event: Callable[[IncomingJob, str, str], None] | None = None,
                 preset: Callable[[], str | None] | None = None) -> None:
        self._require = require
        self._model = model
        self._print_pages = print_pages
        self._history = history
        self._confirm = confirm
        self._mode = mode
        self._on_event = on_event
        self._preset = preset  # the paper id to print on (None: the model's default paper)

    def model(self) -> PrinterModel:
        return self._model() if callable(self._model) else self._model

    def pages(self, job: IncomingJob) -> DocumentPages:
        """The job's pages on the paper it prints on (the GUI previews the same source)."""
        return DocumentPages(job.document, mode=self._mode, preset=self._preset() if self._preset else None)

    def _event(self, job: IncomingJob, kind: str, message: str = "") -> None:
        if self._on_event is not None:
            self._on_event(job, kind, message)

    def handle(self, job: IncomingJob, say: Callable[[str], None]) -> JobAnswer:
        """The receiver's handler: gate, confirm, render, print, record. Never raises."""
        self._event(job, "received")
        try:
            say("Waiting for permission in Phocol Desktop")
            self._require(PURPOSE, feature=FEATURE)
        except PermissionDenied as exc:
            log.info("system queue job %d refused by the privacy gate", job.number)
            self._event(job, "refused", exc.reason)
            return JobAnswer(REFUSED, "Printing from other apps is not allowed in Phocol Desktop "
                                      "(Privacy > Permissions).")
        if self._confirm is not None:
            say("Waiting for you to press Print in Phocol Desktop")
            decision = self._confirm(job)
            if decision is None:  # the app is closing: the job goes back to CUPS, which retries it later
                self._event(job, "later")
                return JobAnswer(RETRY, "Phocol Desktop closed before the job was printed; it waits in the queue.")
            if not decision:
                self._event(job, "cancelled")
                return JobAnswer(REFUSED, "Cancelled in Phocol Desktop.")
        model = self.model()
        try:
            rasters = self.pages(job).pages(model)
        except PhocolError as exc:
            self._event(job, "unprintable", exc.user_message())
            self._record(job, model, 0, "failed")
            return JobAnswer(UNPRINTABLE, exc.user_message())
        say(f"Printing {len(rasters)} page{'s' if len(rasters) != 1 else ''}")
        self._event(job, "printing")
        try:
            printed = self._print_pages(job, rasters)
        except PhocolError as exc:
            printed = PagesPrinted(0, exc)
        except Exception as exc:  # a bug must not leave the CUPS job hanging
            log.exception("system queue job %d: printing raised", job.number)
            printed = PagesPrinted(0, PhocolError(f"Printing failed ({type(exc).__name__})."))
        if printed.error is not None:
            self._record(job, model, printed.pages, "failed")
            self._event(job, "failed", printed.error.user_message())
            return JobAnswer(FAILED, printed.error.user_message())
        self._record(job, model, printed.pages, "printed")
        self._event(job, "printed")
        return JobAnswer(PRINTED, f"Printed {printed.pages} page{'s' if printed.pages != 1 else ''} on "
                                  f"{model.display_name}.")

    def _record(self, job: IncomingJob, model: PrinterModel, pages: int, result: str) -> None:
        """One print-history entry per job: model, pages, copies and result — no document, no title."""
        if self._history is not None:
            self._history.add(model_id=model.id, copies=job.copies, pages=pages, result=result, purpose=PURPOSE,
                              source="system_queue")
