"""The wheel and sdist as a user or a distribution gets them: built by `python -m build` (sdist first, the
wheel from the sdist, each in an isolated build env that honours build-system.requires), the wheel installed
non-editable into a clean venv, and the app used from a folder outside the source tree."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile

import pytest

from phocol_desktop import APP_ID, __version__
from tests.packaging.conftest import ROOT, check_installed_app, clean_env, require_build_tests

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    require_build_tests()
    out_dir = tmp_path_factory.mktemp("dist")
    out = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out_dir), str(ROOT)], capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    wheel = next(out_dir.glob("phocol_desktop-*.whl"))
    sdist = next(out_dir.glob("phocol_desktop-*.tar.gz"))
    return wheel, sdist


def test_wheel_holds_the_license_both_entry_points_and_the_package_data(built):
    wheel, _ = built
    info = f"phocol_desktop-{__version__}.dist-info"
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        entry_points = z.read(f"{info}/entry_points.txt").decode()
        metadata = z.read(f"{info}/METADATA").decode()
    assert f"{info}/licenses/LICENSE" in names
    assert "[gui_scripts]\nphocol-desktop-gui = phocol_desktop.cli:gui_main" in entry_points
    assert "[console_scripts]\nphocol-desktop = phocol_desktop.cli:main" in entry_points
    assert "License-Expression: MIT" in metadata and f"Version: {__version__}" in metadata
    assert 'Requires-Dist: dbus-fast>=2.21; sys_platform == "linux"' in metadata
    for data in ("assets/printer_models.json", "assets/i18n/phocol_zh_CN.qm", "assets/icons/app-16.png"):
        assert f"phocol_desktop/{data}" in names
    assert not any(n.startswith(("tests/", "assets/", "docs/")) for n in names)  # only the package installs


def test_sdist_carries_tests_docs_license_and_desktop_files(built):
    _, sdist = built
    with tarfile.open(sdist) as t:
        names = {n.split("/", 1)[1] for n in t.getnames() if "/" in n}
    expected = {"LICENSE", "tests/conftest.py", "tests/packaging/test_wheel.py", "docs/PACKAGING.md",
                f"assets/linux/{APP_ID}.desktop", f"assets/icons/{APP_ID}.svg", "packaging/phocol-desktop.spec",
                "dev.py"}
    assert expected <= names, expected - names
    assert not any("__pycache__" in n for n in names)


def test_wheel_installed_in_a_clean_venv_works_outside_the_source_tree(built, tmp_path):
    wheel, _ = built
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    py = venv / "bin" / "python"
    out = subprocess.run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = clean_env(tmp_path / "home")
    where = subprocess.run([py, "-c", "import phocol_desktop; print(phocol_desktop.__file__)"], cwd=work, env=env,
                           capture_output=True, text=True, timeout=60).stdout
    assert str(venv) in where and str(ROOT) not in where  # the installed copy, not the checkout

    def run(argv):
        return subprocess.run([venv / "bin" / "phocol-desktop", *argv], cwd=work, env=env, capture_output=True,
                              text=True, timeout=120)

    check_installed_app(run, work, ["gui", "--smoke-test"])
    gui = subprocess.run([venv / "bin" / "phocol-desktop-gui", "--data-dir", str(work / "data"), "--smoke-test"],
                         cwd=work, env=env, capture_output=True, text=True, timeout=120)
    assert gui.returncode == 0 and gui.stdout.startswith("smoke-test ok"), gui.stdout + gui.stderr
