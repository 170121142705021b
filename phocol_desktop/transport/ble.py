"""Bluetooth LE over bleak: scanning for printers and ``BleLink``, the ``PrinterLink`` for a real printer.

Privacy: no ``BleakScanner``/``BleakClient`` is created and no discovery or connection starts before the
privacy gate allows the purpose ``bt.discover_connect_print`` (PRIVACY.md AT-08). Every hardware entry
point goes through ``_require_bluetooth_permission`` first; the caller injects the gate's ``require``.
The local adapter is never queried (AT-12): nothing here touches bleak's adapter objects. On Linux the
user may name the adapter to use ("hci1", ``bluez={"adapter": ...}``); the name is all we pass.

Pacing is not done here: the link sends what the job runner gives it, one chunk at a time, each at most
``info.max_write`` bytes, and never re-sends anything on its own.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any, Protocol

from phocol_desktop.domain.errors import PermissionDenied, PhocolError
from phocol_desktop.domain.printer_model import ModelTable, PrinterModel
from phocol_desktop.transport.base import LinkInfo, LinkLost, PrinterLink, PrinterNotFound
from phocol_desktop.transport.ble_errors import (
    IncompatiblePrinter,
    is_transient,
    is_write_type_refusal,
    map_bleak_error,
)
from phocol_desktop.transport.discovery import DiscoveredDevice, ScanResults, matches_target

log = logging.getLogger(__name__)

BLUETOOTH_PURPOSE = "bt.discover_connect_print"
ATT_MAX_VALUE = 512
# GAP/GATT/Device Information services never carry the print stream (Bumble lists 1800/1801, BlueZ hides them).
_NOT_PRINT_SERVICES = {f"0000{s}-0000-1000-8000-00805f9b34fb" for s in ("1800", "1801", "180a")}


class RequireGate(Protocol):
    """The privacy gate's ``require``: returns when the purpose is allowed, raises PermissionDenied otherwise."""

    def __call__(self, purpose_id: str, /, *, feature: str) -> object: ...


def refuse_bluetooth(purpose_id: str, /, *, feature: str) -> None:
    """The default gate of every scanner and link: nothing happens until a caller injects the real one."""
    raise PermissionDenied("Bluetooth has not been allowed for Phocol Desktop.",
                           "Allow “Find, connect and print to Bluetooth printers” in Privacy ▸ Permissions.")


def _require_bluetooth_permission(require: RequireGate, feature: str) -> None:
    """The single choke-point before any bleak object exists. ``feature`` names what asks ("scan", "connect")."""
    require(BLUETOOTH_PURPOSE, feature=feature)


# --------------------------------------------------------------------------------------------- scanning


class BleScanner:
    """Finds printers. Each ``scan`` asks the gate, then runs one bleak scanner for at most ``timeout`` s."""

    def __init__(self, models: ModelTable, *, require: RequireGate = refuse_bluetooth,
                 adapter: str | None = None) -> None:
        self._models = models
        self._require = require
        self._adapter = adapter

    async def scan(self, timeout: float, *, show_all: bool = False,
                   on_update: Callable[[DiscoveredDevice], None] | None = None,
                   stop_when: Callable[[DiscoveredDevice], bool] | None = None) -> list[DiscoveredDevice]:
        """Scan for ``timeout`` seconds (or until ``stop_when`` accepts a device); printers first."""
        _require_bluetooth_permission(self._require, "bt_scan")
        from bleak import BleakScanner

        results = ScanResults(self._models)
        done = asyncio.Event()

        def detected(device: Any, adv: Any) -> None:
            found = results.update(device.address, device.name or adv.local_name, adv.rssi,
                                   adv.service_uuids or (), handle=device)
            if on_update is not None and (show_all or found.is_printer):
                on_update(found)
            if stop_when is not None and stop_when(found):
                done.set()

        try:
            async with BleakScanner(detection_callback=detected, bluez=bluez_options(self._adapter)):
                try:
                    await asyncio.wait_for(done.wait(), timeout)
                except TimeoutError:
                    pass
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            raise map_bleak_error(exc, "scan") from exc
        return results.devices(show_all=show_all)

    async def find(self, target: str, timeout: float) -> DiscoveredDevice:
        """The device whose address or advertised name is ``target``; PrinterNotFound after ``timeout``."""
        found = await self.scan(timeout, show_all=True, stop_when=lambda d: matches_target(d, target))
        for device in found:
            if matches_target(device, target):
                return device
        raise PrinterNotFound(f"No printer called {target!r} was found nearby."
                              if not _is_address(target) else "The printer was not found nearby.")


def bluez_options(adapter: str | None) -> Any:
    """bleak's BlueZ arguments: the adapter to use ("hci1"), or bleak's own choice when None."""
    return {"adapter": adapter} if adapter else {}


def _is_address(target: str) -> bool:
    from phocol_desktop.transport.discovery import looks_like_address

    return looks_like_address(target)


# ---------------------------------------------------------------------------------------------- the link


class BleLink(PrinterLink):
    """One connection to one printer over bleak.

    ``target`` is a device from a scan (no new scan is needed) or an address / advertised name.
    ``model`` chooses the GATT plan; without it the model is guessed from the name, and failing that every
    plan in the table is tried, then characteristics are picked by their properties.
    """

    def __init__(self, target: DiscoveredDevice | str, models: ModelTable, model: PrinterModel | None = None, *,
                 require: RequireGate = refuse_bluetooth, connect_attempts: int = 3, backoff_s: float = 0.5,
                 scan_timeout_s: float = 10.0, connect_timeout_s: float = 20.0,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep, adapter: str | None = None) -> None:
        if connect_attempts < 1:
            raise ValueError("connect_attempts must be at least 1")
        self._target = target
        self._models = models
        self._model = model
        self._require = require
        self._attempts = connect_attempts
        self._backoff_s = backoff_s
        self._scan_timeout_s = scan_timeout_s
        self._connect_timeout_s = connect_timeout_s
        self._sleep = sleep
        self._adapter = adapter
        self._client: Any = None
        self._write_char: Any = None
        self._notify_char: Any = None
        self._info: LinkInfo | None = None
        self._mode_confirmed = False  # a write has succeeded in the current mode: no more fallback
        self._closing = False
        self._lost = False
        self._write_lock = asyncio.Lock()
        self.device: DiscoveredDevice | None = target if isinstance(target, DiscoveredDevice) else None
        self.connect_attempts_made = 0

    # ------------------------------------------------------------------------------------------- contract

    @property
    def info(self) -> LinkInfo:
        if self._info is None:
            raise LinkLost("Not connected to a printer.")
        return self._info

    @property
    def is_connected(self) -> bool:
        return self._client is not None and not self._lost and bool(self._client.is_connected)

    @property
    def model(self) -> PrinterModel | None:
        """The model in use: the one given, or the one recognised from the advertised name."""
        return self._model

    async def connect(self) -> LinkInfo:
        _require_bluetooth_permission(self._require, "bt_connect")
        if self.is_connected:
            return self.info
        self._closing = False
        self._lost = False
        self._mode_confirmed = False
        self._write_lock = asyncio.Lock()
        device = await self._locate(rescan=False)
        if self._model is None and device.model_id is not None:
            self._model = self._models.get(device.model_id)
        client = await self._connect_with_retries(device)
        try:
            info = await self._prepare(client)
        except BaseException as exc:
            await self._abandon(client)
            if isinstance(exc, PhocolError) or not isinstance(exc, Exception):
                raise
            raise map_bleak_error(exc, "connect", connected=True) from exc
        self._client = client
        self._info = info
        log.info("connected: mtu=%d max_write=%d with_response=%s resolved_by=%s", info.mtu, info.max_write,
                 info.write_with_response, info.resolved_by)
        return info

    async def write(self, data: bytes) -> None:
        if self._lost or self._client is None:
            raise LinkLost("The printer disconnected.")
        info = self.info
        if len(data) > info.max_write:
            raise ValueError(f"chunk of {len(data)} bytes exceeds the link's max_write {info.max_write}")
        async with self._write_lock:
            try:
                await self._client.write_gatt_char(self._write_char, data, response=info.write_with_response)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if self._lost or not self._client.is_connected:
                    raise LinkLost("The printer disconnected while receiving data.") from exc
                if not info.write_with_response and not self._mode_confirmed and is_write_type_refusal(exc):
                    await self._fall_back_to_write_with_response(data, exc)
                    return
                raise map_bleak_error(exc, "write", connected=self._client.is_connected) from exc
            self._mode_confirmed = True

    async def disconnect(self) -> None:
        client = self._client
        self._closing = True
        if client is None:
            return
        try:
            if client.is_connected and self._notify_char is not None:
                try:
                    await client.stop_notify(self._notify_char)
                except Exception:  # noqa: BLE001 (going away anyway)
                    log.debug("stop_notify failed during disconnect", exc_info=True)
            await asyncio.wait_for(client.disconnect(), 10.0)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 (a failed goodbye must not turn into an error for the user)
            log.debug("disconnect failed", exc_info=True)
        finally:
            self._client = None
            self._info = None

    # ------------------------------------------------------------------------------------------ internals

    async def _locate(self, *, rescan: bool) -> DiscoveredDevice:
        if self.device is not None and self.device.handle is not None and not rescan:
            return self.device
        target = self._target.address if isinstance(self._target, DiscoveredDevice) else self._target
        scanner = BleScanner(self._models, require=self._require, adapter=self._adapter)
        self.device = await scanner.find(target, self._scan_timeout_s)
        return self.device

    async def _connect_with_retries(self, device: DiscoveredDevice) -> Any:
        """A small retry loop with exponential backoff (docs/BLUETOOTH.md says why not bleak-retry-connector)."""
        from bleak import BleakClient

        last: PhocolError | None = None
        for attempt in range(1, self._attempts + 1):
            self.connect_attempts_made = attempt
            client = BleakClient(device.handle, disconnected_callback=self._on_bleak_disconnect,
                                 timeout=self._connect_timeout_s, bluez=bluez_options(self._adapter))
            try:
                await client.connect()
                return client
            except asyncio.CancelledError:
                await self._abandon(client)
                raise
            except Exception as exc:
                last = map_bleak_error(exc, "connect")
                log.info("connect attempt %d/%d failed: %s", attempt, self._attempts, type(last).__name__)
                await self._abandon(client)
                if attempt == self._attempts:
                    raise last from exc
                if isinstance(last, PrinterNotFound):
                    # BlueZ forgot the device (it drops devices when scanning stops): find it again.
                    device = await self._locate(rescan=True)
                elif not is_transient(last):
                    raise last from exc
                await self._sleep(self._backoff_s * (2 ** (attempt - 1)))
        assert last is not None
        raise last

    async def _prepare(self, client: Any) -> LinkInfo:
        write_char, notify_char, resolved_by = self._resolve_characteristics(client.services)
        mtu = await _negotiated_mtu(client, write_char)
        max_write = min(mtu - 3, ATT_MAX_VALUE, int(write_char.max_write_without_response_size))
        props = set(write_char.properties)
        mode = self._model.write_mode if self._model is not None else "auto"
        can_command = "write-without-response" in props
        with_response = (mode == "with_response" and "write" in props) or not can_command
        await client.start_notify(notify_char, self._on_bleak_notification)
        self._write_char, self._notify_char = write_char, notify_char
        return LinkInfo(kind="ble", mtu=mtu, max_write=max_write, write_with_response=with_response,
                        resolved_by=resolved_by)

    def _plans(self) -> list[tuple[str, str, str]]:
        if self._model is not None:
            return list(self._model.gatt.candidates())
        plans: dict[tuple[str, str, str], None] = {}
        for model in self._models.models:
            for plan in model.gatt.candidates():
                plans.setdefault(plan, None)
        return list(plans)

    def _resolve_characteristics(self, services: Any) -> tuple[Any, Any, str]:
        """The model's UUIDs, then its fallbacks, then any service with a writable + a notifying characteristic."""
        for index, (service_uuid, write_uuid, notify_uuid) in enumerate(self._plans()):
            service = services.get_service(service_uuid)
            if service is None:
                continue
            write = service.get_characteristic(write_uuid)
            notify = service.get_characteristic(notify_uuid)
            if write is None or notify is None:
                continue
            if not ({"write", "write-without-response"} & set(write.properties)):
                continue
            if not ({"notify", "indicate"} & set(notify.properties)):
                continue
            return write, notify, "uuid" if index == 0 else "fallback"
        for service in services:
            if service.uuid.lower() in _NOT_PRINT_SERVICES:
                continue
            chars = list(service.characteristics)
            write = next((c for c in chars if "write-without-response" in c.properties), None) or next(
                (c for c in chars if "write" in c.properties), None)
            notify = next((c for c in chars if {"notify", "indicate"} & set(c.properties)), None)
            if write is not None and notify is not None:
                log.warning("print characteristics resolved_by=properties (service %s)", service.uuid)
                return write, notify, "properties"
        raise IncompatiblePrinter("The device offers no way to send print data (no writable characteristic "
                                  "with a notifying partner).")

    async def _fall_back_to_write_with_response(self, data: bytes, first: BaseException) -> None:
        """PROTOCOL.md §2: write-without-response failed; retry once with response and keep what works."""
        log.warning("write-without-response refused; falling back to write-with-response for this session")
        try:
            await self._client.write_gatt_char(self._write_char, data, response=True)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if self._lost or not self._client.is_connected:
                raise LinkLost("The printer disconnected while receiving data.") from exc
            raise map_bleak_error(first, "write", connected=True) from exc
        self._info = replace(self.info, write_with_response=True)
        self._mode_confirmed = True

    def _on_bleak_notification(self, _char: Any, data: bytearray) -> None:
        self._emit_notification(bytes(data))

    def _on_bleak_disconnect(self, _client: Any) -> None:
        if self._closing:
            return
        if self._client is None:
            return  # a failed connect attempt; the retry loop handles it
        self._lost = True
        log.warning("printer link lost")
        self._emit_disconnect()

    async def _abandon(self, client: Any) -> None:
        try:
            await asyncio.wait_for(client.disconnect(), 5.0)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 (best effort after a failure that is already being reported)
            log.debug("cleanup disconnect failed", exc_info=True)


async def _negotiated_mtu(client: Any, write_char: Any) -> int:
    """The real ATT MTU. On BlueZ it is only known after bleak's private ``_acquire_mtu()`` workaround.

    That workaround is private API: it is called only when present and any failure falls back to what the
    characteristic reports (its write-without-response size + 3, or the ATT minimum of 23).
    """
    backend = getattr(client, "_backend", None)
    acquire = getattr(backend, "_acquire_mtu", None)
    if acquire is not None and getattr(backend, "_mtu_size", 0) is None:
        try:
            await acquire()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 (tolerated: this is a workaround, not a requirement)
            log.info("MTU workaround failed (%s); using the characteristic's size", type(exc).__name__)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # bleak warns when it falls back to the default MTU of 23
        try:
            mtu = int(client.mtu_size)
        except Exception:  # noqa: BLE001
            mtu = 23
    if mtu <= 23:
        mtu = max(23, int(write_char.max_write_without_response_size) + 3)
    return mtu
