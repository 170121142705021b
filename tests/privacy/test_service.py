"""PrivacyService (the facade of the GUI dashboard and the CLI): decisions, notices, retention, rights.

Each test names the privacy acceptance test it covers (AT-xx; docs/PRIVACY.md §6).
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import stat
import sys
import time
import urllib.parse
import zipfile
from importlib import resources

import pytest

from phocol_desktop.privacy.catalog import load_catalog, parse_catalog
from phocol_desktop.privacy.gate import (
    BLUETOOTH,
    CAMERA,
    CRASH_LOGS,
    FILES,
    PRINT_HISTORY,
    Decision,
    PurposeDenied,
    WithdrawEffects,
)
from phocol_desktop.privacy.schema import LEDGER_SCHEMA, validate
from phocol_desktop.privacy.timebase import DAY
from phocol_desktop.storage.paths import secure_write
from tests.privacy.conftest import all_files

PRINTER = "A4:C1:38:00:11:22"
POLICY_SHA = "c837526d73e32a8ad3e55b3fab469e6c767d68ea5dd7719c4a71c01d72ea1617"
MAC_RE = re.compile(rb"\b[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}\b")


def records(svc, type_=None):
    return [r for r in svc.store.records if type_ is None or r["type"] == type_]


def populate(svc, home):
    """A realistic session: notice, grants, a printer, history, recent files, a crash log, a thumbnail."""
    svc.record_notice("agreed", scroll_reached_end=True)
    svc.grant(BLUETOOTH)
    svc.grant(CRASH_LOGS)
    svc.gate.require(BLUETOOTH, feature="bt_scan")
    svc.remember_printer(PRINTER, "Q155E1", "phomemo.m220")
    svc.data.print_history.add(model_id="phomemo.m220", title="cat", copies=1)
    photo = home / "Pictures" / "cat.jpg"
    svc.data.recent_files.add(photo)
    svc.record_crash(f"Traceback: {home}/Pictures/cat.jpg failed near printer {PRINTER}")
    thumbs = svc.paths.ensure(svc.paths.cache / "thumbnails")
    secure_write(thumbs / "cat.png", b"\x89PNG thumb")  # as the thumbnail cache writes it
    return photo


# -- notices (AT-05/06/07/21) --------------------------------------------------------------------------------

def test_at07_notice_ack_records_the_bundled_policy_hash_and_the_raw_date(service):
    bundled = resources.files("phocol_desktop.assets").joinpath("phocol-privacy-policy.txt").read_bytes()
    assert hashlib.sha256(bundled).hexdigest() == POLICY_SHA
    notice = service.pending_notice()
    assert notice.reason == "first_run" and notice.policy_version_raw == "03,01, 2025"
    assert notice.policy_matches_catalog and notice.policy_text.startswith("Phocol\u00a0Privacy Policy")  # raw
    ack = service.record_notice("agreed")
    assert ack["payload"]["policy"]["sha256"] == POLICY_SHA
    assert ack["payload"]["policy"]["version_raw"] == "03,01, 2025"
    assert service.pending_notice() is None


def test_at05_notice_has_no_preticked_choice_no_default_and_dismissing_is_a_recorded_refusal(service):
    notice = service.pending_notice()
    assert notice.buttons == ("agree", "disagree") and notice.default_button is None and notice.preticked == ()
    ack = service.record_notice("dismissed")
    assert ack["payload"]["decision"] == "dismissed"
    assert ack["payload"]["surface"]["default_button"] == "none"
    assert records(service, "notice_presented")
    assert service.limited_mode


def test_at06_disagree_is_limited_mode_bluetooth_off_files_and_editing_still_work(service):
    service.record_notice("disagreed")
    with pytest.raises(PurposeDenied) as refused:  # the settings surface does not offer Allow either
        service.grant(BLUETOOTH)
    assert refused.value.why == "limited_mode" and "privacy notice" in refused.value.advice
    service.gate.grant(BLUETOOTH)  # even a grant recorded below the service stays off
    with pytest.raises(PurposeDenied) as exc:
        service.gate.require(BLUETOOTH, feature="bt_scan")
    assert exc.value.why == "limited_mode" and exc.value.advice
    service.gate.require(FILES, feature="file_open")  # import and export keep working
    service.gate.require("core.print_and_edit", feature="edit")
    assert service.purpose(BLUETOOTH).blocked_by_limited_mode


def test_at21_a_catalog_version_bump_reasks_only_the_changed_purpose(app_paths, fake_clock, open_service):
    svc = open_service()
    svc.record_notice("agreed")
    svc.grant(BLUETOOTH)
    svc.grant(CRASH_LOGS)
    raw = json.loads(load_catalog().raw)
    raw["version"] += 1
    for p in raw["purposes"]:
        if p["id"] == BLUETOOTH:
            p["version"] += 1
            p["processing"].append("read the printer's battery level")
    bumped = parse_catalog(json.dumps(raw).encode())
    again = open_service(catalog=bumped)
    notice = again.pending_notice()
    assert notice.reason == "catalog_changed" and notice.changed_purposes == (BLUETOOTH,)
    assert again.purpose(BLUETOOTH).state == "undetermined"  # re-asked in context
    assert again.purpose(CRASH_LOGS).state == "granted"  # unchanged decisions persist
    again.record_notice("agreed")
    assert again.pending_notice() is None


# -- decisions (AT-10/11/17/18/19/20/22) ------------------------------------------------------------------

def test_at11_opening_never_prompts_and_not_now_is_asked_again_only_on_the_next_user_action(open_service, asker):
    svc = open_service()
    assert asker.requests == []  # no modal at launch
    asker.answer = Decision.NOT_NOW
    with pytest.raises(PurposeDenied):
        svc.gate.require(BLUETOOTH, feature="bt_scan")
    assert len(asker.requests) == 1
    open_service()  # a restart: still nothing asked
    assert len(asker.requests) == 1
    with pytest.raises(PurposeDenied):
        svc.gate.require(BLUETOOTH, feature="bt_scan", interactive=False)  # background work never prompts
    assert len(asker.requests) == 1


def test_at10_an_os_granted_is_never_the_users_decision(service):
    service.gate.register_os_check(BLUETOOTH, lambda _pid: True)  # Qt/OS say Granted
    with pytest.raises(PurposeDenied) as exc:
        service.gate.require(BLUETOOTH, feature="bt_scan", interactive=False)
    assert exc.value.why == "undetermined"
    service.grant(BLUETOOTH)
    service.gate.register_os_check(BLUETOOTH, lambda _pid: False)
    with pytest.raises(PurposeDenied) as exc:
        service.gate.require(BLUETOOTH, feature="bt_scan")
    assert exc.value.why == "os_denied"


def test_at17_withdrawing_takes_no_more_steps_than_granting(service):
    service.revoke(PRINT_HISTORY)  # on by default: turn it off first so that granting records something
    for pid in (BLUETOOTH, CAMERA, CRASH_LOGS, PRINT_HISTORY):
        granted = service.grant(pid)
        revoked = service.revoke(pid)
        g, w = (next(r for r in records(service) if r["seq"] == res.seq) for res in (granted, revoked))
        assert w["type"] == "withdrawal"
        assert w["payload"]["clicks"] <= g["payload"]["surface"]["clicks_to_decide"] == 1


def test_at18_revoke_stops_use_at_once_deletes_held_data_and_writes_one_withdrawal(service):
    populate(service, service.paths.config.parent)
    stopped = []
    service.gate.on_withdraw(BLUETOOTH, lambda pid: stopped.append(pid) or WithdrawEffects(("bt_scan",), {}))
    assert service.data.printers.count() == 1
    before = len(records(service, "withdrawal"))
    t0 = time.monotonic()
    result = service.revoke(BLUETOOTH)
    assert time.monotonic() - t0 < 1.0
    assert stopped == [BLUETOOTH] and result.stopped == ("bt_scan",)
    assert result.deleted == {"printers": 1} and service.data.printers.count() == 0
    assert len(records(service, "withdrawal")) == before + 1
    with pytest.raises(PurposeDenied):
        service.gate.require(BLUETOOTH, feature="bt_connect")
    assert not service.data.printers.store.path.exists()


def test_at18_withdrawing_crash_logs_deletes_them(service):
    service.grant(CRASH_LOGS)
    service.record_crash("boom")
    assert service.data.crash_logs.count() == 1
    res = service.revoke(CRASH_LOGS)
    assert res.deleted == {"crash_logs": 1} and service.data.crash_logs.count() == 0
    assert service.record_crash("boom again") is None


def test_at19_every_decision_writes_exactly_one_record_and_all_records_match_the_schema(service, tmp_path):
    n = len(records(service))
    service.grant(BLUETOOTH)
    assert len(records(service)) == n + 1
    service.revoke(BLUETOOTH)
    assert len(records(service)) == n + 2
    service.gate.asker = lambda _req: Decision.ALLOW_ONCE
    service.gate.require(CAMERA, feature="camera_capture")
    assert len(records(service)) == n + 3
    populate(service, tmp_path)
    service.contact("access")
    service.set_paused("recent_files", True)
    (tmp_path / "out").mkdir()
    service.export(tmp_path / "out")
    service.erase(["cache"])
    service.gate.end_once(CAMERA)
    types = {r["type"] for r in records(service)}
    assert {"ledger_genesis", "notice_presented", "notice_ack", "permission_result", "consent_decision",
            "withdrawal", "expiry", "rights_request", "data_export", "data_erasure"} <= types
    for rec in records(service):
        assert validate(rec, LEDGER_SCHEMA) == [], rec["type"]


def test_at20_purposes_toggle_independently(service):
    service.grant(BLUETOOTH)
    service.grant(CRASH_LOGS)
    service.revoke(CRASH_LOGS)
    assert service.purpose(BLUETOOTH).state == "granted" and service.purpose(CRASH_LOGS).state == "denied"
    assert service.purpose(CAMERA).state == "undetermined"


def test_purposes_not_in_this_build_can_never_be_switched_on(service):
    rows = {r.id: r for r in service.purposes()}
    for pid in ("location", "analytics", "marketing", "payments", "login.third_party", "cookies", "push"):
        assert rows[pid].state == "not_in_build" and not rows[pid].can_grant and not rows[pid].in_build
        with pytest.raises(PurposeDenied):
            service.grant(pid)
        with pytest.raises(PurposeDenied):
            service.gate.require(pid, feature="anything")


def test_at22_expiry_and_90_day_auto_reset_fold_to_not_granted_and_are_recorded(open_service, fake_clock, asker):
    svc = open_service()
    svc.grant(BLUETOOTH)
    svc.grant(CRASH_LOGS)  # 12-month expiry
    fake_clock.advance(91 * DAY)
    svc = open_service()  # the start-up sweep
    assert svc.purpose(BLUETOOTH).state == "undetermined"
    assert records(svc, "auto_reset")[-1]["payload"]["reason"] == "unused_90d"
    assert svc.purpose(CRASH_LOGS).state == "granted"
    fake_clock.advance(300 * DAY)
    svc = open_service()
    assert svc.purpose(CRASH_LOGS).state == "undetermined"
    assert records(svc, "expiry")[-1]["payload"]["reason"] == "ttl"
    assert asker.requests == []  # re-asked only in context, never by the sweep


def test_a_grant_in_use_is_not_auto_reset(open_service, fake_clock):
    svc = open_service()
    svc.grant(BLUETOOTH)
    for _ in range(4):
        fake_clock.advance(60 * DAY)
        svc.gate.require(BLUETOOTH, feature="bt_scan")
    assert open_service().purpose(BLUETOOTH).state == "granted"


def test_refusing_leaves_no_trace_beyond_the_refusal_record(service, asker, private_dirs):
    before = {p: p.read_bytes() for p in all_files(private_dirs)}
    asker.answer = Decision.NOT_NOW
    with pytest.raises(PurposeDenied):
        service.gate.require(BLUETOOTH, feature="bt_scan")
    after = {p: p.read_bytes() for p in all_files(private_dirs)}
    changed = {p.name for p in after if before.get(p) != after[p]}
    assert changed == {"ledger-0001.jsonl", "ledger.head"}
    seg = service.store.segment_path()
    new_lines = after[seg][len(before[seg]):].splitlines()
    assert len(new_lines) == 1 and json.loads(new_lines[0])["payload"]["answer"] == "not_now"
    assert service.activity() == [] and service.data.printers.count() == 0


# -- retention and restriction (AT-31) ------------------------------------------------------------------------

def test_at31_startup_purge_removes_exactly_the_expired_items_and_logs_counts_only(open_service, fake_clock,
                                                                                   tmp_path):
    svc = open_service()
    svc.grant(CRASH_LOGS)
    svc.data.print_history.add(model_id="m", title="old")
    svc.data.recent_files.add(tmp_path / "old.jpg")
    svc.record_crash("old crash")
    fake_clock.advance(20 * DAY)
    svc.data.print_history.add(model_id="m", title="new")
    svc.data.recent_files.add(tmp_path / "new.jpg")
    svc.record_crash("new crash")
    fake_clock.advance(11 * DAY)  # the first entries are now 31 days old, the second 11
    svc = open_service()
    assert [e["title"] for e in svc.data.print_history.entries()] == ["new"]
    assert [e["path"] for e in svc.data.recent_files.entries()] == [str(tmp_path / "new.jpg")]
    assert [svc.data.crash_logs.read(c.name) for c in svc.data.crash_logs.list()] == ["new crash"]
    purges = {r["payload"]["category"]: r["payload"] for r in records(svc, "retention_purge")}
    assert {k: v["deleted_count"] for k, v in purges.items()} == {"print_history": 1, "recent_files": 1,
                                                                  "crash_logs": 1, "activity_log": 1}
    assert "old crash" not in json.dumps(purges) and "old.jpg" not in json.dumps(purges)  # counts only


def test_at31_pause_stops_new_records_without_deleting_anything(service, tmp_path):
    service.data.recent_files.add(tmp_path / "a.jpg")
    service.set_paused("recent_files", True)
    assert service.data.recent_files.add(tmp_path / "b.jpg") is False
    assert [e["path"] for e in service.data.recent_files.entries()] == [str(tmp_path / "a.jpg")]
    service.set_paused("recent_files", False)
    assert service.data.recent_files.add(tmp_path / "b.jpg") is True


def test_retention_off_keeps_nothing_and_revoking_history_deletes_it(service, tmp_path):
    service.data.print_history.add(model_id="m", title="x")
    service.set_retention("print_history", 0)
    assert service.data.print_history.add(model_id="m", title="y") is False
    service.run_retention()
    assert service.data.print_history.count() == 0
    service.set_retention("recent_files", 30)
    service.data.recent_files.add(tmp_path / "a.jpg")
    assert service.revoke("history.recent_files").deleted == {"recent_files": 1}


def test_thumbnails_older_than_30_days_are_purged(service, fake_clock):
    thumbs = service.paths.ensure(service.paths.cache / "thumbnails")
    old, new = thumbs / "old.png", thumbs / "new.png"
    old.write_bytes(b"o")
    new.write_bytes(b"n")
    import os

    os.utime(old, (fake_clock.now() - 31 * DAY,) * 2)
    os.utime(new, (fake_clock.now() - DAY,) * 2)
    results = {r.category: r.deleted_count for r in service.run_retention()}
    assert results["cache"] == 1 and not old.exists() and new.exists()


# -- crash logs (AT-32) -------------------------------------------------------------------------------------

def test_at32_no_crash_log_before_opt_in_and_logs_after_hold_no_home_path_or_mac(service, private_dirs):
    home = service.paths.config.parent.parent / "home"
    assert service.record_crash(f"{home}/x failed") is None
    assert service.data.crash_logs.count() == 0 and not (service.paths.logs / "crash").exists()
    service.grant(CRASH_LOGS)
    name = service.record_crash(f"File {home}/secret/photo.jpg, printer {PRINTER}")
    text = service.data.crash_logs.read(name)
    assert str(home) not in text and PRINTER not in text and "~/secret/photo.jpg" in text
    raw = (service.paths.logs / "crash" / name).read_bytes()
    assert b"photo.jpg" not in raw  # encrypted at rest
    assert service.data.crash_logs.delete(name) and service.data.crash_logs.count() == 0


# -- contact (AT-33) -----------------------------------------------------------------------------------------

def test_at33_mailto_has_the_exact_subject_no_attachment_and_writes_a_rights_request(service):
    req = service.contact("delete")
    parsed = urllib.parse.urlsplit(req.mailto)
    assert parsed.scheme == "mailto" and parsed.path == "support@phocolprinter.com"
    query = urllib.parse.parse_qs(parsed.query)
    subject = query["subject"][0]
    assert "【Phocol Personal Information Processing Inquiry】".encode() in subject.encode("utf-8")
    assert "%E3%80%90Phocol%20Personal%20Information%20Processing%20Inquiry%E3%80%91" in req.mailto
    assert set(query) == {"subject", "body"}  # nothing attached
    assert req.address == "support@phocolprinter.com" and req.subject == subject
    last = records(service)[-1]
    assert last["type"] == "rights_request" and last["payload"] == {"right": "delete", "channel": "mailto"}


# -- export (AT-26/27/28) --------------------------------------------------------------------------------------

@pytest.fixture
def exported(service, tmp_path):
    home = service.paths.config.parent.parent / "home"
    populate(service, home)
    head_before = service.store.head_hash
    on_disk = len(service.store.segment_path().read_bytes().splitlines())
    out = tmp_path / "exports"
    out.mkdir()
    [path] = service.export(out)
    return service, zipfile.ZipFile(path), head_before, on_disk, home, path


def test_at26_export_record_count_chain_head_and_manifest_hashes_match(exported):
    svc, z, head, on_disk, _home, _path = exported
    ledger = json.loads(z.read("ledger.json"))
    assert len(ledger) == on_disk
    prev = "0" * 64
    for seq, line in enumerate(z.read("ledger-0001.jsonl").splitlines()):  # the VERIFY.md procedure
        rec = json.loads(line)
        body = {k: v for k, v in rec.items() if k not in ("hash", "mac")}
        canon = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        assert rec["seq"] == seq and rec["prev_hash"] == prev
        assert hashlib.sha256(prev.encode() + canon).hexdigest() == rec["hash"]
        prev = rec["hash"]
    manifest = json.loads(z.read("manifest.json"))
    assert prev == head == manifest["chain_head"]
    assert manifest["record_count"] == on_disk
    assert set(manifest["files"]) == set(z.namelist()) - {"manifest.json"}
    for name, digest in manifest["files"].items():
        assert hashlib.sha256(z.read(name)).hexdigest() == digest, name
    last = records(svc)[-1]
    assert last["type"] == "data_export" and last["payload"]["record_count"] == on_disk
    assert last["payload"]["manifest_sha256"] == hashlib.sha256(z.read("manifest.json")).hexdigest()
    assert "exports" not in json.dumps(last)  # no path in the ledger


def test_at27_export_holds_every_category_on_this_device_and_nothing_else(exported):
    svc, z, *_ = exported
    names = set(z.namelist())
    where = {"consent_ledger": "ledger.json", "activity_log": "data/activity_7d.json",
             "printers": "data/printers.json", "print_history": "data/print_history.json",
             "recent_files": "data/recent_files.json", "crash_logs": "data/crash_logs/",
             "settings": "data/settings.json", "app_log": "data/app_log.txt", "cache": "data/cache/"}
    assert {c.id for c in svc.data_categories()} == set(where)
    for cat, entry in where.items():
        assert any(n.startswith(entry) for n in names), cat
    assert json.loads(z.read("data/printers.json"))[0]["address"] == PRINTER
    assert json.loads(z.read("data/print_history.json"))[0]["title"] == "cat"
    activity = json.loads(z.read("data/activity_7d.json"))
    assert {(e["purpose_id"], e["feature"]) for e in activity} == {(BLUETOOTH, "bt_scan"),
                                                                   (CRASH_LOGS, "crash_log_write")}
    assert z.read("data/cache/thumbnails/cat.png") == b"\x89PNG thumb"
    tops = {n.split("/")[0] for n in names}
    assert tops == {"manifest.json", "ledger.json", "ledger-0001.jsonl", "ledger.head", "state.json", "receipts",
                    "data", "processing_records.json", "schema", "VERIFY.md", "README.txt", "catalogs", "policy",
                    "sbom.cdx.json"}
    receipt = json.loads(z.read(f"receipts/{BLUETOOTH}.json"))
    assert receipt["piiPrincipalId"] == svc.store.subject_ref and receipt["x-phocol"]["policySha256"] == POLICY_SHA
    assert "Data on this device" in z.read("README.txt").decode()


def test_at28_export_and_ledger_hold_no_home_path_user_name_or_foreign_mac(exported):
    svc, z, _head, _n, home, path = exported
    assert json.loads(z.read("data/recent_files.json"))[0]["path"] == "~/Pictures/cat.jpg"
    blobs = [z.read(n) for n in z.namelist()] + [p.read_bytes() for p in all_files(svc.paths.privacy)]
    for blob in blobs:
        assert str(home).encode() not in blob
        assert {m.decode().upper() for m in MAC_RE.findall(blob)} <= {PRINTER}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_export_refuses_to_overwrite_and_needs_an_existing_folder(service, tmp_path):
    from phocol_desktop.services.privacy import ExportError

    target = tmp_path / "mine.zip"
    assert service.export(target) == [target]
    with pytest.raises(ExportError):
        service.export(target)
    with pytest.raises(ExportError):
        service.export(tmp_path / "missing")


# -- erase (AT-29/30) ---------------------------------------------------------------------------------------

def test_at29_erase_all_leaves_only_the_new_two_record_ledger(service, private_dirs, memory_keyring, tmp_path):
    populate(service, tmp_path)
    service.data.settings_store.update(jurisdiction="EU")
    old_subject = service.store.subject_ref
    old_key = dict(memory_keyring.items)
    assert old_key
    report = service.erase()
    files = {p.relative_to(private_dirs).as_posix() for p in all_files(private_dirs)}
    assert files == {"data/privacy/ledger-0001.jsonl", "data/privacy/ledger.head", "data/privacy/ledger.lock"}
    dirs = {p.relative_to(private_dirs).as_posix() for p in private_dirs.rglob("*") if p.is_dir()}
    assert dirs == {"data", "data/privacy"}
    recs = records(service)
    assert [r["type"] for r in recs] == ["ledger_genesis", "data_erasure"]
    assert recs[0]["payload"]["reason"] == "post_erasure"
    for p in all_files(private_dirs):
        assert old_subject.encode() not in p.read_bytes()
    assert all(v not in old_key.values() for v in memory_keyring.items.values())  # the old key is gone
    assert report.errors == () and report.counts["printers"] == 1 and report.counts["keyring_items"] == 1
    assert recs[1]["payload"]["errors"] == [] and "printers" in recs[1]["payload"]["categories"]
    assert service.pending_notice().reason == "first_run"
    assert service.purpose(BLUETOOTH).state == "undetermined"


def test_at30_erase_plan_lists_what_goes_and_what_stays_and_chosen_locations_survive(service, tmp_path):
    populate(service, tmp_path)
    project = tmp_path / "my-projects" / "card.phocol"
    project.parent.mkdir()
    project.write_bytes(b"PK project")
    plan = service.erase_plan()
    assert {cid for cid, _title, _n in plan.deleted} >= {"printers", "recent_files", "crash_logs", "consent_ledger"}
    assert any("places you chose" in line for line in plan.not_deleted)
    assert plan.keyring_item
    service.erase()
    assert project.read_bytes() == b"PK project"


def test_erase_one_category_keeps_the_rest_and_records_counts(service, tmp_path):
    populate(service, tmp_path)
    report = service.erase(["recent_files"])
    assert report.counts == {"recent_files": 1}
    assert service.data.recent_files.count() == 0 and service.data.print_history.count() == 1
    assert records(service)[-1]["payload"]["categories"] == ["recent_files"]
    with pytest.raises(Exception, match="consent_ledger"):
        service.erase(["consent_ledger"])


# -- the device (AT-01/35/36, no file outside the data dir) ---------------------------------------------------

def test_at01_at35_a_full_session_opens_no_socket_and_reads_no_identifier(open_service, tmp_path):
    families = []

    def hook(event, args):
        if event == "socket.__new__":
            families.append(args[1] if len(args) > 1 else None)

    sys.addaudithook(hook)  # stays installed; it only records
    mark = len(families)
    svc = open_service()
    populate(svc, tmp_path)
    (tmp_path / "x").mkdir()
    svc.export(tmp_path / "x")
    svc.revoke(BLUETOOTH)
    svc.verify()
    svc.erase()
    assert [f for f in families[mark:] if f in (socket.AF_INET, socket.AF_INET6)] == []
    # uuid1/getnode/platform.node/gethostname/getuser raise in every test (conftest): reaching here means
    # the whole session read none of them.


def test_at36_every_file_is_0600_and_every_directory_0700_and_nothing_is_written_outside(
        open_service, private_dirs, tmp_path):
    home = tmp_path / "home"
    home_before = sorted(home.rglob("*"))
    svc = open_service()
    populate(svc, home)
    (tmp_path / "x").mkdir()
    svc.export(tmp_path / "x")
    svc.set_paused("print_history", True)
    for p in private_dirs.rglob("*"):
        mode = stat.S_IMODE(p.stat().st_mode)
        assert mode == (0o700 if p.is_dir() else 0o600), (p, oct(mode))
    assert sorted(home.rglob("*")) == home_before  # nothing in HOME or the XDG dirs
    day = time.strftime("%Y-%m-%d", time.gmtime(svc.clock.now()))
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == [f"phocol-privacy-export-{day}.zip"]


def test_banned_identifier_apis_appear_nowhere_in_the_app_source():
    """AT-35 (static half): ruff's banned-api list catches imports; this catches every spelling."""
    import phocol_desktop

    root = __import__("pathlib").Path(phocol_desktop.__file__).parent
    # Calls and imports only: a comment explaining why QtNetwork must not be used is fine.
    banned = re.compile(r"uuid1\(|getnode\(|platform\.node\(|gethostname\(|getuser\(|machineUniqueId\(|"
                        r"bootUniqueId\(|QLocationPermission\(|^\s*(?:from|import)\s+PySide6\.Qt(?:Network|WebEngine)|"
                        r"^\s*from\s+PySide6\s+import\s+.*Qt(?:Network|WebEngine)", re.M)
    hits = [f"{p.relative_to(root)}:{m.group(0)}" for p in root.rglob("*.py")
            for m in banned.finditer(p.read_text(encoding="utf-8"))]
    assert hits == []


def test_at21_a_changed_policy_text_shows_the_notice_again_and_keeps_decisions(service):
    ack = service.record_notice("agreed")
    service.grant(CRASH_LOGS)
    older = dict(ack["payload"], policy={**ack["payload"]["policy"], "sha256": "0" * 64})
    service.store.append("notice_ack", older)  # what a build with another policy text recorded
    notice = service.pending_notice()
    assert notice.reason == "policy_changed" and notice.changed_purposes == ()
    assert service.purpose(CRASH_LOGS).state == "granted"


def test_the_notice_can_be_reviewed_and_the_answer_changed(service):
    service.record_notice("disagreed")
    assert service.limited_mode and service.pending_notice() is None  # no nagging
    ack = service.record_notice("agreed")
    assert ack["payload"]["reason"] == "review" and not service.limited_mode


def test_the_jurisdiction_is_the_users_choice_and_goes_into_later_records(service):
    service.set_jurisdiction("EU", "de")
    rec = service.grant(BLUETOOTH)
    last = records(service)[-1]
    assert rec.seq == last["seq"] and last["jurisdiction"] == "EU" and last["language"] == "de"
    assert records(service)[0]["jurisdiction"] == "unspecified"
    assert service.verify().ok
    with pytest.raises(Exception, match="not a jurisdiction"):
        service.set_jurisdiction("Atlantis")


def test_purposes_offering_only_per_use_answers_cannot_be_granted_for_good(service):
    with pytest.raises(PurposeDenied, match="not a choice"):
        service.set_decision("diag.share_once", "allow")
    assert service.grant("diag.share_once").purpose.state == "ask_every_time"  # "Allow" means ask each time
    assert not service.purpose("diag.share_once").can_grant  # already so
