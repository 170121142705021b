"""The printer panel over real Bluetooth code: unmodified bleak talks to the fake BlueZ on a private D-Bus,
which hosts a VirtualPrinter. Scan, pick, connect, see the status, print, and compare the printer's paper
with the preview's raster bit for bit.

The fake runs its own asyncio loop on a thread, because the Qt test waits block the test's thread.
"""

from __future__ import annotations

import asyncio
import os
import stat
import threading

import numpy as np
import pytest

from tests.ui.conftest import open_photo
from tests.ui.test_editor import raster_bits
from tests.ui.test_print_flow import print_and_wait

pytestmark = [pytest.mark.gui, pytest.mark.dbus, pytest.mark.timeout(120)]
ADDRESS = "AA:BB:CC:DD:EE:42"
MODEL = "phomemo.m220"  # confirms each job with a completion frame
NAME = "Q155E10042"


@pytest.fixture
def fake_printer(system_bus, tmp_path, monkeypatch, model_table):
    from phocol_desktop.emulator.fake_bluez import FakeBlueZ, spec_for_model

    shim = tmp_path / "bin" / "bluetoothctl"  # bleak asks `bluetoothctl --version` once; never install bluez
    shim.parent.mkdir()
    shim.write_text('#!/bin/sh\necho "5.66"\n')
    shim.chmod(stat.S_IRWXU)
    monkeypatch.setenv("PATH", f"{shim.parent}{os.pathsep}{os.environ.get('PATH', '')}")

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="fake-bluez", daemon=True)
    thread.start()
    fake = FakeBlueZ()
    asyncio.run_coroutine_threadsafe(fake.start(system_bus), loop).result(10)
    model = model_table.get(MODEL)
    loop.call_soon_threadsafe(fake.add_printer, spec_for_model(model, ADDRESS, NAME))
    fake.loop = loop  # tests poke the printer on the fake's own loop
    yield fake
    asyncio.run_coroutine_threadsafe(fake.stop(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)


def test_scan_connect_status_and_print_over_bluetooth(qtbot, window, services, photo, fake_printer):
    asked = []
    window.ask_permission = lambda request: asked.append(request.purpose_id) or "allow"
    window.scan()
    qtbot.waitUntil(lambda: window.printer_panel.list.count() == 2, timeout=30_000)
    assert asked == ["bt.discover_connect_print"]  # asked at the click, once
    item = window.printer_panel.list.item(1)
    assert item.text() == NAME
    window.printer_panel.list.setCurrentRow(1)
    assert services.current_model().id == MODEL  # recognised from the advertised name

    window.connect_printer(ADDRESS)
    qtbot.waitUntil(lambda: window.status_label.text().startswith("Connected to "), timeout=30_000)
    assert services.printer_view(ADDRESS).connected
    assert window.printer_panel.fields["battery"].text() == "90 %"  # read at connect
    assert window.printer_panel.fields["model"].text() == services.current_model().display_name

    printer = fake_printer.printer(ADDRESS)
    fake_printer.loop.call_soon_threadsafe(printer.trigger, "paper_out")  # live status: the roll runs out
    qtbot.waitUntil(lambda: window.printer_panel.fields["paper"].text() == "out of paper", timeout=15_000)
    open_photo(qtbot, window, photo)
    window.print_photo()  # the app already knows: nothing is sent, and it says why
    assert window.print_handle is None and "out of paper" in window.status_label.text()
    fake_printer.loop.call_soon_threadsafe(printer.clear, "paper_out")
    qtbot.waitUntil(lambda: window.printer_panel.fields["paper"].text() == "loaded", timeout=15_000)

    open_photo(qtbot, window, photo)
    print_and_wait(qtbot, window, timeout=90_000)
    assert window.print_panel.message.text() == "Printed."
    assert np.array_equal(raster_bits(printer.paper.raster()), raster_bits(window.preview_raster))
    result = window.result_view.shown  # the Printed tab: the dots that were sent, and to which printer
    assert result is not None and not result.virtual and result.printer == NAME and result.sent_bytes > 0
    assert window.paper_tabs.currentWidget() is window.result_view
    assert asked == ["bt.discover_connect_print"]  # connecting and printing did not ask again
    trace = services.support.recent_traces()[-1]  # the Bluetooth session was traced in memory...
    assert any(e.kind == "write" for e in trace.events)
    assert ADDRESS not in trace.to_json() and ADDRESS.lower() not in trace.to_json()  # ...without the address


def test_a_printer_that_vanishes_shows_as_disconnected_and_print_explains(qtbot, window, services, photo,
                                                                          fake_printer):
    window.ask_permission = lambda request: "allow"
    window.scan()
    qtbot.waitUntil(lambda: window.printer_panel.list.count() == 2, timeout=30_000)
    window.printer_panel.list.setCurrentRow(1)
    window.connect_printer(ADDRESS)
    qtbot.waitUntil(lambda: window.status_label.text().startswith("Connected to "), timeout=30_000)
    open_photo(qtbot, window, photo)

    fake_printer.loop.call_soon_threadsafe(lambda: fake_printer.drop_link(ADDRESS))  # out of range
    qtbot.waitUntil(lambda: window.printer_panel.fields["connection"].text() == "not connected", timeout=30_000)
    window.print_photo()
    assert window.print_handle is None
    assert "not connected" in window.status_label.text().lower()


def test_ask_every_time_asks_once_per_action_and_the_scan_and_connect_go_ahead(qtbot, window, services,
                                                                                fake_printer):
    """The click asks; the worker's own check honours that answer instead of asking again or refusing."""
    services.gate.set_decision("bt.discover_connect_print", "ask_every_time")
    asked = []
    window.ask_permission = lambda request: asked.append(request.options) or "allow_once"
    window.scan()
    qtbot.waitUntil(lambda: window.printer_panel.list.count() == 2, timeout=30_000)
    assert len(asked) == 1 and "Search finished." in window.status_label.text()
    window.scan()  # a new action: asked again
    qtbot.waitUntil(lambda: len(asked) == 2 and window.printer_panel.scan.isEnabled(), timeout=30_000)
    window.printer_panel.list.setCurrentRow(1)
    window.connect_printer(ADDRESS)
    qtbot.waitUntil(lambda: window.status_label.text().startswith("Connected to "), timeout=30_000)
    assert len(asked) == 3 and services.printer_view(ADDRESS).connected
    assert all(tuple(map(str, options)) == ("allow_once", "not_now") for options in asked)
    assert services.gate.state_of("bt.discover_connect_print") == "ask_every_time"  # still asks next time
