"""`python3 dev.py …` on a Python that cannot make a venv with pip (Debian without python3-venv), or after a
first run that stopped half-way: no traceback, no broken .venv left for the next run, and advice."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.packaging.conftest import ROOT


@pytest.fixture
def dev():
    spec = importlib.util.spec_from_file_location("dev_script", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_venv_without_pip_is_not_usable(dev, tmp_path):
    venv.EnvBuilder(with_pip=False).create(tmp_path / "nopip")  # what Debian's python3 without python3-venv leaves
    assert not dev.venv_is_usable(tmp_path / "nopip")
    assert not dev.venv_is_usable(tmp_path / "absent")
    assert dev.venv_is_usable(Path(sys.prefix))  # the venv running this test has pip


def test_a_broken_venv_is_removed_and_the_advice_names_python3_venv(dev, tmp_path, monkeypatch, capsys):
    broken = tmp_path / ".venv"
    venv.EnvBuilder(with_pip=False).create(broken)
    monkeypatch.setattr(dev, "has_ensurepip", lambda: False)
    with pytest.raises(SystemExit) as exit_:
        dev.ensure_venv(broken)
    assert "sudo apt install python3-venv" in str(exit_.value.code)
    assert "Rebuilding .venv" in capsys.readouterr().out
    assert not broken.exists()  # the next run starts clean instead of crashing on a venv without pip


def test_a_failed_venv_creation_leaves_nothing_behind(dev, tmp_path, monkeypatch):
    target = tmp_path / ".venv"

    def half_built(self, env_dir):  # ensurepip failing after the directory was made, as on Debian
        Path(env_dir, "bin").mkdir(parents=True)
        raise subprocess.CalledProcessError(1, ["python", "-m", "ensurepip"])

    monkeypatch.setattr(dev.venv.EnvBuilder, "create", half_built)
    with pytest.raises(SystemExit) as exit_:
        dev.ensure_venv(target)
    assert "python3-venv" in str(exit_.value.code)
    assert not target.exists()


def test_unknown_command_prints_usage(tmp_path):
    out = subprocess.run([sys.executable, str(ROOT / "dev.py"), "frobnicate"], capture_output=True, text=True,
                         timeout=30)
    assert out.returncode == 2 and "dev.py bundle" in out.stderr
