"""The design editor: new from template, the exact dots on a canvas you click and drag, elements, properties,
the template's fields, undo/redo, CSV batches and printing (File ▸ New from template…).

Everything the user changes is an edit of the pure engine (``imaging.design.edit``) applied to a
``DesignHistory``, so undo/redo covers it all; every render runs off the GUI thread through
``services.design_editing`` (the same ``render_design`` the CLI and the print runner use), newest request
wins. Element geometry is in millimetres; the canvas maps it with the render's dots per millimetre.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QIcon,
    QImage,
    QKeySequence,
    QPainter,
    QPen,
    QPixmap,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.imaging.design.edit import ChangeElement, DesignHistory, MoveElement
from phocol_desktop.imaging.design.errors import CodeTooSmall, DesignScaled, PhotoMissing
from phocol_desktop.imaging.design.model import (
    BarcodeElement,
    ChecklistElement,
    DateElement,
    Design,
    Element,
    FrameElement,
    LineElement,
    QrElement,
    TextElement,
)
from phocol_desktop.imaging.text import MissingGlyphs, TextNotShaped, TextOverflow
from phocol_desktop.services.design_editing import (
    DesignEditing,
    field_changes,
    field_value,
    new_from_template,
    row_of,
)
from phocol_desktop.ui.bridge import Background, LatestOnly
from phocol_desktop.ui.i18n import error_words
from phocol_desktop.ui.preview import MARGIN, PaperPreview, _PaperCanvas, raster_to_qimage

if TYPE_CHECKING:
    from phocol_desktop.imaging.design.batch import CsvTable
    from phocol_desktop.imaging.design.render import DesignRendered
    from phocol_desktop.services.app import AppServices
    from phocol_desktop.services.print_runner import PrintHandle, PrintProgress

log = logging.getLogger(__name__)

SNAP_MM = 0.5  # drags and nudges land on half millimetres
NUDGE_MM, BIG_NUDGE_MM = 0.5, 5.0
HANDLE_PX = 8  # the resize handle at an element's bottom-right corner
MIN_SIZE_MM = 1.0
THUMB = QSize(96, 96)


def snap(mm: float) -> float:
    return round(mm / SNAP_MM) * SNAP_MM


def element_box(e: Element, design: Design) -> tuple[float, float, float, float] | None:
    """(x, y, w, h) in mm of what the canvas outlines and hit-tests; an automatic height gets a line's worth."""
    if isinstance(e, LineElement):
        x, y = min(e.x1, e.x2), min(e.y1, e.y2)
        return x, y, max(abs(e.x2 - e.x1), e.width_mm), max(abs(e.y2 - e.y1), e.width_mm)
    if isinstance(e, FrameElement):
        length = design.page.length_mm or 0.0
        return e.inset_mm, e.inset_mm, design.page.width_mm - 2 * e.inset_mm, max(0.0, length - 2 * e.inset_mm)
    h = getattr(e, "h", None)
    if h is None:
        font = getattr(e, "font", None)
        lines = max(1, len(getattr(e, "items", ())) or 1)
        h = lines * (font.size_pt if font else 12.0) * 25.4 / 72 * 1.3
    return e.x, e.y, e.w, h  # type: ignore[attr-defined]


def paper_qimage(paper: Any) -> QImage:
    """A mode "1" paper image (True = white) → the same dots as a mono QImage (1 = black)."""
    black = ~np.asarray(paper, dtype=bool)
    return raster_to_qimage(paper.width, paper.height, np.packbits(black, axis=1).tobytes())


class _DesignCanvas(_PaperCanvas):
    """The paper canvas with the selected element outlined; click selects, drag moves, the corner resizes."""

    def __init__(self, preview: DesignCanvas) -> None:
        super().__init__(preview)
        self.editor_preview = preview
        self.setMouseTracking(True)

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().paintEvent(event)
        box = self.editor_preview.selected_rect()
        if box is None:
            return
        painter = QPainter(self)
        painter.setPen(QPen(QColor(30, 120, 230), 1, Qt.PenStyle.DashLine))
        painter.drawRect(box)
        painter.fillRect(self.editor_preview.handle_rect(box), QColor(30, 120, 230))

    def mousePressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.button() == Qt.MouseButton.LeftButton and self.editor_preview.press(event.position()):
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self.editor_preview.drag(event.position()):
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.editor_preview.release()
        super().mouseReleaseEvent(event)


class DesignCanvas(PaperPreview):
    """The exact 1-bit render at whole pixels per dot, editable with the mouse and the arrow keys."""

    element_pressed = Signal(str)  # an element id ("" for the empty paper)

    def __init__(self, editor: DesignEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.setAccessibleName(self.tr("Design canvas"))
        self.placeholder = self.tr("Pick a template to start a design.")
        self._canvas = _DesignCanvas(self)
        self.setWidget(self._canvas)
        self.dots_per_mm = 8.0
        self._drag: tuple[str, str, QPointF, Element] | None = None  # (mode, id, start, element at start)
        self._drags = 0

    def canvas_widget(self) -> QWidget:
        return self._canvas

    def paper_rect(self) -> QRectF | None:
        image = self.image()
        if image is None:
            return None
        s = self.scale()
        w, h = image.width() * s, image.height() * s
        c = self._canvas
        return QRectF(max(MARGIN, (c.width() - w) / 2), max(MARGIN, (c.height() - h) / 2), w, h)

    def mm_to_px(self) -> float:
        return self.scale() * self.dots_per_mm

    def box_rect(self, box: tuple[float, float, float, float]) -> QRectF | None:
        paper = self.paper_rect()
        if paper is None:
            return None
        k = self.mm_to_px()
        x, y, w, h = box
        return QRectF(paper.left() + x * k, paper.top() + y * k, w * k, h * k)

    def selected_rect(self) -> QRectF | None:
        design, selected = self.editor.design(), self.editor.selected
        if design is None or not selected:
            return None
        try:
            box = element_box(design.element(selected), design)
        except PhocolError:
            return None
        return self.box_rect(box) if box else None

    @staticmethod
    def handle_rect(box: QRectF) -> QRectF:
        return QRectF(box.right() - HANDLE_PX / 2, box.bottom() - HANDLE_PX / 2, HANDLE_PX, HANDLE_PX)

    def element_at(self, pos: QPointF) -> str:
        """The topmost element under ``pos`` (canvas pixels); a page frame only along its edge."""
        design = self.editor.design()
        if design is None:
            return ""
        for e in reversed(design.elements):
            box = element_box(e, design)
            rect = self.box_rect(box) if box else None
            if rect is None:
                continue
            if isinstance(e, FrameElement):
                inner = rect.adjusted(6, 6, -6, -6)
                if rect.adjusted(-4, -4, 4, 4).contains(pos) and not inner.contains(pos):
                    return e.id
            elif rect.adjusted(-2, -2, 2, 2).contains(pos):
                return e.id
        return ""

    # -- mouse
    def press(self, pos: QPointF) -> bool:
        selected = self.selected_rect()
        design = self.editor.design()
        if design is None:
            return False
        self.setFocus()
        if selected is not None and self.handle_rect(selected).adjusted(-3, -3, 3, 3).contains(pos):
            element = design.element(self.editor.selected)
            if hasattr(element, "w") and not isinstance(element, FrameElement):
                self._start_drag("resize", element, pos)
                return True
        hit = self.element_at(pos)
        self.element_pressed.emit(hit)
        if hit:
            element = design.element(hit)
            if not isinstance(element, FrameElement):
                self._start_drag("move", element, pos)
            return True
        return False

    def _start_drag(self, mode: str, element: Element, pos: QPointF) -> None:
        self._drags += 1
        self._drag = (mode, element.id, pos, element)

    def drag(self, pos: QPointF) -> bool:
        if self._drag is None:
            return False
        mode, element_id, start, before = self._drag
        k = self.mm_to_px()
        dx, dy = (pos.x() - start.x()) / k, (pos.y() - start.y()) / k
        key = f"{mode}:{element_id}:{self._drags}"
        if mode == "move":
            self.editor.apply_change(element_id, moved(before, dx, dy), key)
        else:
            h = getattr(before, "h", None)
            changes: dict[str, object] = {"w": max(MIN_SIZE_MM, snap(before.w + dx))}  # type: ignore[attr-defined]
            if h is not None:
                changes["h"] = max(MIN_SIZE_MM, snap(h + dy))
            self.editor.apply_change(element_id, changes, key)
        return True

    def release(self) -> None:
        if self._drag is not None:
            self._drag = None
            self.editor.end_merge()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        step = BIG_NUDGE_MM if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else NUDGE_MM
        delta = {Qt.Key.Key_Left: (-step, 0), Qt.Key.Key_Right: (step, 0), Qt.Key.Key_Up: (0, -step),
                 Qt.Key.Key_Down: (0, step)}.get(Qt.Key(event.key()))
        design, selected = self.editor.design(), self.editor.selected
        if delta is None or design is None or not selected:
            super().keyPressEvent(event)
            return
        element = design.element(selected)
        if not isinstance(element, FrameElement):
            self.editor.apply_change(selected, moved(element, *delta), f"nudge:{selected}")
        event.accept()


def moved(e: Element, dx: float, dy: float) -> dict[str, object]:
    """The property changes that move ``e`` by (dx, dy) mm, snapped to half millimetres."""
    if isinstance(e, LineElement):
        x, y = snap(min(e.x1, e.x2) + dx), snap(min(e.y1, e.y2) + dy)
        ox, oy = x - min(e.x1, e.x2), y - min(e.y1, e.y2)
        return {"x1": e.x1 + ox, "x2": e.x2 + ox, "y1": e.y1 + oy, "y2": e.y2 + oy}
    return {"x": snap(e.x + dx), "y": snap(e.y + dy)}  # type: ignore[attr-defined]


class DesignEditor(QMainWindow):
    """File ▸ New from template… (see the module docstring)."""

    rendered = Signal()  # a render of the current state reached the canvas (tests wait for it)

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.services = services
        self.editing = DesignEditing(services)
        self.background = Background(self)
        self.renders = LatestOnly(self.background)
        self.history: DesignHistory | None = None
        self.selected = ""
        self.templates: dict[str, Design] = {}
        self.table: CsvTable | None = None
        self.csv_path: Path | None = None
        self.row_shown: int | None = None
        self.last_render: DesignRendered | None = None
        self.shown_design: Design | None = None  # the design whose dots the canvas shows
        self.print_handle: PrintHandle | None = None
        self.last_result: Any = None
        self.failed_rows: list[tuple[int | None, str]] = []
        self._updating = False
        self.setWindowTitle(self.tr("Design editor"))
        self.resize(1280, 780)
        self._build()
        self._load_templates()

    # ------------------------------------------------------------------------------------------ layout
    def _build(self) -> None:
        bar = QToolBar(self.tr("Design"), self)
        bar.setObjectName("design_toolbar")
        self.addToolBar(bar)
        self.undo_action = bar.addAction(self.tr("Undo"), self.undo)
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = bar.addAction(self.tr("Redo"), self.redo)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        bar.addSeparator()
        self.csv_action = bar.addAction(self.tr("Import CSV…"), self.import_csv_dialog)
        self.save_action = bar.addAction(self.tr("Save as project…"), self.save_dialog)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.print_action = bar.addAction(self.tr("Print"), self.print_design)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)

        # Left: the template gallery.
        gallery_box = QGroupBox(self.tr("Templates"))
        gallery_layout = QVBoxLayout(gallery_box)
        self.gallery = QListWidget()
        self.gallery.setAccessibleName(self.tr("Templates"))
        self.gallery.setIconSize(THUMB)
        self.gallery.setViewMode(QListWidget.ViewMode.ListMode)
        self.gallery.setWordWrap(True)
        self.gallery.itemActivated.connect(lambda _item: self.new_from_selected())
        self.new_button = QPushButton(self.tr("New from template"))
        self.new_button.clicked.connect(self.new_from_selected)
        gallery_layout.addWidget(self.gallery)
        gallery_layout.addWidget(self.new_button)

        # Centre: the canvas, the warnings under it, the CSV rows under that.
        self.canvas = DesignCanvas(self)
        self.canvas.element_pressed.connect(self.select)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setAccessibleName(self.tr("Warnings"))
        self.warnings.setStyleSheet("color: #a15c00;")
        self.rows_view = QTableView()
        self.rows_view.setAccessibleName(self.tr("CSV rows"))
        self.rows_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rows_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rows_view.verticalHeader().setVisible(False)  # the "Row" column holds the CSV's own row numbers
        self.rows_model = QStandardItemModel(self)
        self.rows_view.setModel(self.rows_model)
        self.rows_view.selectionModel().selectionChanged.connect(lambda *_: self._row_selection_changed())
        self.rows_view.setVisible(False)
        self.rows_label = QLabel()
        self.print_rows_button = QPushButton(self.tr("Print selected rows"))
        self.print_rows_button.clicked.connect(self.print_selected_rows)
        self.print_rows_button.setVisible(False)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel_print)
        self.cancel_button.setVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        split = self.centre_split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.canvas)
        rows_box = QWidget()
        rows_layout = QVBoxLayout(rows_box)
        rows_layout.setContentsMargins(0, 0, 0, 0)
        rows_layout.addWidget(self.rows_label)
        rows_layout.addWidget(self.rows_view)
        split.addWidget(rows_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        centre_layout.addWidget(split, 1)
        centre_layout.addWidget(self.warnings)
        status_row = QHBoxLayout()
        status_row.addWidget(self.message, 1)
        status_row.addWidget(self.progress)
        status_row.addWidget(self.cancel_button)
        status_row.addWidget(self.print_rows_button)
        centre_layout.addLayout(status_row)

        # Right: elements (top of the z-order first), the selected element's properties, the fields.
        right = QWidget()
        right_layout = QVBoxLayout(right)
        elements_box = QGroupBox(self.tr("Elements"))
        elements_layout = QVBoxLayout(elements_box)
        self.elements = QListWidget()
        self.elements.setAccessibleName(self.tr("Elements"))
        self.elements.currentItemChanged.connect(self._element_row_changed)
        order = QHBoxLayout()
        self.raise_button = QPushButton(self.tr("Bring forward"))
        self.raise_button.clicked.connect(lambda: self._restack(+1))
        self.lower_button = QPushButton(self.tr("Send backward"))
        self.lower_button.clicked.connect(lambda: self._restack(-1))
        order.addWidget(self.raise_button)
        order.addWidget(self.lower_button)
        elements_layout.addWidget(self.elements)
        elements_layout.addLayout(order)
        self.properties_box = QGroupBox(self.tr("Properties"))
        self.properties = QFormLayout(self.properties_box)
        self.fields_box = QGroupBox(self.tr("Template fields"))
        self.fields_form = QFormLayout(self.fields_box)
        right_layout.addWidget(elements_box, 2)
        right_layout.addWidget(self.properties_box, 2)
        right_layout.addWidget(self.fields_box, 2)
        self.property_widgets: dict[str, QWidget] = {}
        self.field_widgets: dict[str, QWidget] = {}

        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(gallery_box)
        main.addWidget(centre)
        main.addWidget(right)
        main.setStretchFactor(0, 1)
        main.setStretchFactor(1, 4)
        main.setStretchFactor(2, 2)
        main.setSizes([240, 700, 340])
        self.setCentralWidget(main)
        self._update_actions()

    # ------------------------------------------------------------------------------------------ words
    def template_words(self, template: Design) -> str:
        """A bundled template's name in the UI's language (a user template keeps its own name)."""
        info = template.template
        names = {"banner": self.tr("Banner"), "barcode-label": self.tr("Barcode label"),
                 "grid-2x2": self.tr("2 × 2 grid"), "photo-strip-4": self.tr("Photo strip (4)"),
                 "polaroid": self.tr("Instant photo with caption"), "qr-label": self.tr("QR label"),
                 "todo": self.tr("To-do list")}
        if info is None:
            return template.name
        return names.get(info.id, info.name) if info.id not in self._user_ids else info.name

    def field_words(self, name: str, label: str) -> str:
        words = {"title": self.tr("Title"), "qr": self.tr("QR code data"), "code": self.tr("Barcode digits"),
                 "caption": self.tr("Caption"), "items": self.tr("Items (one per line)"), "text": self.tr("Text")}
        if name.startswith("photo"):
            return self.tr("Photo {0}").format(name[5:]) if name[5:] else self.tr("Photo")
        return words.get(name, label or name)

    def sample_words(self, template: Design) -> dict[str, str]:
        """What a new design's text fields say before the user types, in the UI's language."""
        info = template.template
        return {f.name: self.field_words(f.name, f.label) for f in info.fields} if info is not None else {}

    def element_words(self, e: Element) -> str:
        kinds = {"text": self.tr("Text"), "date": self.tr("Date"), "qr": self.tr("QR code"),
                 "barcode": self.tr("Barcode"), "photo": self.tr("Photo"), "line": self.tr("Line"),
                 "rect": self.tr("Rectangle"), "frame": self.tr("Frame"), "checklist": self.tr("Checklist")}
        kind = kinds.get(e.kind, e.kind)
        content = getattr(e, "text", "") or getattr(e, "data", "") or ""
        content = content.replace("\n", " ")
        if len(content) > 24:
            content = content[:23] + "…"
        return self.tr("{0} · {1}").format(kind, content) if content and not isinstance(e, DateElement) else \
            self.tr("{0} · {1}").format(kind, e.id)

    def warning_words(self, warning: object) -> str:
        if isinstance(warning, MissingGlyphs):
            return self.tr("No installed font has {0}; those characters are left out. Install a font for that "
                           "script (e.g. Noto).").format(" ".join(warning.chars[:8]))
        if isinstance(warning, TextOverflow):
            return self.tr("The text “{0}” does not fit its box and is cut off.").format(warning.element)
        if isinstance(warning, TextNotShaped):
            return self.tr("The text “{0}” needs shaping this Pillow cannot do; it prints letter by letter."
                           ).format(warning.element)
        if isinstance(warning, CodeTooSmall):
            return self.tr("The code “{0}” is too small to scan reliably ({1} dots per module, at least {2} mm "
                           "needed). Make its box larger or its data shorter.").format(
                warning.element, warning.module_dots, f"{warning.minimum_mm:g}")
        if isinstance(warning, DesignScaled):
            return self.tr("The design is wider than the print head; it is scaled to {0} %.").format(warning.percent)
        if isinstance(warning, PhotoMissing):
            return self.tr("The photo “{0}” has no picture yet; an empty frame prints.").format(warning.element)
        return str(warning)

    # ------------------------------------------------------------------------------------------ templates
    def _load_templates(self) -> None:
        self._user_ids: frozenset[str] = frozenset()
        self.background.run(self.editing.catalog, self._catalog_ready, self.show_error)

    def _catalog_ready(self, catalog) -> None:  # type: ignore[no-untyped-def]
        self.templates = dict(catalog.templates)
        self._user_ids = catalog.user_ids
        self.gallery.clear()
        for template_id, template in self.templates.items():
            item = QListWidgetItem(self.template_words(template))
            item.setData(Qt.ItemDataRole.UserRole, template_id)
            blank = QPixmap(THUMB)
            blank.fill(QColor("white"))
            item.setIcon(QIcon(blank))
            self.gallery.addItem(item)
            words = self.sample_words(template)
            self.background.run(lambda t=template, w=words: paper_qimage(self.editing.thumbnail(t, w).paper),
                                lambda image, i=item: self._thumbnail_ready(i, image),
                                lambda exc, tid=template_id: log.info("no thumbnail for %s: %s", tid, exc))
        if self.gallery.count():
            self.gallery.setCurrentRow(0)
        if catalog.problems:
            self.message.setText(self.tr("Some of your templates could not be read: {0}").format(
                ", ".join(name for name, _reason in catalog.problems)))

    def _thumbnail_ready(self, item: QListWidgetItem, image: QImage) -> None:
        pixmap = QPixmap.fromImage(image).scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.SmoothTransformation)
        framed = QPixmap(THUMB)
        framed.fill(QColor(0, 0, 0, 0))
        painter = QPainter(framed)
        x, y = (THUMB.width() - pixmap.width()) // 2, (THUMB.height() - pixmap.height()) // 2
        painter.drawPixmap(x, y, pixmap)
        painter.setPen(QPen(QColor(0, 0, 0, 90)))
        painter.drawRect(x, y, pixmap.width() - 1, pixmap.height() - 1)
        painter.end()
        item.setIcon(QIcon(framed))

    def new_from_selected(self) -> None:
        item = self.gallery.currentItem()
        if item is not None:
            self.new_from_template(str(item.data(Qt.ItemDataRole.UserRole)))

    def new_from_template(self, template_id: str) -> None:
        template = self.templates[template_id]
        for i in range(self.gallery.count()):
            if self.gallery.item(i).data(Qt.ItemDataRole.UserRole) == template_id:
                self.gallery.setCurrentRow(i)
        self.set_design(new_from_template(template, self.sample_words(template)))
        self.setWindowTitle(self.tr("{0} — Design editor").format(self.template_words(template)))

    def set_design(self, design: Design) -> None:
        self.history = DesignHistory(design)
        self.selected = ""
        self.clear_csv()
        self._design_changed(rebuild_fields=True)

    # ------------------------------------------------------------------------------------------ the design
    def design(self) -> Design | None:
        return self.history.current if self.history is not None else None

    def apply_change(self, element_id: str, changes: dict[str, object], merge_key: str | None = None) -> bool:
        """One property edit through the engine; a value the format refuses is shown, never applied."""
        if self.history is None:
            return False
        try:
            self.history.apply(ChangeElement.of(element_id, **changes), merge_key=merge_key)
        except PhocolError as exc:
            self.message.setText(error_words(exc))
            return False
        self._design_changed()
        return True

    def end_merge(self) -> None:
        if self.history is not None:
            self.history.end_merge()

    def set_field(self, name: str, value: str) -> None:
        design = self.design()
        if design is None or self.history is None:
            return
        key = f"field:{name}"
        try:
            for element_id, changes in field_changes(design, name, value):
                self.history.apply(ChangeElement.of(element_id, **changes), merge_key=key)
        except PhocolError as exc:
            self.message.setText(error_words(exc))
            return
        self._design_changed()

    def undo(self) -> None:
        if self.history is not None and self.history.can_undo():
            self.history.undo()
            self._design_changed()

    def redo(self) -> None:
        if self.history is not None and self.history.can_redo():
            self.history.redo()
            self._design_changed()

    def _restack(self, step: int) -> None:
        design = self.design()
        if design is None or not self.selected or self.history is None:
            return
        self.history.apply(MoveElement(self.selected, design.index_of(self.selected) + step))
        self._design_changed()

    def select(self, element_id: str) -> None:
        if element_id == self.selected:
            return
        self.selected = element_id
        self.end_merge()
        self._sync_elements()
        self._build_properties()
        self._update_actions()
        self.canvas.canvas_widget().update()

    def _element_row_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if not self._updating:
            self.select(str(current.data(Qt.ItemDataRole.UserRole)) if current is not None else "")

    def _design_changed(self, rebuild_fields: bool = False) -> None:
        design = self.design()
        if design is not None and self.selected and all(e.id != self.selected for e in design.elements):
            self.selected = ""
        self._sync_elements()
        if rebuild_fields:
            self._build_fields()
            self._build_properties()
        else:
            self._refresh_fields()
            self._refresh_properties()
        self._update_actions()
        self.canvas.canvas_widget().update()
        self.request_render()

    def _update_actions(self) -> None:
        has = self.history is not None
        self.undo_action.setEnabled(has and self.history.can_undo())  # type: ignore[union-attr]
        self.redo_action.setEnabled(has and self.history.can_redo())  # type: ignore[union-attr]
        for action in (self.save_action, self.print_action, self.csv_action):
            action.setEnabled(has and self.print_handle is None)
        self.csv_action.setEnabled(has and self.print_handle is None and self.design().template is not None)  # type: ignore[union-attr]
        self.raise_button.setEnabled(bool(self.selected))
        self.lower_button.setEnabled(bool(self.selected))
        rows = self._selected_rows()
        self.print_rows_button.setVisible(self.table is not None)
        self.print_rows_button.setEnabled(bool(rows) and self.print_handle is None)
        if self.table is not None:
            self.print_action.setText(self.tr("Print all {0} rows").format(len(self.table.rows)))
        else:
            self.print_action.setText(self.tr("Print"))

    # ------------------------------------------------------------------------------------------ lists
    def _sync_elements(self) -> None:
        design = self.design()
        self._updating = True
        try:
            self.elements.clear()
            if design is None:
                return
            for e in reversed(design.elements):  # the top of the z-order first, as layers are listed
                item = QListWidgetItem(self.element_words(e))
                item.setData(Qt.ItemDataRole.UserRole, e.id)
                self.elements.addItem(item)
                if e.id == self.selected:
                    self.elements.setCurrentItem(item)
        finally:
            self._updating = False

    def _clear_form(self, form: QFormLayout) -> None:
        while form.rowCount():
            form.removeRow(0)

    def _build_properties(self) -> None:
        self._clear_form(self.properties)
        self.property_widgets = {}
        design = self.design()
        if design is None or not self.selected:
            self.properties.addRow(QLabel(self.tr("Click an element on the paper or in the list.")))
            return
        e = design.element(self.selected)
        if isinstance(e, TextElement) and not isinstance(e, DateElement):
            self._text_property("text", self.tr("Text"), multiline=True)
        if isinstance(e, QrElement | BarcodeElement):
            self._text_property("data", self.tr("Content"), multiline=False)
        if isinstance(e, QrElement):
            self._choice_property("error", self.tr("Error correction"), ["L", "M", "Q", "H"])
        if isinstance(e, BarcodeElement):
            self._choice_property("symbology", self.tr("Symbology"), ["code128", "ean13", "upca"])
        if isinstance(e, ChecklistElement):
            self._text_property("items", self.tr("Items (one per line)"), multiline=True)
        if isinstance(e, TextElement | ChecklistElement):
            spin = self._number_property("font_size", self.tr("Font size"), 4.0, 200.0, self.tr(" pt"))
            spin.setDecimals(1)
        if not isinstance(e, LineElement | FrameElement):
            for name, label in (("x", self.tr("Left")), ("y", self.tr("Top")), ("w", self.tr("Width")),
                                ("h", self.tr("Height"))):
                if name == "h" and getattr(e, "h", 0) is None:
                    continue
                self._number_property(name, label, -500.0 if name in "xy" else MIN_SIZE_MM, 2000.0, self.tr(" mm"))
        self._refresh_properties()

    def _text_property(self, name: str, label: str, multiline: bool) -> None:
        widget: QPlainTextEdit | QLineEdit
        if multiline:
            widget = QPlainTextEdit()
            widget.setMaximumHeight(70)
            widget.textChanged.connect(lambda: self._property_edited(name, widget.toPlainText()))  # type: ignore[union-attr]
        else:
            widget = QLineEdit()
            widget.textEdited.connect(lambda text: self._property_edited(name, text))
        widget.setAccessibleName(label)
        self.property_widgets[name] = widget
        self.properties.addRow(label, widget)

    def _choice_property(self, name: str, label: str, choices: list[str]) -> None:
        combo = QComboBox()
        combo.addItems(choices)
        combo.setAccessibleName(label)
        combo.activated.connect(lambda _i: self._property_edited(name, combo.currentText()))
        self.property_widgets[name] = combo
        self.properties.addRow(label, combo)

    def _number_property(self, name: str, label: str, low: float, high: float, suffix: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(low, high)
        spin.setSingleStep(SNAP_MM)
        spin.setSuffix(suffix)
        spin.setAccessibleName(label)
        spin.valueChanged.connect(lambda value: self._property_edited(name, value))
        self.property_widgets[name] = spin
        self.properties.addRow(label, spin)
        return spin

    def _property_edited(self, name: str, value: object) -> None:
        design = self.design()
        if self._updating or design is None or not self.selected:
            return
        e = design.element(self.selected)
        changes: dict[str, object]
        if name == "font_size":
            changes = {"font": type(e.font)(e.font.family, float(value), e.font.weight)}  # type: ignore[attr-defined]
        elif name == "items":
            changes = {"items": tuple(line.strip() for line in str(value).splitlines() if line.strip())}
        else:
            changes = {name: value}
        self.apply_change(self.selected, changes, f"prop:{self.selected}:{name}")

    def _refresh_properties(self) -> None:
        design = self.design()
        if design is None or not self.selected:
            return
        e = design.element(self.selected)
        self._updating = True
        try:
            for name, widget in self.property_widgets.items():
                if name == "font_size":
                    value: object = e.font.size_pt  # type: ignore[attr-defined]
                elif name == "items":
                    value = "\n".join(e.items)  # type: ignore[attr-defined]
                else:
                    value = getattr(e, name)
                _show_value(widget, value)
        finally:
            self._updating = False

    def _build_fields(self) -> None:
        self._clear_form(self.fields_form)
        self.field_widgets = {}
        design = self.design()
        info = design.template if design is not None else None
        self.fields_box.setVisible(info is not None and bool(info.fields))
        if info is None:
            return
        for f in info.fields:
            label = self.field_words(f.name, f.label)
            widget: QWidget
            if f.kind == "lines":
                edit = QPlainTextEdit()
                edit.setMaximumHeight(80)
                edit.textChanged.connect(lambda n=f.name, w=edit: self._field_edited(n, w.toPlainText()))
                widget = edit
            elif f.kind == "photo":
                widget = QWidget()
                row = QHBoxLayout(widget)
                row.setContentsMargins(0, 0, 0, 0)
                line = QLineEdit()
                line.setReadOnly(True)
                choose = QPushButton(self.tr("Choose…"))
                choose.clicked.connect(lambda _c=False, n=f.name: self._choose_photo(n))
                row.addWidget(line, 1)
                row.addWidget(choose)
                widget.setProperty("line", line)
                self.field_widgets[f.name] = line
                self.fields_form.addRow(label, widget)
                continue
            else:
                line = QLineEdit()
                line.textEdited.connect(lambda text, n=f.name: self._field_edited(n, text))
                widget = line
            widget.setAccessibleName(label)
            self.field_widgets[f.name] = widget
            self.fields_form.addRow(label, widget)
        self._refresh_fields()

    def _field_edited(self, name: str, value: str) -> None:
        if not self._updating:
            self.set_field(name, value)

    def _choose_photo(self, name: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a photo"), "",
                                              self.tr("Images (*.jpg *.jpeg *.png *.webp *.bmp *.tif *.tiff)"))
        if path:  # the pick goes through the privacy gate ("Files and photos you pick") like every open
            chosen = str(Path(path).resolve())
            self.background.run(lambda: self.services.privacy.file_picked("open_photo"),
                                lambda _r: self.set_field(name, chosen), self.show_error)

    def _refresh_fields(self) -> None:
        design = self.design()
        if design is None:
            return
        self._updating = True
        try:
            for name, widget in self.field_widgets.items():
                value = field_value(design, name)
                _show_value(widget, Path(value).name if isinstance(widget, QLineEdit) and widget.isReadOnly()
                            else value)
        finally:
            self._updating = False

    # ------------------------------------------------------------------------------------------ rendering
    def preview_design(self) -> Design | None:
        """What the canvas shows: the design, or the selected CSV row filled into it."""
        design = self.design()
        if design is None or self.table is None or self.row_shown is None:
            return design
        return row_of(design, self.table, self.row_shown)

    def request_render(self) -> None:
        if self.history is None:
            return
        design, table, row, csv = self.history.current, self.table, self.row_shown, self.csv_path

        def work():  # type: ignore[no-untyped-def]
            shown = design if table is None or row is None else row_of(design, table, row)
            rendered = self.editing.render(shown, csv.parent if csv is not None and row is not None else None)
            return shown, rendered, paper_qimage(rendered.paper)

        self.renders.submit(work, self._render_ready, self._render_failed)

    def _render_ready(self, result) -> None:  # type: ignore[no-untyped-def]
        shown, rendered, image = result
        self.shown_design, self.last_render = shown, rendered
        self.canvas.dots_per_mm = rendered.dots_per_mm
        self.canvas.set_raster(image, self.services.current_model().dpi)
        self.warnings.setText("\n".join(self.warning_words(w) for w in rendered.warnings))
        self.rendered.emit()

    def _render_failed(self, exc: BaseException) -> None:
        self.last_render = None
        where = self.tr("Row {0}: ").format(self.row_shown) if self.row_shown is not None else ""
        text = error_words(exc) if isinstance(exc, PhocolError) else type(exc).__name__
        if not isinstance(exc, PhocolError):
            log.error("design render failed", exc_info=exc)
        self.warnings.setText(self.tr("{0}This design cannot print yet: {1}").format(where, text))
        self.rendered.emit()

    def canvas_bits(self) -> np.ndarray | None:
        """The dots the canvas shows (True = black), read back from its image."""
        image = self.canvas.image()
        if image is None:
            return None
        image = image.convertToFormat(QImage.Format.Format_Grayscale8)
        stride = image.bytesPerLine()
        data = np.frombuffer(image.constBits(), np.uint8, count=stride * image.height()).reshape(image.height(), stride)
        return data[:, :image.width()] < 128

    # ------------------------------------------------------------------------------------------ CSV
    def import_csv_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import CSV"), "", self.tr("CSV files (*.csv)"))
        if path:
            self.import_csv(Path(path))

    def import_csv(self, path: Path) -> None:
        design = self.design()
        if design is None:
            return
        self.message.setText(self.tr("Reading {0}…").format(path.name))
        self.background.run(lambda: self.editing.read_table(path, design),
                            lambda table: self._table_ready(path, table), self.show_error)

    def _table_ready(self, path: Path, table: CsvTable) -> None:
        self.table, self.csv_path, self.row_shown = table, path, None
        self.rows_model.clear()
        # Columns are the template's fields: headed with the words the fields panel uses.
        info = self.design().template if self.design() is not None else None  # type: ignore[union-attr]
        labels = {f.name: self.field_words(f.name, f.label) for f in info.fields} if info is not None else {}
        self.rows_model.setHorizontalHeaderLabels([self.tr("Row"), *(labels.get(c, c) for c in table.columns)])
        for number, cells in table.rows:
            row = [QStandardItem(str(number))] + [QStandardItem(c.replace("\n", " ")) for c in cells]
            self.rows_model.appendRow(row)
        self.rows_view.setVisible(True)
        self.rows_view.resizeColumnsToContents()
        self.centre_split.setSizes([3 * self.centre_split.height() // 5, 2 * self.centre_split.height() // 5])
        self.rows_label.setText(self.tr("{0}: {1} rows. Select a row to preview it.").format(
            path.name, len(table.rows)))
        self.message.setText("")
        self._update_actions()

    def clear_csv(self) -> None:
        self.table, self.csv_path, self.row_shown = None, None, None
        self.rows_model.clear()
        self.rows_view.setVisible(False)
        self.rows_label.setText("")

    def _selected_rows(self) -> list[int]:
        if self.table is None:
            return []
        indexes = self.rows_view.selectionModel().selectedRows()
        return sorted(self.table.rows[i.row()][0] for i in indexes if i.row() < len(self.table.rows))

    def select_row(self, number: int) -> None:
        """Select CSV row ``number`` (1 = the first under the header) in the table."""
        assert self.table is not None
        index = next(i for i, (n, _cells) in enumerate(self.table.rows) if n == number)
        self.rows_view.selectRow(index)

    def _row_selection_changed(self) -> None:
        rows = self._selected_rows()
        self.row_shown = rows[0] if rows else None
        self._update_actions()
        self.request_render()

    # ------------------------------------------------------------------------------------------ printing
    def print_design(self) -> None:
        """The design; with a CSV file, every row of it."""
        self._print(rows=None)

    def print_selected_rows(self) -> None:
        rows = self._selected_rows()
        if rows:
            self._print(rows=f"{rows[0]}-{rows[-1]}")

    def _print(self, rows: str | None) -> None:
        design = self.design()
        if design is None or self.print_handle is not None:
            return
        self.failed_rows = []
        self.last_result = None
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.message.setText(self.tr("Printing…"))
        try:
            self.print_handle = self.editing.print(
                design, csv=self.csv_path, rows=rows,
                on_progress=lambda p: self.background.call_soon(self._print_update, p),
                on_failure=lambda row, error: self.background.call_soon(self._row_failed, (row, error)))
        except PhocolError as exc:
            self._print_finished()
            self.show_error(exc)
            return
        self._update_actions()
        self.background.deliver_future(self.print_handle.future, self._print_done, self._print_failed)

    def _print_update(self, progress: PrintProgress) -> None:
        self.progress.setValue(int(progress.fraction * 100))
        if progress.pages:
            self.message.setText(self.tr("Printing page {0} of {1}…").format(progress.page, progress.pages))

    def _row_failed(self, failure: tuple[int | None, PhocolError]) -> None:
        row, error = failure
        self.failed_rows.append((row, error_words(error)))

    def _print_finished(self) -> None:
        self.print_handle = None
        self.cancel_button.setVisible(False)
        self._update_actions()

    def _print_done(self, result) -> None:  # type: ignore[no-untyped-def]
        self._print_finished()
        self.last_result = result
        self.progress.setValue(100)
        printed = sum(1 for job in result.jobs if job.ok)
        if result.outcome == "cancelled":
            text = self.tr("Cancelled after {0} page(s).").format(printed)
        elif result.ok:
            text = self.tr("Printed {0} page(s).").format(printed)
        else:
            error = result.error
            text = error_words(error) if isinstance(error, PhocolError) else self.tr("Printing stopped.")
        if self.failed_rows:
            text += " " + self.tr("Not printed: {0}").format("; ".join(
                self.tr("row {0} ({1})").format(row, reason) for row, reason in self.failed_rows))
        self.message.setText(text)

    def _print_failed(self, exc: BaseException) -> None:
        self._print_finished()
        self.progress.setVisible(False)
        self.show_error(exc)

    def cancel_print(self) -> None:
        if self.print_handle is not None:
            self.print_handle.cancel()
            self.message.setText(self.tr("Cancelling…"))

    # ------------------------------------------------------------------------------------------ saving
    def save_dialog(self) -> None:
        if self.design() is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save design as project"), "",
                                              self.tr("Phocol projects (*.phocol)"))
        if path:
            if not path.endswith(".phocol"):
                path += ".phocol"
            self.save(Path(path))

    def save(self, path: Path) -> None:
        design = self.design()
        assert design is not None
        self.background.run(lambda: self.editing.save(path, design),
                            lambda _r: self.message.setText(self.tr("Saved {0}.").format(path.name)),
                            self.show_error)

    # ------------------------------------------------------------------------------------------ errors
    def show_error(self, exc: BaseException) -> None:
        if isinstance(exc, PhocolError):
            self.message.setText(error_words(exc))
        else:
            log.error("design editor: unexpected error", exc_info=exc)
            self.message.setText(self.tr("Something went wrong ({0}); nothing was changed.").format(
                type(exc).__name__))

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.cancel_print()
        super().closeEvent(event)


def _show_value(widget: QWidget, value: object) -> None:
    """Put ``value`` in ``widget`` without disturbing the cursor when it already shows it."""
    if isinstance(widget, QPlainTextEdit):
        if widget.toPlainText() != str(value):
            widget.setPlainText(str(value))
    elif isinstance(widget, QLineEdit):
        if widget.text() != str(value):
            widget.setText(str(value))
    elif isinstance(widget, QComboBox):
        widget.setCurrentText(str(value))
    elif isinstance(widget, QDoubleSpinBox):
        if abs(widget.value() - float(value)) > 1e-9:  # type: ignore[arg-type]
            widget.setValue(float(value))  # type: ignore[arg-type]
