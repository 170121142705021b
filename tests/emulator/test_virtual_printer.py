"""The virtual printer: paper equals the raster bit for bit, status answers, faults as typed events, overflow."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phocol_desktop.domain.clock import SimClock
from phocol_desktop.domain.events import (
    BatteryLevel,
    ChipType,
    CoverStatus,
    FirmwareVersion,
    JobCancelled,
    JobFinished,
    PaperStatus,
    SerialNumber,
    Temperature,
)
from phocol_desktop.domain.job import JobOptions
from phocol_desktop.domain.printer_model import load_model_table
from phocol_desktop.domain.raster import Raster
from phocol_desktop.emulator.scenario import Fault, Scenario, ScenarioError
from phocol_desktop.emulator.virtual_printer import VirtualPrinter
from phocol_desktop.protocol import encode_job, status_codec
from phocol_desktop.protocol.quyin import frames

TABLE = load_model_table()


def run(model, raster, scenario=None, options=None, settle=1000.0):
    clock = SimClock()
    vp = VirtualPrinter(model, scenario, clock=clock)
    vp.receive(encode_job(raster, options or JobOptions(), model).stream())
    clock.advance(settle)
    vp.advance()
    return vp, clock


def events_of(vp, model):
    codec = status_codec(model)
    return [e for frame in vp.pop_notifications() for e in codec.feed(frame)]


@st.composite
def rasters(draw, model):
    height = draw(st.integers(1, 300))
    data = draw(st.binary(min_size=model.bytes_per_line * height, max_size=model.bytes_per_line * height))
    return Raster(model.head_dots, height, data)


@pytest.mark.parametrize("model_id", [m.id for m in TABLE.models])
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), copies=st.integers(1, 3))
def test_paper_equals_the_raster_bit_for_bit_for_every_model(model_id, data, copies):
    model = TABLE.get(model_id)
    raster = data.draw(rasters(model))
    vp, _ = run(model, raster, options=JobOptions(copies=copies))
    paper = vp.paper.raster()
    assert paper.data[: len(raster.data)] == raster.data
    assert vp.stats.rows_printed == raster.height * copies
    assert vp.stats.lost_bytes == 0 and vp.stats.unknown_bytes == 0 and not vp.bricked
    # every copy is on the paper, each one bit for bit
    found, rows = 0, paper.data
    for y in range(paper.height - raster.height + 1):
        if rows[y * model.bytes_per_line : (y + raster.height) * model.bytes_per_line] == raster.data:
            found += 1
    assert found >= copies


def test_a_narrow_raster_lands_where_the_model_aligns_it():
    m220 = TABLE.get("phomemo.m220")  # right-aligned roll: margin = head - image
    vp, _ = run(m220, Raster(64, 1, b"\xff" * 8))
    assert vp.paper.raster().row(0) == bytes(64) + b"\xff" * 8
    m02 = TABLE.get("phomemo.m02")  # ESC a 1: centred
    vp, _ = run(m02, Raster(32, 1, b"\xff" * 4))
    assert vp.paper.raster().row(0) == bytes(22) + b"\xff" * 4 + bytes(22)


def test_status_queries_get_the_documented_answer_codes():
    model = TABLE.get("phomemo.p12")  # its handshake asks 38, 11, 12, 09, 13, 19, 07
    vp, _ = run(model, Raster(96, 1, bytes(12)))
    sent = vp.pop_notifications()
    assert sent[:5] == [frames.chip(8), frames.paper(present=True),
                        frames.cover(open_=False, polarity=model.cover_polarity), frames.serial("PHOCOLVIRTUAL01"),
                        frames.temperature(overheated=False)]
    codec = status_codec(model)
    events = [e for f in sent for e in codec.feed(f)]
    assert ChipType(8) in events and PaperStatus(True) in events and CoverStatus(False, 0x99) in events
    assert SerialNumber("PHOCOLVIRTUAL01") in events and Temperature(False, 0xA8) in events
    assert FirmwareVersion("3.0.1") in events


def test_battery_query_answers_1A_04_not_1A_08():
    model = TABLE.get("phomemo.m220")
    clock = SimClock()
    vp = VirtualPrinter(model, {"battery": 77}, clock=clock)
    vp.receive(status_codec(model).query(0x08))
    assert vp.pop_notifications() == [bytes.fromhex("1A044D")]


@pytest.mark.parametrize(("kind", "event", "model_id"), [
    ("paper_out", PaperStatus(False), "phomemo.m02"),
    ("cover_open", CoverStatus(True, 0x98), "phomemo.m02"),
    ("cover_open", CoverStatus(True, 0x99), "phomemo.m220"),  # 98 = closed on this model's polarity
    ("overheat", Temperature(True, 0xA9), "phomemo.m110"),
])
def test_halting_faults_stop_the_head_at_row_n_and_report_a_typed_event(kind, event, model_id):
    model = TABLE.get(model_id)
    raster = Raster(model.head_dots, 100, bytes(range(256)) * (model.bytes_per_line * 100 // 256) + bytes(
        model.bytes_per_line * 100 % 256))
    vp, _ = run(model, raster, {"faults": [{"kind": kind, "at_row": 40}]})
    assert vp.stats.rows_printed == 40
    assert vp.paper.raster().data[: 40 * model.bytes_per_line] == raster.data[: 40 * model.bytes_per_line]
    assert event in events_of(vp, model)
    vp.clear(kind)  # the user fixes it: the rest prints
    assert vp.stats.rows_printed == 100


def test_low_battery_is_reported_and_printing_goes_on():
    model = TABLE.get("phomemo.m110")
    vp, _ = run(model, Raster(384, 50, bytes(48 * 50)), Scenario(faults=(Fault("low_battery", at_row=10,
                                                                                  value="low_5"),)))
    assert vp.stats.rows_printed == 50
    assert BatteryLevel(None, "low_5") in events_of(vp, model)


def test_cancel_discards_the_rest_of_the_job():
    model = TABLE.get("phomemo.m220")
    vp, _ = run(model, Raster(576, 100, b"\xaa" * 72 * 100), {"faults": [{"kind": "cancel", "at_row": 30}]})
    assert vp.stats.rows_printed == 30
    assert JobCancelled() in events_of(vp, model)


def test_mute_printer_answers_no_query():
    model = TABLE.get("phomemo.m220")
    vp = VirtualPrinter(model, {"faults": [{"kind": "mute"}]}, clock=SimClock())
    vp.receive(bytes.fromhex("1F1108"))
    assert vp.pop_notifications() == []


def test_disconnect_after_byte_n_keeps_exactly_n_bytes():
    model = TABLE.get("phomemo.m02")
    raster = Raster(384, 100, b"\x0f" * 4800)
    vp, _ = run(model, raster, {"disconnect_after_bytes": 1000})
    assert vp.disconnected and vp.stats.received_bytes == 1000
    vp.receive(b"\x1b\x40")
    assert vp.stats.received_bytes == 1000


def test_completion_frame_only_after_the_last_row_has_printed():
    model = TABLE.get("phomemo.m220")
    clock = SimClock()
    vp = VirtualPrinter(model, {"lines_per_s": 100}, clock=clock)
    vp.receive(encode_job(Raster(576, 200, bytes(72 * 200)), JobOptions(), model).stream())
    clock.advance(1.99)
    vp.advance()
    assert JobFinished() not in events_of(vp, model)
    clock.advance(0.02)
    vp.advance()
    assert events_of(vp, model) == [JobFinished()]
    assert vp.stats.last_row_done_at == pytest.approx(2.0)


def test_a_timed_fault_fires_at_its_time():
    model = TABLE.get("phomemo.m110")
    vp, _ = run(model, Raster(384, 100, bytes(4800)), {"lines_per_s": 100, "faults": [
        {"kind": "cover_open", "at_time": 0.5}]})
    assert vp.cover_open and 49 <= vp.stats.rows_printed <= 51


def test_slow_drain_makes_the_head_slower():
    model = TABLE.get("phomemo.m110")
    fast, _ = run(model, Raster(384, 100, bytes(4800)), {"lines_per_s": 100})
    slow, _ = run(model, Raster(384, 100, bytes(4800)), {"lines_per_s": 100, "faults": [
        {"kind": "slow_drain", "at_row": 50, "value": 0.5}]})
    assert fast.stats.last_row_done_at == pytest.approx(1.0)
    assert slow.stats.last_row_done_at == pytest.approx(1.5)


def test_overflowing_the_receive_buffer_loses_bytes_and_the_paper_shows_it():
    model = TABLE.get("phomemo.m110")
    raster = Raster(384, 400, bytes(range(48)) * 400)
    vp, _ = run(model, raster, {"buffer_bytes": 4096, "lines_per_s": 100})
    assert vp.stats.lost_bytes > 0
    assert vp.stats.max_buffer_fill <= 4096
    assert vp.paper.raster().data[: len(raster.data)] != raster.data


def test_an_undocumented_1F_11_code_bricks_the_printer():
    model = TABLE.get("phomemo.m02")
    vp = VirtualPrinter(model, clock=SimClock())
    vp.receive(bytes.fromhex("1F1115"))
    assert vp.bricked
    vp.receive(bytes.fromhex("1F1108"))
    assert vp.pop_notifications() == []


def test_paper_png_is_one_pixel_per_dot_and_black_is_black():
    from PIL import Image

    model = TABLE.get("phomemo.m02")
    vp, _ = run(model, Raster(384, 2, b"\x80" + bytes(47) + b"\x00" * 47 + b"\x01"))
    im = Image.open(io.BytesIO(vp.paper_png()))
    assert im.size == (384, vp.paper.height) and im.mode == "1"
    assert im.getpixel((0, 0)) == 0 and im.getpixel((1, 0)) == 255 and im.getpixel((383, 1)) == 0


@pytest.mark.parametrize(("doc", "match"), [
    ({"faults": [{"kind": "explode"}]}, "explode"),
    ({"faults": [{"kind": "paper_out", "at_row": -1}]}, "'at_row' -1 is outside"),
    ({"buffer_bytes": 0}, "'buffer_bytes' 0 is outside"),
    ({"frobnicate": 1}, "frobnicate"),
    ({"serial": "short"}, "15 ASCII"),
    ({"faults": [{"kind": "paper_out", "at_row": 1, "at_byte": 2}]}, "more than one"),
])
def test_bad_scenarios_are_refused_with_the_field_named(doc, match):
    with pytest.raises(ScenarioError, match=match):
        Scenario.from_dict(doc)


def test_scenario_json_round_trip():
    s = Scenario.from_json('{"model": "phomemo.m02", "buffer_bytes": 2048, "faults": [{"kind": "paper_out", '
                           '"at_row": 5}], "notify_max_bytes": 1}')
    assert s.faults == (Fault("paper_out", at_row=5),) and s.buffer_bytes == 2048
    with pytest.raises(ScenarioError):
        Scenario.from_json("{nope")


def test_split_and_batched_notifications_still_decode():
    model = TABLE.get("phomemo.p12")
    for scenario in ({"notify_max_bytes": 1}, {"notify_batch": True}):
        vp, _ = run(model, Raster(96, 1, bytes(12)), scenario)
        assert SerialNumber("PHOCOLVIRTUAL01") in events_of(vp, model)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=64), max_size=12), st.sampled_from(TABLE.models))
def test_fuzz_random_bytes_never_crash_the_printer(chunks, model):
    clock = SimClock()
    vp = VirtualPrinter(model, {"buffer_bytes": 256, "lines_per_s": 50}, clock=clock)
    for chunk in chunks:
        vp.receive(chunk)
        clock.advance(0.01)
        vp.advance()
        vp.pop_notifications()


@settings(max_examples=100, deadline=None)
@given(st.binary(min_size=1, max_size=30), st.integers(0, 10_000))
def test_fuzz_mutated_jobs_never_crash_the_printer(noise, where):
    model = TABLE.get("phomemo.m02")
    stream = encode_job(Raster(384, 20, bytes(range(48)) * 20), JobOptions(), model).stream()
    where %= len(stream)
    vp = VirtualPrinter(model, clock=SimClock())
    vp.receive(stream[:where] + noise + stream[where:])
    vp.advance()


@pytest.mark.parametrize("variant", ["d30_phomymo", "d30_phomemostudio", "m02_series_prefix"])
def test_the_source_variants_print_bit_for_bit_too(variant):
    import dataclasses

    from phocol_desktop.domain.printer_model import JobStep
    from tests.protocol.test_encoder import VARIANTS

    model_id, *steps = VARIANTS[variant]
    template = tuple(JobStep(s) if isinstance(s, str) else JobStep(s[0], s[1]) for s in steps)
    model = dataclasses.replace(TABLE.get(model_id), job_template=template)
    raster = Raster(model.head_dots, 50, bytes(range(256)) * (model.bytes_per_line * 50 // 256)
                    + bytes(model.bytes_per_line * 50 % 256))
    vp, _ = run(model, raster)
    assert vp.paper.raster().data[: len(raster.data)] == raster.data and vp.stats.unknown_bytes == 0
