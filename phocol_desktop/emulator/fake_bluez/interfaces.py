"""The D-Bus objects of the fake BlueZ: Adapter1, Device1, GattService1, GattCharacteristic1.

Each object forwards method calls to its ``FakeBlueZ`` host, which owns the state, the call log and the
hosted virtual printer; these classes only carry D-Bus signatures and property values.

dbus-fast pitfalls this module avoids on purpose (TESTING.md §3.6):
- no ``from __future__ import annotations`` here: dbus-fast reads the signature strings from the
  annotations at class creation and fails with ``TypeError ... got NoneType`` otherwise;
- no ``self.name`` assignment: that attribute *is* the D-Bus interface name;
- every property that is ever sent in ``emit_properties_changed`` is declared with ``@dbus_property``
  (undeclared names are dropped silently, so a ``Value`` notification would never arrive);
- methods that return nothing carry no ``-> None`` annotation (dbus-fast would read it as a signature).
"""
# dbus-fast reads D-Bus signature strings such as "a{sv}" from the annotations; they are not Python types.
# ruff: noqa: F722, F821, UP037, PLR0917

from typing import Any

from dbus_fast import Variant
from dbus_fast.constants import PropertyAccess
from dbus_fast.service import ServiceInterface, dbus_method, dbus_property

ADAPTER_IFACE = "org.bluez.Adapter1"
DEVICE_IFACE = "org.bluez.Device1"
SERVICE_IFACE = "org.bluez.GattService1"
CHAR_IFACE = "org.bluez.GattCharacteristic1"

READ = PropertyAccess.READ


class Adapter1(ServiceInterface):
    def __init__(self, host: Any, address: str, path: str = "/org/bluez/hci0", powered: bool = True,
                 system_name: str = "") -> None:
        super().__init__(ADAPTER_IFACE)
        self._host = host
        self._address = address
        self.path = path
        self.powered = powered
        self._system_name = system_name
        self.discovering = False

    @dbus_property(access=READ)
    def Address(self) -> "s":  # noqa: N802 (D-Bus property names are CamelCase)
        self._host._log_read(self.path, "Address")  # AT-12: the app must never ask for this one
        return self._address

    @dbus_property(access=READ)
    def Name(self) -> "s":  # noqa: N802
        # Real BlueZ: the system's (pretty) host name; an identifier the app must not read either.
        self._host._log_read(self.path, "Name")
        return self._system_name

    @dbus_property(access=READ)
    def AddressType(self) -> "s":  # noqa: N802
        return "public"

    @dbus_property(access=READ)
    def Powered(self) -> "b":  # noqa: N802
        return self.powered

    @dbus_property(access=READ)
    def Discovering(self) -> "b":  # noqa: N802
        return self.discovering

    @dbus_property(access=READ)
    def Roles(self) -> "as":  # noqa: N802
        # bleak refuses adapters without the "central" role ("No Bluetooth adapters with BLE 'central' role").
        return ["central", "peripheral"]

    @dbus_method()
    async def SetDiscoveryFilter(self, filters: "a{sv}"):  # noqa: N802
        self._host._log_call(ADAPTER_IFACE, "SetDiscoveryFilter", self.path,
                             {k: v.value for k, v in filters.items()})

    @dbus_method()
    async def StartDiscovery(self):  # noqa: N802
        await self._host._start_discovery(self)

    @dbus_method()
    async def StopDiscovery(self):  # noqa: N802
        await self._host._stop_discovery(self)

    @dbus_method()
    async def RemoveDevice(self, device: "o"):  # noqa: N802
        self._host._log_call(ADAPTER_IFACE, "RemoveDevice", self.path, device)
        self._host._remove_device_by_path(device)


def _device_class(named: bool) -> type:
    """Device1 with or without a ``Name`` property: BlueZ omits ``Name`` for devices that advertise none."""

    class Device1(ServiceInterface):
        def __init__(self, host: Any, device: Any) -> None:
            super().__init__(DEVICE_IFACE)
            self._host = host
            self._device = device

        @dbus_property(access=READ)
        def Address(self) -> "s":  # noqa: N802
            return self._device.address

        @dbus_property(access=READ)
        def AddressType(self) -> "s":  # noqa: N802
            return "public"

        @dbus_property(access=READ)
        def Alias(self) -> "s":  # noqa: N802
            # BlueZ sets Alias to the address with dashes when nothing better is known; bleak then reports
            # name=None (TESTING.md §3.2).
            return self._device.name or self._device.address.replace(":", "-")

        @dbus_property(access=READ, disabled=not named)
        def Name(self) -> "s":  # noqa: N802
            return self._device.name or ""

        @dbus_property(access=READ)
        def Adapter(self) -> "o":  # noqa: N802
            return self._device.adapter_path

        @dbus_property(access=READ)
        def Connected(self) -> "b":  # noqa: N802
            return self._device.connected

        @dbus_property(access=READ)
        def ServicesResolved(self) -> "b":  # noqa: N802
            return self._device.services_resolved

        @dbus_property(access=READ)
        def Paired(self) -> "b":  # noqa: N802
            return False

        @dbus_property(access=READ)
        def Trusted(self) -> "b":  # noqa: N802
            return False

        @dbus_property(access=READ)
        def RSSI(self) -> "n":  # noqa: N802
            return self._device.rssi

        @dbus_property(access=READ)
        def UUIDs(self) -> "as":  # noqa: N802
            return list(self._device.advertised_uuids)

        @dbus_property(access=READ)
        def ManufacturerData(self) -> "a{qv}":  # noqa: N802
            return {k: Variant("ay", v) for k, v in self._device.manufacturer_data.items()}

        @dbus_property(access=READ)
        def ServiceData(self) -> "a{sv}":  # noqa: N802
            return {}

        @dbus_method()
        async def Connect(self):  # noqa: N802
            await self._host._connect(self._device)

        @dbus_method()
        async def Disconnect(self):  # noqa: N802
            await self._host._disconnect(self._device, requested=True)

        @dbus_method()
        async def Pair(self):  # noqa: N802
            self._host._log_call(DEVICE_IFACE, "Pair", self._device.path, None)

    return Device1


NamedDevice1 = _device_class(named=True)
UnnamedDevice1 = _device_class(named=False)


class GattService1(ServiceInterface):
    def __init__(self, uuid: str, device_path: str) -> None:
        super().__init__(SERVICE_IFACE)
        self._uuid = uuid
        self._device_path = device_path

    @dbus_property(access=READ)
    def UUID(self) -> "s":  # noqa: N802
        return self._uuid

    @dbus_property(access=READ)
    def Device(self) -> "o":  # noqa: N802
        return self._device_path

    @dbus_property(access=READ)
    def Primary(self) -> "b":  # noqa: N802
        return True


class GattCharacteristic1(ServiceInterface):
    def __init__(self, host: Any, device: Any, uuid: str, service_path: str, path: str, flags: list[str]) -> None:
        super().__init__(CHAR_IFACE)
        self._host = host
        self._device = device
        self._uuid = uuid
        self._service_path = service_path
        self.path = path
        self.flags = list(flags)
        self.value = b""
        self.notifying = False

    @dbus_property(access=READ)
    def UUID(self) -> "s":  # noqa: N802
        return self._uuid

    @dbus_property(access=READ)
    def Service(self) -> "o":  # noqa: N802
        return self._service_path

    @dbus_property(access=READ)
    def Flags(self) -> "as":  # noqa: N802
        return self.flags

    @dbus_property(access=READ)
    def Value(self) -> "ay":  # noqa: N802
        return self.value

    @dbus_property(access=READ)
    def Notifying(self) -> "b":  # noqa: N802
        return self.notifying

    @dbus_property(access=READ)
    def MTU(self) -> "q":  # noqa: N802
        # bleak derives max_write_without_response_size = MTU - 3 from it (20 when it is missing).
        return self._device.mtu

    @dbus_method()
    async def ReadValue(self, options: "a{sv}") -> "ay":  # noqa: N802
        return self._host._read_value(self)

    @dbus_method()
    async def WriteValue(self, value: "ay", options: "a{sv}"):  # noqa: N802
        write_type = options["type"].value if "type" in options else ""
        await self._host._write_value(self, bytes(value), write_type)

    @dbus_method()
    async def StartNotify(self):  # noqa: N802
        self._host._set_notifying(self, True)

    @dbus_method()
    async def StopNotify(self):  # noqa: N802
        self._host._set_notifying(self, False)

    @dbus_method()
    async def AcquireWrite(self, options: "a{sv}") -> "hq":  # noqa: N802
        return self._host._acquire(self, "AcquireWrite")

    @dbus_method()
    async def AcquireNotify(self, options: "a{sv}") -> "hq":  # noqa: N802
        return self._host._acquire(self, "AcquireNotify")
