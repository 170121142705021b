"""Printer ▸ Calibrate…: the wizard measures a Bluetooth printer over unmodified bleak (fake BlueZ hosting a
VirtualPrinter whose buffer and head speed the app does not know), then picks its darkness."""

from __future__ import annotations

import asyncio
import json
import os
import stat
import threading

import pytest
from PySide6.QtWidgets import QWizard

from tests.ble.test_calibrate import BLOCK_ROWS, HEAD_LINES_PER_S, UNKNOWN, intact_blocks

pytestmark = [pytest.mark.gui, pytest.mark.dbus, pytest.mark.timeout(180)]
ADDRESS = "AA:BB:CC:DD:EE:42"
MODEL = "phomemo.m220"
NAME = "Q155E10042"


@pytest.fixture
def unknown_printer(system_bus, tmp_path, monkeypatch, model_table):
    from phocol_desktop.emulator.fake_bluez import FakeBlueZ, spec_for_model

    shim = tmp_path / "bin" / "bluetoothctl"
    shim.parent.mkdir()
    shim.write_text('#!/bin/sh\necho "5.66"\n')
    shim.chmod(stat.S_IRWXU)
    monkeypatch.setenv("PATH", f"{shim.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="fake-bluez", daemon=True)
    thread.start()
    fake = FakeBlueZ()
    asyncio.run_coroutine_threadsafe(fake.start(system_bus), loop).result(10)
    loop.call_soon_threadsafe(fake.add_printer, spec_for_model(model_table.get(MODEL), ADDRESS, NAME,
                                                               scenario=UNKNOWN))
    yield fake
    asyncio.run_coroutine_threadsafe(fake.stop(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)


def connect(qtbot, window):
    window.ask_permission = lambda request: "allow"
    window.ask_blocking = lambda request: "allow"
    window.scan()
    qtbot.waitUntil(lambda: window.printer_panel.list.count() == 2, timeout=30_000)
    window.printer_panel.list.setCurrentRow(1)
    window.connect_printer(ADDRESS)
    qtbot.waitUntil(lambda: window.status_label.text().startswith("Connected to "), timeout=30_000)


def test_the_wizard_measures_the_printer_and_later_jobs_use_it(qtbot, window, services, unknown_printer,
                                                                monkeypatch, app_paths):
    from phocol_desktop.services.calibration import Calibrator
    from phocol_desktop.ui import calibration_wizard as cw

    plan = Calibrator.plan
    monkeypatch.setattr(Calibrator, "plan", lambda self, blocks=12, block_rows=BLOCK_ROWS: plan(self, blocks,
                                                                                                 block_rows))
    window.open_calibration()  # before connecting: the wizard says what to do and goes nowhere
    wizard = window.calibration_wizard
    assert not wizard.currentPage().isComplete() and "Connect to a Bluetooth printer first" in \
        wizard.currentPage().printer.text()
    wizard.reject()

    connect(qtbot, window)
    window.open_calibration()
    wizard = window.calibration_wizard
    intro = wizard.currentPage()
    assert intro.isComplete() and NAME in intro.printer.text()
    wizard.next()
    ladder = wizard.currentPage()
    assert wizard.currentId() == cw.LADDER
    qtbot.waitUntil(lambda: ladder.button.isEnabled(), timeout=10_000)
    ladder.button.click()
    qtbot.waitUntil(ladder.isComplete, timeout=120_000)
    assert ladder.progress.value() == 12

    # The user looks at the paper: the last block printed whole.
    printer = unknown_printer.printer(ADDRESS)
    intact = intact_blocks(printer, wizard.plan.as_json())
    last = 0
    while last + 1 in intact:
        last += 1
    assert 1 <= last < 12
    wizard.next()
    answer = wizard.currentPage()
    qtbot.waitUntil(lambda: answer.example.pixmap() is not None and not answer.example.pixmap().isNull(),
                    timeout=10_000)
    answer.answer.setValue(last)
    wizard.next()
    result = wizard.currentPage()
    qtbot.waitUntil(result.isComplete, timeout=60_000)
    assert result.text.text().startswith("Measured.") and f"block {last}" in result.text.text()
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    [saved] = list(app_paths.printer_overrides.glob("printer-*.json"))
    pacing = json.loads(saved.read_text())["printers"][saved.stem]["pacing"]
    assert pacing["lines_per_s"] <= HEAD_LINES_PER_S
    assert services._devices.model.pacing.measured  # this session prints with it straight away
    wizard.accept()

    # Darkness: the same wizard, the other path.
    window.open_calibration()
    wizard = window.calibration_wizard
    wizard.currentPage().darkness.setChecked(True)
    wizard.next()
    patches = wizard.currentPage()
    assert wizard.currentId() == cw.DENSITY
    patches.button.click()
    qtbot.waitUntil(patches.isComplete, timeout=90_000)
    wizard.next()
    wizard.currentPage().level.setValue(13)
    wizard.next()
    qtbot.waitUntil(wizard.currentPage().isComplete, timeout=10_000)
    assert "13" in wizard.currentPage().text.text()
    doc = json.loads(saved.read_text())["printers"][saved.stem]
    assert doc["density"] == 13 and doc["pacing"] == pacing
    assert services._devices.model.density.default == 13
    wizard.accept()


@pytest.fixture
def unrecognised_printer(system_bus, tmp_path, monkeypatch, model_table):
    import dataclasses

    from phocol_desktop.emulator.fake_bluez import FakeBlueZ, spec_for_model
    from phocol_desktop.emulator.virtual_printer import VirtualPrinter

    shim = tmp_path / "bin" / "bluetoothctl"
    shim.parent.mkdir()
    shim.write_text('#!/bin/sh\necho "5.66"\n')
    shim.chmod(stat.S_IRWXU)
    monkeypatch.setenv("PATH", f"{shim.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    custom = dataclasses.replace(model_table.get("phomemo.m02"), id="acme.zx", name_patterns=(), head_dots=432)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="fake-bluez", daemon=True)
    thread.start()
    fake = FakeBlueZ(lambda spec: VirtualPrinter(custom, scenario={"serial": "Q999E0000000001"}))
    asyncio.run_coroutine_threadsafe(fake.start(system_bus), loop).result(10)
    loop.call_soon_threadsafe(fake.add_printer, spec_for_model(custom, ADDRESS, "ZX-9000 A1"))
    yield fake
    asyncio.run_coroutine_threadsafe(fake.stop(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)


def test_the_wizard_adds_a_printer_no_model_matches(qtbot, window, services, unrecognised_printer, app_paths):
    from phocol_desktop.ui import calibration_wizard as cw

    connect(qtbot, window)
    window.open_calibration()
    wizard = window.calibration_wizard
    intro = wizard.currentPage()

    assert intro.add.isEnabled() and intro.add.isChecked() and "not a model" in intro.printer.text()
    wizard.next()
    assert wizard.currentId() == cw.ADD_RULER
    page = wizard.currentPage()
    page.button.click()
    qtbot.waitUntil(page.isComplete, timeout=60_000)
    assert "not in the table" in page.state.text()
    wizard.next()
    width = wizard.currentPage()
    width.head.setCurrentIndex(width.head.findData(432))
    wizard.next()
    result = wizard.currentPage()
    qtbot.waitUntil(result.isComplete, timeout=10_000)
    assert "432 dots" in result.text.text()
    [saved] = list(app_paths.printer_overrides.glob("user-*.json"))
    entry = json.loads(saved.read_text())["models"][0]
    assert entry["head_dots"] == 432 and entry["user_added"]
    assert services.models.match_name("ZX-9000 A1").id == entry["id"]  # recognised from now on
    # Connected as an unknown printer, it was only ever asked what every Quyin model answers (no brick).
    assert not unrecognised_printer.printer(ADDRESS).bricked
    wizard.accept()
