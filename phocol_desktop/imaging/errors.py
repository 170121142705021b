"""Typed imaging errors. Each says what is wrong with the photo in words a user understands.

All derive from :class:`phocol_desktop.domain.errors.ImageError`, so callers may catch that one type.
"""

from __future__ import annotations

from phocol_desktop.domain.errors import ImageError
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP


class PhotoUnreadable(ImageError):
    """The file is missing, empty, damaged, or not a picture format Phocol Desktop opens."""

    advice = QT_TRANSLATE_NOOP("Errors", "Open the photo in another app to check it, or re-export it as JPEG or PNG.")


class PhotoTooLarge(ImageError):
    """The photo would need more memory to decode than the pixel cap allows (decompression bombs)."""

    advice = QT_TRANSLATE_NOOP("Errors", "Scale the photo down (for example to 8000x8000 pixels or less) and try "
                                          "again.")


class EditsInvalid(ImageError):
    """Edits (from a project file, the GUI or the command line) hold a value outside their documented range."""

    advice = QT_TRANSLATE_NOOP("Errors", "The project file is damaged or from a newer version of Phocol Desktop; "
                                          "reset the edits.")


class LayoutInvalid(ImageError):
    """The paper size or placement cannot be printed on the chosen printer model."""

    advice = QT_TRANSLATE_NOOP("Errors", "Choose one of the model's paper sizes (see `phocol-desktop models`) or a "
                                          "smaller size.")
