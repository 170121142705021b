"""Issue #16 items 1–3 in the GUI: no dead end out of limited mode, a reversible support-bundle consent, and a
control for every privacy setting, each recorded in the ledger."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from phocol_desktop.privacy.gate import BLUETOOTH, CAMERA, SHARE_ONCE
from phocol_desktop.ui.consent_dialogs import NoticeDialog
from tests.ui.test_privacy_gui import click_and_settle, open_dashboard

pytestmark = pytest.mark.gui


def answer_notice_when_shown(answer: str, seen: list, tries: int = 500) -> None:
    """Click ``answer`` on the notice dialog as soon as it is modal (its exec() blocks the caller); gives up
    after ``tries`` × 20 ms so no timer outlives the test."""

    def poke(left: int = tries) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, NoticeDialog):
            if left:
                QTimer.singleShot(20, lambda: poke(left - 1))
            return
        seen.append([b.text() for b in dialog.buttons.values()])
        dialog.buttons[answer].click()

    QTimer.singleShot(0, poke)


def records(services, type_=None):
    return [r for r in services.privacy.store.records if type_ is None or r["type"] == type_]


def test_disagree_then_reopen_the_notice_from_the_dashboard_then_agree_and_allow_works(qtbot, services):
    services.pending_notice()
    services.notice_answered("disagreed")
    dashboard = open_dashboard(qtbot, services)
    assert dashboard.limited_banner.isVisibleTo(dashboard)
    allow = dashboard.permission_buttons[BLUETOOTH]["allow"]
    assert not allow.isEnabled() and allow.property("blocked") == "limited_mode"
    assert "Privacy notice" in allow.toolTip() and "agree" in allow.toolTip()  # says why and how
    hint = dashboard.findChild(type(dashboard.banner), f"blocked_{BLUETOOTH}")
    assert hint is not None and "limited mode" in hint.text()  # said inline too
    assert dashboard.permission_buttons[BLUETOOTH]["deny"].isEnabled()  # refusing is never blocked

    seen: list = []
    answer_notice_when_shown("agreed", seen)
    qtbot.mouseClick(dashboard.review_notice_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not services.limited_mode() and dashboard.loaded, timeout=10_000)
    assert len(seen) == 1 and len(seen[0]) == 2  # Agree and Disagree, side by side
    acks = [r["payload"] for r in records(services, "notice_ack")]
    assert [a["decision"] for a in acks] == ["disagreed", "agreed"] and acks[-1]["reason"] == "review"
    assert not dashboard.limited_banner.isVisibleTo(dashboard)

    allow = dashboard.permission_buttons[BLUETOOTH]["allow"]
    assert allow.isEnabled()
    click_and_settle(qtbot, dashboard, allow)
    assert services.gate.state_of(BLUETOOTH) == "granted"
    services.gate.require(BLUETOOTH, feature="bt_scan")  # Allow works: no PurposeDenied


def test_the_main_window_shows_a_way_out_of_limited_mode(qtbot, services):
    from phocol_desktop.ui.main_window import MainWindow

    services.pending_notice()
    services.notice_answered("dismissed")
    window = MainWindow(services)
    qtbot.addWidget(window, before_close_func=lambda w: w.background.wait_idle())
    window.show()
    assert window.limited_banner.isVisible() and not window.printer_panel.scan.isEnabled()
    privacy_menu = next(a.menu() for a in window.menuBar().actions() if "rivacy" in a.text())
    notice_action = next(a for a in privacy_menu.actions() if "notice" in a.text().lower())
    answer_notice_when_shown("agreed", [])
    notice_action.trigger()
    qtbot.waitUntil(lambda: not window.limited_banner.isVisible(), timeout=10_000)
    assert window.printer_panel.scan.isEnabled() and not services.limited_mode()
    # and back: the banner's own button shows the same notice, and disagreeing again is as easy
    answer_notice_when_shown("disagreed", [])
    notice_action.trigger()
    qtbot.waitUntil(lambda: window.limited_banner.isVisible(), timeout=10_000)
    seen: list = []
    answer_notice_when_shown("agreed", seen)
    qtbot.mouseClick(window.review_notice_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.limited_banner.isVisible(), timeout=10_000)
    assert seen


def test_the_support_bundle_consent_can_be_withdrawn_and_given_back(qtbot, services, tmp_path):
    dashboard = open_dashboard(qtbot, services)
    buttons = dashboard.permission_buttons[SHARE_ONCE]
    assert set(buttons) == {"ask_every_time", "deny"}  # "Allow" here means: ask me each time
    click_and_settle(qtbot, dashboard, buttons["deny"])
    assert services.gate.state_of(SHARE_ONCE) == "denied"
    plan = services.bundle_preview()
    with pytest.raises(Exception, match="turned off"):
        services.create_bundle(tmp_path / "refused.zip", plan, ask=lambda _r: "allow_once")
    allow = dashboard.permission_buttons[SHARE_ONCE]["ask_every_time"]
    assert allow.isEnabled() and allow.text() == "Allow"
    click_and_settle(qtbot, dashboard, allow)
    assert services.gate.state_of(SHARE_ONCE) == "ask_every_time"
    asked = []
    out = services.create_bundle(tmp_path / "bundle.zip", plan, ask=lambda r: asked.append(r.purpose_id) or
                                 "allow_once")
    assert out.exists() and asked == [SHARE_ONCE]


def test_ask_every_time_is_a_button_and_a_record(qtbot, services):
    dashboard = open_dashboard(qtbot, services)
    before = len(records(services))
    click_and_settle(qtbot, dashboard, dashboard.permission_buttons[CAMERA]["ask_every_time"])
    assert services.gate.state_of(CAMERA) == "ask_every_time"
    new = records(services)[before:]
    assert [r["type"] for r in new] == ["permission_result"] and new[0]["payload"]["decision"] == "ask_every_time"
    assert not dashboard.permission_buttons[CAMERA]["ask_every_time"].isEnabled()
    assert dashboard.permission_buttons[CAMERA]["ask_every_time"].toolTip() == "Already asks every time."


def test_pause_jurisdiction_and_unencrypted_storage_change_state_and_write_a_record(qtbot, services):
    dashboard = open_dashboard(qtbot, services)
    dashboard.show_tab("data")
    before = len(records(services))
    dashboard.pause_boxes["print_history"].click()
    qtbot.waitUntil(lambda: dashboard.loaded and len(records(services)) == before + 1, timeout=10_000)
    assert services.privacy.paused() == ["print_history"]
    assert not services.privacy.data.recording("print_history")
    restrict = records(services)[-1]
    assert restrict["type"] == "rights_request" and restrict["payload"]["right"] == "restrict"
    assert dashboard.pause_boxes["print_history"].isChecked()  # redrawn from the new state

    combo = dashboard.jurisdiction
    combo.setCurrentIndex(combo.findData("EU"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: dashboard.loaded and services.privacy.jurisdiction() == "EU", timeout=10_000)
    change = records(services, "setting_change")[-1]
    assert change["payload"]["setting"] == "jurisdiction" and change["payload"]["value"] == "EU"
    assert change["jurisdiction"] == "EU"  # later records carry it in their envelope

    dashboard.unencrypted.click()
    qtbot.waitUntil(lambda: dashboard.loaded and services.privacy.unencrypted_storage_allowed(), timeout=10_000)
    change = records(services, "setting_change")[-1]
    assert change["payload"] == {**change["payload"], "setting": "store_unencrypted_without_keyring",
                                 "value": True, "previous": False}
    assert dashboard.unencrypted.isChecked()
    settings = json.loads(services.privacy.data.settings_store.path.read_text())
    assert settings["store_unencrypted_without_keyring"] is True and settings["jurisdiction"] == "EU"
    assert services.privacy.verify().ok


def test_retention_also_runs_on_a_timer_off_the_gui_thread(qtbot, window, services, monkeypatch):
    import threading

    from phocol_desktop.privacy.timebase import DAY

    assert window.retention_timer.isActive() and window.retention_timer.interval() == 60 * 60 * 1000
    old = services.privacy.clock.now() - 40 * DAY  # past the 30-day default
    services.privacy.data.recent_files.now = lambda: old
    services.privacy.data.recent_files.add("/tmp/a-long-time-ago.jpg")
    assert services.privacy.data.recent_files.count() == 1
    threads = []
    run = services.privacy.run_retention
    monkeypatch.setattr(services.privacy, "run_retention",
                        lambda: threads.append(threading.current_thread()) or run())
    window.retention_timer.timeout.emit()  # as if an hour had passed
    qtbot.waitUntil(lambda: any(r["type"] == "retention_purge" for r in services.privacy.store.records),
                    timeout=10_000)
    assert services.privacy.data.recent_files.count() == 0
    assert threads and threads[0] is not threading.main_thread()
    purge = [r for r in services.privacy.store.records if r["type"] == "retention_purge"]
    assert purge[-1]["payload"]["category"] == "recent_files" and purge[-1]["payload"]["deleted_count"] == 1
