"""The recording link wrapper: transport-agnostic, in memory, ring of sessions, bounded."""

import pytest

from phocol_desktop.domain.clock import SimClock
from phocol_desktop.protocol.quyin import frames
from phocol_desktop.support import recording
from phocol_desktop.support.recording import RecordingLink
from phocol_desktop.support.trace import LINK, NOTIFY, WRITE, WRITE_REQ, Trace, TraceRecorder
from phocol_desktop.transport.base import LinkInfo, LinkLost, PrinterLink


class EchoLink(PrinterLink):
    """A link that answers a battery query and can fail or drop on demand (no emulator needed)."""

    def __init__(self, with_response=False):
        self._info = LinkInfo("virtual", 185, 182, with_response)
        self.connected = False
        self.sent = []
        self.fail_next = False

    async def connect(self):
        self.connected = True
        return self._info

    async def write(self, data):
        if self.fail_next:
            raise LinkLost("gone")
        self.sent.append(bytes(data))
        if data == b"\x1f\x11\x08":
            self._emit_notification(frames.battery(80))

    async def disconnect(self):
        self.connected = False

    @property
    def is_connected(self):
        return self.connected

    @property
    def info(self):
        return self._info

    def drop(self):
        self.connected = False
        self._emit_disconnect()


def recorder():
    clock = SimClock(100.0)
    return TraceRecorder(clock.now), clock


async def test_records_writes_notifications_and_link_events_in_order():
    rec, clock = recorder()
    inner = EchoLink()
    link = RecordingLink(inner, rec, model_id="phomemo.m02", printer="printer-abc")
    seen, dropped = [], []
    link.on_notification(seen.append)
    link.on_disconnect(lambda: dropped.append(1))
    await link.connect()
    clock.advance(0.5)
    await link.write(b"\x1f\x11\x08")
    clock.advance(0.25)
    await link.write(b"\x1b\x40")
    inner.drop()
    trace = rec.sessions[-1]
    assert [(e.kind, e.data, e.note) for e in trace.events] == [
        (LINK, b"", "connected mtu=185"),
        (WRITE, b"\x1f\x11\x08", ""),
        (NOTIFY, frames.battery(80), ""),
        (WRITE, b"\x1b\x40", ""),
        (LINK, b"", "disconnected by printer"),
    ]
    assert [e.t for e in trace.events] == [0.0, 0.5, 0.5, 0.75, 0.75]
    assert trace.meta["model_id"] == "phomemo.m02" and trace.meta["printer"] == "printer-abc"
    assert trace.meta["mtu"] == 185 and trace.meta["link"] == "virtual"
    assert seen == [frames.battery(80)] and dropped == [1]  # subscribers still get everything
    assert inner.sent == [b"\x1f\x11\x08", b"\x1b\x40"]
    # the recorded trace survives a JSON round trip
    assert Trace.from_json(trace.to_json()).events == trace.events


async def test_write_with_response_and_failed_write_are_recorded():
    rec, _ = recorder()
    inner = EchoLink(with_response=True)
    link = RecordingLink(inner, rec)
    await link.connect()
    await link.write(b"\x1b\x40")
    inner.fail_next = True
    with pytest.raises(LinkLost):
        await link.write(b"\x1b\x64\x02")
    await link.disconnect()
    kinds = [(e.kind, e.note) for e in rec.sessions[-1].events]
    assert kinds == [(LINK, "connected mtu=185"), (WRITE_REQ, ""), (WRITE_REQ, ""), (LINK, "write failed: LinkLost"),
                     (LINK, "disconnected")]


async def test_ring_keeps_last_sessions_and_disabled_records_nothing():
    rec = TraceRecorder(SimClock().now, keep=3)
    for i in range(5):
        link = RecordingLink(EchoLink(), rec, session=i)
        await link.connect()
        await link.write(bytes([i]))
    assert [t.meta["session"] for t in rec.sessions] == [2, 3, 4]
    off = RecordingLink(EchoLink(), rec, enabled=False)
    await off.connect()
    await off.write(b"\x1b\x40")
    assert [t.meta["session"] for t in rec.sessions] == [2, 3, 4]


async def test_old_link_stops_recording_once_a_new_session_starts():
    rec, _ = recorder()
    first = RecordingLink(EchoLink(), rec)
    await first.connect()
    second = RecordingLink(EchoLink(), rec)
    await second.connect()
    await first.write(b"\x1b\x40")  # must not land in the second session
    assert [e.kind for e in rec.sessions[-1].events] == [LINK]
    assert [e.kind for e in rec.sessions[0].events] == [LINK]


async def test_session_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(recording, "MAX_SESSION_BYTES", 1000)
    rec, _ = recorder()
    link = RecordingLink(EchoLink(), rec)
    await link.connect()
    for _ in range(20):
        await link.write(bytes(100))
    trace = rec.sessions[-1]
    assert sum(len(e.data) for e in trace.events) == 1000
    assert [e.note for e in trace.events if e.kind == LINK][-1] == "trace truncated after 1000 bytes"


def test_default_recorder_is_shared():
    assert recording.default_recorder() is recording.default_recorder()


async def test_session_event_count_is_bounded(monkeypatch):
    monkeypatch.setattr(recording, "MAX_SESSION_EVENTS", 10)
    rec, _ = recorder()
    link = RecordingLink(EchoLink(), rec)
    await link.connect()
    for _ in range(30):
        await link.write(b"\x1f\x11\x08")  # each answered by a notification
    await link.disconnect()
    trace = rec.sessions[-1]
    assert len([e for e in trace.events if e.kind != LINK]) == 9  # the connect event counts as one
    assert [e.note for e in trace.events[-2:]] == ["trace truncated after 27 bytes", "disconnected"]
