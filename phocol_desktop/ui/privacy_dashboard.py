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

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.privacy.disclosures import LICENCE_NOT_DECLARED
from phocol_desktop.services.privacy_actions import Blocked
from phocol_desktop.services.privacy_views import FACT_WORDS, RECORD_CONTEXT, RECORD_WORDS, VALUE_WORDS
from phocol_desktop.ui.bridge import Background
from phocol_desktop.ui.i18n import error_words, policy_language_note
from phocol_desktop.ui.panels import named
from phocol_desktop.ui.privacy_data import DataWords


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


def _licence_words(licence: str) -> str:
    """A component's licence as its authors declare it (SPDX), or our translated "see distribution"."""
    return QCoreApplication.translate("Disclosures", licence) if licence == LICENCE_NOT_DECLARED else licence


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
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
        banner_row = QHBoxLayout()
        self.banner = named(QLabel(self), self.tr("Consent record status"))
        self.banner.setWordWrap(True)
        banner_row.addWidget(self.banner, 1)
        # After an integrity failure the banner stays until the user says they have seen it (or decides again).
        self.acknowledge_button = named(QPushButton(self.tr("I have seen this"), self),
                                        self.tr("Acknowledge the integrity notice"))
        self.acknowledge_button.clicked.connect(self._acknowledge)
        self.acknowledge_button.hide()
        banner_row.addWidget(self.acknowledge_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(banner_row)
        self.limited_banner = QFrame(self)
        self.limited_banner.setFrameShape(QFrame.Shape.StyledPanel)
        limited_row = QHBoxLayout(self.limited_banner)
        limited_row.addWidget(_wrapped(self.tr(
            "Limited mode: you disagreed with the privacy notice, so Bluetooth and the camera stay off. "
            "Read the notice again to change your answer."), self.limited_banner, self.tr("Limited mode")), 1)
        self.review_notice_button = named(QPushButton(self.tr("Review the privacy notice…"), self.limited_banner),
                                          self.tr("Review the privacy notice"))
        self.review_notice_button.clicked.connect(self.review_notice)
        limited_row.addWidget(self.review_notice_button)
        self.limited_banner.hide()
        layout.addWidget(self.limited_banner)
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
        self.limited_banner.setVisible(bool(data.settings and data.settings.limited_mode))
        self.loaded = True

    def review_notice(self) -> None:
        """Show the notice again with equal Agree / Disagree; the answer is recorded and the page redrawn."""
        from phocol_desktop.ui.consent_dialogs import review_notice

        self.loaded = False
        review_notice(self.services, self.background, self, lambda _answer: self.refresh())

    def _show_banner(self, status) -> None:  # type: ignore[no-untyped-def]
        text = status.text
        if status.damaged_files:  # worded here, in the user's language (the service gives the file names)
            damaged = self.tr(
                "Some of your data on this computer was damaged: {0}. What it held is not shown; no permission "
                "was granted by it and nothing left this computer. The damaged file was moved to quarantine (kept "
                "as evidence, included in an export) and started empty. You can export your data to keep a copy, "
                "then press \"I have seen this\".").format(", ".join(status.damaged_files))
            text = f"{text}\n\n{damaged}" if text else damaged
        self.banner.setText(self.tr("Consent record verified: {0} entries, chain intact. Your data stays on this "
                                    "computer.").format(status.count) if status.ok else text)
        self.banner.setStyleSheet("" if status.ok else "QLabel { font-weight: bold; }")
        self.acknowledge_button.setVisible(not status.ok)

    def _acknowledge(self) -> None:
        self.acknowledge_button.setEnabled(False)

        def done(status) -> None:  # type: ignore[no-untyped-def]
            self.acknowledge_button.setEnabled(True)
            self._show_banner(status)

        self.background.run(self.services.acknowledge_integrity, done, self._error)

    def _error(self, exc: BaseException) -> None:
        text = error_words(exc) if isinstance(exc, PhocolError) else self.tr("Something went wrong: {0}").format(
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
        self.permission_buttons: dict[str, dict[str, QPushButton]] = {}
        for row, p in enumerate(self.data.rows):
            box = QFrame(body)
            box.setFrameShape(QFrame.Shape.StyledPanel)
            named(box, p.title)
            v = QVBoxLayout(box)
            title = QLabel(f"<b>{p.title}</b>", box)
            title.setTextFormat(Qt.TextFormat.RichText)
            v.addWidget(title)
            v.addWidget(_wrapped(p.rationale, box, self.tr("Why {0} is needed").format(p.title)))
            state_text = self.tr("State: {0} · Last used: {1}").format(self._state_words(p.state),
                                                                      p.last_used or self.tr("never"))
            state = _wrapped(state_text, box, self.tr("State of {0}").format(p.title))
            state.setObjectName(f"state_{p.purpose_id}")
            v.addWidget(state)
            buttons = QHBoxLayout()
            a = p.actions
            shown = [(a.grant_decision or "allow", self.tr("Allow"), a.why_not_grant)]
            if a.grant_decision == "allow" and a.why_not_ask is not Blocked.NOT_OFFERED:
                shown.append(("ask_every_time", self.tr("Ask every time"), a.why_not_ask))
            shown.append(("deny", self.tr("Don't allow"), a.why_not_revoke))
            self.permission_buttons[p.purpose_id] = {}
            notes = []
            for decision, verb, why in shown:
                button = QPushButton(verb, box)
                named(button, f"{verb}: {p.title}")
                button.setObjectName(f"{decision}_{p.purpose_id}")
                button.setAutoDefault(False)
                button.setDefault(False)
                button.setMinimumWidth(140)
                button.setEnabled(why is None)
                button.setProperty("blocked", why.value if why is not None else "")
                button.setToolTip(self._why_not(decision, why) if why is not None else self._what_it_does(decision))
                button.clicked.connect(lambda _=False, pid=p.purpose_id, d=decision: self._decide(pid, d))
                buttons.addWidget(button)
                self.permission_buttons[p.purpose_id][decision] = button
                if why is Blocked.LIMITED_MODE and self._why_not(decision, why) not in notes:
                    notes.append(self._why_not(decision, why))
            buttons.addStretch(1)
            v.addLayout(buttons)
            for note in notes:  # said inline too: a disabled button's tooltip is easy to miss
                hint = _wrapped(note, box, self.tr("Why {0} cannot be allowed now").format(p.title))
                hint.setObjectName(f"blocked_{p.purpose_id}")
                v.addWidget(hint)
            grid.addWidget(box, row, 0)
        grid.setRowStretch(grid.rowCount(), 1)
        scroll.setWidget(body)
        layout.addWidget(scroll)

    def _state_words(self, state: str) -> str:
        return {"undetermined": self.tr("not decided yet (asked when you first use it)"),
                "granted": self.tr("allowed"), "denied": self.tr("not allowed"),
                "ask_every_time": self.tr("ask every time"), "not_in_build": self.tr("not in this build")}.get(
            state, state)

    def _what_it_does(self, decision: str) -> str:
        return {"allow": self.tr("Allow until you turn it off here"),
                "ask_every_time": self.tr("Ask each time a feature needs it"),
                "deny": self.tr("Turn it off now; data kept only for it is deleted")}[decision]

    def _why_not(self, decision: str, why: Blocked) -> str:
        """The typed reason from ``purpose_actions`` in words, with the way to change it."""
        if why is Blocked.LIMITED_MODE:
            return self.tr("Off in limited mode: you disagreed with the privacy notice. To allow this, open "
                           "Privacy ▸ Privacy notice… (or the button above) and agree.")
        if why is Blocked.ALREADY:
            return {"allow": self.tr("Already allowed."), "ask_every_time": self.tr("Already asks every time."),
                    "deny": self.tr("Already not allowed.")}[decision]
        if why is Blocked.NOT_IN_BUILD:
            return self.tr("Not included in this build.")
        if why is Blocked.CORE:
            return self.tr("Needed for the app to work; nothing to decide.")
        return self.tr("Not a choice for this purpose.")

    def _decide(self, purpose_id: str, decision: str) -> None:
        for button in self.permission_buttons.get(purpose_id, {}).values():
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
        rows = [(str(r.seq), r.when, self._record_word(r.kind), self._record_details(r)) for r in self.data.ledger]
        self.record_table = _table(page, self.tr("Consent record"),
                                   [self.tr("#"), self.tr("When"), self.tr("Event"), self.tr("Details")], rows)
        layout.addWidget(self.record_table)
        verify = named(QPushButton(self.tr("Verify the record now"), page), self.tr("Verify the record now"))
        verify.clicked.connect(self._verify)
        layout.addWidget(verify, 0, Qt.AlignmentFlag.AlignLeft)

    @staticmethod
    def _record_word(key: str) -> str:
        return QCoreApplication.translate(RECORD_CONTEXT, RECORD_WORDS[key]) if key in RECORD_WORDS else key

    def _record_details(self, row) -> str:  # type: ignore[no-untyped-def]
        facts = [QCoreApplication.translate(RECORD_CONTEXT, FACT_WORDS[key]).format(self._record_word_value(value))
                 for key, value in row.facts]
        return " · ".join([row.purpose, *facts] if row.purpose else facts)

    @staticmethod
    def _record_word_value(value: str) -> str:
        return QCoreApplication.translate(RECORD_CONTEXT, VALUE_WORDS[value]) if value in VALUE_WORDS else value

    def _verify(self) -> None:
        self.background.run(self.services.verify_ledger, self._show_banner, self._error)

    # --------------------------------------------------------------------------------------------- data
    def _fill_data(self, page: QWidget, outer: QVBoxLayout) -> None:
        scroll = QScrollArea(page)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget(scroll)
        layout = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll)
        page = body
        layout.addWidget(_wrapped(self.tr(
            "Export saves a copy of everything Phocol Desktop keeps about you (settings, printers, history, "
            "the consent record) as JSON plus a readable summary. Erase deletes all of it from this computer "
            "and starts over. There is no account: erasing is not logging out, it removes the data itself."),
            page, self.tr("About your data")))
        if self.data.settings is not None:
            self._fill_categories(page, layout, self.data.settings)
        row = QHBoxLayout()
        export = named(QPushButton(self.tr("Export my data…"), page), self.tr("Export my data"))
        erase = named(QPushButton(self.tr("Erase all my data…"), page), self.tr("Erase all my data"))
        export.clicked.connect(self._export)
        erase.clicked.connect(self._erase)
        row.addWidget(export)
        row.addWidget(erase)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(_heading(self.tr("How long data is kept"), page))
        grid = QGridLayout()
        words = {
            "recent_files": (self.tr("Recent files"), self.tr(
                "The list of photos and projects you opened lately (never the files themselves).")),
            "print_history": (self.tr("Print history"),
                              self.tr("When you printed, on which model, with which settings; never the picture.")),
            "crash_logs": (self.tr("Crash logs"), self.tr("Kept only if you turned crash logs on; redacted.")),
            "activity_log": (self.tr("Permission activity"),
                             self.tr("The 7-day list of which feature used which permission.")),
            "thumbnails": (self.tr("Preview cache"), self.tr("Small previews that make reopening faster.")),
            "app_log": (self.tr("Application log"), self.tr(
                "Diagnostic messages without addresses, user name or photo paths; prints only while print history "
                "is on.")),
        }
        for r, rule in enumerate(self.data.retention):
            title, text = words.get(rule.category, (rule.title, rule.text))
            grid.addWidget(_wrapped(title, page, title), r, 0)
            grid.addWidget(_wrapped(text, page, self.tr("Rule for {0}").format(title)), r, 1)
            choice = named(QComboBox(page), self.tr("How long to keep {0}").format(title))
            for days in rule.choices:
                choice.addItem(self._days(days), days)
            choice.setCurrentIndex(max(0, rule.choices.index(rule.days) if rule.days in rule.choices else 0))
            choice.setEnabled(len(rule.choices) > 1)
            choice.activated.connect(lambda _i, cat=rule.category, box=choice: self._retention(cat, box.currentData()))
            grid.addWidget(choice, r, 2)
        layout.addLayout(grid)
        if self.data.settings is not None:
            self._fill_settings(page, layout, self.data.settings)
        layout.addStretch(1)

    def _set_jurisdiction(self, code: str) -> None:
        self._after(lambda: self.services.privacy.set_jurisdiction(code), "data")

    def _fill_settings(self, page: QWidget, layout: QVBoxLayout, s) -> None:  # type: ignore[no-untyped-def]
        """Restrict (pause), jurisdiction, unencrypted storage without a keyring: each change is recorded."""
        layout.addWidget(_heading(self.tr("Restrict processing"), page))
        self.pause_boxes: dict[str, QCheckBox] = {}
        titles = {"recent_files": self.tr("Pause the recent files list (keep it, add nothing new)"),
                  "print_history": self.tr("Pause print history (keep it, add nothing new)")}
        for category in s.pausable:
            box = named(QCheckBox(titles.get(category, category), page), titles.get(category, category))
            box.setObjectName(f"pause_{category}")
            box.setChecked(category in s.paused)
            box.toggled.connect(lambda on, cat=category: self._after(
                lambda: self.services.privacy.set_paused(cat, on), "data"))
            self.pause_boxes[category] = box
            layout.addWidget(box)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Where you are, for the legal texts (never detected):"), page))
        self.jurisdiction = named(QComboBox(page), self.tr("Jurisdiction"))
        words = {"CN": self.tr("Mainland China (PIPL)"), "EU": self.tr("EU / EEA / UK (GDPR)"),
                 "OTHER": self.tr("Elsewhere"), "unspecified": self.tr("Not specified")}
        for code in s.jurisdictions:
            self.jurisdiction.addItem(words.get(code, code), code)
        self.jurisdiction.setCurrentIndex(max(0, self.jurisdiction.findData(s.jurisdiction)))
        self.jurisdiction.activated.connect(lambda _i: self._set_jurisdiction(str(self.jurisdiction.currentData())))
        row.addWidget(self.jurisdiction)
        row.addStretch(1)
        layout.addLayout(row)
        self.unencrypted = named(QCheckBox(self.tr("Store data unencrypted when there is no keyring"), page),
                                 self.tr("Store data unencrypted when there is no keyring"))
        self.unencrypted.setChecked(s.store_unencrypted)
        self.unencrypted.setToolTip(self.tr("A keyring is available: your data is encrypted, so this has no effect.")
                                    if s.keyring_available else "")
        self.unencrypted.toggled.connect(lambda on: self._after(
            lambda: self.services.privacy.allow_unencrypted_storage(on), "data"))
        layout.addWidget(self.unencrypted)
        layout.addWidget(_wrapped(self.tr(
            "Without a system keyring, keep history, the known printer and crash logs in unencrypted files "
            "(readable only by your user account) instead of in memory only"), page,
            self.tr("About storing data unencrypted")))

    def _days(self, days: int | None) -> str:
        if days is None:
            return self.tr("until you delete it")
        if days == 0:
            return self.tr("off (not kept)")
        return self.tr("1 day") if days == 1 else self.tr("{0} days").format(days)

    def _retention(self, category: str, days: int | None) -> None:
        self.background.run(lambda: self.services.set_retention(category, days), lambda _r: None, self._error)

    def _fill_categories(self, page: QWidget, layout: QVBoxLayout, s) -> None:  # type: ignore[no-untyped-def]
        """Data on this device: one row per category with its count, size and where it is kept; View and Erase."""
        words = DataWords(self)
        layout.addWidget(_heading(self.tr("Data on this device"), page))
        headers = [self.tr("Data"), self.tr("Items"), self.tr("Size"), self.tr("Kept"), "", ""]
        table = QTableWidget(len(s.categories), len(headers), page)
        named(table, self.tr("Data on this device"))
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        self.category_buttons: dict[str, dict[str, QPushButton]] = {}
        for r, c in enumerate(s.categories):
            title = words.category(c.id, c.title)
            count = self.tr("unreadable") if c.count < 0 else str(c.count)
            for col, value in enumerate((title, count, self.tr("{0} KB").format(f"{c.size_bytes / 1024:.1f}"),
                                         words.storage(c.storage))):
                table.setItem(r, col, QTableWidgetItem(value))
            view = named(QPushButton(self.tr("View…"), table), self.tr("View: {0}").format(title))
            view.setObjectName(f"view_{c.id}")
            view.clicked.connect(lambda _=False, cid=c.id, t=title: self._view_category(cid, t))
            table.setCellWidget(r, 4, view)
            buttons = {"view": view}
            if c.id in s.erasable_alone:
                erase = named(QPushButton(self.tr("Erase…"), table), self.tr("Erase: {0}").format(title))
                erase.setObjectName(f"erase_{c.id}")
                erase.setEnabled(c.count != 0)
                erase.clicked.connect(lambda _=False, cid=c.id, t=title: self._erase_category(cid, t))
                table.setCellWidget(r, 5, erase)
                buttons["erase"] = erase
            self.category_buttons[c.id] = buttons
        table.resizeColumnsToContents()
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # The page scrolls vertically only: the table takes the page's width, never asks for more.
        table.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        table.setMinimumHeight(table.verticalHeader().length() + table.horizontalHeader().height() + 6)
        self.categories_table = table
        layout.addWidget(table)

    def _view_category(self, category: str, title: str) -> None:
        from phocol_desktop.ui.privacy_data import CategoryViewer

        def show(text: str) -> None:
            self.viewer = CategoryViewer(title, text, self)
            self.viewer.open()

        self.background.run(lambda: self.services.privacy.category_content(category), show, self._error)

    def _erase_category(self, category: str, title: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Erase {0}").format(title),
                          self.tr("Delete {0} from this computer now?").format(title),
                          QMessageBox.StandardButton.NoButton, self)
        erase = box.addButton(self.tr("Erase"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(self.tr("Keep"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        if box.clickedButton() is erase:
            self.loaded = False
            self.background.run(lambda: self.services.privacy.erase([category]), self._erased, self._error)

    def _export(self, parent: QWidget | None = None, on_done=None) -> None:  # type: ignore[no-untyped-def]
        folder = QFileDialog.getExistingDirectory(parent or self, self.tr("Export my data to…"))
        if folder:
            self.background.run(lambda: self.services.export_data(Path(folder)),
                                on_done or self._exported, self._error)

    def _exported(self, paths) -> None:  # type: ignore[no-untyped-def]
        QMessageBox.information(self, self.tr("Export finished"), self.tr("Saved:\n{0}").format(
            "\n".join(str(p) for p in paths)))

    def _erase(self) -> None:
        """The erase plan (what goes, what stays, export first), then the erase, then its report."""
        self.background.run(self.services.privacy.erase_plan, self._confirm_erase, self._error)

    def _confirm_erase(self, plan) -> None:  # type: ignore[no-untyped-def]
        from phocol_desktop.ui.privacy_data import ErasePlanDialog

        def export_first(dialog) -> None:  # type: ignore[no-untyped-def]
            def done(paths) -> None:  # type: ignore[no-untyped-def]
                dialog.export_button.setText(self.tr("Exported: {0}").format(paths[0].name))
                self.exported_before_erase = list(paths)

            self._export(dialog, done)

        self.erase_dialog = ErasePlanDialog(plan, export_first, self)
        self.erase_dialog.exec()
        if self.erase_dialog.erase_confirmed:
            self.loaded = False
            self.background.run(self.services.erase_all, self._erased, self._error)

    def _erased(self, report) -> None:  # type: ignore[no-untyped-def]
        from phocol_desktop.ui.privacy_data import ErasureReportDialog

        self.refresh()
        self.erase_report = ErasureReportDialog(report, self)
        self.erase_report.open()  # non-blocking: the dashboard redraws behind it

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
        layout.addWidget(_heading(self.tr("SDKs the Phocol privacy policy lists (phone apps)"), page))
        layout.addWidget(_wrapped(self.tr(
            "None of them is part of this desktop build, and the app opens no network connection at all. Links are "
            "shown as the policy gives them and never opened; where a link is not that vendor's privacy policy, it "
            "says so."), page, self.tr("Third-party SDKs")))
        self.sdk_table = _table(page, self.tr("SDKs named in the policy"),
                                [self.tr("SDK"), self.tr("Provider"), self.tr("In this build"),
                                 self.tr("Link given by the policy")],
                                [(k.name, k.provider, self.tr("Not included in this build"),
                                  k.link + ("" if k.link_is_vendor_policy else "  " + self.tr(
                                      "(link provided by the policy; not a privacy policy of that vendor)")))
                                 for k in d.sdks])
        layout.addWidget(self.sdk_table)
        row = QHBoxLayout()
        row.addWidget(_heading(self.tr("Components in this build ({0}), from the installed packages").format(
            len(d.components)), page))
        row.addStretch(1)
        sbom = named(QPushButton(self.tr("Save the SBOM (CycloneDX)…"), page), self.tr("Save the SBOM"))
        sbom.clicked.connect(self._save_sbom)
        row.addWidget(sbom)
        layout.addLayout(row)
        self.components_table = _table(
            page, self.tr("Components in this build"),
            [self.tr("Component"), self.tr("Version"), self.tr("Licence"), self.tr("Needed by"),
             self.tr("Collects data")],
            [(c.name, c.version, _licence_words(c.licence),
              self.tr("Phocol Desktop") if c.required_by == "phocol-desktop" else c.required_by,
              self.tr("no") if c.collects_data == "no" else self.tr("local files only"))
             for c in d.components])
        layout.addWidget(self.components_table)

    def _save_sbom(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the SBOM"), "phocol-desktop.cdx.json",
                                              self.tr("CycloneDX JSON (*.cdx.json *.json)"))
        if path:
            self.background.run(lambda: self.services.privacy.save_sbom(Path(path)),
                                lambda _r: QMessageBox.information(self, self.tr("SBOM saved"), path), self._error)

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
        text = "\n".join([c.name, c.address, self.tr("E-mail: {0} (subject: {1})").format(c.email, c.subject),
                          self.tr("Phocol commits to respond within {0} days. You do not need an account: say which "
                                  "right you use (access, correction, deletion, withdrawal, explanation).").format(
                              c.response_days)])
        layout.addWidget(_wrapped(text, page, self.tr("How to contact Phocol")))
        row = QHBoxLayout()
        self.right = named(QComboBox(page), self.tr("Which right"))
        words = {"access": self.tr("See my data (access)"), "copy": self.tr("A copy of my data"),
                 "correct": self.tr("Correct my data"), "delete": self.tr("Delete my data"),
                 "restrict": self.tr("Restrict processing"), "object": self.tr("Object to processing"),
                 "portability": self.tr("Data portability"), "withdraw": self.tr("Withdraw consent"),
                 "complaint": self.tr("A complaint"), "unsubscribe": self.tr("Stop messages"),
                 "child_privacy": self.tr("A child's data"), "other": self.tr("Something else")}
        for key in self.data.rights:
            self.right.addItem(words.get(key, key), key)
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
        layout.addWidget(_wrapped(self.tr(
            "You may also complain to your data protection supervisory authority (EU/EEA/UK) or to the Cyberspace "
            "Administration of China or the relevant sector regulator (PRC). You do not have to contact Phocol "
            "first."), page, self.tr("Complaints")))
        layout.addWidget(_wrapped(self.tr(
            "Children: the policy says its services are not intended for children under 4, and Phocol does not "
            "knowingly collect their personal information. In mainland China a child under 14 needs a parent's or "
            "guardian's consent before their personal information is processed (PIPL Art 31). This desktop app "
            "keeps nothing on anyone's age; a parent can ask Phocol about a child's data with \"A child's data\" "
            "above."), page, self.tr("Children")))
        layout.addWidget(_wrapped(self.tr(
            "Incident notices: this build has no push channel and no network access, so a security incident notice "
            "from Phocol would reach you by e-mail or on phocolprinter.com, not in the app. If the consent record "
            "on this computer fails its check, a banner in this dashboard says so."), page,
            self.tr("Incident notices")))
        layout.addStretch(1)
