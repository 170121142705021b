"""The side panels of the main window: printers, edits, printing. Widgets only; no I/O here.

Every control has an accessible name (AT-38) and the common actions have shortcuts on the main window.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from phocol_desktop.domain.events import PrinterStatus
from phocol_desktop.domain.status_words import CONTEXT, LABELS, connection_words, model_words, status_lines

STATUS_FIELDS = ("connection", "model", "battery", "paper", "cover", "temperature")


def status_tr(text: str) -> str:
    """The status words' translator: the table in domain/status_words.py, in the UI's language."""
    return QCoreApplication.translate(CONTEXT, text)


def named(widget: QWidget, name: str, description: str = "") -> QWidget:
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
    widget.setObjectName(name.lower().replace(" ", "_"))
    return widget


class PrinterPanel(QGroupBox):
    scanRequested = Signal()
    connectRequested = Signal(str)  # printer key
    selectionChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Printer"), parent)
        named(self, self.tr("Printer panel"))
        layout = QVBoxLayout(self)
        self.list = named(QListWidget(self), self.tr("Printers"),
                          self.tr("Printers found nearby and the virtual printer"))
        self.list.setMinimumHeight(90)
        self.list.currentItemChanged.connect(self._selected)
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.scan = named(QPushButton(self.tr("&Search printers"), self), self.tr("Search printers"),
                          self.tr("Asks for Bluetooth permission the first time"))
        self.scan.clicked.connect(self.scanRequested.emit)
        self.connect_button = named(QPushButton(self.tr("&Connect"), self), self.tr("Connect"))
        self.connect_button.clicked.connect(lambda: self.connectRequested.emit(self.current_key() or ""))
        row.addWidget(self.scan)
        row.addWidget(self.connect_button)
        layout.addLayout(row)
        self.bluetooth_note = named(QLabel(self), self.tr("Bluetooth state"))
        self.bluetooth_note.setWordWrap(True)
        self.bluetooth_note.setTextFormat(Qt.TextFormat.RichText)  # the note's way out is a link
        self.bluetooth_note.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                                    | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        layout.addWidget(self.bluetooth_note)
        grid = QGridLayout()
        self.fields: dict[str, QLabel] = {}
        for i, key in enumerate(STATUS_FIELDS):
            label = status_tr(LABELS[key])
            grid.addWidget(QLabel(label + ":", self), i, 0)
            value = named(QLabel("—", self), label)
            value.setWordWrap(True)  # long model names wrap instead of widening the window
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(value, i, 1)
            self.fields[key] = value
        layout.addLayout(grid)

    def set_printers(self, entries: list[tuple[str, str, str]]) -> None:
        """(key, title, tooltip); keeps the current selection when it is still listed."""
        current = self.current_key()
        self.list.clear()
        for key, title, tip in entries:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(tip)
            self.list.addItem(item)
            if key == current:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)

    def current_key(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def _selected(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.selectionChanged.emit(item.data(Qt.ItemDataRole.UserRole))

    def show_status(self, model_name: str, connected: bool, status: PrinterStatus) -> None:
        """The printer's state in the words every surface uses (``status`` and ``trace decode`` too)."""
        values = {"connection": connection_words(connected, status_tr), "model": model_words(model_name, status_tr)}
        if connected:  # a printer not connected has not reported anything: dashes, not "not reported"
            values.update((line.field, line.value) for line in status_lines(status, status_tr))
        for key, label in self.fields.items():
            label.setText(values.get(key, "—"))


class EditPanel(QGroupBox):
    """Rotate, flip, adjustments, text, dithering. Emits ``changed(field, value)`` on user edits only."""

    changed = Signal(str, object)
    rotateRequested = Signal(int)
    flipRequested = Signal(str)
    resetCropRequested = Signal()
    autoLevelsRequested = Signal()

    # Inventors' names stay as written; the descriptive names are translated where the combo box is filled.
    DITHERS = [("floyd-steinberg", "Floyd–Steinberg"), ("atkinson", "Atkinson"), ("stucki", "Stucki"),
               ("jarvis", "Jarvis–Judice–Ninke"), ("bayer", QT_TRANSLATE_NOOP("EditPanel", "Ordered (Bayer)")),
               ("threshold", QT_TRANSLATE_NOOP("EditPanel", "Threshold"))]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Edit"), parent)
        named(self, self.tr("Edit panel"))
        layout = QVBoxLayout(self)
        # Glyph and words on every turn/flip button: the glyph alone was a riddle.
        row = QGridLayout()
        for i, (text, name, handler) in enumerate([
                (self.tr("⟲ Rotate left"), self.tr("Rotate left 90°"), lambda: self.rotateRequested.emit(-90)),
                (self.tr("⟳ Rotate right"), self.tr("Rotate right 90°"), lambda: self.rotateRequested.emit(90)),
                (self.tr("⇋ Mirror"), self.tr("Flip horizontally (mirror)"), lambda: self.flipRequested.emit("h")),
                (self.tr("⇵ Flip"), self.tr("Flip vertically (upside down)"),
                 lambda: self.flipRequested.emit("v"))]):
            b = named(QPushButton(text, self), name)
            b.setToolTip(name)
            b.clicked.connect(handler)
            row.addWidget(b, i // 2, i % 2)
        reset = named(QPushButton(self.tr("Reset crop"), self), self.tr("Reset crop"),
                      self.tr("Print the whole photo again (drag on the photo to crop)"))
        reset.clicked.connect(self.resetCropRequested.emit)
        row.addWidget(reset, 2, 0, 1, 2)
        layout.addLayout(row)
        form = QFormLayout()
        self.controls: dict[str, QWidget] = {}
        self.slider_values: dict[QSlider, QLabel] = {}
        self.angle = self._double("angle", self.tr("Fine angle"), lo=-45, hi=45, step=0.5, suffix=" °")
        form.addRow(self.tr("Fine angle"), self.angle)
        for key, label in [("brightness", self.tr("Brightness")), ("contrast", self.tr("Contrast"))]:
            form.addRow(label, self._with_value(self._slider(key, label, -100, 100, 0)))
        form.addRow(self.tr("Gamma"), self._double("gamma", self.tr("Gamma"), lo=0.2, hi=5.0, step=0.1, suffix=""))
        form.addRow(self.tr("Sharpen"), self._with_value(self._slider("sharpen", self.tr("Sharpen"), 0, 100, 0)))
        self.auto_levels = named(QPushButton(self.tr("Auto levels"), self), self.tr("Auto levels"),
                                 self.tr("Set brightness, contrast and gamma from the photo's own tones "
                                         "(for dark or flat photos); undo takes it back"))
        self.auto_levels.setToolTip(self.auto_levels.accessibleDescription())
        self.auto_levels.clicked.connect(self.autoLevelsRequested.emit)
        form.addRow("", self.auto_levels)
        invert = named(QCheckBox(self.tr("Invert"), self), self.tr("Invert"))
        invert.toggled.connect(lambda v: self.changed.emit("invert", v))
        self.controls["invert"] = invert
        form.addRow("", invert)
        self.dither = named(QComboBox(self), self.tr("Dithering"))
        for key, label in self.DITHERS:
            self.dither.addItem(self.tr(label), key)
        self.dither.activated.connect(lambda _i: self.changed.emit("dither", self.dither.currentData()))
        self.controls["dither"] = self.dither
        form.addRow(self.tr("Dithering"), self.dither)
        form.addRow(self.tr("Strength"),
                    self._with_value(self._slider("strength", self.tr("Dithering strength"), 0, 100, 100)))
        self.text = named(QLineEdit(self), self.tr("Caption text"))
        self.text.setPlaceholderText(self.tr("Add a caption…"))
        self.text.editingFinished.connect(lambda: self.changed.emit("text", self.text.text()))
        self.controls["text"] = self.text
        form.addRow(self.tr("Text"), self.text)
        self.text_size = named(QSpinBox(self), self.tr("Text size"))
        self.text_size.setRange(8, 200)
        self.text_size.setValue(32)
        self.text_size.editingFinished.connect(lambda: self.changed.emit("text_size", self.text_size.value()))
        self.controls["text_size"] = self.text_size
        self.text_position = named(QComboBox(self), self.tr("Text position"))
        for key, label in [("bottom", self.tr("Bottom")), ("top", self.tr("Top")), ("center", self.tr("Centre"))]:
            self.text_position.addItem(label, key)
        self.text_position.activated.connect(
            lambda _i: self.changed.emit("text_position", self.text_position.currentData()))
        self.controls["text_position"] = self.text_position
        size_row = QHBoxLayout()
        size_row.addWidget(self.text_size)
        size_row.addWidget(self.text_position)
        form.addRow(self.tr("Text size"), size_row)
        layout.addLayout(form)

    def _with_value(self, slider: QSlider) -> QHBoxLayout:
        """A slider with its value beside it (a bare slider does not say where it is)."""
        row = QHBoxLayout()
        value = named(QLabel(str(slider.value()), self), self.tr("{0} value").format(slider.accessibleName()))
        value.setMinimumWidth(value.fontMetrics().horizontalAdvance("-100") + 4)
        value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        slider.valueChanged.connect(value.setNum)
        self.slider_values[slider] = value
        row.addWidget(slider, 1)
        row.addWidget(value)
        return row

    def _slider(self, key: str, label: str, lo: int, hi: int, value: int) -> QSlider:
        s = named(QSlider(Qt.Orientation.Horizontal, self), label)
        s.setRange(lo, hi)
        s.setValue(value)
        s.setPageStep(10)
        s.valueChanged.connect(lambda v: self.changed.emit(key, v))  # live: previews are latest-only
        self.controls[key] = s
        return s

    def _double(self, key: str, label: str, *, lo: float, hi: float, step: float, suffix: str) -> QDoubleSpinBox:
        d = named(QDoubleSpinBox(self), label)
        d.setRange(lo, hi)
        d.setSingleStep(step)
        d.setSuffix(suffix)
        d.setValue(1.0 if key == "gamma" else 0.0)
        d.valueChanged.connect(lambda v: self.changed.emit(key, v))
        self.controls[key] = d
        return d

    def show_values(self, values: dict[str, object]) -> None:
        """Reflect a document state without emitting ``changed`` (undo/redo, project open)."""
        for key, widget in self.controls.items():
            if key not in values:
                continue
            widget.blockSignals(True)
            value = values[key]
            if isinstance(widget, QSlider | QSpinBox):
                widget.setValue(int(value))  # type: ignore[arg-type]
                if widget in self.slider_values:  # signals are blocked: keep the shown value in step
                    self.slider_values[widget].setNum(int(value))  # type: ignore[arg-type]
            elif isinstance(widget, QDoubleSpinBox):
                widget.setValue(float(value))  # type: ignore[arg-type]
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            elif isinstance(widget, QLineEdit):
                widget.setText(str(value))
            widget.blockSignals(False)


class PrintPanel(QGroupBox):
    printRequested = Signal()
    cancelRequested = Signal()
    settingsChanged = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Print"), parent)
        named(self, self.tr("Print panel"))
        layout = QFormLayout(self)
        self.paper = named(QComboBox(self), self.tr("Paper size"))
        self.paper.activated.connect(lambda _i: self.settingsChanged.emit("preset", self.paper.currentData()))
        layout.addRow(self.tr("Paper"), self.paper)
        self.fit = named(QComboBox(self), self.tr("Fit"))
        self.fit.addItem(self.tr("Fit whole photo"), "fit")
        self.fit.addItem(self.tr("Fill the label"), "fill")
        self.fit.activated.connect(lambda _i: self.settingsChanged.emit("fit", self.fit.currentData()))
        layout.addRow(self.tr("Fit"), self.fit)
        self.density = named(QSpinBox(self), self.tr("Density"), self.tr("Darkness of the print"))
        self.density.valueChanged.connect(lambda v: self.settingsChanged.emit("density", v))
        layout.addRow(self.tr("Density"), self.density)
        self.copies = named(QSpinBox(self), self.tr("Copies"))
        self.copies.setRange(1, 99)
        layout.addRow(self.tr("Copies"), self.copies)
        buttons = QHBoxLayout()
        self.print_button = named(QPushButton(self.tr("&Print"), self), self.tr("Print"))
        self.print_button.clicked.connect(self.printRequested.emit)
        self.cancel_button = named(QPushButton(self.tr("Cancel"), self), self.tr("Cancel printing"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.setToolTip(self.tr("Nothing is printing"))
        self.cancel_button.clicked.connect(self.cancelRequested.emit)
        buttons.addWidget(self.print_button, 2)
        buttons.addWidget(self.cancel_button, 1)
        layout.addRow(buttons)
        self.progress = named(QProgressBar(self), self.tr("Print progress"))
        self.progress.setRange(0, 100)
        self.progress.reset()  # empty, not "0%", until a print starts
        layout.addRow(self.progress)
        self.message = named(QLabel(self), self.tr("Print message"))
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addRow(self.message)

    def set_presets(self, presets: list[tuple[str, str]], current: str) -> None:
        self.paper.clear()
        for key, label in presets:
            self.paper.addItem(label, key)
        self.paper.setCurrentIndex(max(0, self.paper.findData(current)))

    def set_density_range(self, lo: int, hi: int, value: int) -> None:
        self.density.blockSignals(True)
        self.density.setRange(lo, hi)
        self.density.setValue(value)
        self.density.blockSignals(False)

    def show_starting(self, words: str) -> None:
        """A print was asked for but nothing has been sent yet: a busy bar, not 0%."""
        self.progress.setRange(0, 0)
        self.progress.setFormat(words)

    def show_progress(self, percent: int, words: str) -> None:
        """``words``: the bar's text, with %p% for the percentage (and the time still to go, when known)."""
        self.progress.setRange(0, 100)
        self.progress.setFormat(words)
        self.progress.setValue(percent)

    def set_busy(self, busy: bool) -> None:
        self.print_button.setEnabled(not busy)
        self.cancel_button.setToolTip("" if busy else self.tr("Nothing is printing"))
        self.cancel_button.setEnabled(busy)
