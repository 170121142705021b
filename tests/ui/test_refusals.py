"""A refusal is never silent: after saying no to Bluetooth, the printer panel says why and links to the
Bluetooth row of the privacy dashboard."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from phocol_desktop.privacy.gate import BLUETOOTH

pytestmark = pytest.mark.gui


def test_refusing_bluetooth_shows_why_and_allow_opens_the_dashboard_at_its_row(qtbot, window, services, monkeypatch):
    window.ask_permission = lambda request: "not_now"
    window.scan()
    note = window.printer_panel.bluetooth_note
    qtbot.waitUntil(lambda: "not allowed" in note.text(), timeout=10_000)
    assert note.isVisible() and 'href="allow"' in note.text()
    assert "Bluetooth" in window.status_label.text()
    assert window.printer_panel.scan.isEnabled(), "the user can ask again"

    focused = []

    def look_then_close() -> None:
        dashboard = window.privacy_dashboard
        if not dashboard.loaded or QApplication.focusWidget() is None \
                or QApplication.focusWidget().objectName() != f"allow_{BLUETOOTH}":
            qtbot.wait(20)
            return look_then_close_later()
        focused.append(QApplication.focusWidget().objectName())
        dashboard.reject()

    def look_then_close_later() -> None:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(30, look_then_close)

    look_then_close_later()
    note.linkActivated.emit("allow")  # the dashboard is modal: the timer above looks at it and closes it
    assert focused == [f"allow_{BLUETOOTH}"]


def test_a_standing_refusal_keeps_its_note_with_the_way_out(qtbot, window, services):
    services.privacy_decide(BLUETOOTH, "deny")
    window._apply_privacy_mode()
    assert "not allowed" in window.printer_panel.bluetooth_note.text()
    assert 'href="allow"' in window.printer_panel.bluetooth_note.text()
