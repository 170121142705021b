"""Peak memory (RSS) of the app on legal but huge inputs, each in its own child process.

    .venv/bin/python bench/memory.py            # the issue's sizes (a few minutes; inputs in a temp folder)
    .venv/bin/python bench/memory.py --scale 0.1 --cases btsnoop_decode,tiff

Each case is generated here (never copied), then one `phocol-desktop` command runs on it in a child process;
its peak RSS comes from ``os.wait4`` (the child's own ``ru_maxrss``, not the sum of all children), next to the
peak RSS of a baseline child (`phocol-desktop models`) measured in the same run. The goal is every case under
1 GB (docs/HARDENING.md §4); tests/hostile/test_memory.py checks the same caps on smaller inputs.

Cases (at --scale 1):
  btsnoop_decode   190 MB btsnoop of 5 M tiny ATT writes -> `trace decode --render`
  btsnoop_bundle   the same file -> `support bundle --trace`
  json_trace       a JSON trace of 83 M empty events -> `trace decode`
  tiff             an 8000 x 8000 32-bit TIFF (tiny on disk) -> `render`
"""

from __future__ import annotations

import argparse
import os
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOAL_MB = 1024


def make_btsnoop(path: Path, writes: int) -> None:
    """A btsnoop log of one LE connection and ``writes`` ATT Write Commands of one byte each."""
    header = b"btsnoop\0" + struct.pack(">II", 1, 1002)
    conn_complete = bytes([0x04, 0x3E, 0x13, 0x01, 0x00, 0x40, 0x00, 0x00, 0x00]) + bytes(6) + bytes(8)

    def record(packet: bytes, flags: int, t: int) -> bytes:
        return struct.pack(">IIIIq", len(packet), len(packet), flags, 0, t) + packet

    att = bytes([0x52]) + struct.pack("<H", 0x0010) + b"\x1b\x40"  # Write Command, handle 0x10: ESC @
    l2cap = struct.pack("<HH", len(att), 0x0004) + att
    acl = bytes([0x02]) + struct.pack("<HH", 0x0040, len(l2cap)) + l2cap
    one = record(acl, 0, 0x00E03AB44A676000)
    with open(path, "wb") as fh:
        fh.write(header + record(conn_complete, 3, 0x00E03AB44A676000))
        chunk = one * 10_000
        for _ in range(writes // 10_000):
            fh.write(chunk)
        fh.write(one * (writes % 10_000))


def make_json_trace(path: Path, events: int) -> None:
    with open(path, "wb") as fh:
        fh.write(b'{"schema": "phocol.trace/1", "meta": {}, "events": [')
        chunk = b"{}," * 100_000
        for _ in range(events // 100_000):
            fh.write(chunk)
        fh.write(b"{}," * (events % 100_000))
        fh.write(b"{}]}")


def make_tiff(path: Path, side: int) -> None:
    from PIL import Image

    Image.new("I", (side, side), 7).save(path, compression="tiff_adobe_deflate")


INPUT_NAMES = {"btsnoop": "many-writes.btsnoop", "json": "empty-events.json", "tiff": "huge-32bit.tiff"}


def generate(d: Path, wanted: list[str], scale: float) -> None:
    if {"btsnoop_decode", "btsnoop_bundle"} & set(wanted):
        make_btsnoop(d / INPUT_NAMES["btsnoop"], int(5_000_000 * scale))
    if "json_trace" in wanted:
        make_json_trace(d / INPUT_NAMES["json"], int(83_000_000 * scale))
    if "tiff" in wanted:
        make_tiff(d / INPUT_NAMES["tiff"], max(64, int(8000 * scale ** 0.5)))


def cli(*argv: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from phocol_desktop.cli import main; sys.exit(main(sys.argv[1:]))",
            *argv]


def peak_rss_mb(argv: list[str], env: dict[str, str]) -> tuple[float, int, float, str]:
    """Run ``argv``; its own peak RSS (MB), exit code, wall time and the last stderr line."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        last = (err.read().decode("utf-8", "replace").strip().splitlines() or [""])[-1]
    return usage.ru_maxrss / 1024, proc.returncode, time.perf_counter() - t0, last[:110]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, default=1.0, help="input size relative to the issue's (default 1)")
    ap.add_argument("--cases", default="btsnoop_decode,btsnoop_bundle,json_trace,tiff")
    ap.add_argument("--generate", metavar="DIR", help=argparse.SUPPRESS)
    args = ap.parse_args()
    wanted = args.cases.split(",")
    if args.generate:
        generate(Path(args.generate), wanted, args.scale)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        env = {**os.environ, "PHOCOL_DESKTOP_DATA_DIR": str(d / "data"), "PYTHONPATH": str(REPO),
               "QT_QPA_PLATFORM": "offscreen"}
        # The inputs are made in a child process: Linux carries a parent's peak RSS into a forked child's
        # ru_maxrss, so this process must stay small for the figures to be the commands' own.
        subprocess.run([sys.executable, __file__, "--generate", str(d), "--scale", str(args.scale),
                        "--cases", args.cases], check=True)
        inputs = {k: d / name for k, name in INPUT_NAMES.items() if (d / name).exists()}
        cases = {
            "btsnoop_decode": cli("trace", "decode", str(inputs.get("btsnoop")), "--render", str(d / "a.png")),
            "btsnoop_bundle": cli("support", "bundle", str(d / "b.zip"), "--yes", "--trace",
                                  str(inputs.get("btsnoop"))),
            "json_trace": cli("trace", "decode", str(inputs.get("json"))),
            "tiff": cli("render", str(inputs.get("tiff")), "-o", str(d / "t.png")),
        }
        base, _, base_s, _ = peak_rss_mb(cli("models"), env)
        print(f"baseline (phocol-desktop models): peak_rss_mb={base:.0f} time_s={base_s:.2f}")
        worst = 0.0
        for name in wanted:
            size = {k: p.stat().st_size for k, p in inputs.items()}
            mb, code, secs, last = peak_rss_mb(cases[name], env)
            worst = max(worst, mb)
            src = {"btsnoop_decode": "btsnoop", "btsnoop_bundle": "btsnoop", "json_trace": "json", "tiff": "tiff"}[name]
            print(f"{name:15} input_mb={size[src] / 2**20:7.1f} peak_rss_mb={mb:6.0f} ratio_to_baseline="
                  f"{mb / base:5.1f} exit={code} time_s={secs:6.1f}  {last}")
        print(f"worst peak_rss_mb={worst:.0f} goal<{GOAL_MB} {'ok' if worst < GOAL_MB else 'OVER'}")
        return 0 if worst < GOAL_MB else 1


if __name__ == "__main__":
    sys.exit(main())
