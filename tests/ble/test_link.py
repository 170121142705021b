"""BleLink over unmodified bleak against the fake BlueZ: connect, GATT resolution, MTU, chunk limits, writes."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from phocol_desktop.emulator.fake_bluez import FakePrinterSpec, spec_for_model
from phocol_desktop.protocol.quyin import frames
from phocol_desktop.transport.base import LinkLost
from phocol_desktop.transport.ble import BleLink, BleScanner
from phocol_desktop.transport.ble_errors import ConnectFailed, IncompatiblePrinter, WriteRejected
from tests.ble.conftest import PRINTER_ADDRESS, UUID

pytestmark = [pytest.mark.dbus, pytest.mark.timeout(30)]


def _spec(model_table, **options):
    return spec_for_model(model_table.get("phomemo.m220"), PRINTER_ADDRESS, "Q155E1234567890", **options)


async def _connected(fake, model_table, gate, **options) -> BleLink:
    fake.add_printer(_spec(model_table, **options))
    link = BleLink(PRINTER_ADDRESS, model_table, require=gate, scan_timeout_s=3, backoff_s=0.01)
    await link.connect()
    return link


@pytest.mark.parametrize("mtu, expected_max_write", [(23, 20), (185, 182), (517, 512)])
async def test_max_write_follows_the_negotiated_mtu_and_the_att_cap(fake_bluez, model_table, gate, mtu,
                                                                    expected_max_write):
    link = await _connected(fake_bluez, model_table, gate, mtu=mtu)
    try:
        assert link.info.mtu == mtu  # only known through the _acquire_mtu() workaround on BlueZ
        assert link.info.max_write == expected_max_write
        assert link.info.resolved_by == "uuid"
        assert link.info.write_with_response is False
        await link.write(bytes(range(256)) * 2 if expected_max_write == 512 else b"\x55" * expected_max_write)
        assert len(fake_bluez.received(PRINTER_ADDRESS)) == expected_max_write
        assert [w.write_type for w in fake_bluez.writes(PRINTER_ADDRESS)] == ["command"]
        assert fake_bluez.calls_named("AcquireWrite")
    finally:
        await link.disconnect()
    assert not link.is_connected


async def test_a_chunk_over_the_limit_is_refused_by_the_link_before_it_reaches_the_air(fake_bluez, model_table, gate):
    link = await _connected(fake_bluez, model_table, gate, mtu=23)
    try:
        with pytest.raises(ValueError, match="max_write"):
            await link.write(b"x" * 21)
        assert fake_bluez.writes(PRINTER_ADDRESS) == []
    finally:
        await link.disconnect()


async def test_oversize_writes_are_rejected_by_the_fake_like_a_real_stack(fake_bluez, model_table, gate):
    """Proves the fake enforces ATT limits, so the chunking tests mean something."""
    link = await _connected(fake_bluez, model_table, gate, mtu=23)
    fake_bluez.expect_rejections = True
    try:
        link._info = replace(link.info, max_write=100)  # simulate a chunking bug in the link
        with pytest.raises(WriteRejected, match="0x0d"):
            await link.write(b"x" * 21)
        assert fake_bluez.device_state(PRINTER_ADDRESS).rejected_bytes == 21
    finally:
        await link.disconnect()


async def test_notifications_reach_the_subscriber(fake_bluez, model_table, gate):
    link = await _connected(fake_bluez, model_table, gate)
    got: list[bytes] = []
    link.on_notification(got.append)
    try:
        assert fake_bluez.notify(PRINTER_ADDRESS, frames.paper(present=False))
        for _ in range(100):
            if got:
                break
            await asyncio.sleep(0.01)
        assert got == [frames.paper(present=False)]
    finally:
        await link.disconnect()


async def test_fallback_uuids_then_properties_are_used_and_recorded(fake_bluez, model_table, gate):
    model = model_table.get("phomemo.m220")
    fake_bluez.add_printer(spec_for_model(model, PRINTER_ADDRESS, "Q155E1", plan=2))  # the AE30 fallback
    link = BleLink(PRINTER_ADDRESS, model_table, require=gate, scan_timeout_s=3)
    assert (await link.connect()).resolved_by == "fallback"
    await link.disconnect()

    custom = FakePrinterSpec("AA:BB:CC:DD:EE:02", "Q155E2", UUID("abcd"), UUID("abc1"), UUID("abc2"),
                             model_id=model.id)
    fake_bluez.add_printer(custom)
    link2 = BleLink("AA:BB:CC:DD:EE:02", model_table, require=gate, scan_timeout_s=3)
    info = await link2.connect()
    assert info.resolved_by == "properties"
    await link2.write(b"\x1b\x40")
    assert fake_bluez.received("AA:BB:CC:DD:EE:02") == b"\x1b\x40"
    await link2.disconnect()


async def test_a_device_without_a_usable_characteristic_is_refused_clearly(fake_bluez, model_table, gate):
    spec = _spec(model_table, notify_flags=("read",))
    fake_bluez.add_printer(spec)
    link = BleLink(PRINTER_ADDRESS, model_table, require=gate, scan_timeout_s=3)
    with pytest.raises(IncompatiblePrinter):
        await link.connect()
    assert not fake_bluez.device_state(PRINTER_ADDRESS).connected  # the half-open connection was closed


async def test_write_without_response_falls_back_once_then_sticks(fake_bluez, model_table, gate):
    link = await _connected(fake_bluez, model_table, gate, reject_command_writes=True)
    try:
        await link.write(b"\x1b\x40")
        await link.write(b"\x1f\x11\x08")
        assert link.info.write_with_response is True
        outcomes = [(w.write_type, w.outcome) for w in fake_bluez.writes(PRINTER_ADDRESS)]
        assert outcomes == [("command", "refused"), ("request", "ok"), ("request", "ok")]
        assert fake_bluez.received(PRINTER_ADDRESS) == b"\x1b\x40\x1f\x11\x08"  # nothing lost, nothing doubled
    finally:
        await link.disconnect()


async def test_write_only_characteristic_uses_write_with_response_from_the_start(fake_bluez, model_table, gate):
    link = await _connected(fake_bluez, model_table, gate, write_flags=("write",))
    try:
        assert link.info.write_with_response is True
        await link.write(b"\x1b\x40")
        assert [w.write_type for w in fake_bluez.writes(PRINTER_ADDRESS)] == ["request"]
    finally:
        await link.disconnect()


async def test_connect_retries_transient_aborts_with_backoff(fake_bluez, model_table, gate):
    fake_bluez.add_printer(_spec(model_table, connect_failures=2))
    sleeps: list[float] = []

    async def record_sleep(s: float) -> None:
        sleeps.append(s)

    link = BleLink(PRINTER_ADDRESS, model_table, require=gate, scan_timeout_s=3, backoff_s=0.1,
                   sleep=record_sleep)
    await link.connect()
    try:
        assert link.connect_attempts_made == 3
        assert sleeps == [0.1, 0.2]
        assert len(fake_bluez.calls_named("Connect")) == 3
    finally:
        await link.disconnect()


async def test_connect_gives_up_with_a_typed_error(fake_bluez, model_table, gate):
    fake_bluez.add_printer(_spec(model_table, connect_failures=5))
    link = BleLink(PRINTER_ADDRESS, model_table, require=gate, scan_timeout_s=3, backoff_s=0.0,
                   connect_attempts=2)
    with pytest.raises(ConnectFailed) as err:
        await link.connect()
    assert err.value.advice
    assert len(fake_bluez.calls_named("Connect")) == 2


async def test_disconnect_is_detected_and_later_writes_raise_link_lost(fake_bluez, model_table, gate):
    link = await _connected(fake_bluez, model_table, gate)
    lost = asyncio.Event()
    link.on_disconnect(lost.set)
    fake_bluez.drop_link(PRINTER_ADDRESS, remove=True)
    await asyncio.wait_for(lost.wait(), 5)
    assert not link.is_connected
    with pytest.raises(LinkLost):
        await link.write(b"\x1b\x40")
    await link.disconnect()


async def test_reconnect_on_demand_after_a_drop(fake_bluez, model_table, gate):
    link = await _connected(fake_bluez, model_table, gate)
    fake_bluez.drop_link(PRINTER_ADDRESS)
    for _ in range(200):
        if not link.is_connected:
            break
        await asyncio.sleep(0.01)
    assert not link.is_connected
    await link.connect()
    try:
        await link.write(b"\x1b\x40")
        assert fake_bluez.received(PRINTER_ADDRESS) == b"\x1b\x40"
    finally:
        await link.disconnect()


async def test_scan_recognises_models_and_hides_other_devices_unless_asked(fake_bluez, model_table, gate):
    m220 = model_table.get("phomemo.m220")
    fake_bluez.add_printer(spec_for_model(m220, "AA:BB:CC:DD:EE:01", "Q198G5949230062", rssi=-40))  # serial
    fake_bluez.add_printer(spec_for_model(m220, "AA:BB:CC:DD:EE:02", "M220", rssi=-70))  # name pattern
    fake_bluez.add_printer(spec_for_model(m220, "AA:BB:CC:DD:EE:03", None, rssi=-60))  # unnamed: by service
    fake_bluez.add_printer(FakePrinterSpec("AA:BB:CC:DD:EE:04", "Headphones", UUID("110b"), UUID("1101"),
                                           UUID("1102"), rssi=-30))
    scanner = BleScanner(model_table, require=gate)
    printers = await scanner.scan(0.6)
    assert [(d.address, d.matched_by, d.model_id) for d in printers] == [
        ("AA:BB:CC:DD:EE:01", "serial", "phomemo.m220"),
        ("AA:BB:CC:DD:EE:03", "service", None),
        ("AA:BB:CC:DD:EE:02", "name", "phomemo.m220"),
    ]
    assert printers[1].name is None and "quyin.m200" in printers[1].families
    everything = await scanner.scan(0.6, show_all=True)
    assert everything[-1].address == "AA:BB:CC:DD:EE:04" and not everything[-1].is_printer
