"""Test prints for calibrating a real printer: speed-ladder blocks, darkness patches and a width ruler.

Every pattern is drawn on whole bytes (8-dot columns), so the raster holds only the bytes ``00``, ``FF``,
``AA`` and ``55``. That is a safety property, not a style: when a printer's buffer overflows and bytes are
lost, it reads later picture bytes as commands. None of these four is a command's first byte (``10``,
``1B``, ``1D``, ``1F``), so a damaged calibration print can tear on paper but never turns into a command.

Digits are seven-segment shapes (solid bars), large enough to read on a torn block.
"""

from __future__ import annotations

import numpy as np

from phocol_desktop.domain.raster import Raster

SAFE_BYTES = frozenset((0x00, 0xFF, 0xAA, 0x55))

#   a
# f   b
#   g
# e   c
#   d
_SEGMENTS = {
    "0": "abcdef", "1": "bc", "2": "abged", "3": "abgcd", "4": "fgbc", "5": "afgcd", "6": "afgedc",
    "7": "abc", "8": "abcdefg", "9": "abcdfg", "-": "g",
}


def _round8(value: float) -> int:
    return max(8, int(value) // 8 * 8)


def draw_digits(canvas: np.ndarray, text: str, x: int, y: int, height: int) -> int:
    """Draw ``text`` (digits and '-') in seven segments at (x, y), ``height`` rows tall; returns its width.

    ``x`` must be a multiple of 8; every stroke is a multiple of 8 dots wide and starts on a byte.
    """
    stroke = _round8(height / 7)
    width = _round8(height * 0.55)
    width = max(width, 3 * stroke)
    gap = stroke
    half = height // 2
    cursor = x
    for ch in text:
        for seg in _SEGMENTS.get(ch, ""):
            if seg == "a":
                canvas[y : y + stroke // 2 + 2, cursor : cursor + width] = True
            elif seg == "d":
                canvas[y + height - stroke // 2 - 2 : y + height, cursor : cursor + width] = True
            elif seg == "g":
                canvas[y + half - stroke // 4 - 1 : y + half + stroke // 4 + 1, cursor : cursor + width] = True
            elif seg == "f":
                canvas[y : y + half, cursor : cursor + stroke] = True
            elif seg == "e":
                canvas[y + half : y + height, cursor : cursor + stroke] = True
            elif seg == "b":
                canvas[y : y + half, cursor + width - stroke : cursor + width] = True
            elif seg == "c":
                canvas[y + half : y + height, cursor + width - stroke : cursor + width] = True
        cursor += width + gap
    return cursor - gap - x


def digits_width(text: str, height: int) -> int:
    stroke = _round8(height / 7)
    width = max(_round8(height * 0.55), 3 * stroke)
    return len(text) * width + (len(text) - 1) * stroke


def _fit_height(text: str, want: int, room: int) -> int:
    height = want
    while height > 16 and digits_width(text, height) > room:
        height -= 8
    return height


def to_raster(canvas: np.ndarray) -> Raster:
    rows, width = canvas.shape
    return Raster(width, rows, np.packbits(canvas, axis=1).tobytes())


def _checker(canvas: np.ndarray, top: int, bottom: int, left: int = 0, right: int | None = None) -> None:
    """Fine 1-dot checker (bytes AA / 55): a lost byte shifts it by 8 dots, which shows as a seam."""
    right = canvas.shape[1] if right is None else right
    yy, xx = np.mgrid[top:bottom, left:right]
    canvas[top:bottom, left:right] = (yy + xx) % 2 == 0


def ladder_block(number: int, width: int, rows: int, gap_rows: int = 16) -> Raster:
    """One speed-ladder block: a solid bar, a fine checker, the block's number in large digits beside a
    column of bars, a checker and a solid bar, then ``gap_rows`` white rows to the next block."""
    if width % 8 or width < 64:
        raise ValueError("ladder blocks need a head at least 64 dots wide, in whole bytes")
    body = rows - gap_rows
    if body < 48:
        raise ValueError("a ladder block needs at least 48 printed rows")
    canvas = np.zeros((rows, width), dtype=bool)
    bar = max(4, body // 16)
    check = max(4, body // 10)
    canvas[0:bar] = True
    _checker(canvas, bar, bar + check)
    top, bottom = bar + check + 4, body - bar - check - 4
    text = str(number)
    height = _fit_height(text, bottom - top, width // 2 - 16)
    draw_digits(canvas, text, 8, top + (bottom - top - height) // 2, height)
    # Right half: alternating solid and checker stripes, so a tear anywhere in the middle shows too.
    left = _round8(width // 2)
    stripe = max(4, (bottom - top) // 8)
    for i, y in enumerate(range(top, bottom, stripe)):
        if i % 2:
            _checker(canvas, y, min(bottom, y + stripe), left, width)
        else:
            canvas[y : min(bottom, y + stripe), left:width] = True
    _checker(canvas, body - bar - check, body - bar)
    canvas[body - bar : body] = True
    return to_raster(canvas)


def density_patch(level: int, width: int, rows: int, gap_rows: int = 16) -> Raster:
    """One darkness patch: the level in digits, a solid square, a 50 % checker and thin lines.

    Printed once per density level; the user picks the darkest one whose checker is still crisp.
    """
    body = rows - gap_rows
    canvas = np.zeros((rows, width), dtype=bool)
    text = str(level)
    height = _fit_height(text, body - 16, width // 3)
    draw_digits(canvas, text, 8, 8, height)
    third = _round8(width / 3)
    canvas[8 : body - 8, third : 2 * third - 8] = True
    _checker(canvas, 8, body - 8, 2 * third, width)
    for y in range(8, body - 8, 8):  # thin 1-row lines across the checker: they fill in when too dark
        canvas[y, 2 * third : width] = True
    return to_raster(canvas)


RULER_WIDTHS = (96, 128, 192, 256, 320, 384, 432, 448, 512, 576, 600, 608, 624, 640, 720, 832)
RULER_ROW = 48


def ruler(widths: tuple[int, ...] = RULER_WIDTHS) -> Raster:
    """A width ruler: one bar per candidate head width, labelled with it, ending in a tall notch.

    Printed as wide as the widest candidate; the printer prints only what its head covers, so a bar wider
    than the head loses its notch. The widest bar that still ends in its notch is the head's width.
    """
    width = max(widths)
    canvas = np.zeros((RULER_ROW * len(widths), width), dtype=bool)
    for i, w in enumerate(widths):
        top = i * RULER_ROW
        label = 24
        draw_digits(canvas, str(w), 0, top + 8, label)
        start = _round8(digits_width(str(w), label) + 16)
        canvas[top + 18 : top + 24, start:w] = True  # the bar
        canvas[top + 4 : top + 40, w - 8 : w] = True  # its notch: the last byte the bar needs
    return to_raster(canvas)


def is_command_safe(raster: Raster) -> bool:
    """True when every byte of ``raster`` is one of the four pattern bytes (see the module docstring)."""
    return set(raster.data) <= SAFE_BYTES
