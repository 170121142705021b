"""Local crash logs (opt-in, purpose ``diag.crash_local``): one encrypted file per crash under ``logs/crash``.

The text is redacted before it is written: the home directory becomes ``~`` and MAC- or UUID-shaped
addresses become pseudonyms. The user can list, view, export and delete each one; nothing is ever sent.
Without a keyring (and no opt-in to unencrypted files) crash logs are kept in memory only.
"""

from __future__ import annotations

import os
import stat
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from phocol_desktop.domain.safe_input import read_input
from phocol_desktop.storage.crypto import is_sealed, redact_addresses, seal, unseal
from phocol_desktop.storage.paths import AppPaths, secure_write
from phocol_desktop.storage.secrets import InstallSecrets


@dataclass(frozen=True)
class CrashLogInfo:
    name: str
    ts: float
    size: int


def redact(text: str, secrets: InstallSecrets | None = None) -> str:
    home = os.path.expanduser("~")
    if home not in ("", "/", "~"):
        text = text.replace(home, "~")
    return redact_addresses(text, secrets)

MAX_CRASH_LOG_BYTES = 4 * 1024 * 1024  # a redacted traceback or fault dump is a few KB


class CrashLogs:
    def __init__(self, paths: AppPaths, secrets: InstallSecrets, *, now: Callable[[], float] = time.time,
                 allow_plaintext: Callable[[], bool] = lambda: False) -> None:
        self.paths = paths
        self.dir = paths.logs / "crash"
        self.secrets = secrets
        self.now = now
        self.allow_plaintext = allow_plaintext
        self._memory: dict[str, tuple[float, bytes]] = {}

    def _key(self) -> bytes | None:
        return self.secrets.subkey("file/crash_logs")

    def write(self, text: str) -> str:
        """Store one crash report (call only after ``gate.require('diag.crash_local', interactive=False)``)."""
        ts = self.now()
        name = f"crash-{int(ts)}-{uuid.uuid4().hex[:8]}.log"
        data = redact(text, self.secrets).encode("utf-8")
        key = self._key()
        if key is None and not self.allow_plaintext():
            self._memory[name] = (ts, data)
            return name
        self.paths.ensure(self.dir)
        secure_write(self.dir / name, seal(key, data, "crash_logs") if key is not None else data)
        os.utime(self.dir / name, (ts, ts))
        return name

    def list(self) -> list[CrashLogInfo]:
        out = [CrashLogInfo(n, ts, len(d)) for n, (ts, d) in self._memory.items()]
        if self.dir.is_dir():
            for p in self.dir.glob("crash-*.log"):
                st = p.lstat()
                if stat.S_ISREG(st.st_mode):  # a folder or FIFO named like a crash log is not one
                    out.append(CrashLogInfo(p.name, st.st_mtime, st.st_size))
        return sorted(out, key=lambda c: (c.ts, c.name))

    def read(self, name: str) -> str:
        if name in self._memory:
            return self._memory[name][1].decode("utf-8")
        path = self._path(name)
        # Never a FIFO or device put in the folder, never more than a crash log can be (safe_input).
        blob = read_input(path, max_bytes=MAX_CRASH_LOG_BYTES, what="crash log")
        if is_sealed(blob):
            key = self._key()
            if key is None:
                return "(encrypted; the system keyring is not available)"
            blob = unseal(key, blob, "crash_logs")
        return blob.decode("utf-8", errors="replace")

    def _path(self, name: str) -> Path:
        if Path(name).name != name or not name.startswith("crash-"):
            raise FileNotFoundError(name)
        return self.dir / name

    def delete(self, name: str) -> bool:
        if self._memory.pop(name, None) is not None:
            return True
        try:
            self._path(name).unlink()
            return True
        except FileNotFoundError:
            return False

    def clear(self) -> int:
        logs = self.list()
        for c in logs:
            self.delete(c.name)
        return len(logs)

    def count(self) -> int:
        return len(self.list())

    def size(self) -> int:
        return sum(c.size for c in self.list())

    def purge(self, older_than: float, max_files: int) -> tuple[int, float | None]:
        """Delete logs older than the cut-off, then the oldest beyond ``max_files``."""
        logs = self.list()
        doomed = [c for c in logs if c.ts < older_than]
        fresh = [c for c in logs if c.ts >= older_than]
        if len(fresh) > max_files:
            doomed += fresh[: len(fresh) - max_files]
            fresh = fresh[len(fresh) - max_files:]
        for c in doomed:
            self.delete(c.name)
        return len(doomed), min((c.ts for c in fresh), default=None)
