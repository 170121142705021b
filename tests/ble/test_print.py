"""Printing over unmodified bleak through the fake BlueZ into the VirtualPrinter, and the BLE fault paths.

Every job here goes app -> PrintJob (pacing, pre-flight, completion) -> BleLink -> bleak -> private
dbus-daemon -> fake org.bluez (ATT limits) -> VirtualPrinter. The paper the printer produced is compared
bit for bit with the raster that was sent.
"""

from __future__ import annotations

import asyncio
import dataclasses
import random

import pytest

from phocol_desktop.domain.clock import SystemClock
from phocol_desktop.domain.events import BatteryLevel
from phocol_desktop.domain.job import JobOptions
from phocol_desktop.domain.raster import Raster
from phocol_desktop.emulator.fake_bluez import spec_for_model
from phocol_desktop.protocol import encode_job
from phocol_desktop.protocol.quyin import frames
from phocol_desktop.services.ble_worker import BleWorker
from phocol_desktop.services.devices import DeviceService
from phocol_desktop.services.print_job import FAILED, PRINTED, PrintJob
from phocol_desktop.transport.base import LinkLost
from phocol_desktop.transport.ble_errors import WriteRejected
from tests.ble.conftest import PRINTER_ADDRESS

pytestmark = [pytest.mark.dbus, pytest.mark.timeout(90)]

MODEL = "phomemo.m220"  # a family that confirms each job with 1A 0F 0C (no 8 s drain wait)
NAME = "Q155E10042"


@pytest.fixture
async def worker():
    """Stopped from a thread, so the fake BlueZ on this loop can still answer the final Disconnect."""
    w = BleWorker().start()
    yield w
    await asyncio.to_thread(w.stop)


def pattern_raster(width: int, rows: int, seed: int = 7) -> Raster:
    """Noise plus a solid bar: every byte value occurs, so any lost, doubled or reordered chunk shows."""
    rng = random.Random(seed)
    data = bytearray(rng.randbytes(width // 8 * rows))
    data[: width // 8 * 4] = b"\xff" * (width // 8 * 4)
    return Raster(width, rows, bytes(data))


def fast_pacing(model):
    """Buffer-mode pacing with a huge buffer: writes go as fast as D-Bus allows, chunk = the link's limit."""
    return dataclasses.replace(model.pacing, buffer_bytes=1 << 20, lines_per_s=100_000.0)


async def connect(fake_bluez, model_table, gate, worker, *, scenario=None, **spec):
    model = model_table.get(MODEL)
    fake_bluez.add_printer(spec_for_model(model, PRINTER_ADDRESS, NAME, scenario=scenario, **spec))
    service = DeviceService(worker, model_table, require=gate, keepalive_s=None)
    info = await asyncio.wrap_future(service.connect(NAME))
    return service, model, info


async def run_job(service, model, raster, *, pacing=None, tweak_link=None, during=None, completion_timeout_s=None):
    encoded = encode_job(raster, JobOptions(), model)

    async def job(link):
        if tweak_link is not None:
            tweak_link(link)
        return await PrintJob(link, model, encoded, clock=SystemClock(), pacing=pacing,
                              completion_timeout_s=completion_timeout_s).run()

    future = asyncio.wrap_future(service.run_on_link(job))
    if during is not None:
        await during()
    return encoded, await asyncio.wait_for(future, 30)


async def wait_until(predicate, timeout=10.0):
    for _ in range(int(timeout / 0.01)):
        if predicate():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition not reached in time")


def paper_rows(fake_bluez, raster):
    printer = fake_bluez.printer(PRINTER_ADDRESS)
    paper = printer.paper.raster()
    return paper.rows(0, raster.height).data if paper.width == raster.width else None


def assert_stream_prefix(fake_bluez, encoded, preflight: bytes):
    """What reached the printer is the pre-flight query then a prefix of the job: nothing re-sent."""
    received = fake_bluez.received(PRINTER_ADDRESS)
    assert received.startswith(preflight)
    assert encoded.stream().startswith(received[len(preflight):])


# ------------------------------------------------------------------------------------ happy paths


async def test_scan_connect_print_and_read_status(fake_bluez, model_table, gate, worker):
    model = model_table.get(MODEL)
    fake_bluez.add_printer(spec_for_model(model, PRINTER_ADDRESS, NAME))
    service = DeviceService(worker, model_table, require=gate, keepalive_s=None)
    [found] = await asyncio.wrap_future(service.scan(0.5))
    assert (found.name, found.model_id) == (NAME, MODEL)
    info = await asyncio.wrap_future(service.connect(found))
    raster = pattern_raster(model.head_dots, 60)

    encoded, result = await run_job(service, model, raster)  # the model's own (fixed, unmeasured) pacing

    assert result.outcome == PRINTED, result.error
    assert result.sent_bytes == result.total_bytes == encoded.total_bytes
    assert result.chunk == min(model.pacing.chunk, info.max_write)
    assert paper_rows(fake_bluez, raster) == raster.data
    assert fake_bluez.printer(PRINTER_ADDRESS).stats.lost_bytes == 0
    writes = fake_bluez.writes(PRINTER_ADDRESS)
    assert {w.write_type for w in writes} == {"command"} and max(w.size for w in writes) <= result.chunk
    status = await asyncio.wrap_future(service.query_status(0.3))
    assert status.battery == 90 and status.paper_present is not False


@pytest.mark.parametrize("mtu, on_oversize, expected_chunk", [(23, "reject", 20), (185, "reject", 182),
                                                              (517, "drop", 512)])
async def test_every_mtu_prints_the_exact_raster(fake_bluez, model_table, gate, worker, mtu, on_oversize,
                                                 expected_chunk):
    """MTU 23 (ATT minimum) to 517 (with Bumble's silent drop above 512 bytes): chunks always fit."""
    service, model, info = await connect(fake_bluez, model_table, gate, worker, mtu=mtu, on_oversize=on_oversize)
    assert info.mtu == mtu and info.max_write == expected_chunk
    raster = pattern_raster(model.head_dots, 40 if mtu == 23 else 120)

    _, result = await run_job(service, model, raster, pacing=fast_pacing(model))

    assert result.outcome == PRINTED, result.error
    assert result.chunk == expected_chunk and result.mtu == mtu
    assert paper_rows(fake_bluez, raster) == raster.data
    sizes = [w.size for w in fake_bluez.writes(PRINTER_ADDRESS)]
    assert max(sizes) == expected_chunk  # the full chunk is used, never more
    # fixture teardown: zero bytes rejected or dropped by the fake


async def test_the_cli_prints_a_photo_over_bluetooth(fake_bluez, model_table, photos, tmp_path, monkeypatch,
                                                     app_paths):
    import io
    import sys

    from phocol_desktop.cli import main
    from phocol_desktop.imaging.pipeline import photo_to_raster
    from phocol_desktop.support.btsnoop import import_btsnoop

    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    model = model_table.get(MODEL)
    fake_bluez.add_printer(spec_for_model(model, PRINTER_ADDRESS, NAME))
    photo = str(photos.camera)
    trace = tmp_path / "job.btsnoop"
    out, err = io.StringIO(), io.StringIO()
    code = await asyncio.to_thread(main, ["print", photo, "--printer", NAME, "--allow-bluetooth", "--trace",
                                          str(trace)], out, err)
    assert code == 0, err.getvalue()
    assert out.getvalue().startswith("Printed: ") and "mtu=185" in out.getvalue()
    raster = photo_to_raster(photo, model)
    assert paper_rows(fake_bluez, raster) == raster.data
    assert not fake_bluez.device_state(PRINTER_ADDRESS).connected
    imported = import_btsnoop(trace.read_bytes())
    assert imported is not None and trace.stat().st_mode & 0o077 == 0
    from phocol_desktop.services.privacy import PrivacyService

    privacy = PrivacyService.open(app_paths)  # the print history, as a print from the window records it
    entries = privacy.data.print_history.entries()
    privacy.close()
    assert [(e["model_id"], e["width"], e["height"], e["result"]) for e in entries] == [
        (MODEL, raster.width, raster.height, "printed")]


async def test_the_cli_print_refuses_without_permission(fake_bluez, model_table, photos, monkeypatch):
    import io
    import sys

    from phocol_desktop.cli import main

    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    fake_bluez.add_printer(spec_for_model(model_table.get(MODEL), PRINTER_ADDRESS, NAME))
    photo = str(photos.camera)
    out, err = io.StringIO(), io.StringIO()
    code = await asyncio.to_thread(main, ["print", photo, "--printer", NAME], out, err)
    assert code == 1 and "--allow-bluetooth" in err.getvalue()
    assert fake_bluez.calls == []


# ------------------------------------------------------------------------------------------ faults


@pytest.mark.parametrize("cut", ["preflight", "header", "early", "middle", "last_chunk"])
async def test_printer_vanishing_mid_job_fails_clearly_without_resending(fake_bluez, model_table, gate, worker,
                                                                         cut):
    model = model_table.get(MODEL)
    raster = pattern_raster(model.head_dots, 80)
    total = encode_job(raster, JobOptions(), model).total_bytes
    preflight = 3
    at = {"preflight": 2, "header": preflight + 5, "early": preflight + 300, "middle": preflight + total // 2,
          "last_chunk": preflight + total - 10}[cut]
    service, model, _ = await connect(fake_bluez, model_table, gate, worker,
                                      scenario={"disconnect_after_bytes": at})
    started = asyncio.get_running_loop().time()

    encoded, result = await run_job(service, model, raster, pacing=fast_pacing(model))

    assert asyncio.get_running_loop().time() - started < 10  # no hang
    assert result.outcome == FAILED
    if cut == "preflight":
        assert "nothing was sent" in result.error.reason or "not responding" in result.error.reason
        assert result.sent_bytes == 0
    else:
        assert isinstance(result.error, LinkLost)
        assert "not re-sent" in result.error.reason
        # A write without response "succeeds" as it leaves; the printer had only ``at`` bytes when it went.
        assert 0 < result.sent_bytes <= result.total_bytes
    printer = fake_bluez.printer(PRINTER_ADDRESS)
    assert printer.stats.received_bytes == at
    assert_stream_prefix(fake_bluez, encoded, bytes.fromhex("1f1108"))
    assert len(fake_bluez.calls_named("Connect")) == 1  # never reconnected behind the user's back
    assert not service.link.is_connected


async def test_paper_out_mid_job_stops_the_job(fake_bluez, model_table, gate, worker):
    service, model, _ = await connect(fake_bluez, model_table, gate, worker,
                                      scenario={"faults": [{"kind": "paper_out", "at_row": 30}]})
    raster = pattern_raster(model.head_dots, 400)
    # Real time: the head prints 200 rows/s, so the fault arrives while most of the job is still to send.
    pacing = dataclasses.replace(model.pacing, buffer_bytes=4096, lines_per_s=200.0)
    fake_bluez.printer(PRINTER_ADDRESS).row_time = 1 / 200

    encoded, result = await run_job(service, model, raster, pacing=pacing)

    assert result.outcome == FAILED
    assert "out of paper" in result.error.reason and "Stopped after" in result.error.reason
    assert result.sent_bytes < result.total_bytes
    assert_stream_prefix(fake_bluez, encoded, bytes.fromhex("1f1108"))
    assert service.status.paper_present is False  # the device service saw the event too


async def test_an_oversize_chunk_is_rejected_by_the_fake_like_a_real_stack(fake_bluez, model_table, gate, worker):
    """Proves the chunking: with the link's limit lied about, the very first long write fails with ATT 0x0d."""
    fake_bluez.expect_rejections = True
    service, model, info = await connect(fake_bluez, model_table, gate, worker, mtu=100)

    def chunking_bug(link):
        # A link that believes the payload limit is the MTU itself (forgetting the 3-byte ATT header)
        link._info = dataclasses.replace(link.info, mtu=info.mtu + 3, max_write=info.mtu)

    raster = pattern_raster(model.head_dots, 20)
    _, result = await run_job(service, model, raster, pacing=fast_pacing(model), tweak_link=chunking_bug)

    assert result.outcome == FAILED and isinstance(result.error, WriteRejected)
    assert "0x0d" in result.error.reason
    rejected = [w for w in fake_bluez.writes(PRINTER_ADDRESS) if w.outcome == "rejected"]
    assert [w.size for w in rejected] == [100]
    assert fake_bluez.device_state(PRINTER_ADDRESS).rejected_bytes == 100


async def test_a_notification_storm_does_not_starve_the_writer(fake_bluez, model_table, gate, worker):
    service, model, _ = await connect(fake_bluez, model_table, gate, worker)
    raster = pattern_raster(model.head_dots, 150)
    seen = []
    service.events.subscribe(lambda e: seen.append(e) if isinstance(e, BatteryLevel) else None)
    storm: dict[str, asyncio.Task] = {}

    async def start_storm():
        storm["task"] = fake_bluez.storm(PRINTER_ADDRESS, frames.battery(75), count=2000, interval_s=0.0005)

    _, result = await run_job(service, model, raster, pacing=fast_pacing(model), during=start_storm)
    sent = await storm["task"]

    assert result.outcome == PRINTED, result.error
    assert result.duration_s < 5
    assert paper_rows(fake_bluez, raster) == raster.data
    assert sent > 0
    storm_events = [e for e in result.events if e == BatteryLevel(75)]
    assert storm_events, "the storm never reached the job"
    assert len(seen) >= len(storm_events)  # the device service's subscribers got them too


async def test_cancelling_the_job_future_stops_sending(fake_bluez, model_table, gate, worker):
    """Jobs are cancellable from any thread: cancelling the worker's future stops the writes at once."""
    service, model, _ = await connect(fake_bluez, model_table, gate, worker)
    raster = pattern_raster(model.head_dots, 400)  # ~29 KB at the model's 128 B / 20 ms: several seconds
    encoded = encode_job(raster, JobOptions(), model)

    async def job(link):
        return await PrintJob(link, model, encoded, clock=SystemClock()).run()

    future = service.run_on_link(job)
    await wait_until(lambda: len(fake_bluez.received(PRINTER_ADDRESS)) > 2000)
    assert future.cancel()
    await asyncio.sleep(0.1)
    stopped_at = len(fake_bluez.received(PRINTER_ADDRESS))
    await asyncio.sleep(0.5)
    assert len(fake_bluez.received(PRINTER_ADDRESS)) == stopped_at < encoded.total_bytes + 3
    assert_stream_prefix(fake_bluez, encoded, bytes.fromhex("1f1108"))
    assert service.link.is_connected  # cancelling a job does not drop the printer


async def test_nothing_identifying_reaches_files_or_logs(fake_bluez, model_table, photos, tmp_path, monkeypatch,
                                                         private_dirs):
    """AT-12: neither the adapter's own address nor the printer's reaches a file, even with bleak's -vv log."""
    import io
    import sys

    from phocol_desktop.cli import main
    from phocol_desktop.emulator.fake_bluez import SENTINEL_ADAPTER_ADDRESS
    from tests.photos import CAMERA_SERIAL

    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    fake_bluez.add_printer(spec_for_model(model_table.get(MODEL), PRINTER_ADDRESS, NAME))
    trace = tmp_path / "t.btsnoop"
    code = await asyncio.to_thread(main, ["-vv", "print", str(photos.camera), "--printer",
                                          NAME, "--allow-bluetooth", "--trace", str(trace)],
                                   io.StringIO(), io.StringIO())
    assert code == 0
    needles = [s.encode() for s in (SENTINEL_ADAPTER_ADDRESS, PRINTER_ADDRESS, PRINTER_ADDRESS.replace(":", "_"),
                                    CAMERA_SERIAL)]  # nor the camera's serial number from the photo's EXIF
    files = [p for p in [*private_dirs.rglob("*"), trace] if p.is_file()]
    assert files
    for path in files:
        data = path.read_bytes()
        leaked = [n.decode() for n in needles if n in data or n.lower() in data]
        assert not leaked, f"{path.name} holds {leaked}"


@pytest.mark.parametrize("spec", [{"write_flags": ("write",)}, {"reject_command_writes": True}],
                         ids=["write-with-response-only", "refuses-write-without-response"])
async def test_printers_that_need_write_with_response_print_correctly(fake_bluez, model_table, gate, worker, spec):
    """PROTOCOL.md §2: some units accept only write-with-response; the link falls back once and sticks."""
    service, model, info = await connect(fake_bluez, model_table, gate, worker, **spec)
    raster = pattern_raster(model.head_dots, 60)

    _, result = await run_job(service, model, raster, pacing=fast_pacing(model))

    assert result.outcome == PRINTED, result.error
    assert paper_rows(fake_bluez, raster) == raster.data
    writes = fake_bluez.writes(PRINTER_ADDRESS)
    refused = [w for w in writes if w.outcome == "refused"]
    assert len(refused) == (1 if "reject_command_writes" in spec else 0)  # tried once, then never again
    assert all(w.write_type == "request" for w in writes if w.outcome == "ok")
    assert service.link.info.write_with_response


async def test_status_polling_never_interleaves_with_job_bytes(fake_bluez, model_table, gate, worker):
    """A status query between two raster chunks would be printed as picture data: polling waits for the job."""
    service, model, _ = await connect(fake_bluez, model_table, gate, worker)
    await asyncio.wrap_future(service.poll_status(0.01))
    round_bytes = 3 * len(model.queries)
    # Start the job just after a polling round began (its next query is due 50 ms later, mid-job).
    await wait_until(lambda: len(fake_bluez.received(PRINTER_ADDRESS)) % round_bytes == 3
                     and len(fake_bluez.received(PRINTER_ADDRESS)) > round_bytes)
    raster = pattern_raster(model.head_dots, 80)

    encoded, result = await run_job(service, model, raster)  # the model's 20 ms gaps: polls are due meanwhile

    assert result.outcome == PRINTED, result.error
    await wait_until(lambda: fake_bluez.received(PRINTER_ADDRESS).endswith(bytes([0x1F, 0x11, model.queries[-1]])))
    received = fake_bluez.received(PRINTER_ADDRESS)
    assert encoded.stream() in received  # the job went out as one unbroken stream
    assert paper_rows(fake_bluez, raster) == raster.data
    await asyncio.wrap_future(service.poll_status(None))


async def test_a_printer_that_does_not_answer_the_preflight_gets_no_raster(fake_bluez, model_table, gate, worker):
    service, model, _ = await connect(fake_bluez, model_table, gate, worker, scenario={"faults": [{"kind": "mute"}]})
    raster = pattern_raster(model.head_dots, 40)

    _, result = await run_job(service, model, raster)

    assert result.outcome == FAILED and "not responding" in result.error.reason
    assert result.sent_bytes == 0
    assert fake_bluez.received(PRINTER_ADDRESS) == bytes.fromhex("1f1108")  # the one pre-flight query only


@pytest.mark.parametrize("believed_buffer, lossless", [(4096, True), (65536, False)],
                         ids=["pacer-knows-the-buffer", "pacer-overestimates-the-buffer"])
async def test_buffer_pacing_over_bleak_keeps_a_slow_printer_fed_without_loss(fake_bluez, model_table, gate,
                                                                              worker, believed_buffer, lossless):
    """A printer with a 4 KiB buffer draining at 400 lines/s in real time, no back-pressure (PROTOCOL.md §10).

    Paced from the right buffer size nothing is lost and the paper is exact; the control run that believes in a
    bigger buffer overflows it, which proves the printer model would catch a pacing bug over this path."""
    service, model, _ = await connect(fake_bluez, model_table, gate, worker,
                                      scenario={"buffer_bytes": 4096, "lines_per_s": 400})
    raster = pattern_raster(model.head_dots, 240)  # 17 KB: four buffers' worth
    pacing = dataclasses.replace(model.pacing, buffer_bytes=believed_buffer, lines_per_s=400.0)

    _, result = await run_job(service, model, raster, pacing=pacing, completion_timeout_s=None if lossless else 2.0)

    printer = fake_bluez.printer(PRINTER_ADDRESS)
    if lossless:
        assert result.outcome == PRINTED, result.error
        assert printer.stats.lost_bytes == 0 and printer.stats.max_buffer_fill <= 4096
        assert paper_rows(fake_bluez, raster) == raster.data
        assert result.duration_s >= 240 / 400 * 0.9  # it waited for the head, not for a fixed gap
    else:
        assert printer.stats.lost_bytes > 0
        assert paper_rows(fake_bluez, raster) != raster.data
