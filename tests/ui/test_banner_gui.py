"""File ▸ Print banner…: a strip down the roll on the virtual printer, progress with the time left, Cancel."""

from __future__ import annotations

import time

import pytest

pytestmark = [pytest.mark.gui, pytest.mark.timeout(90)]


def test_a_banner_prints_on_the_virtual_printer_and_a_long_one_cancels_at_once(qtbot, window, services):
    from phocol_desktop.services.banners import BannerPages

    window.open_banner()
    dialog = window.banner_dialog
    assert not dialog.print_button.isEnabled()  # nothing to print yet
    dialog.text.setText("Phocol")
    dialog.length.setValue(0.05)
    dialog.print_button.click()
    qtbot.waitUntil(lambda: dialog.state.text() == "Printed.", timeout=60_000)
    page = BannerPages("Phocol", 50).pages(services.current_model())[0]
    paper = services.virtual_paper()
    assert paper is not None and paper.rows(0, page.height).data == b"".join(b.data for b in page.bands())

    dialog.length.setValue(5.0)  # minutes at the fixed pacing: cancel it
    dialog.print_button.click()
    qtbot.waitUntil(lambda: "left" in dialog.state.text(), timeout=30_000)  # progress with an ETA
    asked = time.monotonic()
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: dialog.state.text().startswith("Cancelled"), timeout=5_000)
    assert time.monotonic() - asked < 1.0
    assert dialog.print_button.isEnabled() and not dialog.cancel_button.isEnabled()
    dialog.reject()
