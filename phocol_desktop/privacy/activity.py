"""Per-use access events: a rolling 7-day ``activity.jsonl`` naming the feature behind each use (AT-34).

This is not the evidence ledger (which stays small): it answers "what used Bluetooth or the camera this week?".
``last_used`` per purpose is kept apart in ``usage.json`` because the 90-day auto-reset needs it longer than
the activity log keeps events. Neither file holds a path, an address or a file name: only purpose and feature.
"""

from __future__ import annotations

import json
import logging
import math
import os
from pathlib import Path
from typing import Any, Protocol

from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.domain.safe_input import loads_json
from phocol_desktop.privacy.ledger import parse_ts, rfc3339_ms
from phocol_desktop.privacy.timebase import DAY, WallClock
from phocol_desktop.storage.paths import secure_write
from phocol_desktop.storage.safe_files import QUARANTINE_DIR, load_personal_json, quarantine, read_personal

log = logging.getLogger(__name__)

ACTIVITY_DAYS = 7


class ActivitySink(Protocol):
    def record(self, purpose_id: str, feature: str) -> None: ...

    def last_used(self, purpose_id: str) -> float | None: ...


class MemoryActivity:
    def __init__(self, clock: WallClock) -> None:
        self._clock = clock
        self.events: list[dict[str, Any]] = []
        self._last: dict[str, float] = {}

    def record(self, purpose_id: str, feature: str) -> None:
        now = self._clock.now()
        self.events.append({"ts": rfc3339_ms(now), "purpose_id": purpose_id, "feature": feature, "count": 1})
        self._last[purpose_id] = now
        cutoff = now - ACTIVITY_DAYS * DAY
        self.events = [e for e in self.events if parse_ts(e["ts"]) >= cutoff]

    def last_used(self, purpose_id: str) -> float | None:
        return self._last.get(purpose_id)

    def last_used_all(self) -> dict[str, float]:
        return dict(self._last)

    def recent(self) -> list[dict[str, Any]]:
        return list(self.events)

    def clear(self) -> int:
        n = len(self.events)
        self.events.clear()
        return n


MAX_ACTIVITY_BYTES = 8 * 1024 * 1024  # 7 days of uses is a few KB


def _valid_ts(value: Any) -> bool:
    if not isinstance(value, str) or len(value) > 40:
        return False
    try:
        return math.isfinite(parse_ts(value))
    except (ValueError, OverflowError):
        return False


def _event_problem(ev: Any) -> str:
    if not isinstance(ev, dict):
        return "not an object"
    if not _valid_ts(ev.get("ts")):
        return "'ts' is not a timestamp"
    if not isinstance(ev.get("purpose_id"), str) or not isinstance(ev.get("feature", ""), str):
        return "'purpose_id' or 'feature' is not text"
    return ""


def _usage_problem(doc: Any) -> str:
    if not isinstance(doc, dict):
        return "not an object"
    bad = next((k for k, v in doc.items() if not _valid_ts(v)), None)
    return f"{bad!r} is not a timestamp" if bad is not None else ""


class FileActivity:
    """``activity.jsonl`` (append, trimmed to 7 days on each write) and ``usage.json`` (last use per purpose)."""

    def __init__(self, directory: Path, clock: WallClock) -> None:
        self.path = directory / "activity.jsonl"
        self.usage_path = directory / "usage.json"
        self.quarantine = directory / QUARANTINE_DIR
        self._clock = clock

    def _read(self) -> list[dict[str, Any]]:
        """The events; a file that is not a readable regular file of sane size, or holds a line that is not
        a torn last line but damage (bad JSON, wrong types), is quarantined and the log starts empty."""
        raw = read_personal(self.quarantine, self.path, what="activity log", max_bytes=MAX_ACTIVITY_BYTES)
        if raw is None:
            return []
        lines = raw.split(b"\n")
        torn_tail = lines.pop() if lines else b""  # after the last newline: a crash mid-write, ignored
        out = []
        for i, line in enumerate(lines):
            try:
                ev = loads_json(line, what="activity log line", name=str(i + 1))
                problem = _event_problem(ev)
            except PhocolError as exc:
                problem = exc.reason
            if problem:
                quarantine(self.quarantine, self.path, f"line {i + 1}: {problem}")
                return []
            out.append(ev)
        del torn_tail
        return out

    def recent(self) -> list[dict[str, Any]]:
        cutoff = self._clock.now() - ACTIVITY_DAYS * DAY
        return [e for e in self._read() if parse_ts(e["ts"]) >= cutoff]

    def record(self, purpose_id: str, feature: str) -> None:
        now = self._clock.now()
        event = {"ts": rfc3339_ms(now), "purpose_id": purpose_id, "feature": feature, "count": 1}
        events = self._read()
        cutoff = now - ACTIVITY_DAYS * DAY
        if events and parse_ts(events[0]["ts"]) < cutoff:
            kept = [e for e in events if parse_ts(e["ts"]) >= cutoff] + [event]
            secure_write(self.path, "".join(json.dumps(e, sort_keys=True) + "\n" for e in kept).encode())
        else:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, (json.dumps(event, sort_keys=True) + "\n").encode())
            finally:
                os.close(fd)
        usage = self._usage()
        usage[purpose_id] = rfc3339_ms(now)
        secure_write(self.usage_path, json.dumps(usage, sort_keys=True).encode())

    def _usage(self) -> dict[str, str]:
        data = load_personal_json(self.quarantine, self.usage_path, what="usage file", max_bytes=1024 * 1024,
                                  validate=_usage_problem)
        return dict(data) if data is not None else {}

    def last_used(self, purpose_id: str) -> float | None:
        ts = self._usage().get(purpose_id)
        return parse_ts(ts) if ts else None

    def last_used_all(self) -> dict[str, float]:
        """Every purpose's last use from one read of ``usage.json`` (the dashboard lists them all)."""
        return {pid: parse_ts(ts) for pid, ts in self._usage().items()}

    def clear(self) -> int:
        n = len(self._read())
        self.path.unlink(missing_ok=True)
        return n

    def purge(self) -> tuple[int, float | None]:
        """Drop events older than 7 days (also done on each write); returns (deleted, oldest ts kept)."""
        events = self._read()
        cutoff = self._clock.now() - ACTIVITY_DAYS * DAY
        kept = [e for e in events if parse_ts(e["ts"]) >= cutoff]
        if len(kept) != len(events):
            if kept:
                secure_write(self.path, "".join(json.dumps(e, sort_keys=True) + "\n" for e in kept).encode())
            else:
                self.path.unlink(missing_ok=True)
        return len(events) - len(kept), min((parse_ts(e["ts"]) for e in kept), default=None)

    def forget_usage(self) -> None:
        self.usage_path.unlink(missing_ok=True)
