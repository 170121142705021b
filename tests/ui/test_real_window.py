"""A real X11 window (Xvfb), not just offscreen rendering: the app starts through its CLI entry point,
shows the first-run notice, and the main window paints through the xcb platform plugin.

CI installs Xvfb and sets PHOCOL_REQUIRE_XVFB=1, so a missing Xvfb fails there instead of skipping.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

pytestmark = [pytest.mark.xvfb, pytest.mark.gui, pytest.mark.timeout(90)]

SCRIPT = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from phocol_desktop.cli import main

    def look():
        app = QApplication.instance()
        notice = app.activeModalWidget()
        print("notice:", type(notice).__name__ if notice else None, flush=True)
        if notice is not None:
            notice.buttons["disagreed"].click()  # limited mode: the app must still open its window
            QTimer.singleShot(1500, shoot)

    def shoot():
        app = QApplication.instance()
        window = next(w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow" and w.isVisible())
        image = window.screen().grabWindow(window.winId()).toImage()  # pixels read back from the X server
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
        print("platform:", app.platformName(), "size:", image.width(), image.height(), "colours:", len(colours),
              flush=True)
        window.close()

    from phocol_desktop.ui.app import create_application

    create_application([])  # the app's own start-up reuses this instance; timers need it first
    QTimer.singleShot(1500, look)
    sys.exit(main(["--data-dir", sys.argv[1], "gui"]))
""")


@pytest.fixture
def xvfb_display():
    exe = shutil.which("Xvfb")
    if exe is None:
        if os.environ.get("PHOCOL_REQUIRE_XVFB") == "1":
            pytest.fail("Xvfb is missing and PHOCOL_REQUIRE_XVFB=1")
        pytest.skip("Xvfb is not installed (Debian: apt-get install xvfb)")
    read, write = os.pipe()
    proc = subprocess.Popen([exe, "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    if not number:
        proc.kill()
        pytest.fail("Xvfb did not start")
    yield f":{number}"
    proc.terminate()
    proc.wait(10)


def test_the_app_opens_a_real_window_even_after_disagreeing(xvfb_display, tmp_path):
    env = dict(os.environ, DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb")
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "data")], env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "notice: NoticeDialog" in out.stdout
    line = next(x for x in out.stdout.splitlines() if x.startswith("platform:"))
    parts = line.split()
    assert parts[1] == "xcb"
    assert int(parts[3]) >= 800 and int(parts[6]) > 20  # a painted window, not a blank rectangle
