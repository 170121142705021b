"""Every Quyin command of PROTOCOL.md §4, byte-exact against hex goldens, plus argument checks."""

from __future__ import annotations

import pytest

from phocol_desktop.domain.errors import ProtocolError
from phocol_desktop.domain.printer_model import LevelSetting
from phocol_desktop.protocol.quyin import commands as c
from tests.protocol.golden import check_golden

CASES = {
    "init": c.init(),
    "align_center": c.align_center(),
    "density_1f1102": c.level(LevelSetting(bytes.fromhex("1F1102"), 0, 15, 4), 4),
    "density_1b4e04": c.level(LevelSetting(bytes.fromhex("1B4E04"), 1, 15, 10), None),
    "speed_1b4e0d": c.level(LevelSetting(bytes.fromhex("1B4E0D"), 1, 5, 5), 3),
    "heat_1f1137": c.level(LevelSetting(bytes.fromhex("1F1137"), 0, 255, 183), None),
    "media_gap": c.media("gap"),
    "media_continuous": c.media("continuous"),
    "media_mark": c.media("mark"),
    "media_card": c.media("card"),
    "compression_off": c.compression_off(),
    "compression_on": c.compression_on(),
    "copies_3": c.copies(3),
    "left_margin_0": c.left_margin(0),
    "left_margin_24": c.left_margin(24),
    "m02_prefix": c.m02_prefix(),
    "esc7_heat": c.esc7_heat(7, 120, 2),
    "gs_density": c.gs_density(3),
    "raster_72x1000_header": c.raster_header(72, 1000),
    "raster_block_2x2": c.raster_block(2, bytes([0x80, 0x01, 0xFF, 0x0A])),
    "feed_lines_2": c.feed_lines(2),
    "feed_dots_40": c.feed_dots(40),
    "m110_footer": c.m110_footer(),
    "query_battery": c.query(0x08),
}


def test_every_command_matches_its_golden(update_goldens):
    text = "".join(f"{name} {data.hex()}\n" for name, data in CASES.items())
    check_golden("quyin_commands.hex", text, update_goldens)


def test_known_bytes_from_the_reference():
    # PROTOCOL.md §6: 72 bytes x 1000 rows -> 1D 76 30 00 48 00 E8 03 (a mabl unit test).
    assert c.raster_header(72, 1000) == bytes.fromhex("1D76300048 00E803".replace(" ", ""))
    assert c.m110_footer() == bytes.fromhex("1FF005001FF00300")
    assert c.query(0x09) == b"\x1f\x11\x09"


@pytest.mark.parametrize("bad", [
    lambda: c.copies(0), lambda: c.left_margin(256), lambda: c.feed_lines(-1), lambda: c.raster_header(0, 1),
    lambda: c.raster_header(1, 0x10000), lambda: c.raster_block(3, b"\x00" * 4), lambda: c.media("vinyl"),
    lambda: c.query(True),
])
def test_out_of_range_arguments_raise_protocol_error(bad):
    with pytest.raises(ProtocolError):
        bad()


def test_level_settings_clamp_to_the_model_range():
    density = LevelSetting(bytes.fromhex("1B4E04"), 1, 15, 10)
    assert c.level(density, 99)[-1] == 15
    assert c.level(density, 0)[-1] == 1
