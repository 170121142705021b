"""The whole flow a hobbyist follows, on the virtual printer: open, crop, dither, print two copies."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QRectF

from tests.ui.conftest import open_photo, wait_preview
from tests.ui.test_editor import raster_bits
from tests.ui.test_responsiveness import MAX_GAP_S, best_of_three

pytestmark = pytest.mark.gui


def print_and_wait(qtbot, window, timeout=60_000):
    seen = []
    window.print_panel.progress.valueChanged.connect(seen.append)
    window.print_photo()
    assert window.print_handle is not None
    qtbot.waitUntil(lambda: window.print_handle is None, timeout=timeout)
    return seen


def test_open_crop_dither_print_two_copies_and_the_paper_matches_the_preview(qtbot, window, services, photo):
    open_photo(qtbot, window, photo)
    window.crop_view.cropChanged.emit(QRectF(0.1, 0.1, 0.6, 0.6))
    combo = window.edit_panel.dither
    combo.setCurrentIndex(combo.findData("stucki"))
    combo.activated.emit(combo.currentIndex())
    wait_preview(qtbot, window)
    window.print_panel.copies.setValue(2)

    progress = print_and_wait(qtbot, window)

    assert window.print_panel.message.text() == "Printed."
    assert progress[-1] == 100 and progress == sorted(progress)
    expected = raster_bits(window.preview_raster)
    paper = raster_bits(services.virtual_paper())
    rows = expected.shape[0]
    copies = [paper[i : i + rows] for i in range(0, paper.shape[0], rows) if not paper[i : i + rows].size == 0]
    printed = [c for c in copies if c.shape == expected.shape and c.any()]
    assert len(printed) == 2, f"paper of {paper.shape[0]} rows for two copies of {rows}"
    for copy in printed:
        assert np.array_equal(copy, expected)


def test_paper_out_mid_job_stops_with_a_clear_message(qtbot, window, services, photo, monkeypatch):
    from phocol_desktop.emulator import virtual_printer
    from phocol_desktop.emulator.scenario import Scenario

    class RollRunsOut(virtual_printer.VirtualPrinter):
        def __init__(self, model, scenario=None, **kw):
            super().__init__(model, Scenario.from_json('{"faults": [{"kind": "paper_out", "at_row": 30}]}'), **kw)

    open_photo(qtbot, window, photo)
    monkeypatch.setattr(virtual_printer, "VirtualPrinter", RollRunsOut)
    print_and_wait(qtbot, window)
    assert "paper" in window.print_panel.message.text().lower(), window.print_panel.message.text()
    assert window.print_panel.print_button.isEnabled()
    assert services.printer_view("virtual").status.paper_present is False  # the panel reads it from the printer


def test_printing_never_blocks_the_event_loop(qtbot, window, photo):
    open_photo(qtbot, window, photo)
    gap = best_of_three(lambda: print_and_wait(qtbot, window))
    assert gap < MAX_GAP_S, f"the GUI thread stalled for {gap * 1000:.0f} ms while printing"


def test_prints_land_in_the_print_history_only_while_it_is_allowed(qtbot, window, services, photo):
    open_photo(qtbot, window, photo)
    print_and_wait(qtbot, window)
    entries = services.privacy.data.print_history.entries()
    assert [e["result"] for e in entries] == ["printed"]
    assert entries[0]["model_id"] == services.current_model().id and "path" not in entries[0]
    services.privacy_decide("history.print_jobs", "deny")  # withdrawing deletes it and stops recording
    assert services.privacy.data.print_history.entries() == []
    print_and_wait(qtbot, window)
    assert services.privacy.data.print_history.entries() == []


def test_recent_projects_menu_reopens_a_saved_project(qtbot, window, services, photo, tmp_path):
    open_photo(qtbot, window, photo)
    target = tmp_path / "holiday.phocol"
    window.save_project(target)
    qtbot.waitUntil(lambda: "Saved" in window.status_label.text(), timeout=10_000)
    assert services.recent_projects() == [target.resolve()]
    qtbot.waitUntil(lambda: window._recent == [target.resolve()], timeout=10_000)  # read off the GUI thread
    window._fill_recent()
    actions = [a for a in window.recent_menu.actions() if a.isEnabled()]
    assert [a.text() for a in actions] == ["holiday.phocol"]
    window.photo = None
    actions[0].trigger()
    qtbot.waitUntil(lambda: window.photo is not None, timeout=10_000)


def test_window_geometry_and_last_dithering_are_remembered(qtbot, services, photo):
    from phocol_desktop.ui.main_window import MainWindow

    first = MainWindow(services)
    qtbot.addWidget(first)
    first.show()
    first.resize(first.minimumSizeHint().width(), 560)  # fits the offscreen screen: geometry is kept on screen
    width = first.width()
    first._edit_changed("dither", "bayer")
    first.close()
    second = MainWindow(services)
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (width, 560)
    assert second.state.dither == "bayer"


def test_the_virtual_printers_paper_can_be_saved_as_png(qtbot, window, services, photo, tmp_path, monkeypatch):
    from PIL import Image
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "paper.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.save_virtual_paper_dialog()  # nothing printed yet: a clear message, no file
    qtbot.waitUntil(lambda: "has not printed" in window.status_label.text(), timeout=10_000)
    assert not target.exists()
    open_photo(qtbot, window, photo)
    print_and_wait(qtbot, window)
    window.save_virtual_paper_dialog()
    qtbot.waitUntil(target.exists, timeout=10_000)
    paper = Image.open(target)
    assert paper.width == services.current_model().head_dots and paper.mode == "1"
