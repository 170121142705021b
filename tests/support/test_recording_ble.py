"""A Bluetooth session through DeviceService is recorded when its link factory is wrapped; the trace names
the printer by pseudonym only and decodes like any other."""

from __future__ import annotations

import asyncio

import pytest

from phocol_desktop.domain.clock import SimClock
from phocol_desktop.emulator.fake_bluez import spec_for_model
from phocol_desktop.services.ble_worker import BleWorker
from phocol_desktop.services.devices import DeviceService
from phocol_desktop.storage.crypto import pseudonymise
from phocol_desktop.support import decode as dec
from phocol_desktop.support.recording import recording_link_factory
from phocol_desktop.support.trace import LINK, NOTIFY, WRITE, TraceRecorder
from phocol_desktop.transport.ble import BleLink
from tests.ble.conftest import (  # noqa: F401
    PRINTER_ADDRESS,
    RecordingGate,
    _shim_dir,
    bluetoothctl_shim,
    fake_bluez,
)

pytestmark = [pytest.mark.dbus, pytest.mark.timeout(60)]


@pytest.fixture
def worker():
    w = BleWorker().start()
    yield w
    w.stop()


async def test_device_service_session_is_recorded(fake_bluez, model_table, worker):  # noqa: F811
    model = model_table.get("phomemo.m220")
    fake_bluez.add_printer(spec_for_model(model, PRINTER_ADDRESS, "Q155E1"))
    recorder = TraceRecorder(SimClock().now)
    service = DeviceService(worker, model_table, require=RecordingGate(allowed=True), keepalive_s=None,
                            status_wait_s=0.3, link_factory=recording_link_factory(BleLink, recorder))
    await asyncio.wrap_future(service.connect(PRINTER_ADDRESS))
    assert service.model.id == "phomemo.m220"  # the wrapper still exposes what the link resolved
    status = await asyncio.wrap_future(service.query_status())
    assert status.battery == 90
    await asyncio.wrap_future(service.disconnect())

    trace = recorder.snapshot()[-1]
    assert trace.meta["printer"] == pseudonymise(PRINTER_ADDRESS) and trace.meta["link"] == "ble"
    assert trace.meta["model_id"] == "phomemo.m220"
    assert PRINTER_ADDRESS not in trace.to_json()
    kinds = [e.kind for e in trace.events]
    assert kinds[0] == LINK and kinds[-1] == LINK and WRITE in kinds and NOTIFY in kinds
    assert trace.host_bytes() == fake_bluez.received(PRINTER_ADDRESS)
    decoded = dec.decode_trace(trace, model)
    assert decoded.summary.queries == len(model.queries) and decoded.summary.dangerous == 0
    assert ("battery", "90 %") in [(ln.name, ln.detail) for ln in decoded.lines]
