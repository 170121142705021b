"""A fake BlueZ (``org.bluez`` on a private D-Bus) hosting virtual printers for unmodified bleak.

It implements exactly the surface bleak's BlueZ backend uses (TESTING.md §3): discovery announces devices
on ``StartDiscovery`` and refreshes their RSSI every 0.2 s; ``Connect`` sets ``Connected``, exports the
GATT objects, then sets ``ServicesResolved``; writes are checked against the ATT limits of the modelled
MTU and fed to the hosted printer; its notifications go out as ``PropertiesChanged(Value)``; the printer's
faults (disconnect after N bytes) become ``Connected=False`` plus device removal.

Every Adapter1/Device1 call is recorded with a monotonic timestamp (AT-08 asserts that no discovery or
connect happens before the privacy gate), and every write with its type and size.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from dbus_fast import BusType, DBusError, Message, MessageType
from dbus_fast.aio import MessageBus
from dbus_fast.constants import RequestNameReply

from phocol_desktop.emulator.fake_bluez.interfaces import (
    ADAPTER_IFACE,
    CHAR_IFACE,
    DEVICE_IFACE,
    Adapter1,
    GattCharacteristic1,
    GattService1,
    NamedDevice1,
    UnnamedDevice1,
)

log = logging.getLogger(__name__)

BLUEZ_NAME = "org.bluez"
ADAPTER_PATH = "/org/bluez/hci0"
# AT-12: the app must never read the local adapter's address. This sentinel is what the fake adapter
# reports; tests grep every file the app wrote (and its logs and exports) for it.
SENTINEL_ADAPTER_ADDRESS = "0A:7E:12:5E:47:12"
SENTINEL_SYSTEM_NAME = "sentinel-host-7e12"  # Adapter1.Name: BlueZ puts the computer's name there
ATT_MAX_VALUE = 512  # no ATT attribute value may be longer (Core spec; Bumble drops longer values)
ATT_INVALID_LENGTH = "Operation failed with ATT error: 0x0d"
RSSI_INTERVAL_S = 0.2
PUMP_INTERVAL_S = 0.01


class HostedPrinter(Protocol):
    """What the fake needs of a printer model: the VirtualPrinter's surface (emulator/virtual_printer.py)."""

    def receive(self, data: bytes) -> None: ...

    def advance(self) -> None: ...

    def pop_notifications(self) -> list[bytes]: ...

    @property
    def disconnected(self) -> bool: ...


PrinterFactory = Callable[["FakePrinterSpec"], HostedPrinter]


@dataclass
class FakePrinterSpec:
    """One printer the fake announces. UUIDs are full 128-bit strings (lower case)."""

    address: str
    name: str | None
    service_uuid: str
    write_uuid: str
    notify_uuid: str
    model_id: str | None = None  # passed to the printer factory
    scenario: Any = None  # passed to the printer factory (faults and timings)
    mtu: int = 185
    rssi: int = -55
    advertised_uuids: tuple[str, ...] | None = None  # None: the service UUID
    manufacturer_data: dict[int, bytes] = field(default_factory=dict)
    write_flags: tuple[str, ...] = ("write-without-response", "write")
    notify_flags: tuple[str, ...] = ("notify",)
    on_oversize: str = "reject"  # or "drop": discard silently, as Bumble's ATT server does
    strict_request_limit: bool = False  # request writes limited to MTU-3 instead of BlueZ's long write (512)
    reject_command_writes: bool = False  # advertises write-without-response but refuses it
    write_delay_s: float = 0.0  # slows every WriteValue down (a busy controller)
    connect_failures: int = 0  # the first N Connect calls fail like a real link-layer abort
    adapter: str = "hci0"  # the adapter that sees this printer (two dongles: a printer in range of one only)
    extra_services: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = ()

    def __post_init__(self) -> None:
        if self.on_oversize not in ("reject", "drop"):
            raise ValueError(f"on_oversize must be 'reject' or 'drop', not {self.on_oversize!r}")
        if not 23 <= self.mtu <= 517:
            raise ValueError(f"ATT MTU {self.mtu} is outside 23..517")


@dataclass(frozen=True)
class CallRecord:
    t: float  # time.monotonic()
    interface: str
    member: str
    path: str
    args: Any = None


@dataclass(frozen=True)
class WriteRecord:
    t: float
    write_type: str  # "command" (without response) or "request"
    size: int
    outcome: str  # "ok", "rejected", "dropped", "refused"


class _Device:
    def __init__(self, spec: FakePrinterSpec, printer: HostedPrinter) -> None:
        self.spec = spec
        self.printer = printer
        self.address = spec.address.upper()
        self.name = spec.name
        self.adapter_path = f"/org/bluez/{spec.adapter}"
        self.path = f"{self.adapter_path}/dev_{self.address.replace(':', '_')}"
        self.mtu = spec.mtu
        self.rssi = spec.rssi
        self.advertised_uuids = spec.advertised_uuids if spec.advertised_uuids is not None else (spec.service_uuid,)
        self.manufacturer_data = spec.manufacturer_data
        self.connected = False
        self.services_resolved = False
        self.exported = False
        self.in_range = True
        self.connect_failures_left = spec.connect_failures
        self.iface = (NamedDevice1 if spec.name else UnnamedDevice1)(None, self)
        self.gatt: list[tuple[str, Any]] = []  # (path, interface) in export order
        self.write_char: GattCharacteristic1 | None = None
        self.notify_char: GattCharacteristic1 | None = None
        self.writes: list[WriteRecord] = []
        self.received = bytearray()
        self.rejected_bytes = 0
        self.dropped_bytes = 0
        self.notifications_sent = 0


class FakeBlueZ:
    """Owns ``org.bluez`` on a bus and serves virtual printers. Use ``async with`` or start()/stop()."""

    adapter_path = ADAPTER_PATH

    def __init__(self, printer_factory: PrinterFactory | None = None) -> None:
        self._factory = printer_factory or _virtual_printer_factory
        self._bus: MessageBus | None = None
        self._adapters: dict[str, Adapter1] = {
            ADAPTER_PATH: Adapter1(self, SENTINEL_ADAPTER_ADDRESS, ADAPTER_PATH, True, SENTINEL_SYSTEM_NAME)}
        self._devices: dict[str, _Device] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self.property_reads: list[tuple[str, str]] = []  # (adapter path, property) of Address/Name reads
        self._sockets: list[socket.socket] = []
        self.calls: list[CallRecord] = []
        self.events: list[tuple[float, str, str]] = []  # (t, what, address): link losses, removals
        self.expect_rejections = False  # tests that provoke ATT errors on purpose set this

    # ------------------------------------------------------------------------------------------- lifecycle

    async def start(self, bus_address: str | None = None) -> FakeBlueZ:
        """Connect to the bus (the system bus: DBUS_SYSTEM_BUS_ADDRESS, when no address is given)."""
        if bus_address:
            bus = MessageBus(bus_address=bus_address, negotiate_unix_fd=True)
        else:
            bus = MessageBus(bus_type=BusType.SYSTEM, negotiate_unix_fd=True)
        await bus.connect()
        reply = await bus.request_name(BLUEZ_NAME)
        if reply != RequestNameReply.PRIMARY_OWNER:
            bus.disconnect()
            raise RuntimeError(f"{BLUEZ_NAME} is already owned on this bus ({reply.name})")
        for path, adapter in self._adapters.items():
            bus.export(path, adapter)
        self._bus = bus
        self._spawn(self._pump_forever())
        return self

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            try:
                await task
            except (asyncio.CancelledError, Exception):  # noqa: S110 (teardown: the task's error is moot)
                pass
        for sock in self._sockets:
            sock.close()
        self._sockets.clear()
        if self._bus is not None:
            try:
                await self._bus.release_name(BLUEZ_NAME)
            except Exception:  # noqa: BLE001 (the bus may be gone already)
                log.debug("release_name failed", exc_info=True)
            self._bus.disconnect()
            await self._bus.wait_for_disconnect()
            self._bus = None

    async def __aenter__(self) -> FakeBlueZ:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def unique_name(self) -> str | None:
        return None if self._bus is None else self._bus.unique_name

    # ------------------------------------------------------------------------------------- test controls

    def add_adapter(self, name: str, *, powered: bool = True) -> None:
        """A second Bluetooth adapter (e.g. a USB dongle), ``hci1``; printers name theirs in the spec."""
        path = f"/org/bluez/{name}"
        if path in self._adapters:
            raise ValueError(f"adapter {name} already exists")
        adapter = Adapter1(self, SENTINEL_ADAPTER_ADDRESS[:-2] + f"{len(self._adapters) + 0x12:02X}", path, powered,
                           SENTINEL_SYSTEM_NAME)
        self._adapters[path] = adapter
        if self._bus is not None:
            self._bus.export(path, adapter)

    @property
    def _discovering(self) -> bool:
        return any(a.discovering for a in self._adapters.values())

    def _log_read(self, path: str, prop: str) -> None:
        self.property_reads.append((path, prop))

    def add_printer(self, spec: FakePrinterSpec) -> HostedPrinter:
        """Put a printer in range; it is announced at the next StartDiscovery (or now, if scanning)."""
        device = _Device(spec, self._factory(spec))
        device.iface._host = self
        if device.address in self._devices:
            raise ValueError(f"a printer with address {device.address} already exists")
        if device.adapter_path not in self._adapters:
            raise ValueError(f"no adapter {spec.adapter}: add_adapter() first")
        self._devices[device.address] = device
        if self._adapters[device.adapter_path].discovering:
            self._export_device(device)
        return device.printer

    def printer(self, address: str) -> HostedPrinter:
        return self._device(address).printer

    def devices(self) -> list[_Device]:
        return list(self._devices.values())

    def device_state(self, address: str) -> _Device:
        return self._device(address)

    def calls_named(self, *members: str) -> list[CallRecord]:
        return [c for c in self.calls if c.member in members]

    def writes(self, address: str) -> list[WriteRecord]:
        return list(self._device(address).writes)

    def received(self, address: str) -> bytes:
        return bytes(self._device(address).received)

    def assert_no_rejections(self) -> None:
        """Fixture teardown: no byte may be rejected or dropped unless the test expects it (TESTING.md §3)."""
        if self.expect_rejections:
            return
        bad = {d.address: (d.rejected_bytes, d.dropped_bytes) for d in self._devices.values()
               if d.rejected_bytes or d.dropped_bytes}
        if bad:
            raise AssertionError(f"fake BlueZ rejected/dropped bytes (address: (rejected, dropped)): {bad}")

    def notify(self, address: str, data: bytes) -> bool:
        """Send one unsolicited notification; False when nobody is subscribed."""
        return self._send_notification(self._device(address), bytes(data))

    def drop_link(self, address: str, *, remove: bool = False) -> None:
        """The printer goes out of range: Connected=False, and with ``remove`` the device object goes too."""
        device = self._device(address)
        self._lose_link(device, remove=remove, why="drop_link")

    def take_out_of_range(self, address: str) -> None:
        device = self._device(address)
        device.in_range = False
        self._lose_link(device, remove=True, why="out_of_range")

    def bring_into_range(self, address: str) -> None:
        """The printer is back (switched on again): announced at the next scan, or now if scanning."""
        device = self._device(address)
        device.in_range = True
        if self._adapters[device.adapter_path].discovering and not device.exported:
            self._export_device(device)

    def storm(self, address: str, frame: bytes, count: int, interval_s: float = 0.0) -> asyncio.Task[int]:
        """Send ``frame`` ``count`` times as fast as the bus takes it (or every ``interval_s``).

        A notification storm: the app's writer must keep going while its notification handler is busy.
        The task's result is how many notifications were actually sent.
        """
        device = self._device(address)

        async def run() -> int:
            sent = 0
            for _ in range(count):
                if self._send_notification(device, bytes(frame)):
                    sent += 1
                await asyncio.sleep(interval_s)
            return sent

        task = asyncio.get_running_loop().create_task(run())
        self._tasks.add(task)  # type: ignore[arg-type]
        task.add_done_callback(self._tasks.discard)  # type: ignore[arg-type]
        return task

    # -------------------------------------------------------------------------- D-Bus method implementations

    def _log_call(self, interface: str, member: str, path: str, args: Any) -> None:
        self.calls.append(CallRecord(time.monotonic(), interface, member, path, args))

    async def _start_discovery(self, adapter: Adapter1) -> None:
        self._log_call(ADAPTER_IFACE, "StartDiscovery", adapter.path, None)
        if adapter.discovering:
            raise DBusError("org.bluez.Error.InProgress", "Operation already in progress")
        if not adapter.powered:
            raise DBusError("org.bluez.Error.NotReady", "Resource Not Ready")
        ticking = self._discovering
        self._set_discovering(adapter, True)
        # Real BlueZ reports a device on InterfacesAdded or on a PropertiesChanged while scanning;
        # devices already in GetManagedObjects are not reported, so announce them now (TESTING.md §3.1).
        for device in self._devices.values():
            if device.adapter_path == adapter.path and device.in_range and not device.exported:
                self._export_device(device)
        if not ticking:
            self._spawn(self._rssi_ticker())

    async def _stop_discovery(self, adapter: Adapter1) -> None:
        self._log_call(ADAPTER_IFACE, "StopDiscovery", adapter.path, None)
        if not adapter.discovering:
            raise DBusError("org.bluez.Error.Failed", "No discovery started")
        self._set_discovering(adapter, False)

    def _set_discovering(self, adapter: Adapter1, on: bool) -> None:
        adapter.discovering = on
        adapter.emit_properties_changed({"Discovering": on})

    async def _connect(self, device: _Device) -> None:
        self._log_call(DEVICE_IFACE, "Connect", device.path, None)
        if not device.in_range:
            raise DBusError("org.bluez.Error.Failed", "Host is down")
        if device.connect_failures_left > 0:
            device.connect_failures_left -= 1
            await asyncio.sleep(0.01)
            raise DBusError("org.bluez.Error.Failed", "le-connection-abort-by-remote")
        if device.connected:
            raise DBusError("org.bluez.Error.AlreadyConnected", "Already Connected")
        # Order matters to bleak (TESTING.md §3.3): Connected, then the GATT objects, then ServicesResolved.
        device.connected = True
        device.iface.emit_properties_changed({"Connected": True})
        self._export_gatt(device)
        await asyncio.sleep(0)
        device.services_resolved = True
        device.iface.emit_properties_changed({"ServicesResolved": True})

    async def _disconnect(self, device: _Device, *, requested: bool) -> None:
        self._log_call(DEVICE_IFACE, "Disconnect", device.path, None)
        if not device.connected:
            return
        self._lose_link(device, remove=False, why="disconnect")

    def _read_value(self, char: GattCharacteristic1) -> bytes:
        self._log_call(CHAR_IFACE, "ReadValue", char.path, None)
        if not char._device.connected:
            raise DBusError("org.bluez.Error.Failed", "Not connected")
        if "read" not in char.flags:
            raise DBusError("org.bluez.Error.NotPermitted", "Read not permitted")
        return char.value

    async def _write_value(self, char: GattCharacteristic1, value: bytes, write_type: str) -> None:
        device: _Device = char._device
        spec = device.spec
        now = time.monotonic()
        if not device.connected:
            raise DBusError("org.bluez.Error.Failed", "Not connected")
        command = write_type == "command"
        if (command and "write-without-response" not in char.flags) or (not command and "write" not in char.flags):
            device.writes.append(WriteRecord(now, write_type, len(value), "refused"))
            raise DBusError("org.bluez.Error.NotSupported", "Operation is not supported")
        if command and spec.reject_command_writes:
            device.writes.append(WriteRecord(now, write_type, len(value), "refused"))
            raise DBusError("org.bluez.Error.NotSupported", "Operation is not supported")
        if command or spec.strict_request_limit:
            limit = min(device.mtu - 3, ATT_MAX_VALUE)
        else:
            limit = ATT_MAX_VALUE  # BlueZ turns a request above MTU-3 into a long (prepared) write
        if len(value) > limit:
            if spec.on_oversize == "drop":
                device.dropped_bytes += len(value)
                device.writes.append(WriteRecord(now, write_type, len(value), "dropped"))
                return
            device.rejected_bytes += len(value)
            device.writes.append(WriteRecord(now, write_type, len(value), "rejected"))
            raise DBusError("org.bluez.Error.Failed", ATT_INVALID_LENGTH)
        if spec.write_delay_s:
            await asyncio.sleep(spec.write_delay_s)
            if not device.connected:
                raise DBusError("org.bluez.Error.Failed", "Not connected")
        device.writes.append(WriteRecord(now, write_type, len(value), "ok"))
        if char is not device.write_char:
            return  # a write to another characteristic reaches no printer logic
        device.received += value
        device.printer.receive(value)
        self._pump_device(device)

    def _set_notifying(self, char: GattCharacteristic1, on: bool) -> None:
        self._log_call(CHAR_IFACE, "StartNotify" if on else "StopNotify", char.path, None)
        if not char._device.connected:
            raise DBusError("org.bluez.Error.Failed", "Not connected")
        if on and not ({"notify", "indicate"} & set(char.flags)):
            raise DBusError("org.bluez.Error.NotSupported", "Operation is not supported")
        char.notifying = on
        char.emit_properties_changed({"Notifying": on})

    def _acquire(self, char: GattCharacteristic1, member: str) -> tuple[int, int]:
        """AcquireWrite/AcquireNotify: bleak's _acquire_mtu() only wants the MTU; it closes the fd at once."""
        self._log_call(CHAR_IFACE, member, char.path, None)
        device: _Device = char._device
        if not device.connected:
            raise DBusError("org.bluez.Error.Failed", "Not connected")
        # The peer end goes to the caller (dbus-fast passes it with SCM_RIGHTS); both ends stay open
        # until stop(), since nothing is ever written through them.
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._sockets.extend((ours, theirs))
        return theirs.fileno(), device.mtu

    # ------------------------------------------------------------------------------------------ internals

    def _device(self, address: str) -> _Device:
        try:
            return self._devices[address.upper()]
        except KeyError:
            raise KeyError(f"no fake printer with address {address}") from None

    def _remove_device_by_path(self, path: str) -> None:
        for device in self._devices.values():
            if device.path == path and device.exported:
                self._lose_link(device, remove=True, why="remove_device")
                return
        raise DBusError("org.bluez.Error.DoesNotExist", "Does Not Exist")

    def _export_device(self, device: _Device) -> None:
        assert self._bus is not None
        self._bus.export(device.path, device.iface)
        device.exported = True

    def _export_gatt(self, device: _Device) -> None:
        assert self._bus is not None
        spec = device.spec
        services: list[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]]] = []
        if spec.write_uuid == spec.notify_uuid:
            flags = tuple(dict.fromkeys((*spec.write_flags, *spec.notify_flags)))
            services.append((spec.service_uuid, ((spec.write_uuid, flags),)))
        else:
            services.append((spec.service_uuid, ((spec.write_uuid, spec.write_flags),
                                                 (spec.notify_uuid, spec.notify_flags))))
        services.extend(spec.extra_services)
        handle = 0x000A
        device.gatt.clear()
        for service_uuid, chars in services:
            # Path format is load-bearing: bleak reads the handle as int(path[-4:], 16) (TESTING.md §3.4).
            service_path = f"{device.path}/service{handle:04x}"
            handle += 1
            service = GattService1(service_uuid, device.path)
            self._bus.export(service_path, service)
            device.gatt.append((service_path, service))
            for char_uuid, flags in chars:
                char_path = f"{service_path}/char{handle:04x}"
                handle += 2
                char = GattCharacteristic1(self, device, char_uuid, service_path, char_path, list(flags))
                self._bus.export(char_path, char)
                device.gatt.append((char_path, char))
                if service_uuid == spec.service_uuid and char_uuid == spec.write_uuid and device.write_char is None:
                    device.write_char = char
                if service_uuid == spec.service_uuid and char_uuid == spec.notify_uuid and device.notify_char is None:
                    device.notify_char = char
            handle = (handle + 0x10) & ~0xF

    def _unexport_gatt(self, device: _Device) -> None:
        if self._bus is None:
            return
        for path, iface in reversed(device.gatt):
            self._bus.unexport(path, iface)
        device.gatt.clear()
        device.write_char = None
        device.notify_char = None

    def _lose_link(self, device: _Device, *, remove: bool, why: str) -> None:
        self.events.append((time.monotonic(), why, device.address))
        if device.connected:
            device.connected = False
            device.services_resolved = False
            device.iface.emit_properties_changed({"Connected": False, "ServicesResolved": False})
        self._unexport_gatt(device)
        if remove and device.exported and self._bus is not None:
            self._bus.unexport(device.path, device.iface)
            device.exported = False

    def _pump_device(self, device: _Device) -> None:
        printer = device.printer
        printer.advance()
        for frame in printer.pop_notifications():
            self._send_notification(device, bytes(frame))
        if printer.disconnected and device.connected:
            # The printer's own fault (e.g. "disconnect after byte N"): it vanishes like a printer switched off.
            self._lose_link(device, remove=True, why="printer_fault")

    def _send_notification(self, device: _Device, frame: bytes) -> bool:
        char = device.notify_char
        if char is None or not char.notifying or not device.connected:
            return False
        char.value = frame
        char.emit_properties_changed({"Value": frame})
        device.notifications_sent += 1
        return True

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _pump_forever(self) -> None:
        """Let time-driven printer behaviour happen between writes (draining, completion frames)."""
        while True:
            await asyncio.sleep(PUMP_INTERVAL_S)
            for device in list(self._devices.values()):
                if device.connected:
                    try:
                        self._pump_device(device)
                    except Exception:  # a broken printer model must not kill the fake's pump
                        log.exception("printer model failed while advancing")

    async def _rssi_ticker(self) -> None:
        """Real BlueZ sends an RSSI PropertiesChanged for each advertisement it receives."""
        tick = 0
        while self._discovering:
            for device in self._devices.values():
                if (device.exported and device.in_range and not device.connected
                        and self._adapters[device.adapter_path].discovering):
                    device.rssi = device.spec.rssi - (tick % 3)
                    device.iface.emit_properties_changed({"RSSI": device.rssi})
            tick += 1
            await asyncio.sleep(RSSI_INTERVAL_S)


def _virtual_printer_factory(spec: FakePrinterSpec) -> HostedPrinter:
    """The default printer: the emulator's VirtualPrinter for the spec's model and scenario."""
    from phocol_desktop.domain.printer_model import load_model_table
    from phocol_desktop.emulator.virtual_printer import VirtualPrinter

    table = load_model_table()
    model = table.get(spec.model_id) if spec.model_id else table.default
    return VirtualPrinter(model, scenario=spec.scenario)


def spec_for_model(model: Any, address: str, name: str | None, *, plan: int = 0, **options: Any) -> FakePrinterSpec:
    """A spec exposing the model's GattPlan candidate number ``plan`` (0: primary UUIDs, 1..: fallbacks)."""
    service, write, notify = model.gatt.candidates()[plan]
    return FakePrinterSpec(address=address, name=name, service_uuid=service, write_uuid=write,
                           notify_uuid=notify, model_id=model.id, **options)


async def list_bus_names(bus_address: str) -> list[str]:
    """ListNames on a bus: AT-08 checks that no app connection exists before the gate allows Bluetooth."""
    bus = await MessageBus(bus_address=bus_address).connect()
    try:
        reply = await bus.call(Message(destination="org.freedesktop.DBus", path="/org/freedesktop/DBus",
                                       interface="org.freedesktop.DBus", member="ListNames"))
        assert reply is not None and reply.message_type == MessageType.METHOD_RETURN
        return [n for n in reply.body[0] if n != bus.unique_name]
    finally:
        bus.disconnect()
