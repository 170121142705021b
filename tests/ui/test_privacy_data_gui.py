"""Issue #16 items 4, 5 and 7 in the GUI: what this build contains (the policy's SDKs, the components equal to
the SBOM), file opens in the activity log, and "Your data": counts, a viewer, the erase plan and its report."""

from __future__ import annotations

import json

import pytest
from PIL import Image
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from phocol_desktop.privacy.disclosures import POLICY_SDKS
from phocol_desktop.privacy.gate import FILES
from phocol_desktop.ui.privacy_data import CategoryViewer, ErasePlanDialog, ErasureReportDialog
from tests.ui.test_privacy_gui import open_dashboard

pytestmark = pytest.mark.gui


def when_modal(kind, act, seen: list | None = None, tries: int = 500) -> None:
    """Run ``act(dialog)`` once a modal dialog of ``kind`` is up (its exec() blocks whoever opened it); gives
    up after ``tries`` × 20 ms so no timer outlives the test."""

    def poke(left: int = tries) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            if left:
                QTimer.singleShot(20, lambda: poke(left - 1))
            return
        if seen is not None:
            seen.append(dialog)
        act(dialog)

    QTimer.singleShot(0, poke)


def settle(qtbot, dashboard) -> None:
    """Let the redraw that follows a change finish before the test (and its widgets) go away."""
    qtbot.waitUntil(lambda: dashboard.loaded, timeout=10_000)
    dashboard.background.wait_idle()


def table_rows(table, columns):
    return [tuple(table.item(r, c).text() for c in columns) for r in range(table.rowCount())]


def test_in_this_build_lists_every_policy_sdk_as_not_included_and_the_components_equal_the_sbom(
        qtbot, services, tmp_path, monkeypatch):
    dashboard = open_dashboard(qtbot, services)
    dashboard.show_tab("build")
    sdks = table_rows(dashboard.sdk_table, (0, 2))
    assert [name for name, _ in sdks] == [k.name for k in POLICY_SDKS] and len(sdks) == 16
    assert {status for _, status in sdks} == {"Not included in this build"}
    links = [dashboard.sdk_table.item(r, 3).text() for r in range(16)]
    assert all(k.link in text for k, text in zip(POLICY_SDKS, links, strict=True))  # shown as the policy gives them
    shown = table_rows(dashboard.components_table, (0, 1))
    target = tmp_path / "build.cdx.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    save = next(b for b in dashboard.findChildren(type(dashboard.review_notice_button))
                if b.accessibleName() == "Save the SBOM")
    save.click()
    qtbot.waitUntil(target.exists, timeout=10_000)
    sbom = json.loads(target.read_text())
    assert sbom["bomFormat"] == "CycloneDX" and sbom["specVersion"] == "1.5"
    assert shown == [(c["name"], c["version"]) for c in sbom["components"]]  # the same list, name by name
    assert {"bleak", "keyring", "cryptography"} <= {n.lower() for n, _v in shown}
    assert all(c["purl"].startswith("pkg:pypi/") for c in sbom["components"])
    dashboard.background.wait_idle()  # the "saved" callback, before the dashboard goes


def test_a_photo_opened_reaches_the_activity_log_and_the_files_row(qtbot, services, tmp_path):
    photo = tmp_path / "picked.jpg"
    Image.new("RGB", (64, 48), (200, 120, 40)).save(photo, "JPEG")
    services.open_photo(photo)
    dashboard = open_dashboard(qtbot, services)
    features = [(a.purpose_title, a.feature) for a in dashboard.data.activity]
    assert ("Files and photos you pick", "open_photo") in features
    state = dashboard.findChild(type(dashboard.banner), f"state_{FILES}")
    assert "never" not in state.text()


def test_your_data_counts_each_category_and_shows_its_content(qtbot, services, tmp_path):
    services.privacy.data.recent_files.add(tmp_path / "one.jpg")
    services.privacy.data.recent_files.add(tmp_path / "two.jpg")
    dashboard = open_dashboard(qtbot, services)
    dashboard.show_tab("data")
    rows = {r[0]: r[1] for r in table_rows(dashboard.categories_table, (0, 1))}
    assert rows["Recent files"] == "2" and int(rows["Consent and permission records"]) >= 1
    dashboard.category_buttons["recent_files"]["view"].click()
    qtbot.waitUntil(lambda: isinstance(getattr(dashboard, "viewer", None), CategoryViewer), timeout=10_000)
    viewer = dashboard.viewer
    assert "one.jpg" in viewer.text.toPlainText() and "two.jpg" in viewer.text.toPlainText()
    viewer.close()

    before = len(services.privacy.store.records)
    when_modal(QMessageBox, lambda box: next(b for b in box.buttons() if b.text() == "Erase").click())
    dashboard.category_buttons["recent_files"]["erase"].click()
    qtbot.waitUntil(lambda: dashboard.loaded and services.privacy.data.recent_files.count() == 0, timeout=10_000)
    erasure = services.privacy.store.records[before:]
    assert [r["type"] for r in erasure] == ["data_erasure"] and erasure[0]["payload"]["counts"] == {"recent_files": 2}
    qtbot.waitUntil(lambda: isinstance(getattr(dashboard, "erase_report", None), ErasureReportDialog), timeout=5000)
    assert "Recent files: 2 item(s)" in dashboard.erase_report.text.text()
    settle(qtbot, dashboard)


def test_erase_all_shows_the_plan_exports_first_then_reports_the_os_steps_left(qtbot, services, tmp_path,
                                                                                monkeypatch):
    services.privacy.data.recent_files.add(tmp_path / "kept.jpg")
    dashboard = open_dashboard(qtbot, services)
    dashboard.show_tab("data")
    export_dir = tmp_path / "exports"
    export_dir.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(export_dir))
    plans: list = []

    def export_then_erase(dialog: ErasePlanDialog) -> None:
        plans.append(dialog.findChildren(type(dashboard.banner))[0].text())
        dialog.export_button.click()

        def erase_when_exported() -> None:
            if not list(export_dir.glob("*.zip")):
                QTimer.singleShot(20, erase_when_exported)
                return
            dialog.erase_button.click()

        erase_when_exported()

    when_modal(ErasePlanDialog, export_then_erase)
    erase_all = next(b for b in dashboard.findChildren(type(dashboard.review_notice_button))
                     if b.accessibleName() == "Erase all my data")
    erase_all.click()
    qtbot.waitUntil(lambda: isinstance(getattr(dashboard, "erase_report", None), ErasureReportDialog),
                    timeout=15_000)
    plan = plans[0]
    assert "Recent files: 1 item(s)" in plan and "It does not delete" in plan
    assert len(list(export_dir.glob("phocol-privacy-export-*.zip"))) == 1  # export first, then erase
    report = dashboard.erase_report.text.text()
    assert "Unpair the printer" in report and "Recent files: 1 item(s)" in report
    assert services.privacy.data.recent_files.count() == 0
    assert [r["type"] for r in services.privacy.store.records][-1] == "data_erasure"
    settle(qtbot, dashboard)


def test_the_contact_page_states_the_childrens_age_rules_where_the_rights_are(qtbot, services):
    dashboard = open_dashboard(qtbot, services)
    dashboard.show_tab("contact")
    children = next(w for w in dashboard.findChildren(type(dashboard.banner)) if w.accessibleName() == "Children")
    assert "under 4" in children.text() and "under 14" in children.text() and "PIPL Art 31" in children.text()
    assert dashboard.right.findData("child_privacy") >= 0  # and the request is one choice away


def test_files_you_pick_pass_the_gate_and_are_refused_when_turned_off(qtbot, services, tmp_path):
    from phocol_desktop.domain.errors import PermissionDenied
    from tests.documents.pdfs import text_pdf

    pdf = tmp_path / "picked.pdf"
    pdf.write_bytes(text_pdf())
    services.documents.open(pdf)
    features = [e["feature"] for e in services.privacy.activity()]
    assert "open_document" in features
    services.privacy.revoke("files")
    photo = tmp_path / "p.png"
    Image.new("RGB", (30, 20)).save(photo)
    for opening in (lambda: services.open_photo(photo), lambda: services.documents.open(pdf)):
        with pytest.raises(PermissionDenied, match="turned off"):
            opening()
