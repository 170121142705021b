"""Notification frames as a printer sends them (PROTOCOL.md §7), built in one place.

The virtual printer answers with these, and tests use them instead of hand-written bytes, so a frame's
layout is stated once, in ``table``. Each builder returns the whole frame: ``1A cmd payload``.
"""

from __future__ import annotations

from phocol_desktop.domain.errors import ProtocolError
from phocol_desktop.protocol.quyin import table as t


def frame(cmd: int, payload: bytes = b"") -> bytes:
    """``1A cmd payload``; the payload must have the length the table gives that cmd."""
    expected = t.PAYLOAD_LENGTHS.get(cmd)
    if expected is not None and len(payload) != expected:
        raise ProtocolError(f"Frame 1A {cmd:02X} carries {expected} byte(s), not {len(payload)}.")
    return bytes((t.FRAME_START, cmd)) + bytes(payload)


def _byte(value: int) -> bytes:
    if not 0 <= value <= 0xFF:
        raise ProtocolError(f"A frame byte must be 0..255, not {value}.")
    return bytes((value,))


def battery(percent: int) -> bytes:
    return frame(t.BATTERY, _byte(percent))


def battery_alarm(alarm: str) -> bytes:
    """``low_10``, ``low_5`` or ``low_3``."""
    return frame(t.BATTERY, _byte(t.BATTERY_ALARMS[alarm]))


def paper(*, present: bool) -> bytes:
    return frame(t.PAPER, _byte(t.PAPER_PRESENT if present else t.PAPER_OUT))


def cover(*, open_: bool, polarity: str) -> bytes:
    """The cover byte for a model's ``cover_polarity`` (``98_closed`` flips the meaning; ⚠ PROTOCOL.md §7)."""
    open_code = t.COVER_99 if polarity == "98_closed" else t.COVER_98
    closed_code = t.COVER_98 if open_code == t.COVER_99 else t.COVER_99
    return frame(t.COVER, _byte(open_code if open_ else closed_code))


def temperature(*, overheated: bool) -> bytes:
    return frame(t.TEMPERATURE, _byte(t.OVERHEATED if overheated else t.TEMPERATURE_NORMAL))


def firmware(major: int, minor: int, patch: int) -> bytes:
    return frame(t.FIRMWARE, _byte(major) + _byte(minor) + _byte(patch))


def serial(text: str) -> bytes:
    return frame(t.SERIAL, text.encode("ascii"))


def auto_off(minutes: int) -> bytes:
    return frame(t.AUTO_OFF, _byte(minutes // t.AUTO_OFF_STEP_MINUTES))


def chip(code: int) -> bytes:
    return frame(t.CHIP, _byte(code))


def paper_type(kind: str) -> bytes:
    codes = {name: code for code, name in t.PAPER_KINDS.items()}
    return frame(t.PAPER_TYPE, _byte(codes.get(kind, 0x0A)))  # 0A: a gap label (any other code reads as gap)


def job_cancelled() -> bytes:
    return frame(t.CANCELLED, _byte(t.JOB_CANCELLED))


def job_finished() -> bytes:
    return frame(t.FINISHED, _byte(t.JOB_FINISHED))
