"""Every category of data this app holds on the device ("Data on this device"), with count, size, where it
lives, erase per category, the pause switch (restrict, GDPR Art 18) and the retention purge (§11).

The stores below hold personal data only through the gate's decisions: history and recent files record only
while their purpose is allowed and not paused; the known printer is kept under the Bluetooth purpose; crash
logs only after the ``diag.crash_local`` opt-in. Withdrawing a purpose deletes the categories its catalog
entry lists in ``delete_on_withdraw`` through ``erase_category``.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from phocol_desktop.privacy.activity import FileActivity
from phocol_desktop.privacy.ledger import rfc3339_ms
from phocol_desktop.privacy.timebase import DAY, WallClock
from phocol_desktop.storage.crashlogs import CrashLogs
from phocol_desktop.storage.crypto import DecryptError
from phocol_desktop.storage.history import PrintHistory, RecentFiles
from phocol_desktop.storage.paths import AppPaths
from phocol_desktop.storage.printers import KnownPrinters
from phocol_desktop.storage.secrets import InstallSecrets
from phocol_desktop.storage.settings import CRASH_LOG_MAX_FILES, PAUSABLE, Settings, SettingsStore

log = logging.getLogger(__name__)

PRINT_HISTORY_PURPOSE = "history.print_jobs"
RECENT_FILES_PURPOSE = "history.recent_files"
FILES_PURPOSE = "files.import_export"
THUMBNAIL_DAYS = 30
APP_LOG_PREFIX = "phocol-desktop.log"
_LOG_TS = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),\d{3} ")  # logging's asctime, local time

# id -> (title, what it is). The consent ledger is listed too: it is data this app holds (AT-27).
CATEGORIES: dict[str, tuple[str, str]] = {
    "consent_ledger": ("Consent and permission records", "every decision you made, hash-chained (tamper-evident)"),
    "activity_log": ("Activity log (7 days)", "which feature used Bluetooth, the camera or files, and when"),
    "printers": ("Known printer", "address, name and model of the printer you selected"),
    "print_history": ("Print history", "model, size and settings of each print; no photo, no path"),
    "recent_files": ("Recent files", "paths of the photos and projects you opened"),
    "crash_logs": ("Crash logs", "local crash reports you opted into, with identifiers removed"),
    "settings": ("Settings", "retention choices, paused categories, language and jurisdiction"),
    "app_log": ("Application log", "diagnostic messages; no addresses, user name or photo paths"),
    "cache": ("Thumbnails and cache", "preview images the app can rebuild"),
}
ERASABLE_ALONE = tuple(c for c in CATEGORIES if c != "consent_ledger")


class PrintLogGate(logging.Filter):
    """The application log obeys the print-history purpose: a record marked ``PRINT_RECORD`` reaches the log
    file only while print history is recording (allowed, not paused, retention not off)."""

    def __init__(self, recording: Callable[[], bool]) -> None:
        super().__init__()
        self.recording = recording

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "print_record", False):
            return True
        try:
            return bool(self.recording())
        except Exception:  # noqa: BLE001 - a log call must never fail; unsure means not recorded
            return False


def install_print_log_gate(recording: Callable[[], bool]) -> PrintLogGate:
    """Put the gate on the app's log handlers (replacing an earlier one: the latest service decides)."""
    gate = PrintLogGate(recording)
    for handler in logging.getLogger().handlers:
        if not getattr(handler, "_phocol", False):
            continue
        for f in [f for f in handler.filters if isinstance(f, PrintLogGate)]:
            handler.removeFilter(f)
        handler.addFilter(gate)
    return gate


@dataclass(frozen=True)
class CategoryInfo:
    id: str
    title: str
    description: str
    count: int
    size_bytes: int
    storage: str  # encrypted / memory / plaintext / file
    retention_days: int | None  # None: until deleted (or not applicable)
    paused: bool | None  # None: this category cannot be paused


@dataclass(frozen=True)
class PurgeResult:
    category: str
    deleted_count: int
    oldest_ts_kept: float | None


def _files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.is_dir() else []


class PersonalData:
    def __init__(self, paths: AppPaths, secrets: InstallSecrets, clock: WallClock,
                 is_allowed: Callable[[str], bool]) -> None:
        self.paths = paths
        self.secrets = secrets
        self.clock = clock
        self.settings_store = SettingsStore(paths)
        self._is_allowed = is_allowed
        plain = self._allow_plaintext
        self.printers = KnownPrinters(paths, secrets, plain)
        self.print_history = PrintHistory(paths, secrets, recording=lambda: self.recording("print_history"),
                                          now=clock.now, allow_plaintext=plain)
        self.recent_files = RecentFiles(paths, secrets, recording=lambda: self.recording("recent_files"),
                                        now=clock.now, allow_plaintext=plain)
        self.crash_logs = CrashLogs(paths, secrets, now=clock.now, allow_plaintext=plain)
        self.activity = FileActivity(paths.privacy, clock)

    # -- settings, pause, retention choices --------------------------------------------------------------

    def settings(self) -> Settings:
        return self.settings_store.load()

    def _allow_plaintext(self) -> bool:
        return self.settings().store_unencrypted_without_keyring

    def recording(self, category: str) -> bool:
        """May a new entry be added to ``category`` now? Its purpose allowed, not paused, retention not off."""
        purpose = {"print_history": PRINT_HISTORY_PURPOSE, "recent_files": RECENT_FILES_PURPOSE}[category]
        s = self.settings()
        if s.is_paused(category) or s.retention(category) == 0:
            return False
        if category == "recent_files" and not self._is_allowed(FILES_PURPOSE):
            return False
        return self._is_allowed(purpose)

    def set_paused(self, category: str, paused: bool) -> Settings:
        if category not in PAUSABLE:
            from phocol_desktop.domain.errors import ConfigError

            raise ConfigError(f"{category!r} cannot be paused.", f"Categories you can pause: {', '.join(PAUSABLE)}.")
        s = self.settings()
        s.paused = sorted(set(s.paused) | {category}) if paused else [c for c in s.paused if c != category]
        self.settings_store.save(s)
        return s

    def set_retention(self, category: str, days: int | None) -> Settings:
        s = self.settings()
        s.set_retention(category, days)
        self.settings_store.save(s)
        return s

    # -- the "Data on this device" view -------------------------------------------------------------------

    def _app_logs(self) -> list[Path]:
        return sorted(p for p in self.paths.logs.glob(f"{APP_LOG_PREFIX}*") if p.is_file()) \
            if self.paths.logs.is_dir() else []

    def _ledger_files(self) -> list[Path]:
        d = self.paths.privacy
        return sorted(p for p in d.rglob("*") if p.is_file() and (p.name.startswith("ledger") or
                                                                   p.parent.name == "quarantine")) \
            if d.is_dir() else []

    def _cache_files(self) -> list[Path]:
        return _files_under(self.paths.cache)

    def categories(self, ledger_records: int = 0) -> list[CategoryInfo]:
        s = self.settings()
        mode = self.printers.store.mode

        def size(paths: list[Path]) -> int:
            return sum(p.stat().st_size for p in paths if p.exists())

        activity = self.activity.recent()

        def count(fn: Callable[[], int]) -> int:
            try:
                return fn()
            except DecryptError:
                return -1  # held but unreadable (the keyring key changed or is locked): still erasable

        info = {
            "consent_ledger": (ledger_records, size(self._ledger_files()), "file", None, None),
            "activity_log": (len(activity), size([self.activity.path, self.activity.usage_path]), "file", 7, None),
            "printers": (count(self.printers.count), self.printers.store.size(), mode, None, None),
            "print_history": (count(self.print_history.count), self.print_history.store.size(), mode,
                              s.retention("print_history"), s.is_paused("print_history")),
            "recent_files": (count(self.recent_files.count), self.recent_files.store.size(), mode,
                             s.retention("recent_files"), s.is_paused("recent_files")),
            "crash_logs": (self.crash_logs.count(), self.crash_logs.size(), mode, s.retention("crash_logs"), None),
            "settings": (int(self.settings_store.path.exists()), size([self.settings_store.path]), "file", None,
                         None),
            "app_log": (len(self._app_logs()), size(self._app_logs()), "file", None, None),
            "cache": (len(self._cache_files()), size(self._cache_files()), "file", THUMBNAIL_DAYS, None),
        }
        return [CategoryInfo(cid, *CATEGORIES[cid], *info[cid]) for cid in CATEGORIES]

    # -- erasure ----------------------------------------------------------------------------------------

    def erase_category(self, category: str) -> int:
        """Delete one category now; returns how many items went. Raises OSError when a file resists."""
        if category == "printers":
            return self.printers.forget()
        if category == "print_history":
            return self.print_history.clear()
        if category == "recent_files":
            return self.recent_files.clear()
        if category == "crash_logs":
            n = self.crash_logs.clear()
            shutil.rmtree(self.crash_logs.dir, ignore_errors=True)
            return n
        if category == "activity_log":
            n = self.activity.clear()
            self.activity.forget_usage()
            return n
        if category == "settings":
            existed = self.settings_store.path.exists()
            self.settings_store.path.unlink(missing_ok=True)
            return int(existed)
        if category == "app_log":
            logs = self._app_logs()
            for p in logs:
                p.unlink()  # an open handler keeps writing to the unlinked inode: nothing reaches the disk
            return len(logs)
        if category == "cache":
            files = self._cache_files()
            for p in files:
                p.unlink()
            return len(files)
        raise KeyError(category)

    def forget_memory(self) -> None:
        """Drop what the degraded (no keyring) mode holds in memory only."""
        for store in (self.printers.store, self.print_history.store, self.recent_files.store):
            store.delete()
        self.crash_logs.clear()

    # -- retention --------------------------------------------------------------------------------------

    def purge(self) -> list[PurgeResult]:
        """Delete exactly what is past its retention period (§11); returns counts only, never contents."""
        now = self.clock.now()
        s = self.settings()
        out: list[PurgeResult] = []
        for cat, store in (("print_history", self.print_history), ("recent_files", self.recent_files)):
            days = s.retention(cat)
            if days is None:
                continue
            deleted, oldest = store.purge(now - days * DAY) if days else (store.clear(), None)
            out.append(PurgeResult(cat, deleted, oldest))
        days = s.retention("crash_logs") or 30
        deleted, oldest = self.crash_logs.purge(now - days * DAY, min(s.crash_log_max_files, CRASH_LOG_MAX_FILES))
        out.append(PurgeResult("crash_logs", deleted, oldest))
        out.append(PurgeResult("activity_log", *self.activity.purge()))
        out.append(self._purge_app_log(now - (s.retention("app_log") or 30) * DAY))
        cutoff = now - THUMBNAIL_DAYS * DAY
        kept: list[float] = []
        removed = 0
        for p in self._cache_files():
            mtime = p.stat().st_mtime
            if mtime < cutoff:
                p.unlink(missing_ok=True)
                removed += 1
            else:
                kept.append(mtime)
        out.append(PurgeResult("cache", removed, min(kept, default=None)))
        return out

    def _purge_app_log(self, cutoff: float) -> PurgeResult:
        """Drop log entries older than ``cutoff`` (a traceback goes with the line that started it); a rotated
        file wholly older is deleted. The live file is rewritten in place under the log handler's lock, so the
        handler (appending with O_APPEND) keeps writing to the same file."""
        import logging
        import time

        removed, oldest = 0, None
        for path in self._app_logs():
            live = path.name == APP_LOG_PREFIX
            if not live and path.stat().st_mtime < cutoff:
                removed += sum(1 for line in path.read_text("utf-8", "replace").splitlines() if _LOG_TS.match(line))
                path.unlink(missing_ok=True)
                continue
            handlers = [h for h in logging.getLogger().handlers
                        if getattr(h, "baseFilename", None) == str(path.resolve())]
            for h in handlers:
                h.acquire()
            try:
                with open(path, "r+", encoding="utf-8", errors="replace") as f:
                    keep_entry, kept, dropped = True, [], 0
                    for line in f.read().splitlines(keepends=True):
                        m = _LOG_TS.match(line)
                        if m:
                            ts = time.mktime(time.strptime(m.group(1), "%Y-%m-%d %H:%M:%S"))
                            keep_entry = ts >= cutoff
                            dropped += not keep_entry
                            if keep_entry:
                                oldest = ts if oldest is None else min(oldest, ts)
                        if keep_entry:
                            kept.append(line)
                    if dropped:
                        f.seek(0)
                        f.write("".join(kept))
                        f.truncate()
                    removed += dropped
            finally:
                for h in handlers:
                    h.release()
        return PurgeResult("app_log", removed, oldest)

    # -- export -----------------------------------------------------------------------------------------

    def export_documents(self) -> dict[str, Any]:
        """``data/<name>`` -> JSON-able content for the export (paths home-relative: no user name). A store
        that cannot be decrypted is listed as unreadable rather than failing the whole export."""

        def readable(fn: Callable[[], Any]) -> Any:
            try:
                return fn()
            except DecryptError as exc:
                return {"unreadable": exc.reason}

        def iso(entries: Any, *fields: str) -> Any:
            """Epoch seconds as RFC 3339 UTC (ISO 8601) strings: the export's schemas say so for every time."""
            if not isinstance(entries, list):
                return entries
            return [{k: (rfc3339_ms(float(v)) if k in fields and isinstance(v, int | float) else v)
                     for k, v in e.items()} for e in entries]

        return {
            "printers.json": iso(readable(self.printers.export), "selected_at", "last_used"),
            "print_history.json": iso(readable(self.print_history.export), "ts"),
            "recent_files.json": iso(readable(self.recent_files.export), "ts"),
            "settings.json": self.settings().to_json(),
            "activity_7d.json": self.activity.recent(),
            "usage.json": self._json_file(self.activity.usage_path, {}),
            "ui.json": self._json_file(self.paths.config / "ui.json", {}),
        }

    @staticmethod
    def _json_file(path: Path, empty: Any) -> Any:
        """A small JSON file of the app as it is on disk (damaged: its text, so nothing held is hidden)."""
        import json

        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return empty
        try:
            return json.loads(raw)
        except ValueError:
            return {"unreadable": "not valid JSON", "text": raw.decode("utf-8", "replace")}

    def export_quarantine(self) -> dict[str, bytes]:
        """Every file set aside as damaged (torn ledger lines, bad activity lines, broken settings): it is data
        this app holds, so the export carries it, under ``quarantine/<where>/<name>``."""
        out: dict[str, bytes] = {}
        roots = {"config": self.paths.config, "data": self.paths.data, "cache": self.paths.cache,
                 "logs": self.paths.logs}
        for kind, root in roots.items():
            if not root.is_dir():
                continue
            for folder in sorted(root.rglob("quarantine")):
                if not folder.is_dir() or folder.is_symlink():
                    continue
                for f in sorted(folder.iterdir()):
                    if f.is_file() and not f.is_symlink():
                        out[f"{kind}/{f.relative_to(root).as_posix()}"] = f.read_bytes()
        return out

    def export_crash_logs(self) -> dict[str, str]:
        out = {}
        for c in self.crash_logs.list():
            try:
                out[c.name] = self.crash_logs.read(c.name)
            except DecryptError as exc:
                out[c.name] = f"(unreadable: {exc.reason})"
        return out

    def export_cache(self) -> dict[str, bytes]:
        return {p.relative_to(self.paths.cache).as_posix(): p.read_bytes() for p in self._cache_files()}

    def export_app_log(self) -> str:
        home = os.path.expanduser("~")
        text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in reversed(self._app_logs()))
        return text.replace(home, "~") if home not in ("", "/", "~") else text
