"""Shared helpers for the design tests: deterministic photos, a fixed clock, decoding rasters with zbar."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "designs"
NOW = datetime(2026, 11, 30, 9, 41)


def draw_photo(path: Path, seed: int, size: tuple[int, int] = (480, 360)) -> Path:
    """A lossless, lopsided test photo: a gradient, a dark disc and a light bar, different per seed."""
    w, h = size
    yy, xx = np.mgrid[0:h, 0:w]
    base = (xx * (0.4 + 0.15 * seed) + yy * 0.3) % 256
    disc = (xx - w * (0.25 + 0.15 * seed)) ** 2 + (yy - h * 0.4) ** 2 < (h * 0.22) ** 2
    base[disc] = 25
    base[int(h * 0.75):int(h * 0.85), int(w * 0.1):int(w * 0.9)] = 235
    Image.fromarray(base.astype(np.uint8), "L").convert("RGB").save(path)
    return path


@pytest.fixture(scope="session")
def design_photos(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("design-photos")
    return [draw_photo(folder / f"photo{i + 1}.png", i) for i in range(4)]


def zbar(image: Image.Image) -> list[tuple[str, str]]:
    """(symbology, text) of every code libzbar finds in a 1-bit paper image (independent of our encoder)."""
    from pyzbar.pyzbar import decode

    gray = image.convert("L")
    # A scanner sees paper with a margin around it: pad, as the printed label has white around the code.
    padded = Image.new("L", (gray.width + 40, gray.height + 40), 255)
    padded.paste(gray, (20, 20))
    return [(d.type, d.data.decode("utf-8")) for d in decode(padded)]
