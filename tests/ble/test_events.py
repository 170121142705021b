"""Status polling, typed printer events, disconnect detection and reconnect on demand.

The VirtualPrinter is hosted by the fake BlueZ; unmodified bleak carries its notifications to the
DeviceService, whose protocol-layer decoder turns them into typed events.
"""

from __future__ import annotations

import asyncio

import pytest

from phocol_desktop.domain.events import BatteryLevel, CoverStatus, LinkEvent, PaperStatus, Temperature
from phocol_desktop.domain.status_words import fault_words
from phocol_desktop.emulator.fake_bluez import spec_for_model
from phocol_desktop.services.ble_worker import BleWorker
from phocol_desktop.services.devices import DeviceService
from phocol_desktop.transport.base import LinkLost
from tests.ble.conftest import PRINTER_ADDRESS

pytestmark = [pytest.mark.dbus, pytest.mark.timeout(60)]


@pytest.fixture
async def worker():
    """Stopped from a thread, so the fake BlueZ on this loop can still answer the final Disconnect."""
    w = BleWorker().start()
    yield w
    await asyncio.to_thread(w.stop)


async def wait_for(predicate, timeout=5.0):
    for _ in range(int(timeout / 0.01)):
        if predicate():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition not reached in time")


@pytest.fixture
async def connected(fake_bluez, model_table, gate, worker):
    fake_bluez.add_printer(spec_for_model(model_table.get("phomemo.m220"), PRINTER_ADDRESS, "Q155E1"))
    service = DeviceService(worker, model_table, require=gate, keepalive_s=None)
    events: list = []
    service.events.subscribe(events.append)
    await asyncio.wrap_future(service.connect("Q155E1"))
    return service, events


async def test_unsolicited_faults_become_typed_events_and_fold_into_status(connected, fake_bluez):
    service, events = connected
    printer = fake_bluez.printer(PRINTER_ADDRESS)
    printer.trigger("paper_out")
    printer.trigger("cover_open")
    printer.trigger("overheat")
    printer.trigger("low_battery", "low_5")
    await wait_for(lambda: any(isinstance(e, BatteryLevel) for e in events))
    kinds = [type(e) for e in events if not isinstance(e, LinkEvent)]
    assert kinds == [PaperStatus, CoverStatus, Temperature, BatteryLevel]
    assert PaperStatus(present=False) in events and Temperature(overheated=True, raw=0xA9) in events
    assert next(e for e in events if isinstance(e, CoverStatus)).open is True  # by the model's cover polarity
    assert service.status.paper_present is False and service.status.overheated is True
    assert service.status.battery_alarm == "low_5"
    assert fault_words(service.status) == "The printer is out of paper."

    printer.clear("paper_out")
    await wait_for(lambda: service.status.paper_present is True)
    assert fault_words(service.status) == "The printer's cover is open."


async def test_status_query_reads_every_allowlisted_answer(connected, fake_bluez, model_table):
    service, _ = connected
    status = await asyncio.wrap_future(service.query_status(0.3))
    assert (status.battery, status.serial, status.auto_off_minutes) == (90, "PHOCOLVIRTUAL01", 30)
    expected = b"".join(bytes([0x1F, 0x11, q]) for q in model_table.get("phomemo.m220").queries)
    assert fake_bluez.received(PRINTER_ADDRESS) == expected  # nothing but the model's allowlisted queries


async def test_status_polling_repeats_until_stopped(connected, fake_bluez, model_table):
    service, events = connected
    per_round = 3 * len(model_table.get("phomemo.m220").queries)
    await asyncio.wrap_future(service.poll_status(0.15))
    await wait_for(lambda: len(fake_bluez.received(PRINTER_ADDRESS)) >= 3 * per_round)
    await asyncio.wrap_future(service.poll_status(None))
    await asyncio.sleep(0.1)  # a query already on the air may still land
    settled = len(fake_bluez.received(PRINTER_ADDRESS))
    await asyncio.sleep(0.4)
    assert len(fake_bluez.received(PRINTER_ADDRESS)) == settled
    assert settled % per_round == 0  # whole rounds only: queries go out one full set at a time
    assert sum(isinstance(e, BatteryLevel) for e in events) >= 3


async def test_disconnect_is_detected_and_reconnect_happens_only_on_demand(connected, fake_bluez):
    service, events = connected
    await asyncio.wrap_future(service.poll_status(0.1))
    fake_bluez.take_out_of_range(PRINTER_ADDRESS)
    await wait_for(lambda: LinkEvent("lost", "The printer disconnected.") in events)
    assert service._poller is None  # polling stopped with the link
    connects = len(fake_bluez.calls_named("Connect"))
    await asyncio.sleep(0.5)
    assert len(fake_bluez.calls_named("Connect")) == connects  # nothing reconnects by itself
    with pytest.raises(LinkLost):
        await asyncio.wrap_future(service.query_status(0))

    fake_bluez.bring_into_range(PRINTER_ADDRESS)
    info = await asyncio.wrap_future(service.reconnect())
    assert info.kind == "ble" and service.link.is_connected
    status = await asyncio.wrap_future(service.query_status(0.3))
    assert status.battery == 90
    states = [e.state for e in events if isinstance(e, LinkEvent)]
    assert states == ["connecting", "connected", "lost", "reconnecting", "connecting", "connected"]


async def test_reconnect_without_a_previous_printer_says_so(model_table, gate, worker):
    service = DeviceService(worker, model_table, require=gate, keepalive_s=None)
    with pytest.raises(LinkLost, match="No printer was connected before"):
        await asyncio.wrap_future(service.reconnect())


async def test_a_failed_connect_is_published_with_its_reason(fake_bluez, model_table, gate, worker):
    service = DeviceService(worker, model_table, require=gate, keepalive_s=None, scan_timeout_s=0.3)
    events: list = []
    service.events.subscribe(events.append)
    with pytest.raises(Exception, match="was found nearby"):
        await asyncio.wrap_future(service.connect("Q155NOBODY"))
    assert [e.state for e in events] == ["connecting", "failed"]
    assert "No printer called 'Q155NOBODY'" in events[-1].detail
    assert service.link is None
