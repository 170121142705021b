"""`trace replay --printer ADDR` over unmodified bleak to the fake BlueZ: confirmation, permission, bytes."""

from __future__ import annotations

import io
import sys

import pytest

from phocol_desktop.domain.job import JobOptions
from phocol_desktop.domain.raster import Raster
from phocol_desktop.emulator.fake_bluez import spec_for_model
from phocol_desktop.protocol import encode_job
from phocol_desktop.support.trace import WRITE, Trace, TraceEvent
from tests.ble.conftest import PRINTER_ADDRESS, _shim_dir, bluetoothctl_shim, fake_bluez  # noqa: F401
from tests.cli import run_in_thread as cli

pytestmark = [pytest.mark.dbus, pytest.mark.timeout(90)]


@pytest.fixture
def m220(fake_bluez, model_table, monkeypatch):  # noqa: F811
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    fake_bluez.add_printer(spec_for_model(model_table.get("phomemo.m220"), PRINTER_ADDRESS, "Q155E1"))
    return fake_bluez


async def test_replay_to_a_bluetooth_printer_sends_exactly_the_trace(m220, model_table, tmp_path):
    model = model_table.get("phomemo.m220")
    raster = Raster(576, 40, bytes(range(256)) * (72 * 40 // 256) + bytes(72 * 40 % 256))
    packets = encode_job(raster, JobOptions(), model).packets
    trace = Trace([TraceEvent(i * 0.01, WRITE, p.data) for i, p in enumerate(packets)], {"model_id": model.id})
    (tmp_path / "t.json").write_text(trace.to_json())

    code, _, err = await cli("trace", "replay", str(tmp_path / "t.json"), "--printer", PRINTER_ADDRESS)
    assert code == 1 and "--yes-print-on-real-printer" in err and m220.calls == []
    code, _, err = await cli("trace", "replay", str(tmp_path / "t.json"), "--printer", PRINTER_ADDRESS,
                             "--yes-print-on-real-printer")
    assert code == 1 and "--allow-bluetooth" in err and m220.calls == []  # permission before any Bluetooth call

    code, out, err = await cli("trace", "replay", str(tmp_path / "t.json"), "--printer", PRINTER_ADDRESS,
                               "--yes-print-on-real-printer", "--allow-bluetooth", "--drain", "0.2")
    assert code == 0, err
    assert m220.received(PRINTER_ADDRESS) == trace.host_bytes()
    assert f"replayed {len(trace.host_bytes())} of {len(trace.host_bytes())} bytes" in out
    assert not m220.device_state(PRINTER_ADDRESS).connected
