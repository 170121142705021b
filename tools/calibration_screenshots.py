"""Render Printer ▸ Calibrate… (every page), Printer ▸ Bluetooth adapter… and File ▸ Print banner…, in English
and zh_CN, to PNG.

    .venv/bin/python tools/calibration_screenshots.py OUT_DIR

The calibrator is a stand-in that returns real ladder plans and derived pacing, so no printer is needed.
"""

from __future__ import annotations

import concurrent.futures
import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtTest import QTest  # noqa: E402 (after the platform is chosen)
from PySide6.QtWidgets import QApplication  # noqa: E402

from phocol_desktop.domain.calibration import derive_pacing  # noqa: E402
from phocol_desktop.domain.printer_model import load_model_table  # noqa: E402
from phocol_desktop.services.calibration import (  # noqa: E402
    CalibrationResult,
    LadderOutcome,
    VerificationFailed,
    ladder_plan,
)
from phocol_desktop.transport.adapters import AdapterInfo  # noqa: E402

MODEL = load_model_table().get("phomemo.m220")
PLAN = ladder_plan(MODEL, 182)


def done(value: Any) -> concurrent.futures.Future[Any]:
    future: concurrent.futures.Future[Any] = concurrent.futures.Future()
    future.set_result(value)
    return future


class StandInCalibrator:
    model = MODEL

    def plan(self) -> Any:
        return PLAN

    def cancel(self) -> None:
        pass

    def print_ladder(self, plan: Any, on_block: Any = None) -> Any:
        return done(LadderOutcome(plan, tuple(range(1, 8)), 30.0))

    def finish(self, plan: Any, answer: int) -> Any:
        return done(CalibrationResult("printer-1a2b3c4d5e6f", derive_pacing(plan, answer), MODEL, 3.1, True))

    def print_density(self, on_patch: Any = None) -> Any:
        return done([])

    def choose_density(self, level: int) -> None:
        return None


class StandInAdder:
    def probe(self, name: str) -> Any:
        from phocol_desktop.services.new_printer import Probe

        ref = load_model_table().default
        return done(Probe(name, ref.family, ref, "default_family", None, ref))

    def print_ruler(self, probe: Any) -> Any:
        return done(None)

    def save(self, probe: Any, head_dots: int) -> Any:
        return None, {"display_name": "ZX-9 (added by you)", "head_dots": head_dots, "family": probe.family}


class StandInServices:
    def __init__(self, recognised: bool = True) -> None:
        self.recognised = recognised

    class View:
        key, model_name = "C2:50:48:0C:01:01", MODEL.display_name
        name = "Q155E10042"

    def calibration_printer(self) -> Any:
        view = self.View()
        if not self.recognised:
            view.name, view.model_name = "ZX-9000 A1", None
        return view

    def calibration_printer_recognised(self) -> bool:
        return self.recognised

    def calibrator(self) -> Any:
        return StandInCalibrator()

    def printer_adder(self) -> Any:
        return StandInAdder()

    def reload_models(self) -> None:
        pass


def until(predicate: Any, ms: int = 5000) -> None:
    # QTest.qWait, not app.processEvents() in a loop: that trips a PySide6 refcount bug on None.
    for _ in range(ms // 20):
        if predicate():
            return
        QTest.qWait(20)
    raise SystemExit("timed out")


def shoot(out: Path, lang: str) -> None:
    from phocol_desktop.ui import calibration_wizard as cw
    from phocol_desktop.ui.adapter_dialog import AdapterDialog
    from phocol_desktop.ui.bridge import Background

    background = Background()

    def save(widget: Any, name: str) -> None:
        QTest.qWait(100)
        widget.grab().save(str(out / f"{name}-{lang}.png"))

    w = cw.CalibrationWizard(StandInServices(), background)
    w.show()
    save(w, "wizard-1-intro")
    w.next()
    until(w.currentPage().button.isEnabled)
    save(w, "wizard-2-ladder")
    w.currentPage().button.click()
    until(w.currentPage().isComplete)
    save(w, "wizard-2b-ladder-done")
    w.next()
    until(lambda: not w.currentPage().example.pixmap().isNull())
    save(w, "wizard-3-answer")
    w.currentPage().answer.setValue(7)
    w.next()
    until(w.currentPage().isComplete)
    save(w, "wizard-4-result")
    w.page(cw.RESULT)._failed(VerificationFailed("lost"))
    save(w, "wizard-8-check-failed")
    w.close()

    d = cw.CalibrationWizard(StandInServices(), background)
    d.show()
    d.currentPage().darkness.setChecked(True)
    d.next()
    save(d, "wizard-5-density")
    d.currentPage().button.click()
    until(d.currentPage().isComplete)
    d.next()
    save(d, "wizard-6-density-pick")
    d.next()
    until(d.currentPage().isComplete)
    save(d, "wizard-7-density-result")
    d.close()

    u = cw.CalibrationWizard(StandInServices(recognised=False), background)
    u.show()
    save(u, "wizard-9-add-intro")
    u.next()
    u.currentPage().button.click()
    until(u.currentPage().isComplete)
    save(u, "wizard-10-add-ruler")
    u.next()
    until(lambda: not u.currentPage().example.pixmap().isNull())
    save(u, "wizard-11-add-width")
    u.next()
    until(u.currentPage().isComplete)
    save(u, "wizard-12-add-result")
    u.close()

    from phocol_desktop.services.print_runner import PrintProgress
    from phocol_desktop.ui.banner_dialog import BannerDialog

    b = BannerDialog(StandInServices(), background, "virtual")
    b.show()
    b.text.setText("Happy birthday, Phocol!")
    b.length.setValue(5.0)
    b._progress(PrintProgress(1, 1, 400_000, 1_920_000, 62.0))
    save(b, "banner")
    b.close()

    a = AdapterDialog([AdapterInfo("hci0", True), AdapterInfo("hci1", True), AdapterInfo("hci2", False)], "hci1")
    a.show()
    save(a, "adapters")
    a.close()


def main() -> int:
    from phocol_desktop.ui.i18n import install_translator

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    for lang in ("en", "zh_CN"):
        install_translator(app, lang)
        shoot(out, lang)
    print(f"saved to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
