"""Run one encoded print job over any ``PrinterLink`` (Bluetooth LE or the virtual printer).

    job = PrintJob(link, model, encode_job(raster, options, model), clock=SystemClock(),
                   on_progress=lambda p: ..., on_event=lambda e: ...)
    result = await job.run()          # job.cancel() from another task stops it at the next chunk

What it guarantees (PROTOCOL.md §9, §10):

- **Pre-flight:** the link must be live, and one allowlisted query (battery ``1F 11 08``) must be answered
  within ``preflight_timeout_s``; otherwise "printer not responding" and no raster byte is sent. A
  printer already reporting paper out, cover open or overheating stops the job before it starts.
- Every packet passes the family's danger-list guard again right before it is written.
- Writes are chunked and paced by ``transport.pacing``; progress is bytes sent / total.
- A fault the printer reports mid-job (paper, cover, heat), a cancel from the printer or the user, or
  the link going away stops the job at once. **Nothing is ever re-sent**: the result says how much went
  out (``partial``) and the user decides.
- "Printed" needs the completion frames (families that send ``1A 0F 0C``), else the drain wait: the
  printer's remaining print time as the pacer estimates it, and at least the model's drain timeout.
  The link stays open meanwhile: the printer may still be printing from its buffer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from phocol_desktop.domain.clock import Clock
from phocol_desktop.domain.errors import PhocolError, PrinterFault, ProtocolError
from phocol_desktop.domain.events import (
    BatteryLevel,
    JobCancelled,
    JobFinished,
    PrinterEvent,
    PrinterStatus,
)
from phocol_desktop.domain.job import JobProgress
from phocol_desktop.domain.printer_model import Pacing, PrinterModel
from phocol_desktop.domain.status_words import fault_words
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP
from phocol_desktop.protocol import EncodedJob, dialect_for
from phocol_desktop.protocol.packets import FlowSignal, PacketKind
from phocol_desktop.storage.logging_setup import PRINT_RECORD
from phocol_desktop.transport.base import LinkInfo, LinkLost, PrinterLink, PrinterNotResponding
from phocol_desktop.transport.pacing import Pacer, PacingPlan, plan_for

log = logging.getLogger(__name__)

PRINTED, UNCONFIRMED, FAILED, CANCELLED = "printed", "unconfirmed", "failed", "cancelled"
BATTERY_QUERY = 0x08
POLL_S = 0.01


# A fault the printer reported mid-job ({0}: its words from status_words, translated as well).
FAULT_NOTHING_SENT = QT_TRANSLATE_NOOP("Errors", "{0} Nothing was sent.")
FAULT_STOPPED_AFTER = QT_TRANSLATE_NOOP("Errors", "{0} Stopped after {1} of {2} bytes.")


class JobCancelledByPrinter(PrinterFault):
    advice = QT_TRANSLATE_NOOP("Errors", "The printer cancelled the job (its button, or an error it detected). Check "
                                         "it and print again.")


class JobCancelledByUser(PhocolError):
    advice = QT_TRANSLATE_NOOP("Errors", "Nothing more was sent. Part of the picture may have printed.")


class PrintNotConfirmed(PrinterFault):
    advice = QT_TRANSLATE_NOOP("Errors", "Everything was sent, but the printer did not say it finished. Check the "
                                         "paper before printing again.")


@dataclass(frozen=True)
class JobResult:
    outcome: str  # printed / unconfirmed / failed / cancelled
    sent_bytes: int
    total_bytes: int
    raster_bytes_sent: int
    duration_s: float
    chunk: int
    mtu: int
    pacing: str
    error: PhocolError | None = None
    events: tuple[PrinterEvent, ...] = field(default=(), repr=False)

    @property
    def ok(self) -> bool:
        return self.outcome == PRINTED

    @property
    def partial(self) -> bool:
        """Some but not all of the job reached the printer (a re-print may duplicate part of it)."""
        return 0 < self.sent_bytes < self.total_bytes

    def raise_for_outcome(self) -> None:
        if self.error is not None:
            raise self.error


class PrintJob:
    def __init__(self, link: PrinterLink, model: PrinterModel, job: EncodedJob, *, clock: Clock,
                 on_progress: Callable[[JobProgress], None] | None = None,
                 on_event: Callable[[PrinterEvent], None] | None = None,
                 pacing: Pacing | None = None, preflight_timeout_s: float = 1.0,
                 completion_timeout_s: float | None = None) -> None:
        self.link = link
        self.model = model
        self.job = job
        self.clock = clock
        self._on_progress = on_progress
        self._on_event = on_event
        self._pacing_override = pacing
        self._preflight_timeout_s = preflight_timeout_s
        self._completion_timeout_s = completion_timeout_s
        self._dialect = dialect_for(model)
        self._decoder = self._dialect.make_decoder(model)
        self._cancel_requested = False
        self._lost = False
        self._events: list[PrinterEvent] = []
        self._notifications = 0
        self._finished = 0
        self._printer_cancelled = False
        self.status = PrinterStatus()
        self.sent = 0
        self.raster_sent = 0
        self.pacer: Pacer | None = None
        self.plan: PacingPlan | None = None
        self._info: LinkInfo | None = None  # kept so a failed job still reports its MTU

    def cancel(self) -> None:
        """Stop at the next chunk boundary (safe from any task on the link's loop)."""
        self._cancel_requested = True

    # ------------------------------------------------------------------------------------------------ run

    async def run(self) -> JobResult:
        start = self.clock.now()
        previous_notify = getattr(self.link, "_notify", None)
        previous_disconnect = getattr(self.link, "_disconnected", None)

        def on_notify(data: bytes) -> None:
            if previous_notify is not None:
                previous_notify(data)
            self._on_notification(data)

        def on_disconnect() -> None:
            if previous_disconnect is not None:
                previous_disconnect()
            self._lost = True

        self.link.on_notification(on_notify)
        self.link.on_disconnect(on_disconnect)
        error: PhocolError | None = None
        outcome = PRINTED
        try:
            await self._run()
        except (JobCancelledByUser, JobCancelledByPrinter) as exc:
            outcome, error = CANCELLED, exc
        except PrintNotConfirmed as exc:
            outcome, error = UNCONFIRMED, exc
        except PhocolError as exc:
            outcome, error = FAILED, exc
        finally:
            # Hand the link back to whoever listened before (the device service's status decoder).
            self.link._notify = previous_notify  # type: ignore[attr-defined]
            self.link._disconnected = previous_disconnect  # type: ignore[attr-defined]
        info = self._info
        result = JobResult(
            outcome=outcome, sent_bytes=self.sent, total_bytes=self.job.total_bytes,
            raster_bytes_sent=self.raster_sent, duration_s=self.clock.now() - start,
            chunk=self.plan.chunk if self.plan else 0, mtu=info.mtu if info else 0,
            pacing=self.plan.describe() if self.plan else "", error=error, events=tuple(self._events))
        log.info("print job %s: %d/%d bytes in %.2f s (%s)", outcome, result.sent_bytes, result.total_bytes,
                 result.duration_s, result.pacing, extra=PRINT_RECORD)  # kept only while print history is on
        return result

    async def _run(self) -> None:
        self._check_link()
        info = self._info = self.link.info
        self.plan = plan_for(self.model, info, self.job, self._pacing_override, self._dialect.flow_control)
        self.pacer = Pacer(self.plan, self.clock, self.job.bytes_per_row)
        await self._preflight()
        self._progress()
        for packet in self.job.packets:
            self._dialect.check(packet.data, self.model)  # raises DangerousCommand: nothing of it is sent
            data = packet.data
            for offset in range(0, len(data), self.plan.chunk):
                chunk = data[offset : offset + self.plan.chunk]
                self._check_stop()
                await self.pacer.before_write(len(chunk))
                self._check_stop()
                try:
                    await self.link.write(chunk)
                except LinkLost:
                    self._lost = True
                    raise self._lost_error() from None
                self.pacer.wrote(len(chunk))
                self.sent += len(chunk)
                if packet.kind is PacketKind.RASTER:
                    self.raster_sent += len(chunk)
                self._progress()
            await self.pacer.after_packet(packet)
            if packet.await_reply_s:
                seen = self._notifications
                await self._wait(lambda seen=seen: self._notifications > seen, packet.await_reply_s)
        self._check_stop()
        await self._wait_until_printed()

    # ----------------------------------------------------------------------------------------- helpers

    def _progress(self) -> None:
        if self._on_progress is not None:
            self._on_progress(JobProgress(self.sent, self.job.total_bytes))

    def _on_notification(self, data: bytes) -> None:
        self._notifications += 1
        try:
            events = self._decoder.feed(data)
        except ProtocolError:
            log.warning("undecodable notification ignored")
            return
        for event in events:
            self._events.append(event)
            self.status = self.status.apply(event)
            if isinstance(event, JobFinished):
                self._finished += 1
            elif isinstance(event, JobCancelled):
                self._printer_cancelled = True
            elif isinstance(event, FlowSignal) and self.pacer is not None:
                self.pacer.signal(event)
            if self._on_event is not None:
                self._on_event(event)

    def _check_link(self) -> None:
        if self._lost or not self.link.is_connected:
            self._lost = True
            raise self._lost_error()

    def _lost_error(self) -> LinkLost:
        if self.sent == 0:
            return LinkLost("The printer is not connected; nothing was sent.")
        return LinkLost(f"The printer disconnected after {self.sent} of {self.job.total_bytes} bytes; "
                        "the job was stopped and not re-sent.")

    def _check_stop(self) -> None:
        """Raise if anything says stop: the user, the printer, a fault it reported, the link."""
        if self._cancel_requested:
            raise JobCancelledByUser(QT_TRANSLATE_NOOP("Errors", "Printing was cancelled after {0} of {1} bytes."),
                                     reason_args=(self.sent, self.job.total_bytes))
        if self._printer_cancelled:
            raise JobCancelledByPrinter(QT_TRANSLATE_NOOP("Errors", "The printer cancelled the job."))
        fault = fault_words(self.status)
        if fault:
            if self.sent == 0:
                raise PrinterFault(FAULT_NOTHING_SENT, reason_args=(fault,))
            raise PrinterFault(FAULT_STOPPED_AFTER, reason_args=(fault, self.sent, self.job.total_bytes))
        self._check_link()

    async def _wait(self, done: Callable[[], bool], timeout: float) -> bool:
        """Poll on the job's clock until ``done`` or ``timeout``; stop conditions raise meanwhile."""
        deadline = self.clock.now() + timeout
        while True:
            if done():
                return True
            self._check_stop()
            remaining = deadline - self.clock.now()
            if remaining <= 0:
                return False
            await self.clock.sleep(min(POLL_S, remaining))

    async def _preflight(self) -> None:
        queries = self.model.queries
        if not queries:
            return  # nothing allowlisted to ask: the live-link check above is all we can do
        code = BATTERY_QUERY if BATTERY_QUERY in queries else queries[0]
        seen = self._notifications
        try:
            await self.link.write(self._dialect.query(code, self.model))
        except LinkLost:
            self._lost = True
            raise self._lost_error() from None

        def answered() -> bool:
            if code == BATTERY_QUERY:
                return any(isinstance(e, BatteryLevel) for e in self._events)
            return self._notifications > seen

        if not await self._wait(answered, self._preflight_timeout_s):
            raise PrinterNotResponding("The printer is not responding; nothing was printed.")

    async def _wait_until_printed(self) -> None:
        assert self.pacer is not None
        remaining = self.pacer.remaining_print_s()
        if self.job.expected_completions:
            timeout = self._completion_timeout_s or (remaining + max(self.model.drain_timeout_s, 8.0))
            if not await self._wait(lambda: self._finished >= self.job.expected_completions, timeout):
                raise PrintNotConfirmed(QT_TRANSLATE_NOOP("Errors", "The printer did not confirm that the job "
                                                                    "finished."))
            return
        # No completion frame in this family: keep the link open while it drains (phomemo-tools: 8 s idle;
        # M04: max(8, bytes/1000)), or longer when the pacer knows the head needs longer.
        drain = max(self.model.drain_timeout_s, remaining, self.job.total_bytes / 1000
                    if self.model.single_block else 0.0)
        await self._wait(lambda: False, drain)
