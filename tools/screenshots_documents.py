#!/usr/bin/env python3
"""Render the document and system-queue screens in English and Simplified Chinese:
`.venv/bin/python tools/screenshots_documents.py [OUT_DIR]` (default docs/screenshots).

A job arrives the way the CUPS backend delivers it (its own code, over the app's Unix socket), so the
Incoming jobs panel shows what a user sees; the PDFs are drawn here with reportlab. Needs a CJK font for the
Chinese shots (Debian: fonts-noto-cjk or fonts-wqy-microhei).
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def wait(app, condition, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the window did not settle")
        app.processEvents()
        time.sleep(0.01)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.01)


def shoot(app, lang: str, out: Path) -> None:  # type: ignore[no-untyped-def]
    from phocol_desktop.services import cups_backend
    from phocol_desktop.services.app import AppServices
    from phocol_desktop.services.job_receiver import PROTOCOL
    from phocol_desktop.services.system_printer import PURPOSE
    from phocol_desktop.storage.paths import resolve_paths
    from phocol_desktop.ui.i18n import install_translator
    from phocol_desktop.ui.main_window import MainWindow
    from tests.documents import pdfs

    suffix = "" if lang == "en" else f"-{lang}"
    install_translator(app, lang)
    with tempfile.TemporaryDirectory(prefix="phs-", dir="/tmp") as tmp:
        services = AppServices.start(resolve_paths(Path(tmp)))
        services.ui_locale = lang
        services.settings_set("system_queue", "Phocol")
        services.privacy_decide(PURPOSE, "allow")
        window = MainWindow(services)
        window.resize(1280, 860)
        window.show()
        document = pdfs.mixed_pdf()
        header = {"protocol": PROTOCOL, "job_id": "7", "title": "Shipping label — Mail", "copies": 1,
                  "size": len(document)}
        threading.Thread(target=lambda: cups_backend.exchange(str(services.system_queue.socket_path), header,
                                                              document), daemon=True).start()
        wait(app, lambda: window.incoming.jobs.count() == 1)
        window.grab().save(str(out / f"incoming-jobs{suffix}.png"))
        window.incoming.cancel_button.click()

        pdf = Path(tmp) / "invoice.pdf"
        pdf.write_bytes(pdfs.text_pdf(pages=3))
        window.open_path(pdf)
        wait(app, lambda: getattr(window, "document_dialog", None) is not None)
        dialog = window.document_dialog
        wait(app, lambda: dialog.preview.image() is not None and not dialog.pages.item(2).icon().isNull())
        dialog.grab().save(str(out / f"document-pages{suffix}.png"))
        dialog.close()
        window.close()
        services.shutdown()


def main(out: Path) -> int:
    from phocol_desktop.ui.app import create_application

    out.mkdir(parents=True, exist_ok=True)
    app = create_application([])
    for lang in ("en", "zh_CN"):
        shoot(app, lang, out)
    for png in sorted(out.glob("incoming-jobs*.png")) + sorted(out.glob("document-pages*.png")):
        print(png.relative_to(ROOT) if png.is_relative_to(ROOT) else png)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))
