"""One status formatter: the window's printer panel, `status` and `trace decode` word a printer's state the
same way (domain/status_words.py), and the window reads the virtual printer's status as `status` does."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QLocale

from phocol_desktop.domain.events import BatteryLevel, CoverStatus, PaperStatus, PrinterStatus, Temperature
from phocol_desktop.domain.status_words import status_lines
from phocol_desktop.support.decode import describe_event
from phocol_desktop.ui.i18n import install_translator
from tests.cli import run

pytestmark = pytest.mark.gui

OUT_OF_PAPER = PrinterStatus(battery=40, paper_present=False, cover_open=False, overheated=True)


@pytest.fixture
def chinese(qapp):
    before = QLocale()
    install_translator(qapp, "zh_CN")
    yield
    install_translator(qapp, "en")
    QLocale.setDefault(before)


def panel_words(qtbot, status):
    from phocol_desktop.ui.panels import PrinterPanel

    panel = PrinterPanel()
    qtbot.addWidget(panel)
    panel.show_status("Phomemo M02", True, status)
    return {key: label.text() for key, label in panel.fields.items()}


def test_the_panel_and_trace_decode_use_the_same_words(qtbot):
    words = {line.field: line.value for line in status_lines(OUT_OF_PAPER)}
    shown = panel_words(qtbot, OUT_OF_PAPER)
    assert {k: shown[k] for k in ("battery", "paper", "cover", "temperature")} == {
        "battery": "40 %", "paper": "out of paper", "cover": "closed", "temperature": "too hot"}
    assert all(shown[k] == words[k] for k in ("battery", "paper", "cover", "temperature"))
    decoded = dict(describe_event(e) for e in (BatteryLevel(40), PaperStatus(False), Temperature(True, 0xA9)))
    assert decoded == {"battery": "40 %", "paper": "out of paper", "print head": "too hot"}
    assert describe_event(CoverStatus(False, 0x99)) == ("cover", "closed (0x99)")


def test_the_panel_words_the_status_in_chinese(qtbot, chinese):
    shown = panel_words(qtbot, OUT_OF_PAPER)
    assert (shown["paper"], shown["cover"], shown["temperature"], shown["connection"]) == \
        ("缺纸", "已合上", "过热", "已连接")


def test_the_window_and_status_read_the_virtual_printer_alike(app_paths):
    from dataclasses import asdict

    from phocol_desktop.services.app import AppServices

    services = AppServices.start(app_paths)
    try:
        in_the_window = services.printer_view("virtual").status
    finally:
        services.shutdown()
    code, out, err = run("status", "--printer", "virtual", "--json")
    assert code == 0, err
    reported = json.loads(out)
    assert {k: reported[k] for k in asdict(in_the_window)} == asdict(in_the_window)
    assert in_the_window.battery == 90 and in_the_window.firmware  # answered through the protocol decoder
    code, out, _ = run("status", "--printer", "virtual")
    for line in status_lines(in_the_window):
        assert f"{line.label}:".ljust(13) + line.value in out
