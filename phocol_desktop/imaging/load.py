"""Open a photo file safely and turn it into an upright, sRGB, white-backed working image.

What happens, in order (docs/IMAGING.md):

1. Open with an allowlist of formats (JPEG/MPO, PNG, WebP, GIF, BMP, TIFF, HEIF/HEIC, AVIF): Pillow's other
   plugins (EPS runs Ghostscript, PSD, ...) are never reached from a user's file.
2. Check the declared size against the pixel cap *before* decoding (decompression bombs).
3. JPEG only: ``draft()`` lets libjpeg decode at 1/2, 1/4 or 1/8 scale, straight to grayscale when no
   colour conversion is needed, so a 12 MP photo is never decoded in full to print 384 dots wide.
4. Convert any embedded ICC profile to sRGB, then to luminance (or keep RGB when asked for colour).
5. Flatten transparency onto white (thermal paper is white), apply the EXIF orientation, and
   reduce by an integer factor towards the size the caller needs.

Only the EXIF Orientation tag is read from the metadata; the returned image has an empty ``info``
dict, so no GPS position, camera serial or profile can travel on into anything the app writes.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import os
import struct
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms, UnidentifiedImageError

from phocol_desktop.domain.safe_input import InputRefused, open_input
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP
from phocol_desktop.imaging.errors import PhotoTooLarge, PhotoUnreadable

log = logging.getLogger(__name__)
# Why a photo cannot be read (context "Errors": the GUI shows them in its language; {0} is the file's name).
DAMAGED = QT_TRANSLATE_NOOP("Errors", "{0} is damaged and cannot be read ({1}).")
INCOMPLETE = QT_TRANSLATE_NOOP("Errors", "{0} is damaged and cannot be read (it is incomplete).")
NOT_A_PHOTO = QT_TRANSLATE_NOOP("Errors", "{0} is not a photo Phocol Desktop can open (JPEG, PNG, WebP, GIF, BMP, "
                                          "TIFF, HEIC/HEIF or AVIF).")  # the formats of FORMAT_NAMES

# 64 MP decoded (8000x8000): a 48 MP camera PNG still opens, a 100000x100000 PNG header does not.
DEFAULT_MAX_PIXELS = 64_000_000

# Formats a user may open. Anything else Pillow could identify is refused before decoding.
OPEN_FORMATS = ("JPEG", "MPO", "PNG", "WEBP", "GIF", "BMP", "TIFF", "HEIF", "AVIF")  # AVIF: when Pillow has it
_JPEG_FORMATS = ("JPEG", "MPO")
FORMAT_NAMES = "JPEG, PNG, WebP, GIF, BMP, TIFF, HEIC/HEIF or AVIF"

_EXIF_ORIENTATION = 0x0112
# EXIF orientation -> the transposes that make the stored pixels upright (applied in order).
_UPRIGHT = {
    2: (Image.Transpose.FLIP_LEFT_RIGHT,),
    3: (Image.Transpose.ROTATE_180,),
    4: (Image.Transpose.FLIP_TOP_BOTTOM,),
    5: (Image.Transpose.TRANSPOSE,),
    6: (Image.Transpose.ROTATE_270,),
    7: (Image.Transpose.TRANSVERSE,),
    8: (Image.Transpose.ROTATE_90,),
}
_SWAPS_AXES = (5, 6, 7, 8)

_plugins_ready = False
_plugins_lock = threading.Lock()
_open_formats: tuple[str, ...] = ()
_transforms: dict[tuple[bytes, str], ImageCms.ImageCmsTransform | None] = {}
_TRANSFORM_CACHE_SIZE = 16
_transforms_lock = threading.Lock()


@dataclass(frozen=True, eq=False)
class LoadedPhoto:
    """A decoded photo ready for editing: upright, sRGB-derived, alpha flattened, no metadata."""

    image: Image.Image  # mode "L" (or "RGB" when loaded with color=True); info is empty
    full_size: tuple[int, int]  # upright size of the photo at full resolution
    format: str  # Pillow format id, e.g. "JPEG"

    @property
    def scale(self) -> float:
        """Working pixels per full-resolution pixel (1.0 when decoded in full)."""
        return self.image.width / self.full_size[0]


def _open_allowlist() -> tuple[str, ...]:
    """Register the HEIF opener once and return the allowlisted formats this Pillow build has."""
    global _plugins_ready, _open_formats
    with _plugins_lock:  # the first photos may be opened on several worker threads at once
        if not _plugins_ready:
            import pi_heif  # pillow-heif's decode-only build (pyproject.toml says why)

            pi_heif.register_heif_opener()
            Image.init()  # load every plugin so the allowlist can be checked against what exists
            _open_formats = tuple(f for f in OPEN_FORMATS if f in Image.OPEN)
            _plugins_ready = True
    return _open_formats


def _name(path: str | os.PathLike[str]) -> str:
    # Errors name the file, never its folder: messages end up in logs and support bundles.
    return Path(path).name or "the file"


def read_orientation(im: Image.Image) -> int:
    """The EXIF Orientation (1..8); 1 when absent or unreadable. Nothing else of the EXIF is used."""
    try:
        value = im.getexif().get(_EXIF_ORIENTATION, 1)
    except Exception as exc:  # a damaged EXIF block must never stop a print
        log.info("EXIF block unreadable (%s); assuming upright", type(exc).__name__)
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _srgb_transform(icc: bytes, mode: str) -> ImageCms.ImageCmsTransform | None:
    """A transform from the embedded profile to sRGB, or None when the profile is sRGB or unusable."""
    key = (hashlib.sha256(icc).digest(), mode)
    with _transforms_lock:  # previews render on a thread pool
        if key not in _transforms:
            if len(_transforms) >= _TRANSFORM_CACHE_SIZE:
                _transforms.pop(next(iter(_transforms)))
            _transforms[key] = _build_srgb_transform(icc, mode)
        return _transforms[key]


def _build_srgb_transform(icc: bytes, mode: str) -> ImageCms.ImageCmsTransform | None:
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if ImageCms.getProfileDescription(profile).strip().lower().startswith("srgb"):
            return None
        return ImageCms.buildTransform(profile, ImageCms.createProfile("sRGB"), mode, "RGB",
                                       renderingIntent=ImageCms.Intent.PERCEPTUAL)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as exc:
        log.info("embedded colour profile ignored (%s)", type(exc).__name__)
        return None


_STRIP_ROWS = 256


def _high_depth_to_l(im: Image.Image) -> Image.Image:
    """16-bit and float grayscale to 8 bits by scaling, not clipping (a 16-bit PNG is not all white).

    Converted in strips of float32: an 8000x8000 32-bit TIFF needs its own 256 MB plus one 8-bit copy, not
    four float64 copies (2 GB, bench/memory.py). NaN and infinities are the file's business, not warnings
    on the user's terminal."""
    arr = np.asarray(im)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)  # nanmax of an all-NaN picture
        if im.mode == "F":
            peak = float(np.nanmax(arr)) if arr.size else 0.0
            scale = 255.0 if not peak > 1.0 else 1.0
        elif im.mode == "I" and arr.size and int(arr.max()) <= 255 and int(arr.min()) >= 0:
            scale = 1.0
        else:  # I;16 variants, or 32-bit integers holding 16-bit samples
            scale = 1 / 257.0
        out = np.empty(arr.shape[:2], np.uint8)
        for y in range(0, arr.shape[0], _STRIP_ROWS):
            block = arr[y:y + _STRIP_ROWS].astype(np.float32)
            block *= scale
            np.nan_to_num(block, copy=False, nan=0.0, posinf=255.0, neginf=0.0)
            np.clip(block, 0, 255, out=block)
            out[y:y + _STRIP_ROWS] = np.rint(block, out=block)
    return Image.fromarray(out, "L")


def _split_alpha(im: Image.Image) -> tuple[Image.Image, Image.Image | None]:
    """Return (colour part, alpha mask or None), normalising palette and premultiplied modes."""
    if im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    elif im.mode in ("L", "RGB") and "transparency" in im.info:
        im = im.convert("LA" if im.mode == "L" else "RGBA")
    elif im.mode in ("PA", "RGBa", "La"):
        im = im.convert("LA" if im.mode == "La" else "RGBA")
    if im.mode in ("RGBA", "LA"):
        alpha = im.getchannel("A")
        if alpha.getextrema() == (255, 255):
            alpha = None
        return im.convert(im.mode[:-1]), alpha
    return im, None


def _to_working_mode(im: Image.Image, icc: bytes | None, color: bool) -> Image.Image:
    target = "RGB" if color else "L"
    if im.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        gray = _high_depth_to_l(im)
        return gray.convert(target) if color else gray
    im, alpha = _split_alpha(im)
    if im.mode == "1":
        im = im.convert("L")
    transform = _srgb_transform(icc, im.mode) if icc and im.mode in ("RGB", "CMYK", "L") else None
    if transform is not None:
        try:
            im = ImageCms.applyTransform(im, transform)
        except (ImageCms.PyCMSError, OSError, ValueError) as exc:
            log.info("colour profile conversion failed (%s); using the raw colours", type(exc).__name__)
    if im.mode != target:
        try:
            im = im.convert(target) if im.mode in ("L", "RGB") else im.convert("RGB").convert(target)
        except ValueError:
            raise PhotoUnreadable(QT_TRANSLATE_NOOP("Errors", "The photo uses the {0} colour mode, which Phocol "
                                                              "Desktop cannot convert for printing."),
                                  reason_args=(im.mode,)) from None
    if alpha is not None:
        canvas = Image.new(target, im.size, "white")
        canvas.paste(im, mask=alpha)
        im = canvas
    return im


def load_photo(
    path: str | os.PathLike[str] | bytes,
    *,
    min_size: tuple[int, int] | Callable[[tuple[int, int]], tuple[int, int]] | None = None,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    color: bool = False,
) -> LoadedPhoto:
    """Decode ``path`` into a :class:`LoadedPhoto`.

    ``min_size`` (upright width, height) is what the caller will scale down to: the image is decoded and
    reduced as far as possible while staying at least that large (never upscaled; ``None`` = full size).
    It may be a function of the upright full size, called once the header has been read.
    ``max_pixels`` caps the decoded pixel count. Raises :class:`PhotoUnreadable` or :class:`PhotoTooLarge`
    (both :class:`~phocol_desktop.domain.errors.ImageError`) with a message naming the file only.
    ``path`` may also be the file's bytes (a photo pasted or dropped from another app).
    The file is only ever opened for reading.
    """
    if isinstance(path, bytes | bytearray | memoryview):
        return _decode(io.BytesIO(bytes(path)), "The photo", min_size, max_pixels, color)
    name = _name(path)
    try:  # never blocks on a FIFO, refuses folders, sockets and devices (domain/safe_input.py)
        fh = open_input(path, what="photo")  # closed in the finally below, after decoding
    except InputRefused as exc:
        raise PhotoUnreadable(exc.reason) from None
    try:
        return _decode(fh, name, min_size, max_pixels, color)
    finally:
        fh.close()


def _decode(fh: io.BufferedReader | io.BytesIO, name: str,
            min_size: tuple[int, int] | Callable[[tuple[int, int]], tuple[int, int]] | None,
            max_pixels: int, color: bool) -> LoadedPhoto:
    try:
        im = Image.open(fh, formats=_open_allowlist())
    except UnidentifiedImageError:
        if fh.seek(0, io.SEEK_END) == 0:
            raise PhotoUnreadable(QT_TRANSLATE_NOOP("Errors", "{0} is empty (0 bytes)."), reason_args=(name,)) from None
        raise PhotoUnreadable(NOT_A_PHOTO, reason_args=(name,)) from None
    except Image.DecompressionBombError:
        raise PhotoTooLarge(QT_TRANSLATE_NOOP("Errors", "{0} declares a picture far too large to decode safely."),
                            reason_args=(name,)) from None
    except (OSError, SyntaxError, ValueError, EOFError, struct.error) as exc:
        raise PhotoUnreadable(DAMAGED, reason_args=(name, type(exc).__name__)) from None

    with im:
        width, height = im.size
        if width <= 0 or height <= 0:
            raise PhotoUnreadable(QT_TRANSLATE_NOOP("Errors", "{0} declares an empty picture ({1}x{2})."),
                                  reason_args=(name, width, height))
        orientation = read_orientation(im)
        swaps = orientation in _SWAPS_AXES
        full_size = (height, width) if swaps else (width, height)
        icc = im.info.get("icc_profile") or None
        fmt = im.format or "?"
        if callable(min_size):
            min_size = min_size(full_size)

        if fmt in _JPEG_FORMATS and min_size is not None:
            want = (min_size[1], min_size[0]) if swaps else min_size
            want = (max(1, min(width, int(want[0]))), max(1, min(height, int(want[1]))))
            # Straight to grayscale in the decoder when no colour profile has to be honoured first.
            gray_ok = not color and im.mode == "RGB" and (icc is None or _srgb_transform(icc, "RGB") is None)
            im.draft("L" if gray_ok else im.mode, want)
        decoded = im.size[0] * im.size[1]
        if decoded > max_pixels:
            raise PhotoTooLarge(QT_TRANSLATE_NOOP("Errors", "{0} is {1}x{2} pixels ({3:.0f} MP); Phocol Desktop "
                                                            "decodes at most {4:.0f} MP."),
                                reason_args=(name, width, height, width * height / 1e6, max_pixels / 1e6))
        try:
            im.load()
            source: Image.Image = im
            factor = 1
            if min_size is not None:
                factor = max(1, min(_reduction_left(source.size, swaps, min_size)))
            if factor >= 2 and source.mode in ("L", "RGB", "CMYK", "I", "F"):
                # Fewer pixels through the colour transform; alpha modes wait until after flattening.
                source, factor = source.reduce(factor), 1
            working = _to_working_mode(source, icc, color)
            if factor >= 2:
                working = working.reduce(factor)
        except PhotoUnreadable:
            raise
        except MemoryError:
            raise PhotoTooLarge(QT_TRANSLATE_NOOP("Errors", "{0} needs more memory to decode than is available."),
                                reason_args=(name,)) from None
        except (OSError, SyntaxError, ValueError, EOFError, struct.error) as exc:
            if "truncated" in str(exc):
                raise PhotoUnreadable(INCOMPLETE, reason_args=(name,)) from None
            raise PhotoUnreadable(DAMAGED, reason_args=(name, type(exc).__name__)) from None

    for step in _UPRIGHT.get(orientation, ()):
        working = working.transpose(step)
    working.info = {}  # the working image carries pixels only: no EXIF, ICC, XMP or comments
    return LoadedPhoto(working, full_size, fmt)


def _reduction_left(decoded: tuple[int, int], swaps: bool, min_size: tuple[int, int]) -> tuple[int, int]:
    """Integer factors by which the decoded image (maybe already drafted) can still shrink, per axis."""
    w, h = (decoded[1], decoded[0]) if swaps else decoded
    return w // max(1, min_size[0]), h // max(1, min_size[1])


def scale_for(full_size: tuple[int, int], needed: tuple[int, int]) -> float:
    """Smallest uniform scale of ``full_size`` that covers ``needed`` in both directions."""
    return max(needed[0] / full_size[0], needed[1] / full_size[1])


def min_size_for_scale(full_size: tuple[int, int], scale: float) -> tuple[int, int]:
    return (max(1, math.ceil(full_size[0] * scale)), max(1, math.ceil(full_size[1] * scale)))
