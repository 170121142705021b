"""The photo, in colour, with a crop frame whose handles keep the paper's aspect ratio.

Works in normalised coordinates (0..1 of the displayed, already rotated photo) so the crop survives
re-rendering at any resolution. Keyboard: arrows move the frame, +/- resize it (accessible without a mouse).

The bright area is exactly what reaches the paper: the render reports it (``paper_region``), so a "fill"
that trims the crop to a band, or a fine angle that turns it, shows here as it prints. The handles stay
on the crop the user chose; where the paper keeps less, that rest is dimmed.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

HANDLE = 9.0


class CropView(QWidget):
    cropChanged = Signal(QRectF)  # normalised, emitted when the user finishes a drag or key press

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Photo and crop frame"))
        self.setAccessibleDescription(
            self.tr("Drag the frame or its corners; arrow keys move it, plus and minus resize it"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)
        self._image: QImage | None = None
        self._aspect: float | None = None  # width / height in image pixels; None = free
        self._crop = QRectF(0, 0, 1, 1)
        self._region: tuple[tuple[float, float], ...] = ()  # corners of what reaches the paper (fractions)
        self._drag: tuple[str, QPointF, QRectF] | None = None

    # -- model
    def set_image(self, image: QImage | None) -> None:
        self._image = image
        self.update()

    def set_paper_region(self, corners: tuple[tuple[float, float], ...]) -> None:
        """The four corners (fractions of the photo) of the part that reaches the paper; () = the crop."""
        self._region = tuple(corners)
        self.update()

    def paper_polygon(self) -> QPolygonF:
        """What reaches the paper, in widget coordinates."""
        ir = self._image_rect()
        if self._region:
            return QPolygonF([QPointF(ir.x() + x * ir.width(), ir.y() + y * ir.height()) for x, y in self._region])
        return QPolygonF(self._to_widget(self._crop))

    def set_aspect(self, aspect: float | None) -> None:
        self._aspect = aspect
        self._crop = self._fit_aspect(self._crop)
        self.update()

    def crop(self) -> QRectF:
        return QRectF(self._crop)

    def set_crop(self, rect: QRectF | None) -> None:
        crop = QRectF(0, 0, 1, 1) if rect is None else QRectF(rect)
        if crop != self._crop:
            self._region = ()  # the next render reports what this crop puts on paper
        self._crop = crop
        self.update()

    def reset_crop(self) -> None:
        self._crop = self._fit_aspect(QRectF(0, 0, 1, 1))
        self.update()
        self.cropChanged.emit(self.crop())

    # -- geometry
    def _image_rect(self) -> QRectF:
        if self._image is None or self._image.width() == 0:
            return QRectF()
        margin = 12
        sx = (self.width() - 2 * margin) / self._image.width()
        sy = (self.height() - 2 * margin) / self._image.height()
        s = max(0.01, min(sx, sy))
        w, h = self._image.width() * s, self._image.height() * s
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def _to_widget(self, r: QRectF) -> QRectF:
        ir = self._image_rect()
        return QRectF(ir.x() + r.x() * ir.width(), ir.y() + r.y() * ir.height(), r.width() * ir.width(),
                      r.height() * ir.height())

    def _norm_aspect(self) -> float | None:
        """The aspect in normalised units (the image may not be square)."""
        if self._aspect is None or self._image is None or self._image.height() == 0:
            return None
        return self._aspect * self._image.height() / self._image.width()

    def _fit_aspect(self, r: QRectF) -> QRectF:
        a = self._norm_aspect()
        if a is None:
            return r.intersected(QRectF(0, 0, 1, 1))
        w, h = r.width(), r.height()
        if w / max(h, 1e-9) > a:
            w = h * a
        else:
            h = w / a
        if w > 1:
            w, h = 1.0, 1.0 / a
        if h > 1:
            h, w = 1.0, a
        c = r.center()
        out = QRectF(c.x() - w / 2, c.y() - h / 2, w, h)
        return self._clamp(out)

    @staticmethod
    def _clamp(r: QRectF) -> QRectF:
        x = min(max(r.x(), 0.0), 1.0 - r.width())
        y = min(max(r.y(), 0.0), 1.0 - r.height())
        return QRectF(x, y, r.width(), r.height())

    def _hit(self, pos: QPointF) -> str | None:
        w = self._to_widget(self._crop)
        corners = {"tl": w.topLeft(), "tr": w.topRight(), "bl": w.bottomLeft(), "br": w.bottomRight()}
        for name, p in corners.items():
            if abs(pos.x() - p.x()) <= HANDLE and abs(pos.y() - p.y()) <= HANDLE:
                return name
        return "move" if w.contains(pos) else None

    # -- interaction
    def mousePressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        kind = self._hit(event.position())
        if kind:
            self._drag = (kind, event.position(), QRectF(self._crop))

    def mouseMoveEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self._drag is None:
            hit = self._hit(event.position())
            cursor = {None: Qt.CursorShape.ArrowCursor, "move": Qt.CursorShape.SizeAllCursor,
                      "tl": Qt.CursorShape.SizeFDiagCursor, "br": Qt.CursorShape.SizeFDiagCursor}
            self.setCursor(cursor.get(hit, Qt.CursorShape.SizeBDiagCursor))
            return
        kind, start, original = self._drag
        ir = self._image_rect()
        if ir.isEmpty():
            return
        dx = (event.position().x() - start.x()) / ir.width()
        dy = (event.position().y() - start.y()) / ir.height()
        self._crop = self._dragged(kind, original, dx, dy)
        self._region = ()  # while dragging, the frame itself; the render after release refines it
        self.update()

    def _dragged(self, kind: str, r: QRectF, dx: float, dy: float) -> QRectF:
        if kind == "move":
            return self._clamp(r.translated(dx, dy))
        # The corner opposite the handle stays fixed; width follows the pointer, height follows the aspect.
        left, top, right, bottom = r.left(), r.top(), r.right(), r.bottom()
        if "l" in kind:
            left = min(max(0.0, left + dx), right - 0.02)
        else:
            right = max(min(1.0, right + dx), left + 0.02)
        if "t" in kind:
            top = min(max(0.0, top + dy), bottom - 0.02)
        else:
            bottom = max(min(1.0, bottom + dy), top + 0.02)
        a = self._norm_aspect()
        if a is not None:
            w = right - left
            h = w / a
            if "t" in kind:
                top = bottom - h
                if top < 0:
                    top, w = 0.0, bottom * a
            else:
                bottom = top + h
                if bottom > 1:
                    bottom, w = 1.0, (1.0 - top) * a
            if "l" in kind:
                left = right - w
            else:
                right = left + w
        return QRectF(left, top, right - left, bottom - top).intersected(QRectF(0, 0, 1, 1))

    def mouseReleaseEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self._drag is not None:
            self._drag = None
            self.cropChanged.emit(self.crop())

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        step = 0.02
        moves = {Qt.Key.Key_Left: (-step, 0), Qt.Key.Key_Right: (step, 0), Qt.Key.Key_Up: (0, -step),
                 Qt.Key.Key_Down: (0, step)}
        if event.key() in moves:
            dx, dy = moves[event.key()]
            self._crop = self._clamp(self._crop.translated(dx, dy))
        elif event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Minus):
            f = 1.05 if event.key() != Qt.Key.Key_Minus else 1 / 1.05
            c = self._crop.center()
            w, h = self._crop.width() * f, self._crop.height() * f
            self._crop = self._fit_aspect(QRectF(c.x() - w / 2, c.y() - h / 2, w, h))
        else:
            super().keyPressEvent(event)
            return
        self._region = ()
        self.update()
        self.cropChanged.emit(self.crop())

    def focusInEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().focusOutEvent(event)
        self.update()

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Window).darker(115))
        if self._image is None:
            painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.tr("Open a photo (Ctrl+O), drop one here, or paste it (Ctrl+V)."))
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        ir = self._image_rect()
        painter.drawImage(ir, self._image)
        frame = self._to_widget(self._crop)
        paper = self.paper_polygon()
        shade = QPainterPath()
        shade.addRect(ir)
        inner = QPainterPath()
        inner.addPolygon(paper)
        inner.closeSubpath()
        painter.fillPath(shade.subtracted(inner), QColor(0, 0, 0, 130))
        # The chosen crop (handles): dashed where the paper keeps less than it.
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(255, 255, 255, 200), 1, Qt.PenStyle.DashLine))
        painter.drawRect(frame)
        painter.setPen(QPen(QColor(255, 255, 255), 2))
        painter.drawPolygon(paper)
        painter.setPen(QPen(QColor(40, 40, 40), 1))
        painter.setBrush(QColor(255, 255, 255))
        for p in (frame.topLeft(), frame.topRight(), frame.bottomLeft(), frame.bottomRight()):
            painter.drawRect(QRectF(p.x() - HANDLE / 2, p.y() - HANDLE / 2, HANDLE, HANDLE))
        if self.hasFocus():  # keyboard users see where the arrow keys act
            pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
