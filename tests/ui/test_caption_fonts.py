"""Captions in any script in the window: Chinese prints with a CJK font; a character no installed font has
is left out and the status line says so (in the window's language), instead of boxes on the paper."""

from __future__ import annotations

import pytest

from tests.ui.conftest import open_photo, wait_preview

pytestmark = pytest.mark.gui
NO_FONT_HAS_IT = "\u0378"  # an unassigned code point: no font maps it


def test_a_chinese_caption_prints_and_an_unknown_character_is_reported(qtbot, window, photo):
    open_photo(qtbot, window, photo)
    window.edit_panel.text.setText("生日快乐")
    window.edit_panel.text.editingFinished.emit()  # as when the user presses Enter or leaves the field
    qtbot.waitUntil(lambda: window.state.text == "生日快乐", timeout=5_000)
    wait_preview(qtbot, window)
    assert "font" not in window.status_label.text()
    window.edit_panel.text.setText(f"Hi {NO_FONT_HAS_IT}")
    window.edit_panel.text.editingFinished.emit()
    qtbot.waitUntil(lambda: "No installed font has" in window.status_label.text(), timeout=15_000)
    assert NO_FONT_HAS_IT in window.status_label.text()
