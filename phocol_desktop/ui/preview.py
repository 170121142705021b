"""The paper preview: the exact 1-bit dots the printer will print, never a smoothed approximation.

Zoom is "fit" (the whole paper in the pane), "true" (the screen's physical DPI, so 1 cm on paper is 1 cm
on screen) or a whole number of screen pixels per dot (1:1, 2x, 4x, 8x). At a whole number every dot is a
crisp square; a dot grid appears from 6 px per dot so single dots can be counted. When the paper is
larger than the pane, scroll bars and dragging with the mouse pan it.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import QFrame, QScrollArea, QSizePolicy, QWidget

ZOOM_FIT, ZOOM_TRUE = "fit", "true"
ZOOM_STEPS: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0, 16.0)
GRID_FROM = 6.0  # screen pixels per dot from which the dot grid is drawn
MARGIN = 12


def raster_to_qimage(width: int, height: int, packed: bytes) -> QImage:
    """Packed MSB-first rows (each padded to whole bytes), 1 = black -> QImage Format_Mono (same bit order)."""
    image = QImage(packed, width, height, (width + 7) // 8, QImage.Format.Format_Mono).copy()  # own the bytes
    image.setColorTable([QColor(Qt.GlobalColor.white).rgb(), QColor(Qt.GlobalColor.black).rgb()])
    return image


class _PaperCanvas(QWidget):
    """Draws the paper at the preview's scale; sized to the zoomed paper so the scroll area can pan it."""

    def __init__(self, preview: PaperPreview) -> None:
        super().__init__(preview)
        self._preview = preview
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        preview = self._preview
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Window).darker(115))
        image = preview.image()
        if image is None:
            painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            painter.drawText(self.rect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, preview.placeholder)
            return
        s = preview.scale()
        w, h = image.width() * s, image.height() * s
        target = QRectF(max(MARGIN, (self.width() - w) / 2), max(MARGIN, (self.height() - h) / 2), w, h)
        # At 1 px per dot or more, dots stay crisp squares; shrunk to fit a long strip, smoothing shows the
        # tone the eye sees on paper instead of the moire a nearest-neighbour shrink of 1-bit dots makes.
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, s < 1.0)
        painter.setPen(QPen(QColor(0, 0, 0, 70), 1))
        painter.drawRect(target.adjusted(-1, -1, 1, 1))  # the paper's edge
        painter.drawImage(target, image)
        if s >= GRID_FROM:
            self._draw_grid(painter, target, s, event.rect())

    @staticmethod
    def _draw_grid(painter: QPainter, target: QRectF, s: float, exposed) -> None:  # type: ignore[no-untyped-def]
        """Thin lines between dots, only over the exposed part (a long strip has many thousand rows)."""
        painter.setPen(QPen(QColor(128, 128, 128, 90), 1))
        area = target.intersected(QRectF(exposed))
        first_col = int((area.left() - target.left()) // s)
        last_col = int((area.right() - target.left()) // s) + 1
        first_row = int((area.top() - target.top()) // s)
        last_row = int((area.bottom() - target.top()) // s) + 1
        for col in range(first_col, last_col + 1):
            x = target.left() + col * s
            painter.drawLine(QLineF(x, area.top(), x, area.bottom()))
        for row in range(first_row, last_row + 1):
            y = target.top() + row * s
            painter.drawLine(QLineF(area.left(), y, area.right(), y))


class PaperPreview(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Paper preview"))
        self.setAccessibleDescription(self.tr("The exact dots the printer will print"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._image: QImage | None = None
        self._dpi = 203
        self.zoom: str | float = ZOOM_FIT
        self.placeholder = self.tr("Open a photo to see exactly what the paper will show.")
        self._canvas = _PaperCanvas(self)
        self.setWidget(self._canvas)
        self._pan_from: tuple[QPoint, int, int] | None = None
        self._relayout()

    # -- model
    def set_raster(self, image: QImage | None, printer_dpi: int) -> None:
        self._image = image
        self._dpi = printer_dpi
        self._relayout()

    def image(self) -> QImage | None:
        return self._image

    def set_zoom(self, zoom: str | float) -> None:
        """Change the zoom keeping the same part of the paper in the middle of the pane."""
        centre = self._centre_fraction()
        self.zoom = zoom
        self._relayout()
        for bar, fraction in ((self.horizontalScrollBar(), centre[0]), (self.verticalScrollBar(), centre[1])):
            page = bar.pageStep()
            bar.setValue(round(fraction * (bar.maximum() + page) - page / 2))

    def _centre_fraction(self) -> tuple[float, float]:
        def fraction(bar) -> float:  # type: ignore[no-untyped-def]
            total = bar.maximum() + bar.pageStep()
            return (bar.value() + bar.pageStep() / 2) / total if bar.maximum() > 0 else 0.5

        return fraction(self.horizontalScrollBar()), fraction(self.verticalScrollBar())

    def zoom_in(self) -> None:
        current = self.scale()
        self.set_zoom(next((z for z in ZOOM_STEPS if z > current + 1e-6), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        current = self.scale()
        smaller = [z for z in ZOOM_STEPS if z < current - 1e-6]
        self.set_zoom(smaller[-1] if smaller else ZOOM_FIT)

    def scale(self) -> float:
        """Screen pixels per printer dot at the current zoom."""
        if self._image is None:
            return 1.0
        if self.zoom == ZOOM_TRUE:
            dpi = self.physicalDpiX()
            return dpi / self._dpi if dpi > 0 else 1.0
        if self.zoom == ZOOM_FIT:
            view = self.viewport().size()
            sx = (view.width() - 2 * MARGIN) / self._image.width()
            sy = (view.height() - 2 * MARGIN) / max(1, self._image.height())
            fit = max(0.02, min(sx, sy))
            # Whole pixels per dot whenever the paper is at least dot-sized on screen: crisp, never blurred.
            return float(int(fit)) if fit >= 1.0 else fit
        return float(self.zoom)

    def zoom_words(self) -> str:
        """The zoom as the user reads it, e.g. "Fit (2×)" or "4×"."""
        s = self.scale()
        amount = f"{s:.0f}×" if s >= 1 and abs(s - round(s)) < 1e-6 else f"{s * 100:.0f} %"
        if self.zoom == ZOOM_FIT:
            return self.tr("Fit ({0})").format(amount)
        if self.zoom == ZOOM_TRUE:
            return self.tr("True size ({0})").format(amount)
        return amount

    # -- layout
    def _relayout(self) -> None:
        if self._image is None or self.zoom == ZOOM_FIT:
            self.setWidgetResizable(True)
        else:
            self.setWidgetResizable(False)
            s = self.scale()
            self._canvas.resize(QSize(int(self._image.width() * s) + 2 * MARGIN,
                                      int(self._image.height() * s) + 2 * MARGIN))
        self._canvas.update()
        self.viewport().setCursor(Qt.CursorShape.OpenHandCursor if self._pannable() else Qt.CursorShape.ArrowCursor)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._canvas.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 480)

    # -- panning with the mouse
    def _pannable(self) -> bool:
        return self.horizontalScrollBar().maximum() > 0 or self.verticalScrollBar().maximum() > 0

    def mousePressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.button() == Qt.MouseButton.LeftButton and self._pannable():
            self._pan_from = (event.position().toPoint(), self.horizontalScrollBar().value(),
                              self.verticalScrollBar().value())
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self._pan_from is not None:
            start, h, v = self._pan_from
            delta = event.position().toPoint() - start
            self.horizontalScrollBar().setValue(h - delta.x())
            self.verticalScrollBar().setValue(v - delta.y())
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._pan_from = None
        self.viewport().setCursor(Qt.CursorShape.OpenHandCursor if self._pannable() else Qt.CursorShape.ArrowCursor)
        super().mouseReleaseEvent(event)
