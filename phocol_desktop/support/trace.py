"""Protocol traces: what went over the air between the app and one printer.

A trace is a list of timestamped events: host writes (with or without response), printer notifications,
and link events. It is recorded for every session in memory (the last few sessions only) and written to
disk only when the user saves it or attaches it to a support bundle. Stored as JSON (hex payloads) or
exported as btsnoop (support/btsnoop.py). No addresses are kept in a trace: the link is named by a
pseudonym chosen by the caller.
"""

from __future__ import annotations

import json
import math
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.domain.safe_input import loads_json

TRACE_SCHEMA = "phocol.trace/1"
WRITE, WRITE_REQ, NOTIFY, LINK = "write", "write_req", "notify", "link"
KINDS = (WRITE, WRITE_REQ, NOTIFY, LINK)
MAX_TRACE_BYTES = 64 * 1024 * 1024  # a hostile file cannot make us hold more than this in payloads
MAX_EVENTS = 1_000_000  # a print at 20-byte writes (MTU 23) of a 1 m label on a 4096-dot head is ~600 k


class TraceError(PhocolError):
    advice = "The file is not a Phocol trace or btsnoop log, or it is damaged. Ask for a fresh capture."


@dataclass(frozen=True, slots=True)  # slots: a trace may hold a million of these (bench/memory.py)
class TraceEvent:
    t: float  # seconds since the start of the trace
    kind: str  # write / write_req / notify / link
    data: bytes = b""
    note: str = ""  # link events: connected, disconnected, mtu=…

    @property
    def from_host(self) -> bool:
        return self.kind in (WRITE, WRITE_REQ)


@dataclass
class Trace:
    events: list[TraceEvent] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)  # model id, mtu, link kind, app version; no address

    def host_bytes(self) -> bytes:
        return b"".join(e.data for e in self.events if e.from_host)

    def notifications(self) -> list[TraceEvent]:
        return [e for e in self.events if e.kind == NOTIFY]

    def to_json(self) -> str:
        """The JSON form, one event per line, built event by event (never a list of a million dicts)."""
        head = json.dumps({"schema": TRACE_SCHEMA, "meta": self.meta}, indent=1)[:-2]
        events = ",\n".join(json.dumps({"t": round(e.t, 6), "kind": e.kind, "hex": e.data.hex(),
                                         **({"note": e.note} if e.note else {})}) for e in self.events)
        return f'{head},\n "events": [\n{events}\n ]\n}}'

    @staticmethod
    def check_counts(data: bytes) -> None:
        """Refuse a JSON trace with more events than ``MAX_EVENTS`` before parsing it: 83 M empty events would
        need gigabytes as Python objects. Counting braces and commas is linear and allocation-free."""
        if data.count(b"{") > MAX_EVENTS + 16 or data.count(b",") > 8 * (MAX_EVENTS + 16):
            raise TraceError(f"The trace has more than {MAX_EVENTS} events; a print session has far fewer.")

    @classmethod
    def from_json(cls, text: str | bytes) -> Trace:
        data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        cls.check_counts(data)
        try:
            doc = loads_json(data, what="trace", name="file", max_depth=8)
        except PhocolError as exc:
            raise TraceError(exc.reason) from None
        if not isinstance(doc, dict) or doc.get("schema") != TRACE_SCHEMA:
            raise TraceError("The file is not a Phocol trace (schema phocol.trace/1).")
        raw_events = doc.get("events")
        meta = doc.get("meta", {})
        if not isinstance(raw_events, list) or not isinstance(meta, dict):
            raise TraceError("The trace has no event list.")
        if len(raw_events) > MAX_EVENTS:
            raise TraceError(f"The trace has {len(raw_events)} events; at most {MAX_EVENTS} are read.")
        events, total, last_t = [], 0, 0.0
        for i, e in enumerate(raw_events):
            try:
                kind, t, payload = e["kind"], e["t"], bytes.fromhex(e.get("hex", ""))
                note = e.get("note", "")
                if not isinstance(kind, str) or isinstance(t, bool) or not isinstance(t, int | float) \
                        or not isinstance(note, str):
                    raise TypeError
                t = float(t)
            except (KeyError, TypeError, ValueError, AttributeError):
                raise TraceError(f"Trace event #{i} is malformed.") from None
            if kind not in KINDS or not math.isfinite(t) or t < 0 or t > 7 * 86_400:
                raise TraceError(f"Trace event #{i} has an unknown kind or a bad time.")
            total += len(payload)
            if total > MAX_TRACE_BYTES:
                raise TraceError("The trace holds more data than any print job could.")
            last_t = max(last_t, t)
            events.append(TraceEvent(t, kind, payload, note[:200]))
        return cls(events, {str(k): v for k, v in meta.items() if isinstance(v, str | int | float | bool)})


class TraceRecorder:
    """Records the current session; keeps the last ``keep`` sessions in memory only.

    Thread-safe: links record from the BLE worker thread while the GUI takes ``snapshot()`` for a bundle.
    """

    def __init__(self, clock_now, keep: int = 5) -> None:  # type: ignore[no-untyped-def]
        self._now = clock_now
        self.sessions: deque[Trace] = deque(maxlen=keep)
        self.current: Trace | None = None
        self._t0 = 0.0
        self._lock = threading.RLock()

    def start(self, **meta: Any) -> Trace:
        with self._lock:
            self._t0 = self._now()
            self.current = Trace(meta=dict(meta))
            self.sessions.append(self.current)
            return self.current

    def record(self, kind: str, data: bytes = b"", note: str = "") -> None:
        with self._lock:
            if self.current is None:
                self.start()
            assert self.current is not None
            self.current.events.append(TraceEvent(max(0.0, self._now() - self._t0), kind, bytes(data), note))

    def snapshot(self) -> list[Trace]:
        """Copies of the kept sessions, oldest first, safe to serialise while recording goes on."""
        with self._lock:
            return [Trace(list(t.events), dict(t.meta)) for t in self.sessions]

    def clear(self) -> None:
        """Forget every kept session (the user cleared them, or erased their data)."""
        with self._lock:
            self.sessions.clear()
            self.current = None

    def __iter__(self) -> Iterator[Trace]:
        return iter(self.sessions)


def recorded_model_id(meta: dict[str, Any]) -> str | None:
    """The model a trace was recorded with (``model_id``; ``model`` as written by some callers)."""
    for key in ("model_id", "model"):
        value = meta.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def merge_host_writes(events: Iterable[TraceEvent]) -> bytes:
    return b"".join(e.data for e in events if e.from_host)
