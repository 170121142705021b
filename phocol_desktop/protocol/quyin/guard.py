"""The danger-list guard (PROTOCOL.md §9): nothing leaves the app unless it parses as documented commands.

An undocumented ``1F 11 15`` reportedly bricked an M02X, so the guard works by allowlist: it splits the
bytes of a packet into Quyin commands and refuses the whole packet (``DangerousCommand``) if any byte
sequence is not one of the commands of PROTOCOL.md §4, or is a status query outside the model's
``queries``. Every packet the encoder builds and every status query passes through ``check``.
"""

from __future__ import annotations

from dataclasses import dataclass

from phocol_desktop.domain.errors import DangerousCommand
from phocol_desktop.domain.printer_model import PrinterModel

# Status queries PROTOCOL.md §7 documents. A query must also be in the model's own ``queries``.
DOCUMENTED_QUERIES = frozenset({0x07, 0x08, 0x09, 0x0E, 0x11, 0x12, 0x13, 0x19, 0x20, 0x33, 0x38})
# 1F 11 xx settings that take one argument byte.
SETTINGS_WITH_ARG = {0x02: "density", 0x37: "heat", 0x21: "copies", 0x24: "left_margin"}
MEDIA_SELECTORS = {0x0A: "media_gap", 0x0B: "media_continuous", 0x26: "media_mark", 0x4E: "media_card"}
FOOTERS = {bytes.fromhex("1FF00500"): "footer_1", bytes.fromhex("1FF00300"): "footer_2"}
ESC_N_SETTINGS = {0x04: "density", 0x0D: "speed"}
RASTER_HEADER_LEN = 8


@dataclass(frozen=True)
class Command:
    """One command found in a packet: its name, where it starts, and its bytes."""

    name: str
    offset: int
    data: bytes


def _refuse(data: bytes, offset: int, why: str) -> DangerousCommand:
    shown = data[offset : offset + 8].hex(" ").upper()
    return DangerousCommand(f"Refused to send {shown!r} (offset {offset}): {why}.", offset=offset)


def split_commands(data: bytes, model: PrinterModel) -> list[Command]:
    """Split ``data`` into documented commands for ``model``; raise DangerousCommand at the first other byte."""
    out: list[Command] = []
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        rest = n - i
        if b == 0x1B and rest >= 2:
            op = data[i + 1]
            if op == 0x40:
                out.append(Command("init", i, data[i : i + 2]))
                i += 2
                continue
            if op == 0x61 and rest >= 3 and data[i + 2] <= 2:
                out.append(Command("align", i, data[i : i + 3]))
                i += 3
                continue
            if op == 0x4E and rest >= 4 and data[i + 2] in ESC_N_SETTINGS:
                out.append(Command(ESC_N_SETTINGS[data[i + 2]], i, data[i : i + 4]))
                i += 4
                continue
            if op == 0x37 and rest >= 5:
                out.append(Command("esc7_heat", i, data[i : i + 5]))
                i += 5
                continue
            if op in (0x4A, 0x64) and rest >= 3:
                out.append(Command("feed_dots" if op == 0x4A else "feed_lines", i, data[i : i + 3]))
                i += 3
                continue
        elif b == 0x1D and rest >= 3 and data[i + 1] == 0x7C:
            out.append(Command("gs_density", i, data[i : i + 3]))
            i += 3
            continue
        elif b == 0x1D and rest >= RASTER_HEADER_LEN and data[i + 1 : i + 4] == b"\x76\x30\x00":
            width = int.from_bytes(data[i + 4 : i + 6], "little")
            rows = int.from_bytes(data[i + 6 : i + 8], "little")
            end = i + RASTER_HEADER_LEN + width * rows
            if width == 0 or rows == 0:
                raise _refuse(data, i, "an empty GS v 0 raster")
            if end > n:
                raise _refuse(data, i, f"a GS v 0 header announcing {width * rows} bytes with {n - i - 8} present")
            out.append(Command("raster", i, data[i:end]))
            i = end
            continue
        elif b == 0x10 and data[i : i + 4] == b"\x10\xff\xfe\x01":
            out.append(Command("m02_prefix", i, data[i : i + 4]))
            i += 4
            continue
        elif b == 0x1F and rest >= 4 and data[i : i + 4] in FOOTERS:
            out.append(Command(FOOTERS[data[i : i + 4]], i, data[i : i + 4]))
            i += 4
            continue
        elif b == 0x1F and rest >= 3 and data[i + 1] == 0x11:
            code = data[i + 2]
            if code in SETTINGS_WITH_ARG and rest >= 4:
                out.append(Command(SETTINGS_WITH_ARG[code], i, data[i : i + 4]))
                i += 4
                continue
            if code == 0x35 and rest >= 4 and data[i + 3] in (0, 1):
                if data[i + 3] == 1 and model.compression != "lzo":
                    raise _refuse(data, i, f"{model.display_name} does not accept LZO rasters")
                out.append(Command("compression", i, data[i : i + 4]))
                i += 4
                continue
            if code in MEDIA_SELECTORS:
                out.append(Command(MEDIA_SELECTORS[code], i, data[i : i + 3]))
                i += 3
                continue
            if code in DOCUMENTED_QUERIES:
                if code not in model.queries:
                    raise _refuse(data, i, f"query 1F 11 {code:02X} is not in {model.display_name}'s allowed queries")
                out.append(Command("query", i, data[i : i + 3]))
                i += 3
                continue
            raise _refuse(data, i, f"1F 11 {code:02X} is not a documented command (one such code bricked a printer)")
        raise _refuse(data, i, "not a documented Quyin command")
    return out


def check(data: bytes, model: PrinterModel) -> None:
    """Raise DangerousCommand unless every byte of ``data`` belongs to a documented command."""
    split_commands(data, model)
