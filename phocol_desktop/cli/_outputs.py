"""The output rule on the command line (storage/outputs.py): ``--overwrite`` on every command that writes a
file the user names, and one check of every output against every input before the command starts."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable
from pathlib import Path

from phocol_desktop.storage.outputs import check_output, write_output


def add_overwrite_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--overwrite", action="store_true",
                        help="replace an existing output file (atomically); an output never replaces an input")


def _paths(args: argparse.Namespace, names: Iterable[str]) -> list[Path]:
    out: list[Path] = []
    for name in names:
        value = getattr(args, name, None)
        for v in value if isinstance(value, list) else [value]:
            # "-" is stdin/stdout; an inline JSON object (--edits '{…}') is not a file.
            if isinstance(v, str | os.PathLike) and os.fspath(v) not in ("", "-") and \
                    not os.fspath(v).lstrip().startswith("{"):
                out.append(Path(v))
    return out


def guard_outputs(args: argparse.Namespace, outputs: Iterable[str], inputs: Iterable[str]) -> list[Path]:
    """Check every named output attribute against every input attribute now, before any work is done;
    returns the inputs (for ``save``)."""
    sources = _paths(args, inputs)
    outs = [(n, getattr(args, n, None)) for n in outputs]
    for name, value in outs:
        if value is not None and value != "-":
            check_output(value, inputs=sources, overwrite=getattr(args, "overwrite", False),
                         what=f"--{name.replace('_', '-')} file" if name != "output" else "output")
    seen: dict[str, str] = {}
    for name, value in outs:  # two outputs of one command must not be the same file either
        if value is not None and value != "-":
            key = os.path.realpath(value)
            if key in seen:
                check_output(value, inputs=[seen[key]], what=f"--{name.replace('_', '-')} file")
            seen[key] = value
    return sources


def save(args: argparse.Namespace, path: str | os.PathLike[str], data: bytes, inputs: Iterable[str],
         what: str = "output") -> Path:
    """Write one output of the command under the rule (checked again: the inputs may have changed)."""
    return write_output(path, data, inputs=_paths(args, inputs), overwrite=getattr(args, "overwrite", False),
                        what=what)
