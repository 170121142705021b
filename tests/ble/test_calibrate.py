"""Speed calibration over unmodified bleak against the fake BlueZ, on a printer whose buffer and head speed the
app does not know (the model table has neither; only the scenario below does).

The user's part is played from the virtual paper: the test reads which blocks printed whole, as a person
would, and answers with the last one.
"""

from __future__ import annotations

import asyncio
import io
import json
import sys

import pytest

from phocol_desktop.cli import main
from phocol_desktop.domain.clock import SystemClock
from phocol_desktop.domain.job import JobOptions
from phocol_desktop.emulator.fake_bluez import spec_for_model
from phocol_desktop.protocol import encode_job
from phocol_desktop.services.ble_worker import BleWorker
from phocol_desktop.services.calibration import Calibrator, VerificationFailed, block_raster
from phocol_desktop.services.devices import DeviceService
from phocol_desktop.services.print_job import PrintJob
from phocol_desktop.storage.tuning import TuningStore
from tests.ble.conftest import PRINTER_ADDRESS
from tests.ble.test_print import pattern_raster

pytestmark = [pytest.mark.dbus, pytest.mark.timeout(150)]

MODEL = "phomemo.m220"
NAME = "Q155E10042"
HEAD_LINES_PER_S = 240.0  # what the printer really does: unknown to the app
BUFFER = 1024
UNKNOWN = {"lines_per_s": HEAD_LINES_PER_S, "buffer_bytes": BUFFER}
BLOCK_ROWS = 120


def intact_blocks(printer, ladder: dict) -> list[int]:
    """The blocks whose rows on the paper are exactly the block's picture (what the user looks for)."""
    paper = printer.paper.raster()
    plan_rows = ladder["block_rows"]
    out = []
    for block in ladder["blocks"]:
        top = block["top_row"]
        got = paper.rows(top, top + plan_rows).data if paper.height >= top + plan_rows else b""
        from phocol_desktop.imaging.calibration_prints import ladder_block

        if got == ladder_block(block["block"], ladder["head_dots"], plan_rows, ladder["gap_rows"]).data:
            out.append(block["block"])
    return out


class PaperReader(io.StringIO):
    """stdin on which the 'user' answers with the last block that printed whole, read off the paper."""

    def __init__(self, fake, ladder_path):
        super().__init__()
        self.fake, self.ladder_path, self.seen = fake, ladder_path, None

    def readline(self, *_):
        ladder = json.loads(self.ladder_path.read_text())
        intact = intact_blocks(self.fake.printer(PRINTER_ADDRESS), ladder)
        self.seen = (ladder, intact)
        last = 0
        while last + 1 in intact:
            last += 1
        return f"{last}\n"


async def test_ladder_calibration_then_a_long_job_is_lossless_and_near_the_head_speed(fake_bluez, model_table,
                                                                                     tmp_path, monkeypatch,
                                                                                     app_paths):
    model = model_table.get(MODEL)
    assert not model.pacing.measured  # the app starts from the fixed pacing
    fake_bluez.add_printer(spec_for_model(model, PRINTER_ADDRESS, NAME, scenario=UNKNOWN))
    ladder_path = tmp_path / "ladder.json"
    reader = PaperReader(fake_bluez, ladder_path)
    monkeypatch.setattr(sys, "stdin", reader)
    out, err = io.StringIO(), io.StringIO()
    code = await asyncio.to_thread(main, ["calibrate", "--printer", NAME, "--ladder", str(ladder_path),
                                          "--block-rows", str(BLOCK_ROWS), "--allow-bluetooth"], out, err)
    assert code == 0, err.getvalue() + out.getvalue()
    ladder, intact = reader.seen
    rates = {b["block"]: b["send_lines_per_s"] for b in ladder["blocks"]}
    # The plan was written before printing and names every block's rate and rows.
    assert len(rates) == 12 and sorted(rates.values()) == list(rates.values())
    threshold = HEAD_LINES_PER_S / (1 - BUFFER / (BLOCK_ROWS * model.bytes_per_line))  # what a block can hide
    slow = [n for n, r in rates.items() if r <= HEAD_LINES_PER_S]
    fast = [n for n, r in rates.items() if r > threshold * 1.1]
    assert set(slow) <= set(intact), (intact, rates)
    assert fast and not set(fast) & set(intact), (intact, rates)  # visibly damaged on the paper
    printer = fake_bluez.printer(PRINTER_ADDRESS)
    assert printer.stats.lost_bytes > 0 and not printer.bricked
    assert "Saved for printer-" in out.getvalue()

    # The saved override names the printer by pseudonym only.
    [saved] = list(app_paths.printer_overrides.glob("*.json"))
    text = saved.read_text()
    assert PRINTER_ADDRESS not in text and PRINTER_ADDRESS.replace(":", "") not in text.upper()
    assert saved.stat().st_mode & 0o077 == 0
    tuning = json.loads(text)["printers"][saved.stem]
    assert tuning["model"] == MODEL and tuning["pacing"]["lines_per_s"] <= HEAD_LINES_PER_S

    # A later long job on this printer uses the measured pacing: no loss, within 1.25x the head limit.
    lost_before = printer.stats.lost_bytes
    worker = BleWorker().start()
    try:
        service = DeviceService(worker, model_table, require=lambda *a, **k: None, keepalive_s=None,
                                personalise=TuningStore(app_paths).personalise)
        await asyncio.wrap_future(service.connect(NAME))
        measured = service.model
        assert measured.pacing.measured
        raster = pattern_raster(model.head_dots, 1200)
        encoded = encode_job(raster, JobOptions(), measured)
        rows_before = printer.paper.height
        started = {}

        async def job(link):
            started["t"] = printer.now()
            return await PrintJob(link, measured, encoded, clock=SystemClock()).run()

        result = await asyncio.wrap_future(service.run_on_link(job))
        await asyncio.wrap_future(service.disconnect())
    finally:
        await asyncio.to_thread(worker.stop)
    assert result.ok, result.error
    assert "(measured)" in result.pacing
    assert printer.stats.lost_bytes == lost_before
    assert printer.paper.raster().rows(rows_before, rows_before + 1200).data == raster.data
    took = printer.stats.last_row_done_at - started["t"]
    head_limit = 1200 / HEAD_LINES_PER_S
    assert took <= 1.25 * head_limit, (took, head_limit)


async def test_too_high_an_answer_is_caught_by_the_check_block_and_nothing_is_saved(fake_bluez, model_table,
                                                                                   app_paths):
    model = model_table.get(MODEL)
    fake_bluez.add_printer(spec_for_model(model, PRINTER_ADDRESS, NAME, scenario=UNKNOWN))
    worker = BleWorker().start()
    store = TuningStore(app_paths)
    try:
        service = DeviceService(worker, model_table, require=lambda *a, **k: None, keepalive_s=None,
                                personalise=store.personalise)
        calibrator = Calibrator(service, store)
        await asyncio.wrap_future(calibrator.connect(NAME))
        plan = calibrator.plan(12, BLOCK_ROWS)
        too_high = next(b.number for b in plan.blocks if b.lines_per_s * 0.85 > HEAD_LINES_PER_S * 1.3)
        with pytest.raises(VerificationFailed, match="lost data") as caught:
            await asyncio.wrap_future(calibrator.finish(plan, too_high))
        assert "answer a lower block" in caught.value.advice
        assert not list(app_paths.printer_overrides.glob("*.json"))
        assert not service.model.pacing.measured
        printer = fake_bluez.printer(PRINTER_ADDRESS)
        assert printer.stats.lost_bytes > 0 and not printer.bricked

        # The printer was un-stuck: the next job (fixed pacing) prints whole.
        rows_before = printer.paper.height
        lost_before = printer.stats.lost_bytes
        raster = block_raster(plan, 1)

        async def job(link):
            return await PrintJob(link, service.model, encode_job(raster, JobOptions(), service.model),
                                  clock=SystemClock()).run()

        result = await asyncio.wrap_future(service.run_on_link(job))
        assert result.ok, result.error
        assert printer.stats.lost_bytes == lost_before
        paper = printer.paper.raster()
        assert paper.rows(paper.height - raster.height, paper.height).data == raster.data
        assert paper.height >= rows_before + raster.height
        await asyncio.wrap_future(service.disconnect())
    finally:
        await asyncio.to_thread(worker.stop)


async def test_darkness_patches_then_the_pick_is_that_printers_default(fake_bluez, model_table, app_paths,
                                                                       monkeypatch, tmp_path):
    model = model_table.get(MODEL)
    fake_bluez.add_printer(spec_for_model(model, PRINTER_ADDRESS, NAME))
    store = TuningStore(app_paths)
    store.update(PRINTER_ADDRESS, MODEL, lines_per_s=2000.0, buffer_bytes=1 << 16, chunk=182)  # a fast printer
    monkeypatch.setattr(sys, "stdin", io.StringIO("12\n"))  # the user's pick, typed on stdin
    out, err = io.StringIO(), io.StringIO()
    code = await asyncio.to_thread(main, ["calibrate", "--printer", NAME, "--density", "--allow-bluetooth"], out, err)
    assert code == 0, err.getvalue()
    assert "Darkness 12 is now the default" in out.getvalue()
    printer = fake_bluez.printer(PRINTER_ADDRESS)
    wire = b"".join(data for _, who, data in printer.wire_log if who == "host")
    levels = [wire[i + 3] for i in range(len(wire) - 3) if wire[i : i + 3] == b"\x1b\x4e\x04"]
    assert levels == list(range(model.density.min, model.density.max + 1))  # one patch per level, in order
    assert printer.paper.height == len(levels) * 120 and printer.stats.lost_bytes == 0
    tuning = store.get(PRINTER_ADDRESS)
    assert tuning.density == 12 and tuning.measured  # the speed calibration is kept alongside

    # The next job on this printer is printed at darkness 12 without being asked.
    from PIL import Image

    photo = tmp_path / "p.png"
    Image.new("RGB", (200, 100), "black").save(photo)
    sent_before = len(wire)
    out = io.StringIO()
    code = await asyncio.to_thread(main, ["print", str(photo), "--printer", NAME, "--allow-bluetooth"], out, err)
    assert code == 0, err.getvalue()
    assert "(measured)" in out.getvalue() and "fixed" not in out.getvalue()
    wire = b"".join(data for _, who, data in printer.wire_log if who == "host")[sent_before:]
    assert b"\x1b\x4e\x04\x0c" in wire

    # --reset forgets both; the next job is back on the fixed pacing.
    out = io.StringIO()
    code = await asyncio.to_thread(main, ["calibrate", "--printer", NAME, "--reset", "--allow-bluetooth"], out, err)
    assert code == 0 and "Forgot the calibration of printer-" in out.getvalue()
    assert store.get(PRINTER_ADDRESS) is None
    out = io.StringIO()
    code = await asyncio.to_thread(main, ["print", str(photo), "--printer", NAME, "--allow-bluetooth"], out, err)
    assert code == 0 and "(fixed; no measured buffer)" in out.getvalue()
