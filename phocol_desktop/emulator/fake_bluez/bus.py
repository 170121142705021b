"""A private dbus-daemon for the fake BlueZ, so support staff can point the real app at a virtual printer.

The daemon listens in a fresh 0700 directory (never directly in /tmp), is started with ``--fork`` and
its PID kept, and is stopped by that PID; the directory is removed afterwards.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path


class BusUnavailable(RuntimeError):
    pass


class PrivateBus:
    def __init__(self, parent: str | os.PathLike[str] | None = None) -> None:
        self._parent = parent
        self.address: str | None = None
        self.pid: int | None = None
        self.directory: Path | None = None

    def start(self) -> str:
        exe = shutil.which("dbus-daemon")
        if exe is None:
            raise BusUnavailable("dbus-daemon is not installed (Debian/Ubuntu: apt-get install dbus-daemon)")
        parent = self._parent or os.environ.get("XDG_RUNTIME_DIR") or None
        self.directory = Path(tempfile.mkdtemp(prefix="phocol-bus-", dir=parent))  # mkdtemp: mode 0700
        done = subprocess.run(
            [exe, "--session", f"--address=unix:tmpdir={self.directory}", "--print-address=1",
             "--print-pid=1", "--fork", "--nosyslog"],
            capture_output=True, text=True, check=False, timeout=10,
        )
        out = done.stdout.split()
        if done.returncode != 0 or len(out) < 2:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None
            # e.g. "Socket name too long": unix socket paths are limited to ~107 bytes
            raise BusUnavailable(f"dbus-daemon did not start: {done.stderr.strip() or done.returncode}")
        self.address, self.pid = out[0], int(out[1])
        return self.address

    def stop(self) -> None:
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGTERM)
                for _ in range(100):  # up to 1 s for it to go
                    os.kill(self.pid, 0)
                    time.sleep(0.01)
            except ProcessLookupError:
                pass
            self.pid = None
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None

    def __enter__(self) -> PrivateBus:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
