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
