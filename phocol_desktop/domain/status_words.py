"""A printer's status in words: the one table the window's printer panel, ``status`` and ``trace decode`` use.

Services hand out typed values (``PrinterStatus``, status events); this module words them. Every text is
marked for translation in the context ``PrinterStatus``: the window passes its translator as ``tr``
(``QCoreApplication.translate`` over the Qt catalogue, so the words follow the UI's language), the command
line prints the English. ``tools/translations.py`` collects the marked texts with the UI's own strings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from phocol_desktop.domain.events import (
    AutoOff,
    BatteryLevel,
    CoverStatus,
    FirmwareVersion,
    PaperStatus,
    PrinterEvent,
    PrinterStatus,
    SerialNumber,
    Temperature,
)
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP

CONTEXT = "PrinterStatus"
Translate = Callable[[str], str]


def english(text: str) -> str:
    return text


LABELS = {
    "connection": QT_TRANSLATE_NOOP("PrinterStatus", "Link"),
    "model": QT_TRANSLATE_NOOP("PrinterStatus", "Model"),
    "battery": QT_TRANSLATE_NOOP("PrinterStatus", "Battery"),
    "paper": QT_TRANSLATE_NOOP("PrinterStatus", "Paper"),
    "cover": QT_TRANSLATE_NOOP("PrinterStatus", "Cover"),
    "temperature": QT_TRANSLATE_NOOP("PrinterStatus", "Print head"),
    "firmware": QT_TRANSLATE_NOOP("PrinterStatus", "Firmware"),
    "serial": QT_TRANSLATE_NOOP("PrinterStatus", "Serial"),
    "auto_off": QT_TRANSLATE_NOOP("PrinterStatus", "Auto-off"),
    "not_ready": QT_TRANSLATE_NOOP("PrinterStatus", "Not ready"),
}
NOT_REPORTED = QT_TRANSLATE_NOOP("PrinterStatus", "not reported")
CONNECTED = QT_TRANSLATE_NOOP("PrinterStatus", "connected")
NOT_CONNECTED = QT_TRANSLATE_NOOP("PrinterStatus", "not connected")
PERCENT = QT_TRANSLATE_NOOP("PrinterStatus", "{0} %")
BATTERY_ALARM = QT_TRANSLATE_NOOP("PrinterStatus", "low (below {0} %)")
PAPER = {True: QT_TRANSLATE_NOOP("PrinterStatus", "loaded"), False: QT_TRANSLATE_NOOP("PrinterStatus", "out of paper")}
COVER = {True: QT_TRANSLATE_NOOP("PrinterStatus", "open"), False: QT_TRANSLATE_NOOP("PrinterStatus", "closed")}
COVER_UNKNOWN = QT_TRANSLATE_NOOP("PrinterStatus", "reported, meaning unknown")
HEAD = {True: QT_TRANSLATE_NOOP("PrinterStatus", "too hot"), False: QT_TRANSLATE_NOOP("PrinterStatus", "normal")}
AUTO_OFF = QT_TRANSLATE_NOOP("PrinterStatus", "after {0} min")
# Model names are product names and stay as written, except the generic profile's, which is a description
# (printer_models.json "generic-384"); model_words() translates it and passes every product name through.
MODEL_DESCRIPTIONS = (QT_TRANSLATE_NOOP("PrinterStatus", "Phocol printer (generic 384-dot)"),)
FAULTS = {
    "paper_out": QT_TRANSLATE_NOOP("PrinterStatus", "The printer is out of paper."),
    "cover_open": QT_TRANSLATE_NOOP("PrinterStatus", "The printer's cover is open."),
    "overheated": QT_TRANSLATE_NOOP("PrinterStatus", "The print head is too hot."),
}


@dataclass(frozen=True)
class StatusLine:
    field: str  # a key of LABELS
    label: str
    value: str


def battery_words(percent: int | None, alarm: str | None, tr: Translate = english) -> str:
    if alarm:  # "low_10": the printer only says it is below 10 %
        below = alarm.rsplit("_", 1)[-1]
        return tr(BATTERY_ALARM).format(below)
    return tr(NOT_REPORTED) if percent is None else tr(PERCENT).format(percent)


def _either(value: bool | None, words: dict[bool, str], tr: Translate) -> str:
    return tr(NOT_REPORTED) if value is None else tr(words[value])


def status_lines(status: PrinterStatus, tr: Translate = english, *, everything: bool = False) -> list[StatusLine]:
    """Battery, paper, cover and print head always; firmware, serial and auto-off when reported (or with
    ``everything``, as "not reported"); a last "Not ready" line when a fault stops printing."""
    values = {
        "battery": battery_words(status.battery, status.battery_alarm, tr),
        "paper": _either(status.paper_present, PAPER, tr),
        "cover": _either(status.cover_open, COVER, tr),
        "temperature": _either(status.overheated, HEAD, tr),
    }
    extra = {"firmware": status.firmware, "serial": status.serial,
             "auto_off": None if status.auto_off_minutes is None else tr(AUTO_OFF).format(status.auto_off_minutes)}
    for key, value in extra.items():
        if value or everything:
            values[key] = value or tr(NOT_REPORTED)
    fault = fault_words(status, tr)
    if fault:
        values["not_ready"] = fault
    return [StatusLine(key, tr(LABELS[key]), value) for key, value in values.items()]


def model_words(name: str, tr: Translate = english) -> str:
    return tr(name) if name in MODEL_DESCRIPTIONS else name


def connection_words(connected: bool, tr: Translate = english) -> str:
    return tr(CONNECTED if connected else NOT_CONNECTED)


def fault_words(status: PrinterStatus, tr: Translate = english) -> str:
    """Why printing must wait, in words; empty when it may go on."""
    fault = status.blocking_fault_code()
    return tr(FAULTS[fault]) if fault else ""


def event_words(event: PrinterEvent, tr: Translate = english) -> StatusLine | None:
    """A status report as it arrived (``trace decode`` lists them); None for events that are not status."""
    line = {
        BatteryLevel: lambda e: ("battery", battery_words(e.percent, e.alarm, tr)),
        PaperStatus: lambda e: ("paper", tr(PAPER[e.present])),
        CoverStatus: lambda e: ("cover", tr(COVER_UNKNOWN) if e.open is None else tr(COVER[e.open])),
        Temperature: lambda e: ("temperature", tr(HEAD[e.overheated])),
        FirmwareVersion: lambda e: ("firmware", e.version),
        SerialNumber: lambda e: ("serial", e.serial),
        AutoOff: lambda e: ("auto_off", tr(AUTO_OFF).format(e.minutes)),
    }.get(type(event))
    if line is None:
        return None
    key, value = line(event)
    return StatusLine(key, tr(LABELS[key]), value)
