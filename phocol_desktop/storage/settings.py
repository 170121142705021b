"""User settings that hold no personal data: retention choices, paused categories, jurisdiction, language.

``config/settings.json``, 0600, plain JSON (exported as ``data/settings.json``). Unknown or out-of-range
values fall back to the defaults of docs/PRIVACY.md §4.1 with a warning, never a crash.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from phocol_desktop.domain.errors import ConfigError
from phocol_desktop.storage.paths import AppPaths, secure_write
from phocol_desktop.storage.safe_files import load_config

log = logging.getLogger(__name__)

SETTINGS_SCHEMA = "phocol.settings/1"
UNTIL_DELETED = None
# Retention defaults (days; None = until deleted, 0 = off/not kept) and the choices the user has.
DEFAULT_RETENTION: dict[str, int | None] = {
    "activity_log": 7, "crash_logs": 30, "recent_files": 30, "print_history": 30, "thumbnails": 30, "app_log": 30,
}
RETENTION_CHOICES: dict[str, tuple[int | None, ...]] = {
    "activity_log": (7,),
    "crash_logs": tuple(range(1, 91)),
    "recent_files": (0, 1, 7, 30, 90, None),
    "print_history": (0, 1, 7, 30, 90, None),
    "thumbnails": (30,),
    "app_log": (1, 7, 30, 90),  # diagnostic messages: never kept for ever
}
CRASH_LOG_MAX_FILES = 20
PAUSABLE = ("recent_files", "print_history")
JURISDICTIONS = ("CN", "EU", "OTHER", "unspecified")


@dataclass
class Settings:
    retention_days: dict[str, int | None] = field(default_factory=lambda: dict(DEFAULT_RETENTION))
    paused: list[str] = field(default_factory=list)
    jurisdiction: str = "unspecified"
    language: str = "en"
    store_unencrypted_without_keyring: bool = False
    crash_log_max_files: int = CRASH_LOG_MAX_FILES
    last_purge: str | None = None

    def retention(self, category: str) -> int | None:
        return self.retention_days.get(category, DEFAULT_RETENTION.get(category))

    def is_paused(self, category: str) -> bool:
        return category in self.paused

    def set_retention(self, category: str, days: int | None) -> None:
        if category not in RETENTION_CHOICES:
            raise ConfigError(f"No retention setting for {category!r}.",
                              f"Categories: {', '.join(RETENTION_CHOICES)}.")
        if days not in RETENTION_CHOICES[category]:
            raise ConfigError(f"{days!r} days is not a choice for {category}.")
        self.retention_days[category] = days

    def to_json(self) -> dict[str, Any]:
        return {"schema": SETTINGS_SCHEMA, **asdict(self)}


def _clean(raw: dict[str, Any]) -> Settings:
    s = Settings()
    retention = raw.get("retention_days")
    for cat, days in (retention.items() if isinstance(retention, dict) else ()):
        if cat in RETENTION_CHOICES and (days is None or type(days) is int) and days in RETENTION_CHOICES[cat]:
            s.retention_days[cat] = days
        else:
            log.warning("settings: ignoring retention %r for %r", days, cat)
    paused = raw.get("paused")
    s.paused = sorted({c for c in (paused if isinstance(paused, list) else []) if isinstance(c, str) and c in PAUSABLE})
    if isinstance(raw.get("jurisdiction"), str) and raw["jurisdiction"] in JURISDICTIONS:
        s.jurisdiction = raw["jurisdiction"]
    if isinstance(raw.get("language"), str) and 0 < len(raw["language"]) <= 35:
        s.language = raw["language"]
    s.store_unencrypted_without_keyring = raw.get("store_unencrypted_without_keyring") is True
    if type(raw.get("crash_log_max_files")) is int and 1 <= raw["crash_log_max_files"] <= CRASH_LOG_MAX_FILES:
        s.crash_log_max_files = raw["crash_log_max_files"]
    if isinstance(raw.get("last_purge"), str):
        s.last_purge = raw["last_purge"]
    return s


class SettingsStore:
    def __init__(self, paths: AppPaths) -> None:
        self.paths = paths

    @property
    def path(self) -> Path:
        return self.paths.config / "settings.json"

    def load(self) -> Settings:
        """The settings; the defaults (with one warning line) when the file is damaged (safe_files)."""
        raw = load_config(self.path, what="settings file",
                          validate=lambda d: "" if isinstance(d, dict) else "The settings file is not a JSON object.")
        return _clean(raw) if raw is not None else Settings()

    def save(self, settings: Settings) -> None:
        self.paths.ensure(self.paths.config)
        secure_write(self.path, json.dumps(settings.to_json(), indent=1, sort_keys=True).encode("utf-8"))

    def update(self, **changes: Any) -> Settings:
        s = self.load()
        for k, v in changes.items():
            if not hasattr(s, k):
                raise ConfigError(f"Unknown setting {k!r}.")
            setattr(s, k, v)
        self.save(s)
        return s
