"""btsnoop export/import. The Android-style log is built here by an independent writer (not the app's
exporter): other devices interleaved, ACL fragmentation, an MTU exchange, discovery responses."""

import random
import struct

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phocol_desktop.protocol.quyin import frames
from phocol_desktop.support.btsnoop import export_btsnoop, import_btsnoop
from phocol_desktop.support.trace import LINK, NOTIFY, WRITE, WRITE_REQ, Trace, TraceError, TraceEvent

EPOCH = 0x00DCDDB30F2F8000


class AndroidLog:
    """Minimal btsnoop H4 writer in the shape of Android's btsnoop_hci.log."""

    def __init__(self):
        self.out = bytearray(b"btsnoop\x00" + struct.pack(">II", 1, 1002))
        self.t = 1_700_000_000_000_000

    def rec(self, pkt, received, cmd_evt=False):
        self.t += 1500
        flags = (1 if received else 0) | (2 if cmd_evt else 0)
        self.out += struct.pack(">IIIIq", len(pkt), len(pkt), flags, 0, self.t + EPOCH) + pkt

    def event(self, code, params):
        self.rec(bytes([4, code, len(params)]) + params, True, True)

    def le_connected(self, handle, peer):
        self.event(0x3E, bytes([0x01, 0x00]) + struct.pack("<H", handle) + b"\x00\x00" + peer
                   + struct.pack("<HHH", 36, 0, 500) + b"\x00")

    def att(self, handle, pdu, received, fragment=None):
        l2 = struct.pack("<HH", len(pdu), 4) + pdu
        pieces = [l2] if fragment is None else [l2[i:i + fragment] for i in range(0, len(l2), fragment)]
        for i, piece in enumerate(pieces):
            pb = 0x2 if i == 0 else 0x1
            self.rec(bytes([2]) + struct.pack("<HH", handle | (pb << 12), len(piece)) + piece, received)


def android_print_log():
    log = AndroidLog()
    log.le_connected(0x0041, bytes.fromhex("112233445566"))  # a fitness band
    log.le_connected(0x0042, bytes.fromhex("DC0D30AABBCC")[::-1])  # the printer
    log.att(0x0042, bytes([0x02]) + struct.pack("<H", 517), False)  # MTU request
    log.att(0x0042, bytes([0x03]) + struct.pack("<H", 247), True)  # MTU response
    # discovery: characteristics FF02 (write, value handle 0x0010) and FF03 (notify, 0x0012)
    decls = struct.pack("<HBH", 0x000F, 0x0C, 0x0010) + bytes.fromhex("02ff") + \
        struct.pack("<HBH", 0x0011, 0x10, 0x0012) + bytes.fromhex("03ff")
    log.att(0x0042, bytes([0x09, 7]) + decls, True)
    log.att(0x0041, bytes([0x52]) + struct.pack("<H", 0x0020) + b"\x1b\x40steps", False)  # band traffic
    log.att(0x0042, bytes([0x12]) + struct.pack("<H", 0x0013) + b"\x01\x00", False)  # CCCD enable
    log.att(0x0042, bytes([0x13]), True)
    writes = [bytes.fromhex("1f1108"), bytes.fromhex("1b4e0d05"), bytes.fromhex("1d76300002000200") + bytes([0xAA] * 4)]
    log.att(0x0042, bytes([0x52]) + struct.pack("<H", 0x0010) + writes[0], False)
    log.att(0x0041, bytes([0x1B]) + struct.pack("<H", 0x0021) + frames.battery(80), True)  # band notification
    log.att(0x0042, bytes([0x1B]) + struct.pack("<H", 0x0012) + frames.battery(80), True)
    log.att(0x0042, bytes([0x52]) + struct.pack("<H", 0x0010) + writes[1], False)
    big = bytes(range(256)) * 2  # > one ACL fragment: fragmented in 27-byte pieces
    log.att(0x0042, bytes([0x52]) + struct.pack("<H", 0x0010) + writes[2] + big, False, fragment=27)
    log.event(0x05, bytes([0x00]) + struct.pack("<H", 0x0042) + b"\x13")
    return bytes(log.out), [writes[0], writes[1], writes[2] + big]


def test_android_style_log_imports_the_printer_connection():
    data, expected_writes = android_print_log()
    result = import_btsnoop(data)
    assert result.connection_handle == 0x0042
    assert result.write_handle == 0x0010 and result.notify_handle == 0x0012
    assert result.mtu == 247
    assert result.other_connections == 1
    trace = result.trace
    assert [e.data for e in trace.events if e.kind == WRITE] == expected_writes  # CCCD write excluded
    assert [e.data for e in trace.notifications()] == [frames.battery(80)]
    assert [e.note for e in trace.events if e.kind == LINK] == ["connected", "disconnected"]
    assert b"steps" not in trace.host_bytes()  # the other device's traffic is left out


def test_export_then_import_round_trips():
    events = [TraceEvent(0.0, LINK, b"", "connected"), TraceEvent(0.01, WRITE, bytes.fromhex("1f1108")),
              TraceEvent(0.02, NOTIFY, frames.battery(100)), TraceEvent(0.03, WRITE_REQ, b"\x1b\x40"),
              TraceEvent(0.5, WRITE, bytes.fromhex("1d763000") + bytes(100)),
              TraceEvent(0.6, LINK, b"", "disconnected")]
    trace = Trace(events, {"mtu": 185})
    back = import_btsnoop(export_btsnoop(trace)).trace
    assert [(e.kind, e.data) for e in back.events if e.kind != LINK] == [(e.kind, e.data) for e in events
                                                                        if e.kind != LINK]
    assert [round(e.t, 3) for e in back.events if e.kind != LINK] == [0.01, 0.02, 0.03, 0.5]
    assert back.meta["mtu"] == 185


def test_trace_json_round_trip_and_rejects_hostile_json():
    trace = Trace([TraceEvent(0.25, WRITE, b"\x1b\x40")], {"model": "phocol.generic384"})
    assert Trace.from_json(trace.to_json()).events == trace.events
    for bad in ["", "[]", '{"schema": "x"}', '{"schema": "phocol.trace/1", "events": [{"kind": "boom", "t": 0}]}',
                '{"schema": "phocol.trace/1", "events": [{"kind": "write", "t": -1, "hex": ""}]}',
                '{"schema": "phocol.trace/1", "events": [{"kind": "write", "t": 0, "hex": "zz"}]}']:
        with pytest.raises(TraceError):
            Trace.from_json(bad)


@pytest.mark.parametrize("data", [b"", b"btsnoop", b"not a log at all" * 4,
                                  b"btsnoop\x00" + struct.pack(">II", 1, 1001)])
def test_non_btsnoop_input_is_a_typed_error(data):
    with pytest.raises(TraceError):
        import_btsnoop(data)


def test_oversized_record_length_is_a_typed_error():
    data = bytearray(android_print_log()[0])
    struct.pack_into(">II", data, 16, 0x7FFFFFFF, 0x7FFFFFFF)
    with pytest.raises(TraceError):
        import_btsnoop(bytes(data))


def test_truncated_log_keeps_what_was_read():
    data, writes = android_print_log()
    for cut in range(len(data) - 1, len(data) - 200, -37):
        try:
            result = import_btsnoop(data[:cut])
        except TraceError:
            continue
        assert all(e.data in writes for e in result.trace.events if e.kind == WRITE)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000), st.integers(0, 10_000))
def test_fuzz_random_and_mutated_logs_raise_only_trace_error(noise, seed):
    base = android_print_log()[0]
    rng = random.Random(seed)
    mutated = bytearray(base)
    for _ in range(rng.randint(1, 20)):
        mutated[rng.randrange(16, len(mutated))] = rng.randrange(256)
    for data in (noise, b"btsnoop\x00" + struct.pack(">II", 1, 1002) + noise, bytes(mutated),
                 bytes(mutated[: rng.randrange(16, len(mutated))])):
        try:
            import_btsnoop(data)
        except TraceError:
            pass


def _two_printer_like_connections():
    """Connection 0x41 writes one job command to FF02; 0x42 writes two to a characteristic 1234."""
    log = AndroidLog()
    for handle, uuid, value_handle in ((0x0041, "02ff", 0x0010), (0x0042, "3412", 0x0020)):
        log.le_connected(handle, bytes([handle, 0, 0, 0, 0, 0]))
        decl = struct.pack("<HBH", value_handle - 1, 0x0C, value_handle) + bytes.fromhex(uuid)
        log.att(handle, bytes([0x09, 7]) + decl, True)
    log.att(0x0041, bytes([0x52]) + struct.pack("<H", 0x0010) + bytes.fromhex("1b40"), False)
    for _ in range(2):
        log.att(0x0042, bytes([0x52]) + struct.pack("<H", 0x0020) + bytes.fromhex("1b40"), False)
    return bytes(log.out)


def test_the_printer_connection_is_recognised_by_the_model_tables_uuids(tmp_path):
    """The write UUIDs come from the model table (PROTOCOL.md §2): an override naming a new one is honoured."""
    from phocol_desktop.domain.printer_model import load_model_table

    data = _two_printer_like_connections()
    assert import_btsnoop(data).connection_handle == 0x0041  # FF02 is in the bundled table
    (tmp_path / "custom.json").write_text(
        '{"models": [{"id": "phomemo.m02", "gatt": {"service": "1230", "write": "1234", "notify": "1235"}}]}')
    table = load_model_table(tmp_path)
    assert "00001234-0000-1000-8000-00805f9b34fb" in table.characteristic_uuids()[0]
    assert import_btsnoop(data, table).connection_handle == 0x0042  # now both are known; more job bytes win


def test_an_export_declares_the_recorded_models_characteristics_from_the_table(tmp_path):
    from phocol_desktop.domain.printer_model import load_model_table

    trace = Trace([TraceEvent(0.0, WRITE, b"\x1b\x40")], {"model_id": "phomemo.m02"})
    assert bytes.fromhex("02ff") in export_btsnoop(trace) and bytes.fromhex("03ff") in export_btsnoop(trace)
    (tmp_path / "custom.json").write_text(
        '{"models": [{"id": "phomemo.m02", "gatt": {"service": "1230", "write": "1234", "notify": "1235"}}]}')
    table = load_model_table(tmp_path)
    data = export_btsnoop(trace, table=table)
    assert bytes.fromhex("3412") in data and bytes.fromhex("02ff") not in data
    assert [e.data for e in import_btsnoop(data, table).trace.events if e.from_host] == [b"\x1b\x40"]
