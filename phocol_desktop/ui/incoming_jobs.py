"""Incoming jobs: documents other apps printed to the Phocol system queue, each waiting for Print or Cancel.

Each row shows the job's title as the sending app gave it (CUPS passes nothing else about the app), its
pages, its state and the exact dots of its first page. The receiver's threads report changes through
``Background.call_soon``; the buttons answer the selected waiting job.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from phocol_desktop.ui.document_dialog import page_qimage
from phocol_desktop.ui.preview import PaperPreview

PREVIEW_SIDE = 64


class IncomingJobsPanel(QDockWidget):
    def __init__(self, services, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(self.tr("Incoming jobs"), parent)
        self.setObjectName("incoming_jobs")
        self.setAccessibleName(self.tr("Incoming jobs from other apps"))
        self.services = services
        body = QWidget(self)
        layout = QHBoxLayout(body)
        self.state_label = QLabel(body)
        self.state_label.setWordWrap(True)
        self.state_label.setAccessibleName(self.tr("System printer state"))
        self.jobs = QListWidget(body)
        self.jobs.setAccessibleName(self.tr("Jobs"))
        self.jobs.setIconSize(QSize(PREVIEW_SIDE, PREVIEW_SIDE))
        self.jobs.setWordWrap(True)
        self.jobs.currentRowChanged.connect(lambda _r: self._selection_changed())
        # The selected job's first page as the paper will show it: 1 px per dot, never smoothed.
        self.preview = PaperPreview(body)
        self.preview.placeholder = self.tr("The first page of the selected job appears here.")
        self.preview.setAccessibleName(self.tr("Exact preview of the job's first page"))
        self.preview.set_zoom(1.0)
        self.preview_area = QScrollArea(body)
        self.preview_area.setWidget(self.preview)
        self.preview_area.setWidgetResizable(True)
        self.preview_area.setMinimumWidth(440)
        self.print_button = QPushButton(self.tr("&Print"), body)
        self.print_button.setAccessibleName(self.tr("Print the selected job"))
        self.cancel_button = QPushButton(self.tr("Cancel job"), body)
        self.cancel_button.setAccessibleName(self.tr("Cancel the selected job"))
        self.print_button.clicked.connect(lambda: self._decide(True))
        self.cancel_button.clicked.connect(lambda: self._decide(False))
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addWidget(self.cancel_button)
        left = QVBoxLayout()
        left.addWidget(self.state_label)
        left.addWidget(self.jobs, 1)
        left.addLayout(row)
        layout.addLayout(left, 1)
        layout.addWidget(self.preview_area)
        self.setWidget(body)
        self._items: dict[int, QListWidgetItem] = {}
        self.show_receiving(False)
        self._update_buttons()

    def show_receiving(self, receiving: bool, queue: str | None = None) -> None:
        if receiving:
            self.state_label.setText(self.tr("Receiving jobs from the system printer \u201c{0}\u201d. Documents "
                                             "other apps print to it appear here.").format(queue or ""))
        else:
            self.state_label.setText(self.tr("Not receiving jobs. Add Phocol to the system's printers (Printer "
                                             "menu) so other apps can print to it."))

    def _state_text(self, state: str) -> str:
        return {
            "waiting": self.tr("waiting for you"), "received": self.tr("waiting for you"),
            "printing": self.tr("printing…"), "printed": self.tr("printed"),
            "refused": self.tr("not allowed"), "cancelled": self.tr("cancelled"),
            "failed": self.tr("failed"), "unprintable": self.tr("cannot be printed"),
            "later": self.tr("left in the system queue"),
        }.get(state, state)

    def job_changed(self, queued) -> None:  # type: ignore[no-untyped-def]
        """A job arrived or changed (called on the GUI thread)."""
        job = queued.job
        item = self._items.get(job.number)
        if item is None:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, queued)
            if queued.preview is not None:  # a small picture to tell jobs apart; the exact dots are beside
                image = page_qimage(queued.preview).scaled(
                    PREVIEW_SIDE, PREVIEW_SIDE, Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation)
                item.setIcon(QIcon(QPixmap.fromImage(image)))
            self.jobs.insertItem(0, item)
            self._items[job.number] = item
            self.jobs.setCurrentItem(item)
            self._selection_changed()
            if not self.isVisible():
                self.show()
                parent = self.parentWidget()
                if parent is not None and hasattr(parent, "resizeDocks"):
                    parent.resizeDocks([self], [320], Qt.Orientation.Vertical)
            self.raise_()
        title = job.title or self.tr("Untitled document")
        pages = self.tr("Pages: {0}").format(job.page_count)
        copies = self.tr("Copies: {0}").format(job.copies) if job.copies > 1 else ""
        line = " · ".join(part for part in (pages, copies, self._state_text(queued.state)) if part)
        item.setText(f"{title}\n{line}" + (f"\n{queued.message}" if queued.message else ""))
        self._update_buttons()

    def _selection_changed(self) -> None:
        queued = self.selected()
        preview = queued.preview if queued is not None else None
        if preview is None:
            self.preview.set_raster(None, 203)
        else:
            self.preview.set_raster(page_qimage(preview), self.services.current_model().dpi)
            self.preview.setMinimumSize(preview.width + 24, preview.height + 24)
        self._update_buttons()

    def selected(self):  # type: ignore[no-untyped-def]
        item = self.jobs.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _decide(self, accept: bool) -> None:
        queued = self.selected()
        if queued is None or queued.decided.is_set():
            return
        if accept:
            queued.state = "printing"
        self.services.system_queue.decide(queued, accept)
        self.job_changed(queued)

    def _update_buttons(self) -> None:
        queued = self.selected()
        waiting = queued is not None and not queued.decided.is_set() and queued.state in ("received", "waiting")
        self.print_button.setEnabled(waiting)
        self.cancel_button.setEnabled(waiting)
