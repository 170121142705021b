"""Printer ▸ Calibrate…: measure the connected printer's speed (a ladder of numbered blocks) or pick its darkness.

Every printer conversation runs on the BLE worker through ``services.calibration.Calibrator``; pictures are
drawn on the background pool. The GUI thread only shows progress and the answers. The service returns
typed values (``DerivedPacing``, ``VerificationFailed``); the words are chosen here, in the UI's language.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.ui.i18n import error_words
from phocol_desktop.ui.panels import named

INTRO, LADDER, ANSWER, DENSITY, DENSITY_PICK, RESULT, ADD_RULER, ADD_WIDTH = range(8)
SPEED, DARKNESS, ADD = "speed", "darkness", "add"


def raster_pixmap(raster: Any, width: int) -> QPixmap:
    """A 1-bit raster (1 = black) as a pixmap ``width`` pixels wide (built from a QImage: thread-safe to make)."""
    import numpy as np

    grey = np.ascontiguousarray(255 - 255 * np.unpackbits(
        np.frombuffer(raster.data, dtype=np.uint8)).reshape(raster.height, raster.width), dtype=np.uint8)
    image = QImage(grey.data, raster.width, raster.height, raster.width, QImage.Format.Format_Grayscale8).copy()
    return QPixmap.fromImage(image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation))


def _label(text: str, parent: QWidget, name: str) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    named(label, name)
    return label


class CalibrationWizard(QWizard):
    def __init__(self, services: Any, background: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.background = background
        self.calibrator: Any = None
        self.plan: Any = None
        self.outcome: Any = None
        self.result: Any = None
        self.mode = SPEED
        self.setWindowTitle(self.tr("Calibrate printer"))
        named(self, self.tr("Calibrate printer"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.resize(640, 520)
        self.setPage(INTRO, IntroPage(self))
        self.setPage(LADDER, LadderPage(self))
        self.setPage(ANSWER, AnswerPage(self))
        self.setPage(DENSITY, DensityPage(self))
        self.setPage(DENSITY_PICK, DensityPickPage(self))
        self.setPage(RESULT, ResultPage(self))
        self.setPage(ADD_RULER, AddRulerPage(self))
        self.setPage(ADD_WIDTH, AddWidthPage(self))
        self.adder: Any = None
        self.probe: Any = None
        self.setStartId(INTRO)
        self.rejected.connect(self._cancel)

    def _cancel(self) -> None:
        if self.calibrator is not None:
            self.calibrator.cancel()

    def error_text(self, exc: BaseException) -> str:
        from phocol_desktop.services.calibration import VerificationFailed
        from phocol_desktop.services.new_printer import UnknownFamily

        if isinstance(exc, UnknownFamily):
            return self.tr("This printer does not answer like a Quyin (Phomemo-compatible) printer, so Phocol "
                           "Desktop cannot print on it safely and nothing was printed. Please create a support "
                           "bundle (Help ▸ Create support bundle) and send it to Phocol support, so this printer "
                           "can be added.")
        if isinstance(exc, VerificationFailed):
            return self.tr("The check block lost data at this speed, so your answer was higher than this printer "
                           "can take. Nothing was saved. Go back, look at the ladder again and choose a lower block "
                           "(the last one with every bar and checker whole).")
        if isinstance(exc, PhocolError):
            return error_words(exc)
        return self.tr("Something went wrong: {0}").format(type(exc).__name__)


class IntroPage(QWizardPage):
    def __init__(self, wizard: CalibrationWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Calibrate your printer"))
        layout = QVBoxLayout(self)
        self.printer = _label("", self, self.tr("Printer"))
        layout.addWidget(self.printer)
        # Radio buttons do not wrap: a short label each, the explanation in a wrapping label under it.
        self.speed = QRadioButton(self.tr("Speed"), self)
        self.darkness = QRadioButton(self.tr("Darkness"), self)
        self.add = QRadioButton(self.tr("Add this printer"), self)
        explanations = (
            self.tr("Print a ladder of numbered test blocks, each sent faster, and tell which one printed "
                    "completely. Later prints go as fast as this printer can take without losing data."),
            self.tr("Print one patch per darkness level and pick the one you like. It becomes this printer's "
                    "default."),
            self.tr("For a printer Phocol Desktop does not recognise: find out how it talks from its answers, "
                    "print a width ruler, and save it as a printer model of your own."))
        for button, text in zip((self.speed, self.darkness, self.add), explanations, strict=True):
            layout.addWidget(button)
            explanation = _label(text, self, button.text())
            explanation.setContentsMargins(24, 0, 0, 6)
            explanation.setBuddy(button)
            layout.addWidget(explanation)
        self.group = QButtonGroup(self)
        self.group.addButton(self.speed)
        self.group.addButton(self.darkness)
        self.group.addButton(self.add)
        self.speed.setChecked(True)
        self.group.buttonToggled.connect(lambda *_: self.completeChanged.emit())
        layout.addWidget(_label(self.tr("Uses about 40 cm of paper for speed, 25 cm for darkness. The results are "
                                        "kept for this printer only, under a pseudonym (never its address), and "
                                        "Calibrate again or “Forget” undoes them."), self, self.tr("Paper needed")))
        self.forget = QPushButton(self.tr("Forget this printer's calibration"), self)
        named(self.forget, self.tr("Forget this printer's calibration"))
        self.forget.clicked.connect(self._forget)
        layout.addWidget(self.forget)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 (Qt override)
        view = self.w.services.calibration_printer()
        if view is None:
            self.printer.setText(self.tr("Connect to a Bluetooth printer first (Search printers, then Connect). The "
                                         "built-in virtual printer needs no calibration."))
        else:
            recognised = self.w.services.calibration_printer_recognised()
            if recognised:
                model = view.model_name or self.tr("unknown model")
                self.printer.setText(self.tr("Printer: {0} ({1})").format(view.name or view.key, model))
            else:
                self.printer.setText(self.tr("Printer: {0}, not a model Phocol Desktop knows. Add it first.")
                                     .format(view.name or view.key))
            self.add.setEnabled(not recognised)
            (self.speed if recognised else self.add).setChecked(True)
            self.w.calibrator = self.w.services.calibrator()
        self.forget.setEnabled(view is not None)

    def isComplete(self) -> bool:  # noqa: N802
        return self.w.calibrator is not None

    def nextId(self) -> int:  # noqa: N802
        return LADDER if self.speed.isChecked() else DENSITY if self.darkness.isChecked() else ADD_RULER

    def validatePage(self) -> bool:  # noqa: N802
        self.w.mode = SPEED if self.speed.isChecked() else DARKNESS if self.darkness.isChecked() else ADD
        return True

    def _forget(self) -> None:
        calibrator = self.w.calibrator
        self.w.background.run(calibrator.reset, lambda _r: self.printer.setText(
            self.tr("Calibration forgotten: this printer uses the standard settings again.")),
            lambda exc: self.printer.setText(self.w.error_text(exc)))


class LadderPage(QWizardPage):
    def __init__(self, wizard: CalibrationWizard) -> None:
        super().__init__()
        self.w = wizard
        self.done = False
        self.setTitle(self.tr("Print the speed ladder"))
        layout = QVBoxLayout(self)
        layout.addWidget(_label(self.tr(
            "The printer prints numbered blocks, each sent faster than the one before. A block sent faster than "
            "the printer can print loses data: its bars tear, its checker shifts, or it is missing. Keep the "
            "printer still and the paper loaded."), self, self.tr("What happens")))
        self.button = QPushButton(self.tr("Print the ladder"), self)
        named(self.button, self.tr("Print the ladder"))
        self.button.clicked.connect(self._print)
        layout.addWidget(self.button)
        self.progress = QProgressBar(self)
        named(self.progress, self.tr("Ladder progress"))
        layout.addWidget(self.progress)
        self.state = _label("", self, self.tr("Ladder state"))
        layout.addWidget(self.state)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        self.done = False
        self.button.setEnabled(False)
        self.state.setText(self.tr("Preparing the ladder…"))
        self.w.background.run(self.w.calibrator.plan, self._planned, self._failed)

    def _planned(self, plan: Any) -> None:
        self.w.plan = plan
        self.progress.setRange(0, len(plan.blocks))
        self.progress.setValue(0)
        self.button.setEnabled(True)
        slowest, fastest = (b.lines_per_s * 25.4 / plan.dpi for b in (plan.blocks[0], plan.blocks[-1]))
        self.state.setText(self.tr("{0} blocks, from {1:.0f} to {2:.0f} mm/s.").format(len(plan.blocks), slowest,
                                                                                        fastest))

    def _print(self) -> None:
        self.button.setEnabled(False)
        self.state.setText(self.tr("Printing…"))

        def on_block(sent: Any) -> None:  # BLE worker thread: hand over to the GUI thread
            self.w.background.call_soon(lambda _v: (self.progress.setValue(sent.number), self.state.setText(
                self.tr("Block {0} of {1} sent.").format(sent.number, sent.total))))

        self.w.background.deliver_future(self.w.calibrator.print_ladder(self.w.plan, on_block), self._printed,
                                         self._failed)

    def _printed(self, outcome: Any) -> None:
        self.w.outcome = outcome
        self.progress.setValue(self.progress.maximum())
        self.done = True
        self.state.setText(self.tr("The ladder is printed. Tear it off and look at it closely."))
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(self.w.plan is not None)
        self.state.setText(self.w.error_text(exc))

    def isComplete(self) -> bool:  # noqa: N802
        return self.done


class AnswerPage(QWizardPage):
    def __init__(self, wizard: CalibrationWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Which block printed completely?"))
        layout = QVBoxLayout(self)
        layout.addWidget(_label(self.tr(
            "Count from the top. A complete block looks like the picture: solid bars, an even fine checker, its "
            "number whole. Enter the number of the last complete block before the first damaged one (0 if even "
            "block 1 is damaged)."), self, self.tr("How to answer")))
        self.example = QLabel(self)
        named(self.example, self.tr("A complete block"))
        self.example.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.example)
        self.hint = _label("", self, self.tr("What the printer reported"))
        layout.addWidget(self.hint)
        self.answer = QSpinBox(self)
        named(self.answer, self.tr("Last complete block"))
        self.answer.setPrefix(self.tr("Last complete block: "))
        layout.addWidget(self.answer)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        from phocol_desktop.services.calibration import block_raster

        plan, outcome = self.w.plan, self.w.outcome
        self.answer.setRange(0, len(plan.blocks))
        confirmed = list(outcome.confirmed) if outcome is not None else []
        self.answer.setValue(confirmed[-1] if confirmed else 0)
        self.hint.setText(self.tr("The printer confirmed blocks 1 to {0} in time. Trust the paper, not this hint.")
                          .format(confirmed[-1]) if confirmed and len(confirmed) < len(plan.blocks) else "")
        self.w.background.run(lambda: block_raster(plan, 1), lambda r: self.example.setPixmap(raster_pixmap(r, 288)),
                              lambda _exc: None)

    def nextId(self) -> int:  # noqa: N802
        return RESULT


class DensityPage(QWizardPage):
    def __init__(self, wizard: CalibrationWizard) -> None:
        super().__init__()
        self.w = wizard
        self.done = False
        self.setTitle(self.tr("Print the darkness patches"))
        layout = QVBoxLayout(self)
        layout.addWidget(_label(self.tr(
            "The printer prints one patch per darkness level, each labelled with its level: a solid square, a fine "
            "checker and thin lines. Too light: the square is grey. Too dark: the checker and lines fill in."),
            self, self.tr("What happens")))
        self.button = QPushButton(self.tr("Print the patches"), self)
        named(self.button, self.tr("Print the patches"))
        self.button.clicked.connect(self._print)
        layout.addWidget(self.button)
        self.progress = QProgressBar(self)
        named(self.progress, self.tr("Patch progress"))
        layout.addWidget(self.progress)
        self.state = _label("", self, self.tr("Patch state"))
        layout.addWidget(self.state)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        self.done = False
        density = self.w.calibrator.model.density
        self.progress.setRange(0, density.max - density.min + 1)
        self.progress.setValue(0)
        self.button.setEnabled(True)
        self.state.setText(self.tr("Levels {0} to {1}; now {2}.").format(density.min, density.max, density.default))

    def _print(self) -> None:
        self.button.setEnabled(False)
        low = self.w.calibrator.model.density.min

        def on_patch(level: int) -> None:
            self.w.background.call_soon(lambda _v: self.progress.setValue(level - low + 1))

        self.w.background.deliver_future(self.w.calibrator.print_density(on_patch=on_patch), self._printed,
                                         self._failed)

    def _printed(self, _levels: Any) -> None:
        self.done = True
        self.state.setText(self.tr("The patches are printed."))
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        self.state.setText(self.w.error_text(exc))

    def isComplete(self) -> bool:  # noqa: N802
        return self.done


class DensityPickPage(QWizardPage):
    def __init__(self, wizard: CalibrationWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Which darkness do you like best?"))
        layout = QVBoxLayout(self)
        layout.addWidget(_label(self.tr(
            "Pick the darkest patch whose checker is still crisp and whose square is solid black."), self,
            self.tr("How to choose")))
        self.level = QSpinBox(self)
        named(self.level, self.tr("Darkness level"))
        self.level.setPrefix(self.tr("Darkness: "))
        layout.addWidget(self.level)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        density = self.w.calibrator.model.density
        self.level.setRange(density.min, density.max)
        self.level.setValue(density.default)

    def nextId(self) -> int:  # noqa: N802
        return RESULT


class ResultPage(QWizardPage):
    def __init__(self, wizard: CalibrationWizard) -> None:
        super().__init__()
        self.w = wizard
        self.done = False
        self.setTitle(self.tr("Result"))
        layout = QVBoxLayout(self)
        self.busy = QProgressBar(self)
        named(self.busy, self.tr("Checking"))
        layout.addWidget(self.busy)
        self.text = _label("", self, self.tr("Result"))
        layout.addWidget(self.text)
        layout.addStretch(1)

    def nextId(self) -> int:  # noqa: N802
        return -1  # the last page, whichever way the wizard came

    def initializePage(self) -> None:  # noqa: N802
        self.done = False
        self.busy.setRange(0, 0)  # busy indicator
        self.busy.show()
        if self.w.mode == SPEED:
            answer = self.w.page(ANSWER).answer.value()
            if answer == 0:
                self.busy.hide()
                self.text.setText(self.tr("Not even the slowest block printed completely, so no speed can be "
                                          "measured and the standard settings stay. Check the paper and the battery "
                                          "and calibrate again; if it happens again, create a support bundle "
                                          "(Help menu)."))
                return
            self.text.setText(
                self.tr("Printing a check block at block {0}'s speed, less a 15 % margin…").format(answer))
            try:
                future = self.w.calibrator.finish(self.w.plan, answer)
            except PhocolError as exc:  # e.g. answer 0: nothing to derive
                self._failed(exc)
                return
            self.w.background.deliver_future(future, self._measured, self._failed)
        elif self.w.mode == ADD:
            width = self.w.page(ADD_WIDTH).head.currentData()
            self.text.setText(self.tr("Saving…"))
            self.w.background.run(lambda: self._add(width), self._added, self._failed)
        else:
            level = self.w.page(DENSITY_PICK).level.value()
            self.text.setText(self.tr("Saving…"))
            self.w.background.run(lambda: self.w.calibrator.choose_density(level), lambda _t: self._darkness(level),
                                  self._failed)

    def _measured(self, result: Any) -> None:
        self.w.result = result
        d = result.derived
        text = self.tr(
            "Measured. This printer is now fed at {0:.0f} lines per second ({1:.0f} mm/s): {2:.0f} % below block {3}, "
            "the fastest that printed completely. Buffer estimate {4} bytes, {5}-byte writes. The check block "
            "printed without losing data.").format(d.lines_per_s, d.mm_s(self.w.plan.dpi), d.margin * 100, d.answer,
                                                   d.buffer_bytes, d.chunk)
        if d.top_of_ladder:
            text += "\n" + self.tr("Every block printed: the printer may be faster still.")
        self._finish(text)

    def _add(self, width: int) -> Any:
        _path, entry = self.w.adder.save(self.w.probe, width)
        self.w.services.reload_models()
        return entry

    def _added(self, entry: Any) -> None:
        self._finish(self.tr("Added “{0}”: {1} dots wide, {2} family. Printer models lists it as added by you. "
                             "Connect to the printer again to print with it, then calibrate its speed.")
                     .format(entry["display_name"], entry["head_dots"], entry["family"]))

    def _darkness(self, level: int) -> None:
        self._finish(self.tr("Darkness {0} is now this printer's default.").format(level))

    def _finish(self, text: str) -> None:
        self.busy.hide()
        self.text.setText(text)
        self.done = True
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.busy.hide()
        self.text.setText(self.w.error_text(exc))

    def isComplete(self) -> bool:  # noqa: N802
        return self.done


class AddRulerPage(QWizardPage):
    def __init__(self, wizard: CalibrationWizard) -> None:
        super().__init__()
        self.w = wizard
        self.done = False
        self.setTitle(self.tr("Identify the printer and print a width ruler"))
        layout = QVBoxLayout(self)
        layout.addWidget(_label(self.tr(
            "Phocol Desktop asks the printer the two questions every Quyin printer answers (battery and serial "
            "number) to learn how it talks, then prints a ruler: one bar per head width, each ending in a notch. "
            "A bar wider than the head loses its notch."), self, self.tr("What happens")))
        self.button = QPushButton(self.tr("Identify and print the ruler"), self)
        named(self.button, self.tr("Identify and print the ruler"))
        self.button.clicked.connect(self._start)
        layout.addWidget(self.button)
        self.state = _label("", self, self.tr("Identification state"))
        layout.addWidget(self.state)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        self.done = False
        self.button.setEnabled(True)
        self.state.setText("")
        self.w.adder = self.w.services.printer_adder()

    def _start(self) -> None:
        self.button.setEnabled(False)
        self.state.setText(self.tr("Asking the printer…"))
        view = self.w.services.calibration_printer()
        name = view.name or view.key
        try:
            future = self.w.adder.probe(name)
        except PhocolError as exc:
            self._failed(exc)
            return
        self.w.background.deliver_future(future, self._probed, self._failed)

    def _probed(self, probe: Any) -> None:
        self.w.probe = probe
        if probe.decided_by == "serial_prefix":
            how = self.tr("Its serial number starts with {0}, like the {1}: it talks like a {2} printer.").format(
                probe.serial_prefix, probe.reference.display_name, probe.family)
        else:
            how = self.tr("Its serial number is not in the table, so it is treated like the printers Phocol Desktop "
                          "does not recognise ({0} family).").format(probe.family)
        self.state.setText(how + "\n" + self.tr("Printing the ruler…"))
        self.w.background.deliver_future(self.w.adder.print_ruler(probe), lambda _r: self._printed(how),
                                         self._failed)

    def _printed(self, how: str) -> None:
        self.done = True
        self.state.setText(how + "\n" + self.tr("The ruler is printed."))
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        self.state.setText(self.w.error_text(exc))

    def isComplete(self) -> bool:  # noqa: N802
        return self.done


class AddWidthPage(QWizardPage):
    def __init__(self, wizard: CalibrationWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("How wide is the print head?"))
        layout = QVBoxLayout(self)
        layout.addWidget(_label(self.tr(
            "Find the widest bar that still ends in its notch, like the bars in the picture, and choose its "
            "number."), self, self.tr("How to answer")))
        self.example = QLabel(self)
        named(self.example, self.tr("The ruler"))
        self.example.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.example)
        self.head = QComboBox(self)
        named(self.head, self.tr("Head width in dots"))
        layout.addWidget(self.head)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        from phocol_desktop.imaging.calibration_prints import RULER_WIDTHS, ruler

        self.head.clear()
        for width in RULER_WIDTHS:
            self.head.addItem(self.tr("{0} dots").format(width), width)
        self.head.setCurrentIndex(RULER_WIDTHS.index(384))
        self.w.background.run(lambda: ruler(RULER_WIDTHS[:6]), lambda r: self.example.setPixmap(raster_pixmap(r, 240)),
                              lambda _exc: None)

    def nextId(self) -> int:  # noqa: N802
        return RESULT
