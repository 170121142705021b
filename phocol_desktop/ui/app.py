"""GUI start-up: QApplication, translations, the first-run notice, the main window.

Kept lean for start-up time (bench/startup.py): Qt widgets are imported here, everything heavier
(Pillow, bleak, the fake BlueZ) only when first used.
"""

from __future__ import annotations

import sys
import time
from importlib import resources
from pathlib import Path

from phocol_desktop import APP_ID
from phocol_desktop.storage.paths import AppPaths

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)  # phocol_desktop/assets/icons/app-<N>.png, made by tools/icons.py


def app_icon():  # type: ignore[no-untyped-def]
    """The app icon at every size it ships in (PNG: no image-format plugin needed, even in the bundle)."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    folder = resources.files("phocol_desktop.assets").joinpath("icons")
    for size in ICON_SIZES:
        icon.addFile(str(folder.joinpath(f"app-{size}.png")))
    return icon


def create_application(argv: list[str] | None = None):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Phocol Desktop")
    app.setOrganizationName("Phocol")
    app.setApplicationDisplayName("Phocol Desktop")
    # Every window (main window, notice, dialogs) inherits the app's icon; the desktop file name is how
    # Wayland compositors and docks find the .desktop file and its icon (the window's app id).
    app.setWindowIcon(app_icon())
    app.setDesktopFileName(APP_ID)
    return app


def show_first_run_notice(services, parent=None) -> str:  # type: ignore[no-untyped-def]
    """Show the notice if the policy or catalog changed since the user last answered; record the answer."""
    from phocol_desktop.ui.consent_dialogs import NoticeDialog

    notice = services.pending_notice()
    if notice is None:
        return "unchanged"
    dialog = NoticeDialog(notice.summary_html, notice.policy_text, notice.version_raw, notice.sha256,
                          what_changed=notice.what_changed, parent=parent)
    dialog.exec()
    services.notice_answered(dialog.decision, scroll_reached_end=dialog.scroll_reached_end)
    return dialog.decision


def open_from_command_line(window, files: list[Path]) -> None:  # type: ignore[no-untyped-def]
    """Open what the desktop passed (the .desktop file's %F): a project, or else a photo or document."""
    if files:
        path = files[0]  # one document at a time: the editor holds one photo
        (window.open_project if path.suffix.lower() == ".phocol" else window.open_path)(path)


def smoke_test(app, window, ui_locale: str) -> int:  # type: ignore[no-untyped-def]
    """`gui --smoke-test`: the main window was shown and painted, with the app's icon and translations loadable;
    `ui=` names the UI language in use (zh_CN when the system language is Simplified Chinese).

    Used by the packaging tests (wheel and bundle) and bench/startup.py; prints one line and exits.
    """
    from PySide6.QtCore import QTimer, QTranslator

    result = {"code": 1}

    def check() -> None:
        try:
            painted = not window.grab().isNull() and window.isVisible()
            icon = not window.windowIcon().isNull()
            qm = str(resources.files("phocol_desktop.assets").joinpath("i18n").joinpath("phocol_zh_CN.qm"))
            translations = QTranslator().load(qm)
            ok = painted and icon and translations
            print(f"smoke-test {'ok' if ok else 'FAILED'}: platform={app.platformName()} window={painted} "
                  f"icon={icon} translations={translations} ui={ui_locale} painted_at={time.time():.3f}", flush=True)
            result["code"] = 0 if ok else 1
        finally:  # a failed check must still end the process
            window.close()
            app.quit()

    QTimer.singleShot(0, check)
    app.exec()
    return result["code"]


def run_gui(paths: AppPaths, argv: list[str] | None = None, *, files: list[Path] | None = None,
            smoke: bool = False) -> int:
    app = create_application(argv)
    from PySide6.QtCore import QLocale

    from phocol_desktop.services.app import AppServices
    from phocol_desktop.ui.i18n import install_translator
    from phocol_desktop.ui.main_window import MainWindow

    services = AppServices.start(paths)
    try:
        translator = install_translator(app, str(services.settings_get("language") or "system"))
        services.ui_locale = QLocale().name() if translator is not None else "en"  # e.g. "zh_CN"
        if smoke:  # no notice: the smoke test records nothing in the consent ledger
            window = MainWindow(services)
            window.show()
            return smoke_test(app, window, services.ui_locale)
        show_first_run_notice(services)
        window = MainWindow(services)
        window.show()
        open_from_command_line(window, files or [])
        return app.exec()
    finally:
        services.shutdown()
