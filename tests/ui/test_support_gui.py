"""Help ▸ Create support bundle (previewed, asked each time, redacted) and Help ▸ Crash logs (opt-in)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QPushButton, QTableWidget

from phocol_desktop.ui.support_dialogs import BundleDialog, CrashLogsDialog
from tests.ui.conftest import open_photo
from tests.ui.test_print_flow import print_and_wait
from tests.ui.test_privacy_gui import run_modal

pytestmark = pytest.mark.gui


def test_a_bundle_is_previewed_asked_for_and_holds_the_last_print_trace(qtbot, window, services, photo, tmp_path,
                                                                       monkeypatch):
    open_photo(qtbot, window, photo)
    print_and_wait(qtbot, window)
    target = tmp_path / "support.zip"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    asked = []
    window.ask_permission = lambda request: asked.append(request.purpose_id) or str(request.options[0])

    def inspect(dialog):
        assert isinstance(dialog, BundleDialog)
        rows = dialog.findChildren(QTableWidget)[0]
        names = [rows.item(r, 0).text() for r in range(rows.rowCount())]
        next(b for b in dialog.findChildren(QPushButton) if b.accessibleName() == "Save bundle").click()
        return names

    names = run_modal(window.support_bundle_now, inspect)
    assert "manifest.json" in names
    qtbot.waitUntil(target.exists, timeout=15_000)
    qtbot.waitUntil(lambda: "Saved the support bundle" in window.status_label.text(), timeout=15_000)
    assert asked == ["diag.share_once"]
    assert target.stat().st_mode & 0o777 == 0o600
    with zipfile.ZipFile(target) as z:
        assert sorted(z.namelist()) == sorted(names)
        blob = b"".join(z.read(n) for n in z.namelist())
    assert str(tmp_path).encode() not in blob and photo.name.encode() not in blob
    assert any(n.endswith(".btsnoop") for n in names)  # the virtual print's trace, for Wireshark


def test_refusing_to_share_writes_nothing(qtbot, window, tmp_path, monkeypatch):
    target = tmp_path / "support.zip"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.ask_permission = lambda request: "not_now"

    def save(dialog):
        next(b for b in dialog.findChildren(QPushButton) if b.accessibleName() == "Save bundle").click()

    run_modal(window.support_bundle_now, save)
    qtbot.waitUntil(lambda: "not allowed" in window.status_label.text().lower(), timeout=15_000)
    assert not target.exists()


def test_crash_logs_are_off_until_turned_on_and_turning_off_deletes_them(qtbot, services, window):
    dialog = CrashLogsDialog(services, window.background, window)
    qtbot.addWidget(dialog)
    assert not dialog.enabled.isChecked()
    assert not services.crash_logs_enabled()
    dialog.enabled.setChecked(True)
    qtbot.waitUntil(services.crash_logs_enabled, timeout=5_000)
    home = str(Path.home())
    name = services.privacy.record_crash(f"Traceback: boom in {home}/Pictures/cat.jpg")
    assert name is not None
    dialog.refresh()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5_000)
    dialog.table.selectRow(0)
    qtbot.waitUntil(lambda: "boom" in dialog.text.toPlainText(), timeout=5_000)
    assert home not in dialog.text.toPlainText()  # redacted when kept
    dialog.enabled.setChecked(False)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0 and not services.crash_logs(), timeout=5_000)
