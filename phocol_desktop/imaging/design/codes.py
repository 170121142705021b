"""QR codes (segno) and barcodes (python-barcode) as whole-dot bitmaps that scan from thermal paper.

Both libraries give the symbol as *modules* (QR: a square matrix; barcodes: a row of bar/space modules).
Each module becomes an integer number of printer dots, the largest that fits the element's box, so every
bar edge lands on a dot boundary; a fractional scale would make bars uneven and break scanning. When the
module is smaller than :data:`MIN_MODULE_MM` or than :data:`MIN_MODULE_DOTS`, the render warns
(:class:`CodeTooSmall`).

Check digits: EAN-13 and UPC-A accept the number without its check digit (it is added) or with it (it
must be right: python-barcode would silently replace a wrong one, which would print another product).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from phocol_desktop.imaging.design.errors import CodeDoesNotFit, CodeInvalid

QR_MIN_MODULE_MM = 0.25  # phone cameras read ~0.25 mm modules on paper; smaller needs a good scanner
BAR_MIN_MODULE_MM = 0.19  # narrowest bar GS1 allows for EAN/UPC at 80 % magnification is 0.264 mm
MIN_MODULE_DOTS = 2  # one-dot bars bleed on a thermal head: at least two dots per module
BAR_QUIET_MODULES = 10  # light margin each side (Code 128 asks for 10 modules; EAN/UPC 7–11)
SYMBOLOGIES = {"code128": "code128", "ean13": "ean13", "upca": "upca"}
LENGTHS = {"ean13": (12, 13), "upca": (11, 12)}


@dataclass(frozen=True)
class CodeBitmap:
    black: np.ndarray  # bool, True = black, the symbol with its quiet zone
    module_dots: int
    text: str = ""  # human-readable text of a barcode (with its check digit)
    text_height: int = 0  # rows reserved under the bars for it


def qr_matrix(data: str, error: str) -> np.ndarray:
    """The QR symbol's modules (True = dark), without a quiet zone."""
    import segno

    if not data:
        raise CodeInvalid("The QR code has no data.")
    try:
        qr = segno.make(data, error=error.lower(), micro=False)
    except (segno.DataOverflowError, ValueError) as exc:
        raise CodeInvalid(f"The QR code's data is too long for a QR code ({len(data.encode('utf-8'))} bytes at "
                          f"error level {error}): {type(exc).__name__}.") from None
    return np.array([list(row) for row in qr.matrix], dtype=bool)


def qr_bitmap(data: str, error: str, quiet_zone: int, size: tuple[int, int]) -> CodeBitmap:
    """The largest whole-dot QR code (with its quiet zone) that fits ``size`` (width, height) dots."""
    matrix = qr_matrix(data, error)
    modules = matrix.shape[0] + 2 * quiet_zone
    module = min(size) // modules
    if module < 1:
        raise CodeDoesNotFit(f"The QR code needs {modules} modules but its box is {min(size)} dots.")
    padded = np.pad(matrix, quiet_zone)
    return CodeBitmap(np.kron(padded, np.ones((module, module), dtype=bool)), module)


def _check_digit(digits: str) -> str:
    """GS1 mod-10 check digit for the digits before it (EAN-13 and UPC-A share it)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return str((10 - total % 10) % 10)


def barcode_modules(symbology: str, data: str) -> tuple[str, str]:
    """(module string of '1'/'0', human-readable text) for ``data``."""
    import barcode
    from barcode.errors import BarcodeError

    if symbology not in SYMBOLOGIES:
        raise CodeInvalid(f"Unknown barcode type {symbology[:20]!r}.")
    if not data:
        raise CodeInvalid("The barcode has no data.")
    if symbology in LENGTHS:
        short, full = LENGTHS[symbology]
        name = "EAN-13" if symbology == "ean13" else "UPC-A"
        if not data.isascii() or not data.isdigit() or len(data) not in (short, full):
            raise CodeInvalid(f"{name} takes {short} digits (or {full} with the check digit), not {data[:30]!r}.")
        if len(data) == full and data[-1] != _check_digit(data[:-1]):
            raise CodeInvalid(f"{name} {data}: the check digit should be {_check_digit(data[:-1])}.")
        data = data[:short]
    elif not data.isascii() or not data.isprintable():
        raise CodeInvalid("Code 128 takes printable ASCII characters only.")
    try:
        code = barcode.get_barcode_class(SYMBOLOGIES[symbology])(data, writer=None)
        modules = "".join(code.build())
        text = code.get_fullcode()
    except (BarcodeError, ValueError, KeyError, IndexError) as exc:
        raise CodeInvalid(f"The barcode data {data[:30]!r} cannot be encoded ({type(exc).__name__}).") from None
    return modules, text


def barcode_bitmap(symbology: str, data: str, size: tuple[int, int], text_height: int) -> CodeBitmap:
    """Bars at the largest whole-dot module that fits ``size``; ``text_height`` rows are left under them."""
    modules, text = barcode_modules(symbology, data)
    width, height = size
    total = len(modules) + 2 * BAR_QUIET_MODULES
    module = width // total
    if module < 1:
        raise CodeDoesNotFit(f"The barcode needs {total} modules but its box is {width} dots wide.")
    bar_rows = max(1, height - text_height)
    row = np.pad(np.frombuffer(modules.encode("ascii"), dtype=np.uint8) == ord("1"), BAR_QUIET_MODULES)
    bars = np.repeat(row, module)
    black = np.zeros((height, bars.size), dtype=bool)
    black[:bar_rows, :] = bars
    return CodeBitmap(black, module, text, height - bar_rows)
