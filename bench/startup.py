#!/usr/bin/env python3
"""Start-up to the first shown main window, against a bare Qt window started the same way.

`.venv/bin/python bench/startup.py [RUNS]` prints, medians over RUNS fresh processes (offscreen):
    startup_s=X            python start -> Phocol Desktop's main window painted (first-run data dir)
    bare_qt_s=Y            python start -> an empty QMainWindow painted (the floor on this machine)
    startup_vs_bare_qt=Z   X / Y
Target (issue #7): startup_s under 1.0 on the team's 2-core machine. Each run gets fresh private dirs.

When dist/phocol-desktop exists (`python3 dev.py bundle`), or with `--bundle DIR`, it also times the app bundle against
the venv install, both through the same command `phocol-desktop gui --smoke-test` (process start -> main
window painted; no notice), and prints:
    venv_cli_startup_s=V   python -m phocol_desktop from this venv
    bundle_startup_s=B     the PyInstaller one-folder bundle
    bundle_vs_venv=R       B / V
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = "{data}"  # replaced by a fresh private data dir in each run

ROOT = Path(__file__).resolve().parent.parent

APP = """
import sys, time
from phocol_desktop.storage.paths import resolve_paths
from phocol_desktop.ui.app import create_application
app = create_application([])
from PySide6.QtCore import QTimer
from phocol_desktop.services.app import AppServices
from phocol_desktop.ui.main_window import MainWindow
services = AppServices.start(resolve_paths(sys.argv[1]))
window = MainWindow(services)
window.show()
QTimer.singleShot(0, lambda: (print(time.time(), flush=True), app.quit()))
app.exec()
services.shutdown()
"""

BARE = """
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 780)
window.show()
QTimer.singleShot(0, lambda: (print(time.time(), flush=True), app.quit()))
app.exec()
"""


def timed(argv: list[str]) -> float:
    """Seconds from starting argv to the time.time() at the end of its last output line."""
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"), HOME=tmp,
                   XDG_CONFIG_HOME=f"{tmp}/config", XDG_DATA_HOME=f"{tmp}/data", XDG_CACHE_HOME=f"{tmp}/cache")
        argv = [a.replace(DATA, f"{tmp}/app") for a in argv]
        started = time.time()
        out = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=ROOT, check=True).stdout
        return float(out.strip().splitlines()[-1].rsplit("=", 1)[-1]) - started


def one_run(code: str) -> float:
    return timed([sys.executable, "-c", code, DATA])


def compare_bundle(bundle: Path, runs: int) -> None:
    smoke = ["--data-dir", DATA, "gui", "--smoke-test"]  # prints "... painted_at=<time>"
    venv_cmd, bundle_cmd = [sys.executable, "-m", "phocol_desktop", *smoke], [str(bundle / "phocol-desktop"), *smoke]
    timed(bundle_cmd)  # warm the bundle's files as well
    venv_times, bundle_times = [], []
    for _ in range(runs):
        venv_times.append(timed(venv_cmd))
        bundle_times.append(timed(bundle_cmd))
    venv_s, bundle_s = statistics.median(venv_times), statistics.median(bundle_times)
    print(f"venv_cli_startup_s={venv_s:.3f}")
    print(f"bundle_startup_s={bundle_s:.3f}")
    print(f"bundle_vs_venv={bundle_s / venv_s:.2f}")


def main(runs: int) -> None:
    one_run(APP)  # warm the OS file cache once, so both sides are measured warm
    app_times, bare_times = [], []
    for _ in range(runs):  # interleaved, so machine noise hits both alike
        app_times.append(one_run(APP))
        bare_times.append(one_run(BARE))
    app_s, bare_s = statistics.median(app_times), statistics.median(bare_times)
    print(f"startup_s={app_s:.3f}")
    print(f"bare_qt_s={bare_s:.3f}")
    print(f"startup_vs_bare_qt={app_s / bare_s:.2f}")


if __name__ == "__main__":
    args = sys.argv[1:]
    bundle: Path | None = ROOT / "dist" / "phocol-desktop"
    if "--bundle" in args:
        at = args.index("--bundle")
        bundle = Path(args[at + 1])
        del args[at:at + 2]
        if not (bundle / "phocol-desktop").exists():
            sys.exit(f"no bundle at {bundle}: run `python3 dev.py bundle` first")
    elif not (bundle / "phocol-desktop").exists():
        bundle = None
    count = int(args[0]) if args else 5
    main(count)
    if bundle is not None:
        compare_bundle(bundle, count)
