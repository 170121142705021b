"""Benchmark: photo file -> packed printer raster, against naive baselines run in the same process.

    .venv/bin/python bench/pipeline.py [--repeat N] [--quick]

Cases: the real photos in ../shared/fixtures/photos and a generated 12 MP and 48 MP JPEG (written to a
temporary folder, removed afterwards). For each photo, the median of N runs of

  (a) ours:       ``photo_to_raster`` (draft decode, reduce, EXIF, Floyd-Steinberg, numpy pack);
  (b) naive:      Pillow ``open``, ``exif_transpose``, ``resize`` LANCZOS to the head width, ``convert('1')``,
                  ``tobytes`` (full decode at full size);
  (c) per-pixel:  (b) but packing the bits with a ``getpixel`` loop, as several existing printer tools do.

Then the parts: draft vs full JPEG decode, vectorised vs per-pixel error diffusion, numpy vs getpixel
packing; a preview refresh (one slider value changed on an already-prepared 12 MP photo -> new 1-bit
paper at 384 dots: ``preview_ms_p95``); and the peak memory (max RSS of a child process) for the 48 MP
JPEG. The last line is ``ratio_vs_naive=X.XX ratio_vs_per_pixel=Y.YY`` for the 12 MP JPEG (higher =
faster). Speed goals live here, not in the tests (docs/TESTING.md).
"""

from __future__ import annotations

import argparse
import math
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from phocol_desktop.domain.printer_model import load_model_table  # noqa: E402
from phocol_desktop.imaging.dither import KERNELS, MID_GREY, error_diffusion  # noqa: E402
from phocol_desktop.imaging.edits import EditState  # noqa: E402
from phocol_desktop.imaging.pipeline import photo_to_raster, prepare_photo, render  # noqa: E402

PHOTOS = REPO.parent / "shared" / "fixtures" / "photos"
MODEL_ID = "phomemo.m02"  # 384-dot head, continuous roll: the raster keeps the photo's shape


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm caches (plugins, fonts, kernels) outside the timing
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def naive(path: Path, head: int) -> bytes:
    im = ImageOps.exif_transpose(Image.open(path))
    im = im.resize((head, max(1, round(im.height * head / im.width))), Image.Resampling.LANCZOS)
    return im.convert("1").tobytes()


def pack_per_pixel(im: Image.Image) -> bytes:
    """Bits packed one getpixel at a time (MSB first, 1 = black): the loop many printer scripts use."""
    out = bytearray()
    for y in range(im.height):
        for xb in range(im.width // 8):
            byte = 0
            for bit in range(8):
                if im.getpixel((xb * 8 + bit, y)) == 0:
                    byte |= 0x80 >> bit
            out.append(byte)
    return bytes(out)


def per_pixel(path: Path, head: int) -> bytes:
    im = ImageOps.exif_transpose(Image.open(path))
    im = im.resize((head, max(1, round(im.height * head / im.width))), Image.Resampling.LANCZOS)
    return pack_per_pixel(im.convert("1"))


def naive_error_diffusion(gray: np.ndarray, method: str) -> np.ndarray:
    """The textbook per-pixel loop (same integer arithmetic as the vectorised diffuser)."""
    divisor, taps = KERNELS[method]
    rows, cols = gray.shape
    scale = divisor * 256
    error = np.zeros((rows, cols), dtype=np.int64).tolist()
    black = [[False] * cols for _ in range(rows)]
    g = gray.tolist()
    for y in range(rows):
        for x in range(cols):
            pulled = 0
            for dx, dy, w in taps:
                sy, sx = y - dy, x - dx
                if sy >= 0 and 0 <= sx < cols:
                    pulled += error[sy][sx] * w
            v = g[y][x] + (pulled + scale // 2) // scale
            b = v < MID_GREY
            black[y][x] = b
            error[y][x] = (v - (0 if b else 255)) * 256
    return np.array(black)


def make_jpeg(folder: Path, source: Path, megapixels: int) -> Path:
    """A camera-like JPEG of the given size: a real photo scaled up, with sensor-like noise, quality 90."""
    width = int((megapixels * 1e6 * 4 / 3) ** 0.5) // 16 * 16
    height = width * 3 // 4
    base = ImageOps.exif_transpose(Image.open(source)).convert("RGB").resize((width, height), Image.Resampling.BILINEAR)
    arr = np.asarray(base).copy()
    del base
    rng = np.random.default_rng(megapixels)
    for top in range(0, height, 256):  # in strips: keeps this generator's own memory small
        strip = arr[top : top + 256]
        noise = rng.normal(0, 6, strip.shape[:2] + (1,)).astype(np.float32)
        strip[...] = np.clip(strip + noise, 0, 255).astype(np.uint8)
    path = folder / f"generated_{megapixels}mp.jpg"
    Image.fromarray(arr).save(path, quality=90)
    return path


def peak_rss_mb(mode: str, path: Path) -> float:
    """Peak RSS (VmHWM) of a fresh child process that renders ``path`` (ours) or runs the naive baseline.

    VmHWM belongs to the child's own address space; ``ru_maxrss`` would inherit this process's peak.
    """
    out = subprocess.run([sys.executable, __file__, "--child", mode, str(path)], capture_output=True, text=True,
                         check=True).stdout
    return float(out.strip().splitlines()[-1])


def child(mode: str, path: str) -> None:
    model = load_model_table().get(MODEL_ID)
    if mode == "ours":
        photo_to_raster(path, model)
    else:
        naive(Path(path), model.head_dots)
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                print(int(line.split()[1]) / 1024)  # kB
                return
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)  # other systems: best effort


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="skip the 48 MP photo and the slow per-pixel cases")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    model = load_model_table().get(MODEL_ID)
    head = model.head_dots
    photos = sorted(p for p in PHOTOS.rglob("*") if p.suffix.lower() in (".jpg", ".heif", ".tiff")
                    and "orientation" not in p.parts) if PHOTOS.is_dir() else []
    photos += [PHOTOS / "jpg" / "orientation" / "landscape_6.jpg"] if PHOTOS.is_dir() else []
    with tempfile.TemporaryDirectory() as tmp:
        source = PHOTOS / "jpg" / "mobile" / "jolla.jpg"
        if not source.is_file():
            print("shared photos missing: ../shared/fixtures/photos", file=sys.stderr)
            return 1
        big12 = make_jpeg(Path(tmp), source, 12)
        cases = [*photos, big12]
        big48 = None if args.quick else make_jpeg(Path(tmp), source, 48)
        if big48 is not None:
            cases.append(big48)

        print(f"model {MODEL_ID} ({head} dots), median of {args.repeat} runs, ms")
        print(f"{'photo':<28} {'ours':>8} {'naive':>8} {'perpixel':>9} {'x naive':>8} {'x perpx':>8}")
        ratios: dict[Path, tuple[float, float]] = {}
        for path in cases:
            ours = median_ms(lambda p=path: photo_to_raster(p, model), args.repeat)
            try:
                base = median_ms(lambda p=path: naive(p, head), args.repeat)
            except OSError:  # plain Pillow cannot open HEIF without the plug-in registered by our loader
                base = float("nan")
            slow = float("nan")
            if not math.isnan(base):
                slow = median_ms(lambda p=path: per_pixel(p, head), max(1, args.repeat // 3))
            ratios[path] = (base / ours, slow / ours)
            print(f"{path.name[:28]:<28} {ours:8.1f} {base:8.1f} {slow:9.1f} {base / ours:8.2f} {slow / ours:8.2f}")

        # The parts, each against its naive counterpart.
        draft = median_ms(lambda: prepare_photo(big12, model), args.repeat)
        full = median_ms(lambda: Image.open(big12).convert("L").load(), args.repeat)
        print(f"decode 12 MP: full {full:.1f} ms, draft+reduce (prepare_photo) {draft:.1f} ms, "
              f"ratio {full / draft:.2f}")
        gray = np.asarray(Image.open(source).convert("L").resize((384, 240)))
        vec = median_ms(lambda: error_diffusion(gray, "atkinson"), args.repeat)
        loop = median_ms(lambda: naive_error_diffusion(gray, "atkinson"), max(1, args.repeat // 3))
        print(f"atkinson 384x240: vectorised {vec:.1f} ms, per-pixel loop {loop:.1f} ms, ratio {loop / vec:.2f}")
        one_bit = Image.open(source).convert("L").resize((384, 288)).convert("1")
        packed = median_ms(lambda: np.packbits(np.asarray(one_bit) == 0, axis=1).tobytes(), args.repeat)
        looped = median_ms(lambda: pack_per_pixel(one_bit), max(1, args.repeat // 3))
        print(f"pack 384x288: numpy {packed:.2f} ms, getpixel loop {looped:.1f} ms, ratio {looped / packed:.0f}")

        # Preview refresh: one slider value changed on an already-prepared 12 MP photo.
        prepared = prepare_photo(big12, model)
        render(prepared, EditState(), model)
        for label, change in (("brightness slider", lambda i: EditState(brightness=i % 100)),
                              ("straighten slider", lambda i: EditState(angle=(i % 40) / 4)),
                              ("atkinson + contrast", lambda i: EditState(contrast=i % 100, dither="atkinson"))):
            times = []
            for i in range(1, 61):
                t = time.perf_counter()
                render(prepared, change(i), model)
                times.append((time.perf_counter() - t) * 1000)
            p95 = float(np.percentile(times, 95))
            print(f"preview refresh ({label}): median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms")
            if label == "brightness slider":
                preview_p95 = p95

        if big48 is not None:
            print(f"peak RSS 48 MP JPEG: ours {peak_rss_mb('ours', big48):.0f} MB, "
                  f"naive {peak_rss_mb('naive', big48):.0f} MB")
        r_naive, r_pixel = ratios[big12]
        print(f"preview_ms_p95={preview_p95:.1f}")
        print(f"ratio_vs_naive={r_naive:.2f} ratio_vs_per_pixel={r_pixel:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
