"""The known printer: only the one the user selected (address, name, model id), encrypted at rest (AT-12).

Scan results of other devices are never passed here. "Forget printer" deletes it from storage, and so from
every later export.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from phocol_desktop.storage.paths import AppPaths
from phocol_desktop.storage.private_store import PrivateStore
from phocol_desktop.storage.secrets import InstallSecrets


@dataclass(frozen=True)
class KnownPrinter:
    address: str  # a MAC, or on macOS a CoreBluetooth UUID
    name: str
    model_id: str
    selected_at: float  # epoch seconds
    last_used: float


def _printer_problem(doc: Any) -> str:
    if not isinstance(doc, dict):
        return "the printers file is not an object"
    for name, kind in (("address", str), ("name", str), ("model_id", str), ("selected_at", float),
                       ("last_used", float)):
        value = doc.get(name)
        ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) \
            if kind is float else isinstance(value, kind)
        if not ok:
            return f"the printers file's field {name!r} is missing or has the wrong type"
    return ""


class KnownPrinters:
    def __init__(self, paths: AppPaths, secrets: InstallSecrets,
                 allow_plaintext: Callable[[], bool] = lambda: False) -> None:
        self.store = PrivateStore(paths, paths.data / "printers.bin", "printers", secrets, allow_plaintext,
                                  validate=_printer_problem)

    def selected(self) -> KnownPrinter | None:
        doc = self.store.load()
        if not doc:
            return None
        return KnownPrinter(**{k: doc[k] for k in KnownPrinter.__dataclass_fields__})

    def select(self, address: str, name: str, model_id: str, now: float | None = None) -> KnownPrinter:
        """Remember the printer the user picked, replacing any earlier one."""
        t = time.time() if now is None else now
        printer = KnownPrinter(address=address, name=name, model_id=model_id, selected_at=t, last_used=t)
        self.store.save({"schema": "phocol.printers/1", **asdict(printer)})
        return printer

    def touch(self, now: float | None = None) -> None:
        doc = self.store.load()
        if doc:
            doc["last_used"] = time.time() if now is None else now
            self.store.save(doc)

    def forget(self) -> int:
        """Forget the selected printer; returns how many were removed (0 or 1)."""
        return int(self.store.delete())

    def count(self) -> int:
        return int(self.selected() is not None)

    def export(self) -> list[dict[str, object]]:
        p = self.selected()
        return [asdict(p)] if p else []
