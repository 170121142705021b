"""Printer lifecycle on the BLE worker: scan, connect, status polling, keep-alive, print on the link, disconnect.

Callers on any thread get ``concurrent.futures.Future`` results; events (decoded ``PrinterEvent``s and
``LinkEvent``s) are published through ``events`` from the worker thread. Scan results stay in memory and
are dropped with ``forget_scan`` (PRIVACY.md: scan results of other devices are never persisted).

Status bytes are never built here: the protocol layer's encoder/guard builds the allowlisted queries and its
incremental decoder turns notifications into events (``StatusCodec``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import logging
from collections.abc import Callable, Coroutine
from typing import Any, Protocol, TypeVar

from phocol_desktop.domain.errors import NotYetAvailable, PhocolError
from phocol_desktop.domain.events import LinkEvent, PrinterEvent, PrinterStatus
from phocol_desktop.domain.printer_model import ModelTable, PrinterModel
from phocol_desktop.services.ble_worker import BleWorker, EventHub
from phocol_desktop.transport.base import LinkInfo, LinkLost, PrinterLink
from phocol_desktop.transport.ble import BleLink, BleScanner, RequireGate, refuse_bluetooth
from phocol_desktop.transport.discovery import DiscoveredDevice

log = logging.getLogger(__name__)

T = TypeVar("T")
KEEPALIVE_S = 120.0  # PhocolStudio-style: a battery query every 2 min keeps sleepy printers (D30) awake
BATTERY_QUERY = 0x08


class StatusCodec(Protocol):
    """The protocol layer's view of one printer's status channel."""

    def query(self, code: int) -> bytes:
        """The bytes of allowlisted status query ``code`` (raises DangerousCommand otherwise)."""

    def feed(self, data: bytes) -> list[PrinterEvent]:
        """Decode one notification (frames may be split or batched) into events."""


CodecFactory = Callable[[PrinterModel], StatusCodec]
LinkFactory = Callable[..., PrinterLink]


def protocol_status_codec(model: PrinterModel) -> StatusCodec:
    """The protocol layer's encoder + incremental decoder for ``model``'s family."""
    from phocol_desktop.protocol import status_codec

    return status_codec(model)


class DeviceService:
    """One printer at a time (the app's model); every Bluetooth step runs on ``worker``."""

    def __init__(self, worker: BleWorker, models: ModelTable, *, require: RequireGate = refuse_bluetooth,
                 link_factory: LinkFactory | None = None, codec_factory: CodecFactory | None = None,
                 keepalive_s: float | None = KEEPALIVE_S, status_wait_s: float = 1.0,
                 connect_attempts: int = 3, scan_timeout_s: float = 10.0,
                 personalise: Callable[[str | None, PrinterModel], PrinterModel] | None = None,
                 adapter: str | None = None) -> None:
        self.worker = worker
        self.models = models
        self.events = EventHub()
        self._require = require
        self._link_factory = link_factory or BleLink
        self._codec_factory = codec_factory or protocol_status_codec
        self._keepalive_s = keepalive_s
        self._status_wait_s = status_wait_s
        self._connect_attempts = connect_attempts
        self._scan_timeout_s = scan_timeout_s
        # This printer's own measured speed and darkness (storage.tuning), applied once its address is known.
        self._personalise = personalise
        self._adapter = adapter  # Linux: the Bluetooth adapter to use ("hci1"); None: bleak's choice
        self.address: str | None = None  # of the connected printer, in memory only (never logged or stored)
        self.last_scan: list[DiscoveredDevice] = []
        self.status = PrinterStatus()
        self._link: PrinterLink | None = None
        self._model: PrinterModel | None = None
        self._codec: StatusCodec | None = None
        self._keepalive: asyncio.Task[None] | None = None
        self._scan_task: asyncio.Task[Any] | None = None
        self._status_lock: asyncio.Lock | None = None
        self._busy = 0
        self._last_target: DiscoveredDevice | str | None = None
        self._last_model_id: str | None = None
        self._poller: asyncio.Task[None] | None = None
        worker.add_shutdown_hook(self._shutdown)

    # ---------------------------------------------------------------------------------- thread-safe API

    def scan(self, timeout: float = 5.0, *, show_all: bool = False,
             on_update: Callable[[DiscoveredDevice], None] | None = None, require: RequireGate | None = None
             ) -> concurrent.futures.Future[list[DiscoveredDevice]]:
        """``require``: the privacy check for this call (the user action's asker or permit); default: the
        service's own."""
        return self.worker.submit(self.scan_async(timeout, show_all=show_all, on_update=on_update, require=require))

    def connect(self, target: DiscoveredDevice | str, model_id: str | None = None, *,
                require: RequireGate | None = None) -> concurrent.futures.Future[LinkInfo]:
        return self.worker.submit(self.connect_async(target, model_id, require=require))

    def query_status(self, wait_s: float | None = None) -> concurrent.futures.Future[PrinterStatus]:
        return self.worker.submit(self.query_status_async(wait_s))

    def disconnect(self) -> concurrent.futures.Future[None]:
        return self.worker.submit(self.disconnect_async())

    def reconnect(self) -> concurrent.futures.Future[LinkInfo]:
        """Connect again to the last printer after a loss (only when asked: nothing reconnects by itself)."""
        return self.worker.submit(self.reconnect_async())

    def poll_status(self, interval_s: float | None) -> concurrent.futures.Future[None]:
        """Ask every allowlisted status query each ``interval_s`` while idle (None stops polling)."""
        return self.worker.submit(self._set_polling(interval_s))

    def run_on_link(self, job: Callable[[PrinterLink], Coroutine[Any, Any, T]]) -> concurrent.futures.Future[T]:
        """Run ``job(link)`` on the worker (e.g. the print-job runner); keep-alive queries pause meanwhile."""
        return self.worker.submit(self.run_on_link_async(job))

    def set_adapter(self, adapter: str | None) -> None:
        """Use this Bluetooth adapter ("hci1") from the next scan or connection on (None: the system's choice)."""
        self._adapter = adapter

    def retune(self, model: PrinterModel) -> None:
        """Use ``model`` (this printer's newly measured speed or chosen darkness) for the rest of the session."""
        if self._model is not None and model.id == self._model.id:
            self._model = model

    def forget_scan(self) -> None:
        """Drop the in-memory scan results (withdrawal, or the user closed the printer picker)."""
        self.last_scan = []

    def withdraw(self) -> concurrent.futures.Future[None]:
        """The Bluetooth purpose was withdrawn: stop scanning, close the link, forget scan results (AT-18)."""
        return self.worker.submit(self._withdraw())

    # -------------------------------------------------------------------------------- on the worker loop

    @property
    def link(self) -> PrinterLink | None:
        return self._link

    @property
    def model(self) -> PrinterModel | None:
        return self._model

    async def scan_async(self, timeout: float, *, show_all: bool = False,
                         on_update: Callable[[DiscoveredDevice], None] | None = None,
                         require: RequireGate | None = None) -> list[DiscoveredDevice]:
        scanner = BleScanner(self.models, require=require or self._require, **self._adapter_option())
        self._scan_task = asyncio.current_task()
        try:
            found = await scanner.scan(timeout, show_all=show_all, on_update=on_update)
        finally:
            self._scan_task = None
        self.last_scan = found
        return found

    async def connect_async(self, target: DiscoveredDevice | str, model_id: str | None = None, *,
                            require: RequireGate | None = None) -> LinkInfo:
        if self._link is not None:
            await self.disconnect_async()
        model = self.models.get(model_id) if model_id else None
        link = self._link_factory(target, self.models, model, require=require or self._require,
                                  connect_attempts=self._connect_attempts, scan_timeout_s=self._scan_timeout_s,
                                  **self._adapter_option())
        link.on_notification(self._on_notification)
        link.on_disconnect(self._on_link_lost)
        self.events.publish(LinkEvent("connecting"))
        try:
            info = await link.connect()
        except PhocolError as exc:
            self.events.publish(LinkEvent("failed", exc.reason))
            raise
        self._link = link
        self._last_target, self._last_model_id = target, model_id
        # A printer no model matched prints as the default model, but is only ever asked the status queries
        # every model in the table accepts: any other 1F 11 xx could be an unlisted command for it.
        self._model = getattr(link, "model", None) or model or dataclasses.replace(
            self.models.default, queries=self.models.common_queries())
        device = getattr(link, "device", None)
        self.address = device.address if device is not None else None
        if self._personalise is not None:
            self._model = self._personalise(self.address, self._model)
        self._codec = None
        self.status = PrinterStatus()
        self.events.publish(LinkEvent("connected", f"mtu={info.mtu} max_write={info.max_write}"))
        if self._keepalive_s:
            self._keepalive = asyncio.create_task(self._keepalive_loop(self._keepalive_s))
        return info

    async def query_status_async(self, wait_s: float | None = None) -> PrinterStatus:
        """Send the model's allowlisted queries one at a time and fold the answers that arrive in ``wait_s``."""
        link, model = self._require_link()
        codec = self._status_codec(model)
        if self._status_lock is None:
            self._status_lock = asyncio.Lock()
        async with self._status_lock:  # single flight (PROTOCOL.md §2)
            gap = model.pacing.setting_gap_ms / 1000
            for code in model.queries:
                await link.write(codec.query(code))
                await asyncio.sleep(gap)
            await asyncio.sleep(self._status_wait_s if wait_s is None else wait_s)
        return self.status

    async def reconnect_async(self) -> LinkInfo:
        if self._last_target is None:
            raise LinkLost("No printer was connected before.", "Scan and pick a printer first.")
        link = self._link
        if link is not None and link.is_connected:
            return link.info
        self.events.publish(LinkEvent("reconnecting"))
        if link is not None:  # already reported as lost: close it quietly
            self._link = None
            await link.disconnect()
        # The address, not the stale scan handle: BlueZ may have forgotten the device object since.
        target = self._last_target
        address = target.address if isinstance(target, DiscoveredDevice) else target
        return await self.connect_async(address, self._last_model_id or (self._model.id if self._model else None))

    async def disconnect_async(self) -> None:
        self._stop_keepalive()
        await self._set_polling(None)
        link, self._link = self._link, None
        if link is not None:
            await link.disconnect()
            self.events.publish(LinkEvent("disconnected"))

    async def run_on_link_async(self, job: Callable[[PrinterLink], Coroutine[Any, Any, T]]) -> T:
        self._require_link()
        if self._status_lock is None:
            self._status_lock = asyncio.Lock()
        self._busy += 1  # keep-alive and polling stand back from now on
        try:
            # A status round already on the air finishes first; none starts until the job is done: a query
            # between two job chunks would land inside the job's bytes (and print as picture data).
            async with self._status_lock:
                link, _model = self._require_link()
                return await job(link)
        finally:
            self._busy -= 1

    # ------------------------------------------------------------------------------------------ internals

    def _adapter_option(self) -> dict[str, str]:
        return {"adapter": self._adapter} if self._adapter else {}

    def _require_link(self) -> tuple[PrinterLink, PrinterModel]:
        if self._link is None or not self._link.is_connected or self._model is None:
            raise LinkLost("No printer is connected.", "Connect to a printer first.")
        return self._link, self._model

    def _status_codec(self, model: PrinterModel) -> StatusCodec:
        if self._codec is None:
            self._codec = self._codec_factory(model)
        return self._codec

    def _on_notification(self, data: bytes) -> None:
        if self._model is None:
            return
        try:
            events = self._status_codec(self._model).feed(data)
        except NotYetAvailable:
            return
        except Exception:  # a garbled notification must never break the link (PROTOCOL.md §7)
            log.exception("status decoder failed on a notification")
            return
        for event in events:
            self.status = self.status.apply(event)
            self.events.publish(event)

    def _on_link_lost(self) -> None:
        self._stop_keepalive()
        poller, self._poller = self._poller, None
        if poller is not None:
            poller.cancel()
        self.events.publish(LinkEvent("lost", "The printer disconnected."))

    async def _keepalive_loop(self, interval: float) -> None:
        """A battery query every ``interval`` seconds while idle, so the printer does not fall asleep."""
        while True:
            await asyncio.sleep(interval)
            link, model = self._link, self._model
            if link is None or model is None or not link.is_connected:
                return
            if self._busy or BATTERY_QUERY not in model.queries:
                continue
            if self._status_lock is not None and self._status_lock.locked():
                continue
            try:
                await link.write(self._status_codec(model).query(BATTERY_QUERY))
            except LinkLost:
                return
            except Exception:  # the next real operation reports the problem to the user
                log.info("keep-alive query failed", exc_info=True)

    async def _set_polling(self, interval_s: float | None) -> None:
        poller, self._poller = self._poller, None
        if poller is not None and poller is not asyncio.current_task():
            poller.cancel()
        if interval_s is not None:
            if interval_s <= 0:
                raise ValueError("the status polling interval must be positive")
            self._require_link()
            self._poller = asyncio.create_task(self._poll_loop(interval_s))

    async def _poll_loop(self, interval: float) -> None:
        """Status polling: the full allowlisted query set while idle; answers arrive as events."""
        while True:
            link = self._link
            if link is None or not link.is_connected:
                return
            if not self._busy:
                try:
                    await self.query_status_async(wait_s=0)
                except LinkLost:
                    return
                except Exception:  # the next user action reports it; polling must not die on one bad write
                    log.info("status poll failed", exc_info=True)
            await asyncio.sleep(interval)

    def _stop_keepalive(self) -> None:
        task, self._keepalive = self._keepalive, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()

    async def _withdraw(self) -> None:
        if self._scan_task is not None:
            self._scan_task.cancel()
        await self.disconnect_async()
        self.forget_scan()

    async def _shutdown(self) -> None:
        await self.disconnect_async()
