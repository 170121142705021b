"""Where the picture goes on the paper, in printer dots, from the model table (never ``if model ==``).

Terms (docs/IMAGING.md):

- *across*: dots across the print head; the raster is always ``head_dots`` wide, the paper may be
  narrower, and ``align`` (left/center/right) says where it sits under the head.
- *along*: rows in the feed direction; a label's length, or for continuous paper the photo's height
  at the paper's width (capped at :data:`MAX_CONTINUOUS_MM`).
- *design*: the picture as the user reads it. For ``rotate: 90`` models (D30/P12-style label makers
  whose text runs along the tape) the design is ``along x across`` and is turned 90° counter-clockwise
  into the raster, so the raster's width is the head width.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from phocol_desktop.domain.printer_model import MediaPreset, PrinterModel
from phocol_desktop.imaging.errors import LayoutInvalid

FIT, FILL = "fit", "fill"
FITS = (FIT, FILL)
MAX_CONTINUOUS_MM = 2000.0  # two metres of roll from one photo is a mistake, not a print
MIN_PAPER_MM, MAX_PAPER_WIDTH_MM, MAX_LABEL_MM = 5.0, 300.0, 2000.0
MAX_MARGIN_MM = 50.0


@dataclass(frozen=True)
class Layout:
    """Everything the renderer needs to know about the printer and paper, in dots. Hashable (cache key)."""

    head_dots: int
    rotate: int  # 0 or 90: the design is turned counter-clockwise by this into the raster
    across: int  # printable dots across the head (paper width, clipped to the head)
    offset: int  # first head dot under the paper
    length: int | None  # rows along the feed; None: continuous, taken from the photo's shape
    margin: int  # white dots kept inside every paper edge
    fit: str  # "fit": whole photo visible; "fill": paper covered, overflow cut off
    dpi: int
    max_length: int  # rows; continuous prints longer than this are refused

    def __post_init__(self) -> None:
        if self.fit not in FITS:
            raise LayoutInvalid(f"Placement {self.fit!r} is not one of {', '.join(FITS)}.")
        if self.rotate not in (0, 90):
            raise LayoutInvalid(f"Raster rotation {self.rotate} is not 0 or 90.")
        if 2 * self.margin >= self.across or (self.length is not None and 2 * self.margin >= self.length):
            raise LayoutInvalid("The margins leave no room for the picture.")

    @property
    def continuous(self) -> bool:
        return self.length is None

    def content_size(self, picture_aspect: float) -> tuple[int, int]:
        """(width, height) in dots of the box the picture is fitted into, in reading orientation.

        ``picture_aspect`` is width / height of the (cropped, turned) photo; it only matters for
        continuous paper, where the box is as long as the photo at the paper's width.
        """
        cross = self.across - 2 * self.margin
        if self.length is not None:
            along = self.length - 2 * self.margin
        else:
            # rotate 0: the photo's width spans the head; rotate 90: its height does.
            along = round(cross / picture_aspect) if self.rotate == 0 else round(cross * picture_aspect)
            along = max(1, along)
            if along + 2 * self.margin > self.max_length:
                mm = (along + 2 * self.margin) * 25.4 / self.dpi
                raise LayoutInvalid(
                    f"This picture would print {mm / 10:.0f} cm long on continuous paper (at most "
                    f"{self.max_length * 25.4 / self.dpi / 10:.0f} cm).",
                    "Crop it, or choose a label size or a length.")
        return (cross, along) if self.rotate == 0 else (along, cross)

    def design_size(self, content: tuple[int, int]) -> tuple[int, int]:
        """The whole paper in reading orientation: the content box plus the margins."""
        return content[0] + 2 * self.margin, content[1] + 2 * self.margin


def default_preset(model: PrinterModel) -> MediaPreset:
    """The model's first paper size of its default media kind (the table guarantees at least one)."""
    for preset in model.media_presets:
        if preset.kind == model.media_default:
            return preset
    return model.media_presets[0]


def _mm(name: str, value: float | None, lo: float, hi: float) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise LayoutInvalid(f"The paper {name} must be a number of millimetres.")
    if not lo <= value <= hi:
        raise LayoutInvalid(f"The paper {name} is {value:g} mm; it must be between {lo:g} and {hi:g} mm.")
    return float(value)


def paper_for(model: PrinterModel, preset: str | None = None, width_mm: float | None = None,
              length_mm: float | None = None) -> MediaPreset:
    """The paper to render for: a named preset, a custom size, or the model's default.

    A custom width without a length means continuous paper of that width; a length alone keeps the
    default paper's width. A preset combined with a size is refused (ambiguous).
    """
    width_mm = _mm("width", width_mm, MIN_PAPER_MM, MAX_PAPER_WIDTH_MM)
    length_mm = _mm("length", length_mm, MIN_PAPER_MM, MAX_LABEL_MM)
    if preset is not None:
        if width_mm is not None or length_mm is not None:
            raise LayoutInvalid("Give either a paper size name or a width/length, not both.")
        return model.preset(preset)
    if width_mm is None and length_mm is None:
        return default_preset(model)
    width = width_mm if width_mm is not None else default_preset(model).width_mm
    kind = "continuous" if length_mm is None else "gap"
    return MediaPreset("custom", kind, width, length_mm)


def layout_for(model: PrinterModel, paper: MediaPreset | None = None, *, fit: str = FIT,
               margin_mm: float = 0.0) -> Layout:
    """Place ``paper`` (default: the model's default preset) under ``model``'s head."""
    paper = paper or default_preset(model)
    margin_mm = _mm("margin", margin_mm, 0.0, MAX_MARGIN_MM) or 0.0
    across = min(model.head_dots, max(1, model.mm_to_dots(paper.width_mm)))
    free = model.head_dots - across
    offset = {"left": 0, "center": free // 2, "right": free}[model.align]
    length = None if paper.length_mm is None else max(1, model.mm_to_dots(paper.length_mm))
    return Layout(
        head_dots=model.head_dots, rotate=model.rotate, across=across, offset=offset, length=length,
        margin=model.mm_to_dots(margin_mm), fit=fit, dpi=model.dpi,
        max_length=model.mm_to_dots(MAX_CONTINUOUS_MM),
    )
