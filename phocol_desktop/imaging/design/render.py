"""Design + printer model → the exact 1-bit raster the printer burns (pure: no Qt, no printer I/O).

Steps:

1. *Scale*: millimetres become dots at the model's dpi. A design wider than the print head (across the
   head: the page width, or its length on ``rotate: 90`` label makers) is scaled down to fit, with a
   :class:`DesignScaled` warning; a narrower one sits under the head as the model's ``align`` says.
2. *Photos* are decoded and rendered in parallel (a thread pool: Pillow decodes and resamples without the
   GIL), each with its own :class:`~phocol_desktop.imaging.edits.EditState`: crop, tone, dithering, caption.
3. *Compose* in z-order (list order) on a white page of booleans (True = a black dot): photos and codes
   are opaque boxes; text, lines, rectangles and frames add ink (``ink: "white"`` removes it). Text and
   line art are drawn in 8-bit and thresholded at 50 %, so letters stay crisp; codes are whole-dot bitmaps
   (:mod:`.codes`).
4. *Pack*: the page turned into the head's rows (:func:`phocol_desktop.imaging.pipeline.pack`).
"""

from __future__ import annotations

import math
import os
import stat
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from phocol_desktop.domain.printer_model import PrinterModel
from phocol_desktop.domain.raster import Raster
from phocol_desktop.imaging.design.codes import (
    BAR_MIN_MODULE_MM,
    MIN_MODULE_DOTS,
    QR_MIN_MODULE_MM,
    barcode_bitmap,
    qr_bitmap,
)
from phocol_desktop.imaging.design.errors import CodeTooSmall, DesignInvalid, DesignScaled, PhotoMissing
from phocol_desktop.imaging.design.model import (
    BarcodeElement,
    ChecklistElement,
    DateElement,
    Design,
    Element,
    Font,
    FrameElement,
    LineElement,
    PhotoElement,
    QrElement,
    RectElement,
    TextElement,
)
from phocol_desktop.imaging.errors import PhotoUnreadable
from phocol_desktop.imaging.fonts import BOLD, REGULAR, FontLibrary, default_library
from phocol_desktop.imaging.layout import MAX_CONTINUOUS_MM, Layout
from phocol_desktop.imaging.pipeline import BoxRendered, pack_paper, render_box_file
from phocol_desktop.imaging.text import (
    MissingGlyphs,
    TextLayout,
    TextNotShaped,
    TextOverflow,
    TextStyle,
    draw_layout,
    layout_text,
)

PhotoSource = Callable[[str], "str | os.PathLike[str] | bytes"]
AUTO_TEXT_LIMIT_MM = MAX_CONTINUOUS_MM  # an "auto" length never grows past two metres


@dataclass(frozen=True, eq=False)
class DesignRendered:
    raster: Raster  # what the printer gets: head_dots wide, packed, 1 = black
    paper: Image.Image  # mode "1", the page in reading orientation, 1 px per dot
    warnings: tuple[object, ...]
    layout: Layout
    dots_per_mm: float  # after any scaling: element mm × this = page dots (the GUI maps clicks with it)


@dataclass(frozen=True)
class _Scale:
    dpm: float  # design millimetres to dots (the printer's dots per mm, times any scaling to fit the head)
    printer_dpm: float  # the printer's dots per millimetre: a dot's real size on paper

    def d(self, mm: float) -> int:
        return round(mm * self.dpm)

    def size(self, mm: float) -> int:
        return max(1, round(mm * self.dpm))

    def pt(self, points: float) -> int:
        return max(1, round(points * 25.4 / 72 * self.dpm))


def _style(font: Font, scale: _Scale, **kw: object) -> TextStyle:
    return TextStyle(size=scale.pt(font.size_pt), family=font.family, weight=BOLD if font.weight == "bold" else REGULAR,
                     **kw)  # type: ignore[arg-type]


def _date_text(element: DateElement, now: datetime) -> str:
    when = now
    if element.date:
        try:
            when = datetime.fromisoformat(element.date)
        except ValueError:
            raise DesignInvalid(f"Date {element.id!r}: {element.date[:20]!r} is not a date.") from None
    # The schema allows only %Y %m %d %y %H %M %%: no locale-dependent or platform-specific directives.
    return when.strftime(element.format)


class _Canvas:
    """The page as booleans (True = black) with the compositing rules of the module docstring."""

    def __init__(self, width: int, height: int) -> None:
        self.black = np.zeros((height, width), dtype=bool)

    def _clip(self, x: int, y: int, h: int, w: int) -> tuple[slice, slice, slice, slice] | None:
        H, W = self.black.shape  # noqa: N806
        x0, y0, x1, y1 = max(0, x), max(0, y), min(W, x + w), min(H, y + h)
        if x0 >= x1 or y0 >= y1:
            return None
        return slice(y0, y1), slice(x0, x1), slice(y0 - y, y1 - y), slice(x0 - x, x1 - x)

    def ink(self, mask: np.ndarray, x: int, y: int, ink: str = "black") -> None:
        clip = self._clip(x, y, *mask.shape)
        if clip is None:
            return
        py, px, my, mx = clip
        if ink == "white":
            self.black[py, px] &= ~mask[my, mx]
        else:
            self.black[py, px] |= mask[my, mx]

    def opaque(self, black: np.ndarray, x: int, y: int) -> None:
        clip = self._clip(x, y, *black.shape)
        if clip is not None:
            py, px, my, mx = clip
            self.black[py, px] = black[my, mx]


def _mask(image: Image.Image) -> np.ndarray:
    """An 8-bit drawing (0 = ink) thresholded at 50 %: crisp, no dithering noise around letters."""
    return np.asarray(image) < 128


def _rotated_mask(image: Image.Image, degrees: float) -> Image.Image:
    if not degrees % 360:
        return image
    quarter = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}
    turn = degrees % 360
    if turn in quarter:
        return image.transpose(quarter[int(turn)])  # exact for quarter turns: no resampling blur
    return image.rotate(-degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)


class _Renderer:
    def __init__(self, scale: _Scale, fonts: FontLibrary, now: datetime, photos: dict[str, BoxRendered | None]) -> None:
        self.scale, self.fonts, self.now, self.photos = scale, fonts, now, photos
        self.warnings: list[object] = []

    # ---------------------------------------------------------------------------- text and its height

    def _text_of(self, e: TextElement) -> str:
        return _date_text(e, self.now) if isinstance(e, DateElement) else e.text

    def text_box(self, e: TextElement) -> tuple[int, int]:
        """The (width, height) dots the text is laid out in, before rotation (swapped for 90/270)."""
        s = self.scale
        w = s.size(e.w)
        h = s.size(e.h) if e.h is not None else None
        quarter = e.rotation % 180 == 90
        if h is None:
            free = s.size(AUTO_TEXT_LIMIT_MM)
            if quarter:
                return free, w  # runs along the paper: as long as it needs, as tall as the box is wide
            return w, free
        return (h, w) if quarter else (w, h)

    def auto_height(self, e: TextElement | ChecklistElement) -> int:
        """Dots an "auto"-height element needs along the page."""
        if isinstance(e, ChecklistElement):
            return self.checklist_height(e, self.checklist_size(e)) + 2
        style = self._text_style(e)
        layout = layout_text(self._text_of(e), style, self.text_box(e), self.fonts)
        along = layout.width if e.rotation % 180 == 90 else layout.height
        return along + 2

    def _text_style(self, e: TextElement) -> TextStyle:
        quarter = e.rotation % 180 == 90
        fit = e.fit
        wrap = e.wrap and not (e.h is None and quarter)  # a line running along the strip never wraps
        return _style(e.font, self.scale, align=e.align, valign=e.valign, wrap=wrap, fit=fit,
                      line_spacing=e.line_spacing)

    def text(self, canvas: _Canvas, e: TextElement, height: int | None) -> None:
        s = self.scale
        box = self.text_box(e)
        if e.h is None and height is not None:
            box = (height, box[1]) if e.rotation % 180 == 90 else (box[0], height)
        style = self._text_style(e)
        layout = layout_text(self._text_of(e), style, box, self.fonts)
        image = Image.new("L", box, 255)
        draw_layout(ImageDraw.Draw(image), layout, (0, 0, *box), style, fill=0)
        if layout.missing:
            self.warnings.append(MissingGlyphs(layout.missing, e.id))
        if layout.overflow:
            self.warnings.append(TextOverflow(e.id))
        if layout.unshaped:
            self.warnings.append(TextNotShaped(e.id))
        turned = _rotated_mask(image, e.rotation)
        w = s.size(e.w)
        h = height if e.h is None and height is not None else s.size(e.h or 1)
        cx, cy = s.d(e.x) + w / 2, s.d(e.y) + h / 2
        canvas.ink(_mask(turned), round(cx - turned.width / 2), round(cy - turned.height / 2), e.ink)

    # ------------------------------------------------------------------------------------ elements

    def photo(self, canvas: _Canvas, e: PhotoElement) -> None:
        s = self.scale
        x, y, w, h = s.d(e.x), s.d(e.y), s.size(e.w), s.size(e.h)
        rendered = self.photos.get(e.id)
        if rendered is None:
            self.warnings.append(PhotoMissing(e.id))
            image = Image.new("L", (w, h), 255)
            stroke = max(1, s.d(0.3))
            _dashed_rect(ImageDraw.Draw(image), (0, 0, w - 1, h - 1), stroke, max(2, s.d(1.5)))
            canvas.ink(_mask(image), x, y)
            return
        for warning in rendered.warnings:
            canvas_warning = replace(warning, element=e.id) if isinstance(warning, MissingGlyphs) else warning
            self.warnings.append(canvas_warning)
        canvas.opaque(rendered.black, x, y)

    def qr(self, canvas: _Canvas, e: QrElement) -> None:
        s = self.scale
        w, h = s.size(e.w), s.size(e.h)
        code = qr_bitmap(e.data, e.error, e.quiet_zone, (w, h))
        self._code_warning(e.id, code.module_dots, QR_MIN_MODULE_MM)
        black = np.rot90(code.black, -round(e.rotation / 90) % 4)
        ch, cw = black.shape
        canvas.opaque(black, s.d(e.x) + (w - cw) // 2, s.d(e.y) + (h - ch) // 2)

    def barcode(self, canvas: _Canvas, e: BarcodeElement) -> None:
        s = self.scale
        quarter = e.rotation % 180 == 90
        w, h = s.size(e.w), s.size(e.h)
        along, across = (h, w) if quarter else (w, h)  # the bars' direction, before rotation
        style = _style(e.font, s, align="center", valign="bottom", wrap=False, fit="shrink")
        text_rows = 0
        if e.show_text:
            text_rows = min(across // 3, layout_text("0123456789", style, (along, across), self.fonts).height + 2)
        code = barcode_bitmap(e.symbology, e.data, (along, across), text_rows)
        self._code_warning(e.id, code.module_dots, BAR_MIN_MODULE_MM)
        image = Image.fromarray(np.where(code.black, 0, 255).astype(np.uint8), "L")
        if e.show_text and code.text_height:
            layout = layout_text(code.text, style, (image.width, code.text_height), self.fonts)
            draw_layout(ImageDraw.Draw(image), layout, (0, image.height - code.text_height, image.width,
                                                        code.text_height), style, fill=0)
        turned = _rotated_mask(image, round(e.rotation / 90) * 90)
        black = _mask(turned)
        ch, cw = black.shape
        canvas.opaque(black, s.d(e.x) + (w - cw) // 2, s.d(e.y) + (h - ch) // 2)

    def _code_warning(self, element: str, module_dots: int, minimum_mm: float) -> None:
        module_mm = module_dots / self.scale.printer_dpm  # on paper, whatever the design's scaling
        if module_dots < MIN_MODULE_DOTS or module_mm < minimum_mm - 1e-9:
            self.warnings.append(CodeTooSmall(element, module_dots, round(module_mm, 3), minimum_mm))

    def line(self, canvas: _Canvas, e: LineElement) -> None:
        s = self.scale
        width = max(1, s.d(e.width_mm))
        x1, y1, x2, y2 = s.d(e.x1), s.d(e.y1), s.d(e.x2), s.d(e.y2)
        ox, oy = min(x1, x2) - width, min(y1, y2) - width
        image = Image.new("L", (abs(x2 - x1) + 2 * width + 1, abs(y2 - y1) + 2 * width + 1), 255)
        draw = ImageDraw.Draw(image)
        a, b = (x1 - ox, y1 - oy), (x2 - ox, y2 - oy)
        if e.dash_mm > 0:
            _dashed_line(draw, a, b, width, max(1, s.d(e.dash_mm)))
        else:
            draw.line((a, b), fill=0, width=width)
        canvas.ink(_mask(image), ox, oy, e.ink)

    def rect(self, canvas: _Canvas, e: RectElement) -> None:
        s = self.scale
        x, y, w, h = s.d(e.x), s.d(e.y), s.size(e.w), s.size(e.h)
        radius = s.d(e.radius_mm)
        if e.fill != "none":
            image = Image.new("L", (w, h), 255)
            ImageDraw.Draw(image).rounded_rectangle((0, 0, w - 1, h - 1), radius, fill=0)
            canvas.ink(_mask(image), x, y, e.fill)
        if e.stroke_mm > 0:
            image = Image.new("L", (w, h), 255)
            ImageDraw.Draw(image).rounded_rectangle((0, 0, w - 1, h - 1), radius, outline=0,
                                                    width=max(1, s.d(e.stroke_mm)))
            canvas.ink(_mask(image), x, y, e.ink)

    def frame(self, canvas: _Canvas, e: FrameElement) -> None:
        s = self.scale
        height, width = canvas.black.shape
        inset, stroke = s.d(e.inset_mm), max(1, s.d(e.stroke_mm))
        image = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(image)
        box = (inset, inset, width - 1 - inset, height - 1 - inset)
        if box[2] - box[0] < 2 * stroke or box[3] - box[1] < 2 * stroke:
            return
        if e.style == "dashed":
            _dashed_rect(draw, box, stroke, max(2, 4 * stroke))
        elif e.style == "rounded":
            draw.rounded_rectangle(box, max(stroke * 3, s.d(2.0)), outline=0, width=stroke)
        else:
            draw.rectangle(box, outline=0, width=stroke)
            if e.style == "double":
                gap = 2 * stroke
                inner = (box[0] + stroke + gap, box[1] + stroke + gap, box[2] - stroke - gap, box[3] - stroke - gap)
                if inner[2] > inner[0] and inner[3] > inner[1]:
                    draw.rectangle(inner, outline=0, width=stroke)
        canvas.ink(_mask(image), 0, 0)

    def _checklist_layouts(self, e: ChecklistElement, size: int) -> tuple[list[TextLayout], int, int]:
        """Each item laid out at ``size`` (wrapping under its own text), the text's indent and the gap."""
        w = self.scale.size(e.w)
        indent = round(size * 0.75) + max(1, round(size / 14)) + max(3, size // 2)
        weight = BOLD if e.font.weight == "bold" else REGULAR
        style = TextStyle(size=size, family=e.font.family, weight=weight, wrap=True)
        layouts = [layout_text(item, style, (max(1, w - indent), 1 << 20), self.fonts)
                   for item in e.items if item.strip()]
        return layouts, indent, max(2, round(size * 0.35))

    def checklist_height(self, e: ChecklistElement, size: int) -> int:
        layouts, _indent, gap = self._checklist_layouts(e, size)
        return sum(layout.height for layout in layouts) + gap * max(0, len(layouts) - 1)

    def checklist_size(self, e: ChecklistElement) -> int:
        """The font size: as given, or smaller until every item fits a fixed-height box."""
        size = self.scale.pt(e.font.size_pt)
        if e.h is None:
            return size
        h = self.scale.size(e.h)
        while size > 6 and self.checklist_height(e, size) > h:
            size = max(6, int(size * 0.9))
        return size

    def checklist(self, canvas: _Canvas, e: ChecklistElement, height: int | None) -> None:
        s = self.scale
        size = self.checklist_size(e)
        layouts, indent, gap = self._checklist_layouts(e, size)
        if not layouts:
            return
        w = s.size(e.w)
        h = height if e.h is None and height is not None else s.size(e.h or 1)
        image = Image.new("L", (w, h), 255)
        draw = ImageDraw.Draw(image)
        side = max(4, round(size * 0.75))
        stroke = max(1, round(size / 14))
        weight = BOLD if e.font.weight == "bold" else REGULAR
        style = TextStyle(size=size, family=e.font.family, weight=weight, wrap=True)
        top = 0
        for layout in layouts:
            # The box sits on the first line, centred on its lower-case letters.
            mid = top + layout.ascent - round(size * 0.36)
            draw.rectangle((stroke, mid - side // 2, stroke + side, mid - side // 2 + side), outline=0, width=stroke)
            draw_layout(draw, layout, (indent, top, w - indent, layout.height), style, fill=0)
            if layout.missing:
                self.warnings.append(MissingGlyphs(layout.missing, e.id))
            top += layout.height + gap
        if top - gap > h:
            self.warnings.append(TextOverflow(e.id))
        canvas.ink(_mask(image), s.d(e.x), s.d(e.y))


def _dashed_line(draw: ImageDraw.ImageDraw, a: tuple[int, int], b: tuple[int, int], width: int, dash: int) -> None:
    length = math.hypot(b[0] - a[0], b[1] - a[1])
    if length == 0:
        return
    ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
    pos = 0.0
    while pos < length:
        end = min(length, pos + dash)
        draw.line(((a[0] + ux * pos, a[1] + uy * pos), (a[0] + ux * end, a[1] + uy * end)), fill=0, width=width)
        pos += 2 * dash


def _dashed_rect(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], width: int, dash: int) -> None:
    x0, y0, x1, y1 = box
    half = width // 2
    for a, b in (((x0, y0 + half), (x1, y0 + half)), ((x0, y1 - half), (x1, y1 - half)),
                 ((x0 + half, y0), (x0 + half, y1)), ((x1 - half, y0), (x1 - half, y1))):
        _dashed_line(draw, a, b, width, dash)


# ------------------------------------------------------------------------------------------- the page


def _page_scale(design: Design, model: PrinterModel) -> tuple[_Scale, list[object]]:
    dpm = model.dpi / 25.4
    across_mm = design.page.width_mm if model.rotate == 0 else design.page.length_mm
    warnings: list[object] = []
    if across_mm is None:
        raise DesignInvalid("A design for a label maker that prints along the tape needs a fixed length.",
                            "Give the page a length in millimetres.")
    across = round(across_mm * dpm)
    if across > model.head_dots:
        factor = model.head_dots / across
        warnings.append(DesignScaled(math.floor(factor * 100)))
        dpm *= factor
    return _Scale(dpm, model.dpi / 25.4), warnings


def _page_length(design: Design, renderer: _Renderer) -> tuple[int, dict[str, int]]:
    """The page length in dots, and the heights of "auto" elements."""
    s = renderer.scale
    auto: dict[str, int] = {}
    if design.page.length_mm is not None:
        for e in design.elements:
            if isinstance(e, TextElement | ChecklistElement) and e.h is None:
                auto[e.id] = renderer.auto_height(e)
        return s.size(design.page.length_mm), auto
    bottom = 0
    for e in design.elements:
        if isinstance(e, LineElement):
            bottom = max(bottom, s.d(max(e.y1, e.y2)) + s.d(e.width_mm))
        elif isinstance(e, FrameElement):
            continue
        elif isinstance(e, TextElement | ChecklistElement) and e.h is None:
            auto[e.id] = renderer.auto_height(e)
            bottom = max(bottom, s.d(e.y) + auto[e.id])
        else:
            bottom = max(bottom, s.d(e.y) + s.size(e.h))  # type: ignore[attr-defined]
    length = bottom + s.d(design.page.margin_mm)
    limit = s.size(AUTO_TEXT_LIMIT_MM)
    if length > limit:
        raise DesignInvalid(f"The design would print longer than {AUTO_TEXT_LIMIT_MM / 1000:g} m.",
                            "Shorten the text or give the page a fixed length.")
    return max(s.size(5.0), length), auto


def _render_photos(design: Design, scale: _Scale, dpi: int, photos: PhotoSource | None, fonts: FontLibrary
                   ) -> dict[str, BoxRendered | None]:
    """Every photo element, decoded and rendered in parallel (``None``: no photo given)."""
    jobs: dict[str, tuple[object, PhotoElement]] = {}
    for e in design.elements:
        if isinstance(e, PhotoElement):
            jobs[e.id] = (photos(e.src) if (photos is not None and e.src) else None, e)
    out: dict[str, BoxRendered | None] = {k: None for k, (src, _e) in jobs.items() if src is None}
    todo = {k: v for k, v in jobs.items() if v[0] is not None}
    if not todo:
        return out

    def one(item: tuple[object, PhotoElement]) -> BoxRendered:
        source, e = item
        return render_box_file(source, e.edits, (scale.size(e.w), scale.size(e.h)), dpi, fonts=fonts)  # type: ignore[arg-type]

    workers = min(len(todo), os.cpu_count() or 1, 8)
    if workers <= 1:
        out.update({k: one(v) for k, v in todo.items()})
        return out
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="design-photo") as pool:
        results = dict(zip(todo, pool.map(one, todo.values()), strict=True))
    out.update(results)
    return out


def render_design(design: Design, model: PrinterModel, *, photos: PhotoSource | None = None,
                  fonts: FontLibrary | None = None, now: datetime | None = None) -> DesignRendered:
    """Render ``design`` for ``model`` (see the module docstring). Deterministic for a given ``now``.

    ``photos`` maps a photo element's ``src`` to a path or the file's bytes (a design file's folder, a
    project's members, the CLI's ``--photo`` arguments); without it, photo elements show a placeholder.
    Raises :class:`DesignInvalid` (or its subclasses ``CodeInvalid``/``CodeDoesNotFit``) for a design that
    cannot print; everything else that needs the user's eye is in ``warnings``.
    """
    fonts = fonts or default_library()
    now = now or datetime.now()
    scale, warnings = _page_scale(design, model)
    photo_renders = _render_photos(design, scale, model.dpi, photos, fonts)
    renderer = _Renderer(scale, fonts, now, photo_renders)
    renderer.warnings.extend(warnings)
    width = scale.size(design.page.width_mm)
    length, auto = _page_length(design, renderer)
    if model.rotate == 0:
        width = min(width, model.head_dots)
    else:
        length = min(length, model.head_dots)
    canvas = _Canvas(width, length)
    _check_sizes(design, scale, width * length, auto)
    for e in design.elements:
        _draw(renderer, canvas, e, auto.get(e.id))
    paper = Image.frombytes("1", (width, length), np.packbits(canvas.black, axis=1).tobytes(), "raw", "1;I")
    layout = _layout(model, width, length)
    return DesignRendered(pack_paper(paper, layout), paper, tuple(renderer.warnings), layout, scale.dpm)


MIN_ELEMENT_LIMIT = 2048 * 2048  # dots: any element up to this size is fine, whatever the page


def _check_sizes(design: Design, scale: _Scale, page_area: int, auto: dict[str, int]) -> None:
    """Refuse elements far larger than the page (the schema allows 2 m boxes on a 3 cm label): drawing
    one would need gigabytes for dots that are cut off anyway."""
    limit = max(4 * page_area, MIN_ELEMENT_LIMIT)
    for e in design.elements:
        if isinstance(e, LineElement):
            w, h = abs(e.x2 - e.x1) + e.width_mm, abs(e.y2 - e.y1) + e.width_mm
        elif isinstance(e, FrameElement):
            continue
        else:
            w = e.w  # type: ignore[attr-defined]
            h = e.h if e.h is not None else auto.get(e.id, 0) / scale.dpm  # type: ignore[attr-defined]
        if scale.size(w) * scale.size(h) > limit:
            raise DesignInvalid(f"Element {e.id!r} is far larger than the page ({w:g} x {h:g} mm).",
                                "Make it about the size of the page; what lies outside the page is not printed.")


def _draw(renderer: _Renderer, canvas: _Canvas, e: Element, auto_height: int | None) -> None:
    if isinstance(e, TextElement):  # DateElement included
        renderer.text(canvas, e, auto_height)
    elif isinstance(e, PhotoElement):
        renderer.photo(canvas, e)
    elif isinstance(e, QrElement):
        renderer.qr(canvas, e)
    elif isinstance(e, BarcodeElement):
        renderer.barcode(canvas, e)
    elif isinstance(e, LineElement):
        renderer.line(canvas, e)
    elif isinstance(e, RectElement):
        renderer.rect(canvas, e)
    elif isinstance(e, FrameElement):
        renderer.frame(canvas, e)
    elif isinstance(e, ChecklistElement):
        renderer.checklist(canvas, e, auto_height)


def _layout(model: PrinterModel, width: int, length: int) -> Layout:
    across = width if model.rotate == 0 else min(length, model.head_dots)
    along = length if model.rotate == 0 else width
    free = model.head_dots - across
    offset = {"left": 0, "center": free // 2, "right": free}[model.align]
    return Layout(head_dots=model.head_dots, rotate=model.rotate, across=across, offset=offset, length=along,
                  margin=0, fit="fit", dpi=model.dpi, max_length=model.mm_to_dots(MAX_CONTINUOUS_MM))


def photo_folder(folder: Path) -> PhotoSource:
    """Photo ``src`` resolved against a design file's folder (absolute paths are taken as they are).

    Only regular files: a design (or CSV row) naming a FIFO or a device would block the render or read
    forever, so it gets a typed error for that photo instead.
    """

    def resolve(src: str) -> str:
        path = (folder / src) if not Path(src).is_absolute() else Path(src)
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            raise PhotoUnreadable(f"The photo {path.name} cannot be opened ({exc.strerror or 'not found'}).") from None
        if not stat.S_ISREG(mode):
            raise PhotoUnreadable(f"The photo {path.name} is not a regular file.")
        return str(path)

    return resolve
