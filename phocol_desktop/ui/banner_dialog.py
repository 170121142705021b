"""File ▸ Print banner…: text running down a continuous roll, as long as you like, on the selected printer.

The strip is rendered and sent band by band on the worker (``services.banners``), so metres of it cost
no more memory than a label; the dialog shows progress with the time left, and Cancel stops at once.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.ui.i18n import error_words
from phocol_desktop.ui.panels import named


class BannerDialog(QDialog):
    def __init__(self, services: Any, background: Any, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.background = background
        self.key = key
        self.handle: Any = None
        self.setWindowTitle(self.tr("Print banner"))
        named(self, self.tr("Print banner"))
        self.resize(480, 240)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("The text runs down a continuous roll and repeats to the length you choose. Use "
                               "roll paper, not labels."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.text = named(QLineEdit(self), self.tr("Banner text"))
        self.text.setMaxLength(500)
        self.text.textChanged.connect(lambda t: self.print_button.setEnabled(bool(t.strip()) and self.handle is None))
        form.addRow(self.tr("Text"), self.text)
        self.length = named(QDoubleSpinBox(self), self.tr("Length"))
        self.length.setRange(0.05, 20.0)
        self.length.setDecimals(2)
        self.length.setSingleStep(0.25)
        self.length.setValue(1.0)
        self.length.setSuffix(self.tr(" m"))
        form.addRow(self.tr("Length"), self.length)
        layout.addLayout(form)
        self.progress = named(QProgressBar(self), self.tr("Banner progress"))
        layout.addWidget(self.progress)
        self.state = named(QLabel("", self), self.tr("Banner state"))
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.print_button = named(QPushButton(self.tr("Print"), self), self.tr("Print"))
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.start)
        self.cancel_button = named(QPushButton(self.tr("Cancel printing"), self), self.tr("Cancel printing"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        close = named(QPushButton(self.tr("Close"), self), self.tr("Close"))
        close.clicked.connect(self.reject)
        for button in (self.print_button, self.cancel_button, close):
            buttons.addWidget(button)
        layout.addLayout(buttons)

    def start(self) -> None:
        self.print_button.setEnabled(False)
        self.state.setText(self.tr("Printing…"))
        try:
            self.handle = self.services.print_banner(
                self.key, self.text.text(), self.length.value() * 1000,
                on_progress=lambda p: self.background.call_soon(self._progress, p))
        except PhocolError as exc:
            self._failed(exc)
            return
        self.cancel_button.setEnabled(True)
        self.background.deliver_future(self.handle.future, self._done, self._failed)

    def _progress(self, progress: Any) -> None:
        self.progress.setValue(int(progress.fraction * 100))
        eta = progress.eta_s
        if eta is not None and eta >= 1:
            self.state.setText(self.tr("Printing… about {0} s left.").format(round(eta)))

    def cancel(self) -> None:
        if self.handle is not None:
            self.handle.cancel()
            self.state.setText(self.tr("Cancelling…"))

    def _done(self, result: Any) -> None:
        self.handle = None
        self.cancel_button.setEnabled(False)
        self.print_button.setEnabled(bool(self.text.text().strip()))
        self.progress.setValue(100)
        self.state.setText(self.tr("Printed."))

    def _failed(self, exc: BaseException) -> None:
        self.handle = None
        self.cancel_button.setEnabled(False)
        self.print_button.setEnabled(bool(self.text.text().strip()))
        from phocol_desktop.services.print_job import JobCancelledByUser

        if isinstance(exc, JobCancelledByUser):
            self.state.setText(self.tr("Cancelled. Nothing more was sent."))
        elif isinstance(exc, PhocolError):
            self.state.setText(error_words(exc))
        else:
            self.state.setText(self.tr("Something went wrong: {0}").format(type(exc).__name__))

    def reject(self) -> None:
        self.cancel()
        super().reject()
