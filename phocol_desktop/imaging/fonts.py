"""Fonts for text in any script: the bundled DejaVu Sans plus every scalable font installed on the system.

Where fonts come from
    - The bundled default, DejaVu Sans (regular and bold, ``assets/fonts``, Bitstream Vera licence): Latin,
      Greek, Cyrillic, Arabic, Hebrew and many symbols, the same on every computer.
    - Linux and other fontconfig systems: one ``fc-list`` call lists the installed fonts with each one's
      character set (fontconfig's cache), so "which fonts have this character" never opens a font file.
    - Windows and macOS (or when a test restricts the search path): the OS font folders are walked and
      each font's names are read with fontTools.

Which font draws which character (per-glyph fallback)
    The requested family (closest weight) first; for a character it lacks, a font already used for this
    text, then the bundled font, then any installed font that has the glyph (sans-serif and the requested
    weight preferred). Coverage is each font's own ``cmap`` (read once with fontTools), so a character is
    never drawn as a box: when no font has it, :meth:`FontLibrary.face_for` returns ``None`` and the text
    renderer reports it as a :class:`~phocol_desktop.imaging.text.MissingGlyphs` warning.

Bitmap-only fonts (colour emoji in CBDT/sbix) are left out: FreeType renders them at one fixed pixel size
only, which does not fit printer dots.
"""

from __future__ import annotations

import bisect
import logging
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

log = logging.getLogger(__name__)

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "fonts"
BUNDLED_REGULAR = ASSETS / "DejaVuSans.ttf"
BUNDLED_BOLD = ASSETS / "DejaVuSans-Bold.ttf"
DEFAULT_FAMILY = "DejaVu Sans"
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
REGULAR, BOLD = 400, 700
FC_TIMEOUT_S = 10
# Han characters look different per region; the app speaks English and Simplified Chinese, so fallback
# prefers Simplified Chinese faces where several are installed (Linux, Windows, macOS names).
PREFERRED_FALLBACKS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
                       "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC",
                       "Noto Sans", "Segoe UI", "Arial Unicode MS")
MAX_FONT_FILES = 5000  # a font folder with more files than this is not walked further


@dataclass(frozen=True)
class FontFace:
    path: str
    index: int  # face number inside a collection (.ttc)
    family: str
    weight: int  # CSS scale: 400 regular, 700 bold
    italic: bool = False  # italic or oblique: only chosen when nothing upright has the glyph
    condensed: bool = False  # narrower than normal width: likewise a last choice

    @property
    def is_sans(self) -> bool:
        name = self.family.lower()
        return "sans" in name and "mono" not in name


BUNDLED = (
    FontFace(str(BUNDLED_REGULAR), 0, DEFAULT_FAMILY, REGULAR),
    FontFace(str(BUNDLED_BOLD), 0, DEFAULT_FAMILY, BOLD),
)


def os_font_dirs() -> list[Path]:
    """The folders the OS installs fonts into (used where fontconfig is absent)."""
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", "C:/Windows"))
        local = os.environ.get("LOCALAPPDATA")
        return [windir / "Fonts", *([Path(local) / "Microsoft/Windows/Fonts"] if local else [])]
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library/Fonts"]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local/share/fonts", home / ".fonts"]


def _fc_weight(value: str) -> int:
    """fontconfig weight (80 regular, 200 bold, …) to the CSS scale; a range like "[0 210]" takes its end."""
    try:
        fc = float(value.strip("[]").split()[-1])
    except (ValueError, IndexError):
        return REGULAR
    table = ((0, 100), (40, 200), (50, 300), (80, 400), (100, 500), (180, 600), (200, 700), (205, 800),
             (210, 900))
    return min(table, key=lambda pair: abs(pair[0] - fc))[1]


@lru_cache(maxsize=2048)
def _cmap(path: str, index: int) -> frozenset[int]:
    """The code points the face maps to a glyph (empty when the file cannot be read)."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, fontNumber=index, lazy=True) as font:
            if not any(tag in font for tag in ("glyf", "CFF ", "CFF2")):
                return frozenset()  # bitmap-only (colour emoji): not usable at printer sizes
            return frozenset((font.getBestCmap() or {}).keys())
    except Exception as exc:  # noqa: BLE001 - any broken font file is skipped, never fatal
        log.debug("font %s unreadable: %s", Path(path).name, type(exc).__name__)
        return frozenset()


def _names(path: Path) -> list[FontFace]:
    """Faces of one font file, named with fontTools (for folder walks)."""
    from fontTools.ttLib import TTCollection, TTFont

    faces: list[FontFace] = []
    try:
        if path.suffix.lower() in (".ttc", ".otc"):
            with TTCollection(str(path), lazy=True) as coll:
                fonts = list(enumerate(coll.fonts))
                for index, font in fonts:
                    faces.append(_face_of(font, str(path), index))
        else:
            with TTFont(str(path), lazy=True) as font:
                faces.append(_face_of(font, str(path), 0))
    except Exception as exc:  # noqa: BLE001 - a broken font file is skipped
        log.debug("font %s unreadable: %s", path.name, type(exc).__name__)
    return faces


def _face_of(font, path: str, index: int) -> FontFace:  # type: ignore[no-untyped-def]
    name = font["name"]
    family = str(name.getDebugName(16) or name.getDebugName(1) or Path(path).stem)
    weight, italic, condensed = REGULAR, False, False
    if "OS/2" in font:
        os2 = font["OS/2"]
        weight = int(os2.usWeightClass) or REGULAR
        italic = bool(os2.fsSelection & 0b1) or bool(os2.fsSelection & 0b1000000000)  # ITALIC or OBLIQUE
        condensed = int(os2.usWidthClass) < 5
    return FontFace(path, index, family, weight, italic, condensed)


class FontLibrary:
    """The fonts one render may use. Thread-safe; build one per process (``default_library()``).

    ``dirs`` restricts the search to these folders (no fontconfig): tests use it to simulate a computer
    without a CJK font. ``use_fontconfig`` (default: when ``fc-list`` exists and no ``dirs`` are given)
    asks fontconfig instead of walking folders.
    """

    def __init__(self, dirs: Sequence[Path] | None = None, *, use_fontconfig: bool | None = None) -> None:
        self._dirs = list(dirs) if dirs is not None else None
        fc = shutil.which("fc-list")
        self._fc = fc if (use_fontconfig if use_fontconfig is not None else dirs is None) else None
        self._lock = threading.Lock()
        self._faces: list[FontFace] | None = None
        self._charsets: dict[tuple[str, int], tuple[list[int], list[int]]] = {}  # fontconfig: (starts, ends)
        self._fallback: dict[tuple[int, int], FontFace | None] = {}
        self._ordered: dict[int, list[FontFace]] = {}

    # ------------------------------------------------------------------ enumeration

    def faces(self) -> list[FontFace]:
        """Every usable face: the bundled ones first, then the system's."""
        with self._lock:
            if self._faces is None:
                found = self._fc_list() if self._fc else self._walk()
                seen = {(f.path, f.index) for f in BUNDLED}
                self._faces = [*BUNDLED, *(f for f in found if (f.path, f.index) not in seen)]
            return list(self._faces)

    def _fc_list(self) -> list[FontFace]:
        assert self._fc is not None
        fmt = "%{file}\t%{index}\t%{family[0]}\t%{weight}\t%{slant}\t%{width}\t%{charset}\n"
        try:
            out = subprocess.run(
                [self._fc, "--format", fmt, ":scalable=true"],
                capture_output=True, timeout=FC_TIMEOUT_S, check=False, env={**os.environ, "LC_ALL": "C"},
            ).stdout.decode("utf-8", "replace")
        except (OSError, subprocess.SubprocessError) as exc:
            log.info("fc-list failed (%s); walking the font folders instead", type(exc).__name__)
            self._fc = None
            return self._walk()
        faces = []
        for line in out.splitlines():
            parts = line.split("\t")
            if len(parts) != 7 or not parts[0].lower().endswith(FONT_SUFFIXES):
                continue
            try:
                index = int(parts[1])
                italic = float(parts[4].strip("[]").split()[0] or 0) > 0
                condensed = float(parts[5].strip("[]").split()[0] or 100) < 100
                charset = _ranges(parts[6])
            except (ValueError, IndexError):
                continue
            if not charset[0]:
                continue  # no character map (bitmap-only colour emoji, broken files)
            self._charsets[(parts[0], index)] = charset
            faces.append(FontFace(parts[0], index, parts[2], _fc_weight(parts[3]), italic, condensed))
        return faces

    def _walk(self) -> list[FontFace]:
        faces: list[FontFace] = []
        count = 0
        for folder in self._dirs if self._dirs is not None else os_font_dirs():
            if not folder.is_dir():
                continue
            for root, _dirs, files in os.walk(folder):
                for name in sorted(files):
                    if not name.lower().endswith(FONT_SUFFIXES):
                        continue
                    count += 1
                    if count > MAX_FONT_FILES:
                        return faces
                    faces.extend(_names(Path(root) / name))
        return faces

    # ------------------------------------------------------------------ selection

    def _fallback_order(self, weight: int) -> list[FontFace]:
        """Installed faces in fallback order: upright, preferred families, sans, nearest weight; then a stable
        order (family, path), so a render is the same every time on this computer."""
        with self._lock:
            hit = self._ordered.get(weight)
        if hit is None:
            hit = sorted((f for f in self.faces() if f not in BUNDLED),
                         key=lambda f: (f.italic, f.condensed, _preference(f), not f.is_sans, abs(f.weight - weight),
                                        f.family, f.path, f.index))
            with self._lock:
                self._ordered[weight] = hit
        return hit

    def covers(self, face: FontFace, char: str) -> bool:
        charset = self._charsets.get((face.path, face.index))
        if charset is None:
            return ord(char) in _cmap(face.path, face.index)
        starts, ends = charset
        i = bisect.bisect_right(starts, ord(char)) - 1
        return i >= 0 and ord(char) <= ends[i]

    def primary(self, family: str | None, weight: int = REGULAR) -> FontFace:
        """The face for ``family`` closest to ``weight``; the bundled font when the family is not installed."""
        wanted = (family or DEFAULT_FAMILY).casefold()
        candidates = [f for f in self.faces() if f.family.casefold() == wanted
                      and ((f.path, f.index) in self._charsets or _cmap(f.path, f.index))]
        if not candidates:
            candidates = list(BUNDLED)
        return min(candidates, key=lambda f: (f.italic, f.condensed, abs(f.weight - weight), f not in BUNDLED, f.path))

    def face_for(self, char: str, weight: int = REGULAR, preferred: Iterable[FontFace] = ()) -> FontFace | None:
        """A face that has a glyph for ``char``: one of ``preferred`` first, else the best installed one."""
        for face in preferred:
            if self.covers(face, char):
                return face
        key = (ord(char), weight)
        with self._lock:
            if key in self._fallback:
                return self._fallback[key]
        bundled = [f for f in BUNDLED if self.covers(f, char)]
        if bundled:
            found: FontFace | None = min(bundled, key=lambda f: abs(f.weight - weight))
        else:
            found = next((f for f in self._fallback_order(weight) if self.covers(f, char)), None)
        with self._lock:
            self._fallback[key] = found
        return found


def _preference(face: FontFace) -> int:
    try:
        return PREFERRED_FALLBACKS.index(face.family)
    except ValueError:
        return len(PREFERRED_FALLBACKS)


def _ranges(charset: str) -> tuple[list[int], list[int]]:
    """fontconfig's charset text ("20-7e a0-17f 192 …") as sorted range starts and ends."""
    starts, ends = [], []
    for item in charset.split():
        low, _, high = item.partition("-")
        starts.append(int(low, 16))
        ends.append(int(high or low, 16))
    return starts, ends


_LIBRARY: FontLibrary | None = None
_LIBRARY_LOCK = threading.Lock()


def default_library() -> FontLibrary:
    """The process-wide library of installed fonts (fontconfig where available)."""
    global _LIBRARY
    with _LIBRARY_LOCK:
        if _LIBRARY is None:
            _LIBRARY = FontLibrary()
        return _LIBRARY


@lru_cache(maxsize=128)
def pil_font(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    """A Pillow font at ``size`` pixels (dots), shaped with raqm when Pillow has it (Arabic, Indic…)."""
    return ImageFont.truetype(path, max(1, size), index=index)
