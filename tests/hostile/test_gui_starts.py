"""Class 2 of issue #12: every file the app reads may be damaged in every way of the corpus, and the GUI
still starts; damaged configuration falls back to the defaults, damaged personal data is quarantined and
shown in the integrity banner, a damaged ledger fails closed."""

from __future__ import annotations

import json

import pytest

from phocol_desktop.storage.paths import resolve_paths
from tests.hostile.corpus import JSON_DAMAGE, special_file

pytestmark = [pytest.mark.gui, pytest.mark.timeout(300)]

# (file under the data root, kind): every file the app reads at start-up or on the first screen.
FILES = [
    ("config/settings.json", "config"),
    ("config/ui.json", "config"),
    ("config/printers.d/50-mine.json", "config"),
    ("data/privacy/usage.json", "personal"),
    ("data/privacy/activity.jsonl", "personal"),
    ("data/printers.bin", "personal"),
    ("data/history/print_history.bin", "personal"),
    ("data/history/recent_files.bin", "personal"),
    ("data/privacy/ledger.head", "ledger"),
    ("data/privacy/ledger-0001.jsonl", "ledger"),
]
WRONG_TYPES = {
    "config/settings.json": b'{"retention_days": [1, 2], "paused": 7, "jurisdiction": ["CN"], "language": {}}',
    "config/ui.json": b'{"window_geometry": 7, "last_edit": [1], "language": null}',
    "config/printers.d/50-mine.json": b'{"models": [{"id": "phocol.generic384", "dpi": "203", "media": {"presets": '
                                      b'[{"id": "x", "kind": "gap", "width_mm": -1, "length_mm": 100000}]}}]}',
    "data/privacy/usage.json": b'{"bt.discover_connect_print": 7}',
    "data/privacy/activity.jsonl": b'{"ts": 7, "purpose_id": []}\n',
    "data/printers.bin": b'{"address": 1, "name": [], "model_id": null}',
    "data/history/print_history.bin": b'{"entries": [{"ts": "yesterday"}]}',
    "data/history/recent_files.bin": b'{"entries": {"path": 1}}',
    "data/privacy/ledger.head": b'{"segment": "1", "seq": [], "hash": 7}',
    "data/privacy/ledger-0001.jsonl": b'{"ts": 7, "payload": []}\n',
}
DAMAGES = [*JSON_DAMAGE, "wrong_types", "fifo", "folder", "dev_zero", "huge_file"]


def _damage(root, rel, how):
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() or target.is_symlink():
        target.unlink()
    if how in ("fifo", "folder", "dev_zero"):
        cm = special_file(how, target.parent, target.name)
        cm.__enter__()  # FIFOs, folders and symlinks outlive the context: nothing to clean up
        return
    if how == "huge_file":
        with open(target, "wb") as fh:  # sparse: 300 MB that take no disk
            fh.truncate(300 * 1024 * 1024)
        return
    data = WRONG_TYPES[rel] if how == "wrong_types" else JSON_DAMAGE[how]
    if rel.endswith(".jsonl") and not data.endswith(b"\n"):
        data += b"\n"  # a complete line: a torn last line (a crash mid-write) is legitimately ignored
    target.write_bytes(data)


def _prepare(root, services_cls):
    """A data root with every file present and sound (a grant, a known printer, a history entry, usage)."""
    paths = resolve_paths(root)
    services = services_cls.start(paths)
    try:
        services.privacy.grant("bt.discover_connect_print")
        services.privacy.gate.require("bt.discover_connect_print", feature="bt_scan")
        services.privacy.data.printers.select("AA:BB:CC:DD:EE:FF", "Phocol", "phocol.generic384", now=1.0)
        services.privacy.data.print_history.add(model_id="phocol.generic384")
        services.privacy.data.settings_store.update(language="en")
        services.ui_state.set("window_geometry", "AAAA") if hasattr(services, "ui_state") else None
    finally:
        services.shutdown()
    return paths


@pytest.mark.parametrize(("rel", "kind"), FILES, ids=[f[0].rsplit("/", 1)[-1] for f in FILES])
def test_the_gui_starts_with_the_file_damaged_every_way(qtbot, tmp_path, rel, kind, capfd, caplog):
    from phocol_desktop.services.app import AppServices
    from phocol_desktop.ui.main_window import MainWindow

    failures = []
    for i, how in enumerate(DAMAGES):
        root = tmp_path / f"r{i}"
        paths = _prepare(root, AppServices)
        _damage(root, rel, how)
        try:
            services = AppServices.start(paths)
        except Exception as exc:  # the assertion below names the case
            failures.append(f"{how}: services did not start: {exc!r}")
            continue
        try:
            win = MainWindow(services)
            qtbot.addWidget(win)
            win.show()
            if win.grab().isNull() or not win.isVisible():
                failures.append(f"{how}: the window did not paint")
            services.privacy.data_categories()  # what the privacy dashboard reads: every store
            banner = services.privacy.integrity_banner()
            if rel.endswith(".jsonl") and how == "empty" and kind == "personal":
                win.close()
                continue  # an empty activity log is simply empty
            if kind in ("personal", "ledger") and not banner:
                failures.append(f"{how}: damaged {kind} data showed no integrity banner")
            if kind == "personal" and not any((paths.privacy / "quarantine").glob(f"{(root / rel).name}.*.damaged")):
                failures.append(f"{how}: damaged {rel} was not quarantined")
            if kind == "ledger":
                state = {r.id: r.state for r in services.privacy.purposes()}
                if state["bt.discover_connect_print"] != "denied":
                    failures.append(f"{how}: a damaged ledger did not fail closed")
            win.close()
        finally:
            services.shutdown()
    err = capfd.readouterr().err
    assert "Traceback" not in err
    assert not failures, "\n".join(failures)
    if kind == "config":  # the defaults apply, with one warning line naming the damaged file
        name = rel.rsplit("/", 1)[-1]
        assert any(r.levelname == "WARNING" and name in r.getMessage() for r in caplog.records)


def test_damaged_personal_data_is_acknowledged_once_and_the_banner_goes(tmp_path):
    from phocol_desktop.services.app import AppServices

    paths = _prepare(tmp_path / "r", AppServices)
    (paths.privacy / "usage.json").write_bytes(JSON_DAMAGE["deep_list"])
    services = AppServices.start(paths)
    try:
        services.privacy.gate.view()  # reads usage.json
        assert "usage.json" in services.privacy.integrity_banner()
        services.privacy.acknowledge_integrity()
        assert services.privacy.integrity_banner() is None
        assert json.loads(json.dumps(services.privacy.verify().as_dict()))["ok"] is True
    finally:
        services.shutdown()


def test_the_dashboard_banner_can_be_acknowledged_in_the_gui(qtbot, tmp_path):
    """Damaged personal data (or a failed ledger) shows the banner with "I have seen this"; one click records
    the acknowledgement and the banner goes. Screenshots in English and Chinese are written for review."""
    from PySide6.QtCore import Qt

    from phocol_desktop.services.app import AppServices
    from phocol_desktop.ui.i18n import install_translator
    from phocol_desktop.ui.privacy_dashboard import PrivacyDashboard

    paths = _prepare(tmp_path / "r", AppServices)
    (paths.privacy / "usage.json").write_bytes(JSON_DAMAGE["huge_int"])
    services = AppServices.start(paths)
    try:
        services.privacy.gate.view()  # reads (and quarantines) usage.json
        shots = {}
        for code in ("zh_CN", "en"):
            install_translator(qtbot_app(), code)
            dashboard = PrivacyDashboard(services, None)
            qtbot.addWidget(dashboard, before_close_func=lambda d: d.background.wait_idle())
            dashboard.show()
            qtbot.waitUntil(lambda d=dashboard: d.loaded, timeout=10_000)
            assert "usage.json" in dashboard.banner.text()
            assert ("损坏" in dashboard.banner.text()) == (code == "zh_CN")
            assert dashboard.acknowledge_button.isVisible()
            shots[code] = dashboard.grab()
            shots[code].save(str(tmp_path / f"dashboard-integrity-{code}.png"))
            if code == "en":
                qtbot.mouseClick(dashboard.acknowledge_button, Qt.MouseButton.LeftButton)
                qtbot.waitUntil(lambda d=dashboard: not d.acknowledge_button.isVisible(), timeout=10_000)
            else:
                assert dashboard.acknowledge_button.text() == "我已知悉"
                dashboard.close()
        assert services.privacy.integrity_banner() is None
        recs = [r for r in services.privacy.store.records if r["type"] == "integrity_event"]
        assert recs[-1]["payload"]["action"] == "acknowledged" and recs[-1]["payload"]["files"]
    finally:
        install_translator(qtbot_app(), "en")
        services.shutdown()


def qtbot_app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()
