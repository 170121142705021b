"""Crash capture (purpose ``diag.crash_local``): off until the user opts in.

Once opted in, uncaught exceptions (``sys.excepthook``, ``threading.excepthook``) and hard faults
(``faulthandler``: segfaults in Qt or a C extension) become local crash logs through
``PrivacyService.record_crash`` — which checks the gate again, redacts and encrypts them. A hard fault
cannot run Python, so faulthandler writes its dump to a private 0600 file that the next start turns into
a redacted crash log and deletes. Withdrawing the consent disables faulthandler and deletes that file
(the privacy service deletes the stored crash logs themselves).

Tracebacks keep what a developer needs — module-relative file names, line numbers, function names, the
exception — and lose everything else: absolute paths, photo names, addresses (``support.redact``).
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import os
import platform
import re
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from phocol_desktop import __version__
from phocol_desktop.domain.redaction import short_code_path
from phocol_desktop.support.redact import redact_text

log = logging.getLogger(__name__)

CRASH_PURPOSE = "diag.crash_local"
FAULT_FILE = "pending-fault.txt"
MAX_FAULT_DUMP = 256 * 1024
_FILE_LINE = re.compile(r'File "([^"]+)"')


def short_path(path: str) -> str:
    """``/home/alice/.venv/lib/python3.11/site-packages/bleak/x.py`` -> ``bleak/x.py``: no user in it."""
    return short_code_path(path)


def scrub_traceback_text(text: str) -> str:
    text = _FILE_LINE.sub(lambda m: f'File "{short_path(m.group(1))}"', text)
    return redact_text(text)


def header(kind: str) -> str:
    return (f"Phocol Desktop {__version__} — {kind}\n"
            f"Python {platform.python_version()} on {platform.system()} {platform.release()} "
            f"({platform.machine()})\n\n")


def format_exception(exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None,
                     where: str = "main thread") -> str:
    body = "".join(traceback.format_exception(exc_type, exc, tb))
    return header(f"uncaught exception in the {where}") + scrub_traceback_text(body)


class CrashCapture:
    """Installs the hooks once; they record only while ``is_enabled()`` (the gate's standing decision)."""

    def __init__(self, record: Callable[[str], Any], is_enabled: Callable[[], bool], fault_dir: Path,
                 ensure_dir: Callable[[Path], Any] | None = None) -> None:
        self._record = record
        self._is_enabled = is_enabled
        self.fault_path = fault_dir / FAULT_FILE
        self._ensure_dir = ensure_dir
        self._fault_file: IO[bytes] | None = None
        self._prev_sys: Any = None
        self._prev_thread: Any = None
        self._installed = False
        self._lock = threading.Lock()

    # -- lifecycle ----------------------------------------------------------------------------------------

    def install(self) -> CrashCapture:
        """Hook in (idempotent), turn an earlier hard fault's dump into a crash log, arm faulthandler if allowed."""
        if not self._installed:
            self._prev_sys, self._prev_thread = sys.excepthook, threading.excepthook
            sys.excepthook = self._sys_hook
            threading.excepthook = self._thread_hook
            self._installed = True
        self.collect_fault_dump()
        self.refresh()
        return self

    def uninstall(self) -> None:
        if self._installed:
            if sys.excepthook == self._sys_hook:
                sys.excepthook = self._prev_sys
            if threading.excepthook == self._thread_hook:
                threading.excepthook = self._prev_thread
            self._installed = False
        self._disarm()

    def refresh(self) -> None:
        """Call after the user's decision changes: arm faulthandler when allowed, else disarm and delete."""
        if self._is_enabled():
            self._arm()
        else:
            self._disarm()
            with contextlib.suppress(FileNotFoundError):
                self.fault_path.unlink()

    def on_withdraw(self, _purpose_id: str) -> None:
        """``gate.on_withdraw`` callback: stop capturing now and delete the pending dump."""
        self._disarm()
        with contextlib.suppress(FileNotFoundError):
            self.fault_path.unlink()

    @property
    def armed(self) -> bool:
        return self._fault_file is not None

    # -- faulthandler -------------------------------------------------------------------------------------

    def _arm(self) -> None:
        with self._lock:
            if self._fault_file is not None:
                return
            if self._ensure_dir is not None:
                self._ensure_dir(self.fault_path.parent)
            fd = os.open(self.fault_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            self._fault_file = os.fdopen(fd, "ab")
            faulthandler.enable(self._fault_file, all_threads=True)

    def _disarm(self) -> None:
        with self._lock:
            if self._fault_file is None:
                return
            # Only switch faulthandler off if it is still ours (a test runner may have its own).
            faulthandler.disable()
            self._fault_file.close()
            self._fault_file = None

    def collect_fault_dump(self) -> str | None:
        """A dump left by a hard fault in an earlier run becomes a crash log (if still allowed); then it goes."""
        try:
            size = self.fault_path.stat().st_size
        except FileNotFoundError:
            return None
        name = None
        if size and self._is_enabled():
            with open(self.fault_path, "rb") as fh:
                raw = fh.read(MAX_FAULT_DUMP).decode("utf-8", errors="replace")
            name = self._record(header("hard fault (faulthandler dump from the previous run)")
                                + scrub_traceback_text(raw))
        if not self.armed:
            with contextlib.suppress(FileNotFoundError):
                self.fault_path.unlink()
        else:
            self._fault_file.truncate(0)  # type: ignore[union-attr]
        return name

    # -- Python hooks -------------------------------------------------------------------------------------

    def _write(self, text: str) -> None:
        if not self._is_enabled():
            return
        try:
            self._record(text)
        except Exception:  # a crash handler must never raise
            log.warning("could not store a crash log", exc_info=False)

    def _sys_hook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if not issubclass(exc_type, KeyboardInterrupt):
            self._write(format_exception(exc_type, exc, tb))
        if self._prev_sys is not None:
            self._prev_sys(exc_type, exc, tb)

    def asyncio_handler(self, loop: Any, context: dict[str, Any]) -> None:
        """``loop.set_exception_handler(capture.asyncio_handler)``: a task that failed with nobody awaiting it
        (the BLE worker's loop) is a crash too; the loop's default handler still logs it."""
        exc = context.get("exception")
        if isinstance(exc, BaseException) and not isinstance(exc, KeyboardInterrupt | SystemExit):
            self._write(format_exception(type(exc), exc, exc.__traceback__, "asyncio worker loop"))
        loop.default_exception_handler(context)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is not SystemExit:
            where = f"thread {args.thread.name}" if args.thread is not None else "a thread"
            self._write(format_exception(args.exc_type, args.exc_value, args.exc_traceback, where))
        if self._prev_thread is not None:
            self._prev_thread(args)
