"""``phocol-desktop`` command line. Exit codes: 0 ok, 1 failure (one-line reason on stderr), 2 usage.

Each command group lives in its own module with ``register(subparsers)``; the handler receives the parsed
arguments and a ``CliContext`` whose paths are resolved at start-up, never at import time.
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TextIO

from phocol_desktop import __version__
from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.domain.safe_input import display_name
from phocol_desktop.storage.paths import AppPaths, resolve_paths

log = logging.getLogger(__name__)


@dataclass
class CliContext:
    args: argparse.Namespace
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)

    @cached_property
    def paths(self) -> AppPaths:
        return resolve_paths(self.args.data_dir)

    @cached_property
    def models(self):  # type: ignore[no-untyped-def]
        from phocol_desktop.domain.printer_model import load_model_table

        table = load_model_table(self.paths.printer_overrides)
        for warning in table.warnings:  # a broken override never stops a command: one line each
            print(f"phocol-desktop: warning: {warning}", file=self.stderr)
        return table

    def model(self, text: str | None):  # type: ignore[no-untyped-def]
        """``--model``: an id, display name or advertised name (case-insensitive); None: the default model."""
        return self.models.lookup(text) if text else self.models.default

    def out(self, text: str = "") -> None:
        print(text, file=self.stdout)


def build_parser() -> argparse.ArgumentParser:
    from phocol_desktop.cli import (
        cmd_adapters,
        cmd_calibrate,
        cmd_devices,
        cmd_emulate,
        cmd_gui,
        cmd_models,
        cmd_print,
        cmd_privacy,
        cmd_render,
        cmd_support,
        cmd_system_printer,
        cmd_templates,
        cmd_trace,
    )

    parser = argparse.ArgumentParser(
        prog="phocol-desktop",
        description="Find, edit and print on Phocol Bluetooth LE printers. All data stays on this device.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="keep every file of the app under DIR (overrides PHOCOL_DESKTOP_DATA_DIR)")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="more detail in the log (-vv includes Bluetooth stack messages)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (cmd_gui, cmd_models, cmd_render, cmd_templates, cmd_print, cmd_devices, cmd_adapters, cmd_calibrate,
                   cmd_emulate, cmd_trace, cmd_privacy, cmd_support, cmd_system_printer):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 on usage errors
    if args.command is None:
        args = parser.parse_args([*(argv or sys.argv[1:]), "gui"])
    ctx = CliContext(args, stdout or sys.stdout, stderr or sys.stderr)
    # The app caps decoded pixels itself (imaging/load.py) and words its own refusal; Pillow's warning about
    # the same picture is noise on the user's terminal.
    warnings.filterwarnings("ignore", message=r"Image size \(\d+ pixels\) exceeds limit")
    # A photo with damaged EXIF still prints (its orientation is read defensively); Pillow's note about the
    # damage is noise too.
    warnings.filterwarnings("ignore", message=r"Corrupt EXIF data", category=UserWarning)
    try:
        from phocol_desktop.storage.logging_setup import configure_logging

        configure_logging(ctx.paths, args.verbose)
        if isinstance(getattr(args, "model", None), str):
            # One rule for every command's --model: an id, a name or an advertised name (``M110``), any case.
            # An unknown one fails here, before anything is read or any Bluetooth is used.
            args.model = ctx.models.lookup(args.model).id
        return int(args.handler(args, ctx) or 0)
    except PhocolError as exc:
        log.info("command %s failed: %s", args.command, type(exc).__name__)
        print(f"phocol-desktop: {exc.user_message()}", file=ctx.stderr)
        return 1
    except KeyboardInterrupt:
        print("phocol-desktop: interrupted", file=ctx.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`… | head -1`): not a disk problem, and nothing to report to anyone.
        _silence_stdout(ctx)
        return 141
    except OSError as exc:
        # Disk full, permission denied…: one line naming the file, no traceback, nothing half-written.
        print(f"phocol-desktop: {describe_os_error(exc)}", file=ctx.stderr)
        return 1


def describe_os_error(exc: OSError) -> str:
    """One line for an operating-system error: what failed, on which file (its name only), what to do."""
    name = display_name(exc.filename) if exc.filename else ""
    on = f" ({name})" if name else ""
    advice = {errno.ENOSPC: "Free some disk space and try again.", errno.EDQUOT: "Free some disk space.",
              errno.EACCES: "Check the file's permissions.", errno.EPERM: "Check the file's permissions.",
              errno.EISDIR: "That is a folder: give a file name.", errno.ENOENT: "Check the name and the folder.",
              errno.EROFS: "That disk is read-only: choose another place."}.get(exc.errno or 0,
                                                                                "Check the file and try again.")
    return f"{exc.strerror or type(exc).__name__}{on}. {advice}"


def _silence_stdout(ctx: CliContext) -> None:
    """After a broken pipe, Python would complain again when it flushes stdout at exit: point it at nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, ctx.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # a StringIO in tests has no file descriptor
        pass


def gui_main() -> int:
    """``phocol-desktop-gui [OPTIONS] [FILE…]``: the GUI entry point (a gui-script: no console on Windows).

    Global options (``--data-dir DIR``, ``-v``) may come first; whatever follows them is for ``gui``.
    """
    args = sys.argv[1:]
    split = 0
    while split < len(args):
        if args[split] == "--data-dir":
            split += 2
        elif args[split].startswith("--data-dir=") or args[split] in _GLOBAL_FLAGS:
            split += 1
        else:
            break
    return main([*args[:split], "gui", *args[split:]])


_GLOBAL_FLAGS = frozenset({"-v", "-vv", "-vvv", "--verbose", "--version", "-h", "--help"})
