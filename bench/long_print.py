"""Long-strip benchmark (issue #18): peak memory of printing a 5 m banner at 384 dots, band by band.

Each variant runs in its own child process (so its peak RSS is its own, read with ``os.wait4``) and prints
the same strip through the print runner to the virtual printer on simulated time:

- ``banded``: ``print --banner`` as shipped: ``BannerPages`` -> ``BandedRaster`` -> streamed job;
- ``whole_image``: the baseline, the strip drawn as one greyscale image, then one 1-bit raster, then printed;
- ``imports_only``: the same imports and nothing else (the floor every variant pays).

Prints ``peak_rss_mb=`` (banded; target < 300), ``whole_image_rss_mb=``, ``imports_only_rss_mb=``,
``rss_ratio_vs_whole_image=`` and whether both printed the same paper.

    .venv/bin/python bench/long_print.py [--metres 5] [--model phocol.generic384]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

CHILD = r"""
import hashlib, sys
from phocol_desktop.domain.job import JobOptions
from phocol_desktop.domain.printer_model import load_model_table
from phocol_desktop.domain.raster import Raster
from phocol_desktop.services.banners import BannerPages
from phocol_desktop.services.ble_worker import BleWorker
from phocol_desktop.services.print_runner import PrintRequest, PrintRunner, RasterPages, VirtualTarget

variant, model_id, length_mm = sys.argv[1], sys.argv[2], float(sys.argv[3])
model = load_model_table().get(model_id)
if variant == "imports_only":
    sys.exit(0)
source = BannerPages("Phocol long strip 5 m ", length_mm)
if variant == "whole_image":
    import numpy as np
    from PIL import Image
    from phocol_desktop.imaging.banner import banner_tile

    tile = banner_tile(source.text, model.head_dots)
    rows = model.mm_to_dots(length_mm)
    strip = Image.new("L", (model.head_dots, rows), 255)  # the whole strip as one picture
    grey = Image.fromarray(np.where(tile, 0, 255).astype(np.uint8))
    for top in range(0, rows, tile.shape[0]):
        strip.paste(grey, (0, top))
    bits = np.asarray(strip) < 128
    source = RasterPages((Raster(model.head_dots, rows, np.packbits(bits, axis=1).tobytes()),))
with BleWorker() as worker:
    result = PrintRunner(worker).run(PrintRequest(source, VirtualTarget(model, simulated_time=True), JobOptions()))
paper = result.printer.paper.raster()
print(result.outcome, paper.height, hashlib.sha256(paper.data).hexdigest()[:16], result.printer.stats.lost_bytes)
"""


def run_child(variant: str, model_id: str, length_mm: float) -> tuple[float, str, float]:
    """(peak RSS in MB, the child's output, seconds)."""
    started = time.monotonic()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, "-c", CHILD, variant, model_id, str(length_mm)],
                                stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(proc.pid, 0)  # reaps it: this child's own peak RSS, in KiB on Linux
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"{variant} failed: {err.read().strip()[-500:]}")
        return usage.ru_maxrss / 1024, out.read().strip(), time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--metres", type=float, default=5.0)
    ap.add_argument("--model", default="phocol.generic384")
    args = ap.parse_args(argv)
    length_mm = args.metres * 1000
    floor, _, _ = run_child("imports_only", args.model, length_mm)
    banded, banded_out, banded_s = run_child("banded", args.model, length_mm)
    whole, whole_out, whole_s = run_child("whole_image", args.model, length_mm)
    print(f"strip: {args.metres:g} m on {args.model}; banded: {banded_out} in {banded_s:.1f} s; "
          f"whole image: {whole_out} in {whole_s:.1f} s")
    same = banded_out.split()[:3] == whole_out.split()[:3]
    print(f"same_paper={str(same).lower()}")
    print(f"imports_only_rss_mb={floor:.0f}")
    print(f"whole_image_rss_mb={whole:.0f}")
    print(f"peak_rss_mb={banded:.0f}")
    print(f"rss_ratio_vs_whole_image={banded / whole:.2f}")
    ok = banded < 300 and same and banded_out.startswith("printed") and banded_out.endswith(" 0")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
