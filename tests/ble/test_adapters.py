"""Two Bluetooth adapters: `adapters` lists them by name and powered state only; `--adapter` picks the one
that sees the printer (unmodified bleak, fake BlueZ with hci0 and hci1, the printer in range of hci1 only)."""

from __future__ import annotations

import json

import pytest

from phocol_desktop.emulator.fake_bluez import SENTINEL_ADAPTER_ADDRESS, SENTINEL_SYSTEM_NAME, spec_for_model
from tests.ble.conftest import PRINTER_ADDRESS
from tests.ble.test_cli import cli

pytestmark = [pytest.mark.dbus, pytest.mark.timeout(60)]


@pytest.fixture
def no_terminal(monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


@pytest.fixture
def two_adapters(fake_bluez, model_table):
    fake_bluez.add_adapter("hci1")
    fake_bluez.add_adapter("hci2", powered=False)
    fake_bluez.add_printer(spec_for_model(model_table.get("phomemo.m220"), PRINTER_ADDRESS, "Q155E1",
                                          adapter="hci1"))
    return fake_bluez


async def test_adapters_are_listed_by_name_and_power_without_reading_address_or_name(two_adapters, no_terminal):
    two_adapters.property_reads.clear()  # exporting an object reads its properties for InterfacesAdded
    code, out, err = await cli("adapters", "--json", "--allow-bluetooth")
    assert code == 0, err
    assert json.loads(out) == [{"name": "hci0", "powered": True}, {"name": "hci1", "powered": True},
                               {"name": "hci2", "powered": False}]
    assert two_adapters.property_reads == []  # neither Address nor Name was asked for (AT-12)
    code, out, _ = await cli("adapters", "--allow-bluetooth")
    assert out.split() == ["hci0", "powered", "hci1", "powered", "hci2", "off"]
    assert SENTINEL_ADAPTER_ADDRESS not in out and SENTINEL_SYSTEM_NAME not in out


async def test_listing_adapters_asks_first(two_adapters, no_terminal):
    code, _, err = await cli("adapters")
    assert code == 1 and "--allow-bluetooth" in err
    assert two_adapters.calls == []


async def test_the_chosen_adapter_finds_the_printer_the_other_does_not(two_adapters, no_terminal):
    code, out, err = await cli("scan", "--adapter", "hci1", "--timeout", "0.5", "--json", "--allow-bluetooth")
    assert code == 0, err
    assert [d["name"] for d in json.loads(out)] == ["Q155E1"]
    assert {c.path for c in two_adapters.calls_named("StartDiscovery")} == {"/org/bluez/hci1"}

    code, out, err = await cli("scan", "--adapter", "hci0", "--timeout", "0.5", "--json", "--allow-bluetooth")
    assert code == 0 and json.loads(out) == []

    code, out, err = await cli("status", "--printer", "Q155E1", "--adapter", "hci1", "--json", "--allow-bluetooth")
    assert code == 0, err
    assert json.loads(out)["model"] == "phomemo.m220"
    assert two_adapters.calls_named("Connect")[-1].path.startswith("/org/bluez/hci1/")


def test_an_adapter_must_be_named_like_one(capsys):
    from phocol_desktop.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["scan", "--adapter", "AA:BB:CC:DD:EE:FF", "--allow-bluetooth"])
    assert exited.value.code == 2 and "not an adapter name" in capsys.readouterr().err
