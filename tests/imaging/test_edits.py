"""EditState (the one edit document) and how the pipeline applies each field."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, features

from phocol_desktop.domain.errors import ImageError
from phocol_desktop.imaging.edits import DITHERS, FITS, TEXT_POSITIONS, EditState
from phocol_desktop.imaging.errors import EditsInvalid
from phocol_desktop.imaging.pipeline import prepare_photo, render
from phocol_desktop.services.document import DocumentError
from phocol_desktop.services.document import EditState as ReExported


def test_services_re_exports_the_same_model():
    assert ReExported is EditState and DocumentError is EditsInvalid
    assert issubclass(EditsInvalid, ImageError)


valid_states = st.builds(
    EditState,
    rotate=st.sampled_from([0, 90, 180, 270]),
    angle=st.floats(-45, 45),
    flip_h=st.booleans(), flip_v=st.booleans(),
    crop=st.one_of(st.none(), st.tuples(st.floats(0, 0.9), st.floats(0, 0.9), st.floats(0.01, 0.1),
                                        st.floats(0.01, 0.1))),
    brightness=st.integers(-100, 100), contrast=st.integers(-100, 100), gamma=st.floats(0.2, 5),
    sharpen=st.integers(0, 100), invert=st.booleans(),
    text=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20),
    text_size=st.integers(8, 200), text_position=st.sampled_from(TEXT_POSITIONS),
    dither=st.sampled_from(DITHERS), strength=st.integers(0, 100),
    preset=st.sampled_from(["", "50x30", "roll-57", "40x30"]), fit=st.sampled_from(FITS),
)


@settings(max_examples=60, deadline=None)
@given(state=valid_states)
def test_valid_states_round_trip_through_json(state):
    assert EditState.from_dict(json.loads(json.dumps(state.to_dict()))) == state


@settings(max_examples=200, deadline=None)
@given(data=st.dictionaries(st.sampled_from([f.name for f in EditState.__dataclass_fields__.values()] + ["x"]),
                            st.one_of(st.none(), st.booleans(), st.integers(-1000, 1000), st.floats(),
                                      st.text(max_size=8), st.lists(st.floats(), max_size=5))))
def test_junk_is_a_typed_error_or_a_valid_state(data):
    try:
        state = EditState.from_dict(data)
    except EditsInvalid as exc:
        assert exc.reason and exc.advice
    else:
        assert EditState.from_dict(state.to_dict()) == state


@pytest.fixture(scope="module")
def small_photo(tmp_path_factory):
    """A 90x60 photo: dark left half, light right half, a black dot near the top-left corner."""
    arr = np.full((60, 90), 200, dtype=np.uint8)
    arr[:, :45] = 60
    arr[5:12, 5:12] = 0
    path = tmp_path_factory.mktemp("photo") / "small.png"
    Image.fromarray(arr).save(path)
    return path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(state=valid_states)
def test_any_valid_state_renders(model_table, small_photo, state):
    model = model_table.get("phocol.generic384")
    rendered = render(prepare_photo(small_photo, model), state, model)
    assert rendered.raster.width == 384 and rendered.raster.height > 0
    assert rendered.paper.size == rendered.preview_size
    x, y, w, h = rendered.picture_box
    assert 0 <= x and 0 <= y and x + w <= rendered.paper.width and y + h <= rendered.paper.height


def _preview(model, photo, **edits) -> np.ndarray:
    return np.asarray(render(prepare_photo(photo, model), EditState(**edits), model).preview_image(), dtype=np.int16)


def test_flips_mirror_the_picture(model_table, small_photo):
    model = model_table.get("phomemo.m02")
    plain = _preview(model, small_photo)
    assert np.abs(_preview(model, small_photo, flip_h=True) - plain[:, ::-1]).mean() < 1
    assert np.abs(_preview(model, small_photo, flip_v=True) - plain[::-1, :]).mean() < 1


def test_crop_keeps_the_chosen_region(model_table, small_photo):
    model = model_table.get("phomemo.m02")
    right = _preview(model, small_photo, crop=(0.55, 0.0, 0.45, 1.0))  # only the light half
    left = _preview(model, small_photo, crop=(0.0, 0.2, 0.45, 0.8))  # only the dark half
    assert right.min() > 150 and left[10:-10].max() < 100


def test_straighten_leaves_no_blank_corners(model_table, tmp_path):
    photo = tmp_path / "black.png"
    Image.new("L", (300, 200), 0).save(photo)
    model = model_table.get("phomemo.m02")
    for angle in (-30.0, 7.5, 45.0):
        preview = _preview(model, photo, angle=angle)
        assert preview.max() < 40, angle  # white corners would show as 255


def test_tone_curve_directions(model_table, small_photo):
    model = model_table.get("phomemo.m02")
    plain = _preview(model, small_photo).mean()
    assert _preview(model, small_photo, brightness=30).mean() > plain + 30
    assert _preview(model, small_photo, gamma=2.0).mean() > plain + 10
    flat = _preview(model, small_photo, contrast=-100)
    assert flat.max() - flat.min() <= 2  # no contrast: one flat grey
    assert _preview(model, small_photo, sharpen=100).std() >= _preview(model, small_photo).std()


@pytest.mark.parametrize("position", TEXT_POSITIONS)
def test_text_is_drawn_where_asked(model_table, tmp_path, position):
    photo = tmp_path / "white.png"
    Image.new("L", (300, 200), 255).save(photo)
    model = model_table.get("phocol.generic384")
    rendered = render(prepare_photo(photo, model), EditState(text="Hello", text_size=40, text_position=position),
                      model)
    black = np.asarray(rendered.paper) == 0
    rows = np.flatnonzero(black.any(axis=1))
    assert rows.size, "no text drawn"
    third = rendered.paper.height / 3
    centre = rows.mean()
    assert {"top": centre < third, "center": third < centre < 2 * third, "bottom": centre > 2 * third}[position]
    cols = np.flatnonzero(black.any(axis=0))
    assert abs((cols.min() + cols.max()) / 2 - rendered.paper.width / 2) < 6  # centred


def test_long_text_shrinks_to_fit_the_paper(model_table, tmp_path):
    photo = tmp_path / "white.png"
    Image.new("L", (300, 200), 255).save(photo)
    model = model_table.get("phocol.generic384")
    rendered = render(prepare_photo(photo, model), EditState(text="A much too long caption " * 3, text_size=60),
                      model)
    black = np.asarray(rendered.paper) == 0
    assert black.any() and not black[:, 0].any() and not black[:, -1].any()


def test_invert_of_text_stays_readable(model_table, tmp_path):
    photo = tmp_path / "white.png"
    Image.new("L", (300, 200), 255).save(photo)
    model = model_table.get("phocol.generic384")
    rendered = render(prepare_photo(photo, model), EditState(text="Hi", invert=True), model)
    preview = np.asarray(rendered.preview_image())
    assert (preview == 255).any()  # the white outline around black letters on the black field


def test_formats_round_trip(model_table, tmp_path):
    arr = np.tile(np.linspace(0, 255, 64).round().astype(np.uint8), (32, 1))
    formats = [("WEBP", "webp"), ("BMP", "bmp"), ("GIF", "gif"), ("TIFF", "tif"), ("PNG", "png")]
    if features.check("avif"):
        formats.append(("AVIF", "avif"))
    for fmt, ext in formats:
        path = tmp_path / f"g.{ext}"
        lossless = {"WEBP": {"lossless": True}, "AVIF": {"quality": 100}}.get(fmt, {})
        Image.fromarray(arr).convert("RGB").save(path, format=fmt, **lossless)
        prepared = prepare_photo(path)
        assert prepared.format == fmt and prepared.size == (64, 32)
        assert np.abs(np.asarray(prepared.image, dtype=np.int16) - arr).max() <= 8, fmt  # GIF quantises


def test_icc_profile_is_honoured(photos):
    """photos.icc embeds a gamma-1.8 RGB profile: converting to sRGB changes the tones a little, not a lot."""
    path = photos.icc
    assert Image.open(path).info.get("icc_profile")
    ours = np.asarray(prepare_photo(path).image, dtype=np.int16)
    raw = Image.open(path).convert("L")
    diff = np.abs(ours - np.asarray(raw, dtype=np.int16)).mean()
    assert 0.5 < diff < 20


def test_caption_uses_the_bundled_font_when_no_font_is_installed(model_table, tmp_path):
    from phocol_desktop.imaging.fonts import BUNDLED, FontLibrary

    no_fonts = FontLibrary(dirs=[tmp_path / "none"])  # a computer without any installed font
    photo = tmp_path / "white.png"
    Image.new("L", (300, 200), 255).save(photo)
    model = model_table.get("phocol.generic384")
    rendered = render(prepare_photo(photo, model), EditState(text="Hello"), model, fonts=no_fonts)
    assert (np.asarray(rendered.paper) == 0).any() and rendered.warnings == ()
    assert no_fonts.faces() == list(BUNDLED)


def test_caption_control_characters_are_dropped(model_table, tmp_path):
    from phocol_desktop.imaging.pipeline import caption_text

    assert caption_text("0\x1e1\r\nTwo\u2028three\n") == "01\nTwo\nthree"
    photo = tmp_path / "white.png"
    Image.new("L", (300, 200), 255).save(photo)
    model = model_table.get("phocol.generic384")
    rendered = render(prepare_photo(photo, model), EditState(text="0\x1e\x07"), model)
    assert (np.asarray(rendered.paper) == 0).any()
