"""The paper preview: the exact 1-bit dots the printer will print, never a smoothed approximation.

Each printer dot is drawn as a crisp square (no interpolation). "True size" uses the screen's physical
DPI so 1 cm on paper is 1 cm on screen; other zoom levels are integer dots-per-pixel multiples.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

ZOOM_FIT, ZOOM_TRUE = "fit", "true"


def raster_to_qimage(width: int, height: int, packed: bytes) -> QImage:
    """Packed MSB-first rows (each padded to whole bytes), 1 = black -> QImage Format_Mono (same bit order)."""
    image = QImage(packed, width, height, (width + 7) // 8, QImage.Format.Format_Mono).copy()  # own the bytes
    image.setColorTable([QColor(Qt.GlobalColor.white).rgb(), QColor(Qt.GlobalColor.black).rgb()])
    return image


class PaperPreview(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Paper preview"))
        self.setAccessibleDescription(self.tr("The exact dots the printer will print"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)
        self._image: QImage | None = None
        self._dpi = 203
        self.zoom: str | float = ZOOM_FIT
        self.placeholder = self.tr("Open a photo to see exactly what the paper will show.")

    def set_raster(self, image: QImage | None, printer_dpi: int) -> None:
        self._image = image
        self._dpi = printer_dpi
        self.updateGeometry()
        self.update()

    def image(self) -> QImage | None:
        return self._image

    def set_zoom(self, zoom: str | float) -> None:
        self.zoom = zoom
        self.updateGeometry()
        self.update()

    def scale(self) -> float:
        if self._image is None:
            return 1.0
        if self.zoom == ZOOM_TRUE:
            return self.physicalDpiX() / self._dpi if self.physicalDpiX() > 0 else 1.0
        if self.zoom == ZOOM_FIT:
            margin = 24
            sx = (self.width() - margin) / self._image.width()
            sy = (self.height() - margin) / max(1, self._image.height())
            return max(0.05, min(sx, sy))
        return float(self.zoom)

    def sizeHint(self) -> QSize:
        if self._image is None or self.zoom == ZOOM_FIT:
            return QSize(420, 420)
        s = self.scale()
        return QSize(int(self._image.width() * s) + 24, int(self._image.height() * s) + 24)

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Window).darker(115))
        if self._image is None:
            painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.placeholder)
            return
        s = self.scale()
        w, h = self._image.width() * s, self._image.height() * s
        target = QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)
        # At 1 px per dot or more, dots stay crisp dots; shrunk to fit, smoothing shows the tone the eye
        # sees on paper instead of the moire a nearest-neighbour shrink of 1-bit dots produces.
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, s < 1.0)
        painter.setPen(QPen(QColor(0, 0, 0, 60), 1))
        painter.drawRect(target.adjusted(-1, -1, 1, 1))  # the paper's edge
        painter.drawImage(target, self._image)
