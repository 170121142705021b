"""GUI test fixtures: the real AppServices on private dirs, the main window under pytest-qt (offscreen)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


@pytest.fixture
def services(app_paths):
    from phocol_desktop.services.app import AppServices

    services = AppServices.start(app_paths)
    yield services
    services.shutdown()


@pytest.fixture
def window(qtbot, services):
    from phocol_desktop.ui.main_window import MainWindow

    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.background.wait_idle()


@pytest.fixture
def photo(photos):
    return photos.camera


def wait_preview(qtbot, win, timeout=15_000):
    """Wait until the newest preview request has been delivered."""
    qtbot.waitUntil(lambda: win.preview_raster is not None and not win.previews.busy, timeout=timeout)


def open_photo(qtbot, win, path):
    win.open_path(path)
    qtbot.waitUntil(lambda: win.photo is not None, timeout=15_000)
    wait_preview(qtbot, win)
