"""First-run notice and in-context permission prompts.

Refusing is as easy as accepting (AT-05): the choices are the same widget class with the same size and
style, none is the default button, nothing is pre-ticked, and Esc or the close box counts as "dismissed",
which is a refusal that gets recorded like any other decision.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from phocol_desktop.ui.i18n import error_words, policy_language_note

AGREED, DISAGREED, DISMISSED = "agreed", "disagreed", "dismissed"
# The gate's in-context answers (privacy.gate.Decision values; the UI does not import the gate).
ALLOW, ALLOW_ONCE, NOT_NOW = "allow", "allow_once", "not_now"


def equal_buttons(dialog: QDialog, labels: list[tuple[str, str, str]]) -> tuple[QHBoxLayout, dict[str, QPushButton]]:
    """A row of equally weighted choices: (key, label, accessible description)."""
    row = QHBoxLayout()
    buttons: dict[str, QPushButton] = {}
    for key, label, description in labels:
        b = QPushButton(label, dialog)
        b.setAutoDefault(False)
        b.setDefault(False)
        b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        b.setMinimumHeight(34)
        b.setAccessibleName(re.sub(r"\(&\w\)|&", "", label).strip())  # "&Agree" and "同意(&A)" alike
        b.setAccessibleDescription(description)
        b.setObjectName(f"choice_{key}")
        row.addWidget(b, 1)
        buttons[key] = b
    return row, buttons


class NoticeDialog(QDialog):
    """The first-run notice: a layered summary, the full policy with its hash, Agree / Disagree."""

    def __init__(self, summary_html: str, policy_text: str, version_raw: str, sha256: str, *,
                 what_changed: list[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Phocol Desktop — privacy notice"))
        self.setAccessibleName(self.tr("Privacy notice"))
        self.decision = DISMISSED
        self.scroll_reached_end = False
        self.resize(720, 560)
        layout = QVBoxLayout(self)
        tabs = QTabWidget(self)
        tabs.setAccessibleName(self.tr("Notice sections"))
        summary = QLabel(summary_html, self)
        summary.setWordWrap(True)
        summary.setTextFormat(Qt.TextFormat.RichText)
        summary.setAlignment(Qt.AlignmentFlag.AlignTop)
        summary.setAccessibleName(self.tr("Summary"))
        summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        summary.setContentsMargins(8, 8, 8, 8)
        summary_scroll = QScrollArea(self)
        summary_scroll.setWidgetResizable(True)
        summary_scroll.setWidget(summary)
        summary_scroll.setAccessibleName(self.tr("Summary"))
        tabs.addTab(summary_scroll, self.tr("Summary"))
        if what_changed:
            changed = QLabel("<ul>" + "".join(f"<li>{c}</li>" for c in what_changed) + "</ul>", self)
            changed.setWordWrap(True)
            changed.setAccessibleName(self.tr("What changed"))
            tabs.insertTab(0, changed, self.tr("What changed"))
            tabs.setCurrentIndex(0)
        policy_page = QWidget(self)
        policy_layout = QVBoxLayout(policy_page)
        language_note = QLabel(policy_language_note(sha256), policy_page)
        language_note.setWordWrap(True)
        language_note.setAccessibleName(self.tr("Policy language note"))
        policy_layout.addWidget(language_note)
        self.policy_view = QPlainTextEdit(policy_text, policy_page)
        self.policy_view.setReadOnly(True)
        self.policy_view.setAccessibleName(self.tr("Full privacy policy text"))
        self.policy_view.verticalScrollBar().valueChanged.connect(self._scrolled)
        policy_layout.addWidget(self.policy_view, 1)
        tabs.addTab(policy_page, self.tr("Full policy"))
        layout.addWidget(tabs, 1)
        meta = QLabel(self.tr("Policy effective date (as published): {0} · SHA-256 {1}").format(version_raw, sha256))
        meta.setWordWrap(True)
        meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        meta.setAccessibleName(self.tr("Policy version and hash"))
        layout.addWidget(meta)
        row, self.buttons = equal_buttons(self, [
            (AGREED, self.tr("&Agree and continue"),
             self.tr("Use the app; each permission is still asked when needed")),
            (DISAGREED, self.tr("&Disagree"), self.tr("Use the editor only; Bluetooth and camera stay off")),
        ])
        self.buttons[AGREED].clicked.connect(lambda: self._decide(AGREED))
        self.buttons[DISAGREED].clicked.connect(lambda: self._decide(DISAGREED))
        layout.addLayout(row)

    def _scrolled(self, value: int) -> None:
        if value >= self.policy_view.verticalScrollBar().maximum():
            self.scroll_reached_end = True

    def _decide(self, decision: str) -> None:
        self.decision = decision
        self.accept()

    def reject(self) -> None:  # Esc or the close box: a refusal, recorded as "dismissed"
        self.decision = DISMISSED
        super().reject()


def review_notice(services, background, parent: QWidget | None, on_answered=None) -> None:  # type: ignore[no-untyped-def]
    """Privacy ▸ Privacy notice… and the limited-mode banner: the notice again, equal Agree / Disagree, the
    answer recorded (reading the texts and writing the record run off the GUI thread); ``on_answered(answer)``
    runs on the GUI thread once the record is written."""

    def show(view) -> None:  # type: ignore[no-untyped-def]
        dialog = NoticeDialog(view.summary_html, view.policy_text, view.version_raw, view.sha256,
                              what_changed=view.what_changed, parent=parent)
        dialog.exec()
        answer, scrolled = dialog.decision, dialog.scroll_reached_end
        background.run(lambda: services.notice_answered(answer, scroll_reached_end=scrolled),
                       lambda _r: on_answered(answer) if on_answered else None, _warn(parent))

    background.run(services.review_notice, show, _warn(parent))


def _warn(parent: QWidget | None):  # type: ignore[no-untyped-def]
    def show(exc: BaseException) -> None:
        from PySide6.QtWidgets import QMessageBox

        from phocol_desktop.domain.errors import PhocolError

        text = error_words(exc) if isinstance(exc, PhocolError) else type(exc).__name__
        QMessageBox.warning(parent, QCoreApplication.translate("NoticeDialog", "Privacy notice"), text)

    return show


class PermissionPrompt(QDialog):
    """Asked in context when a feature first needs a permission: rationale from the catalog, then a choice."""

    def __init__(self, title: str, rationale: str, details: str, options: tuple[str, ...],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.decision = DISMISSED
        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>{title}</b>", self)
        layout.addWidget(heading)
        why = QLabel(rationale, self)
        why.setWordWrap(True)
        why.setAccessibleName(self.tr("Why this is needed"))
        layout.addWidget(why)
        more = QLabel(details, self)
        more.setWordWrap(True)
        more.setAccessibleName(self.tr("What is used and kept"))
        more.setStyleSheet("color: palette(mid);")
        layout.addWidget(more)
        labels = {
            ALLOW: (self.tr("&Allow"), self.tr("Allow until you revoke it in Privacy")),
            ALLOW_ONCE: (self.tr("Allow &only this time"), self.tr("Ask again next time")),
            NOT_NOW: (self.tr("&Don't allow"), self.tr("The rest of the app keeps working")),
        }
        choices = [(key, *labels[key]) for key in options if key in labels]
        row, self.buttons = equal_buttons(self, choices)
        for key, button in self.buttons.items():
            button.clicked.connect(lambda _=False, k=key: self._decide(k))
        layout.addLayout(row)

    def _decide(self, decision: str) -> None:
        self.decision = decision
        self.accept()

    def reject(self) -> None:  # Esc or the close box: a refusal, recorded as "dismissed"
        self.decision = DISMISSED
        super().reject()
