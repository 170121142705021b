"""PDF documents as a print source: the same pages for ``render``, ``print``, the GUI and the system queue.

``DocumentPages`` has the ``pages(model)`` shape every print source has (services/print_runner.py): it
opens the document, picks the page range and renders each page at the printer's dots
(``imaging.document``). ``looks_like_document(path)`` tells a PDF from a photo by its first bytes, never by
its name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.domain.printer_model import MediaPreset, PrinterModel
from phocol_desktop.domain.raster import Raster
from phocol_desktop.domain.safe_input import open_input
from phocol_desktop.imaging.document import AUTO, RenderedPage, is_pdf, open_document
from phocol_desktop.imaging.layout import paper_for

__all__ = ["DocumentPages", "looks_like_document"]


def looks_like_document(source: str | os.PathLike[str] | bytes) -> bool:
    """True when ``source`` (a path or bytes) is a PDF. Unreadable paths say False (the photo loader then
    reports what is wrong with them)."""
    if isinstance(source, bytes | bytearray | memoryview):
        return is_pdf(bytes(source[:1024]))
    try:  # never blocks on a FIFO; folders and devices are not documents (domain/safe_input.py)
        with open_input(source, what="file") as fh:
            return is_pdf(fh.read(1024))
    except (PhocolError, OSError):
        return False


@dataclass(frozen=True)
class DocumentPages:
    """Pages ``page_range`` ("1-3,5"; None = all) of a PDF, each one label or one piece of continuous paper.

    ``mode`` is auto / text / photo (imaging.document); the paper is ``preset`` or a custom size, else the
    model's default paper.
    """

    document: str | os.PathLike[str] | bytes
    page_range: str | None = None
    mode: str = AUTO
    preset: str | MediaPreset | None = None
    width_mm: float | None = None
    length_mm: float | None = None

    def paper(self, model: PrinterModel) -> MediaPreset:
        if isinstance(self.preset, MediaPreset):
            return self.preset
        if self.width_mm is not None or self.length_mm is not None:
            return paper_for(model, self.preset, self.width_mm, self.length_mm)
        return paper_for(model, self.preset)

    def rendered(self, model: PrinterModel) -> tuple[RenderedPage, ...]:
        paper = self.paper(model)
        with open_document(self.document) as doc:
            return tuple(doc.render_page(i, model, paper, self.mode) for i in doc.select(self.page_range))

    def pages(self, model: PrinterModel) -> tuple[Raster, ...]:
        return tuple(page.raster for page in self.rendered(model))
