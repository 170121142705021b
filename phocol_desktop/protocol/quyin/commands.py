"""Quyin (Phomemo-compatible) command encoders: one pure function per documented command (PROTOCOL.md §4).

Each function returns the exact bytes of one command and validates its argument range; nothing here
knows about models. Which commands a job uses, with which levels, comes from the model table. The codes
come from ``table``, which the guard and the trace listing read too.
"""

from __future__ import annotations

from phocol_desktop.domain.errors import ProtocolError
from phocol_desktop.domain.printer_model import LevelSetting
from phocol_desktop.protocol.quyin import table as t

ESC, GS, US = t.ESC, t.GS, t.US
_ESC = t.ESC_CODE
_US_11 = {name: code for code, name in t.SETTINGS_WITH_ARG.items()}  # "copies" -> 0x21, …

# P12 handshake (phomymo after soburi/phomemo_p12): query groups, each followed by a wait for a reply.
P12_HANDSHAKE: tuple[tuple[int, ...], ...] = ((0x38,), (0x11, 0x12, 0x09, 0x13), (0x09,), (0x19, 0x11), (0x19,),
                                              (0x07,))

M110_FOOTER = b"".join(t.FOOTERS)
MAX_RASTER_ROWS = 0xFFFF  # hL hH is 16-bit


def _byte(name: str, value: int, lo: int = 0, hi: int = 255) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
        raise ProtocolError(f"{name} must be an integer in {lo}..{hi}, got {value!r}.")
    return value


def init() -> bytes:
    """ESC @: reset the printer. The host waits ``init_settle_ms`` before the next command."""
    return bytes((ESC, _ESC["init"]))


def align_center() -> bytes:
    """ESC a 1: centre narrower rasters (M02 header)."""
    return bytes((ESC, _ESC["align"], 0x01))


def level(setting: LevelSetting, value: int | None) -> bytes:
    """A numeric setting from the model table: ``cmd`` bytes + one level byte, clamped to the model's range."""
    return setting.cmd + bytes((_byte("level", setting.clamp(value)),))


def media(kind: str) -> bytes:
    code = t.MEDIA.get(kind)
    if code is None:
        raise ProtocolError(f"Unknown media type {kind!r}; expected one of {', '.join(t.MEDIA)}.")
    return t.US_11 + bytes((code,))


def left_margin(margin_bytes: int) -> bytes:
    """1F 11 24 n: left margin in bytes (sent even when 0, as phomemo-tools does for the D30)."""
    return t.US_11 + bytes((_US_11["left_margin"], _byte("left margin", margin_bytes)))


def copies(count: int) -> bytes:
    """1F 11 21 n: copies of the next raster."""
    return t.US_11 + bytes((_US_11["copies"], _byte("copies", count, 1, 255)))


def compression_off() -> bytes:
    return t.US_11 + bytes((t.COMPRESSION, 0x00))


def raster_header(width_bytes: int, rows: int) -> bytes:
    """GS v 0, mode 0: width in bytes and height in rows, both 16-bit little-endian."""
    _byte("raster width", width_bytes, 1, 0xFFFF)
    _byte("raster rows", rows, 1, MAX_RASTER_ROWS)
    return t.RASTER_SIGNATURE + width_bytes.to_bytes(2, "little") + rows.to_bytes(2, "little")


def raster_block(width_bytes: int, data: bytes) -> bytes:
    """One GS v 0 block: header + packed rows (MSB first, 1 = black)."""
    if width_bytes <= 0 or len(data) % width_bytes:
        raise ProtocolError(f"Raster data of {len(data)} bytes is not whole rows of {width_bytes} bytes.")
    return raster_header(width_bytes, len(data) // width_bytes) + data


def feed_lines(n: int) -> bytes:
    """ESC d n: print and feed n lines."""
    return bytes((ESC, _ESC["feed_lines"], _byte("feed lines", n)))


def feed_dots(n: int) -> bytes:
    """ESC J n: feed n dots."""
    return bytes((ESC, _ESC["feed_dots"], _byte("feed dots", n)))


def m110_footer() -> bytes:
    return M110_FOOTER


def query(code: int) -> bytes:
    """1F 11 code: a status query. Only codes from the model's ``queries`` pass the guard."""
    return t.US_11 + bytes((_byte("query code", code),))


def m02_prefix() -> bytes:
    """10 FF FE 01: the M02 series needs it before ESC @ (phomymo)."""
    return t.M02_PREFIX


def esc7_heat(max_dots: int, heat_time: int, interval: int) -> bytes:
    """ESC 7 n1 n2 n3: heating (max dots, heat time, interval). Some models (M02X) ignore it."""
    return bytes((ESC, _ESC["esc7_heat"], _byte("max dots", max_dots), _byte("heat time", heat_time),
                  _byte("interval", interval)))


def gs_density(n: int) -> bytes:
    """GS | n: generic ESC/POS density ("may not work", phomymo)."""
    return bytes((GS, t.GS_DENSITY, _byte("density", n)))


def compression_on() -> bytes:
    """1F 11 35 01: LZO for the next raster. Only for models whose table entry says ``compression: lzo``."""
    return t.US_11 + bytes((t.COMPRESSION, 0x01))
