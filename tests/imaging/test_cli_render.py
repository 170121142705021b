"""`phocol-desktop render`: the PNG is the raster printing sends, 1 px per dot, with nothing of the photo's metadata."""

from __future__ import annotations

import json
import os
import stat

import numpy as np
from PIL import Image

from phocol_desktop.imaging.edits import EditState
from phocol_desktop.imaging.pipeline import photo_to_raster, raster_image
from tests.cli import run


def test_render_writes_the_exact_raster(tmp_path, model_table, photos):
    photo = photos.gps
    out = tmp_path / "paper.png"
    code, stdout, err = run("render", photo, "-o", out, "--model", "phomemo.m220", "--dither", "Atkinson",
                            "--edits", '{"brightness": 10}')
    assert code == 0, err
    assert "576x" in stdout and "atkinson" in stdout
    model = model_table.get("phomemo.m220")
    expected = raster_image(photo_to_raster(photo, model, EditState(brightness=10, dither="atkinson")))
    written = Image.open(out)
    assert written.size == expected.size and written.size[0] == model.head_dots
    assert np.array_equal(np.asarray(written.convert("1")), np.asarray(expected))
    # Private file, and nothing of the photo's metadata (GPS position, camera) in it.
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert not written.getexif() and set(written.info) <= {"dpi"}
    assert b"GPS" not in out.read_bytes() and b"NIKON" not in out.read_bytes().upper()


def test_render_edits_from_a_file_and_preset(tmp_path, photos):
    edits = tmp_path / "edits.json"
    edits.write_text(json.dumps({"dither": "bayer", "fit": "fill", "preset": "50x50"}))
    out = tmp_path / "label.png"
    code, stdout, err = run("render", photos.camera, "-o", out, "--edits", edits)
    assert code == 0, err
    assert Image.open(out).size == (384, 400)


def test_render_custom_roll_width(tmp_path, photos):
    out = tmp_path / "roll.png"
    code, _, err = run("render", photos.camera, "-o", out, "--model", "phomemo.m02",
                       "--width-mm", "40")
    assert code == 0, err
    black = np.asarray(Image.open(out).convert("1")) == 0
    used = np.flatnonzero(black.any(axis=0))
    assert used.max() - used.min() < 330  # a 40 mm roll is ~320 dots of the 384-dot head


def test_render_errors_are_one_line(tmp_path, photos):
    bad = tmp_path / "bad.jpg"
    bad.write_text("not a photo")
    code, _, err = run("render", bad, "-o", tmp_path / "x.png")
    assert code == 1 and err.count("\n") == 1 and "bad.jpg" in err
    code, _, err = run("render", photos.camera, "-o", tmp_path / "x.png", "--edits", "{no")
    assert code == 1 and "not valid JSON" in err
    code, _, err = run("render", photos.camera, "-o", tmp_path / "x.png", "--dither", "magic")
    assert code == 1 and "magic" in err
    code, _, err = run("render", photos.camera, "-o", tmp_path / "x.png", "--preset", "A4")
    assert code == 1 and "50x30" in err
    assert not (tmp_path / "x.png").exists()


def test_render_never_overwrites_the_photo(tmp_path):
    photo = tmp_path / "mine.png"
    Image.new("L", (40, 40), 128).save(photo)
    before = photo.read_bytes()
    code, _, err = run("render", photo, "-o", photo)
    assert code == 1 and "one of the inputs" in err
    assert photo.read_bytes() == before
