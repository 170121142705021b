"""Class 1 of issue #12: the consent ledger stays tamper-evident under forged, stripped, deleted and
half-written records, and a full disk never leaves a decision recorded that the command reported as failed."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from phocol_desktop.privacy.ledger import State, canonical, encode_line, record_hash
from phocol_desktop.privacy.ledger_store import HEAD_FILE, segment_name
from tests.cli import run

pytestmark = pytest.mark.timeout(60)

BT = "bt.discover_connect_print"
REPO = Path(__file__).resolve().parents[2]


def ledger_dir(private_dirs) -> Path:
    return private_dirs / "data" / "privacy"


def segment(private_dirs, n=1) -> Path:
    return ledger_dir(private_dirs) / segment_name(n)


def records(private_dirs, n=1) -> list[dict]:
    return [json.loads(x) for x in segment(private_dirs, n).read_bytes().splitlines()]


def forge_next(prev: dict, type_: str, payload: dict) -> dict:
    """What an attacker without the keychain key can build: a well-formed, correctly hashed record, no MAC."""
    rec = {k: v for k, v in prev.items() if k not in ("hash", "mac", "clock_anomaly")}
    rec.update(seq=prev["seq"] + 1, id="00000000-0000-4000-8000-000000000000", type=type_, payload=payload,
               prev_hash=prev["hash"])
    rec["hash"] = record_hash(rec)
    return rec


def state(code_out) -> dict:
    return {p["id"]: p["state"] for p in json.loads(code_out[1])["purposes"]}


def test_a_forged_record_without_mac_is_tampering_and_never_re_grants(private_dirs):
    assert run("privacy", "grant", BT)[0] == 0
    assert run("privacy", "revoke", BT)[0] == 0
    recs = records(private_dirs)
    assert all("mac" in r for r in recs)  # this install has a key: every record carries a MAC
    forged = forge_next(recs[-1], "consent_decision", {
        "purpose_id": BT, "purpose_version": 1, "decision": "granted", "granularity": "until_revoked"})
    with segment(private_dirs).open("ab") as fh:
        fh.write(encode_line(forged))
    # Leave the head one record behind: the crash window the app used to "repair" (signing the forgery).
    status = run("privacy", "status", "--json")
    assert status[0] == 0
    assert state(status)[BT] == "denied"
    assert json.loads(status[1])["integrity_banner"]
    head = json.loads((ledger_dir(private_dirs) / HEAD_FILE).read_bytes())
    assert head["segment"] == 2  # the broken segment was sealed as evidence, never re-signed
    sealed_head_hashes = [r["hash"] for r in records(private_dirs, 1)]
    assert forged["hash"] in sealed_head_hashes and head["hash"] != forged["hash"]
    code, out, err = run("privacy", "verify", "--json")
    assert code == 1 and json.loads(out)["ok"] is False and "MAC" in out


def test_a_head_without_mac_is_tampering(private_dirs):
    run("privacy", "grant", BT)
    head_path = ledger_dir(private_dirs) / HEAD_FILE
    head = json.loads(head_path.read_bytes())
    del head["mac"]
    head_path.write_bytes(canonical(head))
    code, out, err = run("privacy", "verify")
    assert code == 1 and "no MAC" in out + err
    assert state(run("privacy", "status", "--json"))[BT] == "denied"


def test_stripping_every_mac_and_rehashing_is_still_caught(private_dirs):
    run("privacy", "grant", BT)
    recs = records(private_dirs)
    stripped = []
    prev = "0" * 64
    for r in recs:
        r = {k: v for k, v in r.items() if k not in ("mac", "hash")}
        r["prev_hash"] = prev
        r["hash"] = prev = record_hash(r)
        stripped.append(r)
    segment(private_dirs).write_bytes(b"".join(encode_line(r) for r in stripped))
    head = {"schema": "phocol.ledger-head/1", "segment": 1, "count": len(stripped), "seq": len(stripped) - 1,
            "hash": prev}
    (ledger_dir(private_dirs) / HEAD_FILE).write_bytes(canonical(head))
    code, out, _ = run("privacy", "verify", "--json")
    assert code == 1 and json.loads(out)["segments"][0]["ok"] is False
    assert state(run("privacy", "status", "--json"))[BT] == "denied"


@pytest.mark.parametrize("which", ["only_segment", "every_segment"])
def test_deleting_segments_while_the_head_names_a_record_is_tampering(private_dirs, which):
    run("privacy", "grant", BT)
    if which == "every_segment":  # first make a second segment, then delete both
        seg = segment(private_dirs)
        seg.write_bytes(seg.read_bytes().replace(b'"granted"', b'"denied"', 1))
        run("privacy", "verify", "--acknowledge")
    for p in ledger_dir(private_dirs).glob("ledger-*.jsonl"):
        p.unlink()
    code, out, err = run("privacy", "status", "--json")
    doc = json.loads(out)
    assert doc["integrity_banner"], "a deleted ledger must show the banner"
    assert state((code, out))[BT] == "denied"
    code, out, err = run("privacy", "verify", "--json")
    assert code == 1 and json.loads(out)["ok"] is False
    assert "missing" in out


def test_a_deleted_sealed_segment_fails_verify(private_dirs):
    run("privacy", "grant", BT)
    seg = segment(private_dirs)
    seg.write_bytes(seg.read_bytes().replace(b'"granted"', b'"denied"', 1))
    assert run("privacy", "verify", "--acknowledge")[0] == 0
    assert run("privacy", "verify")[0] == 0
    seg.unlink()  # remove the evidence
    code, out, err = run("privacy", "verify", "--json")
    assert code == 1
    doc = json.loads(out)
    missing = [s for s in doc["segments"] if s["segment"] == 1]
    assert missing and missing[0]["ok"] is False and "missing" in missing[0]["summary"]


def test_verify_exits_1_until_the_failure_is_acknowledged_and_json_agrees(private_dirs):
    run("privacy", "grant", BT)
    seg = segment(private_dirs)
    seg.write_bytes(seg.read_bytes().replace(b'"granted"', b'"denied"', 1))
    for _ in range(3):  # the first run detects and resets; the later ones must keep failing
        code, out, err = run("privacy", "verify", "--json")
        assert code == 1 and json.loads(out)["ok"] is False, (code, out)
        assert "--acknowledge" in err or "failed verification" in err
    assert json.loads(run("privacy", "status", "--json")[1])["integrity_banner"]
    code, out, _ = run("privacy", "verify", "--acknowledge")
    assert code == 0 and "acknowledged" in out
    code, out, _ = run("privacy", "verify", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["ok"] is True
    assert doc["segments"][0]["ok"] is False and doc["segments"][0]["acknowledged"] is True
    assert json.loads(run("privacy", "status", "--json")[1])["integrity_banner"] is None
    # A new failure after the acknowledgement fails again.
    seg2 = segment(private_dirs, 2)
    lines = seg2.read_bytes().splitlines()
    lines[-1] = lines[-1].replace(b'"acknowledged"', b'"acknowledgeD"', 1)
    seg2.write_bytes(b"\n".join(lines) + b"\n")
    assert run("privacy", "verify")[0] == 1


@pytest.mark.parametrize("damage", ["deep", "huge_int", "wrong_types", "list", "nan", "fifo", "folder", "utf8"])
def test_a_hostile_head_fails_closed_without_a_traceback(private_dirs, damage, tmp_path):
    run("privacy", "grant", BT)
    head = ledger_dir(private_dirs) / HEAD_FILE
    head.unlink()
    if damage == "fifo":
        os.mkfifo(head)
    elif damage == "folder":
        head.mkdir()
    else:
        head.write_bytes({"deep": b"[" * 100000, "huge_int": b'{"seq": ' + b"1" * 5000 + b"}",
                          "wrong_types": b'{"segment": "1", "seq": [], "hash": 7, "mac": {}}', "list": b"[]",
                          "nan": b'{"segment": 1, "seq": NaN, "hash": "x"}', "utf8": b'{"hash": "\xff"}'}[damage])
    code, out, err = run("privacy", "status", "--json")
    assert "Traceback" not in err
    assert code == 0 and state((code, out))[BT] == "denied" and json.loads(out)["integrity_banner"]


@pytest.mark.parametrize("damage", ["deep", "ts_int", "payload_list", "huge_int", "fifo"])
def test_a_hostile_record_fails_closed_without_a_traceback(private_dirs, damage):
    run("privacy", "grant", BT)
    seg = segment(private_dirs)
    lines = seg.read_bytes().splitlines()
    if damage == "fifo":
        seg.unlink()
        os.mkfifo(seg)
    else:
        rec = json.loads(lines[1])
        if damage == "deep":
            lines[1] = b"[" * 50000 + b"]" * 50000
        elif damage == "huge_int":
            lines[1] = lines[1].replace(b'"seq":1', b'"seq":' + b"1" * 5000)
        else:
            rec.update({"ts_int": {"ts": 7}, "payload_list": {"payload": [1, 2]}}[damage])
            lines[1] = canonical(rec)
        seg.write_bytes(b"\n".join(lines) + b"\n")
    code, out, err = run("privacy", "status", "--json")
    assert "Traceback" not in err
    assert code == 0 and state((code, out))[BT] == "denied" and json.loads(out)["integrity_banner"]
    assert run("privacy", "verify")[0] == 1


# -- full disk ------------------------------------------------------------------------------------------

_FULL_DISK_RUNNER = textwrap.dedent("""
    import errno, os, sys
    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")
    if os.environ.get("PHOCOL_TEST_FULL") == "1":
        os.replace = full  # a record's line still fits; ledger.head (and every other atomic write) does not
    from phocol_desktop.cli import main
    sys.exit(main(sys.argv[1:]))
""")


def cli(root: Path, *argv: str, full: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "PHOCOL_DESKTOP_DATA_DIR": str(root), "PHOCOL_TEST_FULL": "1" if full else "0",
           "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-c", _FULL_DISK_RUNNER, *argv], capture_output=True, text=True,
                          env=env, timeout=60)


def _full_disk_grant_and_revoke_leave_the_previous_state(root: Path, make_full, make_roomy, simulate: bool) -> None:
    assert cli(root, "privacy", "grant", "diag.crash_local").returncode == 0
    seg = root / "data" / "privacy" / segment_name(1)
    before = seg.read_bytes()
    make_full()
    for argv in (("privacy", "revoke", "diag.crash_local"), ("privacy", "grant", BT)):
        res = cli(root, *argv, full=simulate)
        assert res.returncode == 1, res
        assert "Logging error" not in res.stderr and "Traceback" not in res.stderr
        assert len(res.stderr.strip().splitlines()) <= 2, res.stderr  # the error, at most one log line
        assert "nothing was recorded" in res.stderr or "No space" in res.stderr
        assert seg.read_bytes() == before  # what the command reported (failure) is what it recorded
    make_roomy()
    states = {p["id"]: p["state"] for p in json.loads(cli(root, "privacy", "status", "--json").stdout)["purposes"]}
    assert states["diag.crash_local"] == "granted" and states[BT] == "undetermined"
    verify = cli(root, "privacy", "verify", "--json")
    assert verify.returncode == 0 and json.loads(verify.stdout)["ok"] is True


def test_full_disk_simulated_a_failed_append_leaves_the_previous_state(tmp_path):
    root = tmp_path / "app"
    log = root / "logs" / "phocol-desktop.log"

    def full():  # the app log can no more be written than the head
        log.unlink()
        log.symlink_to("/dev/full")

    _full_disk_grant_and_revoke_leave_the_previous_state(root, full, log.unlink, simulate=True)


def test_full_disk_on_a_real_tiny_tmpfs(tmp_path):
    """The same on a real full file system (root and mount(8) needed; CI runs as root)."""
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mnt)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        root = mnt / "app"
        filler = mnt / "filler"

        def fill():
            fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
            try:
                while True:
                    os.write(fd, b"\0" * 512)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
            finally:
                os.close(fd)

        _full_disk_grant_and_revoke_leave_the_previous_state(root, fill, filler.unlink, simulate=False)
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


# -- concurrent appenders -------------------------------------------------------------------------------

_APPENDER = textwrap.dedent("""
    import pathlib, sys
    from phocol_desktop.privacy.catalog import load_catalog
    from phocol_desktop.privacy.envelope import app_envelope
    from phocol_desktop.privacy.ledger_store import LedgerStore
    cat = load_catalog()
    store = LedgerStore(pathlib.Path(sys.argv[1]), app_envelope(cat), mac_key=lambda: bytes(range(32)),
                        affected_purposes=lambda: [p.id for p in cat.gated()])
    store.open()
    sys.stdout.write("ready\\n"); sys.stdout.flush()
    sys.stdin.readline()  # start together
    for i in range(int(sys.argv[2])):
        store.append("rights_request", {"right": "access", "channel": "in_app", "writer": sys.argv[3], "n": i})
""")


def test_concurrent_appenders_in_separate_processes_keep_one_chain(tmp_path, make_store):
    directory = tmp_path / "privacy"
    make_store(directory=directory)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [subprocess.Popen([sys.executable, "-c", _APPENDER, str(directory), "40", str(w)], env=env,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for w in range(4)]
    for p in procs:
        assert p.stdout.readline().strip() == "ready"
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        assert p.wait(timeout=120) == 0
        p.stdin.close()
        p.stdout.close()
    store = make_store(directory=directory)
    assert store.report.failure is None and store.segments() == [1]
    assert store.verify().ok
    written = [r["payload"] for r in store.records if r["type"] == "rights_request"]
    assert len(written) == 160
    for w in range(4):  # each writer's records are all there, in its own order
        assert [p["n"] for p in written if p["writer"] == str(w)] == list(range(40))
    assert all(s.state is not State.GRANTED for s in store.state.purposes.values())
