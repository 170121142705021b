"""GUI start-up: QApplication, translations, the first-run notice, the main window.

Kept lean for start-up time (bench/startup.py): Qt widgets are imported here, everything heavier
(Pillow, bleak, the fake BlueZ) only when first used.
"""

from __future__ import annotations

import sys

from phocol_desktop.storage.paths import AppPaths


def create_application(argv: list[str] | None = None):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Phocol Desktop")
    app.setOrganizationName("Phocol")
    app.setApplicationDisplayName("Phocol Desktop")
    return app


def show_first_run_notice(services, parent=None) -> str:  # type: ignore[no-untyped-def]
    """Show the notice if the policy or catalog changed since the user last answered; record the answer."""
    from phocol_desktop.ui.consent_dialogs import NoticeDialog

    notice = services.pending_notice()
    if notice is None:
        return "unchanged"
    dialog = NoticeDialog(notice.summary_html, notice.policy_text, notice.version_raw, notice.sha256,
                          what_changed=notice.what_changed, parent=parent)
    services.notice_presented(surface="gui")
    dialog.exec()
    services.notice_answered(dialog.decision, scroll_reached_end=dialog.scroll_reached_end, surface="gui")
    return dialog.decision


def run_gui(paths: AppPaths, argv: list[str] | None = None, open_file: str | None = None) -> int:
    app = create_application(argv)
    from PySide6.QtCore import QLocale

    from phocol_desktop.services.app import AppServices
    from phocol_desktop.ui.i18n import install_translator
    from phocol_desktop.ui.main_window import MainWindow

    services = AppServices.start(paths)
    try:
        translator = install_translator(app, str(services.settings_get("language") or "system"))
        services.ui_locale = QLocale().name() if translator is not None else "en"  # e.g. "zh_CN"
        show_first_run_notice(services)
        window = MainWindow(services)
        window.show()
        if open_file:  # "Open with Phocol Desktop" / Send to: the file the OS handed over
            from pathlib import Path

            window.open_any(Path(open_file))
        return app.exec()
    finally:
        services.shutdown()
