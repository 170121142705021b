#!/usr/bin/env python3
"""Render the main screens to PNG for the README and docs: `.venv/bin/python tools/screenshots.py [OUT_DIR]`.

Runs offscreen on private, throw-away app data, with a synthetic photo drawn here (the camera fixtures
under ../shared are never copied into the repository, not even as screenshots).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def synthetic_photo(path: Path) -> Path:
    """A small landscape: sky gradient, sun, hills and a tree, enough tone range to show the dithering."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter

    w, h = 1200, 800
    y = np.linspace(0, 1, h)[:, None]
    sky = np.broadcast_to((70 + 150 * y), (h, w))
    image = Image.fromarray(np.dstack([sky * 0.8, sky * 0.9, np.full((h, w), 235.0)]).astype("uint8"), "RGB")
    draw = ImageDraw.Draw(image)
    draw.ellipse((820, 90, 1010, 280), fill=(255, 236, 170))
    draw.polygon([(0, 560), (260, 420), (520, 540), (800, 400), (1200, 560), (1200, 800), (0, 800)], fill=(60, 110, 60))
    draw.polygon([(0, 680), (400, 590), (900, 690), (1200, 620), (1200, 800), (0, 800)], fill=(35, 75, 40))
    draw.rectangle((300, 470, 320, 600), fill=(70, 45, 30))
    draw.ellipse((230, 360, 390, 500), fill=(30, 70, 35))
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    image.save(path, "JPEG", quality=92)
    return path


def wait(app, condition, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the window did not settle")
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()


def main(out: Path) -> int:
    from phocol_desktop.services.app import AppServices
    from phocol_desktop.storage.paths import resolve_paths
    from phocol_desktop.ui.app import create_application
    from phocol_desktop.ui.consent_dialogs import NoticeDialog, PermissionPrompt
    from phocol_desktop.ui.main_window import MainWindow
    from phocol_desktop.ui.privacy_dashboard import PrivacyDashboard

    out.mkdir(parents=True, exist_ok=True)
    app = create_application([])
    with tempfile.TemporaryDirectory() as tmp:
        services = AppServices.start(resolve_paths(Path(tmp) / "data"))
        window = MainWindow(services)
        window.resize(1280, 800)
        window.show()
        app.processEvents()
        window.grab().save(str(out / "main-empty.png"))

        window.open_path(synthetic_photo(Path(tmp) / "landscape.jpg"))
        wait(app, lambda: window.preview_raster is not None and not window.previews.busy)
        window._edit_changed("text", "Summer 2026")
        wait(app, lambda: not window.previews.busy)
        window.grab().save(str(out / "main-editing.png"))

        window.print_photo()  # on the virtual printer: the Printed tab shows its paper and the job's facts
        wait(app, lambda: window.print_handle is None, timeout=60)
        window.grab().save(str(out / "main-printed.png"))

        dashboard = PrivacyDashboard(services, window.background, window)
        dashboard.show()
        wait(app, lambda: dashboard.loaded)
        dashboard.grab().save(str(out / "privacy-dashboard.png"))
        dashboard.show_tab("build")
        app.processEvents()
        dashboard.grab().save(str(out / "privacy-in-this-build.png"))
        dashboard.close()

        policy = services.policy()
        notice = NoticeDialog(services.notice_summary_html(), policy.text, policy.version_raw, policy.sha256)
        notice.show()
        app.processEvents()
        notice.grab().save(str(out / "first-run-notice.png"))
        notice.close()

        # The same notice in Simplified Chinese (needs a CJK font, e.g. Debian's fonts-wqy-microhei).
        from phocol_desktop.ui.i18n import install_translator

        install_translator(app, "zh_CN")
        services.ui_locale = "zh_CN"
        notice_zh = NoticeDialog(services.notice_summary_html(), policy.text, policy.version_raw, policy.sha256)
        notice_zh.show()
        app.processEvents()
        notice_zh.grab().save(str(out / "first-run-notice-zh_CN.png"))
        notice_zh.close()
        window_zh = MainWindow(services)
        window_zh.resize(1280, 800)
        window_zh.show()
        window_zh.open_path(Path(tmp) / "landscape.jpg")
        wait(app, lambda: window_zh.preview_raster is not None and not window_zh.previews.busy)
        window_zh.print_photo()
        wait(app, lambda: window_zh.print_handle is None, timeout=60)
        window_zh.grab().save(str(out / "main-printed-zh_CN.png"))
        window_zh.close()
        install_translator(app, "en")
        services.ui_locale = "en"

        bt = services.gate.catalog.get("bt.discover_connect_print")
        prompt = PermissionPrompt(bt.title, bt.rationale, bt.this_build, ("allow", "allow_once", "not_now"))
        prompt.show()
        app.processEvents()
        prompt.grab().save(str(out / "permission-prompt.png"))
        prompt.close()
        window.close()
        services.shutdown()
    for png in sorted(out.glob("*.png")):
        print(png.relative_to(ROOT) if png.is_relative_to(ROOT) else png)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))
