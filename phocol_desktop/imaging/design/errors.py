"""Typed design errors and render warnings.

Errors stop a render (a damaged design file, a code that cannot be encoded, a missing template field);
warnings let it finish and tell the user what to check (a code too small to scan at this printer's dots,
characters no installed font has). Views word both: the CLI in English (``cli/cmd_render.py``), the GUI
through its translations; these classes carry values, not sentences for the GUI.
"""

from __future__ import annotations

from dataclasses import dataclass

from phocol_desktop.domain.errors import ImageError
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP
from phocol_desktop.imaging.text import MissingGlyphs, TextNotShaped, TextOverflow


class DesignInvalid(ImageError):
    """A design (file, template or project member) breaks docs/DESIGN-FORMAT.md."""

    advice = QT_TRANSLATE_NOOP("Errors", "Check the design against docs/DESIGN-FORMAT.md, or start from a template "
                                          "(`phocol-desktop templates`).")


class CodeInvalid(DesignInvalid):
    """A QR code or barcode's data cannot be encoded (too long, wrong digits, bad check digit)."""

    advice = QT_TRANSLATE_NOOP("Errors", "Check the code's data: EAN-13 takes 12 or 13 digits, UPC-A 11 or 12, a QR "
                                          "code up to ~2900 bytes.")


class CodeDoesNotFit(DesignInvalid):
    """The code needs more dots than its box has, even at one dot per module."""

    advice = QT_TRANSLATE_NOOP("Errors", "Make the code's box larger, shorten its data, or use a lower "
                                          "error-correction level.")


class TemplateError(DesignInvalid):
    """An unknown template, field or value."""

    advice = QT_TRANSLATE_NOOP("Errors", "Run `phocol-desktop templates` to list the templates and their fields.")


@dataclass(frozen=True)
class CodeTooSmall:
    """A warning: the code's modules are smaller than scanners read reliably from thermal paper."""

    element: str
    module_dots: int
    module_mm: float
    minimum_mm: float


@dataclass(frozen=True)
class DesignScaled:
    """A warning: the design does not fit across the print head and was scaled down to fit."""

    percent: int


@dataclass(frozen=True)
class PhotoMissing:
    """A warning: a photo element has no photo (an empty template field); a placeholder frame was drawn."""

    element: str


RenderWarning = MissingGlyphs | TextOverflow | TextNotShaped | CodeTooSmall | DesignScaled | PhotoMissing

__all__ = ["CodeDoesNotFit", "CodeInvalid", "CodeTooSmall", "DesignInvalid", "DesignScaled", "MissingGlyphs",
           "PhotoMissing", "RenderWarning", "TemplateError", "TextNotShaped", "TextOverflow"]
