"""Round trip: a virtual print, recorded -> btsnoop -> import -> decode -> render == the printed paper.
Replay: original pacing vs fast against a virtual printer with a finite buffer; real-printer safety."""

import random

import pytest

from phocol_desktop.cli import main
from phocol_desktop.domain.clock import SimClock
from phocol_desktop.domain.job import JobOptions
from phocol_desktop.domain.raster import Raster
from phocol_desktop.emulator.scenario import Scenario
from phocol_desktop.emulator.virtual_printer import VirtualPrinter
from phocol_desktop.protocol import encode_job
from phocol_desktop.protocol.quyin import frames
from phocol_desktop.services.print_job import PrintJob
from phocol_desktop.services.support import replay_to_virtual, replay_to_virtual_async
from phocol_desktop.support import decode as dec
from phocol_desktop.support.btsnoop import export_btsnoop, import_btsnoop
from phocol_desktop.support.recording import RecordingLink
from phocol_desktop.support.replay import ReplayRefused, check_replayable, replay_trace
from phocol_desktop.support.trace import NOTIFY, WRITE, Trace, TraceEvent, TraceRecorder
from phocol_desktop.transport.virtual import LinkTiming, VirtualLink


def photo_like_raster(width, height, seed):
    rnd = random.Random(seed)
    rows = []
    for y in range(height):  # diagonal bands plus noise: any row/offset mistake changes the picture
        rows.append(bytes(((x + y) // 7 % 2) * 0xF0 ^ rnd.getrandbits(8) & 0x0F for x in range(width // 8)))
    return Raster(width, height, b"".join(rows))


async def recorded_virtual_print(model, raster, mtu=185):
    clock = SimClock()
    printer = VirtualPrinter(model, clock=clock)
    recorder = TraceRecorder(clock.now)
    link = RecordingLink(VirtualLink(printer, clock, LinkTiming(mtu=mtu)), recorder, model_id=model.id)
    await link.connect()
    result = await PrintJob(link, model, encode_job(raster, JobOptions(), model), clock=clock).run()
    await link.disconnect()
    assert result.ok, result.error
    return recorder.sessions[-1], printer


@pytest.mark.parametrize("model_id", ["phomemo.m02", "phomemo.m220", "phomemo.d30"])
async def test_recorded_print_to_btsnoop_and_back_renders_the_same_paper(model_table, model_id):
    model = model_table.get(model_id)
    raster = photo_like_raster(model.head_dots if model.rotate == 0 else 96, 300, seed=len(model_id))
    trace, printer = await recorded_virtual_print(model, raster)
    paper = printer.paper_png()
    assert printer.stats.rows_printed >= 300 and not printer.bricked

    imported = import_btsnoop(export_btsnoop(trace)).trace
    assert imported.host_bytes() == trace.host_bytes()
    assert [e.data for e in imported.notifications()] == [e.data for e in trace.notifications()]

    decoded = dec.decode_trace(imported, model)
    s = decoded.summary
    assert (s.dangerous, s.unknown_bytes, s.truncated) == (0, 0, False)
    assert s.raster_rows == printer.stats.rows_printed
    assert s.queries >= 1 and s.answers >= 1  # the pre-flight battery query and its answer
    assert dec.render_trace(imported, model).paper_png() == paper


async def test_replay_with_original_pacing_reproduces_the_print(model_table):
    model = model_table.get("phomemo.m02")
    trace, printer = await recorded_virtual_print(model, photo_like_raster(384, 200, 1))
    again = await replay_to_virtual_async(trace, model)
    assert again.printer.paper_png() == printer.paper_png()
    assert again.result.bytes_sent == len(trace.host_bytes()) and not again.result.link_lost
    assert any(type(e).__name__ == "BatteryLevel" for e in again.result.events)


def test_fast_replay_overflows_a_small_buffer_that_original_pacing_does_not(model_table):
    model = model_table.get("phomemo.m02")
    job = encode_job(photo_like_raster(384, 250, 2), JobOptions(), model)
    events, t = [], 0.0
    for packet in job.packets:  # the peer-proven pacing: 128 B every 20 ms (6.4 KB/s)
        for i in range(0, len(packet.data), 128):
            events.append(TraceEvent(t, WRITE, packet.data[i:i + 128]))
            t += 0.02
    trace = Trace(events, {"model_id": model.id})
    scenario = Scenario(buffer_bytes=2048, lines_per_s=200)  # drains 9.6 KB/s
    paced = replay_to_virtual(trace, model, scenario=scenario)
    fast = replay_to_virtual(trace, model, scenario=scenario, fast=True)
    assert paced.printer.stats.lost_bytes == 0 and paced.printer.stats.rows_printed == 250
    assert fast.printer.stats.lost_bytes > 0
    assert fast.result.duration_s < paced.result.duration_s


class TimedLink(VirtualLink):
    """A virtual link that remembers when each write started, on the sim clock."""

    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        self.started = []

    async def write(self, data):
        self.started.append((round(self.clock.now(), 6), len(data)))
        await super().write(data)


async def test_replay_keeps_recorded_gaps_and_rechunks_to_the_link(model_table):
    model = model_table.get("phomemo.m02")
    clock = SimClock()
    link = TimedLink(VirtualPrinter(model, clock=clock), clock, LinkTiming(mtu=23, per_write_s=0, bytes_per_s=1e9))
    await link.connect()
    trace = Trace([TraceEvent(5.0, WRITE, b"\x1b\x40"), TraceEvent(5.5, WRITE, b"\x1b\x64\x01" * 15),
                   TraceEvent(5.5, NOTIFY, frames.battery(80)), TraceEvent(7.0, WRITE, b"\x1f\x11\x08")])
    result = await replay_trace(trace, link, model, clock, drain_s=0.0)
    await link.disconnect()
    assert link.started == [(0.0, 2), (0.5, 20), (0.5, 20), (0.5, 5), (2.0, 3)]
    assert result.bytes_sent == 50 and result.writes == 5
    assert [type(e).__name__ for e in result.events] == ["BatteryLevel"]


def test_real_printer_replay_needs_confirmation_and_a_clean_trace(tmp_path, model_table, monkeypatch):
    model = model_table.get("phomemo.m02")
    bad = Trace([TraceEvent(0.0, WRITE, bytes.fromhex("1b40" "1f1115"))], {"model_id": model.id})
    with pytest.raises(ReplayRefused, match="1F 11 15"):
        check_replayable(bad, model)
    check_replayable(Trace([TraceEvent(0.0, WRITE, bytes.fromhex("1b40" "1f1108"))]), model)
    (tmp_path / "bad.json").write_text(bad.to_json())

    import phocol_desktop.cli._bluetooth as bt

    def no_bluetooth(*a, **k):
        raise AssertionError("no Bluetooth step may happen before the checks")

    monkeypatch.setattr(bt, "device_service", no_bluetooth)
    import io
    err = io.StringIO()
    assert main(["trace", "replay", str(tmp_path / "bad.json"), "--printer", "AA:BB:CC:DD:EE:FF"],
                stdout=io.StringIO(), stderr=err) == 1
    assert "--yes-print-on-real-printer" in err.getvalue()
    err = io.StringIO()
    assert main(["trace", "replay", str(tmp_path / "bad.json"), "--printer", "AA:BB:CC:DD:EE:FF",
                 "--yes-print-on-real-printer"], stdout=io.StringIO(), stderr=err) == 1
    assert "not sent to real printers" in err.getvalue()


def test_cli_replay_to_virtual_writes_the_paper(tmp_path, model_table):
    import io

    model = model_table.get("phomemo.m02")
    job = encode_job(photo_like_raster(384, 40, 3), JobOptions(), model)
    trace = Trace([TraceEvent(i * 0.02, WRITE, p.data) for i, p in enumerate(job.packets)], {"model_id": model.id})
    (tmp_path / "t.json").write_text(trace.to_json())
    out = io.StringIO()
    code = main(["trace", "replay", str(tmp_path / "t.json"), "--paper", str(tmp_path / "p.png")], stdout=out,
                stderr=io.StringIO())
    assert code == 0
    assert "virtual printer: 40 rows in 1 block(s)" in out.getvalue()
    assert (tmp_path / "p.png").read_bytes() == dec.render_trace(trace, model).paper_png()
