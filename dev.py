#!/usr/bin/env python3
"""Set-up-free entry point: `python3 dev.py run` starts the app, `python3 dev.py test` runs the checks.

Needs only Python 3.11+. The first call creates `.venv/` beside this file and installs the project
into it (editable, with the test extra); later calls reinstall only when pyproject.toml changed.
A `.venv` left half-built (no pip: Debian's python3 without python3-venv, or an interrupted first run)
is rebuilt, and when this Python cannot make one at all the message says what to install.
`python3 dev.py bundle` builds the one-folder app in dist/phocol-desktop/ with PyInstaller.
Stdlib only, because it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
SPEC = ROOT / "packaging" / "phocol-desktop.spec"

NO_VENV_ADVICE = """\
This Python cannot create a virtual environment with pip (its `ensurepip` module is missing).
  Debian/Ubuntu:  sudo apt install python3-venv      (then run the same command again)
  Fedora:         sudo dnf install python3            (includes venv and pip)
  macOS/Windows:  use the Python from python.org (Windows: `py -3 dev.py …`)
Nothing was left behind in .venv."""


def venv_python(env: Path) -> Path:
    return env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def venv_is_usable(env: Path) -> bool:
    """The venv's python is there (not a dangling link to a removed Python) and pip is installed in it.

    File checks only: this runs before every `dev.py run`, so it must not start a process.
    """
    if not (env / "pyvenv.cfg").is_file() or not venv_python(env).exists():
        return False
    windows_pip = env / "Lib" / "site-packages" / "pip" / "__init__.py"
    return windows_pip.is_file() or any(env.glob("lib/python3*/site-packages/pip/__init__.py"))


def has_ensurepip() -> bool:
    return importlib.util.find_spec("ensurepip") is not None


def create_venv(env: Path) -> None:
    """A fresh venv with pip, or a clear exit: never a half-built directory that breaks the next run."""
    if env.exists():
        print(f"Rebuilding {env.name}: it has no working Python or pip (a set-up that stopped half-way).", flush=True)
        shutil.rmtree(env)
    if not has_ensurepip():
        sys.exit(NO_VENV_ADVICE)
    print(f"Creating {env.name} (first run only)…", flush=True)
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(env)
    except (subprocess.CalledProcessError, OSError) as exc:
        shutil.rmtree(env, ignore_errors=True)
        sys.exit(f"Creating {env.name} failed ({exc}).\n{NO_VENV_ADVICE}")


def _pip(py: Path, *args: str) -> None:
    if subprocess.run([py, "-m", "pip", *args], check=False).returncode != 0:
        # The stamp is not written, so the next run tries again; nothing else needs cleaning up.
        sys.exit("pip could not install Phocol Desktop's dependencies (see its message above). Check that PyPI "
                 "can be reached, then run the same command again.")


def ensure_venv(env: Path = VENV) -> Path:
    """The venv's python, with the project installed as pyproject.toml says (reinstalled when it changes)."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs under whatever python3 the user has
        sys.exit(f"Phocol Desktop needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    py, stamp = venv_python(env), env / ".phocol-installed"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    usable = venv_is_usable(env)
    if usable and stamp.is_file() and stamp.read_text() == wanted:
        return py
    if not usable:
        create_venv(env)
    print(f"Installing Phocol Desktop and its test tools into {env.name}…", flush=True)
    _pip(py, "install", "-q", "--upgrade", "pip")
    _pip(py, "install", "-q", "-e", f"{ROOT}[test]")
    stamp.write_text(wanted)
    return py


def _run(*argv: str | os.PathLike[str]) -> int:
    return subprocess.run([str(a) for a in argv], cwd=ROOT, check=False).returncode


USAGE = ("usage: python3 dev.py run [APP ARGS…] | python3 dev.py test [PYTEST ARGS…] | "
         "python3 dev.py bundle [PYINSTALLER ARGS…]")


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("run", [])
    if command not in {"run", "test", "bundle"}:
        print(USAGE, file=sys.stderr)
        return 2
    py = ensure_venv()
    bin_dir = py.parent
    if command == "run":
        return _run(py, "-m", "phocol_desktop", *rest)
    if command == "bundle":
        # One folder (dist/phocol-desktop/), built from the committed spec; later arguments win (e.g. --distpath).
        return _run(py, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--distpath", ROOT / "dist",
                    "--workpath", ROOT / "build" / "pyinstaller", *rest, SPEC)
    # Lint and the layer contract first: they are fast and catch the commonest review comments.
    for check in (
        (py, "-m", "ruff", "check", "."),
        (bin_dir / "lint-imports",),
        (py, "-m", "pytest", *rest),
    ):
        code = _run(*check)
        if code != 0:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
