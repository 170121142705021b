"""Hostile and unusual photos: each renders correctly or raises a typed image error a user understands.

Every case runs under a timeout (no hangs) and checks that the user's file is left untouched.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pillow_heif
import pytest
from PIL import Image

from phocol_desktop.domain.errors import ImageError
from phocol_desktop.imaging.errors import PhotoTooLarge, PhotoUnreadable
from phocol_desktop.imaging.load import load_photo
from phocol_desktop.imaging.pipeline import photo_to_raster, prepare_photo, render
from tests.photos import KINDS, SHARED_PHOTOS, extra_photos

pytestmark = pytest.mark.timeout(30)


def _gradient(width: int = 256, height: int = 64) -> np.ndarray:
    return np.tile(np.linspace(0, 255, width).round().astype(np.uint8), (height, 1))


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_claiming(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _expect_error(path: Path, model, error: type[ImageError], words: str) -> ImageError:
    before = _digest(path)
    with pytest.raises(error) as caught:
        photo_to_raster(path, model)
    message = caught.value.user_message()
    assert words in message, message
    assert caught.value.advice  # every error says what to do
    assert str(path.parent) not in message  # only the file name: messages reach logs and bundles
    assert _digest(path) == before  # the user's file is never touched
    return caught.value


def test_zero_byte_file(tmp_path, model_table):
    path = tmp_path / "empty.jpg"
    path.write_bytes(b"")
    _expect_error(path, model_table.default, PhotoUnreadable, "empty")


def test_missing_file_and_folder(tmp_path, model_table):
    _expect_error_missing = pytest.raises(PhotoUnreadable, match="no file")
    with _expect_error_missing:
        photo_to_raster(tmp_path / "gone.jpg", model_table.default)
    with pytest.raises(PhotoUnreadable, match="folder"):
        photo_to_raster(tmp_path, model_table.default)


def test_truncated_jpeg(tmp_path, model_table, photos):
    data = photos.gps.read_bytes()
    path = tmp_path / "cut.jpg"
    path.write_bytes(data[: len(data) // 2])
    _expect_error(path, model_table.default, PhotoUnreadable, "damaged")


def test_png_claiming_100000_squared_is_refused_before_decoding(tmp_path, model_table):
    path = tmp_path / "bomb.png"
    path.write_bytes(_png_claiming(100_000, 100_000))
    _expect_error(path, model_table.default, PhotoTooLarge, "too large")


def test_png_over_the_pixel_cap_is_refused(tmp_path, model_table):
    path = tmp_path / "big.png"
    path.write_bytes(_png_claiming(9000, 9000))  # 81 MP: under Pillow's own limit, over ours
    err = _expect_error(path, model_table.default, PhotoTooLarge, "81 MP")
    assert "Scale the photo down" in err.advice


def test_text_file_named_jpg(tmp_path, model_table):
    path = tmp_path / "notes.jpg"
    path.write_text("these are my shopping notes, not a photo\n" * 20)
    _expect_error(path, model_table.default, PhotoUnreadable, "not a photo")


def test_format_outside_the_allowlist_is_refused(tmp_path, model_table):
    path = tmp_path / "old.pcx"  # Pillow can read PCX, but it is not a photo format the app opens
    Image.fromarray(_gradient()).save(path, format="PCX")
    _expect_error(path, model_table.default, PhotoUnreadable, "not a photo")


def test_animated_gif_prints_its_first_frame(tmp_path, model_table):
    frames = [Image.new("L", (64, 64), 0), Image.new("L", (64, 64), 255)]
    path = tmp_path / "anim.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    model = model_table.get("phomemo.m02")
    rendered = render(prepare_photo(path, model), None, model)
    assert np.asarray(rendered.preview_image()).max() < 10  # all black: the first frame


def test_cmyk_jpeg_keeps_its_tones(tmp_path, model_table):
    gray = _gradient()
    cmyk = Image.fromarray(gray).convert("RGB").convert("CMYK")
    path = tmp_path / "print-shop.jpg"
    cmyk.save(path, quality=95)
    assert Image.open(path).mode == "CMYK"
    model = model_table.get("phomemo.m02")
    rendered = render(prepare_photo(path, model), None, model)
    row = np.asarray(rendered.preview_image(), dtype=np.int16)[rendered.preview_size[1] // 2]
    assert row[:20].mean() < 40 and row[-20:].mean() > 215  # dark stays dark, light stays light


def test_16_bit_png_is_scaled_not_clipped(tmp_path, model_table):
    values = (_gradient().astype(np.uint16) * 257)
    path = tmp_path / "scan16.png"
    Image.fromarray(values).save(path)  # uint16 -> mode I;16
    assert Image.open(path).mode.startswith("I")
    loaded = load_photo(path)
    assert np.abs(np.asarray(loaded.image, dtype=np.int16) - _gradient()).max() <= 1


def test_transparent_png_prints_on_white(tmp_path, model_table):
    rgba = np.zeros((64, 64, 4), dtype=np.uint8)  # black, fully transparent
    rgba[16:48, 16:48] = (0, 0, 0, 255)  # an opaque black square in the middle
    path = tmp_path / "sticker.png"
    Image.fromarray(rgba, "RGBA").save(path)
    loaded = np.asarray(load_photo(path).image)
    assert loaded[0, 0] == 255 and loaded[32, 32] == 0


def _jpeg_with_exif(exif: bytes) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(_gradient()).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_huge_exif_block_renders(tmp_path, model_table):
    exif = Image.Exif()
    exif[0x010E] = "x" * 60_000  # ImageDescription filling most of the 64 KB APP1 segment
    exif[0x0112] = 1
    path = tmp_path / "huge-exif.jpg"
    path.write_bytes(_jpeg_with_exif(exif.tobytes()))
    raster = photo_to_raster(path, model_table.default)
    assert raster.height > 0


@pytest.mark.parametrize("exif", [b"Exif\x00\x00" + b"\xff" * 200, b"Exif\x00\x00MM\x00\x2a" + b"\x00" * 3])
def test_garbage_exif_is_treated_as_upright(tmp_path, model_table, exif):
    path = tmp_path / "bad-exif.jpg"
    path.write_bytes(_jpeg_with_exif(exif))
    loaded = load_photo(path)
    assert loaded.image.size == (256, 64)


def test_camera_photo_with_damaged_exif_renders(model_table, photos):
    raster = photo_to_raster(photos.damaged_exif, model_table.default)
    assert raster.height > 0 and 0 < raster.black_dots() < raster.width * raster.height


def test_heif_renders(model_table, photos):
    path = photos.heif
    prepared = prepare_photo(path, model_table.default)
    assert prepared.format == "HEIF"
    assert render(prepared, None, model_table.default).raster.black_dots() > 0


def test_tiff_renders(model_table, photos):
    assert photo_to_raster(photos.tiff, model_table.default).height > 0


@pytest.mark.parametrize("kind", ["camera", "gps", "phone"])
def test_no_metadata_survives_loading(photos, kind):
    path = getattr(photos, kind)
    assert Image.open(path).getexif().get_ifd(0x8825)  # the file does carry a location
    loaded = load_photo(path)
    assert loaded.image.info == {}
    assert not loaded.image.getexif()


def test_a_phone_sized_photo_prints_upright(model_table, photos):
    """4032x3024 stored sideways with orientation 6, as phones store portrait photos."""
    prepared = prepare_photo(photos.phone, model_table.default)
    assert prepared.size[0] < prepared.size[1]
    assert render(prepared, None, model_table.default).raster.width == model_table.default.head_dots


def test_transparent_pixels_print_as_white_paper(model_table, photos):
    """Alpha is composited on white (the paper), never on black."""
    for path in (photos.alpha, photos.tiff):
        loaded = load_photo(path)
        corner = np.asarray(loaded.image.convert("L"))[:4, :4]
        assert corner.min() > 240, path.name  # the fully transparent top-left corner is paper white


def _case_id(case) -> str:
    return case if isinstance(case, str) else f"shared/{case.relative_to(SHARED_PHOTOS)}"


@pytest.mark.parametrize("case", [*KINDS, *extra_photos()], ids=_case_id)
def test_every_kind_of_photo_renders_to_a_head_wide_raster(model_table, photos, case):
    """Every kind of file a user may open; real camera files under ../shared add cases when present."""
    path = getattr(photos, case) if isinstance(case, str) else case
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    raster = photo_to_raster(path, model_table.default)
    assert raster.width == model_table.default.head_dots and raster.height > 0
    assert 0 < raster.black_dots() < raster.width * raster.height
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_heif_orientation_is_applied_exactly_once(model_table):
    """The HEIF decoder applies the HEIF transform and resets EXIF orientation to 1: no second turn here.

    The app decodes with pi-heif (no encoder); pillow-heif writes the test file without registering itself
    with Pillow, so the app's own decoder is the one that opens it."""
    image = Image.new("RGB", (64, 32), "white")
    image.paste((0, 0, 0), (0, 0, 16, 32))  # black stripe on the left of the stored pixels
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view"
    buffer = io.BytesIO()
    pillow_heif.from_pillow(image).save(buffer, exif=exif.tobytes(), quality=95)
    loaded = load_photo(buffer.getvalue())
    arr = np.asarray(loaded.image)
    assert loaded.image.size == (32, 64)
    assert arr[:8].mean() < 30 and arr[-8:].mean() > 225  # the stripe is now on top


@pytest.mark.parametrize("size", [(1, 60000), (60000, 1)])
def test_extreme_shapes(tmp_path, model_table, size):
    path = tmp_path / "strip.png"
    Image.new("L", size, 0).save(path)
    model = model_table.get("phomemo.m02")  # continuous roll: the print would take the photo's shape
    try:
        raster = photo_to_raster(path, model)
    except ImageError as exc:
        assert "long" in exc.reason and exc.advice  # 60000:1 would be metres of paper: refused, clearly
    else:
        assert raster.width == 384 and raster.height >= 1
    label = photo_to_raster(path, model, preset="50x30")
    assert label.height == model.mm_to_dots(30)
