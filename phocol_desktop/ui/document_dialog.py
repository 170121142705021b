"""A PDF opened in the app: page thumbnails, the exact dots of the selected page, a page range, the document
mode, and Print. Thumbnails and page renders run off the GUI thread (thumbnails for the first
``THUMBNAILS`` pages only: a 10 000-page file lists its pages by number after that).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.ui.bridge import Background, LatestOnly
from phocol_desktop.ui.i18n import error_words
from phocol_desktop.ui.preview import PaperPreview, raster_to_qimage

THUMBNAILS = 60
THUMB_SIDE = 96


def page_qimage(page) -> QImage:  # type: ignore[no-untyped-def]
    """A ``PageImage`` from services as a QImage (1-bit exact dots, or an 8-bit grey thumbnail)."""
    if page.one_bit:
        return raster_to_qimage(page.width, page.height, page.data)
    return QImage(page.data, page.width, page.height, page.width, QImage.Format.Format_Grayscale8).copy()


class DocumentDialog(QDialog):
    def __init__(self, services, opened, background: Background, printer_key: str, parent: QWidget | None = None,
                 ) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.services, self.opened, self.background, self.printer_key = services, opened, background, printer_key
        self.previews = LatestOnly(background)
        self.print_handle = None
        self.setWindowTitle(self.tr("Print document: {0}").format(opened.name))
        self.setAccessibleName(self.tr("Document pages"))
        self.resize(1060, 600)

        self.pages = QListWidget(self)
        self.pages.setAccessibleName(self.tr("Pages"))
        self.pages.setIconSize(QSize(THUMB_SIDE, THUMB_SIDE))
        self.pages.setMinimumWidth(220)
        self.pages.setUniformItemSizes(True)
        shown = min(opened.page_count, 1000)  # the list itself is bounded too; the range field reaches all
        for index in range(shown):
            item = QListWidgetItem(self.tr("Page {0}").format(index + 1))
            item.setData(Qt.ItemDataRole.UserRole, index)
            self.pages.addItem(item)
        self.pages.currentRowChanged.connect(self._page_selected)

        # The page's exact dots at whole pixels per dot (never shrunk: 1-dot lines and small print stay as the
        # paper shows them); a long page scrolls.
        self.preview = PaperPreview(self)
        self.preview.placeholder = self.tr("Drawing the page…")
        self.preview.setAccessibleName(self.tr("Exact preview of the page"))
        self.preview.set_zoom(1.0)
        self.preview_area = QScrollArea(self)
        self.preview_area.setWidget(self.preview)
        self.preview_area.setWidgetResizable(True)
        self.preview_area.setMinimumWidth(420)

        self.range = QLineEdit(self)
        self.range.setAccessibleName(self.tr("Pages to print"))
        self.range.setPlaceholderText(self.tr("e.g. 1-3,5"))
        self.range.setText("1" if opened.page_count == 1 or opened.page_count > 200 else f"1-{opened.page_count}")
        self.mode = QComboBox(self)
        self.mode.setAccessibleName(self.tr("Document mode"))
        for key, label in (("auto", self.tr("Automatic (sharp text, dithered photos)")),
                           ("text", self.tr("Text and lines (no dithering)")),
                           ("photo", self.tr("Photos (dither everything)"))):
            self.mode.addItem(label, key)
        self.mode.currentIndexChanged.connect(lambda _i: self._page_selected(self.pages.currentRow()))
        self.copies = QSpinBox(self)
        self.copies.setRange(1, 99)
        self.copies.setAccessibleName(self.tr("Copies"))
        form = QFormLayout()
        form.addRow(self.tr("Pages:"), self.range)
        form.addRow(self.tr("Mode:"), self.mode)
        form.addRow(self.tr("Copies:"), self.copies)
        count = QLabel(self.tr("Pages in this document: {0}. Each page prints as one label or one piece of "
                               "continuous paper.").format(opened.page_count), self)
        count.setWordWrap(True)

        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(self.tr("Print progress"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Print message"))
        self.print_button = QPushButton(self.tr("&Print"), self)
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_pages)
        self.cancel_button = QPushButton(self.tr("Cancel printing"), self)
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel_print)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        side = QVBoxLayout()
        side.addLayout(form)
        side.addWidget(count)
        side.addStretch(1)
        side.addWidget(self.progress)
        side.addWidget(self.message)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addWidget(self.cancel_button)
        side.addLayout(row)
        side.addWidget(buttons)
        body = QHBoxLayout(self)
        body.addWidget(self.pages, 2)
        body.addWidget(self.preview_area, 3)
        body.addLayout(side, 2)

        for index in range(min(opened.page_count, THUMBNAILS)):
            self.background.run(lambda i=index: self.services.documents.thumbnail(self.opened, i, THUMB_SIDE),
                                lambda page, i=index: self._thumbnail(i, page), lambda _e: None)
        self.pages.setCurrentRow(0)

    def _thumbnail(self, index: int, page) -> None:  # type: ignore[no-untyped-def]
        item = self.pages.item(index)
        if item is not None:
            item.setIcon(QIcon(QPixmap.fromImage(page_qimage(page))))

    def _page_selected(self, row: int) -> None:
        if row < 0:
            return
        mode = self.mode.currentData()
        self.previews.submit(lambda: self.services.documents.render_page(self.opened, row, mode),
                             self._preview_ready, self._failed)

    def _preview_ready(self, page) -> None:  # type: ignore[no-untyped-def]
        room = self.preview_area.viewport().size()
        zoom = max(1, min((room.width() - 24) // page.width, (room.height() - 24) // max(1, page.height)))
        self.preview.set_zoom(float(zoom))
        self.preview.set_raster(page_qimage(page), self.services.current_model().dpi)
        self.preview.setMinimumSize(page.width * zoom + 24, page.height * zoom + 24)

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(error_words(exc) if isinstance(exc, PhocolError)
                             else self.tr("Something went wrong: {0}").format(type(exc).__name__))

    # ------------------------------------------------------------------------------------------ printing
    def print_pages(self) -> None:
        if self.print_handle is not None:
            return
        try:
            pages = self.services.documents.select(self.opened, self.range.text())
        except PhocolError as exc:
            self._failed(exc)
            return
        mode = self.mode.currentData()
        self.print_button.setEnabled(False)
        self.progress.setValue(0)
        self.message.setText(self.tr("Preparing the pages ({0})…").format(len(pages)))
        self.background.run(lambda: self.services.documents.rasters(self.opened, pages, mode), self._send,
                            self._print_failed)

    def _send(self, rasters) -> None:  # type: ignore[no-untyped-def]
        try:
            self.print_handle = self.services.print_pages(
                self.printer_key, rasters, copies=self.copies.value(),
                on_progress=lambda p: self.background.call_soon(self._progress, p))
        except PhocolError as exc:
            self._print_failed(exc)
            return
        self.cancel_button.setEnabled(True)
        self.message.setText(self.tr("Printing…"))
        self.background.deliver_future(self.print_handle.future, self._printed, self._print_failed)

    def _progress(self, progress) -> None:  # type: ignore[no-untyped-def]
        self.progress.setValue(int(progress.fraction * 100))

    def _printed(self, result) -> None:  # type: ignore[no-untyped-def]
        self.print_handle = None
        self.print_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setValue(100)
        self.message.setText(self.tr("Printed. Pages: {0}.").format(len(result.jobs)))

    def _print_failed(self, exc: BaseException) -> None:
        self.print_handle = None
        self.print_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self._failed(exc)

    def cancel_print(self) -> None:
        if self.print_handle is not None:
            self.print_handle.cancel()
