"""Benchmark: designs against the single-photo pipeline, in the same process.

    .venv/bin/python bench/designs.py [--repeat N] [--rows N]

1. ``photo-strip-4`` of four generated 12 MP JPEGs (4000x3000, written to a temporary folder), rendered end
   to end (decode, four photo boxes, caption, date, pack) vs the four photos rendered one after another with
   ``render_file`` (each on the model's default paper, as `phocol-desktop render` does). The design decodes
   its photos in parallel (a thread pool; Pillow decodes without the GIL), so on a machine with cores the
   ratio ``strip_vs_four_singles`` should be at most 1.0: the design adds no cost.
2. A ``qr-label`` CSV batch of N rows (default 100) through the same path as ``render --csv`` (read, fill,
   render each row): ``labels_per_s``.
3. Peak memory: the maximum resident set size of this process (``peak_rss_mb``), after both (the JPEGs
   are generated in a child process so they do not count).

Medians of ``--repeat`` runs after one warm-up run (fonts, codecs); the strip and the singles run
alternately, so a machine busy with other work slows both alike. Speed goals live here, not in the tests.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from phocol_desktop.domain.printer_model import load_model_table  # noqa: E402
from phocol_desktop.imaging.design.batch import batch_rows, read_csv  # noqa: E402
from phocol_desktop.imaging.design.render import render_design  # noqa: E402
from phocol_desktop.imaging.design.templates import fill_template, load_catalog  # noqa: E402
from phocol_desktop.imaging.pipeline import render_file  # noqa: E402
from phocol_desktop.services.designs import DesignPage, render_batch  # noqa: E402


def paired_medians(a: Callable[[], object], b: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median seconds of ``a`` and of ``b``, run alternately, so a busy machine slows both alike."""
    a(), b()  # warm-up outside the timing
    times_a, times_b = [], []
    for _ in range(repeat):
        for fn, times in ((a, times_a), (b, times_b)):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
    return statistics.median(times_a), statistics.median(times_b)


def median_s(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up outside the timing
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def make_jpegs(folder: Path) -> list[Path]:
    """Four different 12 MP camera-like JPEGs (gradients, shapes and grain, quality 90)."""
    rng = np.random.default_rng(7)
    yy, xx = np.mgrid[0:3000, 0:4000].astype(np.float32)
    paths = []
    for i in range(4):
        r = (xx * (0.03 + 0.01 * i) + yy * 0.05) % 256
        g = (np.hypot(xx - 1000 * (i + 1), yy - 1500) * 0.1) % 256
        b = (yy * 0.08 + 40 * i) % 256
        pixels = np.stack([r, g, b], axis=-1) + rng.normal(0, 6, (3000, 4000, 1))
        path = folder / f"photo{i + 1}.jpg"
        Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB").save(path, quality=90)
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rows", type=int, default=100)
    parser.add_argument("--make-jpegs", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_jpegs:
        make_jpegs(Path(args.make_jpegs))
        return 0

    model = load_model_table().default
    catalog = load_catalog()
    print(f"model={model.id} cpus={os.cpu_count()}")
    with tempfile.TemporaryDirectory(prefix="phocol-bench-") as tmp:
        folder = Path(tmp)
        # Generated in a child process, so this process's peak memory is the rendering's alone.
        subprocess.run([sys.executable, __file__, "--make-jpegs", str(folder)], check=True)
        photos = sorted(folder.glob("photo*.jpg"))

        strip = fill_template(catalog.get("photo-strip-4"),
                              {**{f"photo{i + 1}": str(p) for i, p in enumerate(photos)}, "caption": "Bench"})
        strip_s, singles_s = paired_medians(lambda: render_design(strip, model, photos=str),
                                            lambda: [render_file(p, model) for p in photos], args.repeat)
        print(f"strip_s={strip_s:.3f} four_singles_s={singles_s:.3f}")

        csv_path = folder / "labels.csv"
        csv_path.write_text("title,qr\n" + "".join(f"Item {i},https://example.org/item/{i:05d}\n"
                                                   for i in range(1, args.rows + 1)), encoding="utf-8")
        template = catalog.get("qr-label")

        def batch() -> None:
            rows = batch_rows(template, read_csv(csv_path))
            pages = [DesignPage(f"row {r.number}", r.number, fill_template(template, r.values), None) for r in rows]
            result = render_batch(pages, model, on_rendered=lambda _page, _rendered: None)
            assert len(result.done) == args.rows and not result.failed

        batch_s = median_s(batch, max(1, args.repeat // 2))
        print(f"batch_rows={args.rows} batch_s={batch_s:.3f}")

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"strip_vs_four_singles={strip_s / singles_s:.2f} labels_per_s={args.rows / batch_s:.1f} "
          f"peak_rss_mb={peak_mb:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
