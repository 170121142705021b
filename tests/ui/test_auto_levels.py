"""Auto levels: a dark photo's tones are spread over the paper as one undoable edit (offscreen)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from phocol_desktop.imaging.pipeline import auto_levels, prepare_photo
from tests.ui.conftest import open_photo, wait_preview
from tests.ui.test_editor import raster_bits

pytestmark = pytest.mark.gui


def _dark_photo(path):
    rng = np.random.default_rng(3)
    ramp = np.linspace(10, 70, 400)[None, :] + rng.normal(0, 4, (300, 400))
    Image.fromarray(np.clip(ramp, 0, 255).astype(np.uint8), "L").convert("RGB").save(path, "JPEG", quality=95)
    return path


def test_auto_levels_brightens_a_dark_photo_and_undo_takes_it_back(qtbot, window, tmp_path):
    open_photo(qtbot, window, _dark_photo(tmp_path / "dark.jpg"))
    before = raster_bits(window.preview_raster).mean()  # share of black dots
    window.edit_panel.auto_levels.click()
    qtbot.waitUntil(lambda: window.state.contrast > 0, timeout=10_000)
    wait_preview(qtbot, window)
    after = raster_bits(window.preview_raster).mean()
    assert after < before - 0.2, (before, after)  # a dark photo gets far fewer black dots
    assert window.edit_panel.auto_levels.toolTip()
    window.undo_action.trigger()
    wait_preview(qtbot, window)
    assert window.state.contrast == 0 and window.state.brightness == 0
    assert raster_bits(window.preview_raster).mean() == pytest.approx(before)


def test_a_flat_photo_is_left_alone():
    buffer = io.BytesIO()
    Image.new("L", (64, 64), 128).save(buffer, "PNG")
    assert auto_levels(prepare_photo(buffer.getvalue())) == {"brightness": 0, "contrast": 0, "gamma": 1.0}
