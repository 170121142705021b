"""The privacy requirements a user meets in the GUI (PRIVACY.md AT-04/05/06/09/11/17/20/34/38)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollBar,
    QTableWidget,
    QWidget,
)

from phocol_desktop.privacy.gate import BLUETOOTH, Decision
from phocol_desktop.ui.consent_dialogs import NoticeDialog, PermissionPrompt
from phocol_desktop.ui.privacy_dashboard import PrivacyDashboard
from tests.ui.conftest import open_photo

pytestmark = pytest.mark.gui

INTERACTIVE = (QAbstractButton, QAbstractSlider, QAbstractSpinBox, QComboBox, QLineEdit, QListWidget, QTableWidget)


def spoken_name(widget: QWidget) -> str:
    """The name a screen reader announces (Qt falls back to a button's text when no name is set)."""
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name) if iface is not None else ""


def unnamed_controls(root: QWidget) -> list[str]:
    out = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, INTERACTIVE) or not w.isVisibleTo(root) or w.objectName().startswith("qt_"):
            continue
        if isinstance(w, QScrollBar):  # part of a scroll area, announced with it
            continue
        if not spoken_name(w).strip():
            out.append(f"{type(w).__name__}({w.objectName()})")
    return out


def run_modal(action, inspect, ready=lambda dialog: getattr(dialog, "loaded", True)):
    """Trigger something that opens a modal dialog; ``inspect(dialog)`` runs once it is up and ``ready``, then
    it closes."""
    seen = {}

    def poke():
        dialog = QApplication.activeModalWidget()
        if dialog is None or not ready(dialog):
            QTimer.singleShot(20, poke)
            return
        try:
            seen["result"] = inspect(dialog)
        finally:
            dialog.close()

    QTimer.singleShot(0, poke)
    action()
    return seen.get("result")


def test_at04_the_full_policy_with_version_and_hash_is_two_clicks_away(qtbot, window, services):
    privacy_menu = next(a.menu() for a in window.menuBar().actions() if "rivacy" in a.text())
    policy_action = next(a for a in privacy_menu.actions() if "policy" in a.text().lower())  # click 1: menu; 2: item

    def inspect(dialog):
        assert isinstance(dialog, PrivacyDashboard)
        page = dialog.tabs.currentWidget()
        texts = " ".join(w.text() for w in page.findChildren(QWidget) if hasattr(w, "text") and callable(w.text))
        body = next(w for w in page.findChildren(QWidget) if w.accessibleName() == "Privacy policy text")
        return texts, body.toPlainText()

    header, text = run_modal(policy_action.trigger, inspect)
    policy = services.policy()
    assert policy.version_raw == "03,01, 2025" and policy.version_raw in header and policy.sha256 in header
    assert text == policy.text.replace("\u00a0", " ") and len(text) > 1000  # Qt reports NBSP as a space


def test_at05_notice_buttons_are_equal_none_default_and_escape_is_a_recorded_refusal(qtbot):
    dialog = NoticeDialog("<p>summary</p>", "policy text", "03,01, 2025", "ab" * 32)
    qtbot.addWidget(dialog)
    dialog.show()
    buttons = [b for b in dialog.findChildren(QPushButton) if b.objectName().startswith("choice_")]
    assert len(buttons) == 2
    assert len({type(b) for b in buttons}) == 1
    assert len({(b.sizeHint().height(), b.font().toString(), b.styleSheet()) for b in buttons}) == 1
    assert not any(b.isDefault() or b.autoDefault() for b in buttons)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.decision == "dismissed"


def test_at05_permission_prompt_offers_equal_choices_and_escape_refuses(qtbot):
    prompt = PermissionPrompt("Bluetooth", "why", "what", ("allow", "allow_once", "not_now"))
    qtbot.addWidget(prompt)
    prompt.show()
    buttons = [b for b in prompt.findChildren(QPushButton) if b.objectName().startswith("choice_")]
    assert [b.objectName() for b in buttons] == ["choice_allow", "choice_allow_once", "choice_not_now"]
    assert not any(b.isDefault() or b.autoDefault() for b in buttons)
    assert len({b.sizePolicy().horizontalPolicy() for b in buttons}) == 1
    qtbot.keyClick(prompt, Qt.Key.Key_Escape)
    assert prompt.decision == "dismissed"


def test_at09_denying_bluetooth_keeps_editing_saving_and_export_working(qtbot, window, services, photo, tmp_path):
    services.gate.set_decision(BLUETOOTH, Decision.DENY)
    asked = []
    window.ask_permission = lambda request: asked.append(request) or "allow"
    window.scan()
    qtbot.waitUntil(lambda: "not allowed" in window.printer_panel.bluetooth_note.text(), timeout=10_000)
    assert asked == []  # a standing refusal is not re-asked: no nagging
    open_photo(qtbot, window, photo)
    project, png = tmp_path / "p.phocol", tmp_path / "paper.png"
    window.save_project(project)
    raster = window.preview_raster
    window.background.run(lambda: services.export_png(png, raster), lambda _r: None, pytest.fail)
    qtbot.waitUntil(lambda: project.exists() and png.exists(), timeout=10_000)


def test_at11_not_now_is_asked_once_per_user_action_and_never_by_itself(qtbot, window, services):
    asked = []
    window.ask_permission = lambda request: asked.append(request.purpose_id) or "not_now"
    window.scan()
    qtbot.waitUntil(lambda: window.printer_panel.scan.isEnabled(), timeout=10_000)  # the answer came back
    assert asked == [BLUETOOTH]
    qtbot.wait(300)
    assert asked == [BLUETOOTH]  # no automatic re-prompt
    assert window._devices_started() is False  # nothing Bluetooth was created (AT-08)
    window.scan()  # the next user action may ask again, once
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=10_000)
    qtbot.waitUntil(lambda: window.printer_panel.scan.isEnabled(), timeout=10_000)
    assert asked == [BLUETOOTH, BLUETOOTH]


def open_dashboard(qtbot, services, parent=None):
    dashboard = PrivacyDashboard(services, None, parent)
    # Its own Background: let work in flight finish before the widget (and the relay it reports to) goes.
    qtbot.addWidget(dashboard, before_close_func=lambda d: d.background.wait_idle())
    dashboard.show()
    qtbot.waitUntil(lambda: dashboard.loaded, timeout=10_000)
    return dashboard


def click_and_settle(qtbot, dashboard, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dashboard.loaded, timeout=10_000)


def test_at17_at20_each_purpose_is_withdrawn_in_one_click_independently(qtbot, services):
    dashboard = open_dashboard(qtbot, services)
    allow = dashboard.permission_buttons[BLUETOOTH]["allow"]
    before = {row.purpose_id: row.state for row in services.privacy_rows()}
    click_and_settle(qtbot, dashboard, allow)  # one click to grant
    assert services.gate.state_of(BLUETOOTH) == "granted"
    records_before = len(services.gate.ledger.records)
    deny = dashboard.permission_buttons[BLUETOOTH]["deny"]
    click_and_settle(qtbot, dashboard, deny)  # one click to withdraw
    assert services.gate.state_of(BLUETOOTH) == "denied"
    new = services.gate.ledger.records[records_before:]
    assert [r["type"] for r in new].count("withdrawal") == 1
    after = {row.purpose_id: row.state for row in services.privacy_rows()}
    assert {k: v for k, v in after.items() if k != BLUETOOTH} == {k: v for k, v in before.items() if k != BLUETOOTH}
    labels = {b.text().lower() for b in dashboard.findChildren(QPushButton)}
    assert not any(phrase in label for label in labels for phrase in ("accept all", "allow all", "agree to all"))


def test_at34_activity_names_the_feature_and_can_be_cleared(qtbot, services):
    services.gate.set_decision(BLUETOOTH, Decision.ALLOW)
    services.gate.require(BLUETOOTH, feature="scan_printers")
    dashboard = open_dashboard(qtbot, services)
    table = dashboard.activity_table
    assert table.rowCount() == 1
    assert table.item(0, 2).text() == "scan_printers"
    assert "Bluetooth" in table.item(0, 1).text()
    row = next(r for r in services.privacy_rows() if r.purpose_id == BLUETOOTH)
    assert row.last_used is not None
    clear = next(b for b in dashboard.findChildren(QPushButton) if b.accessibleName() == "Clear activity list")
    click_and_settle(qtbot, dashboard, clear)
    assert dashboard.activity_table.rowCount() == 0


def test_at38_every_control_has_an_accessible_name(qtbot, window, services, photo):
    open_photo(qtbot, window, photo)
    assert unnamed_controls(window) == []
    dashboard = open_dashboard(qtbot, services, window)
    for i in range(dashboard.tabs.count()):
        dashboard.tabs.setCurrentIndex(i)
        assert unnamed_controls(dashboard) == [], dashboard.tabs.tabText(i)
    prompt = PermissionPrompt("Bluetooth", "why", "what", ("allow", "allow_once", "not_now"))
    qtbot.addWidget(prompt)
    prompt.show()
    assert unnamed_controls(prompt) == []


def test_at05_at06_escape_on_the_first_run_notice_is_recorded_and_limits_the_app(qtbot, services, photo, tmp_path):
    from phocol_desktop.ui.app import show_first_run_notice
    from phocol_desktop.ui.main_window import MainWindow

    assert services.pending_notice() is not None  # first run
    answer = run_modal(lambda: show_first_run_notice(services),
                       lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Escape))
    del answer
    acks = [r for r in services.privacy.store.records if r["type"] == "notice_ack"]
    assert [a["payload"]["decision"] for a in acks] == ["dismissed"]
    assert services.pending_notice() is None  # answered: no nagging at the next start
    assert services.limited_mode()

    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    assert not window.printer_panel.scan.isEnabled()
    assert not window.camera_action.isEnabled()
    assert "limited mode" in window.printer_panel.bluetooth_note.text()
    from tests.ui.conftest import open_photo as open_in

    open_in(qtbot, window, photo)  # the editor works
    window._edit_changed("contrast", 20)
    target = tmp_path / "limited.phocol"
    window.save_project(target)
    qtbot.waitUntil(target.exists, timeout=10_000)
    # ...and the policy is still two clicks away
    privacy_menu = next(a.menu() for a in window.menuBar().actions() if "rivacy" in a.text())
    assert any("policy" in a.text().lower() and a.isEnabled() for a in privacy_menu.actions())


def test_agreeing_records_the_policy_hash_and_keeps_every_permission_undecided(qtbot, services):
    from phocol_desktop.ui.app import show_first_run_notice

    def agree(dialog):
        qtbot.mouseClick(dialog.buttons["agreed"], Qt.MouseButton.LeftButton)

    run_modal(lambda: show_first_run_notice(services), agree)
    ack = next(r for r in services.privacy.store.records if r["type"] == "notice_ack")
    assert ack["payload"]["decision"] == "agreed"
    assert ack["payload"]["policy"]["sha256"] == services.policy().sha256
    assert not services.limited_mode()
    assert services.gate.state_of(BLUETOOTH) == "undetermined"  # a notice is not consent (M3)


def test_contact_hands_a_mailto_to_the_mail_app_and_records_the_request(qtbot, services, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    dashboard = open_dashboard(qtbot, services)
    dashboard.right.setCurrentIndex(dashboard.right.findData("delete"))
    write = next(b for b in dashboard.findChildren(QPushButton) if b.accessibleName() == "Write to Phocol")
    qtbot.mouseClick(write, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=10_000)
    assert len(opened) == 1 and opened[0].startswith("mailto:support@phocolprinter.com?")
    requests = [r for r in services.privacy.store.records if r["type"] == "rights_request"]
    assert requests[-1]["payload"]["right"] == "delete"


def test_at38_the_notice_and_prompt_exist_in_chinese_and_record_the_text_shown(qtbot, services):
    from phocol_desktop.ui.app import show_first_run_notice

    english = services.pending_notice()
    services.ui_locale = "zh_CN"
    chinese = services.pending_notice()
    assert chinese.locale == "zh_CN" and "蓝牙" in chinese.summary_html
    assert "Location" not in chinese.summary_html and "位置" in chinese.summary_html  # not-in-build list too
    assert chinese.text_sha256 != english.text_sha256  # each language has its own hash
    prompt_text = services.purpose_text(BLUETOOTH)
    assert "蓝牙" in prompt_text.title and "蓝牙" in prompt_text.rationale

    run_modal(lambda: show_first_run_notice(services),
              lambda dialog: qtbot.mouseClick(dialog.buttons["disagreed"], Qt.MouseButton.LeftButton))
    ack = next(r for r in services.privacy.store.records if r["type"] == "notice_ack")
    assert ack["payload"]["text"] == {"id": "notice.first_run", "sha256": chinese.text_sha256, "locale": "zh_CN"}
    assert ack["payload"]["policy"]["sha256"] == services.policy().sha256  # the (English) policy it refers to
