"""The virtual Phocol printer: a pure state machine fed host bytes (PROTOCOL.md §12).

Its parser reads the Quyin dialect with its own grammar, written from PROTOCOL.md and deliberately sharing
no code or table with the encoder or the guard, so a bug in one cannot hide in the other
(tests/emulator/test_guard_agreement.py proves the two agree). The notifications it sends are built by
``protocol.quyin.frames``, like everyone else's. Its model of the hardware:

- a receive buffer of ``buffer_bytes`` (scenario, else the model's measured value, else unbounded);
  host bytes that do not fit are **lost silently** and counted, as on printers without back-pressure;
  the parser then reads whatever arrived, so the damage shows on the paper;
- the head prints one raster row every ``1/lines_per_s`` seconds (instantly when no speed is known),
  freeing buffer space as rows start; commands are handled when the head reaches them in the stream;
- answers to status queries with the documented answer codes, unsolicited fault frames, and the
  completion frame ``1A 0F 0C`` after each raster block has printed (families whose ``completion`` is
  ``frame``); never earlier;
- a non-allowlisted ``1F 11 xx`` **bricks** it: no further notifications, every byte ignored;
- faults from the scenario: paper out, cover open, overheat, low battery, cancel, mute, slow drain,
  disconnect after byte N.

Time comes from ``clock.now()`` (any object with ``now``; the fake BlueZ host uses real time, tests and
benchmarks a ``SimClock``). ``receive``/``advance``/``pop_notifications``/``disconnected`` are the surface
``emulator.fake_bluez.host.HostedPrinter`` needs.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from phocol_desktop.domain.printer_model import PrinterModel
from phocol_desktop.emulator.paper import Paper
from phocol_desktop.emulator.scenario import Fault, Scenario
from phocol_desktop.protocol.quyin import frames

FEED_DOTS_PER_LINE = 16  # ESC d n: the M02X advances about 2 mm (16 dots at 203 dpi) per unit
# Status queries the firmware understands (PROTOCOL.md §7); a query must also be in the model's list.
ANSWERED_QUERIES = (0x07, 0x08, 0x09, 0x0E, 0x11, 0x12, 0x13, 0x38)
SILENT_QUERIES = (0x19, 0x20, 0x33)  # documented, answer code not measured: the virtual printer stays quiet
ONE_ARG_1F11 = (0x02, 0x21, 0x24, 0x35, 0x37)
MEDIA_1F11 = {0x0A: "gap", 0x0B: "continuous", 0x26: "mark", 0x4E: "card"}
ESC_LENGTHS = {0x40: 2, 0x61: 3, 0x4E: 4, 0x37: 5, 0x4A: 3, 0x64: 3}  # ESC x: bytes the command takes
COMPACT_AT = 1 << 16


class _Now(Protocol):
    def now(self) -> float: ...


class _Monotonic:
    def now(self) -> float:
        return time.monotonic()


@dataclass
class PrinterStats:
    received_bytes: int = 0  # bytes that reached the printer's radio
    lost_bytes: int = 0  # of those, bytes that did not fit in the receive buffer
    rows_printed: int = 0
    blocks_printed: int = 0
    unknown_bytes: int = 0  # bytes the parser skipped (not a command it knows)
    max_buffer_fill: int = 0
    last_row_done_at: float | None = None  # clock time when the head finished the last row


@dataclass
class _Raster:
    width: int
    rows_left: int
    x_dots: int
    copies: int
    rows: list[bytes]


class VirtualPrinter:
    def __init__(self, model: PrinterModel, scenario: Scenario | Mapping[str, Any] | None = None, *,
                 clock: _Now | None = None) -> None:
        self.model = model
        self.scenario = Scenario.coerce(scenario)
        self._clock = clock or _Monotonic()
        self.t0 = self._clock.now()
        self.buffer_bytes = self.scenario.buffer_bytes or model.pacing.buffer_bytes
        speed = self.scenario.lines_per_s or model.pacing.lines_per_s
        self.row_time = 1.0 / speed if speed else 0.0
        self.paper = Paper(model.head_dots)
        self.stats = PrinterStats()
        self.wire_log: list[tuple[float, str, bytes]] = []  # (t, "host"/"printer", bytes)
        self.event_log: list[tuple[float, str]] = []
        # Printer state
        self.bricked = False
        self._disconnected = False
        self.paper_present = True
        self.cover_open = False
        self.overheated = False
        self.muted = False
        self.battery = self.scenario.battery
        self.battery_alarm: str | None = None  # low_10 / low_5 / low_3
        self.settings: dict[str, Any] = {}
        self._reset_settings()
        # Stream state
        self._fifo = bytearray()
        self._rp = 0
        self._t = self.t0  # time up to which the stream has been processed
        self._head_free_at = self.t0
        self._raster: _Raster | None = None
        self._reprint: list[bytes] = []
        self._reprint_x = 0
        self._completion_due = False
        self._outbox: list[bytes] = []
        self._faults = list(self.scenario.faults)
        self._fire_untriggered()

    # ----------------------------------------------------------------------------------- host surface

    @property
    def disconnected(self) -> bool:
        return self._disconnected

    @property
    def halted(self) -> bool:
        """Paper out, cover open or overheated: the head stops until the condition is cleared."""
        return not self.paper_present or self.cover_open or self.overheated

    @property
    def buffered(self) -> int:
        return len(self._fifo) - self._rp

    def now(self) -> float:
        """The printer's clock (the fake BlueZ host cuts jobs on it)."""
        return self._clock.now()

    @property
    def idle(self) -> bool:
        """Nothing left to print: the buffer is empty and no raster is waiting for rows."""
        return (self.buffered == 0 and self._raster is None and not self._reprint and not self._completion_due
                and self._head_free_at <= self._clock.now())

    def receive(self, data: bytes) -> None:
        """Bytes from the host arrive now (one ATT write)."""
        if self._disconnected:
            return
        now = self._clock.now()
        self.advance()
        data = bytes(data)
        limit = self._byte_limit()
        if limit is not None and self.stats.received_bytes + len(data) >= limit:
            data = data[: max(0, limit - self.stats.received_bytes)]
            self._disconnected = True
            self._log(now, f"disconnected after byte {limit}")
        self.wire_log.append((now, "host", data))
        start = self.stats.received_bytes
        self.stats.received_bytes += len(data)
        self._fire_byte_faults(start, self.stats.received_bytes, now)
        if self.bricked:
            return
        room = len(data) if self.buffer_bytes is None else max(0, self.buffer_bytes - self.buffered)
        if room < len(data):
            self.stats.lost_bytes += len(data) - room
            self._log(now, f"receive buffer full: {len(data) - room} bytes lost")
        self._fifo += data[:room]
        self.stats.max_buffer_fill = max(self.stats.max_buffer_fill, self.buffered)
        self._t = max(self._t, now)
        self._process(now)

    def advance(self) -> None:
        """Let the head work up to the clock's now (print rows, drain the buffer, fire timed faults)."""
        now = self._clock.now()
        due = sorted((f for f in self._faults if f.at_time is not None and self.t0 + f.at_time <= now),
                     key=lambda f: f.at_time)  # type: ignore[arg-type,return-value]
        for fault in due:
            at = self.t0 + fault.at_time  # type: ignore[operator]
            self._process(at)  # the head works up to the fault's moment, then the fault happens
            self._faults.remove(fault)
            self._fire(fault, at)
        self._process(now)

    def pop_notifications(self) -> list[bytes]:
        frames, self._outbox = self._outbox, []
        if not frames:
            return []  # (frames sent before a bricking command still went out; none are made after it)
        if self.scenario.notify_batch:
            frames = [b"".join(frames)]
        size = self.scenario.notify_max_bytes
        if size:
            frames = [f[i : i + size] for f in frames for i in range(0, len(f), size)]
        return frames

    # ----------------------------------------------------------------------------- support/test controls

    def trigger(self, kind: str, value: Any = None) -> None:
        """Inject a fault now (the emulate command's controls and tests use this)."""
        self._fire(Fault(kind, value=value), self._clock.now())

    def clear(self, condition: str) -> None:
        """The user fixed the printer: reload paper, close the cover, let the head cool down."""
        now = self._clock.now()
        if condition == "paper_out":
            self.paper_present = True
            self._notify(now, frames.paper(present=True))
        elif condition == "cover_open":
            self.cover_open = False
            self._notify(now, self._cover_frame(open_=False))
        elif condition == "overheat":
            self.overheated = False
            self._notify(now, frames.temperature(overheated=False))
        self._t = max(self._t, now)
        self._head_free_at = max(self._head_free_at, now)
        self._process(now)

    def paper_png(self) -> bytes:
        return self.paper.png()

    def logs(self) -> dict[str, Any]:
        """The wire log (hex, both directions) and event log, for support bundles and bug reports."""
        return {
            "schema": "phocol.vp_log/1",
            "model": self.model.id,
            "stats": dict(vars(self.stats)),
            "bricked": self.bricked,
            "wire": [{"t": round(t - self.t0, 6), "from": who, "hex": data.hex()} for t, who, data in self.wire_log],
            "events": [{"t": round(t, 6), "what": what} for t, what in self.event_log],
        }

    # ------------------------------------------------------------------------------------------ internals

    def _log(self, t: float, what: str) -> None:
        self.event_log.append((t - self.t0, what))

    def _notify(self, t: float, frame: bytes) -> None:
        if self.bricked:
            return
        self._outbox.append(frame)
        self.wire_log.append((t, "printer", frame))

    def _reset_settings(self) -> None:
        self.settings = {"margin_bytes": None, "align": 0, "copies": 1, "compression": 0}

    def _byte_limit(self) -> int | None:
        limits = [f.at_byte for f in self._faults if f.kind == "disconnect" and f.at_byte is not None]
        return min(limits) if limits else None

    def _fire_untriggered(self) -> None:
        for fault in [f for f in self._faults if f.at_row is None and f.at_byte is None and f.at_time is None]:
            self._faults.remove(fault)
            self._fire(fault, self.t0)

    def _fire_byte_faults(self, start: int, end: int, t: float) -> None:
        for fault in [f for f in self._faults if f.at_byte is not None and f.kind != "disconnect"]:
            if fault.at_byte <= end:  # type: ignore[operator]
                self._faults.remove(fault)
                self._fire(fault, t)

    def _fire_row_faults(self, t: float) -> None:
        rows = self.stats.rows_printed
        for fault in [f for f in self._faults if f.at_row is not None and f.at_row <= rows]:
            self._faults.remove(fault)
            self._fire(fault, t)

    def _cover_frame(self, *, open_: bool) -> bytes:
        # 98 means "open" for phomymo, "closed" for mabl (⚠ PROTOCOL.md §7): follow the model's polarity.
        return frames.cover(open_=open_, polarity=self.model.cover_polarity)

    def _fire(self, fault: Fault, t: float) -> None:
        self._log(t, f"fault {fault.kind}")
        kind = fault.kind
        if kind == "paper_out":
            self.paper_present = False
            self._notify(t, frames.paper(present=False))
        elif kind == "cover_open":
            self.cover_open = True
            self._notify(t, self._cover_frame(open_=True))
        elif kind == "overheat":
            self.overheated = True
            self._notify(t, frames.temperature(overheated=True))
        elif kind == "low_battery":
            self.battery_alarm = fault.value or "low_10"
            self._notify(t, frames.battery_alarm(self.battery_alarm))
        elif kind == "cancel":
            self._raster = None
            self._reprint = []
            self._fifo.clear()
            self._rp = 0
            self._notify(t, frames.job_cancelled())
        elif kind == "mute":
            self.muted = True
        elif kind == "slow_drain":
            factor = float(fault.value or 0.25)
            self.row_time = (self.row_time or 0.001) / factor
        elif kind == "disconnect":
            self._disconnected = True

    # The stream parser. Everything is handled in stream order when the head reaches it.

    def _process(self, now: float) -> None:
        while not self.bricked and not self._disconnected:
            start = max(self._t, self._head_free_at)
            if start > now:
                return
            if self._raster is not None or self._reprint:
                if not self._print_next_row(start):
                    return
                continue
            if self._completion_due:
                self._completion_due = False
                self.stats.blocks_printed += 1
                if self.model.completion == "frame":
                    self._notify(start, frames.job_finished())
                continue
            used = self._parse_command(start)
            if used == 0:
                return  # incomplete command: wait for more bytes
            self._rp += used
            if self._rp >= COMPACT_AT:
                del self._fifo[: self._rp]
                self._rp = 0

    def _print_next_row(self, start: float) -> bool:
        self._fire_row_faults(start)
        if self.halted or self.bricked or (self._raster is None and not self._reprint):
            return False
        if self._reprint:
            row, x = self._reprint.pop(0), self._reprint_x
        else:
            r = self._raster
            assert r is not None
            if self.buffered < r.width:
                return False
            row = bytes(self._fifo[self._rp : self._rp + r.width])
            self._rp += r.width
            x = r.x_dots
            r.rows_left -= 1
            if r.copies > 1:
                r.rows.append(row)
            if r.rows_left == 0:
                self._raster = None
                self._reprint = r.rows * (r.copies - 1)
                self._reprint_x = r.x_dots
        self.paper.print_row(row, x)
        self.stats.rows_printed += 1
        self._head_free_at = start + self.row_time
        self.stats.last_row_done_at = self._head_free_at
        if self._raster is None and not self._reprint:
            self._completion_due = True
        return True

    def _parse_command(self, t: float) -> int:
        """Handle the command at the read position; return the bytes it used (0: incomplete)."""
        buf, i = self._fifo, self._rp
        avail = len(buf) - i
        if avail == 0:
            return 0
        b = buf[i]
        if b == 0x1B:
            if avail < 2:
                return 0
            op = buf[i + 1]
            need = ESC_LENGTHS.get(op)
            if need is None:
                return self._skip()
            if avail < need:
                return 0
            arg = buf[i + 2] if need > 2 else 0
            if op == 0x40:
                # The vendor order (mabl, M220) sends margin, density, speed and media *before* ESC @,
                # so ESC @ cannot clear them; it resets the ESC/POS print mode (alignment).
                self.settings["align"] = 0
            elif op == 0x61:
                self.settings["align"] = arg
            elif op == 0x4E:
                self.settings[{0x04: "density", 0x0D: "speed"}.get(arg, f"esc_n_{arg:02x}")] = buf[i + 3]
            elif op == 0x37:
                self.settings["heat"] = bytes(buf[i + 2 : i + 5])
            elif op == 0x4A:
                self._feed(t, arg)
            else:
                self._feed(t, arg * FEED_DOTS_PER_LINE)
            return need
        if b == 0x1D:
            if avail < 2:
                return 0
            if buf[i + 1] == 0x7C:
                if avail < 3:
                    return 0
                self.settings["gs_density"] = buf[i + 2]
                return 3
            if buf[i + 1] == 0x76:
                if avail < 8:
                    return 0
                if buf[i + 2] != 0x30:
                    return self._skip()
                width = buf[i + 4] | buf[i + 5] << 8
                rows = buf[i + 6] | buf[i + 7] << 8
                if width and rows:
                    self._raster = _Raster(width, rows, self._x_for(width), max(1, self.settings["copies"]), [])
                    self.settings["copies"] = 1  # copies apply to the next raster only
                return 8
            return self._skip()
        if b == 0x10:
            if avail < 4:
                return 0
            return 4 if buf[i : i + 4] == b"\x10\xff\xfe\x01" else self._skip()
        if b == 0x1F:
            if avail < 2:
                return 0
            if buf[i + 1] == 0xF0:
                if avail < 4:
                    return 0
                if buf[i + 2] in (0x03, 0x05) and buf[i + 3] == 0:
                    self._log(t, "end-of-job footer")
                    return 4
                return self._skip()
            if buf[i + 1] != 0x11:
                return self._skip()
            if avail < 3:
                return 0
            code = buf[i + 2]
            if code in ONE_ARG_1F11:
                if avail < 4:
                    return 0
                arg = buf[i + 3]
                key = {0x02: "density", 0x21: "copies", 0x24: "margin_bytes", 0x35: "compression", 0x37: "heat"}[code]
                self.settings[key] = arg
                return 4
            if code in MEDIA_1F11:
                self.settings["media"] = MEDIA_1F11[code]
                return 3
            if code in self.model.queries and code in ANSWERED_QUERIES + SILENT_QUERIES:
                self._answer(t, code)
                return 3
            # PROTOCOL.md §9: an undocumented (or not allowlisted) 1F 11 xx: the unit is gone.
            self.bricked = True
            self._log(t, f"BRICKED by 1F 11 {code:02X}")
            self._fifo.clear()
            self._rp = 0
            return 0
        return self._skip()

    def _skip(self) -> int:
        self.stats.unknown_bytes += 1
        return 1

    def _x_for(self, width_bytes: int) -> int:
        margin = self.settings["margin_bytes"]
        if margin is not None:
            return margin * 8
        if self.settings["align"] == 1:
            return max(0, (self.model.head_dots - width_bytes * 8) // 2)
        if self.settings["align"] == 2:
            return max(0, self.model.head_dots - width_bytes * 8)
        return 0

    def _feed(self, t: float, dots: int) -> None:
        if self.halted:
            return  # the motor does not turn with the cover open or no paper
        self.paper.feed(dots)
        self._head_free_at = t + dots * self.row_time

    def _answer(self, t: float, code: int) -> None:
        if self.muted:
            return
        s = self.scenario
        # Which answer each query gets is the printer's own knowledge, kept here, apart from the table.
        answers = {
            0x08: lambda: (frames.battery_alarm(self.battery_alarm) if self.battery_alarm
                           else frames.battery(self.battery)),
            0x07: lambda: frames.firmware(*s.firmware),
            0x09: lambda: frames.serial(s.serial),
            0x0E: lambda: frames.auto_off(s.auto_off_minutes),
            0x11: lambda: frames.paper(present=self.paper_present),
            0x12: lambda: self._cover_frame(open_=self.cover_open),
            0x13: lambda: frames.temperature(overheated=self.overheated),
            0x38: lambda: frames.chip(s.chip),
        }
        build = answers.get(code)
        if build is not None:
            self._notify(t, build())
