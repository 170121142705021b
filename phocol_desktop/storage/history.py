"""Print history and recent files: small lists kept on this device, encrypted, under a retention setting.

Both can be paused (kept but not added to: the right to restrict, AT-31) or turned off; the caller passes a
``recording`` predicate that the privacy layer wires to the pause switch and the history purposes. Entries
are dicts with an epoch ``ts``; ``purge`` removes exactly the entries older than the cut-off.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from phocol_desktop.storage.crypto import DecryptError
from phocol_desktop.storage.paths import AppPaths
from phocol_desktop.storage.private_store import PrivateStore
from phocol_desktop.storage.secrets import InstallSecrets

MAX_RECENT_FILES = 20
MAX_PRINT_HISTORY = 500
PRINT_FIELDS = ("model_id", "title", "media", "copies", "density", "dither", "width", "height", "result", "pages",
                "source")


def home_relative(path: str) -> str:
    """``~/Pictures/a.jpg`` for a path under the home directory: exports carry no user name (AT-28)."""
    home = os.path.expanduser("~")
    p = os.path.abspath(path)
    if home not in ("", "/", "~") and (p == home or p.startswith(home.rstrip(os.sep) + os.sep)):
        return "~" + p[len(home.rstrip(os.sep)):]
    return p


class _ListStore:
    category = ""
    limit = 0

    def __init__(self, paths: AppPaths, secrets: InstallSecrets, *, recording: Callable[[], bool] = lambda: True,
                 now: Callable[[], float] = time.time, allow_plaintext: Callable[[], bool] = lambda: False) -> None:
        self.store = PrivateStore(paths, paths.data / "history" / f"{self.category}.bin", self.category, secrets,
                                  allow_plaintext, validate=self._problem)
        self.recording = recording
        self.now = now

    def _problem(self, doc: Any) -> str:
        entries = doc.get("entries") if isinstance(doc, dict) else None
        if not isinstance(entries, list):
            return f"the {self.category} file has no list of entries"
        for i, e in enumerate(entries):
            ts = e.get("ts") if isinstance(e, dict) else None
            if not isinstance(ts, int | float) or isinstance(ts, bool) or not math.isfinite(ts):
                return f"{self.category} entry {i}: 'ts' is missing or not a finite number"
            if self.category == "recent_files" and not isinstance(e.get("path"), str):
                return f"{self.category} entry {i}: 'path' is not text"
        return ""

    def entries(self) -> list[dict[str, Any]]:
        doc = self.store.load()
        return list(doc.get("entries", [])) if isinstance(doc, dict) else []

    def _save(self, entries: list[dict[str, Any]]) -> None:
        if entries:
            self.store.save({"schema": f"phocol.{self.category}/1", "entries": entries[-self.limit:]})
        else:
            self.store.delete()

    def count(self) -> int:
        return len(self.entries())

    def clear(self) -> int:
        """Delete the list; works even when it cannot be decrypted any more (key gone: counted as 1)."""
        try:
            n = self.count()
        except DecryptError:
            n = 1
        self.store.delete()
        return n

    def purge(self, older_than: float) -> tuple[int, float | None]:
        """Drop entries with ``ts < older_than``; returns (deleted, oldest ts kept)."""
        entries = self.entries()
        kept = [e for e in entries if float(e.get("ts", 0)) >= older_than]
        if len(kept) != len(entries):
            self._save(kept)
        return len(entries) - len(kept), min((float(e["ts"]) for e in kept), default=None)


class PrintHistory(_ListStore):
    category = "print_history"
    limit = MAX_PRINT_HISTORY

    def add(self, **fields: Any) -> bool:
        """Record a print (model, settings, a title; never a path). False when paused or off."""
        if not self.recording():
            return False
        entry = {k: fields[k] for k in PRINT_FIELDS if k in fields}
        entry["ts"] = self.now()
        self._save([*self.entries(), entry])
        return True

    def export(self) -> list[dict[str, Any]]:
        return self.entries()


class RecentFiles(_ListStore):
    category = "recent_files"
    limit = MAX_RECENT_FILES

    def add(self, path: str | Path) -> bool:
        if not self.recording():
            return False
        p = os.path.abspath(os.fspath(path))
        entries = [e for e in self.entries() if e.get("path") != p]
        entries.append({"path": p, "ts": self.now()})
        self._save(entries)
        return True

    def remove(self, path: str | Path) -> bool:
        p = os.path.abspath(os.fspath(path))
        entries = self.entries()
        kept = [e for e in entries if e.get("path") != p]
        self._save(kept)
        return len(kept) != len(entries)

    def export(self) -> list[dict[str, Any]]:
        return [{"path": home_relative(e["path"]), "ts": e["ts"]} for e in self.entries()]


def summarise(entries: list[Mapping[str, Any]]) -> dict[str, Any]:
    return {"count": len(entries), "oldest": min((e["ts"] for e in entries), default=None)}
