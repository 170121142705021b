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
from phocol_desktop.protocol.quyin import table as t

FRAME_START = t.FRAME_START
BATTERY_ALARMS = {code: name for name, code in t.BATTERY_ALARMS.items()}
# 1A 04 A4: phomymo reads "0 %", mabl reads "dry cells" (⚠ PROTOCOL.md §7); both mean "no percentage".
BATTERY_A4 = "empty_or_dry_cells"
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
        self._lengths = {**t.PAYLOAD_LENGTHS, t.ACK_OR_MAC: notify_0d_length}
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
        if cmd == t.TEMPERATURE:
            return Temperature(overheated=value == t.OVERHEATED, raw=value)
        if cmd == t.BATTERY:
            if value <= 100:
                return BatteryLevel(value)
            if value in BATTERY_ALARMS:
                return BatteryLevel(None, BATTERY_ALARMS[value])
            if value == t.BATTERY_A4:
                return BatteryLevel(None, BATTERY_A4)
        elif cmd == t.COVER and value in (t.COVER_98, t.COVER_99):
            if self._cover_polarity == "unknown":
                return CoverStatus(None, value)
            open_code = t.COVER_98 if self._cover_polarity == "98_open" else t.COVER_99
            return CoverStatus(value == open_code, value)
        elif cmd == t.PAPER and value in (t.PAPER_OUT, t.PAPER_PRESENT):
            return PaperStatus(present=value == t.PAPER_PRESENT)
        elif cmd == t.FIRMWARE:
            return FirmwareVersion(".".join(str(b) for b in payload))
        elif cmd == t.SERIAL:
            return SerialNumber(payload.decode("ascii", "replace"))
        elif cmd == t.AUTO_OFF:
            return AutoOff(value * t.AUTO_OFF_STEP_MINUTES)
        elif cmd == t.CANCELLED and value == t.JOB_CANCELLED:
            return JobCancelled()
        elif cmd == t.PAPER_TYPE:
            return PaperType(t.PAPER_KINDS.get(value, "gap"))
        elif cmd == t.ACK_OR_MAC:
            # The MAC form is a hardware identifier: acknowledged, never kept in an event (PRIVACY.md).
            return PrinterState("ack" if not payload else "mac_reported")
        elif cmd == t.FINISHED and value == t.JOB_FINISHED:
            return JobFinished()
        elif cmd == t.CHIP:
            return ChipType(value)
        elif cmd in t.STATE_NAMES:
            return PrinterState(t.STATE_NAMES[cmd], raw)
        self.stats.unknown_frames += 1
        return UnknownFrame(raw)
