"""Banners: text running down a continuous roll, as long as the user wants, rendered band by band.

The text is drawn once, across the head (the app's text engine: bundled DejaVu Sans, then any installed font
that has a glyph, so Chinese text works where a CJK font is installed), turned to run along
the paper, and the strip repeats it to the requested length. The strip is never held whole: ``banner``
returns a ``BandedRaster`` whose bands (``BAND_ROWS`` rows) are cut from the one drawn tile as the printer
job reaches them, so a 5 m strip costs the memory of one tile and one band.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from PIL import Image, ImageDraw

from phocol_desktop.domain.errors import ImageError
from phocol_desktop.domain.raster import BandedRaster, Raster
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP

BAND_ROWS = 512
MAX_TEXT = 500  # characters: a banner, not a book
MAX_ROWS = 1_000_000  # 125 m at 203 dpi: far beyond any roll, still bounded


class BannerError(ImageError):
    advice = QT_TRANSLATE_NOOP("Errors", "Give some text (up to 500 characters) and a length the roll can hold.")


def banner_tile(text: str, head_dots: int) -> np.ndarray:
    """One repetition of the text, turned to run down the paper: a bool array ``(rows, head_dots)``."""
    text = " ".join(text.split())
    if not text or len(text) > MAX_TEXT:
        raise BannerError("A banner needs between 1 and 500 characters of text.")
    from phocol_desktop.imaging.text import TextStyle, draw_layout, layout_text

    style = TextStyle(size=max(8, int(head_dots * 0.7)), wrap=False, valign="middle")
    layout = layout_text(text, style, (1 << 30, head_dots))
    if layout.missing:
        raise BannerError(f"No installed font can draw {layout.missing!r}.",
                          "Install a font that has these characters (for Chinese: fonts-noto-cjk), or change the text.")
    gap = style.size  # a space's worth between repetitions
    width = max(line.width for line in layout.lines) + gap
    image = Image.new("L", (width, head_dots), 255)
    draw_layout(ImageDraw.Draw(image), layout, (0, 0, width, head_dots), style, fill=0)
    # Reading the strip as it comes out of the printer: the text runs from the first row to the last.
    turned = image.transpose(Image.Transpose.ROTATE_270)
    return np.asarray(turned) < 128


def banner(text: str, head_dots: int, length_rows: int | None = None, band_rows: int = BAND_ROWS) -> BandedRaster:
    """The banner as a page made band by band; ``length_rows`` repeats the text (default: once)."""
    tile = banner_tile(text, head_dots)
    rows = tile.shape[0] if length_rows is None else int(length_rows)
    if not 1 <= rows <= MAX_ROWS:
        raise BannerError(f"A banner is 1 to {MAX_ROWS} rows long; {rows} was asked for.")
    packed = np.packbits(tile, axis=1)  # the tile, packed once (rows x head_dots/8 bytes)

    def bands() -> Iterator[Raster]:
        for start in range(0, rows, band_rows):
            stop = min(rows, start + band_rows)
            index = np.arange(start, stop) % packed.shape[0]
            yield Raster(head_dots, stop - start, packed[index].tobytes())

    return BandedRaster(head_dots, rows, bands)
