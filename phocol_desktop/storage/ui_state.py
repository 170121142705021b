"""Window and editor preferences (no personal data): geometry, language, last paper and dithering.

``config/ui.json``, 0600. Only known keys with values of the expected type are kept, so a damaged or
hand-edited file falls back to defaults instead of crashing the app. Recent files and print history
are personal data and live in the privacy-governed stores instead (``privacy/data.py``).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from phocol_desktop.storage.paths import AppPaths, secure_write
from phocol_desktop.storage.safe_files import load_config

log = logging.getLogger(__name__)

UI_STATE_SCHEMA = "phocol.ui/1"
# key -> the JSON type its value must have
# bluetooth_adapter: Linux: "hci1", or "" for the system's choice; system_queue: the name of the CUPS queue the
# user added (the app then receives its jobs while it runs)
KEYS: dict[str, type] = {"window_geometry": str, "language": str, "last_edit": dict,
                         "bluetooth_adapter": str, "system_queue": str}
MAX_BYTES = 64 * 1024


class UiState:
    def __init__(self, paths: AppPaths) -> None:
        self.paths = paths
        self._values = self._load()

    @property
    def path(self) -> Path:
        return self.paths.config / "ui.json"

    def _load(self) -> dict[str, Any]:
        data = load_config(self.path, what="window state file", max_bytes=MAX_BYTES,
                           validate=lambda d: "" if isinstance(d, dict) else "ui.json is not a JSON object.")
        if data is None:
            return {}
        return {k: v for k, v in data.items() if k in KEYS and isinstance(v, KEYS[k])}

    def get(self, key: str) -> Any:
        return self._values.get(key)

    def set(self, key: str, value: Any) -> None:
        if key not in KEYS or not isinstance(value, KEYS[key]):
            raise ValueError(f"ui setting {key!r} cannot hold {type(value).__name__}")
        self._values[key] = value
        try:  # window geometry and the like: worth a log line, never an error dialog (a full disk, ui.json a folder)
            self.paths.ensure(self.paths.config)
            secure_write(self.path, json.dumps({"schema": UI_STATE_SCHEMA, **self._values}, sort_keys=True).encode())
        except OSError as exc:
            log.warning("ui.json could not be saved (%s)", exc.strerror or type(exc).__name__)

    def forget(self) -> None:
        self._values = {}
        self.path.unlink(missing_ok=True)
