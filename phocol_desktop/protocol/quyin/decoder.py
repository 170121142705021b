"""Incremental decoder for Quyin notifications (PROTOCOL.md §7): ``1A cmd payload``, fixed length per cmd.

Frames may arrive split across notifications, several in one notification, out of order or unsolicited.
The decoder never matches an answer to a query; it turns each frame into a typed event. An unknown
``cmd`` becomes ``UnknownFrame`` and the decoder resyncs at the next ``1A``; bytes before a ``1A`` are
garbage, reported as ``UnknownFrame`` too, and counted. ``feed`` raises nothing but ``ProtocolError``.
"""

from __future__ import annotations

from dataclasses import dataclass

from phocol_desktop.domain.errors import ProtocolError
from phocol_desktop.domain.events import (
    AutoOff,
    BatteryLevel,
    ChipType,
    CoverStatus,
    FirmwareVersion,
    JobCancelled,
    JobFinished,
    PaperStatus,
    PaperType,
    PrinterEvent,
    PrinterState,
    SerialNumber,
    Temperature,
    UnknownFrame,
)
from phocol_desktop.domain.printer_model import PrinterModel

FRAME_START = 0x1A
# Payload length after "1A cmd", per cmd (PROTOCOL.md §7). 0x0D comes from the profile.
PAYLOAD_LENGTHS = {
    0x03: 1, 0x04: 1, 0x05: 1, 0x06: 1, 0x07: 3, 0x08: 15, 0x09: 1, 0x0B: 1, 0x0C: 1,
    0x0F: 1, 0x17: 1, 0x1D: 1, 0x35: 1, 0x3B: 5, 0x3E: 1,
}
BATTERY_ALARMS = {0xA1: "low_10", 0xA2: "low_5", 0xA3: "low_3"}
# 1A 04 A4: phomymo reads "0 %", mabl reads "dry cells" (⚠ PROTOCOL.md §7); both mean "no percentage".
BATTERY_A4 = "empty_or_dry_cells"
PAPER_KINDS = {0x0B: "continuous", 0x26: "mark"}  # anything else: gap
STATE_NAMES = {0x1D: "idle", 0x35: "charging", 0x3B: "capabilities", 0x3E: "busy"}
MAX_UNKNOWN_RAW = 64  # an unknown frame or garbage run is reported with at most this many bytes


@dataclass
class DecoderStats:
    frames: int = 0
    unknown_frames: int = 0
    garbage_bytes: int = 0


class NotificationDecoder:
    """Feed it notifications in arrival order; it returns the events completed by each one."""

    def __init__(self, cover_polarity: str = "unknown", notify_0d_length: int = 0) -> None:
        self._cover_polarity = cover_polarity
        self._lengths = {**PAYLOAD_LENGTHS, 0x0D: notify_0d_length}
        self._buf = bytearray()
        self.stats = DecoderStats()

    @classmethod
    def for_model(cls, model: PrinterModel) -> NotificationDecoder:
        return cls(model.cover_polarity, model.notify_0d_length)

    @property
    def pending(self) -> bytes:
        """Bytes of a frame that has started but not finished yet."""
        return bytes(self._buf)

    def feed(self, data: bytes) -> list[PrinterEvent]:
        if not isinstance(data, bytes | bytearray | memoryview):
            raise ProtocolError(f"A notification must be bytes, not {type(data).__name__}.")
        self._buf += data
        events: list[PrinterEvent] = []
        buf = self._buf
        i = 0
        while i < len(buf):
            if buf[i] != FRAME_START:
                end = buf.find(FRAME_START, i)
                end = len(buf) if end < 0 else end
                self.stats.garbage_bytes += end - i
                events.append(UnknownFrame(bytes(buf[i : min(end, i + MAX_UNKNOWN_RAW)])))
                i = end
                continue
            if i + 1 >= len(buf):
                break  # "1A" alone: the cmd byte is in the next notification
            cmd = buf[i + 1]
            length = self._lengths.get(cmd)
            if length is None:
                end = buf.find(FRAME_START, i + 2)
                end = len(buf) if end < 0 else end
                self.stats.unknown_frames += 1
                events.append(UnknownFrame(bytes(buf[i : min(end, i + MAX_UNKNOWN_RAW)])))
                i = end
                continue
            if i + 2 + length > len(buf):
                break  # split frame: wait for the rest
            payload = bytes(buf[i + 2 : i + 2 + length])
            events.append(self._decode(cmd, payload, bytes(buf[i : i + 2 + length])))
            self.stats.frames += 1
            i += 2 + length
        del buf[:i]
        return events

    def _decode(self, cmd: int, payload: bytes, raw: bytes) -> PrinterEvent:
        value = payload[0] if payload else 0
        if cmd == 0x03:
            return Temperature(overheated=value == 0xA9, raw=value)
        if cmd == 0x04:
            if value <= 100:
                return BatteryLevel(value)
            if value in BATTERY_ALARMS:
                return BatteryLevel(None, BATTERY_ALARMS[value])
            if value == 0xA4:
                return BatteryLevel(None, BATTERY_A4)
        elif cmd == 0x05 and value in (0x98, 0x99):
            if self._cover_polarity == "unknown":
                return CoverStatus(None, value)
            open_code = 0x98 if self._cover_polarity == "98_open" else 0x99
            return CoverStatus(value == open_code, value)
        elif cmd == 0x06 and value in (0x88, 0x89):
            return PaperStatus(present=value == 0x89)
        elif cmd == 0x07:
            return FirmwareVersion(".".join(str(b) for b in payload))
        elif cmd == 0x08:
            return SerialNumber(payload.decode("ascii", "replace"))
        elif cmd == 0x09:
            return AutoOff(value * 5)
        elif cmd == 0x0B and value == 0xB8:
            return JobCancelled()
        elif cmd == 0x0C:
            return PaperType(PAPER_KINDS.get(value, "gap"))
        elif cmd == 0x0D:
            # The MAC form is a hardware identifier: acknowledged, never kept in an event (PRIVACY.md).
            return PrinterState("ack" if not payload else "mac_reported")
        elif cmd == 0x0F and value == 0x0C:
            return JobFinished()
        elif cmd == 0x17:
            return ChipType(value)
        elif cmd in STATE_NAMES:
            return PrinterState(STATE_NAMES[cmd], raw)
        self.stats.unknown_frames += 1
        return UnknownFrame(raw)
