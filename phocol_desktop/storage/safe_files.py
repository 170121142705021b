"""The app's own files, read defensively: a damaged file never stops the app (the GUI always starts).

Two rules, by what the file holds (docs/HARDENING.md):

- **Configuration** (``settings.json``, ``ui.json``, ``printers.d/*.json``): a damaged file is ignored, the
  defaults apply, and one line says so (``config_warning``: the log and, once per file and process, stderr).
  The file stays where it is for the user to fix; the app overwrites it only when a setting is changed.
- **Personal data** (``usage.json``, ``activity.jsonl``, the sealed stores): a damaged file is moved to
  ``privacy/quarantine/`` (kept as evidence, included in an export), the app continues with empty data
  and the privacy dashboard shows the integrity banner until the user acknowledges it (fail closed: a
  damaged record never counts as a decision or a use).

Every read goes through ``domain.safe_input``: regular files only, a cap on the bytes actually read, bounded
JSON nesting, no NaN, no 5000-digit numbers.
"""

from __future__ import annotations

import logging
import os
import sys
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.domain.safe_input import display_name, load_json_file, read_input
from phocol_desktop.storage.paths import AppPaths

log = logging.getLogger(__name__)

CONFIG_MAX_BYTES = 1024 * 1024
PERSONAL_MAX_BYTES = 32 * 1024 * 1024
QUARANTINE_DIR = "quarantine"
DAMAGED_SUFFIX = ".damaged"
_warned: set[str] = set()


def config_warning(message: str) -> None:
    """One line for a damaged configuration file: in the log always, on stderr once per process."""
    log.warning("%s", message)
    if message not in _warned:
        _warned.add(message)
        try:
            print(f"phocol-desktop: warning: {message}", file=sys.stderr)
        except (OSError, ValueError):  # no stderr (a GUI started from a desktop file)
            pass


def load_config(path: Path, *, what: str, validate: Callable[[Any], str] | None = None,
                max_bytes: int = CONFIG_MAX_BYTES) -> Any | None:
    """A configuration document, or None (missing, or damaged: then one warning line and the defaults).

    ``validate`` returns "" for a good document, else what is wrong (naming the field)."""
    if not os.path.lexists(path):
        return None
    try:
        doc = load_json_file(path, max_bytes=max_bytes, what=what)
        problem = validate(doc) if validate is not None else ""
    except PhocolError as exc:
        problem = exc.reason
    except OSError as exc:
        problem = f"The {what} {display_name(path)} cannot be read ({exc.strerror or exc})."
    if problem:
        config_warning(f"{problem.rstrip('.')}; using the defaults instead.")
        return None
    return doc


def quarantine_dir(paths: AppPaths) -> Path:
    return paths.privacy / QUARANTINE_DIR


def quarantine(qdir: Path, path: Path, reason: str) -> Path | None:
    """Move a damaged personal-data file (or whatever stands in its place) into ``qdir`` (0700)."""
    qdir.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = qdir / f"{path.name}.{stamp}-{uuid.uuid4().hex[:6]}{DAMAGED_SUFFIX}"
    try:
        os.replace(path, target)
    except OSError as exc:
        log.error("could not quarantine the damaged %s (%s)", path.name, exc.strerror or type(exc).__name__)
        return None
    log.warning("%s was damaged (%s); moved to quarantine, starting empty", path.name, reason)
    return target


def read_personal(qdir: Path, path: Path, *, what: str, max_bytes: int = PERSONAL_MAX_BYTES) -> bytes | None:
    """The bytes of a personal-data file; None when missing, or when it is not a readable regular file of
    at most ``max_bytes`` (then it is quarantined)."""
    if not os.path.lexists(path):
        return None
    try:
        return read_input(path, max_bytes=max_bytes, what=what)
    except PhocolError as exc:
        quarantine(qdir, path, exc.reason)
    except OSError as exc:
        quarantine(qdir, path, exc.strerror or type(exc).__name__)
    return None


def load_personal_json(qdir: Path, path: Path, *, what: str, validate: Callable[[Any], str] | None = None,
                       max_bytes: int = PERSONAL_MAX_BYTES) -> Any | None:
    """A personal-data JSON document; None when missing or damaged (a damaged one is quarantined)."""
    if not os.path.lexists(path):
        return None
    try:
        doc = load_json_file(path, max_bytes=max_bytes, what=what)
        problem = validate(doc) if validate is not None else ""
    except PhocolError as exc:
        problem = exc.reason
    except OSError as exc:
        problem = exc.strerror or type(exc).__name__
    if problem:
        quarantine(qdir, path, problem)
        return None
    return doc


def damaged_files(paths: AppPaths) -> list[str]:
    """The names of the personal-data files quarantined as damaged (the integrity banner lists them)."""
    qdir = quarantine_dir(paths)
    if not qdir.is_dir():
        return []
    return sorted(p.name for p in qdir.iterdir() if p.name.endswith(DAMAGED_SUFFIX))
