"""Logging is configured here, once, by the application entry point; library modules only call
``logging.getLogger(__name__)``. The log file rotates, is private (0600) and never holds a raw printer
address, user name, home path or photo path: callers log pseudonyms and file names only.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import re
import sys

from phocol_desktop.domain.redaction import redact_paths, replace_home
from phocol_desktop.storage.paths import AppPaths

LOG_FILE = "phocol-desktop.log"
# ``log.info(..., extra=PRINT_RECORD)`` marks a line about a print: it reaches the log file only while print
# history is recording (privacy.data.PrintLogGate), so the log is not a second print history.
PRINT_RECORD = {"print_record": True}
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


# A Bluetooth address in any spelling bleak and BlueZ log it: AA:BB:…, aa-bb-…, or inside an object path
# (…/dev_AA_BB_CC_DD_EE_FF/…). Not anchored on word boundaries: "_" counts as a word character.
_BT_ADDRESS = re.compile(r"(?<![0-9A-Fa-f])[0-9A-Fa-f]{2}([:_-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}(?![0-9A-Fa-f])")


class RedactingFormatter(logging.Formatter):
    """Formats a record, traceback included, then removes every path and user file name from the text
    (``domain/redaction.py``): the log never holds the name or place of a user's photo or project, whatever
    a caller or a library put in a message or an exception."""

    def format(self, record: logging.LogRecord) -> str:
        return redact_paths(replace_home(super().format(record)))


class RedactAddresses(logging.Filter):
    """Masks Bluetooth addresses in every record a handler writes: bleak's debug output (-vv) names the
    printer and even the local adapter (AT-12) in D-Bus paths and property dumps."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _BT_ADDRESS.sub("<bt-address>", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    def _open(self):  # type: ignore[no-untyped-def]
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return os.fdopen(fd, self.mode.replace("w", "a"), encoding=self.encoding)

    _reported = False

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        """A log that cannot be written (a full disk) costs one line on stderr per process, never the
        standard "--- Logging error ---" traceback for every record; the app carries on without its log."""
        if self._reported:
            return
        type(self)._reported = True
        exc = sys.exc_info()[1]
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        with contextlib.suppress(Exception):
            sys.stderr.write(f"phocol-desktop: the app log cannot be written ({reason}); continuing without it.\n")


def configure_logging(paths: AppPaths, verbosity: int = 0, to_stderr: bool = False) -> logging.Handler:
    """Attach a rotating 0600 file handler under ``paths.logs``; ``verbosity`` 0=INFO for the app, 1=DEBUG,
    2=DEBUG for bleak and dbus too. Returns the file handler (tests and the support bundle read its path)."""
    level = logging.DEBUG if verbosity >= 1 else logging.INFO
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_phocol", False):
            root.removeHandler(h)
            h.close()
    handler = _PrivateRotatingFileHandler(
        paths.ensure(paths.logs) / LOG_FILE, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(RedactingFormatter(_FORMAT))
    handler.addFilter(RedactAddresses())
    handler._phocol = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if to_stderr:
        console = logging.StreamHandler()
        console.setFormatter(RedactingFormatter("%(levelname)s %(name)s: %(message)s"))
        console.setLevel(level)
        console.addFilter(RedactAddresses())
        console._phocol = True  # type: ignore[attr-defined]
        root.addHandler(console)
    root.setLevel(logging.WARNING)
    logging.getLogger("phocol_desktop").setLevel(level)
    for noisy in ("bleak", "dbus_fast"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbosity >= 2 else logging.WARNING)
    return handler
