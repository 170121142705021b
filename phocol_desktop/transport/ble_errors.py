"""Every bleak / D-Bus exception is mapped here, once, to a typed error with advice for the user.

Messages never carry bleak's raw text when it may hold a device address or a D-Bus object path
(ARCHITECTURE.md: never log or show a raw printer address); only D-Bus error *names* are kept.
"""

from __future__ import annotations

import asyncio
import logging

from phocol_desktop.domain.errors import PhocolError, TransportError
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP
from phocol_desktop.transport.base import LinkLost, PrinterNotFound, PrinterNotResponding

log = logging.getLogger(__name__)

# The reasons a user sees (context "Errors"): the GUI translates them, the command line prints the English.
SWITCHED_OFF = QT_TRANSLATE_NOOP("Errors", "Bluetooth is switched off.")
REFUSED_BY_SYSTEM = QT_TRANSLATE_NOOP("Errors", "The system did not allow this app to use Bluetooth.")
ALLOW_IN_SYSTEM_SETTINGS = QT_TRANSLATE_NOOP(
    "Errors", "Allow Bluetooth for Phocol Desktop in the system settings, then try again.")
NO_LE_CENTRAL_ROLE = QT_TRANSLATE_NOOP(
    "Errors", "This computer's Bluetooth adapter cannot connect to Bluetooth LE printers.")
NO_ADAPTER = QT_TRANSLATE_NOOP("Errors", "No Bluetooth adapter was found on this computer.")
PRINTER_GONE = QT_TRANSLATE_NOOP("Errors", "The printer is no longer visible to this computer.")
CHUNK_TOO_LONG = QT_TRANSLATE_NOOP("Errors", "The printer rejected a data chunk as too long (ATT error 0x0d).")
CHUNKING_BUG = QT_TRANSLATE_NOOP("Errors", "This is a bug in Phocol Desktop's chunking; please save a support bundle.")
BLUEZ_NOT_RUNNING = QT_TRANSLATE_NOOP("Errors", "The Bluetooth service (BlueZ) is not running on this computer.")
START_BLUEZ = QT_TRANSLATE_NOOP("Errors", "Start the Bluetooth service (bluetoothd), then try again.")
BUSY = QT_TRANSLATE_NOOP("Errors", "Bluetooth is busy with another operation.")
CONNECT_DROPPED = QT_TRANSLATE_NOOP("Errors", "The printer dropped the connection attempt.")
DISCONNECTED = QT_TRANSLATE_NOOP("Errors", "The printer disconnected.")
CONNECT_TIMEOUT = QT_TRANSLATE_NOOP("Errors", "The printer did not accept the connection in time.")
SERVICE_LOST = QT_TRANSLATE_NOOP("Errors", "The connection to the Bluetooth service was lost.")
NO_SYSTEM_BUS = QT_TRANSLATE_NOOP(
    "Errors", "The system message bus (D-Bus) is not reachable, so Bluetooth cannot be used.")


class BluetoothUnavailable(TransportError):
    """No usable Bluetooth on this computer: no adapter, switched off, BlueZ missing or too old."""

    advice = QT_TRANSLATE_NOOP("Errors", "Switch Bluetooth on (or plug in an adapter), then try again. The virtual "
                                          "printer works without it.")


class ConnectFailed(TransportError):
    """The printer was seen but refused or dropped the connection attempt (after retries)."""

    advice = QT_TRANSLATE_NOOP("Errors", "Switch the printer off and on, make sure no phone is connected to it, keep"
                                          " it within a few metres, then try again.")


class WriteRejected(TransportError):
    """The Bluetooth stack or the printer refused a write (an ATT error)."""

    advice = QT_TRANSLATE_NOOP("Errors", "Try again; if it keeps happening, save a support bundle so we can see what"
                                          " the printer refused.")


class IncompatiblePrinter(TransportError):
    """Connected, but the device offers no characteristic the app can print through."""

    advice = QT_TRANSLATE_NOOP("Errors", "Check that this is a supported printer (`phocol-desktop models`), or pick "
                                          "its model by hand.")


class BluetoothBusy(TransportError):
    advice = QT_TRANSLATE_NOOP("Errors", "Another Bluetooth operation is still running; wait a moment and try again.")


# D-Bus error strings that mean "the radio link failed this time; trying again may work".
_TRANSIENT_CONNECT = (
    "le-connection-abort-by-remote",
    "le-connection-abort-by-local",
    "br-connection-canceled",
    "br-connection-aborted-by-remote",
    "Software caused connection abort",
    "Connection refused",
    "Host is down",
    "Page Timeout",
    "Operation already in progress",
    "In Progress",
)

ATT_INVALID_ATTRIBUTE_VALUE_LENGTH = 0x0D
_REFUSAL_CODES = (0x03, 0x06)  # WRITE_NOT_PERMITTED, REQUEST_NOT_SUPPORTED


def is_transient(error: PhocolError) -> bool:
    """Worth another connect attempt (the retry loop in ble.py asks this)."""
    return isinstance(error, (ConnectFailed, PrinterNotResponding, BluetoothBusy))


def is_write_type_refusal(exc: BaseException) -> bool:
    """The stack refused the *kind* of write (not its size): the one case where the write-mode fallback applies.

    An oversize value (ATT 0x0d) is deliberately not a refusal: retrying it as a long write-with-response
    would hide a chunking bug that a real printer punishes by dropping data.
    """
    from bleak.exc import BleakGATTProtocolError

    return isinstance(exc, BleakGATTProtocolError) and int(exc.code) in _REFUSAL_CODES


def map_bleak_error(exc: BaseException, action: str, *, connected: bool | None = None) -> PhocolError:
    """Translate one low-level exception raised during ``action`` ("scan", "connect", "write", ...)."""
    if isinstance(exc, PhocolError):
        return exc
    from bleak.exc import (
        BleakBluetoothNotAvailableError,
        BleakBluetoothNotAvailableReason,
        BleakDBusError,
        BleakDeviceNotFoundError,
        BleakError,
        BleakGATTProtocolError,
    )

    log.debug("mapping %s during %s", type(exc).__name__, action)
    if isinstance(exc, BleakBluetoothNotAvailableError):
        reason = exc.reason
        if reason == BleakBluetoothNotAvailableReason.POWERED_OFF:
            return BluetoothUnavailable(SWITCHED_OFF)
        if reason in (BleakBluetoothNotAvailableReason.DENIED_BY_SYSTEM,
                      BleakBluetoothNotAvailableReason.DENIED_BY_USER,
                      BleakBluetoothNotAvailableReason.DENIED_BY_UNKNOWN):
            return BluetoothUnavailable(REFUSED_BY_SYSTEM,
                                        ALLOW_IN_SYSTEM_SETTINGS)
        if reason == BleakBluetoothNotAvailableReason.NO_BLE_CENTRAL_ROLE:
            return BluetoothUnavailable(NO_LE_CENTRAL_ROLE)
        return BluetoothUnavailable(NO_ADAPTER)
    if isinstance(exc, BleakDeviceNotFoundError):
        return PrinterNotFound(PRINTER_GONE)
    if isinstance(exc, BleakGATTProtocolError):
        code = int(exc.code)
        if code == ATT_INVALID_ATTRIBUTE_VALUE_LENGTH:
            return WriteRejected(CHUNK_TOO_LONG,
                                 CHUNKING_BUG)
        return WriteRejected(f"The printer refused a write (ATT error 0x{code:02x}).")
    if isinstance(exc, BleakDBusError):
        name = exc.dbus_error
        detail = exc.dbus_error_details or ""
        if name in ("org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner"):
            return BluetoothUnavailable(BLUEZ_NOT_RUNNING,
                                        START_BLUEZ)
        if name == "org.freedesktop.DBus.Error.AccessDenied":
            return BluetoothUnavailable(REFUSED_BY_SYSTEM)
        if name == "org.bluez.Error.NotReady":
            return BluetoothUnavailable(SWITCHED_OFF)
        if name == "org.freedesktop.DBus.Error.UnknownObject":
            if connected or action == "write":
                return LinkLost(DISCONNECTED)
            return PrinterNotFound(PRINTER_GONE)
        if name == "org.bluez.Error.InProgress":
            return BluetoothBusy(BUSY)
        if action == "connect" and any(t in detail or t in name for t in _TRANSIENT_CONNECT):
            return ConnectFailed(CONNECT_DROPPED)
        if action == "connect":
            return ConnectFailed(f"The printer could not be connected ({name}).")
        if action == "write" and connected is False:
            return LinkLost(DISCONNECTED)
        return TransportError(f"Bluetooth {action} failed ({name}).")
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError)):
        if action == "connect":
            return ConnectFailed(CONNECT_TIMEOUT)
        return PrinterNotResponding(f"The printer did not answer in time ({action}).")
    if isinstance(exc, (EOFError, BrokenPipeError, ConnectionResetError)):
        # The D-Bus connection itself died (bluetoothd or the bus went away).
        if connected:
            return LinkLost(SERVICE_LOST)
        return BluetoothUnavailable(SERVICE_LOST)
    if isinstance(exc, (FileNotFoundError, ConnectionRefusedError, PermissionError)):
        return BluetoothUnavailable(NO_SYSTEM_BUS)
    if isinstance(exc, BleakError):
        text = str(exc)
        if "requires BlueZ" in text:
            return BluetoothUnavailable("This computer's Bluetooth stack (BlueZ) is too old; version 5.55 or newer "
                                        "is needed.", "Update the operating system's Bluetooth packages.")
        if connected is False or "Not connected" in text or "Service Discovery has not been performed" in text:
            return LinkLost(DISCONNECTED)
        return TransportError(f"Bluetooth {action} failed.")
    return TransportError(f"Bluetooth {action} failed unexpectedly ({type(exc).__name__}).")
