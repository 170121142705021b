"""One rule for every file the app writes where the user pointed it (docs/HARDENING.md §5):

- an output is never one of the command's inputs (compared by ``os.path.samefile`` and by resolved path, so a
  symlink, a hard link or ``./x/../photo.png`` cannot sneak past);
- an existing file is replaced only when the user asked (``--overwrite`` on the command line; the GUI's
  save dialog asks its own question and passes ``overwrite=True``), and then atomically (temp file, fsync,
  rename: the old file is intact until the new one is complete);
- never a folder, never an empty name, and the folder must exist.

``check_output`` runs before any work (a print is not started whose paper could not be saved);
``write_output`` checks again and writes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from phocol_desktop.domain.errors import StorageError
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP
from phocol_desktop.storage.paths import secure_write


class OutputRefused(StorageError):
    advice = QT_TRANSLATE_NOOP("Errors", "Choose another output file name.")


def _same(a: Path, b: Path) -> bool:
    try:
        if os.path.samefile(a, b):
            return True
    except OSError:
        pass
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):
        return False


def check_output(path: str | os.PathLike[str], *, inputs: Iterable[str | os.PathLike[str] | None] = (),
                 overwrite: bool = False, what: str = "output") -> Path:
    """The output path, or ``OutputRefused`` saying why it may not be written (nothing is touched)."""
    if not os.fspath(path).strip():
        raise OutputRefused(f"The {what} file name is empty.")
    out = Path(path)
    for source in inputs:
        if source is not None and os.fspath(source) not in ("", "-") and _same(out, Path(source)):
            raise OutputRefused(f"The {what} {out.name} is one of the inputs of this command: writing it would "
                                "overwrite an input, so nothing was written.",
                                "Choose another output file name: an output never replaces an input.")
    if out.is_dir():
        raise OutputRefused(f"The {what} {out.name} is a folder.", "Give a file name inside it.")
    if not out.parent.is_dir():
        raise OutputRefused(f"The folder for the {what} {out.name} does not exist.")
    if os.path.lexists(out) and not overwrite:
        raise OutputRefused(f"The {what} {out.name} already exists; nothing was overwritten.",
                            "Add --overwrite to replace it, or choose another name.")
    return out


def write_output(path: str | os.PathLike[str], data: bytes, *,
                 inputs: Iterable[str | os.PathLike[str] | None] = (), overwrite: bool = False,
                 what: str = "output") -> Path:
    """Check (``check_output``) and write atomically; returns the path written."""
    inputs = list(inputs)
    out = check_output(path, inputs=inputs, overwrite=overwrite, what=what)
    try:
        secure_write(out, data)
    except OSError as exc:
        raise StorageError(f"Could not write the {what} {out.name} ({exc.strerror or type(exc).__name__}); "
                           "an existing file there is unchanged.") from exc
    return out
