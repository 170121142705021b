"""Controls say what they do and where they are: labelled turn/flip buttons, slider values, the file name
in the title, Open starting in Pictures."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from tests.ui.conftest import open_photo

pytestmark = pytest.mark.gui


def test_turn_and_flip_buttons_have_words(window):
    texts = {b.text() for b in window.edit_panel.findChildren(QPushButton)}
    assert {"⟲ Rotate left", "⟳ Rotate right", "⇋ Mirror", "⇵ Flip"} <= texts


def test_sliders_show_their_values_also_after_undo(qtbot, window, photo):
    open_photo(qtbot, window, photo)
    contrast = window.edit_panel.controls["contrast"]
    value: QLabel = window.edit_panel.slider_values[contrast]
    assert value.text() == "0" and value.isVisible()
    contrast.setValue(35)
    assert value.text() == "35"
    window.undo()
    assert contrast.value() == 0 and value.text() == "0"


def test_the_title_names_the_open_file(qtbot, window, photo):
    assert window.windowTitle() == "Phocol Desktop"
    open_photo(qtbot, window, photo)
    assert window.windowTitle() == f"{photo.name} — Phocol Desktop"


def test_open_starts_in_pictures_then_in_the_last_folder(window, tmp_path):
    from PySide6.QtCore import QStandardPaths

    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    assert window._open_folder() == pictures
    window._last_folder = str(tmp_path)
    assert window._open_folder() == str(tmp_path)
