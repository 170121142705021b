"""The consent ledger core: append-only, hash-chained JSONL; state is a fold over its events.

Pure (stdlib only): no Qt, no keyring, no sqlite3, no file I/O. ``ledger_store`` does the files; this module
builds records, verifies a segment's lines and folds records into the current decision per purpose
(docs/PRIVACY.md §2).

Chain rule: ``hash = SHA-256(prev_hash_hex ‖ canonical(record minus hash and mac))``; the first record of a
segment has ``prev_hash`` = 64 zeros and ``seq`` 0; ``seq`` is gapless inside a segment. A record's line on
disk must be exactly its canonical form, so an edit that still parses (a changed digit, an added space) is
caught as well as one that does not. The owner of the device can rebuild a whole chain: the ledger is
tamper-evident, not tamper-proof.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from phocol_desktop.domain.safe_input import InputDamaged, loads_json

SCHEMA = "phocol.ledger/1"
HEAD_SCHEMA = "phocol.ledger-head/1"
GENESIS_PREV_HASH = "0" * 64

# Record types (docs/PRIVACY.md §2.1). ``integrity_reset`` is a genesis reason this build adds: a segment that
# failed verification is sealed as evidence and decisions restart, fail-closed, in a new segment.
RECORD_TYPES = frozenset({
    "ledger_genesis", "notice_presented", "notice_ack", "consent_decision", "permission_request",
    "permission_result", "permission_observed", "withdrawal", "expiry", "auto_reset", "rights_request",
    "data_export", "data_erasure", "retention_purge", "integrity_event", "segment_sealed", "segment_purged",
    "setting_change",  # a privacy setting the user changed (jurisdiction, unencrypted storage without a keyring)
})
# The record types whose latest occurrence decides a purpose's standing state (§8.4).
STATE_TYPES = frozenset({"consent_decision", "permission_result", "withdrawal", "expiry", "auto_reset"})


class LedgerFormatError(ValueError):
    """A value that cannot go into a canonical record (floats, non-string keys)."""


def canonical(obj: Any) -> bytes:
    """RFC 8785-style canonical JSON for the value types the ledger allows: str, int, bool, None, list, dict.

    Floats are refused because their text form is not canonical across implementations.
    """
    _reject_floats(obj)
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _reject_floats(obj: Any) -> None:
    if isinstance(obj, float):
        raise LedgerFormatError("floats are not allowed in ledger records (not canonical)")
    if isinstance(obj, dict):
        for k, v in obj.items():
            if not isinstance(k, str):
                raise LedgerFormatError("ledger object keys must be strings")
            _reject_floats(v)
    elif isinstance(obj, list | tuple):
        for v in obj:
            _reject_floats(v)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def record_hash(record: Mapping[str, Any]) -> str:
    body = {k: v for k, v in record.items() if k not in ("hash", "mac")}
    return sha256_hex(str(record.get("prev_hash", "")).encode("ascii") + canonical(body))


def record_mac(key: bytes, hash_hex: str) -> str:
    return hmac.new(key, hash_hex.encode("ascii"), hashlib.sha256).hexdigest()


def head_mac(key: bytes, head: Mapping[str, Any]) -> str:
    body = {k: v for k, v in head.items() if k != "mac"}
    return hmac.new(key, canonical(body), hashlib.sha256).hexdigest()


def rfc3339_ms(epoch_seconds: float) -> str:
    """UTC, millisecond precision, ``Z`` suffix: the form every ``ts``/``expires_at`` in the ledger uses."""
    dt = datetime.fromtimestamp(epoch_seconds, tz=UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def parse_ts(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


@dataclass(frozen=True)
class Envelope:
    """The fields every record of an install carries besides its event (docs/PRIVACY.md §2.2)."""

    subject_ref: str  # random UUIDv4 made at genesis; linked to no person; rotated on erase
    controller_ref: str  # SHA-256 of the bundled controller block
    policy: Mapping[str, str]  # {version_raw, sha256, lang}
    app: Mapping[str, str]  # {version, build, platform, qt}
    jurisdiction: str = "unspecified"  # chosen by the user, never geolocated
    language: str = "en"
    tz: str = "UTC"

    def as_dict(self) -> dict[str, Any]:
        return {
            "subject_ref": self.subject_ref, "controller_ref": self.controller_ref, "policy": dict(self.policy),
            "app": dict(self.app), "jurisdiction": self.jurisdiction, "language": self.language, "tz": self.tz,
        }


def build_record(*, seq: int, prev_hash: str, type_: str, payload: Mapping[str, Any], envelope: Envelope,
                 ts: str, mono: int, clock_anomaly: bool = False, mac_key: bytes | None = None,
                 record_id: str | None = None) -> dict[str, Any]:
    if type_ not in RECORD_TYPES:
        raise LedgerFormatError(f"unknown ledger record type {type_!r}")
    record: dict[str, Any] = {
        "schema": SCHEMA, "seq": seq, "id": record_id or str(uuid.uuid4()), "ts": ts, "mono": int(mono),
        "type": type_, **envelope.as_dict(), "payload": dict(payload), "prev_hash": prev_hash,
    }
    if clock_anomaly:
        record["clock_anomaly"] = True
    record["hash"] = record_hash(record)
    if mac_key is not None:
        record["mac"] = record_mac(mac_key, record["hash"])
    canonical(record)  # refuse now, not at verification time
    return record


def encode_line(record: Mapping[str, Any]) -> bytes:
    return canonical(record) + b"\n"


def make_head(segment: int, records: Sequence[Mapping[str, Any]], mac_key: bytes | None) -> dict[str, Any]:
    last = records[-1] if records else None
    head: dict[str, Any] = {
        "schema": HEAD_SCHEMA, "segment": segment, "count": len(records),
        "seq": last["seq"] if last else -1, "hash": last["hash"] if last else GENESIS_PREV_HASH,
    }
    if mac_key is not None:
        head["mac"] = head_mac(mac_key, head)
    return head


class Check(StrEnum):
    PARSE = "parse"
    SEQ = "seq"
    CHAIN = "chain"
    MAC = "mac"
    HEAD = "head"


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    count: int  # lines examined
    records: tuple[dict[str, Any], ...]  # the trusted prefix (all records when ok)
    head_hash: str  # hash of the last trusted record
    check: Check | None = None
    first_bad_seq: int | None = None
    detail: str = ""
    head_lagging: bool = False  # the crash window between appending a line and rewriting ledger.head
    mac_checked: bool = False

    def summary(self) -> str:
        if self.ok:
            lag = " (head was one record behind: repaired)" if self.head_lagging else ""
            mac = ", MAC checked" if self.mac_checked else ", no MAC key"
            return f"ok: {self.count} records, head {self.head_hash[:16]}…{mac}{lag}"
        return f"FAILED {self.check} check at seq {self.first_bad_seq}: {self.detail}"


# The fields every record must carry, with their types: a record that parses but holds a list where the
# payload object belongs, or ``"ts": 7``, is damage (caught here, not as a traceback in the fold).
_RECORD_FIELDS: Mapping[str, type | tuple[type, ...]] = {
    "schema": str, "seq": int, "id": str, "ts": str, "mono": int, "type": str, "payload": dict,
    "prev_hash": str, "hash": str, "subject_ref": str,
}
_HEAD_FIELDS: Mapping[str, type | tuple[type, ...]] = {"segment": int, "seq": int, "hash": str}


def _wrong_type(obj: Mapping[str, Any], fields: Mapping[str, type | tuple[type, ...]] = _RECORD_FIELDS) -> str:
    for name, kind in fields.items():
        value = obj.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            return f"field {name!r} is {type(value).__name__}, not {getattr(kind, '__name__', kind)}"
    if "mac" in obj and not isinstance(obj["mac"], str):
        return "field 'mac' is not a string"
    if fields is _RECORD_FIELDS:
        if obj["type"] not in RECORD_TYPES:
            return f"unknown record type {obj['type'][:40]!r}"
        try:
            parse_ts(obj["ts"])
        except (ValueError, OverflowError):
            return f"field 'ts' is not a timestamp: {obj['ts'][:40]!r}"
    return ""


def head_problem(head: Any) -> str:
    """Why a parsed ``ledger.head`` cannot be used ("" when its fields have the right types)."""
    if not isinstance(head, dict):
        return "ledger.head is not an object"
    return _wrong_type(head, _HEAD_FIELDS)


def verify_lines(lines: Sequence[bytes], *, head: Mapping[str, Any] | None, mac_key: bytes | None = None,
                 segment: int | None = None) -> VerifyReport:
    """Verify one segment given its complete lines (without ``\\n``) and its head (None if missing).

    Every failure names the check and the first ``seq`` that cannot be trusted.
    """
    prev = GENESIS_PREV_HASH
    good: list[dict[str, Any]] = []

    def fail(check: Check, seq: int | None, detail: str) -> VerifyReport:
        return VerifyReport(False, len(lines), tuple(good), prev, check, seq, detail, mac_checked=mac_key is not None)

    for expected_seq, line in enumerate(lines):
        try:
            rec = loads_json(line, what="ledger record", name=str(expected_seq))
            if not isinstance(rec, dict):
                raise ValueError("not an object")
            if canonical(rec) != line:
                raise ValueError("line is not in canonical form (edited)")
            bad = _wrong_type(rec)
            if bad:
                raise ValueError(bad)
        except (ValueError, InputDamaged, LedgerFormatError) as exc:
            return fail(Check.PARSE, expected_seq, f"record {expected_seq} is unreadable: {exc}")
        if rec.get("seq") != expected_seq:
            return fail(Check.SEQ, expected_seq,
                        f"expected seq {expected_seq}, found {rec.get('seq')!r} (record missing or reordered)")
        if rec.get("prev_hash") != prev:
            return fail(Check.CHAIN, expected_seq, "prev_hash does not match the previous record")
        if record_hash(rec) != rec.get("hash"):
            return fail(Check.CHAIN, expected_seq, "record content does not match its hash")
        if mac_key is not None and "mac" not in rec:
            # With a key every record this install writes carries a MAC: a record without one was written
            # by someone who does not hold the key (or a MAC was stripped), never by the app.
            return fail(Check.MAC, expected_seq, "record has no MAC although this install has a MAC key")
        if mac_key is not None and not hmac.compare_digest(record_mac(mac_key, str(rec["hash"])), str(rec["mac"])):
            return fail(Check.MAC, expected_seq, "record MAC does not match the key in the keychain")
        good.append(rec)
        prev = rec["hash"]

    n = len(good)
    if head is None:
        if n <= 1:  # a crash before the first head write
            return VerifyReport(True, n, tuple(good), prev, head_lagging=n == 1, mac_checked=mac_key is not None)
        return fail(Check.HEAD, n, "ledger.head is missing")
    if mac_key is not None and "mac" not in head:
        return fail(Check.HEAD, n, "ledger.head has no MAC although this install has a MAC key")
    if mac_key is not None and not hmac.compare_digest(head_mac(mac_key, head), str(head["mac"])):
        return fail(Check.HEAD, n, "ledger.head MAC does not match")
    if segment is not None and head.get("segment") != segment:
        return fail(Check.HEAD, 0, f"ledger.head names segment {head.get('segment')!r}")
    head_seq, head_hash = head.get("seq"), head.get("hash")
    if head_seq == n - 1 and head_hash == prev:
        return VerifyReport(True, n, tuple(good), prev, mac_checked=mac_key is not None)
    if head_seq == n - 2 and head_hash == (good[-2]["hash"] if n >= 2 else GENESIS_PREV_HASH):
        return VerifyReport(True, n, tuple(good), prev, head_lagging=True, mac_checked=mac_key is not None)
    if isinstance(head_seq, int) and head_seq >= n:
        return fail(Check.HEAD, n, f"ledger.head says the last record is seq {head_seq}, the file ends at "
                                   f"seq {n - 1} (truncated)")
    bad = head_seq if isinstance(head_seq, int) and 0 <= head_seq < n else n
    return fail(Check.HEAD, bad, "ledger.head does not match the records")


# ---------------------------------------------------------------------------------------------------------
# The fold


class State(StrEnum):
    UNDETERMINED = "undetermined"
    GRANTED = "granted"
    DENIED = "denied"
    ASK_EVERY_TIME = "ask_every_time"


@dataclass(frozen=True)
class PurposeStatus:
    purpose_id: str
    state: State
    granularity: str = ""  # once / until_revoked / until
    expires_at: str | None = None
    decided_at: str | None = None
    decided_seq: int | None = None
    source: str = ""  # the record type that set the state
    reason: str = ""
    purpose_version: int | None = None


@dataclass
class LedgerState:
    purposes: dict[str, PurposeStatus] = field(default_factory=dict)
    notice: dict[str, Any] | None = None  # payload of the latest notice_ack
    last_once: dict[str, dict[str, Any]] = field(default_factory=dict)  # latest per-use answer per purpose
    integrity_events: list[dict[str, Any]] = field(default_factory=list)

    @property
    def limited_mode(self) -> bool:
        return bool(self.notice) and self.notice.get("decision") != "agreed"

    def status(self, purpose_id: str, now_epoch: float | None = None) -> PurposeStatus | None:
        st = self.purposes.get(purpose_id)
        if st and now_epoch is not None and st.state is State.GRANTED and st.expires_at and \
                parse_ts(st.expires_at) <= now_epoch:
            return PurposeStatus(purpose_id, State.UNDETERMINED, st.granularity, st.expires_at, st.decided_at,
                                 st.decided_seq, st.source, "ttl", st.purpose_version)
        return st

    def apply(self, rec: Mapping[str, Any]) -> None:
        t, p = rec.get("type"), rec.get("payload")
        if not isinstance(p, dict):
            return
        if t == "notice_ack":
            self.notice = dict(p)
            return
        if t == "integrity_event" or (t == "ledger_genesis" and p.get("reason") == "integrity_reset"):
            # The genesis of a segment started after a failed check carries the affected purposes too, so
            # a crash before the integrity_event is written still fails closed.
            if t == "integrity_event":
                self.integrity_events.append(dict(p))
            affected = p.get("affected_purposes")
            for pid in affected if isinstance(affected, list) else []:
                if not isinstance(pid, str):
                    continue
                self.purposes[pid] = PurposeStatus(pid, State.DENIED, decided_at=rec.get("ts"),
                                                   decided_seq=rec.get("seq"), source=t, reason="integrity")
            return
        if t not in STATE_TYPES:
            return
        pid = p.get("purpose_id")
        if not isinstance(pid, str):
            return
        version = p.get("purpose_version")
        if t in ("consent_decision", "permission_result"):
            if p.get("granularity") == "once":  # a per-use answer leaves the standing decision alone
                self.last_once[pid] = dict(p, ts=rec.get("ts"))
                return
            decision = p.get("decision") if isinstance(p.get("decision"), str) else ""
            state = {"granted": State.GRANTED, "denied": State.DENIED,
                     "ask_every_time": State.ASK_EVERY_TIME}.get(decision, State.UNDETERMINED)
            expires = p.get("expires_at") if isinstance(p.get("expires_at"), str) else None
            if expires is not None:
                try:
                    parse_ts(expires)
                except (ValueError, OverflowError):
                    expires, state = None, State.UNDETERMINED  # an unreadable expiry never grants
            self.purposes[pid] = PurposeStatus(pid, state, str(p.get("granularity", "")), expires,
                                               rec.get("ts"), rec.get("seq"), t, decision, version)
        elif t == "withdrawal":
            self.purposes[pid] = PurposeStatus(pid, State.DENIED, "until_revoked", None, rec.get("ts"),
                                               rec.get("seq"), t, "withdrawn", version)
        else:  # expiry, auto_reset: back to undetermined, re-asked only in context
            self.purposes[pid] = PurposeStatus(pid, State.UNDETERMINED, "", None, rec.get("ts"), rec.get("seq"),
                                               t, p.get("reason", ""), version)


def fold(records: Iterable[Mapping[str, Any]]) -> LedgerState:
    state = LedgerState()
    for rec in records:
        state.apply(rec)
    return state


def purposes_in(records: Iterable[Mapping[str, Any]]) -> set[str]:
    """Every purpose a record names: those a broken segment may have decided."""
    out: set[str] = set()
    for rec in records:
        pid = (rec.get("payload") or {}).get("purpose_id")
        if isinstance(pid, str):
            out.add(pid)
    return out


class Chain:
    """An in-memory segment: builds each next record. ``ledger_store.LedgerStore`` persists one of these."""

    def __init__(self, envelope: Envelope, records: Sequence[dict[str, Any]] = (), *, segment: int = 1,
                 mac_key: bytes | None = None) -> None:
        self.envelope = envelope
        self.segment = segment
        self.mac_key = mac_key
        self.records: list[dict[str, Any]] = list(records)
        self.state = fold(self.records)
        self._last_ts = parse_ts(self.records[-1]["ts"]) if self.records else None

    @property
    def head_hash(self) -> str:
        return self.records[-1]["hash"] if self.records else GENESIS_PREV_HASH

    def next_record(self, type_: str, payload: Mapping[str, Any], *, now_epoch: float,
                    mono_ns: int) -> dict[str, Any]:
        anomaly = self._last_ts is not None and now_epoch < self._last_ts
        return build_record(seq=len(self.records), prev_hash=self.head_hash, type_=type_, payload=payload,
                            envelope=self.envelope, ts=rfc3339_ms(now_epoch), mono=mono_ns,
                            clock_anomaly=anomaly, mac_key=self.mac_key)

    def accept(self, record: dict[str, Any]) -> None:
        """Add a record built by ``next_record`` (after it is durably written, for a file-backed chain)."""
        if record["seq"] != len(self.records) or record["prev_hash"] != self.head_hash:
            raise LedgerFormatError("record does not extend this chain")
        self.records.append(record)
        self.state.apply(record)
        self._last_ts = max(self._last_ts or 0.0, parse_ts(record["ts"]))
