"""`status --printer virtual`: the same status read as over Bluetooth, against the in-process virtual printer."""

from __future__ import annotations

import json

from tests.cli import run


def test_status_of_the_virtual_printer_needs_no_bluetooth_and_reads_every_field(app_paths):
    code, out, err = run("--data-dir", str(app_paths.data.parent), "status", "--printer", "virtual", "--json")
    assert code == 0, err
    status = json.loads(out)
    assert status["model"] == "phocol.generic384"
    assert status["battery"] == 90 and status["firmware"]
    ledger = app_paths.privacy / "ledger-0001.jsonl"
    assert not ledger.exists() or b"bt.discover_connect_print" not in ledger.read_bytes()  # nothing asked


def test_status_of_the_virtual_printer_in_words(app_paths):
    code, out, _err = run("--data-dir", str(app_paths.data.parent), "status", "--printer", "virtual",
                          "--model", "phomemo.m02")
    assert code == 0
    assert "Battery:     90 %" in out and "Link:" in out
