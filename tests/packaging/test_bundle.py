"""The one-folder app bundle (PyInstaller, packaging/phocol-desktop.spec), built by the documented command
`python3 dev.py bundle` and run like a user would: no Python, no source tree, from another folder."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.packaging.conftest import ROOT, check_installed_app, clean_env, make_photo, require_build_tests

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    require_build_tests()
    dist, work = tmp_path_factory.mktemp("bundle-dist"), tmp_path_factory.mktemp("bundle-work")
    out = subprocess.run([sys.executable, str(ROOT / "dev.py"), "bundle", "--distpath", str(dist), "--workpath",
                          str(work)], capture_output=True, text=True, timeout=800)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    return dist / "phocol-desktop"


def test_bundled_app_prints_version_lists_models_prints_and_starts_its_gui(bundle, tmp_path):
    env = clean_env(tmp_path / "home")
    env["PATH"] = "/usr/bin:/bin"  # no venv, no Python of the developer's on the way

    def run(argv):
        return subprocess.run([bundle / "phocol-desktop", *argv], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=120)

    check_installed_app(run, tmp_path, ["gui", "--smoke-test"])


def test_bundled_app_renders_designs_and_documents(bundle, tmp_path):
    """The design engine (fonts, QR/barcode libraries, JSON schemas) and PDFium are in the bundle and work."""
    from PIL import Image
    from reportlab.pdfgen import canvas

    from tests.designs.conftest import zbar

    env = clean_env(tmp_path / "home")

    def run(*argv):
        out = subprocess.run([bundle / "phocol-desktop", "--data-dir", str(tmp_path / "data"), *map(str, argv)],
                             cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stdout + out.stderr

    run("render", "--template", "qr-label", "--set", "title=标签 Label", "--set", "qr=phocol bundle",
        "-o", tmp_path / "qr.png")
    assert ("QRCODE", "phocol bundle") in zbar(Image.open(tmp_path / "qr.png"))
    pdf = canvas.Canvas(str(tmp_path / "doc.pdf"))
    pdf.setFont("Helvetica", 200)
    pdf.drawString(40, 500, "PDF")
    pdf.save()
    run("render", tmp_path / "doc.pdf", "-o", tmp_path / "pdf.png")
    with Image.open(tmp_path / "pdf.png") as page:
        assert page.width == 384 and page.convert("L").getextrema() == (0, 255)


def test_bundled_gui_speaks_chinese_on_a_chinese_system(bundle, tmp_path):
    env = dict(clean_env(tmp_path / "home"), LANG="zh_CN.UTF-8", LC_ALL="zh_CN.UTF-8", LANGUAGE="zh_CN")
    out = subprocess.run([bundle / "phocol-desktop", "--data-dir", str(tmp_path / "data"), "gui", "--smoke-test"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and " ui=zh_CN " in out.stdout, out.stdout + out.stderr


def test_bundle_linked_as_phocol_desktop_gui_is_the_gui_entry_point(bundle, tmp_path):
    """What the .desktop file runs (Exec=phocol-desktop-gui %F): a link to the bundle under that name."""
    link = tmp_path / "bin" / "phocol-desktop-gui"
    link.parent.mkdir()
    link.symlink_to(bundle / "phocol-desktop")
    photo = make_photo(tmp_path / "photo.jpg")
    out = subprocess.run([link, "--data-dir", str(tmp_path / "data"), "--smoke-test", str(photo)], cwd=tmp_path,
                         env=clean_env(tmp_path / "home"), capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.startswith("smoke-test ok"), out.stdout + out.stderr


def test_bundle_leaves_out_the_network_module_and_foreign_qt_translations(bundle):
    internal = bundle / "_internal"
    assert not list(internal.glob("PySide6/QtNetwork*"))  # AT-02: no network stack for the app to import
    translations = {p.name for p in (internal / "PySide6" / "Qt" / "translations").iterdir()}
    assert "qtbase_zh_CN.qm" in translations and not {"qtbase_de.qm", "qtbase_ja.qm"} & translations
    assert (internal / "phocol_desktop" / "assets" / "icons" / "app-256.png").is_file()
