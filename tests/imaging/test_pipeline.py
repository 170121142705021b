"""The pipeline end to end on photos in real formats: raster shape, EXIF orientation, edits, caching."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from phocol_desktop.domain.raster import Raster
from phocol_desktop.imaging.edits import EditState
from phocol_desktop.imaging.pipeline import (
    crop_for_paper,
    paper_aspect,
    photo_to_raster,
    prepare_photo,
    raster_image,
    render,
)
from tests.photos import SHARED_PHOTOS, extra_photos


def _gray(rendered) -> np.ndarray:
    return np.asarray(rendered.preview_image(), dtype=np.int16)


def test_photo_to_raster_is_head_wide_packed_msb_first(model_table, photos):
    model = model_table.get("phomemo.m02")
    raster = photo_to_raster(photos.camera, model)
    assert isinstance(raster, Raster)
    assert raster.width == model.head_dots and raster.height > 0
    image = raster_image(raster)
    black = np.asarray(image) == 0
    # MSB first, 1 = black: the first byte's top bit is the leftmost dot.
    expected = np.packbits(black, axis=1).tobytes()
    assert raster.data == expected
    assert 0 < black.mean() < 1


# The real camera files of ../shared (the same photo stored with each orientation) add cases when present.
ORIENTATION_SETS = ["generated"] + (["shared"] if extra_photos("jpg/orientation") else [])


@pytest.mark.parametrize("source", ORIENTATION_SETS)
@pytest.mark.parametrize("shape", ["landscape", "portrait"])
@pytest.mark.parametrize("orientation", range(2, 9))
def test_every_exif_orientation_prints_upright(model_table, photos, source, shape, orientation):
    model = model_table.get("phomemo.m02")  # continuous roll: the print keeps the photo's shape

    def stored(value):
        if source == "shared":
            return SHARED_PHOTOS / "jpg" / "orientation" / f"{shape}_{value}.jpg"
        return photos.orientation(shape, value)

    reference = _gray(render(prepare_photo(stored(1), model), None, model))
    other = _gray(render(prepare_photo(stored(orientation), model), None, model))
    assert other.shape == reference.shape
    assert np.abs(other - reference).mean() < 6
    # The comparison can fail: the same photo turned upside down is far from the reference.
    assert np.abs(np.flipud(np.fliplr(other)) - reference).mean() > 20


@pytest.mark.parametrize("orientation", range(1, 9))
def test_the_generated_orientation_photos_are_upright_for_an_independent_viewer(photos, orientation):
    """The fixture itself is checked by Pillow's exif_transpose, not by the app's loader it is meant to test."""
    from PIL import ImageOps

    for shape, size in (("landscape", (600, 450)), ("portrait", (450, 600))):
        stored = Image.open(photos.orientation(shape, orientation))
        assert stored.getexif().get(0x0112) == orientation
        viewed = np.asarray(ImageOps.exif_transpose(stored).convert("L"), dtype=np.int16)
        upright = np.asarray(Image.open(photos.orientation(shape, 1)).convert("L"), dtype=np.int16)
        assert viewed.shape == upright.shape == size[::-1]
        assert np.abs(viewed - upright).mean() < 3


def test_tone_edits_reuse_geometry_and_change_only_tone(model_table, photos):
    model = model_table.default
    prepared = prepare_photo(photos.camera, model)
    plain = render(prepared, EditState(), model)
    brighter = render(prepared, EditState(brightness=40), model)
    assert plain.preview_size == brighter.preview_size
    assert _gray(brighter).mean() > _gray(plain).mean() + 20
    assert brighter.raster.black_dots() < plain.raster.black_dots()
    assert len(prepared._geometry) == 1  # the second render re-used the sampled photo
    again = render(prepared, EditState(), model)
    assert again.raster == plain.raster  # deterministic


def test_invert_and_quarter_turn(model_table, photos):
    model = model_table.get("phomemo.m02")
    prepared = prepare_photo(photos.orientation("landscape", 1), model)
    plain = _gray(render(prepared, EditState(), model))
    turned = _gray(render(prepared, EditState(rotate=90), model))
    assert turned.shape[0] > turned.shape[1]  # a landscape photo turned a quarter prints portrait
    inverted = _gray(render(prepared, EditState(invert=True), model))
    assert np.abs((255 - inverted) - plain).max() <= 1


def test_bytes_source_matches_path(model_table, photos):
    model = model_table.default
    path = photos.camera
    assert photo_to_raster(path.read_bytes(), model) == photo_to_raster(path, model)


def test_raster_image_round_trips(tmp_path):
    raster = Raster(16, 2, bytes([0x80, 0x01, 0xFF, 0x00]))
    image = raster_image(raster)
    assert image.mode == "1" and image.size == (16, 2)
    assert image.getpixel((0, 0)) == 0 and image.getpixel((1, 0)) == 255 and image.getpixel((15, 0)) == 0
    image.save(tmp_path / "r.png")
    assert np.array_equal(np.asarray(Image.open(tmp_path / "r.png")), np.asarray(image))


def test_crop_locked_to_the_paper_fills_it_exactly(model_table, photos):
    model = model_table.get("phocol.generic384")
    prepared = prepare_photo(photos.orientation("portrait", 1), model)
    assert paper_aspect(model, "50x30") == pytest.approx(384 / 240)
    assert paper_aspect(model, "roll-57") is None
    crop = crop_for_paper(prepared, EditState(), model, "50x30", center=(0.5, 0.9), zoom=1.5)
    x, y, w, h = crop
    assert 0 <= x and 0 <= y and x + w <= 1 + 1e-9 and y + h <= 1 + 1e-9  # kept inside the photo
    width, height = prepared.size
    assert (w * width) / (h * height) == pytest.approx(384 / 240, rel=1e-6)
    # With the crop of the paper's shape, "fit" fills the label edge to edge: no white bands.
    rendered = render(prepared, EditState(crop=crop, fit="fit"), model, "50x30")
    assert rendered.picture_box == (0, 0, 384, 240)


@pytest.mark.parametrize("model_id", ["phomemo.m220", "phomemo.d30", "phomemo.m02", "phomemo.m04s"])
def test_paper_preview_and_raster_hold_the_same_dots(model_table, photos, model_id):
    model = model_table.get(model_id)
    rendered = render(prepare_photo(photos.gps, model), None, model)
    paper = np.asarray(rendered.paper) == 0
    if model.rotate == 90:
        paper = np.rot90(paper, 1)
    head = np.asarray(raster_image(rendered.raster)) == 0
    offset = rendered.layout.offset
    assert np.array_equal(head[:, offset : offset + paper.shape[1]], paper)
    assert not head[:, :offset].any() and not head[:, offset + paper.shape[1]:].any()
    assert rendered.raster.width == model.head_dots


def test_one_shot_render_decodes_only_what_the_edits_need(model_table, tmp_path, monkeypatch):
    from phocol_desktop.imaging import pipeline

    photo = tmp_path / "camera.jpg"
    Image.new("RGB", (3200, 2400), (120, 130, 140)).save(photo, quality=80)
    sizes = []
    real = pipeline.prepare_photo

    def spy(*args, **kwargs):
        prepared = real(*args, **kwargs)
        sizes.append(prepared.size)
        return prepared

    monkeypatch.setattr(pipeline, "prepare_photo", spy)
    model = model_table.get("phomemo.m02")
    pipeline.render_file(photo, model)
    pipeline.render_file(photo, model, EditState(crop=(0.4, 0.4, 0.25, 0.25)))
    assert sizes[0] == (800, 600)  # JPEG draft at 1/4: still 1.5 source pixels per dot across 384 dots
    assert sizes[1] == (3200, 2400)  # a 4x crop zoom needs the full photo
    assert real(photo, model).size == (1600, 1200)  # interactive editing keeps headroom for cropping


def test_concurrent_renders_of_one_prepared_photo_agree(model_table, photos):
    """The GUI renders on a thread pool: shared caches must not mix up results."""
    from concurrent.futures import ThreadPoolExecutor

    model = model_table.default
    prepared = prepare_photo(photos.gps, model)
    states = [EditState(angle=a, brightness=b) for a in (0.0, 3.0, -7.5) for b in (0, 25)]
    expected = [render(prepare_photo(photos.gps, model), s, model).raster
                for s in states]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda s: render(prepared, s, model).raster, states * 3))
    assert results == expected * 3
