"""PDF documents -> printer dots: every page rendered straight at the printer's resolution.

    doc = open_document("label.pdf")           # or the file's bytes; raises DocumentError subclasses
    pages = doc.select("1-3")                  # 0-based page indexes, bounded by MAX_PRINT_PAGES
    page = doc.render_page(0, model, paper, mode="auto")
    page.raster                                # what the printer gets (same dots as ``page.paper``)

Why it is built this way:

- **Vector pages are rendered at the printer's dots, never resized as a photo.** PDFium draws the page
  into a bitmap exactly as many dots wide as the paper's printable width (continuous paper), or into the
  label's box keeping the page's shape (labels): one pixel is one dot, so a 1-dot hairline stays 1 dot.
- **Document mode**: text and line art are thresholded (sharp edges, no dither noise); only photo-like
  regions are dithered. ``auto`` classifies tiles of the rendered page by their grey-level histogram
  (a photo has most of its pixels in the mid-tones; text and lines are mostly paper white and ink
  black), ``text`` thresholds everything, ``photo`` dithers everything.
- **Nothing inside a PDF runs or is fetched**: the form-fill environment is never initialised, so PDFium
  runs no JavaScript and no form actions; links, launch actions and embedded files are never followed or
  extracted; XFA is not supported by this PDFium build. Only the page content is drawn.
- **Bounded work**: the file must be a regular file under :data:`MAX_DOCUMENT_BYTES`; a job prints at
  most :data:`MAX_PRINT_PAGES` pages (a 10 000-page file opens, and a range is asked for); the bitmap size
  is computed from the paper before anything is drawn (a page 5 m tall is refused by the layout, not
  rendered); drawing one page stops after :data:`RENDER_DEADLINE_S` (PDFium's progressive renderer asks
  us whether to pause, and we abandon the page).
- PDFium is not thread-safe: every call into it holds :data:`PDFIUM_LOCK`.
"""

from __future__ import annotations

import ctypes
import logging
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from phocol_desktop.domain.errors import ImageError
from phocol_desktop.domain.printer_model import MediaPreset, PrinterModel
from phocol_desktop.domain.raster import Raster
from phocol_desktop.domain.safe_input import InputRefused, open_input
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP
from phocol_desktop.imaging.dither import FLOYD_STEINBERG, MID_GREY, dither
from phocol_desktop.imaging.layout import Layout, layout_for
from phocol_desktop.imaging.pipeline import pack_paper, resolve_paper

log = logging.getLogger(__name__)

__all__ = [
    "AUTO", "MODES", "PHOTO", "TEXT", "Document", "DocumentDamaged", "DocumentEncrypted", "DocumentError",
    "DocumentTooLarge", "PageRange", "RenderedPage", "is_pdf", "open_document", "parse_page_range",
]

AUTO, TEXT, PHOTO = "auto", "text", "photo"
MODES = (AUTO, TEXT, PHOTO)
PDF_MAGIC = b"%PDF-"
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024  # a label or shipping document is kilobytes; 256 MB is a scan archive
MAX_PRINT_PAGES = 200  # pages in one print job; more needs a page range (paper is not free)
RENDER_DEADLINE_S = 20.0  # one page taking longer than this is a hostile or broken page
THUMBNAIL_MAX_SIDE = 512

# Document mode: a tile is "photo" when most of its pixels are mid-tones. Text and lines (drawn without
# anti-aliasing, see _FLAGS) are paper white and ink black; a photo or a grey fill has most of its pixels
# between the two. A photo's own very dark or very light corners are taken in by growing the photo tiles
# into neighbouring tiles that are mostly not paper white.
TILE = 16  # dots (2 mm at 203 dpi): small enough to follow a photo's outline, big enough for a histogram
MID_LOW, MID_HIGH = 24, 232  # grey levels counted as mid-tones
PHOTO_TILE_FRACTION = 0.6  # share of mid-tone pixels that makes a tile photographic
INKED_TILE_FRACTION = 0.5  # share of non-white pixels that lets a photo region grow into a tile
TEXT_THRESHOLD = MID_GREY  # ink where the anti-aliased page is darker than middle grey

# PDFium must not be called from two threads at once (pypdfium2 documents this).
PDFIUM_LOCK = threading.RLock()

# Text and vector paths are drawn without anti-aliasing: PDFium then snaps glyphs and hairlines to whole
# dots, which at 8 dots/mm is far more legible than thresholding grey edges (small print stays whole).
# Images keep their smooth resampling, so photos still have every grey level to dither from.
_FLAGS = (pdfium_c.FPDF_ANNOT | pdfium_c.FPDF_PRINTING | pdfium_c.FPDF_GRAYSCALE
          | pdfium_c.FPDF_RENDER_NO_SMOOTHTEXT | pdfium_c.FPDF_RENDER_NO_SMOOTHPATH)


class DocumentError(ImageError):
    """A document cannot be opened or printed."""

    advice = QT_TRANSLATE_NOOP("Errors", "Open it in a PDF viewer to check it, or print it to a new PDF from there.")


class DocumentEncrypted(DocumentError):
    advice = QT_TRANSLATE_NOOP("Errors", "Open it in a PDF viewer with its password and save or print an unprotected "
                                         "copy.")


class DocumentDamaged(DocumentError):
    pass


class DocumentTooLarge(DocumentError):
    advice = QT_TRANSLATE_NOOP("Errors", "Choose fewer pages (for example --pages 1-10), or split the document.")


def is_pdf(head: bytes) -> bool:
    """True when ``head`` (the first bytes of a file) starts like a PDF (within the first 1 KiB, as readers allow)."""
    return PDF_MAGIC in head[:1024]


def _read_document(source: str | os.PathLike[str] | bytes, name: str) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        try:  # never blocks on a FIFO, refuses folders and devices (domain/safe_input.py)
            fh = open_input(source, what="document")
        except InputRefused as exc:
            raise DocumentDamaged(exc.reason, "Save the document to a file first.") from None
        with fh:
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_DOCUMENT_BYTES:
                raise DocumentTooLarge(f"{name} is {size / 2**20:.0f} MB; Phocol Desktop opens documents "
                                       f"up to {MAX_DOCUMENT_BYTES // 2**20} MB.", "Split the document.")
            data = fh.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentTooLarge(f"{name} is larger than {MAX_DOCUMENT_BYTES // 2**20} MB.", "Split the document.")
    if not data:
        raise DocumentDamaged(f"{name} is empty (0 bytes).")
    if not is_pdf(data):
        raise DocumentDamaged(f"{name} is not a PDF document.", "Print it to PDF from the app that made it.")
    return data


def open_document(source: str | os.PathLike[str] | bytes, *, name: str | None = None) -> Document:
    """Open a PDF (a path or its bytes). Raises :class:`DocumentEncrypted`, :class:`DocumentDamaged`,
    :class:`DocumentTooLarge`. The file is read once and never written."""
    if name is None:
        name = "The document" if isinstance(source, bytes | bytearray | memoryview) else Path(source).name
    data = _read_document(source, name)
    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            code = getattr(exc, "err_code", None)
            if code == pdfium_c.FPDF_ERR_PASSWORD:
                raise DocumentEncrypted(f"{name} is protected by a password.") from None
            if code == pdfium_c.FPDF_ERR_SECURITY:
                raise DocumentEncrypted(f"{name} uses an encryption Phocol Desktop cannot open.") from None
            raise DocumentDamaged(f"{name} is damaged and cannot be read.") from None
        count = len(pdf)
    # Deliberately no pdf.init_forms(): without a form-fill environment PDFium runs no JavaScript.
    return Document(pdf, count, name)


@dataclass(frozen=True)
class PageRange:
    pages: tuple[int, ...]  # 0-based, in print order

    def describe(self) -> str:
        return format_page_range(self.pages)


def format_page_range(pages: tuple[int, ...] | list[int]) -> str:
    """(0, 1, 2, 4) -> '1-3,5' (1-based, as people write it)."""
    parts: list[str] = []
    start = prev = None
    for page in pages:
        if start is not None and page == prev + 1:  # type: ignore[operator]
            prev = page
            continue
        if start is not None:
            parts.append(f"{start + 1}" if start == prev else f"{start + 1}-{prev + 1}")  # type: ignore[operator]
        start = prev = page
    if start is not None:
        parts.append(f"{start + 1}" if start == prev else f"{start + 1}-{prev + 1}")  # type: ignore[operator]
    return ",".join(parts)


_RANGE_PART = re.compile(r"^\s*(\d{1,7})?\s*(-)?\s*(\d{1,7})?\s*$")


def parse_page_range(text: str | None, page_count: int, *, limit: int = MAX_PRINT_PAGES) -> tuple[int, ...]:
    """'1-3,5', '4-', '-2', 'all' or None -> 0-based page indexes. Raises DocumentError when out of range
    or when more than ``limit`` pages would print."""
    if text is None or text.strip().lower() in ("", "all"):
        pages = list(range(page_count))
    else:
        pages = []
        if len(text) > 200:
            raise DocumentError("The page range is too long.", "Write it like 1-3,5.")
        for part in text.split(","):
            match = _RANGE_PART.match(part)
            if not match or not (match.group(1) or match.group(3)) or (match.group(1) and match.group(3)
                                                                       and not match.group(2)):
                raise DocumentError(f"{part.strip()!r:.20} is not a page range.", "Write it like 1-3,5.")
            first = int(match.group(1)) if match.group(1) else 1
            last = int(match.group(3)) if match.group(3) else (page_count if match.group(2) else first)
            if first < 1 or last < first:
                raise DocumentError(f"Pages {part.strip()} do not make a range.", "Write it like 1-3,5.")
            if first > page_count:
                raise DocumentError(f"The document has {page_count} page{'s' if page_count != 1 else ''}; "
                                    f"there is no page {first}.", f"Choose pages between 1 and {page_count}.")
            last = min(last, page_count)
            pages.extend(range(first - 1, last))
            if len(pages) > limit:
                break
    if len(pages) > limit:
        what = f"The document has {page_count} pages" if text is None or text.strip().lower() in ("", "all") \
            else f"The range {text.strip()!r:.40} has more than {limit} pages"
        raise DocumentTooLarge(f"{what}; one print job prints at most {limit}.")
    return tuple(pages)


@dataclass(frozen=True, eq=False)
class RenderedPage:
    index: int  # 0-based page number
    raster: Raster  # what the printer gets: head_dots wide, packed, 1 = black
    paper: Image.Image  # mode "1", the paper in reading orientation, 1 px per dot (same dots as raster)
    gray: Image.Image  # mode "L": the page as drawn, before thresholding (same canvas as ``paper``)
    mode: str  # text / photo / mixed: what the page turned out to need
    photo_fraction: float  # share of the picture's tiles dithered
    layout: Layout


class Document:
    """An open PDF. Close it (or use ``with``) to free PDFium's memory; safe to share between threads."""

    def __init__(self, pdf: pdfium.PdfDocument, page_count: int, name: str) -> None:
        self._pdf = pdf
        self.page_count = page_count
        self.name = name

    def __enter__(self) -> Document:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with PDFIUM_LOCK:
            self._pdf.close()

    def select(self, text: str | None = None, *, limit: int = MAX_PRINT_PAGES) -> tuple[int, ...]:
        return parse_page_range(text, self.page_count, limit=limit)

    def page_size(self, index: int) -> tuple[float, float]:
        """(width, height) in PDF points (1/72 inch), as the page is shown (its /Rotate applied)."""
        self._check_index(index)
        with PDFIUM_LOCK:
            page = self._pdf[index]
            try:
                width, height = page.get_size()
            finally:
                page.close()
        if not (width > 0 and height > 0):
            raise DocumentDamaged(f"Page {index + 1} of {self.name} has no size.")
        return width, height

    def _check_index(self, index: int) -> None:
        if not 0 <= index < self.page_count:
            raise DocumentError(f"{self.name} has no page {index + 1}.")

    def draw(self, index: int, size: tuple[int, int], *, deadline_s: float = RENDER_DEADLINE_S) -> Image.Image:
        """Page ``index`` drawn into exactly ``size`` (width, height) pixels, grayscale, white paper."""
        self._check_index(index)
        width, height = size
        with PDFIUM_LOCK:
            page = self._pdf[index]
            try:
                return _draw(page, width, height, deadline_s, f"Page {index + 1} of {self.name}")
            finally:
                page.close()

    def thumbnail(self, index: int, max_side: int = 160) -> Image.Image:
        """A small grey picture of the page for a page picker (at most ``max_side`` pixels on its long side)."""
        max_side = max(8, min(int(max_side), THUMBNAIL_MAX_SIDE))
        width, height = self.page_size(index)
        scale = max_side / max(width, height)
        return self.draw(index, (max(1, round(width * scale)), max(1, round(height * scale))))

    def render_page(self, index: int, model: PrinterModel, paper: MediaPreset | str | None = None,
                    mode: str = AUTO, dither_method: str = FLOYD_STEINBERG) -> RenderedPage:
        """Page ``index`` as the printer's dots on ``paper`` (default: the model's default paper).

        Continuous paper: the page spans the printable width, as long as its shape needs. A label: the page is
        fitted into the label (whole page visible, centred). Deterministic: the same page, model, paper and
        mode always give the same dots.
        """
        if mode not in MODES:
            raise DocumentError(f"Unknown document mode {mode!r:.20}; choose one of {', '.join(MODES)}.")
        layout = layout_for(model, resolve_paper(model, paper))
        page_w, page_h = self.page_size(index)
        # The layout computes (and caps) the box before anything is drawn: a 5 m page is refused here.
        box_w, box_h = layout.content_size(page_w / page_h)
        scale = min(box_w / page_w, box_h / page_h)
        out_w = max(1, min(box_w, round(page_w * scale)))
        out_h = max(1, min(box_h, round(page_h * scale)))
        gray = self.draw(index, (out_w, out_h))
        black, photo_fraction = binarize(gray, mode, dither_method)
        paper_w, paper_h = layout.design_size((box_w, box_h))
        x = layout.margin + (box_w - out_w) // 2
        y = layout.margin + (box_h - out_h) // 2
        sheet = Image.new("1", (paper_w, paper_h), 1)
        sheet.paste(_as_image(black), (x, y))
        canvas = Image.new("L", (paper_w, paper_h), 255)
        canvas.paste(gray, (x, y))
        used = TEXT if photo_fraction == 0 else PHOTO if photo_fraction == 1 else "mixed"
        return RenderedPage(index, pack_paper(sheet, layout), sheet, canvas, used, photo_fraction, layout)


def _as_image(black: np.ndarray) -> Image.Image:
    rows, cols = black.shape
    return Image.frombytes("1", (cols, rows), np.packbits(black, axis=1).tobytes(), "raw", "1;I")


class _Deadline:
    """PDFium's progressive renderer calls NeedToPauseNow between page objects; we pause once the page has
    taken too long, and then abandon it."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds
        self.expired = False
        self.pause = pdfium_c.IFSDK_PAUSE(version=1)

        def need_to_pause(_pause) -> bool:  # type: ignore[no-untyped-def]
            if time.monotonic() > self.end:
                self.expired = True
                return True
            return False

        self._callback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(pdfium_c.IFSDK_PAUSE))(need_to_pause)
        self.pause.NeedToPauseNow = self._callback


def _draw(page: pdfium.PdfPage, width: int, height: int, deadline_s: float, what: str) -> Image.Image:
    bitmap = pdfium.PdfBitmap.new_native(width, height, format=pdfium_c.FPDFBitmap_Gray)
    bitmap.fill_rect((255, 255, 255, 255), 0, 0, width, height)
    deadline = _Deadline(deadline_s)
    status = pdfium_c.FPDF_RenderPageBitmap_Start(bitmap, page, 0, 0, width, height, 0, _FLAGS, deadline.pause)
    while status == pdfium_c.FPDF_RENDER_TOBECONTINUED and not deadline.expired:
        status = pdfium_c.FPDF_RenderPage_Continue(page, deadline.pause)
    pdfium_c.FPDF_RenderPage_Close(page)
    if deadline.expired and status == pdfium_c.FPDF_RENDER_TOBECONTINUED:
        raise DocumentTooLarge(f"{what} takes longer than {deadline_s:g} s to draw; it was not printed.",
                               "Print it to a simpler PDF (or an image) from a PDF viewer.")
    if status == pdfium_c.FPDF_RENDER_FAILED:
        raise DocumentDamaged(f"{what} cannot be drawn.")
    stride = bitmap.stride
    raw = ctypes.string_at(bitmap.buffer, stride * height)
    image = Image.frombuffer("L", (width, height), raw, "raw", "L", stride, 1)
    return image.copy()


def _tile_sums(flags: np.ndarray) -> np.ndarray:
    rows, cols = flags.shape
    tr, tc = -(-rows // TILE), -(-cols // TILE)
    padded = np.zeros((tr * TILE, tc * TILE), dtype=np.uint16)
    padded[:rows, :cols] = flags
    return padded.reshape(tr, TILE, tc, TILE).sum(axis=(1, 3))


def photo_tiles(gray: np.ndarray) -> np.ndarray:
    """(rows/TILE, cols/TILE) bool: which tiles of ``gray`` belong to a photographic region."""
    area = np.maximum(1, _tile_sums(np.ones(gray.shape, dtype=bool)))
    photo = _tile_sums((gray >= MID_LOW) & (gray <= MID_HIGH)) >= area * PHOTO_TILE_FRACTION
    inked = _tile_sums(gray <= MID_HIGH) >= area * INKED_TILE_FRACTION
    while True:  # grow into inked neighbours (a photo's dark or bright corners), until nothing changes
        grown = photo.copy()
        grown[1:, :] |= photo[:-1, :]
        grown[:-1, :] |= photo[1:, :]
        grown[:, 1:] |= photo[:, :-1]
        grown[:, :-1] |= photo[:, 1:]
        grown &= inked | photo
        if (grown == photo).all():
            return photo
        photo = grown


def binarize(gray: Image.Image, mode: str, method: str = FLOYD_STEINBERG) -> tuple[np.ndarray, float]:
    """Page pixels -> (black dots, share of tiles dithered). ``text``: threshold; ``photo``: dither all;
    ``auto``: dither only photographic tiles."""
    pixels = np.asarray(gray, dtype=np.uint8)
    threshold = pixels < TEXT_THRESHOLD
    if mode == TEXT:
        return threshold, 0.0
    if mode == PHOTO:
        return dither(gray, method, 1.0), 1.0
    tiles = photo_tiles(pixels)
    if not tiles.any():
        return threshold, 0.0
    fraction = float(tiles.mean())
    dithered = dither(gray, method, 1.0)
    mask = np.repeat(np.repeat(tiles, TILE, axis=0), TILE, axis=1)[: pixels.shape[0], : pixels.shape[1]]
    return np.where(mask, dithered, threshold), fraction
