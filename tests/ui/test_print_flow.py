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
    open_photo(qtbot, window, photo)
    original = services._open_virtual_link

    async def paper_runs_out(model):
        link = await original(model)
        services._virtual.trigger("paper_out")
        return link

    monkeypatch.setattr(services, "_open_virtual_link", paper_runs_out)
    print_and_wait(qtbot, window)
    assert "paper" in window.print_panel.message.text().lower(), window.print_panel.message.text()
    assert window.print_panel.print_button.isEnabled()


def test_printing_never_blocks_the_event_loop(qtbot, window, photo):
    open_photo(qtbot, window, photo)
    gap = best_of_three(lambda: print_and_wait(qtbot, window))
    assert gap < MAX_GAP_S, f"the GUI thread stalled for {gap * 1000:.0f} ms while printing"
