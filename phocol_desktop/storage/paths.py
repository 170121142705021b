"""Every location the app writes to, resolved once at start-up into one frozen object.

Nothing here runs at import time. ``--data-dir DIR`` or ``PHOCOL_DESKTOP_DATA_DIR`` put every location
under one directory (tests, support reproduction, portable installs); otherwise platformdirs decides.
Directories are created lazily, 0700, by ``ensure``; files the app writes are 0600 (see ``secure_write``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from phocol_desktop.domain.errors import ConfigError

APP_NAME = "phocol-desktop"
APP_AUTHOR = "Phocol"
DATA_DIR_ENV = "PHOCOL_DESKTOP_DATA_DIR"


@dataclass(frozen=True)
class AppPaths:
    config: Path  # settings, printer overrides (printers.d/)
    data: Path  # privacy ledger, history, known printers
    cache: Path  # thumbnails, preview cache
    logs: Path  # rotating app log, crash logs (opt-in)
    # sockets (the system printer queue's): $XDG_RUNTIME_DIR/phocol-desktop on Linux; never in all_roots
    # (nothing in it is data: the socket is removed when the app stops)
    runtime: Path | None = None

    @property
    def runtime_dir(self) -> Path:
        return self.runtime if self.runtime is not None else self.cache / "run"

    @property
    def privacy(self) -> Path:
        return self.data / "privacy"

    @property
    def printer_overrides(self) -> Path:
        return self.config / "printers.d"

    def all_roots(self) -> tuple[Path, ...]:
        return tuple(dict.fromkeys((self.config, self.data, self.cache, self.logs)))

    def ensure(self, path: Path) -> Path:
        """Create ``path`` (and missing parents below a root) with mode 0700; return it."""
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        for root in self.all_roots():
            if path == root or root in path.parents:
                cur = path
                while True:
                    os.chmod(cur, 0o700)
                    if cur in (root, cur.parent):
                        break
                    cur = cur.parent
                break
        return path


def resolve_paths(data_dir: str | os.PathLike[str] | None = None,
                  environ: Mapping[str, str] | None = None) -> AppPaths:
    """Build the paths object. Precedence: ``data_dir`` argument, the environment variable, platformdirs."""
    env = os.environ if environ is None else environ
    if data_dir is not None and not os.fspath(data_dir).strip():
        # An empty --data-dir would mean the current directory (and chmod'ing whatever is there).
        raise ConfigError("--data-dir is empty.", "Give a folder for the app's files, or leave the option out.")
    override = data_dir if data_dir is not None else env.get(DATA_DIR_ENV) or None
    if override is not None:
        root = Path(override).expanduser().resolve()
        return AppPaths(config=root / "config", data=root / "data", cache=root / "cache", logs=root / "logs",
                        runtime=root / "run")
    import platformdirs  # deferred: keeps `import phocol_desktop` cheap and side-effect free

    dirs = platformdirs.PlatformDirs(APP_NAME, APP_AUTHOR, ensure_exists=False)
    # Without XDG_RUNTIME_DIR (a login without systemd, a container) platformdirs would warn on stderr and
    # fall back to a folder in the shared /tmp; the app's sockets go to its private cache folder instead.
    no_runtime = sys.platform.startswith("linux") and not env.get("XDG_RUNTIME_DIR")
    return AppPaths(
        config=Path(dirs.user_config_dir), data=Path(dirs.user_data_dir),
        cache=Path(dirs.user_cache_dir), logs=Path(dirs.user_log_dir),
        runtime=None if no_runtime else Path(dirs.user_runtime_dir),
    )


def secure_write(path: Path, data: bytes) -> None:
    """Atomic, private write: temp file 0600 in the same directory, fsync, rename, fsync the directory."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
