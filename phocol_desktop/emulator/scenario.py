"""Scenarios: the faults and timings a virtual printer plays (PROTOCOL.md §12, TESTING.md §9).

Support staff write them as JSON to reproduce a report; tests build them in code. Example::

    {"model": "phomemo.m02", "buffer_bytes": 4096, "lines_per_s": 120, "mtu": 185,
     "faults": [{"kind": "paper_out", "at_row": 200}, {"kind": "disconnect", "at_byte": 9000}]}

A fault fires once, at its trigger: ``at_row`` (before printing that row, counted from 0), ``at_byte``
(when that many host bytes have arrived), ``at_time`` (seconds after the printer was switched on), or
immediately when no trigger is given.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from phocol_desktop.domain.errors import ConfigError, PhocolError
from phocol_desktop.domain.safe_input import display_name, loads_json, read_input
from phocol_desktop.protocol.quyin import table

MAX_SCENARIO_BYTES = 1024 * 1024

FAULT_KINDS = ("paper_out", "cover_open", "overheat", "low_battery", "disconnect", "slow_drain", "cancel", "mute")
BATTERY_ALARMS = tuple(table.BATTERY_ALARMS)  # low_10, low_5, low_3


class ScenarioError(ConfigError):
    advice = "Fix the named field of the scenario file (see `phocol-desktop emulate --help`)."


@dataclass(frozen=True)
class Fault:
    kind: str
    at_row: int | None = None
    at_byte: int | None = None
    at_time: float | None = None
    value: Any = None  # slow_drain: speed factor (default 0.25); low_battery: low_10/low_5/low_3

    def __post_init__(self) -> None:
        if not isinstance(self.kind, str) or self.kind not in FAULT_KINDS:
            raise ScenarioError(f"Scenario fault kind {self.kind!r} is not one of {', '.join(FAULT_KINDS)}.")
        triggers = [t for t in (self.at_row, self.at_byte, self.at_time) if t is not None]
        if len(triggers) > 1:
            raise ScenarioError(f"Scenario fault {self.kind!r} has more than one trigger.")
        where = f"fault {self.kind!r}"
        _number(self.at_row, f"{where} 'at_row'", 0, 10_000_000, integer=True)
        _number(self.at_byte, f"{where} 'at_byte'", 0, 1 << 32, integer=True)
        _number(self.at_time, f"{where} 'at_time'", 0, 86_400)
        if self.kind == "slow_drain" and self.value is not None and not (
                isinstance(self.value, int | float) and not isinstance(self.value, bool)
                and math.isfinite(self.value) and 0 < self.value <= 1):
            raise ScenarioError("Scenario fault 'slow_drain' needs a speed factor in (0, 1].")
        if self.kind == "low_battery" and self.value is not None and (
                not isinstance(self.value, str) or self.value not in BATTERY_ALARMS):
            raise ScenarioError(f"Scenario fault 'low_battery' value must be one of {', '.join(BATTERY_ALARMS)}.")


@dataclass(frozen=True)
class Scenario:
    model: str | None = None
    buffer_bytes: int | None = None  # None: the model's measured value, else unbounded
    lines_per_s: float | None = None  # None: the model's measured value, else instant
    mtu: int = 185
    faults: tuple[Fault, ...] = ()
    battery: int = 90  # percent
    serial: str = "PHOCOLVIRTUAL01"  # 15 ASCII characters, as real units answer 1F 11 09
    firmware: tuple[int, int, int] = (3, 0, 1)
    auto_off_minutes: int = 30
    chip: int = 8
    notify_batch: bool = False  # join all pending frames into one notification
    notify_max_bytes: int | None = None  # split frames across notifications of at most this size
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Every number finite, of the right kind and physically plausible: "mtu": 23.5 or a 5000-digit
        # buffer is refused here, naming the field, never a traceback later in the printer.
        _number(self.buffer_bytes, "'buffer_bytes'", 1, 1 << 40, integer=True)  # 1 TB: "unbounded"
        _number(self.lines_per_s, "'lines_per_s'", 0.01, 1e9)  # 1e9: "instant"
        _number(self.mtu, "'mtu'", 23, 517, integer=True, required=True)
        _number(self.battery, "'battery'", 0, 100, integer=True, required=True)
        _number(self.auto_off_minutes, "'auto_off_minutes'", 0, 24 * 60, integer=True, required=True)
        _number(self.chip, "'chip'", 0, 255, integer=True, required=True)
        _number(self.notify_max_bytes, "'notify_max_bytes'", 1, 4096, integer=True)
        if not isinstance(self.serial, str) or len(self.serial) != 15 or not self.serial.isascii():
            raise ScenarioError("Scenario 'serial' must be 15 ASCII characters.")
        if self.model is not None and (not isinstance(self.model, str) or len(self.model) > 64):
            raise ScenarioError("Scenario 'model' must be a model id (text).")
        if not isinstance(self.notify_batch, bool):
            raise ScenarioError("Scenario 'notify_batch' must be true or false.")
        if len(self.firmware) != 3 or any(type(v) is not int or not 0 <= v <= 255 for v in self.firmware):
            raise ScenarioError("Scenario 'firmware' must be three numbers 0..255.")

    @classmethod
    def coerce(cls, value: Scenario | Mapping[str, Any] | None) -> Scenario:
        if value is None:
            return cls()
        if isinstance(value, Scenario):
            return value
        return cls.from_dict(value)

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any]) -> Scenario:
        if not isinstance(doc, Mapping):
            raise ScenarioError("A scenario must be a JSON object.")
        known = {"model", "buffer_bytes", "lines_per_s", "mtu", "faults", "battery", "serial", "firmware",
                 "auto_off_minutes", "chip", "notify_batch", "notify_max_bytes", "disconnect_after_bytes"}
        unknown = sorted(set(doc) - known)
        if unknown:
            raise ScenarioError(f"Unknown scenario field(s): {', '.join(unknown)}.")
        faults = []
        raw_faults = doc.get("faults", [])
        if not isinstance(raw_faults, list):
            raise ScenarioError("Scenario 'faults' must be a list.")
        for i, f in enumerate(raw_faults):
            if not isinstance(f, Mapping) or "kind" not in f:
                raise ScenarioError(f"Scenario fault #{i} needs a 'kind'.")
            extra = set(f) - {"kind", "at_row", "at_byte", "at_time", "value"}
            if extra:
                raise ScenarioError(f"Scenario fault #{i} has unknown field(s) {', '.join(sorted(extra))}.")
            faults.append(Fault(**f))
        if doc.get("disconnect_after_bytes") is not None:  # shorthand the fake BlueZ tests use
            faults.append(Fault("disconnect", at_byte=doc["disconnect_after_bytes"]))
        kwargs = {k: v for k, v in doc.items() if k not in ("faults", "disconnect_after_bytes")}
        if "firmware" in kwargs:
            if not isinstance(kwargs["firmware"], list):
                raise ScenarioError("Scenario 'firmware' must be three numbers 0..255.")
            kwargs["firmware"] = tuple(kwargs["firmware"])
        try:
            return cls(faults=tuple(faults), **kwargs)
        except TypeError as exc:
            raise ScenarioError(f"Scenario has a field of the wrong type ({exc}).") from None

    @classmethod
    def from_json(cls, text: str | bytes, name: str = "file") -> Scenario:
        try:
            doc = loads_json(text, what="scenario", name=name)
        except PhocolError as exc:
            raise ScenarioError(exc.reason) from None
        return cls.from_dict(doc)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Scenario:
        """Read a scenario file safely: a regular file (never a FIFO or device) of at most 1 MB."""
        return cls.from_json(read_input(path, max_bytes=MAX_SCENARIO_BYTES, what="scenario"), display_name(path))


def _number(value: Any, field: str, lo: float, hi: float, *, integer: bool = False, required: bool = False) -> None:
    if value is None and not required:
        return
    kind_ok = type(value) is int if integer else (isinstance(value, int | float) and not isinstance(value, bool))
    if not kind_ok:
        raise ScenarioError(f"Scenario {field} must be {'a whole number' if integer else 'a number'}, "
                            f"not {str(value)[:20]!r}.")
    if not math.isfinite(value) or not lo <= value <= hi:
        raise ScenarioError(f"Scenario {field} {str(value)[:20]} is outside {_num(lo)}..{_num(hi)}.")


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)
