"""The edit document: what the user changed about one photo, as one immutable, validated value.

``EditState`` is the single edit model of the app. It lives here, in the pure imaging layer, because the
pipeline (:mod:`phocol_desktop.imaging.pipeline`) consumes it; ``services.document`` re-exports it next
to the undo/redo ``History``, and a project file stores ``to_dict()`` (``storage/projects.py``).

Every user edit produces a new state, so undo/redo is a list of states and "the preview of state S" is a
pure function a background renderer can compute at any time. ``from_dict`` validates every field: a
hostile project file gets a typed :class:`EditsInvalid`, never a crash or an out-of-range value passed on
to Pillow. How each field is applied, and in which order, is described in docs/IMAGING.md and in
:mod:`phocol_desktop.imaging.pipeline`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from phocol_desktop.imaging.errors import EditsInvalid

DITHERS = ("floyd-steinberg", "atkinson", "stucki", "jarvis", "bayer", "threshold")
TEXT_POSITIONS = ("bottom", "top", "center")
FITS = ("fit", "fill")
MAX_TEXT_CHARS = 500

# Geometry fields: a change to one of these re-samples the photo; any other field only re-tones and
# re-dithers the already sampled picture (that is what keeps slider drags fast, see pipeline.py).
GEOMETRY_FIELDS = ("rotate", "angle", "flip_h", "flip_v", "crop", "preset", "fit")


@dataclass(frozen=True)
class EditState:
    rotate: int = 0  # quarter turns applied after EXIF orientation: 0, 90, 180, 270 (clockwise)
    angle: float = 0.0  # fine rotation (straighten), clockwise degrees, -45..45
    flip_h: bool = False  # mirror left-right
    flip_v: bool = False  # mirror top-bottom
    crop: tuple[float, float, float, float] | None = None  # x, y, w, h in 0..1 of the turned photo
    brightness: int = 0  # -100..100: share of the full tone range added
    contrast: int = 0  # -100..100: slope change around mid grey
    gamma: float = 1.0  # 0.2..5; above 1 lightens the mid-tones
    sharpen: int = 0  # 0..100: unsharp-mask strength at printer resolution
    invert: bool = False
    text: str = ""
    text_size: int = 32  # printer dots
    text_position: str = "bottom"
    dither: str = "floyd-steinberg"
    strength: int = 100  # 0..100: share of the quantisation error passed on (0 = plain threshold)
    preset: str = ""  # paper size id of the model; "" = the model's default paper
    fit: str = "fit"  # fit: whole photo visible; fill: paper covered, overflow cut off
    density: int | None = None  # printer heat level (sent by the protocol layer, not used in imaging)

    def with_change(self, field_name: str, value: Any) -> EditState:
        return EditState.from_dict({**self.to_dict(), field_name: value})

    def rotated(self, quarter: int) -> EditState:
        """Turn the photo by ``quarter`` degrees (a multiple of 90, clockwise) and its crop with it, so the
        same part of the photo stays framed and turning back restores the crop exactly."""
        steps = (quarter // 90) % 4
        crop = self.crop
        if crop is not None:
            # The crop lives in the frame after turn *and* flips; one mirror reverses the turn's sense there.
            clockwise = self.flip_h == self.flip_v
            for _ in range(steps):
                x, y, w, h = crop
                crop = (1.0 - y - h, x, h, w) if clockwise else (y, 1.0 - x - w, h, w)
            crop = tuple(min(1.0, max(0.0, round(v, 9))) for v in crop)
        return replace(self, rotate=(self.rotate + quarter) % 360, crop=crop)

    def geometry_key(self) -> tuple[Any, ...]:
        """The fields that decide which photo pixels land where on the paper (a cache key)."""
        return tuple(getattr(self, name) for name in GEOMETRY_FIELDS)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["crop"] = None if self.crop is None else list(self.crop)
        return d

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EditState:
        if not isinstance(data, Mapping):
            raise EditsInvalid("The edits are not an object.")
        known = {f.name for f in fields(cls)}
        unknown = sorted(str(k)[:40] for k in set(data) - known)
        if unknown:
            raise EditsInvalid(f"Unknown edit field(s): {', '.join(unknown)}.")
        d = cls()

        def num(key: str, lo: float, hi: float, integer: bool) -> Any:
            v = data.get(key, getattr(d, key))
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
                raise EditsInvalid(f"Edit {key!r} must be a number.")
            if not lo <= v <= hi:
                raise EditsInvalid(f"Edit {key!r} is {v}, outside {lo}..{hi}.")
            return int(v) if integer else float(v)

        def flag(key: str) -> bool:
            v = data.get(key, getattr(d, key))
            if not isinstance(v, bool):
                raise EditsInvalid(f"Edit {key!r} must be true or false.")
            return v

        def choice(key: str, options: tuple[str, ...]) -> str:
            v = data.get(key, getattr(d, key))
            if not isinstance(v, str) or v not in options:
                raise EditsInvalid(f"Edit {key!r} must be one of {', '.join(options)}.")
            return v

        rotate = num("rotate", 0, 270, True)
        if rotate % 90:
            raise EditsInvalid("Edit 'rotate' must be 0, 90, 180 or 270.")
        crop = data.get("crop")
        if crop is not None:
            if (not isinstance(crop, list | tuple) or len(crop) != 4
                    or not all(isinstance(c, int | float) and not isinstance(c, bool) and math.isfinite(c)
                               for c in crop)):
                raise EditsInvalid("Edit 'crop' must be four numbers.")
            x, y, w, h = (float(c) for c in crop)
            if not (0 <= x < 1 and 0 <= y < 1 and 0 < w <= 1 and 0 < h <= 1 and x + w <= 1.0001
                    and y + h <= 1.0001):
                raise EditsInvalid("Edit 'crop' lies outside the photo.")
            crop = (x, y, w, h)
        text = data.get("text", "")
        if not isinstance(text, str) or len(text) > MAX_TEXT_CHARS:
            raise EditsInvalid(f"Edit 'text' must be a string of at most {MAX_TEXT_CHARS} characters.")
        if "\x00" in text:
            raise EditsInvalid("Edit 'text' contains a NUL character.")
        preset = data.get("preset", "")
        if not isinstance(preset, str) or len(preset) > 64:
            raise EditsInvalid("Edit 'preset' must be a short string.")
        density = data.get("density")
        if density is not None:
            density = num("density", 0, 255, True)
        return cls(
            rotate=rotate, angle=num("angle", -45, 45, False), flip_h=flag("flip_h"), flip_v=flag("flip_v"),
            crop=crop, brightness=num("brightness", -100, 100, True), contrast=num("contrast", -100, 100, True),
            gamma=num("gamma", 0.2, 5, False), sharpen=num("sharpen", 0, 100, True), invert=flag("invert"),
            text=text, text_size=num("text_size", 8, 200, True),
            text_position=choice("text_position", TEXT_POSITIONS), dither=choice("dither", DITHERS),
            strength=num("strength", 0, 100, True), preset=preset, fit=choice("fit", FITS), density=density,
        )
