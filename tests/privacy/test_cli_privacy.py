"""``phocol-desktop privacy …``: the CLI is a recorded surface like the GUI (exit codes 0 / 1 / 2)."""

from __future__ import annotations

import hashlib
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


# -- issue #16 items 4 and 6: the CLI shows what the GUI shows, in words ---------------------------------------


def test_status_names_purposes_in_words_and_lists_every_policy_sdk_and_component(private_dirs):
    from phocol_desktop.privacy.disclosures import POLICY_SDKS

    code, text, _ = run("privacy", "status")
    assert code == 0
    for words in ("Bluetooth: find, connect to and print", "Camera: take a photo to print", "Location"):
        assert words in text
    assert "bt.discover_connect_print" in text and "[bluetooth ·" in text  # the id and the short name too
    for sdk in POLICY_SDKS:
        assert f"  - {sdk.name} ({sdk.provider}): not included in this desktop build" in text
    doc = json.loads(run("privacy", "status", "--json")[1])
    assert [k["name"] for k in doc["policy_sdks"]] == [k.name for k in POLICY_SDKS]
    assert {p["id"]: p["name"] for p in doc["purposes"]}["camera.capture"] == "Camera: take a photo to print"
    sbom = json.loads(run("privacy", "sbom")[1])
    assert [(c["name"], c["version"]) for c in doc["components"]] == \
        [(c["name"], c["version"]) for c in sbom["components"]]  # the status list is the SBOM
    for c in doc["components"]:
        assert f"  - {c['name']} {c['version']} (" in text


def test_status_speaks_the_terminal_language(private_dirs, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    text = run("privacy", "status")[1]
    assert "蓝牙：查找、连接 Phocol 打印机并打印" in text and "相机" in text and "位置" in text


def test_grant_and_revoke_accept_short_names(private_dirs):
    assert run("privacy", "grant", "bluetooth")[0] == 0
    assert run("privacy", "ask", "camera")[0] == 0
    doc = json.loads(run("privacy", "status", "--json")[1])
    states = {p["id"]: p["state"] for p in doc["purposes"]}
    assert states["bt.discover_connect_print"] == "granted" and states["camera.capture"] == "ask_every_time"
    code, out, _ = run("privacy", "revoke", "Bluetooth")
    assert code == 0 and "not allowed" in out
    code, _out, err = run("privacy", "grant", "location")
    assert code == 1 and "not included in this build" in err


def test_a_cli_grant_records_the_hash_of_the_text_it_printed(private_dirs):
    code, out, _ = run("privacy", "grant", "crash-logs")
    shown = "\n".join(out.splitlines()[:2])  # the purpose's name and why, as printed
    rec = ledger_lines(private_dirs)[-1]
    assert rec["payload"]["text"]["sha256"] == hashlib.sha256(shown.encode()).hexdigest()


def test_privacy_notice_records_the_hash_of_exactly_the_text_it_printed(private_dirs):
    code, out, _ = run("privacy", "notice", "--answer", "agreed")
    assert code == 0
    printed = out.split("\nRecorded: ", 1)[0]
    ack = next(r for r in reversed(ledger_lines(private_dirs)) if r["type"] == "notice_ack")
    assert ack["payload"]["text"]["sha256"] == hashlib.sha256(printed.encode()).hexdigest()
    assert ack["payload"]["decision"] == "agreed" and "within 15 days" in printed
    code, out, _ = run("privacy", "notice", "--full", "--answer", "disagreed")  # a review: shown again, answerable
    printed = out.split("\nRecorded: ", 1)[0]
    assert "Children’s privacy" in printed  # the whole policy this time
    ack = next(r for r in reversed(ledger_lines(private_dirs)) if r["type"] == "notice_ack")
    assert ack["payload"]["text"]["sha256"] == hashlib.sha256(printed.encode()).hexdigest()
    assert json.loads(run("privacy", "status", "--json")[1])["limited_mode"] is True


def test_pause_jurisdiction_and_unencrypted_storage_are_commands_and_records(private_dirs):
    assert run("privacy", "pause", "print_history")[0] == 0
    assert run("privacy", "jurisdiction", "CN")[0] == 0
    assert run("privacy", "store-unencrypted", "on")[0] == 0
    assert run("privacy", "resume", "print_history")[0] == 0
    recs = ledger_lines(private_dirs)
    kinds = [(r["type"], r["payload"].get("setting") or r["payload"].get("right")) for r in recs[-4:]]
    assert kinds == [("rights_request", "restrict"), ("setting_change", "jurisdiction"),
                     ("setting_change", "store_unencrypted_without_keyring"), ("rights_request", "restrict")]
    doc = json.loads(run("privacy", "status", "--json")[1])
    assert doc["jurisdiction"] == "CN" and doc["store_unencrypted_without_keyring"] is True and doc["paused"] == []
    assert run("privacy", "verify")[0] == 0
