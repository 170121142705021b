"""Help ▸ Create support bundle and Help ▸ Crash logs.

The bundle dialog lists every file the bundle will hold, with its size and what it is, before anything
is written (the user sees exactly what they would share); saving asks the "share once" permission each
time. Crash logs stay off until the user turns them on here or in the Privacy dashboard; then they can
read and delete each one, and turning them off deletes them all.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.ui.i18n import error_words
from phocol_desktop.ui.panels import named


def _size(n: int) -> str:
    return f"{n} B" if n < 1024 else f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


class BundleDialog(QDialog):
    """Shows the previewed contents; ``Save bundle…`` picks where, then the window writes it in the background."""

    def __init__(self, rows: list[tuple[str, int, str, tuple]], parent: QWidget | None = None) -> None:  # type: ignore[type-arg]
        """``rows``: ``BundlePlan.preview_words()``, worded here in the UI's language."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Create support bundle"))
        named(self, self.tr("Create support bundle"))
        self.resize(720, 420)
        self.target: Path | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "A support bundle helps Phocol support reproduce a printer problem. It stays on this computer until "
            "you send it yourself. Printer addresses are replaced by pseudonyms; your user name, computer name, "
            "home folder and photo names are removed. These files will be in it:"), self)
        intro.setWordWrap(True)
        named(intro, self.tr("About the support bundle"))
        layout.addWidget(intro)
        table = QTableWidget(len(rows), 3, self)
        named(table, self.tr("Bundle contents"))
        table.setHorizontalHeaderLabels([self.tr("File"), self.tr("Size"), self.tr("What it is")])
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        for r, (name, size, what, args) in enumerate(rows):
            words = QCoreApplication.translate("SupportBundle", what).format(*args)
            for c, value in enumerate((name, _size(size), words)):
                table.setItem(r, c, QTableWidgetItem(value))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(table, 1)
        buttons = QHBoxLayout()
        save = named(QPushButton(self.tr("Save bundle…"), self), self.tr("Save bundle"))
        cancel = named(QPushButton(self.tr("Cancel"), self), self.tr("Cancel support bundle"))
        for b in (save, cancel):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        buttons.addStretch(1)
        save.clicked.connect(self._choose)
        cancel.clicked.connect(self.reject)
        layout.addLayout(buttons)

    def _choose(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save support bundle"), "phocol-support.zip",
                                              self.tr("Zip archive (*.zip)"))
        if path:
            self.target = Path(path) if path.endswith(".zip") else Path(path + ".zip")
            self.accept()


class CrashLogsDialog(QDialog):
    def __init__(self, services, background, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.services = services
        self.background = background
        self.setWindowTitle(self.tr("Crash logs"))
        named(self, self.tr("Crash logs"))
        self.resize(760, 480)
        layout = QVBoxLayout(self)
        self.enabled = named(QCheckBox(self.tr("Keep a crash log on this computer when Phocol Desktop fails"), self),
                             self.tr("Keep crash logs"))
        self.enabled.setChecked(services.crash_logs_enabled())
        self.enabled.toggled.connect(self._toggle)
        layout.addWidget(self.enabled)
        note = QLabel(self.tr("Off unless you turn it on. Logs are redacted and never sent anywhere; turning this "
                              "off deletes them."), self)
        note.setWordWrap(True)
        named(note, self.tr("About crash logs"))
        layout.addWidget(note)
        row = QHBoxLayout()
        self.table = named(QTableWidget(0, 2, self), self.tr("Crash log list"))
        self.table.setHorizontalHeaderLabels([self.tr("When"), self.tr("Size")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.itemSelectionChanged.connect(self._show_selected)
        row.addWidget(self.table, 1)
        self.text = named(QPlainTextEdit(self), self.tr("Crash log text"))
        self.text.setReadOnly(True)
        row.addWidget(self.text, 2)
        layout.addLayout(row, 1)
        self.delete_button = named(QPushButton(self.tr("Delete this log"), self), self.tr("Delete this log"))
        self.delete_button.clicked.connect(self._delete)
        layout.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.logs = []
        self.refresh()

    def refresh(self) -> None:
        self.background.run(self.services.crash_logs, self._listed, self._unlisted)

    def _unlisted(self, exc: BaseException) -> None:
        """The list stays empty and the text pane says why (crash logs are encrypted files that can fail)."""
        self._listed([])
        reason = error_words(exc) if isinstance(exc, PhocolError) else type(exc).__name__
        self.text.setPlainText(self.tr("The crash logs could not be read: {0}").format(reason))

    def _listed(self, logs) -> None:  # type: ignore[no-untyped-def]
        from datetime import datetime

        self.logs = logs
        self.table.setRowCount(len(self.logs))
        for r, info in enumerate(self.logs):
            when = datetime.fromtimestamp(info.ts).strftime("%Y-%m-%d %H:%M:%S")
            self.table.setItem(r, 0, QTableWidgetItem(when))
            self.table.setItem(r, 1, QTableWidgetItem(_size(info.size)))
        self.text.clear()
        self.delete_button.setEnabled(bool(self.logs))

    def _selected(self):  # type: ignore[no-untyped-def]
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.logs[min(rows)] if rows else None

    def _show_selected(self) -> None:
        info = self._selected()
        if info is not None:
            self.background.run(lambda: self.services.crash_log_text(info.name), self.text.setPlainText,
                                lambda exc: self.text.setPlainText(str(exc)))

    def _delete(self) -> None:
        info = self._selected() or (self.logs[0] if self.logs else None)
        if info is not None:
            self.background.run(lambda: self.services.delete_crash_log(info.name), lambda _r: self.refresh(),
                                lambda _e: self.refresh())

    def _toggle(self, on: bool) -> None:
        self.background.run(lambda: self.services.set_crash_logs_enabled(on), lambda _r: self.refresh(),
                            lambda _e: self.refresh())
