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
    """Counts every BleakScanner/BleakClient construction (the hardware call on macOS, PRIVACY.md §7.3)."""
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
