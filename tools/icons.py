#!/usr/bin/env python3
"""Render the app icon from its SVG sources into every file desktops and installers need.

    .venv/bin/python tools/icons.py

Sources (hand-written, edit these): assets/icons/<APP_ID>.svg, and <APP_ID>-16.svg / -24.svg, the same
drawing redrawn on whole pixels for the 16 and 24 px sizes (scaled down, the big one blurs there).
Writes, all committed:

    assets/icons/hicolor/<N>x<N>/apps/<APP_ID>.png   N = 16 … 512 (the freedesktop icon theme layout)
    assets/icons/<APP_ID>.ico                        Windows (16 … 256, for the PyInstaller .exe)
    assets/icons/<APP_ID>.icns                       macOS (16 … 1024, for the .app)
    phocol_desktop/assets/icons/app-<N>.png          the runtime copies the windows use (N = 16 … 256)

The SVG is rasterised by librsvg's `rsvg-convert` (Debian: librsvg2-bin; macOS: brew install librsvg), the
reference SVG renderer of the Linux desktops that will show the icon; Pillow packs the .ico and .icns.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from phocol_desktop import APP_ID  # noqa: E402 - after the path set-up, so the tool runs from a checkout

ICONS = ROOT / "assets" / "icons"
RUNTIME = ROOT / "phocol_desktop" / "assets" / "icons"
THEME_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
RUNTIME_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
PIXEL_DRAWN = (16, 24)  # sizes with their own whole-pixel drawing


def render(size: int) -> bytes:
    source = ICONS / (f"{APP_ID}-{size}.svg" if size in PIXEL_DRAWN else f"{APP_ID}.svg")
    exe = shutil.which("rsvg-convert")
    if exe is None:
        sys.exit("tools/icons.py needs rsvg-convert (Debian/Ubuntu: sudo apt install librsvg2-bin)")
    return subprocess.run([exe, "--width", str(size), "--height", str(size), "--format", "png", str(source)],
                          check=True, capture_output=True).stdout


def main() -> None:
    pngs = {size: render(size) for size in (*THEME_SIZES, 1024)}
    for size in THEME_SIZES:
        target = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pngs[size])
    RUNTIME.mkdir(parents=True, exist_ok=True)
    for size in RUNTIME_SIZES:
        (RUNTIME / f"app-{size}.png").write_bytes(pngs[size])
    images = {size: Image.open(io.BytesIO(data)).convert("RGBA") for size, data in pngs.items()}
    largest_ico = images[max(ICO_SIZES)]
    largest_ico.save(ICONS / f"{APP_ID}.ico", sizes=[(s, s) for s in ICO_SIZES],
                     append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)])
    images[1024].save(ICONS / f"{APP_ID}.icns", append_images=[images[s] for s in (16, 32, 64, 128, 256, 512)])
    print(f"wrote {len(THEME_SIZES)} theme PNGs, {len(RUNTIME_SIZES)} runtime PNGs, .ico and .icns for {APP_ID}")


if __name__ == "__main__":
    main()
