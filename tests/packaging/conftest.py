"""Packaging tests: the desktop identity files, the wheel/sdist, the app bundle."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "assets" / "linux"
ICONS = ROOT / "assets" / "icons"


def require_tool(name: str, debian_package: str) -> str:
    """The tool's path; CI (which installs it in .ci/run) fails without it, a developer's run skips."""
    exe = shutil.which(name)
    if exe is None:
        message = f"{name} is missing (Debian: apt-get install {debian_package})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return exe


def require_build_tests() -> None:
    """Building the wheel and the bundle takes minutes: CI (.ci/run sets PHOCOL_PACKAGING_BUILDS=1) always
    does it; a developer's `dev.py test` skips unless asked to."""
    if os.environ.get("PHOCOL_PACKAGING_BUILDS") != "1":
        if os.environ.get("CI"):
            pytest.fail("CI must build and test the packages: set PHOCOL_PACKAGING_BUILDS=1 (.ci/run does)")
        pytest.skip("builds packages (minutes): set PHOCOL_PACKAGING_BUILDS=1 to run")


def clean_env(home: Path) -> dict[str, str]:
    """The environment of a user who has only the installed app: no source tree on the path, no venv."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(home / "config"),
               XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"), XDG_STATE_HOME=str(home / "state"))
    return env


def make_photo(path: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (300, 200), "white")
    ImageDraw.Draw(image).ellipse((50, 20, 250, 180), fill=(20, 40, 200))
    image.save(path, quality=90)
    return path


def check_installed_app(run, workdir: Path, smoke_command: list[str]) -> None:
    """What a user does first with an installed app, from a folder outside the source tree.

    `run(argv)` runs the installed `phocol-desktop` with argv and returns the CompletedProcess.
    """
    from PIL import Image

    from phocol_desktop import __version__

    assert ROOT not in workdir.resolve().parents
    data = ["--data-dir", str(workdir / "data")]
    out = run(["--version"])
    assert out.returncode == 0 and out.stdout.strip() == f"phocol-desktop {__version__}", out.stdout + out.stderr
    out = run([*data, "models"])
    assert out.returncode == 0 and "phocol.generic384" in out.stdout, out.stderr
    photo = make_photo(workdir / "photo.jpg")
    paper = workdir / "paper.png"
    out = run([*data, "print", str(photo), "--printer", "virtual", "--paper", str(paper)])
    assert out.returncode == 0, out.stderr
    with Image.open(paper) as printed:
        assert printed.width == 384  # the default model's head, one pixel per dot
        assert printed.convert("L").getextrema() == (0, 255)  # the ellipse came out as dots on white paper
    out = run([*data, *smoke_command])
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.startswith("smoke-test ok: platform=offscreen window=True icon=True translations=True"), \
        out.stdout + out.stderr
