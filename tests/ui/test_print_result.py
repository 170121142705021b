"""Every print answers: the progress bar shows nothing before anything was sent, the Printed tab shows the
paper the job produced with its facts, and opening another photo clears the last print's words."""

from __future__ import annotations

import numpy as np
import pytest

from tests.ui.conftest import open_photo
from tests.ui.test_editor import raster_bits
from tests.ui.test_print_flow import print_and_wait

pytestmark = pytest.mark.gui


def shown_bits(image) -> np.ndarray:
    """The QImage a preview shows, as a 0/1 array (1 = black)."""
    image = image.convertToFormat(image.Format.Format_Grayscale8)
    rows = np.frombuffer(bytes(image.constBits()), dtype=np.uint8).reshape(image.height(), image.bytesPerLine())
    return (rows[:, : image.width()] < 128).astype(np.uint8)


def test_the_progress_bar_is_empty_until_a_print_starts(qtbot, window, photo):
    assert window.print_panel.progress.text() == ""
    open_photo(qtbot, window, photo)
    window.print_panel.copies.setValue(1)
    window.print_photo()
    assert window.print_panel.progress.maximum() == 0, "busy, not 0%, before the first byte"
    qtbot.waitUntil(lambda: window.print_handle is None, timeout=60_000)
    assert window.print_panel.progress.value() == 100


def test_print_shows_the_printed_paper_and_the_jobs_facts(qtbot, window, services, photo):
    open_photo(qtbot, window, photo)
    assert window.paper_tabs.currentWidget() is window.paper_preview
    window.print_panel.copies.setValue(2)
    print_and_wait(qtbot, window)

    assert window.paper_tabs.currentWidget() is window.result_view, "the result shows at once"
    facts = window.result_view.shown
    assert facts is not None and facts.virtual and facts.pages == 1 and facts.copies == 2
    assert facts.printer == "Virtual Phocol printer" and facts.sent_bytes > len(window.preview_raster.data)
    assert facts.seconds > 0
    # The picture is the printer's own paper (both copies), not the preview.
    assert np.array_equal(shown_bits(window.result_view.paper.image()), raster_bits(services.virtual_paper()))
    words = window.result_view.facts.text()
    assert words.startswith("The virtual printer's paper, printed at") and "copies: 2" in words
    assert window.zoom_label.text(), "the zoom bar speaks for the shown tab"

    window.open_path(photo)  # another photo: the last print's words go away
    qtbot.waitUntil(lambda: window.print_panel.message.text() == "", timeout=15_000)
    assert window.print_panel.progress.text() == ""
    assert window.paper_tabs.currentWidget() is window.paper_preview
    assert window.result_view.shown is facts, "the last result stays one click away"


def test_print_is_off_without_a_photo_and_says_why(qtbot, window, photo):
    assert not window.print_action.isEnabled() and not window.print_panel.print_button.isEnabled()
    assert "Open a photo first" in window.print_panel.print_button.toolTip()
    assert "Nothing is printing" in window.print_panel.cancel_button.toolTip()
    open_photo(qtbot, window, photo)
    assert window.print_action.isEnabled() and window.print_panel.print_button.isEnabled()
    assert "Open a photo first" not in window.print_panel.print_button.toolTip()


def test_connect_on_the_virtual_printer_says_it_needs_none(qtbot, window):
    window.connect_printer("virtual")
    assert "always ready" in window.status_label.text()
    qtbot.wait(200)
    assert "always ready" in window.status_label.text(), "nothing overwrites the answer"
