"""Breaking a layer rule must fail CI: run lint-imports on a copy of the package with a bad import."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")


@pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed in this environment")
@pytest.mark.parametrize(("module", "line"), [
    ("protocol/__init__.py", "import PySide6.QtCore\n"),
    ("ui/__init__.py", "import bleak\n"),
    ("imaging/__init__.py", "import sqlite3\n"),
    ("domain/__init__.py", "import phocol_desktop.services\n"),
])
def test_breaking_a_layer_rule_fails_lint_imports(tmp_path, module, line):
    shutil.copytree(REPO / "phocol_desktop", tmp_path / "phocol_desktop",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    ok = subprocess.run([LINT, "--no-cache"], cwd=tmp_path, capture_output=True, text=True,
                        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert ok.returncode == 0, ok.stdout + ok.stderr
    target = tmp_path / "phocol_desktop" / module
    target.write_text(target.read_text() + line)
    broken = subprocess.run([LINT, "--no-cache"], cwd=tmp_path, capture_output=True, text=True,
                            env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert broken.returncode != 0
    assert "BROKEN" in broken.stdout
