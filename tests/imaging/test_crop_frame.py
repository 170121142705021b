"""The editor's frame tells the truth: crops turn with the photo, and the region the crop view draws is
the part of the photo that reaches the paper (fit/fill, fine angle, flips), by the render's own geometry."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from phocol_desktop.imaging.edits import EditState
from phocol_desktop.imaging.pipeline import paper_region, prepare_photo, quarter_turns_and_flips, render

fraction = st.floats(min_value=0.0, max_value=0.5, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(x=fraction, y=fraction, w=st.floats(0.05, 0.5), h=st.floats(0.05, 0.5), flip_h=st.booleans(),
       flip_v=st.booleans(), turns=st.sampled_from([90, -90, 180, 270]))
def test_turning_keeps_the_crop_and_turning_back_restores_it(x, y, w, h, flip_h, flip_v, turns):
    state = EditState(crop=(x, y, w, h), flip_h=flip_h, flip_v=flip_v)
    turned = state.rotated(turns)
    assert turned.crop is not None and turned.rotate == turns % 360
    back = turned.rotated(-turns)
    assert back.rotate == 0
    assert back.crop == pytest.approx(state.crop, abs=1e-8)


@pytest.mark.parametrize("flip_h, flip_v", [(False, False), (True, False), (False, True), (True, True)])
def test_the_turned_crop_frames_the_same_pixels(flip_h, flip_v):
    """A marked square inside the crop is still inside it (and nothing else is) after a quarter turn."""
    photo = Image.new("L", (400, 300), 255)
    ImageDraw.Draw(photo).rectangle((100, 60, 160, 120), fill=0)
    state = EditState(flip_h=flip_h, flip_v=flip_v)
    ys, xs = np.nonzero(np.asarray(quarter_turns_and_flips(photo, state)) == 0)
    # A crop a little larger than the mark, in the flipped frame the crop lives in.
    state = state.with_change("crop", [xs.min() / 400 - 0.02, ys.min() / 300 - 0.02, 0.2, 0.25])

    def framed(s: EditState) -> int:
        view = np.asarray(quarter_turns_and_flips(photo, s)) == 0
        hgt, wid = view.shape
        cx, cy, cw, ch = s.crop
        inside = view[round(cy * hgt):round((cy + ch) * hgt), round(cx * wid):round((cx + cw) * wid)]
        return int(inside.sum())

    before = framed(state)
    assert before > 3000
    for quarter in (90, 180, 270):
        assert framed(state.rotated(quarter)) == pytest.approx(before, rel=0.05)


def _marked_photo() -> bytes:
    """Random black and white blocks: any shift, trim or turn of the kept part changes the dots."""
    import io

    cells = np.random.default_rng(7).random((15, 20)) < 0.5
    image = Image.fromarray(np.where(cells, 0, 255).astype(np.uint8), "L").resize((800, 600), Image.Resampling.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("fit, angle, flip_h", [("fit", 0.0, False), ("fill", 0.0, False), ("fill", 7.5, True),
                                                ("fit", -12.0, False)])
def test_the_frame_is_what_reaches_the_paper(model_table, fit, angle, flip_h):
    """Sampling the photo inside the reported region gives the picture the paper shows (same geometry)."""
    model = model_table.get("phocol.generic384")
    prepared = prepare_photo(_marked_photo(), model)
    state = EditState(fit=fit, angle=angle, flip_h=flip_h, crop=(0.1, 0.05, 0.8, 0.9), dither="threshold")
    corners = paper_region(prepared, state, model)
    rendered = render(prepared, state, model)
    x, y, w, h = rendered.picture_box
    # Map the region's corners back onto the picture box: the affine that takes photo fractions to dots.
    view = quarter_turns_and_flips(prepared.image, state)
    (x0, y0), (x1, y1), _, (x3, y3) = corners
    src = np.array([[x0 * view.width, y0 * view.height], [x1 * view.width, y1 * view.height],
                    [x3 * view.width, y3 * view.height]])
    # Sample the photo at the centres of the picture's dots through that frame, then compare with the paper.
    u = (np.arange(w) + 0.5) / w
    v = (np.arange(h) + 0.5) / h
    uu, vv = np.meshgrid(u, v)
    px = src[0, 0] + uu * (src[1, 0] - src[0, 0]) + vv * (src[2, 0] - src[0, 0])
    py = src[0, 1] + uu * (src[1, 1] - src[0, 1]) + vv * (src[2, 1] - src[0, 1])
    gray = np.asarray(view, dtype=np.float64)
    sampled = gray[np.clip(py.astype(int), 0, view.height - 1), np.clip(px.astype(int), 0, view.width - 1)] < 128
    printed = np.asarray(rendered.paper, dtype=bool)[y:y + h, x:x + w] == 0
    agreement = (sampled == printed).mean()
    assert agreement > 0.93, agreement
    # And a frame that ignored fill/angle would not agree as well (the test can fail).
    if fit == "fill" or angle:
        naive = np.array([[0.1 * view.width, 0.05 * view.height], [0.9 * view.width, 0.05 * view.height],
                          [0.1 * view.width, 0.95 * view.height]])
        nx = naive[0, 0] + uu * (naive[1, 0] - naive[0, 0]) + vv * (naive[2, 0] - naive[0, 0])
        ny = naive[0, 1] + uu * (naive[1, 1] - naive[0, 1]) + vv * (naive[2, 1] - naive[0, 1])
        wrong = gray[np.clip(ny.astype(int), 0, view.height - 1), np.clip(nx.astype(int), 0, view.width - 1)] < 128
        assert (wrong == printed).mean() < agreement
