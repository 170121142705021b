"""The editing document: what the user changed about one photo, plus undo/redo.

``EditState`` is immutable; every user edit produces a new state, so undo/redo is a list of states and
"the preview of state S" is a pure function the background renderer can compute at any time. It is also
what a project file stores (``storage/projects.py``), so ``from_dict`` validates every field: a hostile
project file gets a typed error, never a crash or an out-of-range value passed to Pillow.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from phocol_desktop.domain.errors import PhocolError

DITHERS = ("floyd-steinberg", "atkinson", "stucki", "jarvis", "bayer", "threshold")
TEXT_POSITIONS = ("bottom", "top", "center")
FITS = ("fit", "fill")


class DocumentError(PhocolError):
    advice = "The project file is damaged or from a newer version of Phocol Desktop."


@dataclass(frozen=True)
class EditState:
    rotate: int = 0  # quarter turns applied after EXIF orientation: 0, 90, 180, 270 (clockwise)
    angle: float = 0.0  # fine rotation, degrees, -45..45
    flip_h: bool = False
    flip_v: bool = False
    crop: tuple[float, float, float, float] | None = None  # x, y, w, h in 0..1 of the rotated photo
    brightness: int = 0  # -100..100
    contrast: int = 0  # -100..100
    gamma: float = 1.0  # 0.2..5
    sharpen: int = 0  # 0..100
    invert: bool = False
    text: str = ""
    text_size: int = 32  # printer dots
    text_position: str = "bottom"
    dither: str = "floyd-steinberg"
    strength: int = 100  # 0..100
    preset: str = ""  # paper size id of the model; "" = the model's first preset
    fit: str = "fit"
    density: int | None = None

    def with_change(self, field_name: str, value: Any) -> EditState:
        return EditState.from_dict({**self.to_dict(), field_name: value})

    def rotated(self, quarter: int) -> EditState:
        # A quarter turn invalidates the crop frame (its aspect flips); the user re-frames.
        return replace(self, rotate=(self.rotate + quarter) % 360, crop=None)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["crop"] = None if self.crop is None else list(self.crop)
        return d

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EditState:
        if not isinstance(data, Mapping):
            raise DocumentError("The edits in the project are not an object.")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise DocumentError(f"Unknown edit field(s): {', '.join(unknown)}.")
        d = cls()

        def num(key: str, lo: float, hi: float, integer: bool) -> Any:
            v = data.get(key, getattr(d, key))
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
                raise DocumentError(f"Edit {key!r} must be a number.")
            if not lo <= v <= hi:
                raise DocumentError(f"Edit {key!r} is {v}, outside {lo}..{hi}.")
            return int(v) if integer else float(v)

        def flag(key: str) -> bool:
            v = data.get(key, getattr(d, key))
            if not isinstance(v, bool):
                raise DocumentError(f"Edit {key!r} must be true or false.")
            return v

        def choice(key: str, options: tuple[str, ...]) -> str:
            v = data.get(key, getattr(d, key))
            if v not in options:
                raise DocumentError(f"Edit {key!r} must be one of {', '.join(options)}.")
            return v

        rotate = num("rotate", 0, 270, True)
        if rotate % 90:
            raise DocumentError("Edit 'rotate' must be 0, 90, 180 or 270.")
        crop = data.get("crop")
        if crop is not None:
            if (not isinstance(crop, list | tuple) or len(crop) != 4
                    or not all(isinstance(c, int | float) and not isinstance(c, bool) and math.isfinite(c)
                               for c in crop)):
                raise DocumentError("Edit 'crop' must be four numbers.")
            x, y, w, h = (float(c) for c in crop)
            if not (0 <= x < 1 and 0 <= y < 1 and 0 < w <= 1 and 0 < h <= 1 and x + w <= 1.0001
                    and y + h <= 1.0001):
                raise DocumentError("Edit 'crop' lies outside the photo.")
            crop = (x, y, w, h)
        text = data.get("text", "")
        if not isinstance(text, str) or len(text) > 500:
            raise DocumentError("Edit 'text' must be a string of at most 500 characters.")
        preset = data.get("preset", "")
        if not isinstance(preset, str) or len(preset) > 64:
            raise DocumentError("Edit 'preset' must be a short string.")
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


class History:
    """Undo/redo over immutable states. Consecutive changes of the same slider merge into one step."""

    def __init__(self, initial: EditState, limit: int = 200) -> None:
        self._states = [initial]
        self._index = 0
        self._limit = limit
        self._last_field: str | None = None

    @property
    def current(self) -> EditState:
        return self._states[self._index]

    def push(self, state: EditState, merge_key: str | None = None) -> EditState:
        if state == self.current:
            return state
        del self._states[self._index + 1:]
        if merge_key is not None and merge_key == self._last_field and self._index > 0:
            self._states[self._index] = state  # dragging a slider is one undo step, not fifty
        else:
            self._states.append(state)
            self._index += 1
            if len(self._states) > self._limit:
                self._states.pop(0)
                self._index -= 1
        self._last_field = merge_key
        return state

    def end_merge(self) -> None:
        self._last_field = None

    def can_undo(self) -> bool:
        return self._index > 0

    def can_redo(self) -> bool:
        return self._index < len(self._states) - 1

    def undo(self) -> EditState:
        if self.can_undo():
            self._index -= 1
        self._last_field = None
        return self.current

    def redo(self) -> EditState:
        if self.can_redo():
            self._index += 1
        self._last_field = None
        return self.current
