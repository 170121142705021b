"""The on-disk ledger: append-only, fsync'd, hash-chained, private modes, crash-safe and tamper-evident."""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phocol_desktop.privacy.ledger import State
from phocol_desktop.privacy.ledger_store import HEAD_FILE, segment_name

GATED_DECISION = {"purpose_id": "bt.discover_connect_print", "purpose_version": 1, "decision": "granted",
                  "granularity": "until_revoked"}


def fill(store, n: int = 5) -> None:
    store.append("permission_result", GATED_DECISION)
    for i in range(n - 2):
        store.append("rights_request", {"right": "access", "channel": "in_app", "n": i})


def seg_lines(store, n: int = 1) -> list[bytes]:
    return store.segment_path(n).read_bytes().split(b"\n")[:-1]


def write_lines(store, lines: list[bytes], n: int = 1) -> None:
    store.segment_path(n).write_bytes(b"".join(line + b"\n" for line in lines))


def test_at36_ledger_files_are_0600_and_directories_0700(make_store):
    store = make_store()
    fill(store)
    store2 = make_store()  # a second opener also creates the lock file
    store2.append("rights_request", {"right": "access", "channel": "in_app"})
    paths = [store.dir, *store.dir.rglob("*")]
    assert len(paths) >= 4
    for p in paths:
        mode = stat.S_IMODE(p.stat().st_mode)
        assert mode == (0o700 if p.is_dir() else 0o600), (p.name, oct(mode))


def test_records_persist_and_fold_after_reopen(make_store):
    store = make_store()
    assert store.report.created
    fill(store)
    again = make_store()
    assert again.report.failure is None and not again.report.created
    assert [r["hash"] for r in again.records] == [r["hash"] for r in store.records]
    assert again.state.purposes["bt.discover_connect_print"].state is State.GRANTED
    assert again.verify().ok
    head = json.loads(store.head_path.read_bytes())
    assert head["seq"] == len(store.records) - 1 and head["hash"] == store.head_hash and "mac" in head


def test_at19_each_append_writes_exactly_one_canonical_line(make_store):
    store = make_store()
    before = len(seg_lines(store))
    store.append("rights_request", {"right": "access", "channel": "in_app"})
    lines = seg_lines(store)
    assert len(lines) == before + 1
    assert json.loads(lines[-1])["type"] == "rights_request"


def test_at25_torn_last_line_is_quarantined_logged_and_the_ledger_verifies(make_store):
    store = make_store()
    fill(store)
    good = store.segment_path().read_bytes()
    store.segment_path().write_bytes(good + b'{"schema":"phocol.ledger/1","seq":5,"id":"tor')
    reopened = make_store()
    assert reopened.report.failure is None
    assert reopened.report.quarantined_bytes == len(b'{"schema":"phocol.ledger/1","seq":5,"id":"tor')
    quarantined = reopened.quarantined()
    assert len(quarantined) == 1 and quarantined[0].read_bytes().endswith(b'"id":"tor')
    assert stat.S_IMODE(quarantined[0].stat().st_mode) == 0o600
    last = reopened.records[-1]
    assert last["type"] == "integrity_event" and last["payload"]["action"] == "quarantine"
    assert last["payload"]["first_bad_seq"] == 5 == last["seq"]
    assert reopened.verify().ok
    assert reopened.state.purposes["bt.discover_connect_print"].state is State.GRANTED  # nothing else lost


def test_head_one_record_behind_is_the_crash_window_and_is_repaired(make_store):
    store = make_store()
    fill(store)
    stale_head = store.head_path.read_bytes()
    store.append("rights_request", {"right": "access", "channel": "in_app"})
    store.head_path.write_bytes(stale_head)  # killed after the line's fsync, before the head rewrite
    reopened = make_store()
    assert reopened.report.failure is None and reopened.report.head_repaired
    assert reopened.verify().ok and reopened.verify().head_lagging is False


def test_crash_between_new_segment_and_its_head_is_recovered(make_store):
    store = make_store()
    fill(store)
    head = json.loads(store.head_path.read_bytes())
    head["segment"] = 0  # the head still names the previous segment: the window after rename, before head
    store.head_path.write_bytes(json.dumps(head).encode())
    only_genesis = seg_lines(store)[:1]
    write_lines(store, only_genesis)
    reopened = make_store(key=None)
    assert reopened.report.failure is None and len(reopened.records) == 1


_WRITER = r"""
import sys, pathlib
from phocol_desktop.privacy.catalog import load_catalog
from phocol_desktop.privacy.envelope import app_envelope
from phocol_desktop.privacy.ledger_store import LedgerStore
cat = load_catalog()
store = LedgerStore(pathlib.Path(sys.argv[1]), app_envelope(cat), mac_key=lambda: bytes(range(32)),
                    affected_purposes=lambda: [p.id for p in cat.gated()])
store.open()
print("ready", flush=True)
i = 0
while True:
    # Big, varying records make a kill in the middle of a write (a torn line) likely.
    store.append("rights_request", {"right": "access", "channel": "in_app", "pad": "x" * ((i % 5) * 60000)})
    i += 1
"""


@pytest.mark.slow
def test_at25_kill_9_during_appends_many_trials_always_reopens_verified(tmp_path, make_store):
    """AT-25 fault injection: SIGKILL a process that appends as fast as it can, 12 times, at random moments.
    Each restart must verify, with at most the torn last line quarantined and reported."""
    directory = tmp_path / "privacy"
    rng = random.Random(6)
    counts, torn_trials = [], 0
    for _trial in range(12):
        proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(directory)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        assert proc.stdout.readline().strip() == b"ready", proc.stderr.read().decode()
        time.sleep(rng.uniform(0.01, 0.15))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
        store = make_store(directory=directory)
        assert store.report.failure is None, store.report.failure.summary()
        assert store.verify().ok
        assert store.segments() == [1]
        if store.report.quarantined_bytes:
            torn_trials += 1
            assert store.report.quarantined_bytes < 4 * 60000 + 2000  # at most one (the last) line
            assert store.records[-1]["payload"]["action"] == "quarantine"
        counts.append(len(store.records))
    assert counts == sorted(counts) and counts[-1] > 1  # nothing committed was ever lost
    assert len(make_store(directory=directory).quarantined()) == torn_trials
    print(f"AT-25: {len(counts)} kills, {torn_trials} torn lines quarantined, {counts[-1]} records")


def _reopen_after(make_store, mutate):
    store = make_store()
    fill(store, 6)
    lines = seg_lines(store)
    mutate(store, lines)
    return store, make_store()


def _assert_fails_closed(reopened, catalog, first_bad_seq: int) -> None:
    failure = reopened.report.failure
    assert failure is not None and reopened.report.failed_segment == 1
    assert failure.first_bad_seq == first_bad_seq, failure.summary()
    assert reopened.segments() == [1, 2]  # the broken segment is kept as evidence
    assert reopened.records[0]["payload"]["reason"] == "integrity_reset"
    event = reopened.records[1]
    assert event["type"] == "integrity_event" and event["payload"]["action"] == "restrict_to_deny"
    assert event["payload"]["first_bad_seq"] == first_bad_seq
    for p in catalog.gated():
        assert reopened.state.purposes[p.id].state is State.DENIED, p.id
    assert reopened.verify().ok  # the new segment itself is sound


@pytest.mark.parametrize("seq", range(6))
def test_at23_one_flipped_byte_in_any_record_fails_at_that_seq(make_store, catalog, seq):
    def flip(store, lines):
        line = bytearray(lines[seq])
        line[len(line) // 2] ^= 0x01
        lines[seq] = bytes(line)
        write_lines(store, lines)

    _store, reopened = _reopen_after(make_store, flip)
    _assert_fails_closed(reopened, catalog, seq)


def test_at23_an_edit_that_still_parses_is_caught(make_store, catalog):
    def edit(store, lines):
        rec = json.loads(lines[1])
        rec["payload"]["decision"] = "denied"  # a plausible forged decision, re-serialised canonically
        lines[1] = json.dumps(rec, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        write_lines(store, lines)

    _store, reopened = _reopen_after(make_store, edit)
    _assert_fails_closed(reopened, catalog, 1)
    assert reopened.report.failure.check == "chain"


def test_at24_a_deleted_middle_record_is_a_seq_gap(make_store, catalog):
    _store, reopened = _reopen_after(make_store, lambda s, lines: write_lines(s, lines[:2] + lines[3:]))
    _assert_fails_closed(reopened, catalog, 2)
    assert reopened.report.failure.check == "seq"


def test_at24_reordered_records_are_detected(make_store, catalog):
    def swap(store, lines):
        lines[2], lines[3] = lines[3], lines[2]
        write_lines(store, lines)

    _store, reopened = _reopen_after(make_store, swap)
    _assert_fails_closed(reopened, catalog, 2)


def test_at24_a_truncated_tail_mismatches_ledger_head(make_store, catalog):
    _store, reopened = _reopen_after(make_store, lambda s, lines: write_lines(s, lines[:-2]))
    assert reopened.report.failure.check == "head"
    _assert_fails_closed(reopened, catalog, 4)


def test_a_rebuilt_chain_without_the_key_fails_the_mac_check(make_store, catalog):
    store = make_store()
    fill(store)
    other_key = make_store(key=b"\x01" * 32)
    assert other_key.report.failure is not None and other_key.report.failure.check in ("mac", "head")


def test_an_unreadable_head_fails_closed(make_store, catalog):
    _store, reopened = _reopen_after(make_store, lambda s, lines: s.head_path.write_bytes(b"{not json"))
    assert reopened.report.failure.check == "head"


def test_verify_all_reports_the_sealed_broken_segment_and_the_sound_current_one(make_store):
    _store, reopened = _reopen_after(make_store, lambda s, lines: write_lines(s, lines[:2] + lines[3:]))
    reports = reopened.verify_all()
    assert [(r.segment, r.current, r.report.ok) for r in reports] == [(1, False, False), (2, True, True)]
    assert reports[0].sealed_reason == "integrity_reset" and reports[0].report.first_bad_seq == 2


def test_two_handles_appending_in_turn_keep_one_chain(make_store):
    gui, cli = make_store(), make_store()
    for i in range(6):
        (gui if i % 2 else cli).append("rights_request", {"right": "access", "channel": "in_app", "i": i})
    final = make_store()
    assert final.report.failure is None and len(final.records) == 7
    assert [r["payload"].get("i") for r in final.records[1:]] == list(range(6))


def test_erase_and_restart_leaves_a_fresh_one_record_ledger(make_store):
    store = make_store()
    fill(store)
    old_subject, old_head = store.subject_ref, store.head_hash
    prior, counts = store.erase_and_restart()
    assert prior == old_head and counts["ledger_records"] == 5
    assert store.segments() == [1] and len(store.records) == 1
    assert store.subject_ref != old_subject
    assert old_subject.encode() not in store.segment_path().read_bytes()
    assert store.records[0]["payload"] == {"segment": 1, "reason": "post_erasure", "prior_head": old_head}
    assert (store.dir / segment_name(1)).exists() and (store.dir / HEAD_FILE).exists()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_at23_property_any_flipped_byte_anywhere_is_caught_at_its_record(tmp_path_factory, catalog, data):
    """AT-23 as a property: whatever byte of whichever line is changed (including its newline), reopening
    fails closed and names that line's seq as the first record that cannot be trusted."""
    from phocol_desktop.privacy.envelope import app_envelope
    from phocol_desktop.privacy.ledger_store import LedgerStore
    from tests.conftest import FakeClock
    from tests.privacy.conftest import MAC_KEY

    directory = tmp_path_factory.mktemp("ledger") / "privacy"

    def make():
        store = LedgerStore(directory, app_envelope(catalog), clock=FakeClock(), mac_key=lambda: MAC_KEY,
                            affected_purposes=lambda: [p.id for p in catalog.gated()])
        store.open()
        return store

    store = make()
    fill(store, data.draw(st.integers(2, 7), label="records"))
    lines = seg_lines(store)
    k = data.draw(st.integers(0, len(lines) - 1), label="line")
    line = bytearray(lines[k] + b"\n")
    pos = data.draw(st.integers(0, len(line) - 1), label="byte")
    line[pos] ^= data.draw(st.integers(1, 255), label="xor")
    raw = b"".join(x + b"\n" for x in lines[:k]) + bytes(line) + b"".join(x + b"\n" for x in lines[k + 1:])
    store.segment_path().write_bytes(raw)
    reopened = make()
    assert reopened.report.failure is not None
    assert reopened.report.failure.first_bad_seq == k, reopened.report.failure.summary()


def test_a_failed_write_leaves_no_fragment_and_the_next_append_keeps_the_chain(make_store, monkeypatch):
    from phocol_desktop.domain.errors import StorageError

    store = make_store()
    fill(store)
    real_write = os.write
    calls = []

    def short_then_full_disk(fd, data):
        calls.append(len(data))
        if len(calls) == 1:
            return real_write(fd, bytes(data[:10]))  # a partial write…
        raise OSError(28, "No space left on device")  # …then the disk is full

    monkeypatch.setattr(os, "write", short_then_full_disk)
    with pytest.raises(StorageError, match="No space left"):
        store.append("rights_request", {"right": "access", "channel": "in_app"})
    monkeypatch.setattr(os, "write", real_write)
    assert len(seg_lines(store)) == 5 and store.segment_path().read_bytes().endswith(b"\n")
    store.append("rights_request", {"right": "access", "channel": "in_app"})
    assert make_store().report.failure is None and store.verify().ok


def test_a_clock_going_backwards_is_flagged_never_reordered(make_store, fake_clock):
    store = make_store()
    store.append("rights_request", {"right": "access", "channel": "in_app"})
    fake_clock.advance(-3600)
    rec = store.append("rights_request", {"right": "access", "channel": "in_app"})
    assert rec["clock_anomaly"] is True and rec["seq"] == 2
    assert make_store().report.failure is None


def test_at25_two_torn_lines_in_the_same_millisecond_are_both_kept(make_store):
    """Quarantined fragments are evidence: a second one at the same clock reading must not overwrite the first."""
    fragments = (b'{"schema":"phocol.ledger/1","seq":9,"id":"first', b'{"schema":"phocol.ledger/1","seq":9,"id":"2nd')
    for fragment in fragments:
        store = make_store()
        fill(store, 2)
        store.segment_path().write_bytes(store.segment_path().read_bytes() + fragment)
        reopened = make_store()
        assert reopened.verify().ok
    kept = [p.read_bytes() for p in make_store().quarantined()]
    assert sorted(kept) == sorted(fragments)
