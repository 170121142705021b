"""The computer's Bluetooth adapters (Linux/BlueZ), listed by their BlueZ name and powered state only.

With two adapters bleak uses whichever powered one it meets first, and that order changes between runs, so a
printer in range of only one of them is "not found" every other time. The user picks one (``--adapter hci1``,
or the setting in the app) and bleak is told to use it.

What is read, and what is not (AT-12): the adapters are found by introspecting ``/org/bluez`` (child node
names such as ``hci0``), then one property is read from each, ``org.bluez.Adapter1.Powered``. Neither
``GetManagedObjects`` (its answer carries every property, including the adapter's own ``Address``) nor
``Address`` nor ``Name`` is ever asked for: on BlueZ ``Name`` is the computer's host name.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 (introspection XML from the system bus, not a file)
from dataclasses import dataclass

from phocol_desktop.transport.ble import BLUETOOTH_PURPOSE, RequireGate, refuse_bluetooth
from phocol_desktop.transport.ble_errors import BluetoothUnavailable

ADAPTER_NAME = re.compile(r"hci[0-9]{1,3}")
BLUEZ = "org.bluez"


@dataclass(frozen=True)
class AdapterInfo:
    name: str  # "hci0": what --adapter takes
    powered: bool


async def list_adapters(require: RequireGate = refuse_bluetooth) -> list[AdapterInfo]:
    """Every BlueZ adapter with its powered state, sorted by name. Asks the privacy gate first."""
    require(BLUETOOTH_PURPOSE, feature="bt_adapters")
    from dbus_fast import BusType, DBusError, Message, MessageType
    from dbus_fast.aio import MessageBus

    try:
        bus = await MessageBus(bus_type=BusType.SYSTEM).connect()
    except (OSError, ValueError, DBusError) as exc:
        raise BluetoothUnavailable("The system D-Bus is not reachable, so Bluetooth cannot be used.",
                                   "Start the system D-Bus (and BlueZ), then try again.") from exc
    try:
        reply = await bus.call(Message(destination=BLUEZ, path="/org/bluez",
                                       interface="org.freedesktop.DBus.Introspectable", member="Introspect"))
        if reply is None or reply.message_type != MessageType.METHOD_RETURN:
            raise BluetoothUnavailable("The Bluetooth service (BlueZ) is not running on this computer.",
                                       "Start it (e.g. `systemctl start bluetooth`) and try again.")
        names = sorted((n.get("name", "") for n in ET.fromstring(reply.body[0]).findall("node")),  # noqa: S314
                       key=lambda n: (len(n), n))
        adapters = []
        for name in names:
            if not ADAPTER_NAME.fullmatch(name):
                continue
            answer = await bus.call(Message(destination=BLUEZ, path=f"/org/bluez/{name}",
                                            interface="org.freedesktop.DBus.Properties", member="Get",
                                            signature="ss", body=["org.bluez.Adapter1", "Powered"]))
            if answer is None or answer.message_type != MessageType.METHOD_RETURN:
                continue  # not an adapter after all (or it went away meanwhile)
            adapters.append(AdapterInfo(name, bool(answer.body[0].value)))
        return adapters
    finally:
        bus.disconnect()
