"""The ledger's files: ``privacy/ledger-<seg>.jsonl`` (append-only), ``privacy/ledger.head``, ``quarantine/``.

Append = open with O_APPEND, write the canonical line and ``\\n``, fsync; then rewrite ``ledger.head`` (last
seq, hash, and an HMAC keyed from the keyring when there is a key) atomically. A new segment is born whole:
its genesis line is written to a temporary file, fsync'd and renamed, so a segment file never exists empty.

Opening recovers and verifies, failing closed:
- a partial last line (a crash during a write) moves to ``quarantine/`` and an ``integrity_event`` with
  ``action: quarantine`` is appended; the ledger still verifies (AT-25);
- a head one record behind (a crash between the line and the head) is repaired;
- any other failure (edited byte, removed or reordered record, truncated tail, bad MAC) leaves the broken
  segment on disk as evidence and starts a new segment: ``ledger_genesis(reason=integrity_reset)`` then
  ``integrity_event(action=restrict_to_deny, first_bad_seq, affected_purposes)``, which folds every
  affected purpose to denied until the user decides again (AT-23/24).

An exclusive ``flock`` on ``ledger.lock`` serialises appends between processes (GUI and CLI at once); a
writer that sees the file changed under it reloads and re-verifies before appending.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import re
import shutil
import stat
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import filelock

from phocol_desktop.domain.errors import PhocolError, StorageError
from phocol_desktop.domain.safe_input import InputRefused, loads_json, open_input, read_capped
from phocol_desktop.privacy.ledger import (
    GENESIS_PREV_HASH,
    Chain,
    Check,
    Envelope,
    LedgerState,
    VerifyReport,
    canonical,
    encode_line,
    head_problem,
    make_head,
    rfc3339_ms,
    verify_lines,
)
from phocol_desktop.privacy.timebase import MonoCounter, SystemWallClock, WallClock
from phocol_desktop.storage.paths import secure_write

log = logging.getLogger(__name__)

SEGMENT_RE = re.compile(r"^ledger-(\d{4,})\.jsonl$")
HEAD_FILE = "ledger.head"
LOCK_FILE = "ledger.lock"
QUARANTINE = "quarantine"
_UNREADABLE_HEAD: dict[str, Any] = {"seq": -2, "hash": "", "segment": -1}  # fails the head check on purpose
MAX_SEGMENT_BYTES = 64 * 1024 * 1024  # years of decisions; a larger file is damage, never read into memory
MAX_HEAD_BYTES = 4096


def segment_name(n: int) -> str:
    return f"ledger-{n:04d}.jsonl"


def split_lines(raw: bytes) -> tuple[list[bytes], bytes]:
    """Complete lines (without ``\\n``) and the torn tail after the last ``\\n`` (empty when none)."""
    cut = raw.rfind(b"\n") + 1
    complete = raw[:cut]
    return (complete.split(b"\n")[:-1] if complete else []), raw[cut:]


@dataclass
class OpenReport:
    """What opening the ledger found: shown as the integrity banner when ``failure`` is set."""

    created: bool = False
    quarantined_bytes: int = 0
    head_repaired: bool = False
    failure: VerifyReport | None = None
    failed_segment: int | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SegmentReport:
    segment: int
    report: VerifyReport
    current: bool
    sealed_reason: str = ""  # why a later segment was started: integrity_reset, post_erasure…
    acknowledged: bool = False  # a failure the user has seen (``acknowledge``): no longer fails verification


def _ack_key(r: SegmentReport) -> tuple[int, int | None]:
    return (r.segment, r.report.first_bad_seq)


class LedgerStore:
    def __init__(self, directory: Path, envelope: Envelope, *, clock: WallClock | None = None,
                 mac_key: Callable[[], bytes | None] = lambda: None,
                 affected_purposes: Callable[[], list[str]] = list,
                 ensure_dir: Callable[[Path], Path] | None = None) -> None:
        self.dir = directory
        self.base_envelope = envelope
        self.clock = clock or SystemWallClock()
        self._mono = MonoCounter(self.clock)
        self._mac_key_fn = mac_key
        self._affected = affected_purposes
        self._ensure = ensure_dir or (lambda p: (p.mkdir(mode=0o700, parents=True, exist_ok=True), p)[1])
        self._lock = threading.RLock()
        # Cross-process lock (GUI and CLI at once) on every OS: flock on POSIX, LockFileEx on Windows.
        self._flock = filelock.FileLock(self.dir / LOCK_FILE, mode=0o600, thread_local=False)
        self.chain: Chain | None = None
        self.segment = 0
        self._size = 0
        self._pending_quarantine = 0
        self.report = OpenReport()

    # -- paths -------------------------------------------------------------------------------------------

    @property
    def head_path(self) -> Path:
        return self.dir / HEAD_FILE

    def segment_path(self, n: int | None = None) -> Path:
        return self.dir / segment_name(self.segment if n is None else n)

    def segments(self) -> list[int]:
        if not self.dir.is_dir():
            return []
        return sorted(int(m.group(1)) for p in self.dir.iterdir() if (m := SEGMENT_RE.match(p.name)))

    # -- the LedgerBackend protocol ----------------------------------------------------------------------

    @property
    def state(self) -> LedgerState:
        return self._require_chain().state

    @property
    def records(self) -> list[dict[str, Any]]:
        return self._require_chain().records

    @property
    def head_hash(self) -> str:
        return self._require_chain().head_hash

    @property
    def subject_ref(self) -> str:
        return self._require_chain().envelope.subject_ref

    def _require_chain(self) -> Chain:
        """The current chain, reloaded first if another process (the CLI beside the GUI) appended or erased:
        one ``stat`` per read keeps every decision fresh without re-reading the file each time."""
        with self._lock:
            if self.chain is None or self._changed_on_disk():
                with self._file_lock():
                    self._load()
            assert self.chain is not None
            return self.chain

    def append(self, type_: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        with self._lock, self._file_lock():
            if self.chain is None or self._changed_on_disk():
                self._load()
            assert self.chain is not None
            return self._append_locked(type_, payload)

    def update_envelope(self, **changes: str) -> None:
        """Change what later records carry (the user's jurisdiction or language); earlier records keep theirs."""
        with self._lock:
            self.base_envelope = dataclasses.replace(self.base_envelope, **changes)
            if self.chain is not None:
                self.chain.envelope = dataclasses.replace(self.chain.envelope, **changes)

    # -- opening and recovery ----------------------------------------------------------------------------

    def open(self) -> OpenReport:
        with self._lock, self._file_lock():
            self.report = OpenReport()
            self._load()
            return self.report

    def _load(self) -> None:
        self._ensure(self.dir)
        for stale in self.dir.glob(".*.tmp-*"):  # a crash inside secure_write (head or a new segment)
            stale.unlink(missing_ok=True)
        segs = self.segments()
        if not segs:
            head = self._read_head()
            if head is None:
                self._start_segment(1, str(uuid.uuid4()), {"reason": "first_run"})
                self.report.created = True
                return
            # Every segment is gone but ledger.head still names a record: the ledger was deleted, not new.
            named = head.get("segment") if isinstance(head, dict) else None
            self.segment = named if isinstance(named, int) and 0 < named < 10**6 else 0
            where = f"segment {named}, record {head.get('seq')}" if isinstance(head, dict) else "an unreadable head"
            self._size = 0
            self._fail_closed(VerifyReport(False, 0, (), GENESIS_PREV_HASH, Check.HEAD, 0,
                                           f"every ledger segment file is missing although ledger.head names {where}"))
            return
        self.segment = segs[-1]
        path = self.segment_path()
        try:
            raw = self._read_segment()
        except (InputRefused, OSError) as exc:
            self._size = 0
            reason = exc.reason if isinstance(exc, InputRefused) else (exc.strerror or str(exc))
            self._fail_closed(VerifyReport(False, 0, (), GENESIS_PREV_HASH, Check.PARSE, 0, reason))
            return
        lines, torn = split_lines(raw)
        if torn:
            self._quarantine(torn)
            with open(path, "r+b") as fh:
                fh.truncate(len(raw) - len(torn))
                fh.flush()
                os.fsync(fh.fileno())
            raw = raw[: len(raw) - len(torn)]
        head = self._read_head()
        if isinstance(head, dict) and head["segment"] < self.segment and len(lines) <= 1:
            head = None  # a crash between a new segment's rename and its first head write
        mac_key = self._mac_key_fn()
        self._size = len(raw)
        if not lines and head is None:  # segments are born whole: an empty one without a head was emptied
            self._fail_closed(VerifyReport(False, 0, (), GENESIS_PREV_HASH, Check.HEAD, 0,
                                           "the segment is empty and ledger.head is missing"))
            return
        report = verify_lines(lines, head=_UNREADABLE_HEAD if head == "unreadable" else head,  # type: ignore[arg-type]
                              mac_key=mac_key, segment=self.segment)
        if not report.ok:
            self._fail_closed(report)
            return
        envelope = dataclasses.replace(self.base_envelope, subject_ref=report.records[0]["subject_ref"])
        self.chain = Chain(envelope, list(report.records), segment=self.segment, mac_key=mac_key)
        if report.head_lagging:
            self._write_head()
            self.report.head_repaired = True
        if self._pending_quarantine:
            n, self._pending_quarantine = self._pending_quarantine, 0
            self.report.quarantined_bytes += n
            self.report.notes.append(f"an interrupted write left {n} bytes; they were moved to quarantine")
            self._append_locked("integrity_event", {
                "check": "parse", "result": "partial_line_quarantined", "action": "quarantine",
                "segment": self.segment, "bytes": n, "first_bad_seq": len(self.chain.records)})

    def _quarantine(self, fragment: bytes) -> None:
        qdir = self._ensure(self.dir / QUARANTINE)
        stamp = rfc3339_ms(self.clock.now()).replace(":", "").replace(".", "")
        # Never overwrite earlier evidence: two torn lines can share a millisecond (or a stopped clock).
        target, n = qdir / f"{segment_name(self.segment)}.{stamp}.partial", 1
        while target.exists():
            target, n = qdir / f"{segment_name(self.segment)}.{stamp}-{n}.partial", n + 1
        secure_write(target, fragment)
        self._pending_quarantine += len(fragment)
        log.warning("ledger: a partial last line (%d bytes) from an interrupted write was quarantined",
                    len(fragment))

    def _read_head(self) -> dict[str, Any] | str | None:
        if not os.path.lexists(self.head_path):
            return None
        try:
            with open_input(self.head_path, what="ledger head") as fh:
                head = loads_json(read_capped(fh, MAX_HEAD_BYTES, what="ledger head", name=HEAD_FILE),
                                  what="ledger head", name=HEAD_FILE)
        except (PhocolError, OSError):  # not a file, too large, not JSON: fails the head check
            return "unreadable"
        return head if not head_problem(head) else "unreadable"

    def _fail_closed(self, report: VerifyReport) -> None:
        broken = self.segment
        subject = report.records[0]["subject_ref"] if report.records else str(uuid.uuid4())
        log.error("ledger integrity check failed in segment %d: %s", broken, report.summary())
        self._pending_quarantine = 0  # the torn bytes are in quarantine; the failure below is the event
        self.report.failure = report
        self.report.failed_segment = broken
        affected = sorted(self._affected())
        self._start_segment(broken + 1, subject, {
            "reason": "integrity_reset", "prior_segment": broken, "affected_purposes": affected,
            "prior_head": {"segment": broken, "seq": len(report.records) - 1, "hash": report.head_hash}})
        self._append_locked("integrity_event", {
            "check": "chain" if report.check == "seq" else str(report.check), "detail_check": str(report.check),
            "result": "failed", "segment": broken, "first_bad_seq": report.first_bad_seq,
            "detail": report.detail, "action": "restrict_to_deny", "affected_purposes": affected})

    def _start_segment(self, n: int, subject_ref: str, genesis: Mapping[str, Any]) -> None:
        """Create segment ``n`` holding its genesis record, atomically (temp file, fsync, rename)."""
        self.segment = n
        envelope = dataclasses.replace(self.base_envelope, subject_ref=subject_ref)
        self.chain = Chain(envelope, segment=n, mac_key=self._mac_key_fn())
        rec = self.chain.next_record("ledger_genesis", {"segment": n, **genesis}, now_epoch=self.clock.now(),
                                     mono_ns=self._mono.ns())
        line = encode_line(rec)
        try:
            secure_write(self.segment_path(), line)
        except OSError as exc:
            raise StorageError(f"Could not create the privacy ledger ({exc.strerror}).") from exc
        self.chain.accept(rec)
        self._size = len(line)
        self._write_head()

    # -- writing ---------------------------------------------------------------------------------------

    def _append_locked(self, type_: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Write one record and the head that names it, or neither: after any failure (a full disk while
        writing the line, its fsync or the head) the segment is cut back to its previous length, so the
        previous state stays in force and the caller's error is the whole truth."""
        assert self.chain is not None
        rec = self.chain.next_record(type_, payload, now_epoch=self.clock.now(), mono_ns=self._mono.ns())
        line = encode_line(rec)
        try:
            fd = os.open(self.segment_path(), os.O_WRONLY | os.O_APPEND, 0o600)
        except OSError as exc:
            raise StorageError(f"Could not open the privacy ledger ({exc.strerror}); nothing was recorded.") \
                from exc
        try:
            view = memoryview(line)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
            self._put_head(make_head(self.segment, [*self.chain.records, rec], self.chain.mac_key))
        except OSError as exc:
            # Cut the fragment (or the whole line whose head could not be written) now: a later append must
            # not glue onto it, and a line without its head would take effect at the next start.
            with contextlib.suppress(OSError):
                os.ftruncate(fd, self._size)
                os.fsync(fd)
            raise StorageError(f"Could not write the privacy ledger ({exc.strerror or exc}); nothing was "
                               "recorded and the previous settings stay in force.") from exc
        finally:
            os.close(fd)
        self.chain.accept(rec)
        self._size += len(line)
        return rec

    def _write_head(self) -> None:
        assert self.chain is not None
        self._put_head(make_head(self.segment, self.chain.records, self.chain.mac_key))

    def _put_head(self, head: Mapping[str, Any]) -> None:
        with contextlib.suppress(FileNotFoundError):
            if not stat.S_ISREG(os.lstat(self.head_path).st_mode):  # a folder or FIFO put in its place
                qdir = self._ensure(self.dir / QUARANTINE)
                os.replace(self.head_path, qdir / f"{HEAD_FILE}.{uuid.uuid4().hex[:8]}.not-a-file")
        secure_write(self.head_path, canonical(head))

    def _changed_on_disk(self) -> bool:
        try:
            return self.segments()[-1:] != [self.segment] or self.segment_path().stat().st_size != self._size
        except FileNotFoundError:
            return True

    @contextlib.contextmanager
    def _file_lock(self) -> Iterator[None]:
        self._ensure(self.dir)
        try:
            with self._flock:
                yield
        except filelock.Timeout as exc:  # pragma: no cover - no timeout is set; kept for clarity
            raise StorageError("The privacy ledger is locked by another Phocol Desktop.") from exc

    def _read_segment(self, n: int | None = None) -> bytes:
        """A segment's bytes, refusing anything but a regular file of at most ``MAX_SEGMENT_BYTES``."""
        path = self.segment_path(n)
        with open_input(path, what="ledger segment") as fh:
            return read_capped(fh, MAX_SEGMENT_BYTES, what="ledger segment", name=path.name)

    # -- verification and export helpers -------------------------------------------------------------

    def verify(self) -> VerifyReport:
        """Re-read and verify the current segment from disk (repairs and resets nothing)."""
        with self._lock, self._file_lock():
            if self.chain is None:
                self._load()
            try:
                lines, torn = split_lines(self._read_segment())
            except (InputRefused, OSError) as exc:
                reason = exc.reason if isinstance(exc, InputRefused) else (exc.strerror or str(exc))
                return VerifyReport(False, 0, (), GENESIS_PREV_HASH, Check.PARSE, 0, reason)
            head = self._read_head()
            if isinstance(head, dict) and head["segment"] < self.segment and len(lines) <= 1:
                head = None
            report = verify_lines(lines, head=_UNREADABLE_HEAD if head == "unreadable" else head,  # type: ignore[arg-type]
                                  mac_key=self._mac_key_fn(), segment=self.segment)
            if torn and report.ok:
                report = dataclasses.replace(report, detail="a partial last line is waiting for quarantine")
            return report

    def _genesis_payload(self, n: int) -> dict[str, Any]:
        """The payload of segment ``n``'s first record ({} when it cannot be read)."""
        try:
            lines, _ = split_lines(self._read_segment(n))
            payload = loads_json(lines[0], what="ledger record", name="0").get("payload")
        except (InputRefused, OSError, IndexError, AttributeError, PhocolError):
            return {}
        return payload if isinstance(payload, dict) else {}

    def verify_all(self) -> list[SegmentReport]:
        """Every segment, oldest first. An older segment is checked against the ``prior_head`` that the next
        segment's genesis recorded; one sealed after an integrity failure reports that failure again, and a
        segment a later genesis names but that is no longer on disk is reported missing. ``acknowledged``
        says whether the user has already seen a failure (``acknowledge``)."""
        current = self.verify()
        out: list[SegmentReport] = []
        with self._lock, self._file_lock():
            segs = self.segments()
            geneses = {n: self._genesis_payload(n) for n in segs}
            named = {g.get("prior_segment") for g in geneses.values()}
            missing = sorted(n for n in named if isinstance(n, int) and not isinstance(n, bool) and n not in segs)
            key = self._mac_key_fn()
            for n in sorted({*segs, *missing}):
                if n == self.segment:
                    continue
                later = next((m for m in segs if m > n), None)
                genesis = geneses.get(later, {}) if later is not None else {}
                if n in missing:
                    report = VerifyReport(False, 0, (), GENESIS_PREV_HASH, Check.HEAD, 0,
                                          "the segment file is missing (deleted after it was sealed)")
                else:
                    try:
                        lines, _torn = split_lines(self._read_segment(n))
                        prior = genesis.get("prior_head") if genesis.get("prior_segment") == n else None
                        head = {"segment": n, **prior} if isinstance(prior, dict) else None
                        report = verify_lines(lines, head=head, mac_key=key, segment=n)
                    except (InputRefused, OSError) as exc:
                        reason = exc.reason if isinstance(exc, InputRefused) else (exc.strerror or str(exc))
                        report = VerifyReport(False, 0, (), GENESIS_PREV_HASH, Check.PARSE, 0, reason)
                out.append(SegmentReport(n, report, False, str(genesis.get("reason", ""))))
            acknowledged = self._acknowledged([r.report for r in out] + [current])
        out.append(SegmentReport(self.segment, current, True))
        return [dataclasses.replace(r, acknowledged=not r.report.ok and _ack_key(r) in acknowledged)
                for r in out]

    def _acknowledged(self, reports: list[VerifyReport]) -> set[tuple[int, int | None]]:
        seen: set[tuple[int, int | None]] = set()
        records = [rec for rep in reports for rec in rep.records]
        if self.chain is not None:
            records += self.chain.records
        for rec in records:
            p = rec.get("payload")
            if rec.get("type") == "integrity_event" and isinstance(p, dict) and p.get("action") == "acknowledged":
                for item in p.get("failures") if isinstance(p.get("failures"), list) else []:
                    if isinstance(item, dict) and isinstance(item.get("segment"), int):
                        seq = item.get("first_bad_seq")
                        seen.add((item["segment"], seq if isinstance(seq, int) else None))
        return seen

    def acknowledge(self) -> list[SegmentReport]:
        """Record that the user has seen every failed sealed segment (``privacy verify --acknowledge``); later
        verifications pass again as long as nothing else fails. Returns the failures acknowledged now."""
        pending = [r for r in self.verify_all() if not r.report.ok and not r.current and not r.acknowledged]
        if pending:
            self.append("integrity_event", {
                "check": "user", "result": "acknowledged", "action": "acknowledged",
                "failures": [{"segment": r.segment, "first_bad_seq": r.report.first_bad_seq,
                              "check": str(r.report.check)} for r in pending]})
        return pending

    def segment_bytes(self) -> dict[str, bytes]:
        with self._lock, self._file_lock():
            out: dict[str, bytes] = {}
            for n in self.segments():
                try:
                    out[segment_name(n)] = self._read_segment(n)
                except (InputRefused, OSError) as exc:  # reported by verify; nothing to copy
                    log.warning("ledger segment %d cannot be read: %s", n, type(exc).__name__)
            return out

    def quarantined(self) -> list[Path]:
        q = self.dir / QUARANTINE
        return sorted(q.iterdir()) if q.is_dir() else []

    def erase_and_restart(self) -> tuple[str, dict[str, int]]:
        """Delete every segment, the head and the quarantine, then start the new ledger of an erasure with
        ``ledger_genesis(reason=post_erasure, prior_head)`` and a fresh ``subject_ref``. Returns the old head
        hash and what was deleted; the caller appends ``data_erasure`` as the second record."""
        with self._lock, self._file_lock():
            if self.chain is None:
                self._load()
            assert self.chain is not None
            prior_head = self.chain.head_hash
            counts = {"ledger_segments": len(self.segments()), "ledger_records": len(self.chain.records)}
            for n in self.segments():
                self.segment_path(n).unlink(missing_ok=True)
            self.head_path.unlink(missing_ok=True)
            shutil.rmtree(self.dir / QUARANTINE, ignore_errors=True)
            self.chain = None
            self._start_segment(1, str(uuid.uuid4()), {"reason": "post_erasure", "prior_head": prior_head})
            return prior_head, counts
