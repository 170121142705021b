"""Traces stay in memory until saved; saving sanitises; the recorder is safe across threads; the btsnoop
importer's memory is bounded by its input even when every connection holds a half-reassembled frame."""

import struct
import threading
import tracemalloc

import pytest

from phocol_desktop.domain.clock import SimClock
from phocol_desktop.protocol.quyin import frames
from phocol_desktop.services.privacy import PrivacyService
from phocol_desktop.services.support import SupportService
from phocol_desktop.support.btsnoop import import_btsnoop
from phocol_desktop.support.decode import load_trace
from phocol_desktop.support.trace import LINK, NOTIFY, WRITE, TraceError, TraceRecorder

EPOCH = 0x00DCDDB30F2F8000


def test_traces_are_memory_only_until_saved_and_saving_masks_serials(app_paths, model_table, tmp_path):
    recorder = TraceRecorder(SimClock().now)
    recorder.start(model_id="phomemo.m02", link="virtual")
    recorder.record(LINK, b"", "connected to AA:BB:CC:DD:EE:FF")
    recorder.record(WRITE, bytes.fromhex("1f1109"))
    recorder.record(NOTIFY, frames.serial("Q198G5949230062"))
    support = SupportService(app_paths, model_table, PrivacyService.open(app_paths), recorder)
    before = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert len(support.recent_traces()) == 1
    assert sorted(p for p in tmp_path.rglob("*") if p.is_file()) == before  # nothing written by recording
    for name in ("s.json", "s.btsnoop"):
        out = support.save_trace(-1, tmp_path / name)
        assert out.stat().st_mode & 0o777 == 0o600
        raw = out.read_bytes()
        assert b"Q198G5949230062" not in raw and b"AA:BB:CC" not in raw
        assert load_trace(out).trace.host_bytes() == bytes.fromhex("1f1109")
    support.clear_traces()
    assert support.recent_traces() == []


def test_snapshot_while_another_thread_records():
    recorder = TraceRecorder(SimClock().now, keep=3)
    stop = threading.Event()

    def record():
        i = 0
        while not stop.is_set():
            if i % 50 == 0:
                recorder.start(n=i)
            recorder.record(WRITE, bytes([i % 256]))
            i += 1

    t = threading.Thread(target=record)
    t.start()
    try:
        for _ in range(300):
            for trace in recorder.snapshot():
                trace.to_json()
    finally:
        stop.set()
        t.join()
    assert len(recorder.snapshot()) == 3


def _acl_start(handle, l2len, payload):
    body = struct.pack("<HH", l2len, 4) + payload
    pkt = bytes([2]) + struct.pack("<HH", handle | (0x2 << 12), len(body)) + body
    return struct.pack(">IIIIq", len(pkt), len(pkt), 0, 0, EPOCH) + pkt


def test_importer_memory_is_bounded_by_its_input():
    # 4000 connections, each opening a 65535-byte L2CAP frame that never completes
    log = bytearray(b"btsnoop\x00" + struct.pack(">II", 1, 1002))
    for handle in range(4000):
        log += _acl_start(handle, 65535, b"\x52\x10\x00" + bytes(997))
    tracemalloc.start()
    with pytest.raises(TraceError):
        import_btsnoop(bytes(log))  # nothing complete: no ATT traffic to a printer
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 4 * len(log), (peak, len(log))
