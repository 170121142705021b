#!/usr/bin/env python3
"""Set-up-free entry point: `python3 dev.py run` starts the app, `python3 dev.py test` runs the checks.

Needs only Python 3.11+. The first call creates `.venv/` beside this file and installs the project
into it (editable, with the test extra); later calls reinstall only when pyproject.toml changed.
Stdlib only, because it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".phocol-installed"


def _ensure_venv() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs under whatever python3 the user has
        sys.exit(f"Phocol Desktop needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PY.exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not PY.exists():
        print("Creating .venv (first run only)…", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    print("Installing Phocol Desktop and its test tools into .venv…", flush=True)
    subprocess.run([PY, "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    subprocess.run([PY, "-m", "pip", "install", "-q", "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted)


def _run(*argv: str | os.PathLike[str]) -> int:
    return subprocess.run([str(a) for a in argv], cwd=ROOT, check=False).returncode


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("run", [])
    if command not in {"run", "test"}:
        print("usage: python3 dev.py run [APP ARGS…] | python3 dev.py test [PYTEST ARGS…]", file=sys.stderr)
        return 2
    _ensure_venv()
    if command == "run":
        return _run(PY, "-m", "phocol_desktop", *rest)
    # Lint and the layer contract first: they are fast and catch the commonest review comments.
    for check in (
        (PY, "-m", "ruff", "check", "."),
        (BIN / "lint-imports",),
        (PY, "-m", "pytest", *rest),
    ):
        code = _run(*check)
        if code != 0:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
