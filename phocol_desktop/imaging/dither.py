"""Grayscale to 1-bit: the dithering methods a user can choose, all deterministic and loop-free per pixel.

- ``floyd-steinberg`` (default): Pillow's C implementation at full strength; the numpy diffuser below
  when a reduced strength is asked for.
- ``atkinson``, ``stucki``, ``jarvis`` (Jarvis–Judice–Ninke): error diffusion in numpy. Pixels are
  processed in *wavefronts*: every pixel on the line ``x + k*y = t`` depends only on pixels of earlier
  lines, so a whole wavefront is one vectorised step (W + k*H steps instead of W*H Python iterations).
  Integer arithmetic throughout, so the output is bit-identical on every machine.
- ``bayer``: ordered dithering with an 8x8 Bayer matrix (crisp, regular; good for text and logos).
- ``threshold``: black below the middle grey (line art, QR codes).

``strength`` (0..1) is how much of the quantisation error is passed on (error diffusion) or how far the
Bayer thresholds spread around the middle (ordered); 0 makes every method a plain threshold.
Brightness/contrast/gamma (the edit document) are applied before this module sees the picture.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import numpy as np
from PIL import Image

from phocol_desktop.imaging.errors import EditsInvalid

FLOYD_STEINBERG = "floyd-steinberg"
ATKINSON = "atkinson"
STUCKI = "stucki"
JARVIS = "jarvis"
BAYER = "bayer"
THRESHOLD = "threshold"
METHODS = (FLOYD_STEINBERG, ATKINSON, STUCKI, JARVIS, BAYER, THRESHOLD)
ALIASES = {"fs": FLOYD_STEINBERG, "floyd": FLOYD_STEINBERG, "floydsteinberg": FLOYD_STEINBERG,
           "jjn": JARVIS, "jarvis-judice-ninke": JARVIS, "ordered": BAYER, "none": THRESHOLD}

MID_GREY = 128  # a value below this is black when not dithered

# (dx, dy, weight) taps and the divisor of each error-diffusion kernel. Atkinson passes on only 6/8 of
# the error on purpose: highlights and shadows clip, which suits high-contrast thermal paper.
KERNELS: Mapping[str, tuple[int, tuple[tuple[int, int, int], ...]]] = {
    FLOYD_STEINBERG: (16, ((1, 0, 7), (-1, 1, 3), (0, 1, 5), (1, 1, 1))),
    ATKINSON: (8, ((1, 0, 1), (2, 0, 1), (-1, 1, 1), (0, 1, 1), (1, 1, 1), (0, 2, 1))),
    STUCKI: (42, ((1, 0, 8), (2, 0, 4),
                  (-2, 1, 2), (-1, 1, 4), (0, 1, 8), (1, 1, 4), (2, 1, 2),
                  (-2, 2, 1), (-1, 2, 2), (0, 2, 4), (1, 2, 2), (2, 2, 1))),
    JARVIS: (48, ((1, 0, 7), (2, 0, 5),
                  (-2, 1, 3), (-1, 1, 5), (0, 1, 7), (1, 1, 5), (2, 1, 3),
                  (-2, 2, 1), (-1, 2, 3), (0, 2, 5), (1, 2, 3), (2, 2, 1))),
}
_PAD = 2  # every kernel reaches at most two pixels sideways and two rows down
_STRENGTH_ONE = 256  # strength is applied in fixed point, 1/256 steps


def method_named(name: str | None) -> str:
    """The method id for a user-typed name ("FS", "Floyd-Steinberg", "jjn", ...); EditsInvalid if unknown."""
    key = (name or FLOYD_STEINBERG).strip().lower().replace("_", "-").replace(" ", "-")
    method = ALIASES.get(key, ALIASES.get(key.replace("-", ""), key))
    if method not in METHODS:
        raise EditsInvalid(f"Unknown dithering method {name!r:.40}; choose one of {', '.join(METHODS)}.")
    return method


def dither(gray: Image.Image, method: str = FLOYD_STEINBERG, strength: float = 1.0) -> np.ndarray:
    """Dither an "L" image; returns a (rows, cols) bool array, True = black dot."""
    if gray.mode != "L":
        raise ValueError(f"dither() needs an L image, got {gray.mode}")
    if method not in METHODS:
        raise EditsInvalid(f"Unknown dithering method {method!r:.40}; choose one of {', '.join(METHODS)}.")
    if not 0.0 <= strength <= 1.0:
        raise EditsInvalid(f"Dithering strength {strength} is outside 0..1.")
    arr = np.asarray(gray)
    if method == THRESHOLD or strength == 0.0:
        return arr < MID_GREY
    if method == FLOYD_STEINBERG and strength == 1.0:
        # Pillow's C error diffuser (same kernel, serpentine-free, threshold 128): the fast common path.
        return np.asarray(gray.convert("1", dither=Image.Dither.FLOYDSTEINBERG)) == 0
    if method == BAYER:
        return arr < _bayer_thresholds(arr.shape, strength)
    return error_diffusion(arr, method, strength)


_THRESHOLD_LUT = [0 if v < MID_GREY else 255 for v in range(256)]


def bool_to_image(black: np.ndarray) -> Image.Image:
    """A (rows, cols) bool array, True = black dot, as a mode "1" image (where 0 = black)."""
    rows, cols = black.shape
    packed = np.packbits(black, axis=1)
    return Image.frombytes("1", (cols, rows), packed.tobytes(), "raw", "1;I")


@lru_cache(maxsize=4)
def _bayer_matrix() -> np.ndarray:
    m = np.zeros((1, 1), dtype=np.int64)
    while m.shape[0] < 8:
        m = np.block([[4 * m, 4 * m + 2], [4 * m + 3, 4 * m + 1]])
    return m


def _bayer_thresholds(shape: tuple[int, ...], strength: float) -> np.ndarray:
    # Thresholds centred in each of the 64 levels: 2, 6, ..., 254; strength pulls them to mid grey.
    levels = (_bayer_matrix() * 4 + 2).astype(np.float64)
    thresholds = np.rint(MID_GREY + strength * (levels - MID_GREY)).astype(np.int16)
    rows, cols = shape[:2]
    reps = (-(-rows // 8), -(-cols // 8))
    return np.tile(thresholds, reps)[:rows, :cols]


@lru_cache(maxsize=8)
def _wavefronts(rows: int, cols: int, slope: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Padded flat indices of all pixels, ordered by wavefront ``x + slope*y``, and the step bounds."""
    padded_cols = cols + 2 * _PAD
    ys, xs = np.divmod(np.arange(rows * cols, dtype=np.int64), cols)
    front = xs + slope * ys
    order = np.argsort(front, kind="stable")
    flat = ((ys + _PAD) * padded_cols + xs + _PAD)[order]
    bounds = np.concatenate(([0], np.cumsum(np.bincount(front, minlength=int(front.max()) + 1))))
    inside = (ys + _PAD) * padded_cols + xs + _PAD  # raster order, to read the result back
    return flat, bounds, inside


def error_diffusion(gray: np.ndarray, method: str, strength: float = 1.0) -> np.ndarray:
    """Error-diffuse a uint8 (rows, cols) array; returns a bool array, True = black.

    Each pixel *pulls* the error of its already-decided neighbours (the kernel mirrored), so a wavefront
    needs one gather and one small integer matrix product, with no scatter collisions to resolve.
    """
    divisor, taps = KERNELS[method]
    rows, cols = gray.shape
    if rows == 0 or cols == 0:
        return np.zeros((rows, cols), dtype=bool)
    # A wavefront slope k is valid when every source pixel lies on an earlier front: k*dy > -dx.
    slope = max([1] + [(-dx) // dy + 1 for dx, dy, _ in taps if dy > 0])
    flat, bounds, inside = _wavefronts(rows, cols, slope)
    padded_cols = cols + 2 * _PAD
    size = (rows + _PAD) * padded_cols + _PAD + 1
    value = np.zeros(size, dtype=np.int64)
    value[inside] = gray.reshape(-1)
    error = np.zeros(size, dtype=np.int64)  # quantisation error * strength, fixed point
    black = np.zeros(size, dtype=bool)
    offsets = np.array([dy * padded_cols + dx for dx, dy, _ in taps], dtype=np.int64)
    weights = np.array([w for _, _, w in taps], dtype=np.int64)
    scale = divisor * _STRENGTH_ONE
    half = scale // 2
    strength_q = round(strength * _STRENGTH_ONE)
    for start, stop in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        idx = flat[start:stop]
        pulled = error[idx[:, None] - offsets] @ weights
        v = value[idx] + (pulled + half) // scale
        is_black = v < MID_GREY
        black[idx] = is_black
        error[idx] = (v - np.where(is_black, 0, 255)) * strength_q
    return black[inside].reshape(rows, cols)
