"""Reading files the app did not write itself (or that someone may have edited): one way, bounded, never blocking.

Every input file (a photo, project, trace, scenario, CSV, the app's own settings and records) is opened with
``open_input`` / ``read_input``:

- opened with ``O_NONBLOCK`` so a FIFO or a terminal never blocks the open, then ``fstat``'ed: anything but
  a regular file (a folder, FIFO, socket, ``/dev/zero``…) is refused with the file's name and what it is;
- read with a cap on the bytes *actually read* (a file that grows while it is read, or a device that
  reports size 0, still stops at the cap), so no input can exhaust memory.

JSON goes through ``loads_json``: strict UTF-8, nesting depth checked before the parser recurses, no
``NaN``/``Infinity``, numbers of at most ``MAX_INT_DIGITS`` digits; every failure names the file.
Pure stdlib: every layer may use it.
"""

from __future__ import annotations

import errno
import json
import math
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP

MAX_JSON_DEPTH = 64
MAX_INT_DIGITS = 30  # far beyond any count, size or timestamp the app stores; 5000-digit ints are refused

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


class InputRefused(PhocolError):
    """A file that cannot be read as input at all: not a regular file, too large, unreadable."""

    advice = QT_TRANSLATE_NOOP("Errors", "Choose a regular file (not a folder, pipe or device) that Phocol Desktop "
                                          "can read.")


class InputDamaged(PhocolError):
    """A file whose content is not what it should be (bad JSON, wrong types, values out of range)."""

    advice = QT_TRANSLATE_NOOP("Errors", "The file is damaged or was edited by hand; fix the named field or remove "
                                          "the file.")


def display_name(path: str | os.PathLike[str]) -> str:
    """The name a message shows: the file name only (never the folders, which may hold the user's name)."""
    name = Path(path).name
    return name or str(path)


def _kind(mode: int) -> str | None:
    return next((what for test, what in _KINDS if test(mode)), "not a regular file") if not stat.S_ISREG(mode) \
        else None


def open_input(path: str | os.PathLike[str], *, what: str = "file") -> BinaryIO:
    """Open ``path`` for reading without ever blocking; refuse anything but a regular file.

    Raises ``InputRefused`` (naming the file) or ``FileNotFoundError``/``PermissionError`` mapped likewise.
    """
    name = display_name(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputRefused(f"There is no file {name}.", "Check the name and try again.") from None
    except IsADirectoryError:  # Windows opens no folders
        raise InputRefused(f"The {what} {name} is a folder, not a file.") from None
    except PermissionError:
        raise InputRefused(f"The {what} {name} cannot be read (permission denied).",
                           "Check the file's permissions.") from None
    except OSError as exc:  # ENXIO: a socket; ELOOP, ENAMETOOLONG…
        kind = "a socket" if exc.errno == errno.ENXIO else None
        try:
            mode = os.stat(path).st_mode
            kind = _kind(mode) or kind
        except OSError:
            pass
        detail = f"is {kind}, not a regular file" if kind else f"cannot be opened ({exc.strerror or exc})"
        raise InputRefused(f"The {what} {name} {detail}.") from None
    try:
        kind = _kind(os.fstat(fd).st_mode)
        if kind:
            raise InputRefused(f"The {what} {name} is {kind}, not a regular file.")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # regular files never block; restore normal semantics for readers
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_capped(fh: BinaryIO, max_bytes: int, *, what: str, name: str) -> bytes:
    """Read at most ``max_bytes`` (counting what is actually read); more is refused, never buffered."""
    data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputRefused(f"The {what} {name} is larger than {_size(max_bytes)}, the most Phocol Desktop reads.",
                           "Choose a smaller file.")
    return data


def read_input(path: str | os.PathLike[str], *, max_bytes: int, what: str = "file") -> bytes:
    """The whole content of a regular file of at most ``max_bytes`` (see ``open_input``)."""
    with open_input(path, what=what) as fh:
        try:
            return read_capped(fh, max_bytes, what=what, name=display_name(path))
        except IsADirectoryError:
            raise InputRefused(f"The {what} {display_name(path)} is a folder, not a file.") from None


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n // 1024} KB" if n >= 1024 else f"{n} bytes"


# -- JSON ----------------------------------------------------------------------------------------------------

_STRING_OR_BRACKET = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def json_depth(data: bytes) -> int:
    """The deepest nesting of ``[``/``{`` outside strings: checked before ``json.loads`` recurses."""
    depth = deepest = 0
    for m in _STRING_OR_BRACKET.finditer(data):
        c = m.group()
        if c in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        elif c in (b"]", b"}"):
            depth -= 1
    return deepest


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"a number with {len(text)} digits")
    return int(text)


def _parse_float(text: str) -> float:
    if len(text) > 64:
        raise ValueError(f"a number written with {len(text)} characters")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is out of range")
    return value


def loads_json(data: bytes | str, *, what: str, name: str, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse JSON from a file the app reads; every failure is an ``InputDamaged`` naming ``name``."""
    try:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        text = raw.decode("utf-8")  # strict: invalid UTF-8 is damage, not something to guess around
    except UnicodeError as exc:
        raise InputDamaged(f"The {what} {name} is not valid UTF-8 text (byte {exc.start}).") from None
    if json_depth(raw) > max_depth:
        raise InputDamaged(f"The {what} {name} is nested deeper than {max_depth} levels.")
    try:
        return json.loads(text, parse_constant=_no_constant, parse_int=_parse_int, parse_float=_parse_float)
    except (ValueError, RecursionError) as exc:
        raise InputDamaged(f"The {what} {name} is not valid JSON ({_short(exc)}).") from None


def load_json_file(path: str | os.PathLike[str], *, max_bytes: int, what: str,
                   max_depth: int = MAX_JSON_DEPTH) -> Any:
    return loads_json(read_input(path, max_bytes=max_bytes, what=what), what=what, name=display_name(path),
                      max_depth=max_depth)


def _short(exc: BaseException) -> str:
    text = str(exc).split("\n", 1)[0]
    return text if len(text) <= 120 else text[:117] + "…"


# -- typed checks ----------------------------------------------------------------------------------------------


def finite_number(value: Any, *, field: str, name: str, lo: float, hi: float, integer: bool = False,
                  error: Callable[[str], PhocolError] | None = None) -> float:
    """``value`` as a finite number in ``[lo, hi]`` (an integer when ``integer``), or an error naming the field."""
    make = error or InputDamaged
    ok_type = isinstance(value, int) if integer else isinstance(value, int | float)
    if isinstance(value, bool) or not ok_type:
        kind = "a whole number" if integer else "a number"
        raise make(f"{name}: {field} must be {kind}, not {type(value).__name__} {_preview(value)}.")
    if not math.isfinite(value) or not lo <= value <= hi:
        raise make(f"{name}: {field} = {_preview(value)} is outside {lo:g}…{hi:g}.")
    return value


def _preview(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"
