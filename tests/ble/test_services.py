"""The BLE worker thread and the device lifecycle service, driving unmodified bleak against the fake BlueZ."""

from __future__ import annotations

import asyncio
import threading

import pytest

from phocol_desktop.domain.events import BatteryLevel, LinkEvent
from phocol_desktop.emulator.fake_bluez import spec_for_model
from phocol_desktop.services.ble_worker import BleWorker, EventHub
from phocol_desktop.services.devices import DeviceService
from tests.ble.conftest import PRINTER_ADDRESS


class TinyCodec:
    """Test stand-in for the protocol layer's status codec: battery query and answer only."""

    def __init__(self, model):
        self.model = model

    def query(self, code: int) -> bytes:
        return bytes([0x1F, 0x11, code])

    def feed(self, data: bytes):
        return [BatteryLevel(data[2])] if data[:2] == b"\x1a\x04" else []


@pytest.fixture
def worker():
    w = BleWorker().start()
    yield w
    w.stop()


async def _wait_for(predicate, timeout=5.0):
    for _ in range(int(timeout / 0.01)):
        if predicate():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition not reached in time")


def test_worker_runs_coroutines_on_its_own_thread_and_cancels_them():
    with BleWorker() as w:
        assert w.run(_thread_name()) == "phocol-ble"
        started, cancelled = threading.Event(), threading.Event()

        async def long_job():
            started.set()
            try:
                await asyncio.sleep(30)
            except asyncio.CancelledError:
                cancelled.set()
                raise

        future = w.submit(long_job())
        assert started.wait(2)
        assert future.cancel()
        assert cancelled.wait(2)


async def _thread_name():
    return threading.current_thread().name


def test_event_hub_isolates_a_failing_subscriber():
    hub, got = EventHub(), []
    hub.subscribe(lambda e: 1 / 0)
    unsubscribe = hub.subscribe(got.append)
    hub.publish("a")
    unsubscribe()
    hub.publish("b")
    assert got == ["a"]


@pytest.mark.dbus
@pytest.mark.timeout(30)
async def test_scan_connect_status_keepalive_disconnect(fake_bluez, model_table, gate, worker):
    model = model_table.get("phomemo.m220")
    fake_bluez.add_printer(spec_for_model(model, PRINTER_ADDRESS, "Q155E1"))
    service = DeviceService(worker, model_table, require=gate, codec_factory=TinyCodec, keepalive_s=0.1,
                            status_wait_s=0.3)
    events = []
    service.events.subscribe(events.append)

    found = await asyncio.wrap_future(service.scan(0.5))
    assert [d.address for d in found] == [PRINTER_ADDRESS]
    info = await asyncio.wrap_future(service.connect(found[0]))
    assert info.kind == "ble"
    assert service.model.id == "phomemo.m220"

    status = await asyncio.wrap_future(service.query_status())
    assert status.battery == 0x5A
    sent = fake_bluez.received(PRINTER_ADDRESS)
    assert sent.startswith(b"".join(bytes([0x1F, 0x11, q]) for q in model.queries))

    before = len(fake_bluez.received(PRINTER_ADDRESS))
    await _wait_for(lambda: len(fake_bluez.received(PRINTER_ADDRESS)) >= before + 6)  # two keep-alives
    assert fake_bluez.received(PRINTER_ADDRESS)[before:before + 3] == b"\x1f\x11\x08"

    await asyncio.wrap_future(service.disconnect())
    states = [e.state for e in events if isinstance(e, LinkEvent)]
    assert states == ["connecting", "connected", "disconnected"]
    assert any(isinstance(e, BatteryLevel) for e in events)
    assert not fake_bluez.device_state(PRINTER_ADDRESS).connected


@pytest.mark.dbus
@pytest.mark.timeout(30)
async def test_link_loss_is_published_and_stops_keepalive(fake_bluez, model_table, gate, worker):
    fake_bluez.add_printer(spec_for_model(model_table.get("phomemo.m220"), PRINTER_ADDRESS, "Q155E1"))
    service = DeviceService(worker, model_table, require=gate, codec_factory=TinyCodec, keepalive_s=0.05)
    events = []
    service.events.subscribe(events.append)
    await asyncio.wrap_future(service.connect(PRINTER_ADDRESS))
    fake_bluez.take_out_of_range(PRINTER_ADDRESS)
    await _wait_for(lambda: any(isinstance(e, LinkEvent) and e.state == "lost" for e in events))
    assert service._keepalive is None
    with pytest.raises(Exception, match="No printer is connected|disconnected"):
        await asyncio.wrap_future(service.query_status())
