"""Issue #16 items 10 and 11: the export documents itself (a schema per data file, ISO times, ui.json, usage.json,
quarantine), receipts follow Kantara Consent Receipt v1.1 field by field, and every catalog version the ledger
refers to travels with it."""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile

import jsonschema
import pytest

from phocol_desktop.privacy.catalog import archived_catalogs, bundled_catalog_bytes, load_catalog, parse_catalog
from phocol_desktop.privacy.gate import BLUETOOTH, CAMERA, CRASH_LOGS
from phocol_desktop.privacy.ledger import parse_ts
from phocol_desktop.privacy.timebase import DAY

KANTARA_REQUIRED = ("version", "jurisdiction", "consentTimestamp", "collectionMethod", "consentReceiptID",
                    "piiPrincipalId", "piiControllers", "policyUrl", "services", "sensitive")
PURPOSE_REQUIRED = ("purpose", "purposeCategory", "consentType", "piiCategory", "primaryPurpose", "termination",
                    "thirdPartyDisclosure")
TIME_KEYS = {"ts", "selected_at", "last_used", "last_purge"}


def export(svc, tmp_path) -> zipfile.ZipFile:
    out = tmp_path / f"export-{len(list(tmp_path.glob('export-*')))}.zip"
    svc.export(out)
    return zipfile.ZipFile(out)


def walk(doc, path=""):
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from walk(v, f"{path}.{k}")
            yield path, k, v
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from walk(v, f"{path}[{i}]")


def test_every_data_file_has_a_schema_it_validates_against_and_no_bare_epoch(open_service, app_paths, tmp_path):
    svc = open_service()
    svc.grant(BLUETOOTH)
    svc.remember_printer("AA:BB:CC:DD:EE:01", "P1", "phocol.generic384")
    svc.data.print_history.add(model_id="m", copies=1, width=384, height=240, result="done")
    svc.data.recent_files.add(tmp_path / "a.jpg")
    svc.gate.require(BLUETOOTH, feature="bt_scan")
    app_paths.ensure(app_paths.config)
    (app_paths.config / "ui.json").write_text(json.dumps({"schema": "phocol.ui-state/1", "language": "zh_CN"}))
    quarantine = app_paths.ensure(app_paths.privacy / "quarantine")
    (quarantine / "ledger-0001.torn").write_bytes(b'{"half a record')
    z = export(svc, tmp_path)
    names = z.namelist()
    manifest = json.loads(z.read("manifest.json"))
    data_files = [n for n in names if n.startswith("data/") and n.endswith(".json")]
    assert {"data/ui.json", "data/usage.json"} <= set(data_files)
    assert json.loads(z.read("data/ui.json"))["language"] == "zh_CN"
    assert BLUETOOTH in json.loads(z.read("data/usage.json"))
    assert z.read("quarantine/data/privacy/quarantine/ledger-0001.torn") == b'{"half a record'
    for name in data_files:
        schema_name = manifest["schemas"][name]
        schema = json.loads(z.read(schema_name))
        doc = json.loads(z.read(name))
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)
        for where, key, value in walk(doc):
            assert not isinstance(value, float), f"{name}{where}.{key} is a float"
            if key in TIME_KEYS and value is not None:
                assert isinstance(value, str) and parse_ts(value) > 0, f"{name}{where}.{key}={value!r}"
    for name, sha in manifest["files"].items():
        assert hashlib.sha256(z.read(name)).hexdigest() == sha


def test_receipts_follow_kantara_cr_v11_field_by_field(open_service, tmp_path, fake_clock):
    svc = open_service()
    svc.grant(CRASH_LOGS)
    svc.set_jurisdiction("EU")
    svc.grant(BLUETOOTH)
    z = export(svc, tmp_path)
    crash = json.loads(z.read(f"receipts/{CRASH_LOGS}.json"))
    bt = json.loads(z.read(f"receipts/{BLUETOOTH}.json"))
    for receipt in (crash, bt):
        assert all(k in receipt for k in KANTARA_REQUIRED) and receipt["version"] == "KI-CR-v1.1.0"
        purpose = receipt["services"][0]["purposes"][0]
        assert all(k in purpose for k in PURPOSE_REQUIRED)
        record = next(r for r in svc.store.records if r["id"] == receipt["consentReceiptID"])
        assert receipt["consentTimestamp"] == int(parse_ts(record["ts"]))  # integer seconds since the epoch, UTC
        assert isinstance(receipt["consentTimestamp"], int)
        digest = base64.urlsafe_b64decode(receipt["policyUrl"].removeprefix("ni:///sha-256;") + "=")
        assert hashlib.sha256(z.read(receipt["x-phocol"]["policyFile"])).digest() == digest  # names the text
        controller = receipt["piiControllers"][0]
        assert "support@phocolprinter.com" in controller["contact"] and controller["email"]
        assert "Room 103-029" in controller["address"]["streetAddress"]
        assert controller["address"]["addressCountry"] == "CN"
        assert purpose["consentType"] == "EXPLICIT"  # the user clicked
        assert receipt["language"] == "en"
    assert crash["services"][0]["purposes"][0]["legalBasis"]["basis"] == "consent"
    assert bt["services"][0]["purposes"][0]["legalBasis"]["gdpr"] == "Art 6(1)(b)"
    assert crash["jurisdiction"] == "CN" and crash["x-phocol"]["jurisdictionBasis"].startswith("derived")
    assert bt["jurisdiction"] == "EU" and bt["x-phocol"]["jurisdictionBasis"].startswith("chosen by you")
    text = z.read(f"receipts/{BLUETOOTH}.txt").decode()
    assert "EXPLICIT" in text and "GDPR Art 6(1)(b)" in text and "chosen by you" in text

    svc.grant(CAMERA)
    fake_clock.advance(91 * DAY)  # unused for 90 days: the grant resets by itself
    svc.run_retention()
    camera = json.loads(export(svc, tmp_path).read(f"receipts/{CAMERA}.json"))
    assert camera["x-phocol"]["ledger"]["type"] == "auto_reset"
    assert camera["services"][0]["purposes"][0]["consentType"] == "IMPLICIT"  # nobody clicked


def test_an_old_purpose_version_resolves_from_the_export(open_service, app_paths, tmp_path):
    old = load_catalog()
    raw = json.loads(old.raw)
    raw["version"] += 1
    for p in raw["purposes"]:
        if p["id"] == BLUETOOTH:
            p["version"] += 1
            p["processing"].append("read the printer's battery level")
    new = parse_catalog(json.dumps(raw, indent=1).encode())
    archive = tmp_path / "archive"
    archive.mkdir()
    for c in (old, new):
        (archive / f"{c.sha256}.json").write_bytes(c.raw)
    first = open_service(catalog=old, catalog_archive=archive)
    first.record_notice("agreed")
    first.grant(BLUETOOTH)  # decided under version 1
    first.close()
    again = open_service(catalog=new, catalog_archive=archive)
    again.record_notice("agreed")
    again.grant(BLUETOOTH)  # re-asked and decided under version 2
    z = export(again, tmp_path)
    index = json.loads(z.read("catalogs/index.json"))
    assert index["current"] == new.sha256 and index["unresolved"] == []
    for version, catalog in ((1, old), (2, new)):
        sha = index["resolves"][f"{BLUETOOTH}@{version}"]
        assert sha == catalog.sha256
        archived = parse_catalog(z.read(f"catalogs/{sha}.json"))
        assert archived.get(BLUETOOTH).version == version
    assert {old.sha256, new.sha256} <= set(index["catalogs"])  # both notice answers name their catalog


def test_the_shipped_catalog_is_in_the_shipped_archive():
    """Changing assets/purpose_catalog.json? Copy it to assets/catalog_archive/<its sha256>.json too, so ledgers
    that refer to it still resolve from an export after the next change."""
    sha = hashlib.sha256(bundled_catalog_bytes()).hexdigest()
    archive = archived_catalogs()
    assert sha in archive, f"add assets/catalog_archive/{sha}.json (a copy of assets/purpose_catalog.json)"
    assert len(archive) >= 2


def test_a_renamed_archive_file_is_refused(tmp_path):
    (tmp_path / f"{'0' * 64}.json").write_bytes(bundled_catalog_bytes())
    with pytest.raises(Exception, match="does not hold the catalog"):
        archived_catalogs(tmp_path)
