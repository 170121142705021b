"""Decode a protocol trace into an annotated command listing, and render what it printed.

The host side is split into commands by the protocol's own danger-list guard (``guard.split_commands``),
the same grammar that decides what the app may send, so the listing flags exactly what the app would
refuse: an undocumented or not-allowlisted ``1F 11 xx`` is **DANGER**, any other byte it cannot place is
**unknown**. The guard stops at the first bad byte; this module resumes after it, so one bad byte does
not hide the rest of the job. Notifications go through the protocol's incremental decoder. The printed
image comes from the virtual printer, whose parser is independent of both, so a listing and a render
that disagree point at a real ambiguity in the bytes.

Everything is bounded: the trace loader caps sizes, the listing keeps at most ``MAX_LINES`` lines and
stops flagging after ``MAX_UNKNOWN_BYTES`` unplaceable bytes, and scanning work is linear in the input.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from phocol_desktop.domain.clock import SimClock
from phocol_desktop.domain.errors import DangerousCommand, ProtocolError
from phocol_desktop.domain.events import (
    ChipType,
    CoverStatus,
    JobCancelled,
    JobFinished,
    PaperType,
    PrinterEvent,
    PrinterState,
    UnknownFrame,
)
from phocol_desktop.domain.printer_model import ModelTable, PrinterModel
from phocol_desktop.domain.safe_input import InputRefused, read_input
from phocol_desktop.domain.status_words import event_words
from phocol_desktop.emulator.scenario import Scenario
from phocol_desktop.emulator.virtual_printer import VirtualPrinter
from phocol_desktop.protocol import UnsupportedFamily, dialect_for, status_codec
from phocol_desktop.protocol.quyin import guard, table
from phocol_desktop.support.btsnoop import MAGIC as BTSNOOP_MAGIC
from phocol_desktop.support.btsnoop import import_btsnoop
from phocol_desktop.support.trace import LINK, NOTIFY, Trace, TraceError, recorded_model_id

MAX_FILE_BYTES = 256 * 1024 * 1024  # a phone's full HCI log can be large; more than this is not a session
MAX_LINES = 20_000
MAX_UNKNOWN_BYTES = 1 << 20
WINDOW = 1 << 16  # the guard sees the stream in windows, so a bad byte never costs a copy of the whole rest
RASTER_SIG = table.RASTER_SIGNATURE[:3]
# Bytes that can start a Quyin command (PROTOCOL.md §4): an unknown run is skipped up to the next one.
COMMAND_LEAD_BYTES = re.compile(b"[" + b"".join(re.escape(bytes((b,))) for b in table.COMMAND_LEAD_BYTES) + b"]")
SHOWN_HEX = 16

OK, UNKNOWN, DANGER, TRUNCATED = "", "unknown", "DANGER", "truncated"


@dataclass(frozen=True)
class ListingLine:
    t: float
    direction: str  # "->" host to printer, "<-" printer to host, "--" link
    name: str
    detail: str = ""
    offset: int | None = None  # position in the host byte stream
    raw: bytes = b""
    flag: str = OK


@dataclass
class Summary:
    commands: int = 0
    raster_blocks: int = 0
    raster_rows: int = 0
    raster_bytes: int = 0
    feeds: int = 0
    queries: int = 0
    answers: int = 0
    notifications: int = 0
    dangerous: int = 0
    unknown_bytes: int = 0
    truncated: bool = False
    lines_dropped: int = 0


@dataclass
class DecodedTrace:
    model: PrinterModel
    lines: list[ListingLine] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    source: str = ""

    def add(self, line: ListingLine) -> None:
        if len(self.lines) < MAX_LINES:
            self.lines.append(line)
        else:
            self.summary.lines_dropped += 1


# ------------------------------------------------------------------------------------------------ loading

@dataclass(frozen=True)
class LoadedTrace:
    trace: Trace
    kind: str  # "btsnoop" or "json"
    note: str = ""  # what the importer found (connections, handles)


def load_trace_bytes(data: bytes) -> LoadedTrace:
    if data.startswith(BTSNOOP_MAGIC):
        result = import_btsnoop(data)
        note = (f"printer connection 0x{result.connection_handle:04x}, write handle "
                f"{_handle(result.write_handle)}, notify handle {_handle(result.notify_handle)}, "
                f"MTU {result.mtu or 'not exchanged'}; {result.other_connections} other connection(s) ignored")
        return LoadedTrace(result.trace, "btsnoop", note)
    if data.lstrip()[:1] == b"{":
        return LoadedTrace(Trace.from_json(data), "json")
    raise TraceError("The file is neither a btsnoop log (btsnoop_hci.log) nor a Phocol trace (.json).")


def load_trace(path: str | Path) -> LoadedTrace:
    p = Path(path)
    try:  # a regular file only (a FIFO would block, /dev/zero never ends), capped on the bytes actually read
        data = read_input(p, max_bytes=MAX_FILE_BYTES, what="trace")
    except InputRefused as exc:
        raise TraceError(exc.reason, "Give the path of a trace file (btsnoop or the app's .json).") from None
    except OSError as exc:
        raise TraceError(f"{p.name} cannot be read ({exc.strerror or type(exc).__name__}).") from None
    return load_trace_bytes(data)


def _handle(h: int | None) -> str:
    return "none" if h is None else f"0x{h:04x}"


def pick_model(trace: Trace, table: ModelTable, model_id: str | None = None) -> PrinterModel:
    """The model named on the command line, else the one the trace was recorded with, else the default."""
    if model_id:
        return table.get(model_id)
    recorded = recorded_model_id(trace.meta)
    if recorded is not None and any(m.id == recorded for m in table.models):
        return table.get(recorded)
    return table.default


# ------------------------------------------------------------------------------------------------ host side

@dataclass(frozen=True)
class _Piece:
    offset: int
    name: str
    data: bytes
    flag: str = OK
    why: str = ""


def split_tolerant(stream: bytes, model: PrinterModel) -> Iterator[_Piece]:
    """Commands of ``stream`` as the guard reads them; bad bytes become flagged pieces and reading resumes."""
    n, i, unknown_start, unknown_total = len(stream), 0, None, 0

    def flush_unknown(upto: int) -> Iterator[_Piece]:
        nonlocal unknown_start
        if unknown_start is not None:
            yield _Piece(unknown_start, "unknown", stream[unknown_start:upto], UNKNOWN,
                         "not a documented Quyin command")
            unknown_start = None

    window = WINDOW
    while i < n:
        end = min(n, i + window)
        try:
            cmds = guard.split_commands(stream[i:end], model)
        except DangerousCommand as exc:
            k = exc.offset
            if k is None:  # a refusal without a position (a template error): flag the rest rather than guess
                yield from flush_unknown(i)
                yield _Piece(i, "unreadable", stream[i:], UNKNOWN, exc.reason)
                return
            if k > 0:
                yield from flush_unknown(i)
                for c in guard.split_commands(stream[i:i + k], model):
                    yield _Piece(i + c.offset, c.name, c.data)
                i += k
                window = WINDOW
                continue
            if stream.startswith(RASTER_SIG, i):
                if end < n:  # a raster block longer than the window: give the guard the rest of the stream
                    window = n - i
                    continue
                yield from flush_unknown(i)
                yield _Piece(i, "raster", stream[i:], TRUNCATED, exc.reason)
                return
            if stream.startswith(table.US_11, i) and n - i >= 3:
                size = 4 if stream[i + 2] == table.COMPRESSION and n - i >= 4 else 3
                yield from flush_unknown(i)
                yield _Piece(i, "refused", stream[i:i + size], DANGER, exc.reason.split(": ", 1)[-1].rstrip("."))
                i += size
                continue
            # An unknown byte: skip to the next byte that could start a command.
            if unknown_start is None:
                unknown_start = i
            m = COMMAND_LEAD_BYTES.search(stream, i + 1)
            nxt = m.start() if m else n
            unknown_total += nxt - i
            i = nxt
            if unknown_total > MAX_UNKNOWN_BYTES:
                yield from flush_unknown(i)
                yield _Piece(i, "unreadable", stream[i:], UNKNOWN,
                             "too many unknown bytes: this is not a Quyin job; the rest is not listed")
                return
            continue
        yield from flush_unknown(i)
        for c in cmds:
            yield _Piece(i + c.offset, c.name, c.data)
        i = end
        window = WINDOW
    yield from flush_unknown(n)


def describe_command(name: str, data: bytes) -> str:
    """One-line meaning of a command the guard recognised (PROTOCOL.md §4)."""
    arg = data[-1] if data else 0
    if name == "init":
        return "ESC @ reset (the printer needs ~100 ms before the next command)"
    if name == "raster" and len(data) >= 8:
        width, rows = int.from_bytes(data[4:6], "little"), int.from_bytes(data[6:8], "little")
        return (f"GS v 0 raster block: {width} bytes x {rows} rows ({width * 8} x {rows} dots), "
                f"{len(data) - 8} data bytes")
    if name == "density":
        return f"density level {arg}"
    if name == "speed":
        return f"speed level {arg}"
    if name == "heat":
        return f"heat/speed 0x{arg:02X}"
    if name == "esc7_heat":
        return f"ESC 7 heating: max dots {data[2]}, heat time {data[3]}, interval {data[4]}"
    if name == "copies":
        return f"copies of the next raster: {arg}"
    if name == "left_margin":
        return f"left margin {arg} bytes ({arg * 8} dots)"
    if name == "compression":
        return "raster compression " + ("LZO on" if arg else "off")
    if name.startswith("media_"):
        return f"media: {name[6:]}"
    if name == "align":
        return "align " + {0: "left", 1: "centre", 2: "right"}.get(arg, str(arg))
    if name == "feed_lines":
        return f"ESC d: print and feed {arg} lines"
    if name == "feed_dots":
        return f"ESC J: feed {arg} dots"
    if name == "gs_density":
        return f"GS | density {arg}"
    if name == "m02_prefix":
        return "M02-series prefix before ESC @"
    if name.startswith("footer"):
        return "end-of-job footer"
    if name == "query":
        code = data[2]
        query = table.QUERIES.get(code)
        return f"status query: {query.asks_for if query else 'code'} (1F 11 {code:02X})"
    return ""


# ----------------------------------------------------------------------------------------- printer side

def describe_event(ev: PrinterEvent) -> tuple[str, str]:
    status = event_words(ev)  # the words every surface uses for a status report (domain/status_words.py)
    if status is not None:
        raw = f" (0x{ev.raw:02X})" if isinstance(ev, CoverStatus) else ""  # the byte, for unknown polarities
        return status.label.lower(), status.value + raw
    if isinstance(ev, PaperType):
        return "paper type", ev.kind
    if isinstance(ev, ChipType):
        return "chip", str(ev.code)
    if isinstance(ev, JobFinished):
        return "job finished", "1A 0F 0C: printed OK"
    if isinstance(ev, JobCancelled):
        return "job cancelled", "1A 0B B8"
    if isinstance(ev, PrinterState):
        return "state", ev.state
    if isinstance(ev, UnknownFrame):
        return "unknown frame", ev.raw[:SHOWN_HEX].hex(" ").upper()
    return type(ev).__name__, ""


# ------------------------------------------------------------------------------------------------ decode

def decode_trace(trace: Trace, model: PrinterModel, source: str = "") -> DecodedTrace:
    if dialect_for(model).id != "quyin":  # the listing reads the Quyin grammar; another family needs its own
        raise UnsupportedFamily(f"Trace listings exist for the Quyin family only, not {model.family!r}.",
                                "Decode it as a Quyin model with --model, or read the btsnoop in Wireshark.")
    out = DecodedTrace(model, source=source)
    s = out.summary
    host = [e for e in trace.events if e.from_host]
    stream = b"".join(e.data for e in host)
    # write start offsets, to date each command by the write that carried its first byte
    starts, pos = array("q"), 0  # 8 bytes per write, not a Python int object each
    for e in host:
        starts.append(pos)
        pos += len(e.data)

    def time_at(offset: int) -> float:
        """The time of the write that carried byte ``offset`` (the last write starting at or before it)."""
        return host[max(0, bisect.bisect_right(starts, offset) - 1)].t if host else 0.0

    host_lines: list[ListingLine] = []
    hidden = 0
    for p in split_tolerant(stream, model):
        if p.flag == DANGER:
            s.dangerous += 1
        elif p.flag == UNKNOWN:
            s.unknown_bytes += len(p.data)
        elif p.flag == TRUNCATED:
            s.truncated = True
        else:
            s.commands += 1
            if p.name == "raster":
                s.raster_blocks += 1
                s.raster_rows += int.from_bytes(p.data[6:8], "little")
                s.raster_bytes += len(p.data) - 8
            elif p.name.startswith("feed"):
                s.feeds += 1
            elif p.name == "query":
                s.queries += 1
        detail = p.why if p.flag else describe_command(p.name, p.data)
        if p.flag == UNKNOWN:
            detail = f"{len(p.data)} byte(s): {detail}"
        if len(host_lines) >= MAX_LINES:  # the listing shows at most MAX_LINES: keep no more in memory
            hidden += 1
            continue
        host_lines.append(ListingLine(time_at(p.offset), "->", p.name, detail, p.offset, p.data[:SHOWN_HEX], p.flag))

    codec = status_codec(model)
    other_lines: list[ListingLine] = []
    for e in trace.events:
        if len(other_lines) >= MAX_LINES:
            hidden += 1
            if e.kind == NOTIFY:
                s.notifications += 1
            continue
        if e.kind == LINK:
            other_lines.append(ListingLine(e.t, "--", "link", e.note))
        elif e.kind == NOTIFY:
            s.notifications += 1
            try:
                events = codec.feed(e.data)
            except ProtocolError as exc:
                events = []
                other_lines.append(ListingLine(e.t, "<-", "undecodable", exc.reason, raw=e.data[:SHOWN_HEX],
                                               flag=UNKNOWN))
            for ev in events:
                name, detail = describe_event(ev)
                flag = UNKNOWN if isinstance(ev, UnknownFrame) else OK
                if not flag:
                    s.answers += 1
                other_lines.append(ListingLine(e.t, "<-", name, detail, raw=e.data[:SHOWN_HEX], flag=flag))
    # merge by time; at equal times a link event comes first, then the host command, then the printer's
    # notification (it answers a write)
    rank = {"--": 0, "<-": 2}
    merged = sorted([(ln.t, 1, i, ln) for i, ln in enumerate(host_lines)]
                    + [(ln.t, rank[ln.direction], i, ln) for i, ln in enumerate(other_lines)], key=lambda x: x[:3])
    for *_, line in merged:
        out.add(line)
    s.lines_dropped += hidden
    return out


def format_listing(decoded: DecodedTrace, header: str = "") -> str:
    rows = []
    if header:
        rows.append(header)
    rows.append(f"model: {decoded.model.id} ({decoded.model.display_name}), family {decoded.model.family}")
    rows.append(f"{'time s':>9} {'offset':>8}       {'command':<14} detail")
    for ln in decoded.lines:
        mark = {DANGER: "!!", UNKNOWN: "??", TRUNCATED: "!!"}.get(ln.flag, "  ")
        label = f"{ln.flag}: " if ln.flag in (DANGER, TRUNCATED) else ""
        offset = "" if ln.offset is None else str(ln.offset)
        more = " …" if len(ln.raw) >= SHOWN_HEX else ""
        raw = f"  [{ln.raw.hex(' ').upper()}{more}]" if ln.raw else ""
        rows.append(f"{ln.t:9.3f} {offset:>8} {ln.direction} {mark} {ln.name:<14} {label}{ln.detail}{raw}")
    s = decoded.summary
    if s.lines_dropped:
        rows.append(f"… {s.lines_dropped} more line(s) not shown")
    rows.append(f"summary: {s.commands} commands, {s.raster_blocks} raster block(s) with {s.raster_rows} rows "
                f"({s.raster_bytes} bytes), {s.feeds} feed(s), {s.queries} query(ies);\n         {s.notifications} "
                f"notification(s) with {s.answers} decoded frame(s); {s.dangerous} dangerous command(s), "
                f"{s.unknown_bytes} unknown byte(s){', last raster truncated' if s.truncated else ''}")
    return "\n".join(rows)


# ------------------------------------------------------------------------------------------------ render

def render_trace(trace: Trace, model: PrinterModel) -> VirtualPrinter:
    """Feed the host side to a virtual printer with an unbounded buffer: the paper the host *asked for*.

    (Replay with the model's buffer and the original pacing shows overflow damage instead.)
    """
    clock = SimClock()
    printer = VirtualPrinter(model, Scenario(buffer_bytes=1 << 40, lines_per_s=1e9), clock=clock)
    last = 0.0
    for e in trace.events:
        if e.from_host:
            clock.advance(e.t - last)
            last = max(last, e.t)
            printer.receive(e.data)
    clock.advance(3600.0)
    printer.advance()
    return printer
