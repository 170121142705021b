"""Work the window does in the background never fails silently: the user is told why the list is empty."""

from __future__ import annotations

import pytest

from phocol_desktop.domain.errors import ConfigError

pytestmark = pytest.mark.gui


def broken():
    raise ConfigError("The file is damaged.", "Erase it from the Privacy dashboard.")


def test_unreadable_recent_projects_are_said_in_the_status_bar(qtbot, window, services, monkeypatch):
    monkeypatch.setattr(services, "recent_projects", broken)
    window.refresh_recent()
    qtbot.waitUntil(lambda: "Recent projects could not be read" in window.status_label.text(), timeout=10_000)
    assert "The file is damaged." in window.status_label.text() and window._recent == []


def test_unreadable_crash_logs_are_said_in_the_dialog(qtbot, window, services, monkeypatch):
    from phocol_desktop.ui.support_dialogs import CrashLogsDialog

    monkeypatch.setattr(services, "crash_logs", broken)
    dialog = CrashLogsDialog(services, window.background, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "could not be read" in dialog.text.toPlainText(), timeout=10_000)
    assert "The file is damaged." in dialog.text.toPlainText() and dialog.table.rowCount() == 0
