"""Record every printer session: a ``PrinterLink`` wrapper that feeds a ``TraceRecorder``.

The wrapper is transport-agnostic, so BLE and virtual sessions record the same way::

    link = RecordingLink(BleLink(...), recorder, model_id=model.id, printer=pseudonym)
    await link.connect()            # starts a new session in the recorder ring
    await link.write(chunk)         # recorded as write / write_req (the link's write type)
    # notifications and disconnects from the inner link are recorded, then passed on to subscribers

Recording is on by default and memory only: the recorder keeps the last few sessions and nothing is
written to disk unless the user saves a trace or attaches it to a support bundle. No address is recorded;
callers name the printer by its pseudonym.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from typing import Any

from phocol_desktop.storage.crypto import pseudonymise
from phocol_desktop.support.trace import LINK, NOTIFY, WRITE, WRITE_REQ, Trace, TraceRecorder
from phocol_desktop.transport.base import LinkInfo, PrinterLink

_ADDRESS = re.compile(r"[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}")
# A session that streams more than this stops recording payloads (a note says so): memory stays bounded
# even if the app is left printing for days. 5 sessions x 16 MiB is the worst case. Events are capped too,
# since keep-alive queries and their answers are tiny but endless.
MAX_SESSION_BYTES = 16 * 1024 * 1024
MAX_SESSION_EVENTS = 250_000

_default_recorder: TraceRecorder | None = None
_default_lock = threading.Lock()


def default_recorder() -> TraceRecorder:
    """The process-wide recorder every session records into (the GUI, CLI and support bundle share it)."""
    global _default_recorder
    with _default_lock:
        if _default_recorder is None:
            _default_recorder = TraceRecorder(time.monotonic)
        return _default_recorder


class RecordingLink(PrinterLink):
    """Wraps a link; records writes, notifications and link events into ``recorder`` when it is enabled."""

    def __init__(self, inner: PrinterLink, recorder: TraceRecorder | None = None, *, enabled: bool = True,
                 **meta: Any) -> None:
        self.inner = inner
        self.recorder = recorder if recorder is not None else default_recorder()
        self.enabled = enabled
        self.meta = {k: v for k, v in meta.items() if isinstance(v, str | int | float | bool)}
        self.trace: Trace | None = None
        self._bytes = 0
        self._events = 0
        self._lock = threading.Lock()  # notifications may arrive on another thread than writes
        self._truncated = False
        inner.on_notification(self._inner_notified)
        inner.on_disconnect(self._inner_disconnected)

    # ------------------------------------------------------------------------------------ recording

    def _record(self, kind: str, data: bytes = b"", note: str = "") -> None:
        if not self.enabled or self.trace is None:
            return
        with self._lock:
            if self.recorder.current is not self.trace:
                return  # a newer session took over the recorder; this one is finished
            if kind != LINK:  # link events are rare and always kept
                if self._bytes + len(data) > MAX_SESSION_BYTES or self._events >= MAX_SESSION_EVENTS:
                    if not self._truncated:
                        self._truncated = True
                        self.recorder.record(LINK, b"", f"trace truncated after {self._bytes} bytes")
                    return
                self._bytes += len(data)
            self._events += 1
            self.recorder.record(kind, data, note)

    def _inner_notified(self, data: bytes) -> None:
        self._record(NOTIFY, bytes(data))
        self._emit_notification(data)

    def _inner_disconnected(self) -> None:
        self._record(LINK, b"", "disconnected by printer")
        self._emit_disconnect()

    # ------------------------------------------------------------------------------------ PrinterLink

    def __getattr__(self, name: str) -> Any:
        # Public extras of the wrapped link (``model`` of a BleLink…) stay reachable; private names never
        # forward, so the notification plumbing of the two objects cannot cross.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.inner, name)

    async def connect(self) -> LinkInfo:
        info = await self.inner.connect()
        model = getattr(self.inner, "model", None)
        if "model_id" not in self.meta and isinstance(getattr(model, "id", None), str):
            self.meta["model_id"] = model.id  # resolved by the link from the advertised name
        if self.enabled:
            with self._lock:
                self._bytes, self._events, self._truncated = 0, 0, False
                self.trace = self.recorder.start(**{"link": info.kind, "mtu": info.mtu, "max_write": info.max_write,
                                                    "write_with_response": info.write_with_response, **self.meta})
            self._record(LINK, b"", f"connected mtu={info.mtu}")
        return info

    async def write(self, data: bytes) -> None:
        # Recorded before the await so a notification the write provokes is listed after it.
        self._record(WRITE_REQ if self.inner.info.write_with_response else WRITE, bytes(data))
        try:
            await self.inner.write(data)
        except Exception as exc:
            self._record(LINK, b"", f"write failed: {type(exc).__name__}")
            raise

    async def disconnect(self) -> None:
        try:
            await self.inner.disconnect()
        finally:
            self._record(LINK, b"", "disconnected")

    @property
    def is_connected(self) -> bool:
        return self.inner.is_connected

    @property
    def info(self) -> LinkInfo:
        return self.inner.info


def recording_link_factory(factory: Callable[..., PrinterLink], recorder: TraceRecorder | None = None, *,
                           pseudonym: Callable[[str], str] = pseudonymise) -> Callable[..., PrinterLink]:
    """Wrap a link factory (``DeviceService(link_factory=...)``) so every session it opens is recorded.

    The printer is named in the trace by its pseudonym, never its address; a target given by name only
    records no printer field.
    """

    def make(target: Any, models: Any, model: Any = None, /, **kw: Any) -> PrinterLink:
        link = factory(target, models, model, **kw)
        address = getattr(target, "address", target)
        meta: dict[str, Any] = {}
        if isinstance(address, str) and _ADDRESS.fullmatch(address.strip()):
            meta["printer"] = pseudonym(address)
        if model is not None:
            meta["model_id"] = model.id
        return RecordingLink(link, recorder, **meta)

    return make
