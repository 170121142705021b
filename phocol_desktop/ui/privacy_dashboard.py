"""The privacy dashboard: every purpose with its state, last use and one-click Allow / Don't allow; the
7-day activity list; the consent record with its verification; export, erase and retention; what this
build contains; the policy; how to contact Phocol.

Reached from the main window in two clicks (Privacy menu -> Privacy dashboard, or the toolbar button),
in limited mode too (AT-04). Allow and Don't allow are the same widget class, size and colour role, and
neither is a default button (AT-05/AT-20): refusing is exactly as easy as accepting, and withdrawing
takes one click, never more than granting (AT-17). There is no "accept all".

Everything shown comes from one ``AppServices.privacy_snapshot()`` read on the background pool, and every
change (a decision, clearing, export, erase, verification) runs there too, so the dialog never freezes
on file I/O; ``loaded`` turns True when the newest snapshot is on screen.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.services.privacy_views import days_text
from phocol_desktop.ui.bridge import Background
from phocol_desktop.ui.i18n import policy_language_note
from phocol_desktop.ui.panels import named


def _clear_layout(layout) -> None:  # type: ignore[no-untyped-def]
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().deleteLater()
        elif item.layout() is not None:
            _clear_layout(item.layout())


TABS = ("permissions", "activity", "record", "data", "build", "policy", "contact")


def _wrapped(text: str, parent: QWidget, name: str) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    named(label, name)
    return label


def _table(parent: QWidget, name: str, headers: list[str], rows: list[tuple[str, ...]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers), parent)
    named(table, name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))
    table.horizontalHeader().setStretchLastSection(True)
    table.resizeColumnsToContents()
    return table


class PrivacyDashboard(QDialog):
    def __init__(self, services, background, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.services = services
        self.background = background or Background(self)
        self.loaded = False
        self.data = None
        self.permission_buttons: dict[str, tuple[QPushButton, QPushButton]] = {}
        self.setWindowTitle(self.tr("Privacy dashboard"))
        named(self, self.tr("Privacy dashboard"))
        self.resize(860, 620)
        layout = QVBoxLayout(self)
        self.banner = named(QLabel(self), self.tr("Consent record status"))
        self.banner.setWordWrap(True)
        layout.addWidget(self.banner)
        self.tabs = named(QTabWidget(self), self.tr("Privacy sections"))
        layout.addWidget(self.tabs)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        named(close, self.tr("Close privacy dashboard"))
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self._pages: dict[str, QWidget] = {}
        for key, title in zip(TABS, (self.tr("Permissions"), self.tr("Activity (7 days)"), self.tr("Consent record"),
                                     self.tr("Your data"), self.tr("In this build"), self.tr("Policy"),
                                     self.tr("Contact")), strict=True):
            page = QWidget(self)
            named(page, title)
            QVBoxLayout(page)
            self._pages[key] = page
            self.tabs.addTab(page, title)
        self.refresh()

    # -------------------------------------------------------------------------------------------- frame
    def show_tab(self, key: str) -> None:
        self.tabs.setCurrentIndex(TABS.index(key))

    def refresh(self) -> None:
        """Read everything again off the GUI thread, then redraw the pages (keeping the current tab)."""
        self.loaded = False
        self.background.run(self.services.privacy_snapshot, self._populate, self._error)

    def _after(self, work, tab: str) -> None:  # type: ignore[no-untyped-def]
        """Run a change off the GUI thread, then show the result on ``tab``."""
        self.loaded = False

        def done(_result: object) -> None:
            self.refresh()
            self.show_tab(tab)

        self.background.run(work, done, lambda exc: (self._error(exc), self.refresh()))

    def _populate(self, data) -> None:  # type: ignore[no-untyped-def]
        self.data = data
        current = self.tabs.currentIndex()
        for key, page in self._pages.items():
            layout = page.layout()
            while layout.count():
                item = layout.takeAt(0)
                if item.widget() is not None:
                    item.widget().deleteLater()
                elif item.layout() is not None:
                    _clear_layout(item.layout())
            getattr(self, f"_fill_{key}")(page, layout)
        self.tabs.setCurrentIndex(current)
        self._show_banner(data.status)
        self.loaded = True

    def _show_banner(self, status) -> None:  # type: ignore[no-untyped-def]
        self.banner.setText(status.text)
        self.banner.setStyleSheet("" if status.ok else "QLabel { font-weight: bold; }")

    def _error(self, exc: BaseException) -> None:
        text = exc.user_message() if isinstance(exc, PhocolError) else self.tr("Something went wrong: {0}").format(
            type(exc).__name__)
        QMessageBox.warning(self, self.tr("Privacy dashboard"), text)

    # -------------------------------------------------------------------------------------- permissions
    def _fill_permissions(self, page: QWidget, layout: QVBoxLayout) -> None:
        layout.addWidget(_wrapped(self.tr(
            "Each feature asks when you first use it. Change any decision here at any time; "
            "refusing never stops the editor from working."), page, self.tr("About permissions")))
        scroll = QScrollArea(page)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # text wraps instead
        body = QWidget(scroll)
        grid = QGridLayout(body)
        self.permission_buttons: dict[str, tuple[QPushButton, QPushButton]] = {}
        for row, p in enumerate(self.data.rows):
            box = QFrame(body)
            box.setFrameShape(QFrame.Shape.StyledPanel)
            named(box, p.title)
            v = QVBoxLayout(box)
            title = QLabel(f"<b>{p.title}</b>", box)
            title.setTextFormat(Qt.TextFormat.RichText)
            v.addWidget(title)
            v.addWidget(_wrapped(p.rationale, box, self.tr("Why {0} is needed").format(p.title)))
            state_text = self.tr("State: {0} · Last used: {1}").format(p.state_text, p.last_used or self.tr("never"))
            state = _wrapped(state_text, box, self.tr("State of {0}").format(p.title))
            state.setObjectName(f"state_{p.purpose_id}")
            v.addWidget(state)
            buttons = QHBoxLayout()
            allow = QPushButton(self.tr("Allow"), box)
            deny = QPushButton(self.tr("Don't allow"), box)
            for button, verb in ((allow, self.tr("Allow")), (deny, self.tr("Don't allow"))):
                named(button, f"{verb}: {p.title}")
                button.setObjectName(f"{'allow' if button is allow else 'deny'}_{p.purpose_id}")
                button.setAutoDefault(False)
                button.setDefault(False)
                button.setMinimumWidth(140)
                buttons.addWidget(button)
            allow.setEnabled(p.can_grant)
            deny.setEnabled(p.can_revoke)
            allow.clicked.connect(lambda _=False, pid=p.purpose_id: self._decide(pid, "allow"))
            deny.clicked.connect(lambda _=False, pid=p.purpose_id: self._decide(pid, "deny"))
            buttons.addStretch(1)
            v.addLayout(buttons)
            self.permission_buttons[p.purpose_id] = (allow, deny)
            grid.addWidget(box, row, 0)
        grid.setRowStretch(grid.rowCount(), 1)
        scroll.setWidget(body)
        layout.addWidget(scroll)

    def _decide(self, purpose_id: str, decision: str) -> None:
        for button in self.permission_buttons.get(purpose_id, ()):
            button.setEnabled(False)  # one click is one decision
        self._after(lambda: self.services.privacy_decide(purpose_id, decision), "permissions")

    # ----------------------------------------------------------------------------------------- activity
    def _fill_activity(self, page: QWidget, layout: QVBoxLayout) -> None:
        rows = [(a.when, a.purpose_title, a.feature) for a in self.data.activity]
        layout.addWidget(_wrapped(self.tr("Every use of a permission in the last 7 days, and the feature behind it."),
                                  page, self.tr("About activity")))
        self.activity_table = _table(page, self.tr("Activity list"),
                                     [self.tr("When"), self.tr("Permission"), self.tr("Feature")], rows)
        layout.addWidget(self.activity_table)
        clear = named(QPushButton(self.tr("Clear activity list"), page), self.tr("Clear activity list"))
        clear.clicked.connect(self._clear_activity)
        layout.addWidget(clear, 0, Qt.AlignmentFlag.AlignLeft)

    def _clear_activity(self) -> None:
        self._after(self.services.clear_activity, "activity")

    # ------------------------------------------------------------------------------------------- record
    def _fill_record(self, page: QWidget, layout: QVBoxLayout) -> None:
        layout.addWidget(_wrapped(self.tr(
            "Every decision you make is kept in an append-only record on this computer. Each entry is chained "
            "to the one before, so a change to any of them is noticed (tamper-evident, not tamper-proof); "
            "if the check fails, a banner says so and the affected permissions count as refused."),
            page, self.tr("About the consent record")))
        rows = [(str(r.seq), r.when, r.kind, r.summary) for r in self.data.ledger]
        self.record_table = _table(page, self.tr("Consent record"),
                                   [self.tr("#"), self.tr("When"), self.tr("Event"), self.tr("Details")], rows)
        layout.addWidget(self.record_table)
        verify = named(QPushButton(self.tr("Verify the record now"), page), self.tr("Verify the record now"))
        verify.clicked.connect(self._verify)
        layout.addWidget(verify, 0, Qt.AlignmentFlag.AlignLeft)

    def _verify(self) -> None:
        self.background.run(self.services.verify_ledger, self._show_banner, self._error)

    # --------------------------------------------------------------------------------------------- data
    def _fill_data(self, page: QWidget, layout: QVBoxLayout) -> None:
        layout.addWidget(_wrapped(self.tr(
            "Export saves a copy of everything Phocol Desktop keeps about you (settings, printers, history, "
            "the consent record) as JSON plus a readable summary. Erase deletes all of it from this computer "
            "and starts over. There is no account: erasing is not logging out, it removes the data itself."),
            page, self.tr("About your data")))
        row = QHBoxLayout()
        export = named(QPushButton(self.tr("Export my data…"), page), self.tr("Export my data"))
        erase = named(QPushButton(self.tr("Erase all my data…"), page), self.tr("Erase all my data"))
        export.clicked.connect(self._export)
        erase.clicked.connect(self._erase)
        row.addWidget(export)
        row.addWidget(erase)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(QLabel(f"<b>{self.tr('How long data is kept')}</b>", page))
        grid = QGridLayout()
        for r, rule in enumerate(self.data.retention):
            grid.addWidget(_wrapped(rule.title, page, rule.title), r, 0)
            grid.addWidget(_wrapped(rule.text, page, self.tr("Rule for {0}").format(rule.title)), r, 1)
            choice = named(QComboBox(page), self.tr("How long to keep {0}").format(rule.title))
            for days in rule.choices:
                choice.addItem(days_text(days), days)
            choice.setCurrentIndex(max(0, rule.choices.index(rule.days) if rule.days in rule.choices else 0))
            choice.setEnabled(len(rule.choices) > 1)
            choice.activated.connect(lambda _i, cat=rule.category, box=choice: self._retention(cat, box.currentData()))
            grid.addWidget(choice, r, 2)
        layout.addLayout(grid)
        layout.addStretch(1)

    def _retention(self, category: str, days: int | None) -> None:
        self.background.run(lambda: self.services.set_retention(category, days), lambda _r: None, self._error)

    def _export(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export my data to…"))
        if folder:
            self.background.run(lambda: self.services.export_data(Path(folder)), self._exported, self._error)

    def _exported(self, paths) -> None:  # type: ignore[no-untyped-def]
        QMessageBox.information(self, self.tr("Export finished"), self.tr("Saved:\n{0}").format(
            "\n".join(str(p) for p in paths)))

    def _erase(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Erase all my data"), self.tr(
            "This deletes your settings, printers, history, crash logs and the consent record from this "
            "computer. Photos and projects you saved yourself stay where you put them. Continue?"),
            QMessageBox.StandardButton.NoButton, self)
        erase = box.addButton(self.tr("Erase"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(self.tr("Keep my data"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        if box.clickedButton() is erase:
            self.background.run(self.services.erase_all, lambda _r: self._erased(), self._error)

    def _erased(self) -> None:
        self.refresh()
        QMessageBox.information(self, self.tr("Erased"), self.tr("All data Phocol Desktop kept has been erased."))

    # -------------------------------------------------------------------------------------------- build
    def _fill_build(self, page: QWidget, layout: QVBoxLayout) -> None:
        d = self.data.disclosures
        layout.addWidget(_wrapped(self.tr(
            "The Phocol privacy policy covers the phone apps too. This is what this desktop build actually does."),
            page, self.tr("About this build")))
        layout.addWidget(_table(page, self.tr("Used in this build"), [self.tr("Purpose"), self.tr("What happens")],
                                [(p.title, p.text) for p in d.used]))
        layout.addWidget(_table(page, self.tr("Not in this build"), [self.tr("Purpose"), self.tr("Status")],
                                [(p.title, p.text) for p in d.not_used]))
        layout.addWidget(_table(page, self.tr("Components in this build"),
                                [self.tr("Component"), self.tr("Version"), self.tr("Why")],
                                [(c.name, c.version, c.why) for c in d.components]))
        layout.addWidget(_wrapped(d.sdk_note, page, self.tr("Third-party SDKs")))

    # ------------------------------------------------------------------------------------------- policy
    def _fill_policy(self, page: QWidget, layout: QVBoxLayout) -> None:
        policy = self.data.policy
        layout.addWidget(_wrapped(self.tr("Version {0} · SHA-256 {1}").format(policy.version_raw, policy.sha256),
                                  page, self.tr("Policy version")))
        layout.addWidget(_wrapped(policy_language_note(policy.sha256), page, self.tr("Policy language note")))
        text = named(QPlainTextEdit(page), self.tr("Privacy policy text"))
        text.setReadOnly(True)
        text.setPlainText(policy.text)
        layout.addWidget(text)

    def _write(self) -> None:
        """Hand a mailto: to the user's own e-mail app (the app itself sends nothing); recorded as a request."""
        right = self.right.currentData()

        def open_mail(request) -> None:  # type: ignore[no-untyped-def]
            QDesktopServices.openUrl(QUrl(request.mailto))
            QGuiApplication.clipboard().setText(f"{request.address}\n{request.subject}\n\n{request.body}")

        # The request is recorded first (a ledger line, off the GUI thread), then the mail app opens.
        self.background.run(lambda: self.services.contact_request(right), open_mail, self._error)

    # ------------------------------------------------------------------------------------------ contact
    def _fill_contact(self, page: QWidget, layout: QVBoxLayout) -> None:
        c = self.data.contact
        layout.addWidget(_wrapped(c.text, page, self.tr("How to contact Phocol")))
        row = QHBoxLayout()
        self.right = named(QComboBox(page), self.tr("Which right"))
        for key, label in self.data.rights:
            self.right.addItem(label, key)
        write = named(QPushButton(self.tr("Write to Phocol…"), page), self.tr("Write to Phocol"),
                      self.tr("Opens your own e-mail app with the request filled in; nothing is attached"))
        write.clicked.connect(self._write)
        copy = named(QPushButton(self.tr("Copy e-mail address"), page), self.tr("Copy e-mail address"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(c.email))
        row.addWidget(self.right)
        row.addWidget(write)
        row.addWidget(copy)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(_wrapped(c.complaint, page, self.tr("Complaints")))
        layout.addWidget(_wrapped(c.incidents, page, self.tr("Incident notices")))
        layout.addStretch(1)
