"""`scan`, `status` and `emulate --bluez` from the command line, with unmodified bleak against the fake BlueZ.

The CLI blocks on its BLE worker thread, so each command runs in a thread while the fake BlueZ keeps
serving on the test's loop.
"""

from __future__ import annotations

import asyncio
import io
import json
import sys

import pytest

from phocol_desktop.emulator.fake_bluez import FakePrinterSpec, spec_for_model
from tests.ble.conftest import PRINTER_ADDRESS, UUID
from tests.cli import run_in_thread as cli

pytestmark = [pytest.mark.dbus, pytest.mark.timeout(60)]

HARDWARE_CALLS = ("SetDiscoveryFilter", "StartDiscovery", "Connect")


class Terminal(io.StringIO):
    """stdin as a terminal on which the user types ``answer``."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def no_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


@pytest.fixture
def m220_nearby(fake_bluez, model_table):
    fake_bluez.add_printer(spec_for_model(model_table.get("phomemo.m220"), PRINTER_ADDRESS, "Q155E1"))
    return fake_bluez


async def test_scan_without_permission_stops_before_bluetooth(m220_nearby, no_terminal):
    code, out, err = await cli("scan", "--timeout", "0.3")
    assert code == 1
    assert "--allow-bluetooth" in err and "not been allowed" in err
    assert out == ""
    assert m220_nearby.calls == []


async def test_scan_with_the_flag_lists_printers(m220_nearby, no_terminal):
    code, out, err = await cli("scan", "--timeout", "0.5", "--allow-bluetooth")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["NAME", "ADDRESS", "RSSI", "MODEL"]
    assert lines[1].startswith("Q155E1") and PRINTER_ADDRESS in lines[1] and lines[1].endswith("Phomemo M220")
    assert {c.member for c in m220_nearby.calls_named(*HARDWARE_CALLS)} == {"SetDiscoveryFilter", "StartDiscovery"}


async def test_scan_json_and_all_devices(m220_nearby, no_terminal):
    m220_nearby.add_printer(FakePrinterSpec(address="AA:BB:CC:DD:EE:77", name=None, service_uuid=UUID("180d"),
                                            write_uuid=UUID("2a39"), notify_uuid=UUID("2a37"), rssi=-80))
    code, out, _ = await cli("scan", "--timeout", "0.5", "--json", "--allow-bluetooth")
    assert code == 0
    assert [d["address"] for d in json.loads(out)] == [PRINTER_ADDRESS]

    code, out, _ = await cli("scan", "--timeout", "0.5", "--json", "--all", "--allow-bluetooth")
    assert code == 0
    found = json.loads(out)
    assert [(d["address"], d["printer"], d["model"], d["matched_by"]) for d in found] == [
        (PRINTER_ADDRESS, True, "phomemo.m220", "name"),
        ("AA:BB:CC:DD:EE:77", False, None, "none"),
    ]
    assert found[1]["name"] is None  # Alias == address with dashes: bleak reports no name


async def test_scan_asks_on_a_terminal(m220_nearby, monkeypatch):
    monkeypatch.setattr(sys, "stdin", Terminal("n\n"))
    code, _, err = await cli("scan", "--timeout", "0.3")
    assert code == 1
    assert "Allow Bluetooth for this command? [y/N]" in err
    assert "not allowed this time" in err
    assert m220_nearby.calls == []

    monkeypatch.setattr(sys, "stdin", Terminal("y\n"))
    code, out, err = await cli("scan", "--timeout", "0.5")
    assert code == 0, err
    assert "Q155E1" in out


async def test_ask_every_time_asks_at_each_scan_and_the_scan_goes_ahead(m220_nearby, monkeypatch, app_paths):
    from phocol_desktop.services.privacy import PrivacyService

    privacy = PrivacyService.open(app_paths, surface="cli")
    privacy.gate.set_decision("bt.discover_connect_print", "ask_every_time")
    privacy.close()
    for _ in range(2):
        monkeypatch.setattr(sys, "stdin", Terminal("y\n"))
        code, out, err = await cli("scan", "--timeout", "0.5")
        assert code == 0, err
        assert err.count("Allow Bluetooth for this command? [y/N]") == 1 and "Q155E1" in out
    monkeypatch.setattr(sys, "stdin", Terminal("n\n"))
    code, _, err = await cli("scan", "--timeout", "0.5")
    assert code == 1 and "not allowed this time" in err


async def test_scan_rejects_a_silly_timeout(no_terminal):
    code, _, err = await cli("scan", "--timeout", "0", "--allow-bluetooth")
    assert code == 1 and "--timeout" in err


async def test_status_by_name_reads_battery_and_disconnects(m220_nearby, no_terminal):
    code, out, err = await cli("status", "--printer", "q155e1", "--allow-bluetooth")
    assert code == 0, err
    assert "Phomemo M220" in out
    assert "Battery:     90 %" in out
    assert "Paper:       not reported" in out
    device = m220_nearby.device_state(PRINTER_ADDRESS)
    assert not device.connected
    assert m220_nearby.received(PRINTER_ADDRESS).startswith(b"\x1f\x11\x08")


async def test_status_json_by_address(m220_nearby, no_terminal):
    code, out, err = await cli("status", "--printer", PRINTER_ADDRESS.lower(), "--json", "--allow-bluetooth")
    assert code == 0, err
    data = json.loads(out)
    assert data["model"] == "phomemo.m220" and data["battery"] == 90 and data["mtu"] == 185


async def test_status_of_an_absent_printer_fails_clearly(m220_nearby, no_terminal):
    code, out, err = await cli("status", "--printer", "Nobody", "--timeout", "0.4", "--allow-bluetooth")
    assert code == 1
    assert "No printer called 'Nobody' was found nearby." in err
    assert "Traceback" not in err


async def test_status_refuses_an_unknown_model_before_bluetooth(m220_nearby, no_terminal):
    code, _, err = await cli("status", "--printer", "Q155E1", "--model", "nope", "--allow-bluetooth")
    assert code == 1 and "models" in err
    assert m220_nearby.calls == []


async def test_emulate_bluez_serves_a_printer_the_cli_finds(model_table, monkeypatch, no_terminal,
                                                            tmp_path_factory):
    """`emulate --bluez` machinery: a private dbus-daemon + fake BlueZ that a separate app run scans."""
    from phocol_desktop.emulator.fake_bluez.serve import serve

    stop, ready = asyncio.Event(), asyncio.Event()
    seen: dict[str, object] = {}

    def on_ready(address, fake):
        seen["address"], seen["fake"] = address, fake
        ready.set()

    model = model_table.get("phomemo.m110")
    parent = tmp_path_factory.mktemp("eb")  # short: a unix socket path must fit in ~107 bytes
    task = asyncio.create_task(serve(model, on_ready=on_ready, stop=stop,
                                     bus_parent=str(parent), scenario={"mtu": 100}))
    await asyncio.wait_for(ready.wait(), 10)
    try:
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", str(seen["address"]))
        code, out, err = await cli("scan", "--timeout", "0.5", "--json", "--allow-bluetooth")
        assert code == 0, err
        [device] = json.loads(out)
        assert device["name"] == "M110-VIRTUAL" and device["model"] == "phomemo.m110"
        assert seen["fake"].devices()[0].mtu == 100
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
    assert not any(parent.iterdir())  # the daemon's socket directory is gone with it


def test_private_bus_reports_why_the_daemon_did_not_start(tmp_path, system_bus):
    from phocol_desktop.emulator.fake_bluez.bus import BusUnavailable, PrivateBus

    too_deep = tmp_path / ("d" * 100)
    too_deep.mkdir()
    bus = PrivateBus(str(too_deep))
    with pytest.raises(BusUnavailable, match="too long"):
        bus.start()
    assert bus.pid is None and list(too_deep.iterdir()) == []


async def test_emulate_bluez_command_serves_the_virtual_printer_until_sigterm(tmp_path_factory, monkeypatch,
                                                                              no_terminal, bluetoothctl_shim):
    """The real command in its own process: first line is the bus address; the app reads status through it."""
    import os
    import signal
    import subprocess

    rundir = tmp_path_factory.mktemp("rt")  # short, so the daemon's socket path fits
    scenario = rundir / "s.json"
    scenario.write_text(json.dumps({"model": "phomemo.m220", "battery": 77, "mtu": 247}))
    env = {**os.environ, "XDG_RUNTIME_DIR": str(rundir)}
    proc = subprocess.Popen([sys.executable, "-m", "phocol_desktop", "emulate", "--bluez", "--scenario",
                             str(scenario)], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        first = await asyncio.wait_for(asyncio.to_thread(proc.stdout.readline), 30)
        assert first.startswith("DBUS_SYSTEM_BUS_ADDRESS=unix:"), first + proc.stderr.read()
        address = first.strip().split("=", 1)[1]
        second = await asyncio.to_thread(proc.stdout.readline)
        assert "'M220-VIRTUAL' (Phomemo M220)" in second and "MTU 247" in second
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", address)
        code, out, err = await cli("status", "--printer", "M220-VIRTUAL", "--json", "--allow-bluetooth")
        assert code == 0, err
        data = json.loads(out)
        assert (data["model"], data["battery"], data["mtu"], data["max_write"]) == ("phomemo.m220", 77, 247, 244)
        assert data["serial"] == "PHOCOLVIRTUAL01"
    finally:
        proc.send_signal(signal.SIGTERM)
        code = await asyncio.to_thread(proc.wait, 15)
    assert code == 0
    assert not list(rundir.glob("phocol-bus-*"))  # the private bus directory went with the daemon


async def test_emulate_refuses_a_bad_scenario_by_name(tmp_path, no_terminal):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"buffer_bytes": -1}))
    code, _, err = await cli("emulate", "--bluez", "--scenario", str(bad))
    assert code == 1 and "buffer_bytes" in err


async def test_the_answer_is_recorded_in_the_on_disk_ledger(m220_nearby, no_terminal, app_paths):
    from phocol_desktop.services.privacy import PrivacyService

    code, _, err = await cli("scan", "--timeout", "0.3", "--allow-bluetooth")
    assert code == 0, err
    service = PrivacyService.open(app_paths, surface="cli")
    try:
        answers = [r["payload"] for r in service.store.records
                   if r["payload"].get("purpose_id") == "bt.discover_connect_print"]
        state = service.gate.state_of("bt.discover_connect_print")
    finally:
        service.close()
    decided = [(a["answer"], a["feature"], a["surface"]["kind"]) for a in answers if "answer" in a]
    assert decided == [("allow_once", "bt_scan", "cli")]
    assert {"reason": "once_ended"}.items() <= answers[-1].items()  # "only this time" ended with the command
    assert state == "undetermined"  # "only this time" leaves no standing grant


async def test_a_standing_grant_is_honoured_and_a_revoke_refuses(m220_nearby, no_terminal):
    code, _, err = await cli("privacy", "grant", "bt.discover_connect_print")
    assert code == 0, err
    code, out, err = await cli("scan", "--timeout", "0.4")
    assert code == 0, err
    assert "Q155E1" in out

    code, _, err = await cli("privacy", "revoke", "bt.discover_connect_print")
    assert code == 0, err
    starts = len(m220_nearby.calls_named("StartDiscovery"))
    code, _, err = await cli("scan", "--timeout", "0.3", "--allow-bluetooth")
    assert code == 1 and "turned off" in err
    assert len(m220_nearby.calls_named("StartDiscovery")) == starts


async def test_no_bluez_on_the_bus_is_one_clear_line(system_bus, bluetoothctl_shim, no_terminal):
    """The system bus is there but nothing owns org.bluez (bluetoothd not running)."""
    code, out, err = await cli("scan", "--timeout", "0.3", "--allow-bluetooth")
    assert code == 1 and out == ""
    assert err.strip().splitlines() == [err.strip()]  # one line, no traceback
    assert "BlueZ" in err and "not running" in err


async def test_no_system_bus_is_one_clear_line(monkeypatch, tmp_path, no_terminal):
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", f"unix:path={tmp_path}/no-bus")
    code, _, err = await cli("scan", "--timeout", "0.3", "--allow-bluetooth")
    assert code == 1 and "D-Bus" in err and "Traceback" not in err


async def test_a_too_old_bluez_is_named(m220_nearby, no_terminal, monkeypatch):
    from bleak.backends.bluezdbus.version import BlueZFeatures

    monkeypatch.setenv("FAKE_BLUEZ_VERSION", "5.50")  # what the bluetoothctl shim answers
    # bleak asks bluetoothctl once per process and caches the answer on this class: ask again.
    monkeypatch.setattr(BlueZFeatures, "checked_bluez_version", False)
    monkeypatch.setattr(BlueZFeatures, "_check_bluez_event", None)
    monkeypatch.setattr(BlueZFeatures, "supported_version", True)
    code, _, err = await cli("status", "--printer", "Q155E1", "--allow-bluetooth")
    assert code == 1 and "5.55 or newer" in err


async def test_emulate_bluez_controls_drive_the_printer(tmp_path_factory, monkeypatch, no_terminal, bluetoothctl_shim):
    """Support staff reproduce a report live: faults and range changes typed on the emulator's stdin."""
    import os
    import subprocess

    rundir = tmp_path_factory.mktemp("rt")
    env = {**os.environ, "XDG_RUNTIME_DIR": str(rundir)}
    proc = subprocess.Popen([sys.executable, "-m", "phocol_desktop", "emulate", "--bluez", "--model",
                             "phocol.generic384", "--name", "Phocol-Support"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)

    async def say(line: str) -> str:
        proc.stdin.write(line + "\n")
        proc.stdin.flush()
        return (await asyncio.wait_for(asyncio.to_thread(proc.stdout.readline), 10)).strip()

    try:
        first = await asyncio.wait_for(asyncio.to_thread(proc.stdout.readline), 30)
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", first.strip().split("=", 1)[1])
        await asyncio.to_thread(proc.stdout.readline)
        await asyncio.to_thread(proc.stdout.readline)
        assert await say("trigger paper_out") == "ok"
        assert (await say("shake")).startswith("error: unknown control")
        code, out, err = await cli("status", "--printer", "Phocol-Support", "--allow-bluetooth")
        assert code == 0, err
        assert "Paper:       out" in out and "Not ready:   The printer is out of paper." in out

        assert await say("clear paper_out") == "ok"
        assert await say("away") == "ok"
        code, _, err = await cli("status", "--printer", "Phocol-Support", "--timeout", "0.5", "--allow-bluetooth")
        assert code == 1 and "was found nearby" in err
        assert await say("back") == "ok"
        code, out, err = await cli("status", "--printer", "Phocol-Support", "--allow-bluetooth")
        assert code == 0, err
        assert "Paper:       loaded" in out

        proc.stdin.write("quit\n")
        proc.stdin.flush()
        assert await asyncio.to_thread(proc.wait, 15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


async def test_status_of_an_unnamed_printer_by_address_with_its_model(fake_bluez, model_table, no_terminal):
    """A printer that advertises no name: found by address, model given by hand, status read."""
    fake_bluez.add_printer(spec_for_model(model_table.get("phomemo.m220"), PRINTER_ADDRESS, None))
    code, out, err = await cli("status", "--printer", PRINTER_ADDRESS, "--model", "phomemo.m220", "--json",
                               "--allow-bluetooth")
    assert code == 0, err
    data = json.loads(out)
    assert data["model"] == "phomemo.m220" and data["battery"] == 90 and data["serial"] == "PHOCOLVIRTUAL01"

    code, out, err = await cli("status", "--printer", PRINTER_ADDRESS, "--json", "--allow-bluetooth")
    assert code == 0, err  # without --model: the GATT plan is found among every model's UUIDs
    assert json.loads(out)["model"] == model_table.default.id
