"""Typed events decoded from printer notifications (PROTOCOL.md §7) and from the link itself.

The decoder never matches an answer to the query sent; each frame type updates its own field of
``PrinterStatus`` (a fold over events).
"""

from __future__ import annotations

from dataclasses import dataclass, replace


class PrinterEvent:
    """Base of every event a printer link reports."""

    __slots__ = ()


@dataclass(frozen=True)
class BatteryLevel(PrinterEvent):
    percent: int | None  # None when the printer reports dry cells or an alarm code only
    alarm: str | None = None  # "low_10", "low_5", "low_3" for 1A 04 A1/A2/A3


@dataclass(frozen=True)
class PaperStatus(PrinterEvent):
    present: bool


@dataclass(frozen=True)
class CoverStatus(PrinterEvent):
    open: bool | None  # None: the model's cover polarity is unknown (raw kept)
    raw: int


@dataclass(frozen=True)
class Temperature(PrinterEvent):
    overheated: bool
    raw: int


@dataclass(frozen=True)
class FirmwareVersion(PrinterEvent):
    version: str


@dataclass(frozen=True)
class SerialNumber(PrinterEvent):
    serial: str


@dataclass(frozen=True)
class AutoOff(PrinterEvent):
    minutes: int


@dataclass(frozen=True)
class PaperType(PrinterEvent):
    kind: str  # continuous / mark / gap


@dataclass(frozen=True)
class ChipType(PrinterEvent):
    code: int


@dataclass(frozen=True)
class JobFinished(PrinterEvent):
    pass


@dataclass(frozen=True)
class JobCancelled(PrinterEvent):
    pass


@dataclass(frozen=True)
class PrinterState(PrinterEvent):
    """Idle / charging / busy / ack frames (decoded, rarely acted on)."""

    state: str
    raw: bytes = b""


@dataclass(frozen=True)
class UnknownFrame(PrinterEvent):
    raw: bytes


@dataclass(frozen=True)
class LinkEvent(PrinterEvent):
    """Connection lifecycle: connected, disconnected, reconnecting…"""

    state: str
    detail: str = ""


@dataclass(frozen=True)
class PrinterStatus:
    """Latest known value of each status field; ``apply`` folds one event in."""

    battery: int | None = None
    battery_alarm: str | None = None
    paper_present: bool | None = None
    cover_open: bool | None = None
    overheated: bool | None = None
    firmware: str | None = None
    serial: str | None = None
    auto_off_minutes: int | None = None
    paper_type: str | None = None

    def apply(self, event: PrinterEvent) -> PrinterStatus:
        match event:
            case BatteryLevel(percent=p, alarm=a):
                return replace(self, battery=p if p is not None else self.battery, battery_alarm=a)
            case PaperStatus(present=p):
                return replace(self, paper_present=p)
            case CoverStatus(open=o):
                return replace(self, cover_open=o)
            case Temperature(overheated=o):
                return replace(self, overheated=o)
            case FirmwareVersion(version=v):
                return replace(self, firmware=v)
            case SerialNumber(serial=s):
                return replace(self, serial=s)
            case AutoOff(minutes=m):
                return replace(self, auto_off_minutes=m)
            case PaperType(kind=k):
                return replace(self, paper_type=k)
        return self

    def blocking_fault_code(self) -> str | None:
        """A condition that must stop a job (paper_out, cover_open, overheated); None when printing may go on.
        In words: ``domain.status_words.fault_words``."""
        if self.paper_present is False:
            return "paper_out"
        if self.cover_open is True:
            return "cover_open"
        if self.overheated is True:
            return "overheated"
        return None
