"""The "Your data" dialogs of the privacy dashboard: a category's content, the erase plan (export first,
everything or one category) and the erase report with the steps only the user can take (unpairing).

They only word what ``PrivacyService`` returns (typed plan and report); the dashboard runs the work itself
off the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from phocol_desktop.ui.panels import named


class DataWords(QObject):
    """Category names, "not deleted" facts and OS steps in the UI's language (the services hold ids)."""

    def category(self, cid: str, fallback: str) -> str:
        return {
            "consent_ledger": self.tr("Consent and permission records"),
            "activity_log": self.tr("Activity log (7 days)"),
            "printers": self.tr("Known printer"),
            "print_history": self.tr("Print history"),
            "recent_files": self.tr("Recent files"),
            "crash_logs": self.tr("Crash logs"),
            "settings": self.tr("Settings"),
            "app_log": self.tr("Application log"),
            "cache": self.tr("Thumbnails and cache"),
            "keyring_items": self.tr("Encryption key in the system keyring"),
        }.get(cid, fallback)

    def storage(self, mode: str) -> str:
        return {"encrypted": self.tr("encrypted"), "memory": self.tr("in memory only"),
                "plaintext": self.tr("unencrypted file"), "file": self.tr("file")}.get(mode, mode)

    def not_deleted(self, key: str) -> str:
        return {
            "own_files": self.tr("Projects and exports you saved to places you chose (they are yours; delete them "
                                 "yourself)."),
            "os_permissions": self.tr("Permissions the operating system granted (Bluetooth pairing, macOS privacy "
                                      "settings, the Windows camera switch): the app cannot revoke them; the steps "
                                      "are listed after erasing."),
            "phocol_services": self.tr("Anything Phocol holds about you from its mobile app or services: ask Phocol "
                                       "by e-mail."),
        }.get(key, key)

    def os_step(self, step: str) -> str:
        key = step.split(":", 1)[0]
        return {
            "os_bluetooth_pairing": self.tr("Unpair the printer in the system Bluetooth settings (the app cannot "
                                            "remove a pairing)."),
            "macos_tcc": self.tr("macOS: run `tccutil reset All` for Phocol Desktop, or use System Settings ▸ "
                                 "Privacy & Security."),
            "windows_camera": self.tr("Windows: Settings ▸ Privacy & security ▸ Camera."),
        }.get(key, step)


class CategoryViewer(QDialog):
    """Read-only view of what one category holds (the same content the export writes)."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        named(self, title)
        self.resize(720, 480)
        layout = QVBoxLayout(self)
        self.text = named(QPlainTextEdit(self), self.tr("Content of {0}").format(title))
        self.text.setReadOnly(True)
        self.text.setPlainText(text or self.tr("(empty)"))
        layout.addWidget(self.text)
        close = named(QPushButton(self.tr("Close"), self), self.tr("Close"))
        close.clicked.connect(self.accept)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)


class ErasePlanDialog(QDialog):
    """What "Erase all my data" deletes and what it leaves, with "Export first" one click away."""

    def __init__(self, plan, export_first, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        words = DataWords(self)
        self.setWindowTitle(self.tr("Erase all my data"))
        named(self, self.tr("Erase all my data"))
        self.erase_confirmed = False
        layout = QVBoxLayout(self)
        items = self.tr("{0} item(s)")
        deleted = "".join(f"<li>{words.category(cid, title)}: {items.format(n)}</li>" for cid, title, n in plan.deleted)
        if plan.keyring_item:
            deleted += f"<li>{words.category('keyring_items', '')}</li>"
        kept = "".join(f"<li>{words.not_deleted(k)}</li>" for k in plan.not_deleted_keys)
        heading, not_heading = self.tr("This deletes from this computer:"), self.tr("It does not delete:")
        tip = self.tr("Export first if you want a copy; the export is not encrypted.")
        text = QLabel(f"<p>{heading}</p><ul>{deleted}</ul><p>{not_heading}</p><ul>{kept}</ul><p>{tip}</p>", self)
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        named(text, self.tr("What erasing deletes"))
        layout.addWidget(text)
        row = QHBoxLayout()
        self.export_button = named(QPushButton(self.tr("Export first…"), self), self.tr("Export first"))
        self.export_button.clicked.connect(lambda: export_first(self))
        self.erase_button = named(QPushButton(self.tr("Erase everything"), self), self.tr("Erase everything"))
        self.erase_button.clicked.connect(self._erase)
        self.keep_button = named(QPushButton(self.tr("Keep my data"), self), self.tr("Keep my data"))
        self.keep_button.clicked.connect(self.reject)
        for b in (self.export_button, self.erase_button, self.keep_button):
            b.setAutoDefault(False)
            row.addWidget(b)
        self.keep_button.setDefault(True)  # the destructive choice is never the Enter key
        layout.addLayout(row)

    def _erase(self) -> None:
        self.erase_confirmed = True
        self.accept()


class ErasureReportDialog(QDialog):
    """After erasing: what went, what could not be deleted, and the steps left to the user."""

    def __init__(self, report, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        words = DataWords(self)
        self.setWindowTitle(self.tr("Erased"))
        named(self, self.tr("Erase report"))
        layout = QVBoxLayout(self)
        items = self.tr("{0} item(s)")
        counts = "".join(f"<li>{words.category(cid, cid)}: {items.format(n)}</li>" for cid, n in report.counts.items())
        erased = self.tr("Erased from this computer:")
        html = f"<p><b>{erased}</b></p><ul>{counts}</ul>"
        if report.errors:
            errors = "".join(f"<li>{words.category(c, c)}</li>" for c in report.errors)
            failed = self.tr("Could not be fully deleted (try again, or delete the files by hand):")
            html += f"<p><b>{failed}</b></p><ul>{errors}</ul>"
        if report.os_permissions_left:
            steps = "".join(f"<li>{words.os_step(s)}</li>" for s in report.os_permissions_left)
            left = self.tr("Left for you to do in the operating system:")
            html += f"<p><b>{left}</b></p><ul>{steps}</ul>"
        if report.not_deleted:
            kept = self.tr("Not deleted: projects and exports you saved yourself, and anything Phocol holds from its "
                           "phone apps (ask Phocol by e-mail).")
            html += f"<p>{kept}</p>"
        self.text = QLabel(html, self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        named(self.text, self.tr("Erase report"))
        layout.addWidget(self.text)
        ok = named(QPushButton(self.tr("Close"), self), self.tr("Close"))
        ok.clicked.connect(self.accept)
        layout.addWidget(ok, 0, Qt.AlignmentFlag.AlignRight)
