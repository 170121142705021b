"""Text in any script, laid out in printer dots: per-glyph font fallback, wrapping, alignment, auto-fit.

One text renderer serves photo captions (:mod:`~phocol_desktop.imaging.pipeline`) and design text
elements (:mod:`~phocol_desktop.imaging.design.render`):

1. *Segment*: every character cluster (a base character and its combining marks) gets the first face that
   has its glyph (:meth:`FontLibrary.face_for`): the requested font, then fonts already used in this text,
   then the bundled DejaVu Sans, then any installed font. A cluster no font has is dropped and reported as
   :class:`MissingGlyphs`, never drawn as a box.
2. *Wrap*: lines break at spaces, and between CJK characters (which have no spaces); a word wider than the
   box is broken between clusters. Explicit line breaks are kept.
3. *Fit*: ``fit="shrink"`` finds the largest size (≤ the requested one) at which the text fits the box.
4. *Draw*: each run is drawn with its own face on a shared baseline. Pillow shapes each run with raqm
   (HarfBuzz + FriBiDi) when it was built with it (``PIL.features.check("raqm")``), which joins Arabic
   letters and orders right-to-left runs; without raqm, Arabic prints unjoined (docs/DESIGN-FORMAT.md).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from PIL import ImageDraw, features

from phocol_desktop.imaging.fonts import REGULAR, FontFace, FontLibrary, default_library, pil_font

ALIGNS = ("left", "center", "right")
VALIGNS = ("top", "middle", "bottom")
FITS = ("none", "shrink")
MIN_SIZE = 6  # dots: smaller text does not print legibly
HAS_RAQM = features.check("raqm")


@dataclass(frozen=True)
class MissingGlyphs:
    """A render warning: no installed font has these characters; they were left out."""

    chars: str
    element: str = ""  # the design element id ("" for a photo caption)


@dataclass(frozen=True)
class TextOverflow:
    """A render warning: the text does not fit its box even at the smallest size and was cut off."""

    element: str = ""


@dataclass(frozen=True)
class TextNotShaped:
    """A render warning: the text needs shaping (Arabic joining, Indic clusters, right-to-left order) but
    Pillow was built without raqm, so it prints letter by letter (docs/DESIGN-FORMAT.md §3)."""

    element: str = ""


# Scripts that print wrongly without a shaping engine: Hebrew (order), Arabic, Syriac, Thaana, N'Ko (order,
# joining), the Indic scripts, Myanmar and Khmer (clusters), and Arabic presentation forms.
SHAPED_RANGES = ((0x0590, 0x08FF), (0x0900, 0x0DFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0xFB1D, 0xFDFF),
                 (0xFE70, 0xFEFF))


def needs_shaping(text: str) -> bool:
    return any(lo <= ord(ch) <= hi for ch in text for lo, hi in SHAPED_RANGES)


@dataclass(frozen=True)
class TextStyle:
    size: int  # dots, the em size
    family: str | None = None  # None: the bundled DejaVu Sans
    weight: int = REGULAR
    align: str = "left"
    valign: str = "top"
    wrap: bool = True
    fit: str = "none"
    line_spacing: float = 1.0  # multiple of the fonts' natural line height


@dataclass(frozen=True)
class Run:
    face: FontFace
    text: str


@dataclass(frozen=True)
class Line:
    runs: tuple[Run, ...]
    width: int


@dataclass(frozen=True)
class TextLayout:
    lines: tuple[Line, ...]
    size: int
    ascent: int
    descent: int
    advance: int  # baseline to baseline
    missing: str
    overflow: bool  # wider or taller than the box
    unshaped: bool = False  # needs a shaping engine this Pillow lacks (a TextNotShaped warning)

    @property
    def width(self) -> int:
        return max((line.width for line in self.lines), default=0)

    @property
    def height(self) -> int:
        if not self.lines:
            return 0
        return self.ascent + self.descent + (len(self.lines) - 1) * self.advance


@dataclass
class _Cluster:
    text: str
    face: FontFace
    space: bool
    wide: bool  # a CJK (wide) character: a line may break before and after it


@dataclass
class _Token:
    clusters: list[_Cluster] = field(default_factory=list)


def clean_text(text: str) -> str:
    """Line breaks normalised, control characters (which break shaping) dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) != "Cc")


def _is_mark(ch: str) -> bool:
    cat = unicodedata.category(ch)
    # Combining marks, variation selectors and joiners stay with the character before them.
    return cat in ("Mn", "Mc", "Me") or ch in "\u200d\u200c" or 0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(
        ch) <= 0xE01EF or 0x1F3FB <= ord(ch) <= 0x1F3FF


def _segment(paragraph: str, primary: FontFace, weight: int, library: FontLibrary, *, used: list[FontFace],
             missing: list[str]) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    for ch in paragraph:
        if _is_mark(ch) and clusters:
            last = clusters[-1]
            if library.covers(last.face, ch) or (HAS_RAQM and unicodedata.category(ch) == "Cf"):
                last.text += ch
            elif ch not in "\u200d\u200c" and not 0xFE00 <= ord(ch) <= 0xFE0F:
                missing.append(ch)  # a mark the base's font lacks would print as a box
            continue
        if unicodedata.category(ch) in ("Cf", "Zl", "Zp") and not library.covers(primary, ch):
            continue  # invisible format characters (bidi marks, soft hyphen's kin) the font does not draw
        face = library.face_for(ch, weight, (primary, *used))
        if face is None:
            missing.append(ch)
            continue
        if face not in used and face != primary:
            used.append(face)
        clusters.append(_Cluster(ch, face, ch.isspace(), unicodedata.east_asian_width(ch) in ("W", "F")))
    return clusters


def _tokens(clusters: list[_Cluster], wrap: bool) -> list[_Token]:
    """Unbreakable pieces: a word with its trailing spaces, or a single wide (CJK) character."""
    if not wrap:
        return [_Token(list(clusters))] if clusters else []
    tokens: list[_Token] = []
    current = _Token()
    for c in clusters:
        trailing_space = current.clusters and current.clusters[-1].space
        if current.clusters and ((trailing_space and not c.space) or c.wide or current.clusters[-1].wide):
            if not (c.space and current.clusters[-1].wide):
                tokens.append(current)
                current = _Token()
        current.clusters.append(c)
    if current.clusters:
        tokens.append(current)
    return tokens


def _runs(clusters: Sequence[_Cluster]) -> list[Run]:
    runs: list[Run] = []
    for c in clusters:
        if runs and runs[-1].face == c.face:
            runs[-1] = Run(c.face, runs[-1].text + c.text)
        else:
            runs.append(Run(c.face, c.text))
    return runs


@lru_cache(maxsize=8192)
def _advance(face: FontFace, size: int, text: str) -> float:
    return pil_font(face.path, face.index, size).getlength(text)


def _width(clusters: Sequence[_Cluster], size: int) -> float:
    return sum(pil_font(r.face.path, r.face.index, size).getlength(r.text) for r in _runs(clusters))


def _strip_trailing_space(clusters: list[_Cluster]) -> list[_Cluster]:
    end = len(clusters)
    while end and clusters[end - 1].space:
        end -= 1
    return clusters[:end]


def _wrap(paragraphs: list[list[_Cluster]], size: int, box_w: int, wrap: bool) -> tuple[list[list[_Cluster]], bool]:
    """Greedy line filling by each cluster's advance (linear in the text's length); the real, shaped width of
    each finished line then decides whether the text is too wide (kerning and joining change it a little)."""
    lines: list[list[_Cluster]] = []

    def advance(clusters: Sequence[_Cluster]) -> float:
        return sum(_advance(c.face, size, c.text) for c in clusters)

    for clusters in paragraphs:
        if not clusters or not wrap:
            lines.append(list(clusters))
            continue
        line: list[_Cluster] = []
        line_w = 0.0  # with trailing spaces
        for token in _tokens(clusters, wrap):
            token_w = advance(token.clusters)
            if line and line_w + advance(_strip_trailing_space(token.clusters)) > box_w:
                lines.append(line)
                line, line_w = [], 0.0
            line += token.clusters
            line_w += token_w
            # A single word wider than the box: break it between clusters, in one pass.
            if len(line) > 1 and advance(_strip_trailing_space(line)) > box_w:
                piece: list[_Cluster] = []
                piece_w = 0.0
                for c in line:
                    width = _advance(c.face, size, c.text)
                    if piece and not c.space and piece_w + width > box_w:
                        lines.append(piece)
                        piece, piece_w = [], 0.0
                    piece.append(c)
                    piece_w += width
                line, line_w = piece, piece_w
        lines.append(line)
    out = [_strip_trailing_space(line) for line in lines]
    too_wide = any(_width(line, size) > box_w for line in out)
    return out, too_wide


def layout_text(text: str, style: TextStyle, box: tuple[int, int], library: FontLibrary | None = None
                ) -> TextLayout:
    """Lay ``text`` out in a ``box`` of (width, height) dots (see the module docstring)."""
    library = library or default_library()
    primary = library.primary(style.family, style.weight)
    used: list[FontFace] = []
    missing: list[str] = []
    paragraphs = [_segment(p, primary, style.weight, library, used=used, missing=missing)
                  for p in clean_text(text).split("\n")]
    while paragraphs and not paragraphs[-1]:
        paragraphs.pop()
    missing_text = "".join(dict.fromkeys(missing))
    unshaped = not HAS_RAQM and needs_shaping(text)

    def attempt(size: int) -> TextLayout:
        lines, too_wide = _wrap(paragraphs, size, box[0], style.wrap)
        faces = {c.face for line in lines for c in line} or {primary}
        metrics = [pil_font(f.path, f.index, size).getmetrics() for f in faces]
        ascent, descent = max(m[0] for m in metrics), max(m[1] for m in metrics)
        advance = max(1, round((ascent + descent) * style.line_spacing))
        built = tuple(Line(tuple(_runs(line)), round(_width(line, size))) for line in lines)
        layout = TextLayout(built, size, ascent, descent, advance, missing_text, False)
        return TextLayout(built, size, ascent, descent, advance, missing_text,
                          too_wide or layout.height > box[1], unshaped)

    best = attempt(max(1, style.size))
    if style.fit == "shrink" and best.overflow:
        lo, hi = MIN_SIZE, style.size - 1
        fallback = attempt(MIN_SIZE) if style.size > MIN_SIZE else best
        best = fallback
        while lo <= hi:
            mid = (lo + hi) // 2
            trial = attempt(mid)
            if trial.overflow:
                hi = mid - 1
            else:
                best, lo = trial, mid + 1
    return best


def draw_layout(draw: ImageDraw.ImageDraw, layout: TextLayout, box: tuple[int, int, int, int], style: TextStyle,
                *, fill: int, stroke: int = 0, stroke_fill: int | None = None) -> None:
    """Draw ``layout`` into ``box`` (x, y, w, h) with ``style``'s alignment."""
    x0, y0, w, h = box
    top = {"top": y0, "middle": y0 + (h - layout.height) / 2, "bottom": y0 + h - layout.height}[style.valign]
    for i, line in enumerate(layout.lines):
        baseline = round(top + layout.ascent + i * layout.advance)
        x = {"left": x0, "center": x0 + (w - line.width) / 2, "right": x0 + w - line.width}[style.align]
        for run in line.runs:
            font = pil_font(run.face.path, run.face.index, layout.size)
            # Trailing spaces only advance: an RTL run would otherwise draw them at its left end.
            draw.text((round(x), baseline), run.text.rstrip(" "), font=font, fill=fill, anchor="ls",
                      stroke_width=stroke, stroke_fill=stroke_fill)
            x += font.getlength(run.text)
