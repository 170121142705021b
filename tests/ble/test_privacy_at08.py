"""AT-08: before the privacy gate allows Bluetooth, nothing touches the radio or even the Bluetooth service.

With the real PrivacyGate (undetermined, then refused, then granted): no BleakScanner/BleakClient is
created, the fake BlueZ logs no SetDiscoveryFilter/StartDiscovery/Connect, and no new connection appears on
the private bus; after the grant the same calls work and every logged call comes after the grant.
"""

from __future__ import annotations

import time

import bleak
import pytest

from phocol_desktop.domain.errors import PermissionDenied
from phocol_desktop.emulator.fake_bluez import list_bus_names, spec_for_model
from phocol_desktop.privacy.gate import BLUETOOTH, Decision, PrivacyGate
from phocol_desktop.transport.ble import BLUETOOTH_PURPOSE, BleLink, BleScanner
from tests.ble.conftest import PRINTER_ADDRESS

pytestmark = [pytest.mark.dbus, pytest.mark.timeout(30)]

HARDWARE_CALLS = ("SetDiscoveryFilter", "StartDiscovery", "StopDiscovery", "Connect")


@pytest.fixture
def bleak_constructions(monkeypatch):
    """Counts every BleakScanner/BleakClient construction (on macOS, constructing one makes the system ask)."""
    made = []
    for cls in (bleak.BleakScanner, bleak.BleakClient):
        original = cls.__init__

        def counting(self, *a, __original=original, __name=cls.__name__, **k):
            made.append(__name)
            __original(self, *a, **k)

        monkeypatch.setattr(cls, "__init__", counting)
    return made


def test_the_transport_asks_for_the_catalog_purpose():
    assert BLUETOOTH_PURPOSE == BLUETOOTH


async def test_nothing_reaches_bluez_before_the_gate_allows(fake_bluez, model_table, system_bus,
                                                            bleak_constructions):
    fake_bluez.add_printer(spec_for_model(model_table.get("phomemo.m220"), PRINTER_ADDRESS, "Q155E1"))
    names_before = set(await list_bus_names(system_bus))
    gate = PrivacyGate.in_memory()  # undetermined, no asker: refuses

    with pytest.raises(PermissionDenied):
        await BleScanner(model_table, require=gate.require).scan(0.3)
    with pytest.raises(PermissionDenied):
        await BleLink(PRINTER_ADDRESS, model_table, require=gate.require).connect()
    gate.set_decision(BLUETOOTH, Decision.DENY)
    with pytest.raises(PermissionDenied):
        await BleScanner(model_table, require=gate.require).scan(0.3)

    assert fake_bluez.calls == []
    assert bleak_constructions == []
    assert set(await list_bus_names(system_bus)) <= names_before  # no new connection on the bus

    gate.set_decision(BLUETOOTH, Decision.ALLOW)
    granted_at = time.monotonic()
    found = await BleScanner(model_table, require=gate.require).scan(0.4)
    assert [d.address for d in found] == [PRINTER_ADDRESS]
    link = BleLink(found[0], model_table, require=gate.require)
    await link.connect()
    await link.disconnect()
    logged = fake_bluez.calls_named(*HARDWARE_CALLS)
    assert {c.member for c in logged} >= {"SetDiscoveryFilter", "StartDiscovery", "Connect"}
    assert all(c.t >= granted_at for c in logged)
    assert "BleakScanner" in bleak_constructions and "BleakClient" in bleak_constructions


async def test_revoking_stops_new_connections(fake_bluez, model_table):
    fake_bluez.add_printer(spec_for_model(model_table.get("phomemo.m220"), PRINTER_ADDRESS, "Q155E1"))
    gate = PrivacyGate.in_memory({BLUETOOTH: Decision.ALLOW})
    found = await BleScanner(model_table, require=gate.require).scan(0.4)
    gate.revoke(BLUETOOTH)
    connects_before = len(fake_bluez.calls_named("Connect"))
    with pytest.raises(PermissionDenied):
        await BleLink(found[0], model_table, require=gate.require).connect()
    assert len(fake_bluez.calls_named("Connect")) == connects_before


async def test_withdrawal_mid_job_stops_scanning_and_the_link_within_a_second(fake_bluez, model_table):
    """AT-18 for Bluetooth: revoking mid-job closes the link at once; the job stops and is not re-sent."""
    import asyncio
    import concurrent.futures

    from phocol_desktop.domain.clock import SystemClock
    from phocol_desktop.domain.job import JobOptions
    from phocol_desktop.domain.raster import Raster
    from phocol_desktop.protocol import encode_job
    from phocol_desktop.services.ble_worker import BleWorker
    from phocol_desktop.services.devices import DeviceService
    from phocol_desktop.services.print_job import FAILED, PrintJob
    from phocol_desktop.transport.base import LinkLost

    model = model_table.get("phomemo.m220")
    fake_bluez.add_printer(spec_for_model(model, PRINTER_ADDRESS, "Q155E1"))
    gate = PrivacyGate.in_memory({BLUETOOTH: Decision.ALLOW})
    worker = BleWorker().start()
    try:
        service = DeviceService(worker, model_table, require=gate.require, keepalive_s=None)
        withdrawn: list[concurrent.futures.Future] = []
        gate.on_withdraw(BLUETOOTH, lambda _pid: withdrawn.append(service.withdraw()))
        await asyncio.wrap_future(service.scan(0.4))
        assert service.last_scan
        await asyncio.wrap_future(service.connect(PRINTER_ADDRESS))
        encoded = encode_job(Raster(model.head_dots, 300, bytes(72 * 300)), JobOptions(), model)

        async def job(link):
            return await PrintJob(link, model, encoded, clock=SystemClock()).run()

        running = asyncio.wrap_future(service.run_on_link(job))
        while len(fake_bluez.received(PRINTER_ADDRESS)) < 1000:
            await asyncio.sleep(0.01)
        revoked_at = time.monotonic()
        gate.revoke(BLUETOOTH)
        result = await asyncio.wait_for(running, 5)
        await asyncio.wrap_future(withdrawn[0])
        assert time.monotonic() - revoked_at < 1.0
        assert result.outcome == FAILED and isinstance(result.error, LinkLost)
        assert not fake_bluez.device_state(PRINTER_ADDRESS).connected
        assert service.last_scan == [] and service.link is None
        sent = len(fake_bluez.received(PRINTER_ADDRESS))
        await asyncio.sleep(0.3)
        assert len(fake_bluez.received(PRINTER_ADDRESS)) == sent
    finally:
        await asyncio.to_thread(worker.stop)
