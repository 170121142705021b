"""Every window carries the app's icon, and Qt knows the desktop file (Wayland's app id)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from phocol_desktop import APP_ID

pytestmark = pytest.mark.gui


def test_main_window_and_notice_have_the_app_icon(qtbot, services):
    from phocol_desktop.ui.app import ICON_SIZES, create_application
    from phocol_desktop.ui.consent_dialogs import NoticeDialog
    from phocol_desktop.ui.main_window import MainWindow

    app = create_application([])
    assert app.desktopFileName() == APP_ID
    window = MainWindow(services)
    qtbot.addWidget(window)
    notice = NoticeDialog("<p>summary</p>", "policy text", "03,01, 2025", "ab" * 32)
    qtbot.addWidget(notice)
    for widget in (window, notice):
        icon = widget.windowIcon()
        assert not icon.isNull()
        assert {s.width() for s in icon.availableSizes()} == set(ICON_SIZES)
    window.background.wait_idle()


def test_gui_smoke_test_paints_the_window_and_exits(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-m", "phocol_desktop", "--data-dir", str(tmp_path / "data"), "gui",
                          "--smoke-test"], capture_output=True, text=True, env=env, timeout=60, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.startswith("smoke-test ok: platform=offscreen window=True icon=True translations=True")


def test_gui_script_puts_global_options_before_gui(monkeypatch):
    import phocol_desktop.cli as cli

    seen = []
    monkeypatch.setattr(cli, "main", lambda argv: seen.append(argv) or 0)
    for argv, expected in [
        ([], ["gui"]),
        (["photo.jpg"], ["gui", "photo.jpg"]),
        (["--data-dir", "D", "-v", "--smoke-test"], ["--data-dir", "D", "-v", "gui", "--smoke-test"]),
        (["--data-dir=D", "a.phocol"], ["--data-dir=D", "gui", "a.phocol"]),
    ]:
        monkeypatch.setattr(sys, "argv", ["phocol-desktop-gui", *argv])
        assert cli.gui_main() == 0
        assert seen.pop() == expected


def test_files_from_the_desktop_open_a_photo_or_a_project(qtbot, services, tmp_path):
    from PIL import Image

    from phocol_desktop.services.document import EditState
    from phocol_desktop.ui.app import open_from_command_line
    from phocol_desktop.ui.main_window import MainWindow

    photo_path = tmp_path / "made.png"
    Image.new("RGB", (120, 80), (200, 30, 30)).save(photo_path)
    project_path = tmp_path / "made.phocol"
    services.save_project(project_path, services.open_photo(photo_path),
                          EditState(text="from a project"))
    for path, caption in ((photo_path, ""), (project_path.with_suffix(".PHOCOL"), "from a project")):
        if path.suffix == ".PHOCOL":
            project_path.rename(path)
        window = MainWindow(services)
        qtbot.addWidget(window)
        open_from_command_line(window, [path])
        qtbot.waitUntil(lambda w=window: w.photo is not None, timeout=15_000)
        assert window.state.text == caption
        window.background.wait_idle()


def test_about_box_shows_the_app_icon_and_the_version(qtbot, services):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from phocol_desktop import __version__
    from phocol_desktop.ui.app import create_application
    from phocol_desktop.ui.main_window import MainWindow

    app = create_application([])
    window = MainWindow(services)
    qtbot.addWidget(window)
    seen = {}

    def look():
        box = QApplication.activeModalWidget()
        seen["text"], seen["pixmap"] = box.text(), box.iconPixmap()
        box.accept()

    QTimer.singleShot(100, look)
    window.about()
    assert f"Phocol Desktop {__version__}" in seen["text"]
    shown = seen["pixmap"]
    assert shown.toImage() == app.windowIcon().pixmap(shown.size()).toImage()  # the app icon, not "Information"
    window.background.wait_idle()
