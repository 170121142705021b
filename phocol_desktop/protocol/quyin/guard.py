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
from phocol_desktop.protocol.quyin import table as t

# Status queries PROTOCOL.md §7 documents. A query must also be in the model's own ``queries``.
DOCUMENTED_QUERIES = frozenset(t.QUERIES)


@dataclass(frozen=True)
class Command:
    """One command found in a packet: its name, where it starts, and its bytes."""

    name: str
    offset: int
    data: bytes


def _refuse(data: bytes, offset: int, why: str) -> DangerousCommand:
    shown = data[offset : offset + 8].hex(" ").upper()
    return DangerousCommand(f"Refused to send {shown!r} (offset {offset}): {why}.", offset=offset)


def _esc(data: bytes, i: int) -> tuple[str, int] | None:
    """ESC x at ``i``: (name, length), or None when it is not a documented ESC command."""
    known = t.ESC_COMMANDS.get(data[i + 1])
    if known is None or len(data) - i < known[1]:
        return None
    name, length = known
    if name == "align" and data[i + 2] > t.ALIGN_MAX:
        return None
    if name == "esc_n":
        setting = t.ESC_N_SETTINGS.get(data[i + 2])
        return None if setting is None else (setting, length)
    return name, length


def split_commands(data: bytes, model: PrinterModel) -> list[Command]:
    """Split ``data`` into documented commands for ``model``; raise DangerousCommand at the first other byte."""
    out: list[Command] = []
    i, n = 0, len(data)

    def take(name: str, length: int) -> None:
        nonlocal i
        out.append(Command(name, i, data[i : i + length]))
        i += length

    while i < n:
        b = data[i]
        rest = n - i
        if b == t.ESC and rest >= 2 and (found := _esc(data, i)) is not None:
            take(*found)
            continue
        if b == t.GS and rest >= 3 and data[i + 1] == t.GS_DENSITY:
            take("gs_density", 3)
            continue
        if b == t.GS and rest >= t.RASTER_HEADER_LEN and data[i : i + 4] == t.RASTER_SIGNATURE:
            width = int.from_bytes(data[i + 4 : i + 6], "little")
            rows = int.from_bytes(data[i + 6 : i + 8], "little")
            end = i + t.RASTER_HEADER_LEN + width * rows
            if width == 0 or rows == 0:
                raise _refuse(data, i, "an empty GS v 0 raster")
            if end > n:
                raise _refuse(data, i, f"a GS v 0 header announcing {width * rows} bytes with {n - i - 8} present")
            take("raster", end - i)
            continue
        if data[i : i + 4] == t.M02_PREFIX:
            take("m02_prefix", 4)
            continue
        if data[i : i + 4] in t.FOOTERS:
            take(t.FOOTERS[data[i : i + 4]], 4)
            continue
        if rest >= 3 and data[i : i + 2] == t.US_11:
            code = data[i + 2]
            if code in t.SETTINGS_WITH_ARG and rest >= 4:
                take(t.SETTINGS_WITH_ARG[code], 4)
                continue
            if code == t.COMPRESSION and rest >= 4 and data[i + 3] in (0, 1):
                if data[i + 3] == 1 and model.compression != "lzo":
                    raise _refuse(data, i, f"{model.display_name} does not accept LZO rasters")
                take("compression", 4)
                continue
            if code in t.MEDIA_SELECTORS:
                take(t.MEDIA_SELECTORS[code], 3)
                continue
            if code in DOCUMENTED_QUERIES:
                if code not in model.queries:
                    raise _refuse(data, i, f"query 1F 11 {code:02X} is not in {model.display_name}'s allowed queries")
                take("query", 3)
                continue
            raise _refuse(data, i, f"1F 11 {code:02X} is not a documented command (one such code bricked a printer)")
        raise _refuse(data, i, "not a documented Quyin command")
    return out


def check(data: bytes, model: PrinterModel) -> None:
    """Raise DangerousCommand unless every byte of ``data`` belongs to a documented command."""
    split_commands(data, model)
