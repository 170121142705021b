"""The one way tests run the command line: ``code, out, err = run("print", photo, "--printer", "virtual")``."""

from __future__ import annotations

import io
from typing import TextIO

from phocol_desktop.cli import main


def run(*argv: object, stdout: TextIO | None = None) -> tuple[int, str, str]:
    """Run ``phocol-desktop ARGV`` in this process; returns the exit code, stdout and stderr."""
    out, err = stdout or io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out, err)
    return code, out.getvalue(), err.getvalue()


async def run_in_thread(*argv: object) -> tuple[int, str, str]:
    """``run`` off the test's event loop (Bluetooth commands block on their worker while the fake BlueZ
    serves on the test's loop)."""
    import asyncio

    return await asyncio.to_thread(run, *argv)
