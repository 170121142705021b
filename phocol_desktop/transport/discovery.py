"""Recognising printers among Bluetooth LE advertisements (PROTOCOL.md §3). No bleak here: pure and fast.

Detection order: the model table's name patterns (longest wins), then the serial-prefix rule (both via
``ModelTable.match_name``), then the advertised service UUIDs, which identify the protocol *family* only.
Results live in memory: scan results of other people's devices are never persisted (PRIVACY.md AT-12).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from phocol_desktop.domain.printer_model import SERIAL_NAME, ModelTable, PrinterModel

# How a device was recognised; "none" means it is not (known to be) a printer.
BY_NAME, BY_SERIAL, BY_SERVICE, NOT_RECOGNISED = "name", "serial", "service", "none"
_ADDRESS = re.compile(r"^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$")
# macOS reports CoreBluetooth UUIDs instead of MAC addresses.
_CB_UUID = re.compile(r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")


@dataclass(frozen=True)
class Recognition:
    model: PrinterModel | None
    families: tuple[str, ...]
    matched_by: str


@dataclass(frozen=True)
class DiscoveredDevice:
    """One advertiser seen in a scan. ``handle`` is the backend's device object, opaque above transport."""

    address: str
    name: str | None
    rssi: int
    service_uuids: tuple[str, ...]
    model_id: str | None
    model_name: str | None
    families: tuple[str, ...]
    matched_by: str
    handle: Any = field(default=None, compare=False, repr=False)

    @property
    def is_printer(self) -> bool:
        return self.matched_by != NOT_RECOGNISED

    def describe(self) -> str:
        """What a user sees for this device, e.g. "Phomemo M220 (serial name)"."""
        if self.model_name:
            how = {BY_NAME: "", BY_SERIAL: " (serial name)"}.get(self.matched_by, "")
            return f"{self.model_name}{how}"
        if self.families:
            return f"unknown model, {'/'.join(self.families)} family (unverified)"
        return "not a known printer"


def families_by_service(models: ModelTable) -> dict[str, tuple[str, ...]]:
    """Service UUID -> the families whose GattPlan (primary or fallback) uses it."""
    out: dict[str, set[str]] = {}
    for model in models.models:
        for service, _write, _notify in model.gatt.candidates():
            out.setdefault(service.lower(), set()).add(model.family)
    return {uuid: tuple(sorted(fams)) for uuid, fams in out.items()}


def recognise(name: str | None, service_uuids: Iterable[str], models: ModelTable,
              service_index: dict[str, tuple[str, ...]] | None = None) -> Recognition:
    model = models.match_name(name)
    if model is not None:
        assert name is not None
        by_pattern = any(p.matches(name) for p in model.name_patterns)
        how = BY_SERIAL if (not by_pattern and SERIAL_NAME.match(name)) else BY_NAME
        return Recognition(model, (model.family,), how)
    index = service_index if service_index is not None else families_by_service(models)
    families: set[str] = set()
    for uuid in service_uuids:
        families.update(index.get(uuid.lower(), ()))
    if families:
        return Recognition(None, tuple(sorted(families)), BY_SERVICE)
    return Recognition(None, (), NOT_RECOGNISED)


class ScanResults:
    """The devices seen in one scan, updated as advertisements arrive (RSSI changes). In memory only."""

    def __init__(self, models: ModelTable) -> None:
        self._models = models
        self._index = families_by_service(models)
        self._by_address: dict[str, DiscoveredDevice] = {}

    def update(self, address: str, name: str | None, rssi: int, service_uuids: Iterable[str],
               handle: Any = None) -> DiscoveredDevice:
        uuids = tuple(u.lower() for u in service_uuids)
        previous = self._by_address.get(address)
        if previous is not None and name is None:
            name = previous.name  # a scan response without the name must not forget it
        rec = recognise(name, uuids, self._models, self._index)
        device = DiscoveredDevice(
            address=address, name=name, rssi=rssi, service_uuids=uuids,
            model_id=rec.model.id if rec.model else None,
            model_name=rec.model.display_name if rec.model else None,
            families=rec.families, matched_by=rec.matched_by, handle=handle,
        )
        self._by_address[address] = device
        return device

    def devices(self, *, show_all: bool = False) -> list[DiscoveredDevice]:
        """Printers first (strongest signal first); other devices only with ``show_all``."""
        found = [d for d in self._by_address.values() if show_all or d.is_printer]
        return sorted(found, key=lambda d: (not d.is_printer, -d.rssi, d.name or "", d.address))

    def __len__(self) -> int:
        return len(self._by_address)


def looks_like_address(target: str) -> bool:
    """A MAC address (Linux/Windows) or a CoreBluetooth UUID (macOS), as opposed to a printer name."""
    return bool(_ADDRESS.match(target) or _CB_UUID.match(target))


def matches_target(device: DiscoveredDevice, target: str) -> bool:
    """``--printer ADDR|NAME``: an address matches exactly (any case), a name exactly or case-insensitively."""
    if looks_like_address(target):
        return device.address.upper() == target.upper()
    return device.name is not None and (device.name == target or device.name.casefold() == target.casefold())
