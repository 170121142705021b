"""``phocol-desktop privacy …``: the CLI is a recorded surface like the GUI (exit codes 0 / 1 / 2)."""

from __future__ import annotations

import json
import zipfile

import pytest

from tests.cli import run
from tests.privacy.conftest import all_files


def ledger_lines(private_dirs):
    return [json.loads(line) for line in (private_dirs / "data" / "privacy" / "ledger-0001.jsonl").read_bytes()
            .splitlines()]


def test_status_json_lists_every_purpose_and_category(private_dirs):
    code, out, err = run("privacy", "status", "--json")
    assert code == 0, err
    doc = json.loads(out)
    states = {p["id"]: p["state"] for p in doc["purposes"]}
    assert states["location"] == "not_in_build" and states["bt.discover_connect_print"] == "undetermined"
    assert {c["id"] for c in doc["data"]} >= {"consent_ledger", "printers", "crash_logs"}
    assert doc["storage"] == "encrypted" and doc["integrity_banner"] is None


def test_at17_grant_and_revoke_are_one_command_each_and_recorded_as_cli(private_dirs):
    assert run("privacy", "grant", "diag.crash_local")[0] == 0
    code, out, _ = run("privacy", "revoke", "diag.crash_local")
    assert code == 0 and "not allowed" in out
    recs = ledger_lines(private_dirs)
    grant, withdrawal = recs[-2], recs[-1]
    assert grant["type"] == "consent_decision" and grant["payload"]["surface"]["kind"] == "cli"
    assert withdrawal["type"] == "withdrawal" and withdrawal["payload"]["clicks"] == 1


def test_unknown_or_absent_purposes_fail_with_one_line_and_advice(private_dirs):
    code, _out, err = run("privacy", "grant", "no.such.purpose")
    assert code == 1 and err.count("\n") == 1 and "privacy status" in err
    code, _out, err = run("privacy", "grant", "location")
    assert code == 1 and "not included in this build" in err


def test_notice_can_be_read_and_answered(private_dirs):
    code, out, _ = run("privacy", "notice")
    assert code == 0 and "03,01, 2025" in out and "Privacy notice" in out
    assert run("privacy", "notice", "--answer", "disagreed")[0] == 0
    assert json.loads(run("privacy", "status", "--json")[1])["limited_mode"] is True


def test_verify_passes_on_a_sound_ledger_and_at23_fails_naming_the_tampered_seq(private_dirs):
    run("privacy", "grant", "bt.discover_connect_print")
    run("privacy", "revoke", "bt.discover_connect_print")
    code, out, err = run("privacy", "verify")
    assert code == 0, err
    assert "ok: 3 records" in out
    seg = private_dirs / "data" / "privacy" / "ledger-0001.jsonl"
    lines = seg.read_bytes().splitlines()
    lines[1] = lines[1].replace(b'"granted"', b'"denied"')
    seg.write_bytes(b"\n".join(lines) + b"\n")
    code, out, err = run("privacy", "verify", "--json")
    assert code == 1 and "seq 1" in err
    doc = json.loads(out)
    assert doc["first_bad_seq"] == 1 and doc["segments"][0]["ok"] is False and doc["segments"][1]["ok"] is True
    status = json.loads(run("privacy", "status", "--json")[1])
    assert status["integrity_banner"] and "tamper-evident" in status["integrity_banner"]


def test_export_writes_a_dated_zip_into_the_folder(private_dirs, tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, out, err = run("privacy", "export", str(out_dir))
    assert code == 0, err
    path = out.splitlines()[0]
    assert path.startswith(str(out_dir)) and zipfile.is_zipfile(path)
    code, _out, err = run("privacy", "export", str(tmp_path / "missing"))
    assert code == 1 and "does not exist" in err


def test_erase_needs_confirmation_then_leaves_only_the_new_ledger(private_dirs):
    run("privacy", "grant", "bt.discover_connect_print")
    code, _out, err = run("privacy", "erase")
    assert code == 1 and "--yes" in err
    code, out, err = run("privacy", "erase", "--yes")
    assert code == 0, err
    assert "places you chose" in out and "Left to you" in out
    names = {p.name for p in all_files(private_dirs)}
    assert names <= {"ledger-0001.jsonl", "ledger.head", "ledger.lock", "phocol-desktop.log"}
    assert [r["type"] for r in ledger_lines(private_dirs)] == ["ledger_genesis", "data_erasure"]


@pytest.mark.parametrize("category", ["recent_files", "crash_logs,cache"])
def test_erase_a_category(private_dirs, category):
    code, out, err = run("privacy", "erase", "--category", category, "--yes", "--json")
    assert code == 0, err
    assert json.loads(out)["categories"] == category.split(",")
