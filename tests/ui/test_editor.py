"""The editor through the real main window: open, crop, dither, undo, projects, bad photos (offscreen)."""

from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QRectF

from phocol_desktop.services.document import EditState
from tests.ui.conftest import open_photo, wait_preview

pytestmark = pytest.mark.gui


def shown_bits(win) -> np.ndarray:
    """The dots the paper preview widget holds (1 = black), read back from its QImage."""
    image = win.paper_preview.image().convertToFormat(win.paper_preview.image().Format.Format_Grayscale8)
    w, h, stride = image.width(), image.height(), image.bytesPerLine()
    gray = np.frombuffer(bytes(image.constBits()), dtype=np.uint8).reshape(h, stride)[:, :w]
    return gray < 128


def raster_bits(raster) -> np.ndarray:
    """A Raster or PaperImage as booleans (True = black)."""
    packed = np.frombuffer(raster.data, dtype=np.uint8).reshape(raster.height, -1)
    return np.unpackbits(packed, axis=1)[:, : raster.width].astype(bool)


def test_the_preview_shows_exactly_the_rendered_paper(qtbot, window, services, photo):
    open_photo(qtbot, window, photo)
    expected = services.render(window.photo, window.state)
    assert np.array_equal(shown_bits(window), raster_bits(expected.paper))
    assert expected.raster.width == services.current_model().head_dots
    assert "dots" in window.status_label.text()


def test_dither_and_crop_change_the_dots_and_undo_restores_them(qtbot, window, photo):
    open_photo(qtbot, window, photo)
    original = raster_bits(window.preview_raster)

    combo = window.edit_panel.dither
    combo.setCurrentIndex(combo.findData("atkinson"))
    combo.activated.emit(combo.currentIndex())
    wait_preview(qtbot, window)
    assert window.state.dither == "atkinson"
    dithered = raster_bits(window.preview_raster)
    assert not np.array_equal(dithered, original)

    window.crop_view.cropChanged.emit(QRectF(0.25, 0.25, 0.5, 0.5))
    wait_preview(qtbot, window)
    assert window.state.crop == (0.25, 0.25, 0.5, 0.5)
    assert not np.array_equal(raster_bits(window.preview_raster), dithered)

    window.undo_action.trigger()
    window.undo_action.trigger()
    wait_preview(qtbot, window)
    assert window.state == EditState(preset=window.state.preset)
    assert np.array_equal(raster_bits(window.preview_raster), original)
    window.redo_action.trigger()
    wait_preview(qtbot, window)
    assert window.state.dither == "atkinson"


def test_a_saved_project_reopens_with_the_same_dots_and_no_photo_metadata(qtbot, window, services, photo,
                                                                          tmp_path):
    open_photo(qtbot, window, photo)
    window._edit_changed("brightness", 30)
    wait_preview(qtbot, window)
    before = raster_bits(window.preview_raster)
    target = tmp_path / "card.phocol"
    window.save_project(target)
    qtbot.waitUntil(lambda: target.exists() and "Saved" in window.status_label.text(), timeout=10_000)
    assert target.stat().st_mode & 0o777 == 0o600

    with zipfile.ZipFile(target) as z:
        (member,) = json.loads(z.read("project.json"))["photos"]  # version 2: one photo member
        stored = Image.open(io.BytesIO(z.read(member["name"])))
        assert not stored.getexif()  # the camera's EXIF (model, serial, date) did not travel
        assert not (set(stored.info) & {"exif", "icc_profile", "XML:com.adobe.xmp"})

    window.photo = None
    window.preview_raster = None
    window.open_project(target)
    qtbot.waitUntil(lambda: window.photo is not None, timeout=10_000)
    wait_preview(qtbot, window)
    assert window.state.brightness == 30
    assert np.array_equal(raster_bits(window.preview_raster), before)


def test_a_damaged_photo_gives_a_clear_message_and_keeps_the_open_one(qtbot, window, photo, photos):
    open_photo(qtbot, window, photo)
    kept, dots = window.photo, raster_bits(window.preview_raster)
    window.open_path(photos.truncated)
    qtbot.waitUntil(lambda: photo.name not in window.status_label.text()
                    and "Opening" not in window.status_label.text(), timeout=10_000)
    assert window.photo is kept
    assert "truncated.jpg" in window.status_label.text()
    assert np.array_equal(raster_bits(window.preview_raster), dots)


def test_a_file_that_is_not_a_photo_is_refused_with_advice(qtbot, window, tmp_path):
    bogus = tmp_path / "notes.jpg"
    bogus.write_bytes(b"these are not the pixels you are looking for")
    window.open_path(bogus)
    qtbot.waitUntil(lambda: "notes.jpg" in window.status_label.text()
                    and "Opening" not in window.status_label.text(), timeout=10_000)
    assert window.photo is None
    assert "JPEG" in window.status_label.text()  # names the formats that do open


def test_every_model_previews_its_exact_dots(qtbot, window, services, photo, model_table):
    """Labels turned to reading orientation can be any number of dots wide (an M220 label: 559)."""
    open_photo(qtbot, window, photo)
    for model in model_table.models:
        services._model = model
        window._state_shown()
        wait_preview(qtbot, window)
        expected = services.render(window.photo, window.state)
        assert expected.raster.width == model.head_dots
        assert np.array_equal(shown_bits(window), raster_bits(expected.paper)), model.id


def test_the_crop_frame_has_the_shape_the_picture_gets_on_paper(qtbot, window, services, photo, model_table):
    open_photo(qtbot, window, photo)
    services._model = model_table.get("phomemo.d30")  # 12 x 40 mm labels, printed turned: a landscape picture
    window._state_shown()
    wait_preview(qtbot, window)
    aspect = services.paper_aspect(window.state)
    paper = services.render(window.photo, window.state).paper
    assert aspect is not None and aspect > 1
    assert abs(aspect - paper.width / paper.height) < 0.1
