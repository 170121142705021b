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
import json
import logging
import os
import re
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phocol_desktop.domain.errors import StorageError
from phocol_desktop.privacy.ledger import (
    Chain,
    Envelope,
    LedgerState,
    VerifyReport,
    canonical,
    encode_line,
    make_head,
    rfc3339_ms,
    verify_lines,
)
from phocol_desktop.privacy.timebase import MonoCounter, SystemWallClock, WallClock
from phocol_desktop.storage.paths import secure_write

try:  # POSIX; on Windows appends are serialised within the process only
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

SEGMENT_RE = re.compile(r"^ledger-(\d{4,})\.jsonl$")
HEAD_FILE = "ledger.head"
LOCK_FILE = "ledger.lock"
QUARANTINE = "quarantine"
_UNREADABLE_HEAD: dict[str, Any] = {"seq": -2, "hash": "", "segment": -1}  # fails the head check on purpose


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
    sealed_reason: str = ""  # why a later segment was started: integrity_reset, rotation…


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
            self._start_segment(1, str(uuid.uuid4()), {"reason": "first_run"})
            self.report.created = True
            return
        self.segment = segs[-1]
        path = self.segment_path()
        raw = path.read_bytes()
        lines, torn = split_lines(raw)
        if torn:
            self._quarantine(torn)
            with open(path, "r+b") as fh:
                fh.truncate(len(raw) - len(torn))
                fh.flush()
                os.fsync(fh.fileno())
            raw = raw[: len(raw) - len(torn)]
        head = self._read_head()
        if isinstance(head, dict) and isinstance(head.get("segment"), int) and head["segment"] < self.segment \
                and len(lines) <= 1:
            head = None  # a crash between a new segment's rename and its first head write
        mac_key = self._mac_key_fn()
        if not lines and head is None:  # nothing trustworthy to keep (cannot happen with whole-born segments)
            path.unlink()
            self._start_segment(self.segment, str(uuid.uuid4()), {"reason": "first_run"})
            return
        report = verify_lines(lines, head=_UNREADABLE_HEAD if head == "unreadable" else head,  # type: ignore[arg-type]
                              mac_key=mac_key, segment=self.segment)
        self._size = len(raw)
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
        try:
            head = json.loads(self.head_path.read_bytes())
        except FileNotFoundError:
            return None
        except ValueError:
            return "unreadable"
        return head if isinstance(head, dict) else "unreadable"

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
        assert self.chain is not None
        rec = self.chain.next_record(type_, payload, now_epoch=self.clock.now(), mono_ns=self._mono.ns())
        line = encode_line(rec)
        try:
            fd = os.open(self.segment_path(), os.O_WRONLY | os.O_APPEND, 0o600)
        except OSError as exc:
            raise StorageError(f"Could not open the privacy ledger ({exc.strerror}).") from exc
        try:
            view = memoryview(line)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        except OSError as exc:
            # Disk full or an I/O error mid-line: cut the fragment now, or the next append would glue a
            # good line onto it and the chain would break in the middle.
            with contextlib.suppress(OSError):
                os.ftruncate(fd, self._size)
                os.fsync(fd)
            raise StorageError(f"Could not write the privacy ledger ({exc.strerror}).") from exc
        finally:
            os.close(fd)
        self.chain.accept(rec)
        self._size += len(line)
        self._write_head()
        return rec

    def _write_head(self) -> None:
        assert self.chain is not None
        head = make_head(self.segment, self.chain.records, self.chain.mac_key)
        secure_write(self.head_path, canonical(head))

    def _changed_on_disk(self) -> bool:
        try:
            return self.segments()[-1:] != [self.segment] or self.segment_path().stat().st_size != self._size
        except FileNotFoundError:
            return True

    @contextlib.contextmanager
    def _file_lock(self) -> Iterator[None]:
        if fcntl is None:
            yield
            return
        self._ensure(self.dir)
        fd = os.open(self.dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    # -- verification and export helpers -------------------------------------------------------------

    def verify(self) -> VerifyReport:
        """Re-read and verify the current segment from disk (repairs and resets nothing)."""
        with self._lock, self._file_lock():
            if self.chain is None:
                self._load()
            lines, torn = split_lines(self.segment_path().read_bytes())
            head = self._read_head()
            if isinstance(head, dict) and isinstance(head.get("segment"), int) and \
                    head["segment"] < self.segment and len(lines) <= 1:
                head = None
            report = verify_lines(lines, head=_UNREADABLE_HEAD if head == "unreadable" else head,  # type: ignore[arg-type]
                                  mac_key=self._mac_key_fn(), segment=self.segment)
            if torn and report.ok:
                report = dataclasses.replace(report, detail="a partial last line is waiting for quarantine")
            return report

    def verify_all(self) -> list[SegmentReport]:
        """Every segment on disk. An older segment is checked against the ``prior_head`` that the next
        segment's genesis recorded; one sealed after an integrity failure reports that failure again."""
        current = self.verify()
        out: list[SegmentReport] = []
        segs = self.segments()
        with self._lock, self._file_lock():
            for i, n in enumerate(segs[:-1]):
                lines, _torn = split_lines(self.segment_path(n).read_bytes())
                nxt, _ = split_lines(self.segment_path(segs[i + 1]).read_bytes())
                genesis: dict[str, Any] = {}
                with contextlib.suppress(ValueError, IndexError):
                    genesis = json.loads(nxt[0]).get("payload", {})
                prior = genesis.get("prior_head")
                head = {"segment": n, **prior} if isinstance(prior, dict) else None
                out.append(SegmentReport(n, verify_lines(lines, head=head, mac_key=self._mac_key_fn(), segment=n),
                                         False, str(genesis.get("reason", ""))))
        out.append(SegmentReport(self.segment, current, True))
        return out

    def segment_bytes(self) -> dict[str, bytes]:
        with self._lock, self._file_lock():
            return {segment_name(n): self.segment_path(n).read_bytes() for n in self.segments()}

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
