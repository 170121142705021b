"""The printed-result view: what the last job put on paper, with the job's facts.

On the virtual printer the picture is the printer's own paper (decoded from the bytes it received, so a
fault mid-job shows as it would on a real roll); on a Bluetooth printer it is the raster that was sent.
The facts (printer, pages, copies, bytes, time) come from the print runner's ``PrintResult``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from phocol_desktop.ui.preview import PaperPreview


@dataclass(frozen=True)
class PrintFacts:
    printer: str  # the printer's name as the printer list shows it
    virtual: bool  # True: the picture is the virtual printer's paper; False: the raster sent over Bluetooth
    pages: int
    copies: int
    sent_bytes: int
    seconds: float
    finished: str  # the local time the job ended, already formatted for the UI's locale


class PrintedResultView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Printed result"))
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        self.facts = QLabel(self)
        self.facts.setAccessibleName(self.tr("Facts of the last print"))
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts.setContentsMargins(6, 2, 6, 2)
        self.facts.setText(self.tr("Nothing printed yet."))
        column.addWidget(self.facts)
        self.paper = PaperPreview(self)
        self.paper.setAccessibleName(self.tr("Printed paper"))
        self.paper.setAccessibleDescription(self.tr("What the last print put on paper"))
        self.paper.placeholder = self.tr("After printing, the paper of the last job shows here.")
        column.addWidget(self.paper, 1)
        self.shown: PrintFacts | None = None

    def show_result(self, image: QImage | None, dpi: int, facts: PrintFacts) -> None:
        self.shown = facts
        self.paper.set_raster(image, dpi)
        self.facts.setText(self.facts_words(facts))

    def facts_words(self, facts: PrintFacts) -> str:
        """Two lines: where the picture comes from (and when), then the job's numbers."""
        locale = QLocale()
        source = (self.tr("The virtual printer's paper, printed at {0}").format(facts.finished) if facts.virtual
                  else self.tr("The dots sent to {0} at {1}").format(facts.printer, facts.finished))
        numbers = self.tr("pages: {0} · copies: {1} · {2} sent · {3} s").format(
            facts.pages, facts.copies, locale.formattedDataSize(facts.sent_bytes),
            locale.toString(facts.seconds, "f", 1))
        return f"{source}\n{numbers}"
