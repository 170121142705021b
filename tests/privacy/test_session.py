"""Whole-session checks: several processes, the modules a session loads, what the dashboard shows."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest

from phocol_desktop.privacy.gate import BLUETOOTH, CRASH_LOGS, PurposeDenied
from phocol_desktop.storage.secrets import ITEM, SERVICE
from tests.privacy.test_service import PRINTER, populate

_SESSION = r"""
import io, json, os, socket, sys, tempfile
inet = []
sys.addaudithook(lambda ev, args: inet.append(ev) if (ev == "socket.__new__" and len(args) > 1 and args[1] in
                 (socket.AF_INET, socket.AF_INET6)) or ev in ("socket.getaddrinfo", "socket.gethostname") else None)
from phocol_desktop.cli import main
d = tempfile.mkdtemp()
os.mkdir(os.path.join(d, "out"))
run = lambda *a: main(["--data-dir", os.path.join(d, "app"), "privacy", *a], stdout=io.StringIO(), stderr=io.StringIO())
codes = [run("status", "--json"), run("notice", "--answer", "agreed"), run("grant", "bt.discover_connect_print"),
         run("revoke", "bt.discover_connect_print"), run("export", os.path.join(d, "out")), run("verify"),
         run("erase", "--yes")]
banned = ("PySide6.QtNetwork", "PySide6.QtWebEngine", "requests", "httpx", "urllib3")
print(json.dumps({"codes": codes, "inet": inet, "loaded": sorted(m for m in sys.modules if m.startswith(banned))}))
"""


def test_at01_at02_a_privacy_session_opens_no_inet_socket_and_loads_no_network_module():
    """AT-01/02 in a fresh interpreter (the test process has other tests' imports): a whole CLI session
    (status, notice, grant, revoke, export, verify, erase) opens no INET socket, resolves no name and loads
    none of the modules AT-02 lists. (keyring's dependency jaraco.context imports the stdlib urllib.request
    module; it opens nothing, and the audit hook here is the enforcing check.)"""
    out = subprocess.run([sys.executable, "-c", _SESSION], capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}).stdout
    doc = json.loads(out.splitlines()[-1])
    assert doc["codes"] == [0] * 7
    assert doc["inet"] == [] and doc["loaded"] == []


def test_at18_a_revoke_from_the_cli_stops_the_running_gui_at_once(open_service):
    gui = open_service(surface="gui")
    gui.grant(BLUETOOTH)
    gui.gate.require(BLUETOOTH, feature="bt_scan")
    cli = open_service(surface="cli")
    cli.revoke(BLUETOOTH)
    with pytest.raises(PurposeDenied):
        gui.gate.require(BLUETOOTH, feature="bt_scan")  # the GUI sees the other process's record
    gui.grant(CRASH_LOGS)  # and keeps appending to the same, intact chain
    assert open_service().verify().ok


def test_at34_the_activity_list_names_the_feature_behind_each_use_and_can_be_cleared(service):
    service.grant(BLUETOOTH)
    service.gate.require(BLUETOOTH, feature="bt_scan")
    service.gate.require(BLUETOOTH, feature="bt_connect")
    events = service.activity()
    assert [(e["purpose_id"], e["feature"]) for e in events] == [(BLUETOOTH, "bt_scan"), (BLUETOOTH, "bt_connect")]
    assert service.purpose(BLUETOOTH).last_used is not None
    assert service.clear_activity() == 2 and service.activity() == []


def test_at12_forgetting_the_printer_removes_it_from_storage_and_from_the_export(service, tmp_path):
    populate(service, tmp_path)
    service.erase(["printers"])
    assert service.data.printers.count() == 0
    [path] = service.export(tmp_path)
    z = zipfile.ZipFile(path)
    assert json.loads(z.read("data/printers.json")) == []
    assert PRINTER.encode() not in b"".join(z.read(n) for n in z.namelist() if n.startswith("data/"))


def test_at37_no_web_storage_and_no_age_or_birthdate_field_anywhere(service, private_dirs, tmp_path):
    populate(service, tmp_path)
    names = {p.name.lower() for p in private_dirs.rglob("*")}
    assert not {n for n in names if any(w in n for w in ("webengine", "cookies", "local storage", "indexeddb"))}
    fields = json.dumps([c.__dict__ for c in service.data_categories()]) + json.dumps(
        service.data.settings().to_json()) + service.catalog.raw.decode()
    assert "birth" not in fields.lower() and '"age"' not in fields.lower()


def test_at39_the_integrity_banner_says_what_happened_the_impact_the_measures_and_what_to_do(open_service):
    svc = open_service()
    svc.grant(BLUETOOTH)
    seg = svc.store.segment_path()
    seg.write_bytes(seg.read_bytes().replace(b'"granted"', b'"grantee"'))
    svc = open_service()
    banner = svc.integrity_banner()
    assert banner and "record 1" in banner
    for words in ("Possible impact", "What we did", "What you can do", "nothing left this computer",
                  "tamper-evident, not tamper-proof"):
        assert words in banner
    svc.grant(BLUETOOTH)  # deciding again clears it
    assert svc.integrity_banner() is None


def test_a_changed_keyring_key_leaves_status_and_erase_working(service, memory_keyring, tmp_path):
    populate(service, tmp_path)
    memory_keyring.items[(SERVICE, ITEM)] = "A" * 43 + "="  # another key: old files cannot be decrypted
    service.secrets._key = None
    counts = {c.id: c.count for c in service.data_categories()}
    assert counts["printers"] == -1 and counts["print_history"] == -1
    (tmp_path / "x").mkdir()
    [path] = service.export(tmp_path / "x")
    assert "unreadable" in json.loads(zipfile.ZipFile(path).read("data/printers.json"))
    report = service.erase(["printers", "print_history", "recent_files", "crash_logs"])
    assert report.errors == () and service.data.printers.count() == 0
