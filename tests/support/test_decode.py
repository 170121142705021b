"""Trace decoding: the annotated listing (guard grammar, resumes after bad bytes), the virtual-printer
render, the file loader, and hostile input (only typed errors, bounded memory and time)."""

import random
import time
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phocol_desktop.domain.clock import SimClock
from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.domain.job import JobOptions
from phocol_desktop.domain.raster import Raster
from phocol_desktop.emulator.virtual_printer import VirtualPrinter
from phocol_desktop.protocol import encode_job
from phocol_desktop.protocol.quyin import frames
from phocol_desktop.support import decode as dec
from phocol_desktop.support.btsnoop import export_btsnoop
from phocol_desktop.support.trace import LINK, NOTIFY, WRITE, Trace, TraceError, TraceEvent


def noise_raster(width, height, seed=7):
    rnd = random.Random(seed)
    return Raster(width, height, bytes(rnd.getrandbits(8) for _ in range(width // 8 * height)))


def job_trace(model, raster, chunk=182, notes=()):
    """A trace as a session records it: the job's packets in ``chunk``-byte writes, 20 ms apart."""
    events, t = [TraceEvent(0.0, LINK, b"", "connected mtu=185")], 0.0
    for packet in encode_job(raster, JobOptions(), model).packets:
        for i in range(0, len(packet.data), chunk):
            t += 0.02
            events.append(TraceEvent(t, WRITE, packet.data[i:i + chunk]))
    events += [TraceEvent(t + 0.01, NOTIFY, n) for n in notes]
    return Trace(events, {"model_id": model.id})


def names(decoded):
    return [(ln.name, ln.flag) for ln in decoded.lines if ln.direction == "->"]


def test_m02_job_listing_names_every_step_with_sizes(model_table):
    m02 = model_table.get("phomemo.m02")
    trace = job_trace(m02, noise_raster(384, 300), notes=[frames.battery(80), frames.firmware(3, 0, 1)[:3],
                                                         frames.firmware(3, 0, 1)[3:] + frames.auto_off(30),
                                                         b"\xee" + frames.job_finished()])
    decoded = dec.decode_trace(trace, m02)
    listed = [n for n, _ in names(decoded)]
    # M02 template: init, align, density, two blocks (<=255 rows), feeds, then the footer queries.
    assert listed[:3] == ["init", "align", "density"]
    rasters = [ln for ln in decoded.lines if ln.name == "raster"]
    assert [r.detail for r in rasters] == [
        "GS v 0 raster block: 48 bytes x 255 rows (384 x 255 dots), 12240 data bytes",
        "GS v 0 raster block: 48 bytes x 45 rows (384 x 45 dots), 2160 data bytes"]
    assert "feed_lines" in listed and listed.count("query") == 4
    s = decoded.summary
    assert (s.raster_blocks, s.raster_rows, s.raster_bytes, s.dangerous, s.unknown_bytes) == (2, 300, 14400, 0, 0)
    answers = [(ln.name, ln.detail) for ln in decoded.lines if ln.direction == "<-"]
    # a frame split over two notifications (1A 07 03 | 00 01) is joined; garbage before a frame is flagged
    # and the frame after it still decoded
    assert answers == [("battery", "80 %"), ("firmware", "3.0.1"), ("auto-off", "after 30 min"),
                       ("unknown frame", "EE"), ("job finished", "1A 0F 0C: printed OK")]
    # answers are listed after the queries that provoked them (same timestamp: host first)
    text = dec.format_listing(decoded)
    assert text.index("status query: battery") < text.index("battery        80 %")


def test_danger_and_unknown_are_flagged_and_listing_resumes(model_table):
    m02 = model_table.get("phomemo.m02")
    stream = bytes.fromhex("1b40" "1f1115" "0102ff" "1f1108" "1f1138" "1b6402")
    decoded = dec.decode_trace(Trace([TraceEvent(0.0, WRITE, stream)]), m02)
    assert names(decoded) == [("init", ""), ("refused", "DANGER"), ("unknown", "unknown"), ("query", ""),
                              ("refused", "DANGER"), ("feed_lines", "")]
    details = [ln.detail for ln in decoded.lines]
    assert "1F 11 15 is not a documented command (one such code bricked a printer)" in details
    assert any("1F 11 38 is not in Phomemo M02's allowed queries" in d for d in details)  # allowlist per model
    assert decoded.summary.dangerous == 2 and decoded.summary.unknown_bytes == 3
    # the same query is fine for a model that allows it
    m110 = model_table.get("phomemo.m110")
    assert ("query", "") in names(dec.decode_trace(Trace([TraceEvent(0.0, WRITE, bytes.fromhex("1f1138"))]), m110))


def test_raster_longer_than_the_scan_window_is_one_block(model_table):
    m220 = model_table.get("phomemo.m220")
    rows = dec.WINDOW // 72 + 50
    block = bytes.fromhex("1d763000") + (72).to_bytes(2, "little") + rows.to_bytes(2, "little") + bytes(72 * rows)
    decoded = dec.decode_trace(Trace([TraceEvent(0.0, WRITE, b"\x1b\x40" + block + b"\x1b\x64\x02")]), m220)
    assert names(decoded) == [("init", ""), ("raster", ""), ("feed_lines", "")]
    assert decoded.summary.raster_rows == rows


def test_truncated_raster_is_flagged(model_table):
    m02 = model_table.get("phomemo.m02")
    cut = bytes.fromhex("1b40" "1d763000" "3000" "0a00") + bytes(100)
    decoded = dec.decode_trace(Trace([TraceEvent(0.0, WRITE, cut)]), m02)
    assert names(decoded) == [("init", ""), ("raster", "truncated")]
    assert decoded.summary.truncated
    assert "truncated" in dec.format_listing(decoded)


def test_commands_are_dated_by_the_write_that_carried_their_first_byte(model_table):
    m02 = model_table.get("phomemo.m02")
    trace = Trace([TraceEvent(1.0, WRITE, b"\x1b"), TraceEvent(2.0, WRITE, b"\x40\x1b\x64"),
                   TraceEvent(3.0, WRITE, b"\x02")])
    lines = [(ln.t, ln.name) for ln in dec.decode_trace(trace, m02).lines]
    assert lines == [(1.0, "init"), (2.0, "feed_lines")]


def test_render_equals_the_paper_of_a_direct_print(model_table):
    m02 = model_table.get("phomemo.m02")
    raster = noise_raster(384, 300, seed=3)
    direct = VirtualPrinter(m02, {"buffer_bytes": 1 << 30}, clock=SimClock())
    for packet in encode_job(raster, JobOptions(), m02).packets:
        direct.receive(packet.data)
    direct.advance()
    rendered = dec.render_trace(job_trace(m02, raster, chunk=61), m02)
    assert rendered.paper_png() == direct.paper_png()
    assert rendered.paper.raster().data[: 384 // 8 * 300] == raster.data  # the image itself, row for row


def test_load_trace_sniffs_format_and_names_the_connection(tmp_path, model_table):
    trace = job_trace(model_table.get("phomemo.m02"), noise_raster(384, 8))
    (tmp_path / "a.json").write_text(trace.to_json())
    (tmp_path / "b.log").write_bytes(export_btsnoop(trace))
    (tmp_path / "c.txt").write_text("hello")
    assert dec.load_trace(tmp_path / "a.json").kind == "json"
    loaded = dec.load_trace(tmp_path / "b.log")
    assert loaded.kind == "btsnoop" and "write handle 0x002a" in loaded.note
    assert loaded.trace.host_bytes() == trace.host_bytes()
    for bad in ("c.txt", "missing.json"):
        with pytest.raises(TraceError):
            dec.load_trace(tmp_path / bad)
    with pytest.raises(TraceError):
        dec.load_trace(tmp_path)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600), st.sampled_from(["phomemo.m02", "phomemo.m110", "phomemo.m220", "phomemo.p12"]))
def test_fuzz_decoder_accounts_for_every_byte(data, model_id):
    from phocol_desktop.domain.printer_model import load_model_table

    model = load_model_table().get(model_id)
    pieces = list(dec.split_tolerant(data, model))
    # pieces tile the stream exactly: nothing invented, nothing lost
    assert b"".join(p.data for p in pieces) == data
    assert all(a.offset + len(a.data) == b.offset for a, b in zip(pieces, pieces[1:], strict=False))
    decoded = dec.decode_trace(Trace([TraceEvent(0.0, WRITE, data), TraceEvent(0.1, NOTIFY, data[::-1])]), model)
    dec.format_listing(decoded)
    dec.render_trace(Trace([TraceEvent(0.0, WRITE, data)]), model)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_fuzz_loader_raises_only_trace_errors(data):
    for blob in (data, b"btsnoop\x00" + data, b"{" + data, b"btsnoop\x00\x00\x00\x00\x01\x00\x00\x03\xea" + data):
        try:
            dec.load_trace_bytes(blob)
        except PhocolError:
            pass


def test_hostile_json_traces_give_typed_errors():
    for text in ('{"schema": "phocol.trace/1", "events": [{"t": 0, "kind": "write", "hex": "zz"}]}',
                 '{"schema": "phocol.trace/1", "events": [{"t": "nan", "kind": "write"}]}',
                 '{"schema": "phocol.trace/1", "events": 5}', '{"schema": "other"}', "{" * 100_000):
        with pytest.raises(TraceError):
            dec.load_trace_bytes(text.encode())


def test_big_garbage_stream_is_bounded_in_memory_time_and_lines(model_table):
    model = model_table.get("phomemo.m02")
    rnd = random.Random(5)
    garbage = bytes(rnd.getrandbits(8) for _ in range(1 << 21))
    # plenty of tiny valid commands between the garbage, to stress the line cap
    stream = garbage + b"\x1b\x40" * 40_000 + garbage
    tracemalloc.start()
    start = time.perf_counter()
    decoded = dec.decode_trace(Trace([TraceEvent(0.0, WRITE, stream)]), model)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(decoded.lines) <= dec.MAX_LINES
    assert decoded.summary.lines_dropped > 0 or decoded.lines[-1].name == "unreadable"
    assert peak < 64 * 1024 * 1024, peak  # the stream is 4 MiB; the listing stays a small multiple
    assert elapsed < 30, elapsed  # linear scan; a quadratic one would take minutes


def test_link_events_come_first_at_equal_times(model_table):
    trace = Trace([TraceEvent(0.0, LINK, b"", "connected mtu=185"), TraceEvent(0.0, WRITE, b"\x1f\x11\x08"),
                   TraceEvent(0.0, NOTIFY, frames.battery(80))])
    lines = dec.decode_trace(trace, model_table.get("phomemo.m02")).lines
    assert [ln.direction for ln in lines] == ["--", "->", "<-"]


_M02_JOB = None


def _m02_job_bytes():
    global _M02_JOB
    if _M02_JOB is None:
        from phocol_desktop.domain.printer_model import load_model_table

        m02 = load_model_table().get("phomemo.m02")
        _M02_JOB = b"".join(p.data for p in encode_job(noise_raster(384, 300, seed=9), JobOptions(), m02).packets)
    return _M02_JOB


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20_000), st.integers(0, 255)), max_size=8), st.integers(0, 20_000),
       st.booleans())
def test_fuzz_mutated_and_truncated_jobs(mutations, cut, oversize):
    """A real job with bytes flipped (length fields included), cut short, or with a raster header that
    announces far more than the stream holds: every byte accounted for, only flagged pieces, no exception."""
    from phocol_desktop.domain.printer_model import load_model_table

    model = load_model_table().get("phomemo.m02")
    data = bytearray(_m02_job_bytes())
    for pos, value in mutations:
        data[pos % len(data)] = value
    if oversize:
        i = data.find(b"\x1d\x76\x30\x00")
        if i >= 0:
            data[i + 4:i + 8] = b"\xff\xff\xff\xff"
    data = bytes(data[:cut])
    pieces = list(dec.split_tolerant(data, model))
    assert b"".join(p.data for p in pieces) == data
    decoded = dec.decode_trace(Trace([TraceEvent(0.0, WRITE, data)]), model)
    assert decoded.summary.raster_rows <= 65535 * 2


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                                   max_size=4), max_leaves=20))
def test_fuzz_json_shaped_traces_give_only_typed_errors(doc):
    import json

    for wrapped in (doc, {"schema": "phocol.trace/1", "events": doc}, {"schema": "phocol.trace/1", "meta": doc,
                                                                       "events": [doc]}):
        try:
            text = json.dumps(wrapped)
        except (ValueError, TypeError):
            continue
        try:
            loaded = dec.load_trace_bytes(text.encode())
        except PhocolError:
            continue
        dec.format_listing(dec.decode_trace(loaded.trace, _m02_model()))


def _m02_model():
    from phocol_desktop.domain.printer_model import load_model_table

    return load_model_table().get("phomemo.m02")


def test_model_is_taken_from_either_meta_key(model_table):
    for key in ("model_id", "model"):
        trace = Trace([TraceEvent(0.0, WRITE, b"\x1b\x40")], {key: "phomemo.m220"})
        assert dec.pick_model(trace, model_table).id == "phomemo.m220"
    assert dec.pick_model(Trace([], {"model": "nope"}), model_table).id == model_table.default.id


def test_other_families_get_a_typed_error_not_a_quyin_misreading(model_table):
    import dataclasses

    from phocol_desktop.protocol import register
    from phocol_desktop.protocol.quyin import DIALECT
    from phocol_desktop.protocol.registry import _REGISTRY

    cat = dataclasses.replace(model_table.get("phomemo.m02"), family="testcat")
    trace = Trace([TraceEvent(0.0, WRITE, b"\x51\x78\xa3\x00")])
    with pytest.raises(PhocolError):  # no such family registered
        dec.decode_trace(trace, cat)
    register("testcat", dataclasses.replace(DIALECT, id="testcat"))
    try:
        with pytest.raises(PhocolError, match="Quyin family only"):
            dec.decode_trace(trace, cat)
    finally:
        _REGISTRY.pop("testcat", None)
