"""Photo file -> printer dots: the one pipeline the preview, the CLI and printing share.

Stable API (the GUI builds on it; change only with the lead):

``prepare_photo(source, model=None, preset=None) -> PreparedPhoto``
    Decode once: ``source`` is a path or the file's bytes. JPEG draft mode and integer reduction keep the
    decode small (never the full 12 MP to print 384 dots), the EXIF orientation is applied, ICC colours
    are converted to sRGB, alpha is flattened onto white, the pixel cap stops decompression bombs, and
    no metadata survives. The result is sized for every paper of ``model`` (``None``: any printer), is
    immutable and thread-safe, and is reused for every later :func:`render`.

``render(prepared, edits, model, preset=None) -> Rendered``
    Apply an :class:`~phocol_desktop.imaging.edits.EditState` and lay the picture out on the paper:
    ``.raster`` is the packed 1-bit :class:`~phocol_desktop.domain.raster.Raster` the protocol layer sends
    (``model.head_dots`` wide, MSB first, 1 = black); ``.paper`` is the same dots as a mode "1" image in
    reading orientation (the paper preview); ``.preview_gray``/``.preview_rgb`` with ``.preview_size``
    are the processed picture just before dithering (the "source" view), on the same paper canvas.
    Changing a tone field (brightness, contrast, gamma, sharpen, invert, text, dither, strength) re-uses
    the cached geometry, so a slider drag re-renders in milliseconds; geometry fields re-sample a
    pre-reduced copy of the photo.

``render_file(path, model, edits=None, preset=None) -> Rendered`` and ``photo_to_raster(...) -> Raster``
    One-shot (the ``render`` command, printing without the GUI): decodes only as much as these edits need.

``raster_image(raster) -> PIL.Image`` (mode "1", 1 px per dot, what the paper shows) for PNG output.

``paper_aspect(model, preset, edits)`` and ``crop_for_paper(prepared, edits, model, preset, center, zoom)``
    The crop tool's aspect lock: the picture box's width/height on this paper (``None`` on continuous
    paper, which takes any shape) and the largest crop of that shape (``/ zoom``) around ``center``.

Print the ``Rendered.raster`` the user previewed: it is the same object, so the paper shows exactly the
preview. ``photo_to_raster`` gives the same dots as the ``render`` command (both use ``render_file``); a
preview from ``prepare_photo`` may decode at another size, so its dots can differ slightly from those.

``preset`` is a paper-size id of the model, a :class:`~phocol_desktop.domain.printer_model.MediaPreset`
(a custom size from :func:`~phocol_desktop.imaging.layout.paper_for`) or ``None``: then
``edits.preset``, and when that is empty the model's default paper.

Order of the edits (docs/IMAGING.md): quarter turn (clockwise) -> flips -> straighten (fine angle,
cropped to the largest same-shaped rectangle so no blank corners show) -> crop (fractions of that) ->
fit/fill into the paper in dots -> sharpen -> tone curve (contrast, brightness, gamma, invert) -> dither
-> text (drawn on the dots, so letters stay crisp) -> turn into the head's orientation and place under
the head (alignment from the model table) -> pack.
"""

from __future__ import annotations

import math
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from phocol_desktop.domain.printer_model import MediaPreset, PrinterModel
from phocol_desktop.domain.raster import Raster
from phocol_desktop.imaging.dither import dither
from phocol_desktop.imaging.edits import EditState
from phocol_desktop.imaging.errors import EditsInvalid
from phocol_desktop.imaging.fonts import BOLD, FontLibrary
from phocol_desktop.imaging.layout import Layout, default_preset, layout_for
from phocol_desktop.imaging.load import DEFAULT_MAX_PIXELS, load_photo, min_size_for_scale
from phocol_desktop.imaging.text import (
    MissingGlyphs,
    TextNotShaped,
    TextStyle,
    clean_text,
    draw_layout,
    layout_text,
)

__all__ = [
    "PreparedPhoto", "Rendered", "auto_levels", "colour_view", "crop_for_paper", "pack_paper", "paper_aspect",
    "paper_region", "photo_to_raster", "prepare_photo", "quarter_turns_and_flips", "raster_image", "render",
    "render_file", "resolve_paper",
]

# Keep at least this much detail over the largest paper side, so a crop up to 2x zoom stays sharp.
DETAIL = 2.0
# Short side decoded when no model is known yet (e.g. a photo opened before choosing a printer): about
# DETAIL x the widest head in the bundled table (624 dots); 8 and 12 MP JPEGs still decode at half size.
ANY_PRINTER_SHORT_SIDE = 1200
# reduce() (a box filter) brings the photo to between OVERSAMPLE and 2*OVERSAMPLE times the output size,
# then LANCZOS does the rest: enough margin to anti-alias well, small enough to straighten in a few ms.
OVERSAMPLE = 1.5
_GEOMETRY_CACHE = 8
_REDUCED_CACHE = 4


@dataclass(frozen=True, eq=False)
class PreparedPhoto:
    """A decoded, upright, grayscale photo (no metadata), with caches for fast re-rendering."""

    image: Image.Image  # mode "L", upright
    full_size: tuple[int, int]  # upright size at full resolution
    format: str
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _reduced: OrderedDict = field(default_factory=OrderedDict, repr=False)
    _geometry: OrderedDict = field(default_factory=OrderedDict, repr=False)

    @property
    def size(self) -> tuple[int, int]:
        return self.image.size

    def reduced(self, factor: int) -> Image.Image:
        """The photo shrunk by an integer factor (box filter, cached: slider drags reuse it)."""
        if factor <= 1:
            return self.image
        with self._lock:
            hit = self._reduced.get(factor)
            if hit is not None:
                self._reduced.move_to_end(factor)
                return hit
        small = self.image.reduce(factor)
        with self._lock:
            self._reduced[factor] = small
            while len(self._reduced) > _REDUCED_CACHE:
                self._reduced.popitem(last=False)
        return small


@dataclass(frozen=True, eq=False)
class Rendered:
    raster: Raster  # what the printer gets: head_dots wide, packed, 1 = black
    paper: Image.Image  # mode "1", the paper in reading orientation, 1 px per dot (same dots as raster)
    preview_gray: bytes  # the picture before dithering on the paper canvas, 8-bit gray, row-major
    preview_size: tuple[int, int]  # (width, height) of ``paper`` and of the preview
    picture_box: tuple[int, int, int, int]  # x, y, w, h of the photo on the paper (reading orientation)
    layout: Layout
    warnings: tuple[object, ...] = ()  # e.g. MissingGlyphs: caption characters no installed font has

    @property
    def preview_rgb(self) -> bytes:
        """``preview_gray`` as packed RGB888 (for toolkits without an 8-bit gray image format)."""
        return np.repeat(np.frombuffer(self.preview_gray, dtype=np.uint8), 3).tobytes()

    def preview_image(self) -> Image.Image:
        return Image.frombytes("L", self.preview_size, self.preview_gray)


def resolve_paper(model: PrinterModel, preset: MediaPreset | str | None, edits: EditState | None = None
                  ) -> MediaPreset:
    if isinstance(preset, MediaPreset):
        return preset
    name = preset or (edits.preset if edits is not None else "")
    return model.preset(name) if name else default_preset(model)


def _largest_paper_side(model: PrinterModel, extra: MediaPreset | None) -> int:
    sides = [model.head_dots]
    for paper in (*model.media_presets, *((extra,) if extra is not None else ())):
        if paper.length_mm is not None:
            sides.append(model.mm_to_dots(paper.length_mm))
    return max(sides)


def prepare_photo(
    source: str | os.PathLike[str] | bytes,
    model: PrinterModel | None = None,
    preset: MediaPreset | str | None = None,
    *,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    detail: float = DETAIL,
    short_side: int | None = None,
) -> PreparedPhoto:
    """Decode ``source`` once, just large enough for every paper of ``model`` (see module docstring).

    ``short_side`` overrides the size: the decoded photo's short side is at least this (or full size).
    Raises :class:`~phocol_desktop.imaging.errors.PhotoUnreadable` or ``PhotoTooLarge``.
    """
    if short_side is not None:
        pass
    elif model is None:
        short_side = ANY_PRINTER_SHORT_SIDE
    else:
        extra = resolve_paper(model, preset) if preset is not None else None
        short_side = math.ceil(_largest_paper_side(model, extra) * detail)

    def wanted(full: tuple[int, int]) -> tuple[int, int]:
        # The short side must cover the largest paper side: a portrait photo on a roll needs its width,
        # a landscape photo filling a square label needs its height.
        scale = min(1.0, short_side / max(1, min(full)))
        return min_size_for_scale(full, scale)

    loaded = load_photo(source, min_size=wanted, max_pixels=max_pixels)
    return PreparedPhoto(loaded.image, loaded.full_size, loaded.format)


def colour_view(source: str | os.PathLike[str] | bytes, longest: int = 1024, *,
                max_pixels: int = DEFAULT_MAX_PIXELS) -> Image.Image:
    """The photo upright in colour, at most ``longest`` pixels on its long side: what the editor shows.

    Printing never uses it (the dots come from :func:`prepare_photo`'s grayscale); JPEG draft mode makes
    this second decode cheap (1/4 or 1/8 scale for a phone photo).
    """

    def wanted(full: tuple[int, int]) -> tuple[int, int]:
        return min_size_for_scale(full, min(1.0, longest / max(1, *full)))

    image = load_photo(source, min_size=wanted, max_pixels=max_pixels, color=True).image
    if max(image.size) > longest:
        image = image.copy()
        image.thumbnail((longest, longest), Image.Resampling.BILINEAR)
    return image


# ------------------------------------------------------------------------------------------- geometry


def _straighten_factor(width: float, height: float, degrees: float) -> float:
    """Scale of the largest same-shaped upright rectangle inside a width x height picture turned by degrees."""
    if not degrees:
        return 1.0
    s, c = abs(math.sin(math.radians(degrees))), math.cos(math.radians(degrees))
    return min(width / (width * c + height * s), height / (width * s + height * c))


@dataclass(frozen=True)
class _Placed:
    picture: Image.Image  # mode "L", the photo sampled at printer dots
    x: int  # where it sits inside the content box
    y: int
    box: tuple[int, int]  # content box (width, height), reading orientation


def quarter_turns_and_flips(image: Image.Image, edits: EditState) -> Image.Image:
    """The photo turned and mirrored as the edits say: the frame crop fractions refer to."""
    turn = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}
    if edits.rotate:
        image = image.transpose(turn[edits.rotate])  # PIL's ROTATE_n is counter-clockwise
    if edits.flip_h:
        image = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    if edits.flip_v:
        image = image.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    return image


@dataclass(frozen=True)
class _Region:
    """Which part of the turned photo reaches the paper, in its own pixels, and the picture's size in dots."""

    left: float  # the kept rectangle, in the straightened photo's frame (before any reduction)
    top: float
    keep_w: float
    keep_h: float
    out_w: int  # the picture on the paper, in dots
    out_h: int
    box: tuple[int, int]  # content box (width, height)
    scale: float  # dots per photo pixel


def _region(width: int, height: int, edits: EditState, layout: Layout) -> _Region:
    """The one geometry of crop, straighten and fit/fill: used to sample the photo and to draw the frame."""
    k = _straighten_factor(width, height, edits.angle)
    cx, cy, cw, ch = edits.crop or (0.0, 0.0, 1.0, 1.0)
    # The region of the turned photo that is kept, in its own pixels (before any reduction).
    region_w, region_h = k * width * cw, k * height * ch
    box_w, box_h = layout.content_size(region_w / region_h)
    if layout.fit == "fill":
        scale = max(box_w / region_w, box_h / region_h)
        out_w, out_h = box_w, box_h
        # Trim the region to the box's shape around its centre: the overflow is cut off.
        keep_w, keep_h = min(region_w, box_w / scale), min(region_h, box_h / scale)
    else:
        scale = min(box_w / region_w, box_h / region_h)
        out_w, out_h = max(1, min(box_w, round(region_w * scale))), max(1, min(box_h, round(region_h * scale)))
        keep_w, keep_h = region_w, region_h
    left = (width - k * width) / 2 + cx * k * width + (region_w - keep_w) / 2
    top = (height - k * height) / 2 + cy * k * height + (region_h - keep_h) / 2
    return _Region(left, top, keep_w, keep_h, out_w, out_h, (box_w, box_h), scale)


def _turned_size(prepared: PreparedPhoto, edits: EditState) -> tuple[int, int]:
    width, height = prepared.size
    return (height, width) if edits.rotate in (90, 270) else (width, height)


def paper_region(prepared: PreparedPhoto, edits: EditState | None, model: PrinterModel,
                 preset: MediaPreset | str | None = None) -> tuple[tuple[float, float], ...]:
    """The four corners (top-left, top-right, bottom-right, bottom-left) of the part of the photo that
    reaches the paper, as fractions of the photo after quarter turns and flips (the crop view's frame).

    Computed by the same geometry as :func:`render` (fit/fill trimming, the fine angle's turned
    rectangle), so the frame the editor draws is exactly what the paper shows.
    """
    edits = edits or EditState()
    layout = layout_for(model, resolve_paper(model, preset, edits), fit=edits.fit)
    width, height = _turned_size(prepared, edits)
    r = _region(width, height, edits, layout)
    corners = ((r.left, r.top), (r.left + r.keep_w, r.top), (r.left + r.keep_w, r.top + r.keep_h),
               (r.left, r.top + r.keep_h))
    # The straightened picture is the photo turned clockwise about its centre: map back with the inverse.
    cos, sin = math.cos(math.radians(edits.angle)), math.sin(math.radians(edits.angle))
    cx, cy = width / 2, height / 2
    return tuple(((cos * (x - cx) + sin * (y - cy) + cx) / width, (-sin * (x - cx) + cos * (y - cy) + cy) / height)
                 for x, y in corners)


def _place(prepared: PreparedPhoto, edits: EditState, layout: Layout) -> _Placed:
    """Sample the photo into the content box: all geometry edits and fit/fill, in printer dots."""
    width, height = _turned_size(prepared, edits)
    r = _region(width, height, edits, layout)
    factor = max(1, int(1.0 / (r.scale * OVERSAMPLE)))
    image = quarter_turns_and_flips(prepared.reduced(factor), edits)
    sx, sy = image.width / width, image.height / height  # reduce() floors sizes: map exactly
    src = (r.left * sx, r.top * sy, (r.left + r.keep_w) * sx, (r.top + r.keep_h) * sy)
    if edits.angle:
        picture = _straightened(image, src, edits.angle, (r.out_w, r.out_h))
    else:
        picture = image.resize((r.out_w, r.out_h), Image.Resampling.LANCZOS, box=src)
    box_w, box_h = r.box
    return _Placed(picture, (box_w - r.out_w) // 2, (box_h - r.out_h) // 2, (box_w, box_h))


def _straightened(image: Image.Image, src: tuple[float, float, float, float], degrees: float,
                  size: tuple[int, int]) -> Image.Image:
    """Turn ``image`` clockwise by ``degrees`` about its centre and sample box ``src`` of the result into
    ``size``, in one affine pass: only the output's pixels are computed, never the whole turned photo.

    About 3x faster than turning the whole (reduced) photo and then resampling, for slider drags.
    """
    # The resampling filter reaches ~2 pixels outside the box: keep it off the blank turned corners.
    inset = min(2.0, (src[2] - src[0]) / 4, (src[3] - src[1]) / 4)
    x0, y0, x1, y1 = src[0] + inset, src[1] + inset, src[2] - inset, src[3] - inset
    out_w, out_h = size
    over = 2 if (x1 - x0) > out_w or (y1 - y0) > out_h else 1  # shrinking: sample finer, then average
    step_x, step_y = (x1 - x0) / (out_w * over), (y1 - y0) / (out_h * over)
    # Output point P (turned picture) -> source point M (P - C) + C, M the inverse (counter-clockwise) turn.
    cos, sin = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    cx, cy = image.width / 2, image.height / 2
    data = (cos * step_x, sin * step_y, cos * (x0 - cx) + sin * (y0 - cy) + cx,
            -sin * step_x, cos * step_y, -sin * (x0 - cx) + cos * (y0 - cy) + cy)
    # Shrinking: bilinear at twice the density, then averaged (fast, anti-aliased); enlarging: bicubic.
    resample = Image.Resampling.BILINEAR if over > 1 else Image.Resampling.BICUBIC
    sampled = image.transform((out_w * over, out_h * over), Image.Transform.AFFINE, data, resample, fillcolor=255)
    return sampled.reduce(over) if over > 1 else sampled


def _placed(prepared: PreparedPhoto, edits: EditState, layout: Layout) -> _Placed:
    key = (edits.geometry_key(), layout)
    with prepared._lock:
        hit = prepared._geometry.get(key)
        if hit is not None:
            prepared._geometry.move_to_end(key)
            return hit
    placed = _place(prepared, edits, layout)
    with prepared._lock:
        prepared._geometry[key] = placed
        while len(prepared._geometry) > _GEOMETRY_CACHE:
            prepared._geometry.popitem(last=False)
    return placed


# ------------------------------------------------------------------------------------------------ tone


def auto_levels(prepared: PreparedPhoto, edits: EditState | None = None) -> dict[str, float | int]:
    """Brightness, contrast and gamma that stretch the photo's tones over the paper's range: the darkest
    1 % becomes black, the brightest 1 % white, and the median a mid grey (dark photos print too dark
    otherwise). Returned as edit fields so the result is an ordinary, undoable edit."""
    sample = np.asarray(prepared.reduced(max(1, max(prepared.size) // 512)), dtype=np.float64)
    lo, median, hi = np.percentile(sample, [1, 50, 99])
    if hi - lo < 8:  # a flat picture: stretching would only amplify noise
        return {"brightness": 0, "contrast": 0, "gamma": 1.0}
    scale = min(2.0, 255.0 / (hi - lo))  # contrast +100 at most doubles the range
    contrast = round((scale - 1.0) * 100)
    scale = 1.0 + contrast / 100.0
    low_after = (lo - 127.5) * scale + 127.5
    brightness = int(np.clip(round(-low_after / 255.0 * 100), -100, 100))
    mid = (median - 127.5) * scale + 127.5 + brightness / 100.0 * 255.0
    mid = float(np.clip(mid, 8.0, 247.0)) / 255.0
    gamma = float(np.clip(round(math.log(mid) / math.log(0.5), 2), 0.4, 2.5))
    return {"brightness": brightness, "contrast": int(np.clip(contrast, -100, 100)), "gamma": gamma}



@lru_cache(maxsize=64)
def tone_curve(brightness: int, contrast: int, gamma: float, invert: bool) -> tuple[int, ...]:
    """The 256-entry lookup table for the tone edits (contrast, then brightness, gamma, invert)."""
    v = np.arange(256, dtype=np.float64)
    v = (v - 127.5) * (1.0 + contrast / 100.0) + 127.5
    v = v + brightness / 100.0 * 255.0
    v = 255.0 * np.power(np.clip(v, 0.0, 255.0) / 255.0, 1.0 / gamma)
    if invert:
        v = 255.0 - v
    return tuple(np.clip(np.rint(v), 0, 255).astype(np.uint8).tolist())


def _tone(picture: Image.Image, edits: EditState) -> Image.Image:
    if edits.sharpen:
        # Unsharp mask at printer resolution, where the dots are: up to 200 % over a 1-dot radius.
        picture = picture.filter(ImageFilter.UnsharpMask(radius=1.0, percent=edits.sharpen * 2, threshold=0))
    lut = tone_curve(edits.brightness, edits.contrast, edits.gamma, edits.invert)
    if lut != tuple(range(256)):
        picture = picture.point(lut)
    return picture


# ------------------------------------------------------------------------------------------------ text

CAPTION_WEIGHT = BOLD  # captions sit on photos: bold reads better through dithering


def caption_text(text: str) -> str:
    """The caption as drawn: line breaks normalised, control characters (which break text shaping) dropped."""
    return clean_text(text).strip("\n")


def _draw_text(paper: Image.Image, preview: Image.Image, edits: EditState, fonts: FontLibrary | None
               ) -> list[object]:
    """Draw the caption black with a thin white outline (readable on dark photos), on both images.

    Captions use the same text renderer as designs (:mod:`phocol_desktop.imaging.text`): any script, with
    per-glyph font fallback; characters no installed font has are left out and returned as a warning.
    """
    text = caption_text(edits.text)
    if not text.strip():
        return []
    try:
        return _draw_caption(paper, preview, edits, text, fonts)
    except (OSError, RuntimeError, ValueError) as exc:  # a shaping engine failing on odd input
        raise EditsInvalid(f"The caption cannot be drawn ({type(exc).__name__}).",
                           "Remove unusual characters from the caption.") from None


def _draw_caption(paper: Image.Image, preview: Image.Image, edits: EditState, text: str,
                  fonts: FontLibrary | None) -> list[object]:
    width, height = paper.size
    size = edits.text_size
    pad = max(2, size // 4)
    stroke = max(1, size // 12)
    # One line per caption line, shrunk to the paper's width rather than cut off at the edge.
    valign = {"top": "top", "center": "middle", "bottom": "bottom"}[edits.text_position]
    style = TextStyle(size=size, weight=CAPTION_WEIGHT, align="center", valign=valign, wrap=False, fit="shrink")
    box = (stroke + 1, pad, max(1, width - 2 * stroke - 2), max(1, height - 2 * pad))
    layout = layout_text(text, style, box[2:], fonts)
    for image, outline in ((paper, 1), (preview, 255)):
        draw_layout(ImageDraw.Draw(image), layout, box, style, fill=0, stroke=max(1, layout.size // 12),
                    stroke_fill=outline)
    return [*([MissingGlyphs(layout.missing)] if layout.missing else []),
            *([TextNotShaped()] if layout.unshaped else [])]


# ------------------------------------------------------------------------------------------ crop lock


def paper_aspect(model: PrinterModel, preset: MediaPreset | str | None = None, edits: EditState | None = None
                 ) -> float | None:
    """Width / height of the picture box on this paper, reading orientation; None for continuous paper."""
    layout = layout_for(model, resolve_paper(model, preset, edits))
    if layout.continuous:
        return None
    width, height = layout.content_size(1.0)
    return width / height


def crop_for_paper(prepared: PreparedPhoto, edits: EditState | None, model: PrinterModel,
                   preset: MediaPreset | str | None = None, *, center: tuple[float, float] | None = None,
                   zoom: float = 1.0) -> tuple[float, float, float, float] | None:
    """The largest crop (x, y, w, h fractions) with the paper's shape, ``1/zoom`` of that size, centred
    on ``center`` (default: the current crop's centre) and kept inside the photo. None on continuous paper.
    """
    edits = edits or EditState()
    aspect = paper_aspect(model, preset, edits)
    if aspect is None:
        return None
    width, height = prepared.size
    if edits.rotate in (90, 270):
        width, height = height, width
    k = _straighten_factor(width, height, edits.angle)
    width, height = width * k, height * k  # the straightened picture the crop fractions refer to
    zoom = max(1.0, float(zoom))
    w = min(1.0, aspect * height / width) / zoom
    h = min(1.0, width / (aspect * height)) / zoom
    if center is None:
        x0, y0, cw, ch = edits.crop or (0.0, 0.0, 1.0, 1.0)
        center = (x0 + cw / 2, y0 + ch / 2)
    x = min(max(center[0] - w / 2, 0.0), 1.0 - w)
    y = min(max(center[1] - h / 2, 0.0), 1.0 - h)
    return (x, y, w, h)


# ---------------------------------------------------------------------------------------------- render


def _as_image(black: np.ndarray) -> Image.Image:
    """(rows, cols) bool, True = black, as mode "1" (where 0 = black)."""
    rows, cols = black.shape
    return Image.frombytes("1", (cols, rows), np.packbits(black, axis=1).tobytes(), "raw", "1;I")


def raster_image(raster: Raster) -> Image.Image:
    """The raster as the paper shows it: mode "1", one pixel per dot, black where a dot burns."""
    return Image.frombytes("1", (raster.width, raster.height), raster.data, "raw", "1;I")


def pack_paper(paper: Image.Image, layout: Layout) -> Raster:
    """The paper (mode "1", reading orientation) turned and placed under the head, packed for the printer."""
    black = np.asarray(paper) == 0
    if layout.rotate == 90:
        black = np.rot90(black, 1)  # the design is turned counter-clockwise into the head's rows
    rows, across = black.shape
    head = np.zeros((rows, layout.head_dots), dtype=bool)
    head[:, layout.offset : layout.offset + across] = black
    return Raster(layout.head_dots, rows, np.packbits(head, axis=1).tobytes())


def render(prepared: PreparedPhoto, edits: EditState | None, model: PrinterModel,
           preset: MediaPreset | str | None = None, *, fonts: FontLibrary | None = None) -> Rendered:
    """Render ``prepared`` with ``edits`` for ``model`` (see the module docstring). Deterministic."""
    edits = edits or EditState()
    layout = layout_for(model, resolve_paper(model, preset, edits), fit=edits.fit)
    placed = _placed(prepared, edits, layout)
    toned = _tone(placed.picture, edits)
    black = dither(toned, edits.dither, edits.strength / 100.0)

    paper_w, paper_h = layout.design_size(placed.box)
    x, y = layout.margin + placed.x, layout.margin + placed.y
    paper = Image.new("1", (paper_w, paper_h), 1)
    paper.paste(_as_image(black), (x, y))
    preview = Image.new("L", (paper_w, paper_h), 255)
    preview.paste(toned, (x, y))
    warnings = _draw_text(paper, preview, edits, fonts)
    return Rendered(
        raster=pack_paper(paper, layout), paper=paper, preview_gray=preview.tobytes(), preview_size=preview.size,
        picture_box=(x, y, toned.width, toned.height), layout=layout, warnings=tuple(warnings),
    )


def render_file(source: str | os.PathLike[str] | bytes, model: PrinterModel, edits: EditState | None = None,
                preset: MediaPreset | str | None = None) -> Rendered:
    """One-shot render (printing from the command line, ``render``): decode only what these edits need.

    The photo is decoded so that the picture still has OVERSAMPLE source pixels per dot after the crop and
    straighten: a 12 MP JPEG for a 384-dot roll decodes at 1/4 scale. Interactive editing uses
    :func:`prepare_photo` instead, which keeps headroom for any crop.
    """
    edits = edits or EditState()
    paper = resolve_paper(model, preset, edits)
    layout = layout_for(model, paper, fit=edits.fit)
    zoom = 1.0 / min(edits.crop[2], edits.crop[3]) if edits.crop else 1.0
    if edits.angle:
        # The straightened picture is the turned photo shrunk by k >= 1 / (cos + 2 sin) for shapes up to 2:1.
        rad = math.radians(abs(edits.angle))
        zoom *= math.cos(rad) + 2 * math.sin(rad)
    side = max(layout.across, layout.length or layout.across)
    short_side = math.ceil(side * OVERSAMPLE * zoom)
    return render(prepare_photo(source, model, paper, short_side=short_side), edits, model, paper)


def photo_to_raster(path: str | os.PathLike[str] | bytes, model: PrinterModel, edits: EditState | None = None,
                    preset: MediaPreset | str | None = None) -> Raster:
    """Photo file to the packed raster printing sends: ``render_file(...).raster``."""
    return render_file(path, model, edits, preset).raster


@dataclass(frozen=True, eq=False)
class BoxRendered:
    """A photo rendered into a box of a design: its dots and the picture before dithering."""

    black: np.ndarray  # (height, width) bool, True = black; the whole box (blank where the photo is not)
    gray: Image.Image  # mode "L", the toned picture on a white box (for a "source" preview)
    warnings: tuple[object, ...] = ()


def box_layout(size: tuple[int, int], dpi: int, fit: str) -> Layout:
    """A layout that is just a ``size`` (width, height) box: no head, no margin, no rotation."""
    width, height = size
    return Layout(head_dots=width, rotate=0, across=width, offset=0, length=height, margin=0, fit=fit, dpi=dpi,
                  max_length=height)


def render_box(prepared: PreparedPhoto, edits: EditState | None, size: tuple[int, int], dpi: int, *,
               fonts: FontLibrary | None = None) -> BoxRendered:
    """Render ``prepared`` with ``edits`` into a box of ``size`` dots: the same geometry, tone, dithering and
    caption as :func:`render`, for a photo element of a design."""
    edits = edits or EditState()
    layout = box_layout(size, dpi, edits.fit)
    placed = _placed(prepared, edits, layout)
    toned = _tone(placed.picture, edits)
    black = dither(toned, edits.dither, edits.strength / 100.0)
    paper = Image.new("1", size, 1)
    paper.paste(_as_image(black), (placed.x, placed.y))
    gray = Image.new("L", size, 255)
    gray.paste(toned, (placed.x, placed.y))
    warnings = _draw_text(paper, gray, edits, fonts)
    return BoxRendered(np.asarray(paper) == 0, gray, tuple(warnings))


def box_short_side(size: tuple[int, int], edits: EditState) -> int:
    """The decoded photo's short side a box render needs (as :func:`render_file` computes for a paper)."""
    zoom = 1.0 / min(edits.crop[2], edits.crop[3]) if edits.crop else 1.0
    if edits.angle:
        rad = math.radians(abs(edits.angle))
        zoom *= math.cos(rad) + 2 * math.sin(rad)
    return math.ceil(max(size) * OVERSAMPLE * zoom)


def render_box_file(source: str | os.PathLike[str] | bytes, edits: EditState | None, size: tuple[int, int],
                    dpi: int, *, fonts: FontLibrary | None = None) -> BoxRendered:
    """Decode only what the box needs, then :func:`render_box` (thread-safe: designs decode in parallel)."""
    edits = edits or EditState()
    prepared = prepare_photo(source, short_side=box_short_side(size, edits))
    return render_box(prepared, edits, size, dpi, fonts=fonts)
