"""Print jobs over the timed virtual link: pacing, pre-flight, faults, link loss (never re-sent), cancel."""

from __future__ import annotations

import dataclasses
import os

import pytest

from phocol_desktop.domain.clock import SimClock
from phocol_desktop.domain.errors import PrinterFault
from phocol_desktop.domain.events import JobFinished, PaperStatus
from phocol_desktop.domain.job import JobOptions
from phocol_desktop.domain.raster import Raster
from phocol_desktop.emulator.virtual_printer import VirtualPrinter
from phocol_desktop.protocol import encode_job
from phocol_desktop.protocol.quyin import frames
from phocol_desktop.services.print_job import CANCELLED, FAILED, PRINTED, UNCONFIRMED, PrintJob
from phocol_desktop.transport.base import LinkLost, PrinterNotResponding
from phocol_desktop.transport.virtual import LinkTiming, OversizeWrite, VirtualLink


def measured(model, buffer_bytes=4096, lines_per_s=200.0):
    return dataclasses.replace(model, pacing=dataclasses.replace(model.pacing, buffer_bytes=buffer_bytes,
                                                                 lines_per_s=lines_per_s))


def raster_for(model, rows=200, seed=1):
    rnd = __import__("random").Random(seed)
    return Raster(model.head_dots, rows, bytes(rnd.randrange(256) for _ in range(model.bytes_per_line * rows)))


async def print_on_virtual(model, raster, *, scenario=None, timing=None, options=None, job_model=None,
                           cancel_at=None, **job_kwargs):
    clock = SimClock()
    printer = VirtualPrinter(model, scenario, clock=clock)
    link = VirtualLink(printer, clock, timing or LinkTiming())
    await link.connect()
    encoded = encode_job(raster, options or JobOptions(), job_model or model)
    progress = []
    job = PrintJob(link, job_model or model, encoded, clock=clock, on_progress=progress.append, **job_kwargs)
    if cancel_at is not None:
        def on_progress(p):
            progress.append(p)
            if p.sent_bytes >= cancel_at:
                job.cancel()
        job._on_progress = on_progress
    result = await job.run()
    await link.disconnect()
    return result, printer, link, progress, clock


@pytest.mark.parametrize("model_id", ["phomemo.m220", "phomemo.m02", "phocol.generic384", "phomemo.d30"])
async def test_a_job_prints_bit_for_bit_and_reports_progress(model_id, model_table):
    model = model_table.get(model_id)
    raster = raster_for(model, 300)
    result, printer, _link, progress, _ = await print_on_virtual(model, raster)
    assert result.outcome == PRINTED and result.error is None and not result.partial
    assert printer.paper.raster().data[: len(raster.data)] == raster.data
    assert printer.stats.lost_bytes == 0
    sent = [p.sent_bytes for p in progress]
    assert sent == sorted(sent) and sent[-1] == result.total_bytes == result.sent_bytes


async def test_m220_is_printed_only_when_the_completion_frame_arrives(model_table):
    model = measured(model_table.get("phomemo.m220"), lines_per_s=100)
    result, printer, _, _, clock = await print_on_virtual(model, raster_for(model, 300))
    assert result.outcome == PRINTED
    assert JobFinished() in result.events
    assert clock.now() >= printer.stats.last_row_done_at  # never reported before the head was done


async def test_no_completion_frame_means_unconfirmed_not_printed(model_table):
    m02 = model_table.get("phomemo.m02")
    claims_frames = dataclasses.replace(m02, completion="frame")
    result, *_ = await print_on_virtual(m02, raster_for(m02, 20), job_model=claims_frames, completion_timeout_s=2)
    assert result.outcome == UNCONFIRMED and not result.ok


@pytest.mark.parametrize(("mtu", "chunk"), [(23, 20), (185, 182), (517, 512)])
async def test_chunks_follow_the_link_in_buffer_mode(mtu, chunk, model_table):
    model = measured(model_table.get("phocol.generic384"))
    result, printer, link, _, _ = await print_on_virtual(model, raster_for(model, 200), timing=LinkTiming(mtu=mtu))
    assert result.ok and result.chunk == chunk and result.mtu == mtu
    assert max(size for _, size in link.writes) == chunk
    assert printer.stats.lost_bytes == 0


async def test_fixed_pacing_without_measured_buffer_is_128_bytes_every_20_ms(model_table):
    model = model_table.get("phocol.generic384")
    result, _, link, _, _ = await print_on_virtual(model, raster_for(model, 100))
    assert result.ok and result.chunk == 128
    raster_writes = [(t, n) for t, n in link.writes if n == 128]
    gaps = [b[0] - a[0] for a, b in zip(raster_writes, raster_writes[1:], strict=False)]
    assert min(gaps) >= 0.020


async def test_buffer_pacing_streams_at_head_speed_without_losing_a_byte(model_table):
    model = measured(model_table.get("phocol.generic384"), buffer_bytes=4096, lines_per_s=200)
    raster = raster_for(model, 800)
    result, printer, _, _, _ = await print_on_virtual(model, raster)
    assert result.ok and printer.stats.lost_bytes == 0
    assert printer.stats.max_buffer_fill <= 4096
    head_time = 800 / 200
    assert printer.stats.last_row_done_at <= head_time * 1.05  # the head never waited for the link
    assert printer.paper.raster().data[: len(raster.data)] == raster.data


async def test_without_pacing_the_same_job_overflows_the_buffer(model_table):
    """The control experiment: the buffer model is what keeps the bytes, not luck."""
    model = measured(model_table.get("phocol.generic384"), buffer_bytes=4096, lines_per_s=200)
    unpaced = dataclasses.replace(model.pacing, buffer_bytes=1 << 24)  # the pacer believes the buffer is huge
    result, printer, _, _, _ = await print_on_virtual(model, raster_for(model, 800), pacing=unpaced)
    assert printer.stats.lost_bytes > 0


async def test_oversize_writes_are_refused_by_the_link(model_table):
    clock = SimClock()
    link = VirtualLink(VirtualPrinter(model_table.get("phomemo.m02"), clock=clock), clock, LinkTiming(mtu=23))
    await link.connect()
    with pytest.raises(OversizeWrite):
        await link.write(b"\x00" * 21)
    await link.disconnect()


async def test_preflight_without_an_answer_sends_no_raster(model_table):
    model = model_table.get("phomemo.m220")
    result, printer, *_ = await print_on_virtual(model, raster_for(model, 50), scenario={"faults": [{"kind": "mute"}]})
    assert result.outcome == FAILED and isinstance(result.error, PrinterNotResponding)
    assert result.sent_bytes == 0 and printer.stats.received_bytes == 3  # the battery query only


async def test_a_printer_already_out_of_paper_stops_before_sending(model_table):
    model = model_table.get("phomemo.m110")
    result, printer, *_ = await print_on_virtual(model, raster_for(model, 50), scenario={"faults": [
        {"kind": "paper_out"}]})
    assert result.outcome == FAILED and isinstance(result.error, PrinterFault)
    assert result.sent_bytes == 0 and "out of paper" in result.error.reason


async def test_paper_out_mid_job_stops_the_job_and_nothing_is_resent(model_table):
    model = measured(model_table.get("phomemo.m220"), buffer_bytes=8192, lines_per_s=100)
    result, printer, *_ = await print_on_virtual(model, raster_for(model, 600), scenario={"faults": [
        {"kind": "paper_out", "at_row": 150}]})
    assert result.outcome == FAILED and isinstance(result.error, PrinterFault)
    assert PaperStatus(False) in result.events
    assert result.partial and printer.stats.rows_printed == 150
    assert printer.stats.received_bytes == result.sent_bytes + 3  # every byte once (+ the pre-flight query)


@pytest.mark.parametrize("offset", [2, 10, 500, 5000, 20000])
async def test_link_loss_at_any_offset_fails_clearly_and_never_resends(offset, model_table):
    model = model_table.get("phomemo.m02")
    result, printer, link, *_ = await print_on_virtual(model, raster_for(model, 600),
                                                       scenario={"disconnect_after_bytes": offset})
    assert result.outcome == FAILED and isinstance(result.error, LinkLost)
    assert printer.stats.received_bytes == offset
    assert sum(n for _, n in link.writes) <= offset + 128  # nothing after the loss, nothing twice
    assert "not re-sent" in result.error.reason or "nothing was sent" in result.error.reason.lower() \
        or "not responding" in result.error.reason


async def test_user_cancel_stops_at_the_next_chunk(model_table):
    model = model_table.get("phomemo.m02")
    result, printer, *_ = await print_on_virtual(model, raster_for(model, 400), cancel_at=5000)
    assert result.outcome == CANCELLED and result.partial
    assert 5000 <= result.sent_bytes < 5000 + 128 * 2
    assert printer.stats.received_bytes == result.sent_bytes + 3


async def test_printer_cancel_is_reported(model_table):
    model = measured(model_table.get("phomemo.m220"), lines_per_s=100)
    result, *_ = await print_on_virtual(model, raster_for(model, 400), scenario={"faults": [
        {"kind": "cancel", "at_row": 20}]})
    assert result.outcome == CANCELLED


async def test_the_previous_notification_listener_keeps_getting_frames(model_table):
    model = model_table.get("phomemo.m220")
    clock = SimClock()
    printer = VirtualPrinter(model, clock=clock)
    link = VirtualLink(printer, clock)
    await link.connect()
    seen = []
    link.on_notification(seen.append)
    result = await PrintJob(link, model, encode_job(raster_for(model, 10), JobOptions(), model), clock=clock).run()
    assert result.ok and bytes.fromhex("1A0F0C") in seen
    link._emit_notification(frames.battery(16))
    assert seen[-1] == frames.battery(16)  # the job handed the link back
    await link.disconnect()


async def test_random_jobs_on_every_model_at_a_small_mtu(model_table):
    for model in model_table.models:
        raster = Raster(model.head_dots, 37, os.urandom(model.bytes_per_line * 37))
        result, printer, *_ = await print_on_virtual(model, raster, timing=LinkTiming(mtu=23),
                                                     options=JobOptions(copies=2))
        assert result.ok, (model.id, result.error)
        assert printer.paper.raster().data[: len(raster.data)] == raster.data, model.id
