#!/usr/bin/env python3
"""Start-up to the first shown main window, against a bare Qt window started the same way.

`.venv/bin/python bench/startup.py [RUNS]` prints, medians over RUNS fresh processes (offscreen):
    startup_s=X            python start -> Phocol Desktop's main window painted (first-run data dir)
    bare_qt_s=Y            python start -> an empty QMainWindow painted (the floor on this machine)
    startup_vs_bare_qt=Z   X / Y
Target (issue #7): startup_s under 1.0 on the team's 2-core machine. Each run gets fresh private dirs.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def one_run(code: str) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"), HOME=tmp,
                   XDG_CONFIG_HOME=f"{tmp}/config", XDG_DATA_HOME=f"{tmp}/data", XDG_CACHE_HOME=f"{tmp}/cache")
        started = time.time()
        out = subprocess.run([sys.executable, "-c", code, f"{tmp}/app"], capture_output=True, text=True, env=env,
                             cwd=ROOT, check=True).stdout
        return float(out.strip().splitlines()[-1]) - started


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
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
