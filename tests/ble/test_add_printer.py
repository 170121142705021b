"""A printer no model matches: `calibrate --add-printer` identifies its family from its answers, prints a width
ruler, and saves a user-added model; a printer that does not answer like a Quyin printer is refused."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import json
import sys

import pytest

from phocol_desktop.cli import main
from phocol_desktop.emulator.fake_bluez import FakeBlueZ, spec_for_model
from phocol_desktop.emulator.virtual_printer import VirtualPrinter
from tests.ble.conftest import PRINTER_ADDRESS

pytestmark = [pytest.mark.dbus, pytest.mark.timeout(90)]


@pytest.fixture
async def unknown_printer(system_bus, bluetoothctl_shim, model_table, request):
    """A Quyin printer of a model the table lacks: 432-dot head, M02-style grammar, an unknown name."""
    serial, scenario, *base = request.param
    base_id = base[0] if base else "phomemo.m02"
    custom = dataclasses.replace(model_table.get(base_id), id="acme.zx", name_patterns=(), head_dots=432)
    fake = FakeBlueZ(lambda spec: VirtualPrinter(custom, scenario={"serial": serial, **scenario}))
    await fake.start(system_bus)
    fake.add_printer(spec_for_model(custom, PRINTER_ADDRESS, "ZX-9000 A1"))
    try:
        yield fake
    finally:
        await fake.stop()


async def cli(*argv, stdin=""):
    out, err = io.StringIO(), io.StringIO()
    sys.stdin = io.StringIO(stdin)
    try:
        code = await asyncio.to_thread(main, list(argv), out, err)
    finally:
        sys.stdin = sys.__stdin__
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("unknown_printer", [("Q999E0000000001", {})], indirect=True)
async def test_an_unknown_quyin_printer_is_added_from_a_ruler_print(unknown_printer, app_paths):
    code, out, err = await cli("calibrate", "--printer", "ZX-9000 A1", "--add-printer", "--allow-bluetooth",
                               stdin="432\n")
    assert code == 0, err + out
    assert "answers like a Quyin printer" in out and "not in the table" in out
    printer = unknown_printer.printer(PRINTER_ADDRESS)
    assert not printer.bricked and printer.stats.lost_bytes == 0
    wire = b"".join(d for _, who, d in printer.wire_log if who == "host")
    queries = {wire[i + 2] for i in range(len(wire) - 2) if wire[i : i + 2] == b"\x1f\x11"}
    assert {0x08, 0x09} <= queries  # the probe asked only what every Quyin model answers
    # The ruler: the 432 bar keeps its notch on a 432-dot head, the 448 bar loses it.
    from phocol_desktop.imaging.calibration_prints import RULER_ROW, RULER_WIDTHS

    paper = printer.paper.raster()
    for i, width in enumerate(RULER_WIDTHS):
        notch_row = paper.row(i * RULER_ROW + 20)
        has_notch = width <= 432 and notch_row[width // 8 - 1] == 0xFF
        assert has_notch == (width <= 432), width
    [saved] = list(app_paths.printer_overrides.glob("user-*.json"))
    entry = json.loads(saved.read_text())["models"][0]
    assert (entry["head_dots"], entry["family"], entry["user_added"]) == (432, "quyin.m110", True)
    assert entry["name_patterns"] == [{"kind": "prefix", "value": "ZX-9", "source": "user: add this printer"}]
    assert "Q999E0000000001" not in saved.read_text()  # never the whole serial

    code, out, err = await cli("models", "--json")
    added = next(m for m in json.loads(out) if m["id"] == entry["id"])
    assert added["user_added"] and added["head_dots"] == 432
    code, out, _ = await cli("models")
    assert "(user-added)" in out

    # From now on the printer is recognised by name, and adding it again is refused.
    code, out, err = await cli("status", "--printer", "ZX-9000 A1", "--json", "--allow-bluetooth")
    assert code == 0 and json.loads(out)["model"] == entry["id"]
    code, _, err = await cli("calibrate", "--printer", "ZX-9000 A1", "--add-printer", "--answer", "432",
                             "--allow-bluetooth")
    assert code == 1 and "already known" in err


@pytest.mark.parametrize("unknown_printer", [("Q155E0000000001", {}, "phomemo.m220")], indirect=True)
async def test_a_known_serial_prefix_decides_the_family(unknown_printer, app_paths):
    code, out, err = await cli("calibrate", "--printer", "ZX-9000 A1", "--add-printer", "--answer", "432",
                               "--allow-bluetooth")
    assert code == 0, err + out
    assert "starts with Q155, like the Phomemo M220" in out
    entry = json.loads(next(app_paths.printer_overrides.glob("user-*.json")).read_text())["models"][0]
    assert entry["family"] == "quyin.m200" and entry["align"] == "right"


@pytest.mark.parametrize("unknown_printer", [("Q999E0000000001", {"faults": [{"kind": "mute"}]})], indirect=True)
async def test_a_printer_that_does_not_answer_like_quyin_is_refused(unknown_printer, app_paths):
    code, out, err = await cli("calibrate", "--printer", "ZX-9000 A1", "--add-printer", "--answer", "432",
                               "--allow-bluetooth")
    assert code == 1
    assert "did not answer" in err and "support bundle" in err
    assert unknown_printer.printer(PRINTER_ADDRESS).paper.height == 0  # nothing printed
    assert not list(app_paths.printer_overrides.glob("user-*.json"))
