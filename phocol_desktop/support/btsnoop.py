"""btsnoop (the format Wireshark opens and Android writes as btsnoop_hci.log): export and import.

Export writes an HCI H4 log (datalink 1002) with an LE connection, an MTU exchange and each host write
and printer notification as an ATT PDU in an ACL packet, so Wireshark's ATT dissector shows them.

Import reads any H4 btsnoop (ours or a phone's), reassembles fragmented ACL packets into L2CAP frames,
keeps the ATT channel (CID 4) per connection, learns characteristic UUIDs from discovery responses, then
picks the printer connection: the one writing to a characteristic the model table names (FF02, ISSC…) or,
failing that, the one whose writes look most like the printer dialect. Every length field is checked
against the bytes actually present, and sizes are capped, so a hostile file yields a TraceError.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from functools import cache, lru_cache

from phocol_desktop.domain.printer_model import BASE_UUID_TAIL, ModelTable, load_model_table
from phocol_desktop.protocol.quyin import table as quyin
from phocol_desktop.support.trace import (
    LINK,
    MAX_EVENTS,
    MAX_TRACE_BYTES,
    NOTIFY,
    WRITE,
    WRITE_REQ,
    Trace,
    TraceError,
    TraceEvent,
    recorded_model_id,
)

MAGIC = b"btsnoop\x00"
VERSION = 1
DATALINK_H4 = 1002
EPOCH_DELTA_US = 0x00DCDDB30F2F8000  # microseconds from year 0 to 1970-01-01 (btsnoop's time base)
H4_CMD, H4_ACL, H4_SCO, H4_EVT = 1, 2, 3, 4
ATT_CID = 0x0004
MAX_RECORD = 64 * 1024
MAX_RECORDS = 5_000_000

# ATT opcodes
ATT_ERROR, ATT_MTU_REQ, ATT_MTU_RSP = 0x01, 0x02, 0x03
ATT_READ_BY_TYPE_RSP = 0x09
ATT_WRITE_REQ, ATT_WRITE_RSP, ATT_WRITE_CMD = 0x12, 0x13, 0x52
ATT_NOTIFY, ATT_INDICATE = 0x1B, 0x1D

# How a Quyin job's writes begin (init, 1F 11, GS v 0, ESC N, the M02 prefix, a feed): a hint, after the UUIDs.
DIALECT_PREFIXES = (*(bytes((quyin.ESC, quyin.ESC_CODE[name])) for name in ("init", "esc_n", "feed_lines")),
                    quyin.US_11, quyin.RASTER_SIGNATURE[:3], quyin.M02_PREFIX)

# Handles our exports use (any values work; these look like a typical FF00 service layout).
EXPORT_CONN, EXPORT_WRITE_HANDLE, EXPORT_NOTIFY_HANDLE = 0x0040, 0x002A, 0x002C


# ------------------------------------------------------------------------------------------------ export

def _record(packet: bytes, received: bool, t_us: int, is_cmd_or_evt: bool) -> bytes:
    flags = (1 if received else 0) | (2 if is_cmd_or_evt else 0)
    return struct.pack(">IIIIq", len(packet), len(packet), flags, 0, t_us + EPOCH_DELTA_US) + packet


def _acl(conn: int, l2cap_payload: bytes, cid: int = ATT_CID) -> bytes:
    l2cap = struct.pack("<HH", len(l2cap_payload), cid) + l2cap_payload
    return bytes([H4_ACL]) + struct.pack("<HH", (conn & 0x0FFF) | (0x2 << 12), len(l2cap)) + l2cap


def _uuid_bytes(uuid: str) -> bytes:
    """16-bit short form if it is a base UUID, else 128-bit little-endian (as on the air)."""
    u = uuid.lower()
    if len(u) == 4:
        return bytes.fromhex(u)[::-1]
    if u.endswith(BASE_UUID_TAIL) and u.startswith("0000"):
        return bytes.fromhex(u[4:8])[::-1]
    return bytes.fromhex(u.replace("-", ""))[::-1]


def export_btsnoop(trace: Trace, start_unix_us: int = 1_767_225_600_000_000, mtu: int | None = None,
                   table: ModelTable | None = None) -> bytes:
    """Serialise a trace as a btsnoop log. The peer address is a fixed placeholder, never the real one.

    The characteristics declared are those of the recorded model's GATT plan in the model table (the default
    model's when the trace names none it knows), so the log reads as the printer it came from.
    """
    table = table or _bundled_table()
    recorded = recorded_model_id(trace.meta)
    model = table.get(recorded) if any(m.id == recorded for m in table.models) else table.default
    write_uuid, notify_uuid = model.gatt.write, model.gatt.notify
    mtu = int(mtu or trace.meta.get("mtu") or 185)
    out = bytearray(MAGIC + struct.pack(">II", VERSION, DATALINK_H4))
    t0 = start_unix_us
    # LE Connection Complete (event 0x3E, subevent 0x01): status 0, handle, role central, placeholder peer.
    conn_complete = bytes([0x01, 0x00]) + struct.pack("<H", EXPORT_CONN) + bytes([0x00, 0x00]) + bytes(6) \
        + struct.pack("<HHH", 24, 0, 72) + bytes([0x00])
    out += _record(bytes([H4_EVT, 0x3E, len(conn_complete)]) + conn_complete, True, t0, True)
    out += _record(_acl(EXPORT_CONN, struct.pack("<BH", ATT_MTU_REQ, mtu)), False, t0, False)
    out += _record(_acl(EXPORT_CONN, struct.pack("<BH", ATT_MTU_RSP, mtu)), True, t0, False)
    # A Read By Type response declaring both characteristics, so an importer can map handles to UUIDs.
    for decl_handle, value_handle, props, uuid in (
        (EXPORT_WRITE_HANDLE - 1, EXPORT_WRITE_HANDLE, 0x0C, write_uuid),
        (EXPORT_NOTIFY_HANDLE - 1, EXPORT_NOTIFY_HANDLE, 0x10, notify_uuid),
    ):
        ub = _uuid_bytes(uuid)
        item = struct.pack("<HBH", decl_handle, props, value_handle) + ub
        out += _record(_acl(EXPORT_CONN, bytes([ATT_READ_BY_TYPE_RSP, len(item)]) + item), True, t0, False)
    for e in trace.events:
        t = t0 + int(e.t * 1_000_000)
        if e.kind == WRITE:
            out += _record(_acl(EXPORT_CONN, struct.pack("<BH", ATT_WRITE_CMD, EXPORT_WRITE_HANDLE) + e.data),
                           False, t, False)
        elif e.kind == WRITE_REQ:
            out += _record(_acl(EXPORT_CONN, struct.pack("<BH", ATT_WRITE_REQ, EXPORT_WRITE_HANDLE) + e.data),
                           False, t, False)
            out += _record(_acl(EXPORT_CONN, bytes([ATT_WRITE_RSP])), True, t, False)
        elif e.kind == NOTIFY:
            out += _record(_acl(EXPORT_CONN, struct.pack("<BH", ATT_NOTIFY, EXPORT_NOTIFY_HANDLE) + e.data),
                           True, t, False)
        elif e.kind == LINK and e.note.startswith("disconnected"):
            ev = bytes([0x00]) + struct.pack("<H", EXPORT_CONN) + bytes([0x13])
            out += _record(bytes([H4_EVT, 0x05, len(ev)]) + ev, True, t, True)
    return bytes(out)


# ------------------------------------------------------------------------------------------------ import

@dataclass
class _Connection:
    handle: int
    events: list[TraceEvent] = field(default_factory=list)
    uuid_by_handle: dict[int, str] = field(default_factory=dict)
    write_handles: dict[int, int] = field(default_factory=dict)  # handle -> bytes written
    notify_handles: dict[int, int] = field(default_factory=dict)
    mtu: int | None = None
    # ACL reassembly per direction: (expected L2CAP length, collected bytes)
    partial: dict[bool, bytearray] = field(default_factory=dict)

    def score(self, printer_writes: frozenset[str]) -> tuple[int, int]:
        known = sum(1 for h in self.write_handles if _full_uuid(self.uuid_by_handle.get(h)) in printer_writes)
        dialect = sum(1 for e in self.events if e.from_host and e.data.startswith(DIALECT_PREFIXES))
        return known, dialect


@dataclass(frozen=True)
class ImportResult:
    trace: Trace
    connection_handle: int
    write_handle: int | None
    notify_handle: int | None
    mtu: int | None
    other_connections: int
    skipped_records: int


@cache
def _bundled_table() -> ModelTable:
    return load_model_table()


def _full_uuid(uuid: str | None) -> str | None:
    """The 128-bit form of a UUID as ``_uuid_from`` returns it (16-bit forms expand on the base UUID)."""
    return f"0000{uuid}{BASE_UUID_TAIL}" if uuid is not None and len(uuid) == 4 else uuid


def _uuid_from(raw: bytes) -> str:
    if len(raw) == 2:
        return raw[::-1].hex()
    h = raw[::-1].hex()
    u = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    if u.endswith(BASE_UUID_TAIL) and u.startswith("0000"):
        return u[4:8]
    return u


def _records(data: bytes):  # type: ignore[no-untyped-def]
    if len(data) < 16 or data[:8] != MAGIC:
        raise TraceError("Not a btsnoop file (the 'btsnoop' header is missing).")
    version, datalink = struct.unpack(">II", data[8:16])
    if version != VERSION or datalink != DATALINK_H4:
        raise TraceError(f"Unsupported btsnoop variant (version {version}, datalink {datalink}); "
                         "only HCI UART (H4, 1002) logs are read.")
    pos, count = 16, 0
    while pos < len(data):
        if pos + 24 > len(data):
            return  # a truncated last record header: stop, keep what was read (common when a log is pulled live)
        orig_len, incl_len, flags, _drops, ts = struct.unpack(">IIIIq", data[pos:pos + 24])
        pos += 24
        if incl_len > MAX_RECORD or incl_len > orig_len:
            raise TraceError(f"A btsnoop record claims {incl_len} bytes; the log is damaged.")
        if pos + incl_len > len(data):
            return  # truncated last record
        count += 1
        if count > MAX_RECORDS:
            raise TraceError("The btsnoop log has too many records to be a printer session.")
        yield flags, ts - EPOCH_DELTA_US, data[pos:pos + incl_len]
        pos += incl_len


def import_btsnoop(data: bytes, table: ModelTable | None = None) -> ImportResult:
    """Find the printer connection in a btsnoop log and return its ATT writes and notifications.

    A connection that writes to a characteristic some model's GATT plan names (the model table, PROTOCOL.md
    §2; the bundled table unless ``table`` is given) wins over one that merely sends dialect-like bytes.
    """
    printer_writes = (table or _bundled_table()).characteristic_uuids()[0]
    connections: dict[int, _Connection] = {}
    t_first: int | None = None
    skipped = 0
    total_payload = 0
    att_packets = 0

    def conn(handle: int) -> _Connection:
        if handle not in connections:
            if len(connections) > 4096:
                raise TraceError("The log has too many connections to be a printer session.")
            connections[handle] = _Connection(handle)
        return connections[handle]

    for flags, t_us, pkt in _records(data):
        if t_first is None:
            t_first = t_us
        t = max(0.0, (t_us - t_first) / 1e6)
        received = bool(flags & 1)
        if not pkt:
            skipped += 1
            continue
        kind, body = pkt[0], pkt[1:]
        if kind == H4_EVT and len(body) >= 2:
            code, plen = body[0], body[1]
            params = body[2:2 + plen]
            if code == 0x3E and params[:1] in (b"\x01", b"\x0a") and len(params) >= 4 and params[1] == 0:
                c = conn(struct.unpack("<H", params[2:4])[0] & 0x0FFF)
                c.events.append(TraceEvent(t, LINK, b"", "connected"))
            elif code == 0x05 and len(params) >= 3 and params[0] == 0:
                handle = struct.unpack("<H", params[1:3])[0] & 0x0FFF
                if handle in connections:
                    connections[handle].events.append(TraceEvent(t, LINK, b"", "disconnected"))
            continue
        if kind != H4_ACL or len(body) < 4:
            skipped += 1
            continue
        hdr, dlen = struct.unpack("<HH", body[:4])
        handle, pb = hdr & 0x0FFF, (hdr >> 12) & 0x3
        payload = body[4:4 + dlen]
        if len(payload) != dlen:
            skipped += 1
            continue
        c = conn(handle)
        if pb == 0x1:  # continuation fragment
            buf = c.partial.get(received)
            if buf is None:
                skipped += 1
                continue
            buf += payload
        else:
            buf = bytearray(payload)
            c.partial[received] = buf
        if len(buf) < 4:
            continue
        l2len, cid = struct.unpack("<HH", buf[:4])
        if len(buf) < 4 + l2len:
            if len(buf) > 70_000:
                raise TraceError("An L2CAP frame in the log is larger than any ATT packet can be.")
            continue  # wait for continuation fragments
        frame = bytes(buf[4:4 + l2len])
        c.partial.pop(received, None)
        if cid != ATT_CID or not frame:
            continue
        total_payload += len(frame)
        if total_payload > MAX_TRACE_BYTES:
            raise TraceError("The log holds more ATT data than any print job could.")
        att_packets += 1
        if att_packets > MAX_EVENTS:  # an early cap: counted while reading, before the events pile up
            raise TraceError(f"The log holds more than {MAX_EVENTS} ATT packets; a print session has far fewer.",
                             "Capture just the print (start the log, print, stop it) and try again.")
        _att(c, frame, received, t)

    candidates = [c for c in connections.values() if any(e.kind != LINK for e in c.events)]
    if not candidates:
        raise TraceError("The log has no Bluetooth LE (ATT) traffic to a printer.")
    best = max(candidates, key=lambda c: c.score(printer_writes))
    if best.score(printer_writes) == (0, 0):
        raise TraceError("No connection in the log writes printer commands (no ESC/GS or 1F 11 packets found).")
    write_handle = max(best.write_handles, key=best.write_handles.get) if best.write_handles else None
    notify_handle = max(best.notify_handles, key=best.notify_handles.get) if best.notify_handles else None
    # Keep writes to the printer's write handle and notifications from its notify handle only.
    # One pass, dropping the other connections first: never two full copies of a big log's events at once.
    others = [c for c in connections.values() if c is not best]
    for c in others:
        c.events.clear()
    keep_write, keep_notify = f"h{write_handle}", f"h{notify_handle}"
    events = [e if e.kind == LINK else TraceEvent(e.t, e.kind, e.data, "") for e in best.events
              if e.kind == LINK or (e.from_host and e.note == keep_write)
              or (e.kind == NOTIFY and e.note == keep_notify)]
    best.events.clear()
    meta = {"source": "btsnoop", "mtu": best.mtu or 23}
    return ImportResult(Trace(events, meta), best.handle, write_handle, notify_handle, best.mtu,
                        len(candidates) - 1, skipped)


@lru_cache(maxsize=4096)
def _note(handle: int) -> str:
    """One shared string per ATT handle (a million events must not carry a million copies of "h16")."""
    return f"h{handle}"


def _att(c: _Connection, frame: bytes, received: bool, t: float) -> None:
    op = frame[0]
    if op in (ATT_MTU_REQ, ATT_MTU_RSP) and len(frame) >= 3:
        mtu = struct.unpack("<H", frame[1:3])[0]
        c.mtu = mtu if c.mtu is None else min(c.mtu, mtu)
    elif op == ATT_READ_BY_TYPE_RSP and len(frame) >= 2 and received:
        item_len = frame[1]
        if item_len in (7, 21):  # characteristic declarations: handle, props, value handle, uuid16/uuid128
            for i in range(2, len(frame) - item_len + 1, item_len):
                item = frame[i:i + item_len]
                value_handle = struct.unpack("<H", item[3:5])[0]
                c.uuid_by_handle[value_handle] = _uuid_from(item[5:])
    elif op in (ATT_WRITE_CMD, ATT_WRITE_REQ) and len(frame) >= 3 and not received:
        handle = struct.unpack("<H", frame[1:3])[0]
        value = frame[3:]
        c.write_handles[handle] = c.write_handles.get(handle, 0) + len(value)
        c.events.append(TraceEvent(t, WRITE if op == ATT_WRITE_CMD else WRITE_REQ, value, _note(handle)))
    elif op in (ATT_NOTIFY, ATT_INDICATE) and len(frame) >= 3 and received:
        handle = struct.unpack("<H", frame[1:3])[0]
        value = frame[3:]
        c.notify_handles[handle] = c.notify_handles.get(handle, 0) + 1
        c.events.append(TraceEvent(t, NOTIFY, value, _note(handle)))
