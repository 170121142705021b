"""Honest storage: without a system keyring the recent-projects menu says the list lasts until the app quits
and leads to the storage choices (offscreen)."""

from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest

pytestmark = pytest.mark.gui


def _menu_texts(window):
    window._fill_recent()
    return [a.text() for a in window.recent_menu.actions()]


def test_no_keyring_is_said_where_recent_projects_are_offered(qtbot, app_paths, memory_keyring):
    from phocol_desktop.services.app import AppServices
    from phocol_desktop.ui.main_window import MainWindow

    keyring.set_keyring(keyring.backends.fail.Keyring())  # memory_keyring restores the in-memory one after
    services = AppServices.start(app_paths)
    try:
        window = MainWindow(services)
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: getattr(window, "_storage_mode", None) is not None, timeout=10_000)
        assert window._storage_mode == "memory"
        texts = _menu_texts(window)
        assert any("no system keyring" in t for t in texts)
        assert any("Storage choices" in t for t in texts)
        window.background.wait_idle()
    finally:
        services.shutdown()


def test_with_a_keyring_the_menu_makes_no_such_claim(qtbot, window):
    qtbot.waitUntil(lambda: getattr(window, "_storage_mode", None) is not None, timeout=10_000)
    assert window._storage_mode == "encrypted"
    assert not any("keyring" in t for t in _menu_texts(window))
