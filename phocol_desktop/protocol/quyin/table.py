"""The Quyin dialect's facts, named once (PROTOCOL.md §4, §7): every command code and notification frame.

The encoders (``commands``), the guard's grammar (``guard``), the notification decoder and frame builder
(``decoder``, ``frames``) and the trace listing (``support/decode.py``) all read these tables; none of them
spells a code of its own. The virtual printer's parser is the one deliberate exception (see its module).
"""

from __future__ import annotations

from dataclasses import dataclass

ESC, GS, US = 0x1B, 0x1D, 0x1F
FRAME_START = 0x1A  # every notification is 1A cmd payload

# ---------------------------------------------------------------------------------------- host -> printer

# ESC x: the command's name and its total length in bytes (ESC N is split further by ESC_N_SETTINGS).
ESC_COMMANDS: dict[int, tuple[str, int]] = {
    0x40: ("init", 2), 0x61: ("align", 3), 0x4E: ("esc_n", 4), 0x37: ("esc7_heat", 5),
    0x4A: ("feed_dots", 3), 0x64: ("feed_lines", 3),
}
ESC_CODE = {name: code for code, (name, _length) in ESC_COMMANDS.items()}  # "init" -> 0x40, …
ALIGN_MAX = 2  # ESC a n: 0 left, 1 centre, 2 right
ESC_N_SETTINGS = {0x04: "density", 0x0D: "speed"}  # 1B 4E sub n
GS_DENSITY = 0x7C  # 1D 7C n
RASTER_SIGNATURE = bytes((GS, 0x76, 0x30, 0x00))  # GS v 0, mode 0, then wL wH hL hH
RASTER_HEADER_LEN = 8
M02_PREFIX = bytes((0x10, 0xFF, 0xFE, 0x01))
FOOTERS = {bytes((US, 0xF0, 0x05, 0x00)): "footer_1", bytes((US, 0xF0, 0x03, 0x00)): "footer_2"}

# 1F 11 xx: settings with one argument byte, media selectors, compression, status queries.
US_11 = bytes((US, 0x11))
SETTINGS_WITH_ARG = {0x02: "density", 0x37: "heat", 0x21: "copies", 0x24: "left_margin"}
COMPRESSION = 0x35  # 1F 11 35 00 off / 01 LZO
MEDIA = {"gap": 0x0A, "continuous": 0x0B, "mark": 0x26, "card": 0x4E}
MEDIA_SELECTORS = {code: f"media_{kind}" for kind, code in MEDIA.items()}


@dataclass(frozen=True)
class Query:
    asks_for: str
    answer: int | None  # cmd of the answer frame; None: not measured, never assumed


QUERIES: dict[int, Query] = {
    0x08: Query("battery", 0x04), 0x09: Query("serial", 0x08), 0x0E: Query("auto-off", 0x09),
    0x38: Query("chip", 0x17), 0x07: Query("firmware", 0x07), 0x11: Query("paper", 0x06),
    0x12: Query("cover", 0x05), 0x13: Query("temperature", 0x03),
    0x19: Query("label/paper type", None), 0x20: Query("MAC", None), 0x33: Query("version", None),
}

# Bytes that can start a command: an unknown run in a trace is skipped up to the next one.
COMMAND_LEAD_BYTES = bytes(sorted({ESC, GS, US, M02_PREFIX[0]}))

# ---------------------------------------------------------------------------------------- printer -> host

# Notification cmd -> payload length after "1A cmd". 0x0D's length comes from the model (0 or the MAC form).
TEMPERATURE, BATTERY, COVER, PAPER, FIRMWARE, SERIAL, AUTO_OFF = 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09
CANCELLED, PAPER_TYPE, ACK_OR_MAC, FINISHED, CHIP = 0x0B, 0x0C, 0x0D, 0x0F, 0x17
IDLE, CHARGING, CAPABILITIES, BUSY = 0x1D, 0x35, 0x3B, 0x3E
PAYLOAD_LENGTHS = {
    TEMPERATURE: 1, BATTERY: 1, COVER: 1, PAPER: 1, FIRMWARE: 3, SERIAL: 15, AUTO_OFF: 1, CANCELLED: 1,
    PAPER_TYPE: 1, FINISHED: 1, CHIP: 1, IDLE: 1, CHARGING: 1, CAPABILITIES: 5, BUSY: 1,
}
STATE_NAMES = {IDLE: "idle", CHARGING: "charging", CAPABILITIES: "capabilities", BUSY: "busy"}

# Payload values with a meaning.
OVERHEATED, TEMPERATURE_NORMAL = 0xA9, 0xA8
BATTERY_ALARMS = {"low_10": 0xA1, "low_5": 0xA2, "low_3": 0xA3}
BATTERY_A4 = 0xA4  # ⚠ "0 %" (phomymo) or "dry cells" (mabl)
COVER_98, COVER_99 = 0x98, 0x99  # which one is "open" depends on the model's cover_polarity (⚠)
PAPER_OUT, PAPER_PRESENT = 0x88, 0x89
JOB_CANCELLED = 0xB8
JOB_FINISHED = 0x0C
PAPER_KINDS = {0x0B: "continuous", 0x26: "mark"}  # any other code: gap
AUTO_OFF_STEP_MINUTES = 5
