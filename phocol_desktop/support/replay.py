"""Replay the host side of a trace against a printer link (the virtual printer, or a real one).

Writes go out in their recorded order, re-chunked to the link's write size, with the recorded gaps
between them (``fast`` drops the gaps: the link's own speed is then the only limit). What the printer
answers is collected and decoded. Before anything is sent to a **real** printer the whole stream must
pass the protocol's danger-list guard (PROTOCOL.md §9: support mode replays captured jobs through the
same allowlist), so a capture holding an undocumented ``1F 11 xx`` is refused, not replayed. The virtual
printer may receive anything: reproducing what a bad stream does is the point.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from phocol_desktop.domain.clock import Clock
from phocol_desktop.domain.errors import DangerousCommand, ProtocolError
from phocol_desktop.domain.events import PrinterEvent
from phocol_desktop.domain.printer_model import PrinterModel
from phocol_desktop.protocol import status_codec
from phocol_desktop.support.decode import OK, split_tolerant
from phocol_desktop.support.trace import Trace, TraceError
from phocol_desktop.transport.base import LinkLost, PrinterLink


class ReplayRefused(DangerousCommand):
    advice = ("Replay to a real printer only sends documented commands. Replay it to the virtual printer "
              "(`--printer virtual`) to see what it does.")


@dataclass(frozen=True)
class ReplayResult:
    writes: int  # link writes made (after re-chunking)
    bytes_sent: int
    total_bytes: int
    duration_s: float  # on the replay clock
    notifications: tuple[bytes, ...]
    events: tuple[PrinterEvent, ...]
    link_lost: bool


def check_replayable(trace: Trace, model: PrinterModel) -> None:
    """Raise ReplayRefused unless every host byte is a documented command allowed for ``model``."""
    for piece in split_tolerant(trace.host_bytes(), model):
        if piece.flag != OK:
            raise ReplayRefused(f"The trace holds a command that is not sent to real printers at byte "
                                f"{piece.offset} ({piece.data[:8].hex(' ').upper()}): {piece.why}.")


async def replay_trace(trace: Trace, link: PrinterLink, model: PrinterModel, clock: Clock, *, fast: bool = False,
                       drain_s: float | None = None,
                       on_progress: Callable[[int, int], None] | None = None) -> ReplayResult:
    """Send the trace's host writes over ``link`` (already connected); keep the link until the printer drained."""
    host = [e for e in trace.events if e.from_host]
    if not host:
        raise TraceError("The trace has no host writes to replay.", "Record or import a print session first.")
    total = sum(len(e.data) for e in host)
    codec = status_codec(model)
    notes: list[bytes] = []
    events: list[PrinterEvent] = []
    lost = False
    previous_notify = getattr(link, "_notify", None)
    previous_disconnect = getattr(link, "_disconnected", None)

    def on_notify(data: bytes) -> None:
        if previous_notify is not None:
            previous_notify(data)
        notes.append(bytes(data))
        try:
            events.extend(codec.feed(data))
        except ProtocolError:
            pass  # kept raw in ``notifications``; the decoder already reports garbage as UnknownFrame

    def on_disconnect() -> None:
        nonlocal lost
        lost = True
        if previous_disconnect is not None:
            previous_disconnect()

    link.on_notification(on_notify)
    link.on_disconnect(on_disconnect)
    start = clock.now()
    t_base = host[0].t
    sent = writes = 0
    try:
        max_write = link.info.max_write
        for e in host:
            if not fast:
                wait = start + (e.t - t_base) - clock.now()
                if wait > 0:
                    await clock.sleep(wait)
            for i in range(0, len(e.data), max_write):
                chunk = e.data[i:i + max_write]
                try:
                    await link.write(chunk)
                except LinkLost:
                    lost = True
                    break
                sent += len(chunk)
                writes += 1
                if on_progress is not None:
                    on_progress(sent, total)
            if lost:
                break
        if not lost:
            # Keep the link while the printer works through its buffer (PROTOCOL.md §9: never close at once).
            await clock.sleep(model.drain_timeout_s if drain_s is None else drain_s)
    finally:
        link._notify = previous_notify  # type: ignore[attr-defined]
        link._disconnected = previous_disconnect  # type: ignore[attr-defined]
    return ReplayResult(writes, sent, total, clock.now() - start, tuple(notes), tuple(events), lost)
