"""'Export my data' (GDPR Art 15/20, PIPL Art 45): one zip holding everything this app keeps on the device.

Layout (docs/PRIVACY.md §4, ``export``): ``manifest.json`` (every file's SHA-256, the chain head, record counts),
``ledger.json`` (every record in order) and the segments verbatim, ``state.json``, ``receipts/`` (a
Kantara CR v1.1 JSON and a plain-text receipt per decided purpose), ``data/`` (printers, print history, recent
files, settings, ui.json, usage.json, crash logs, the 7-day activity log, the app log), ``quarantine/`` (files
set aside as damaged), ``processing_records.json`` (the purpose catalog), ``catalogs/`` (every catalog version
the ledger refers to, so an old ``purpose_version`` resolves), ``policy/`` (the policy text the receipts name),
``sbom.cdx.json``, ``schema/`` (including one schema per ``data/*.json``), ``VERIFY.md`` and ``README.txt``.

No absolute path, user name, host name or MAC of this computer goes in (AT-27/28): recent files are written
home-relative (``~/…``); the only Bluetooth address is the selected printer's.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from phocol_desktop.privacy.export_schemas import data_schema
from phocol_desktop.privacy.schema import LEDGER_SCHEMA, MANIFEST_SCHEMA

EXPORT_SCHEMA = "phocol.export/1"

VERIFY_MD = """# Verifying the consent ledger in this export

The ledger is **tamper-evident, not tamper-proof**: anyone who controls this computer could rebuild a whole
chain, but any edit, removal, reordering or truncation of the records below shows up as a broken chain.
Compare the chain head printed by the script with the head shown in Phocol Desktop (Privacy ▸ Records) or by
`phocol-desktop privacy verify`.

Each line of `ledger-NNNN.jsonl` is one record in canonical JSON (keys sorted, no spaces, UTF-8). For each
record: `hash = SHA-256(prev_hash ‖ canonical(record without "hash" and "mac"))`, where `prev_hash` of the
first record of a segment is 64 zeros and `seq` counts 0, 1, 2… without gaps.

```python
import hashlib, json, sys, zipfile

z = zipfile.ZipFile(sys.argv[1])
for name in sorted(n for n in z.namelist() if n.startswith("ledger-") and n.endswith(".jsonl")):
    prev = "0" * 64
    for seq, line in enumerate(z.read(name).splitlines()):
        rec = json.loads(line)
        body = {k: v for k, v in rec.items() if k not in ("hash", "mac")}
        canon = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        assert rec["seq"] == seq, f"{name}: seq gap at {seq}"
        assert rec["prev_hash"] == prev, f"{name}: chain broken at seq {seq}"
        assert hashlib.sha256(prev.encode() + canon).hexdigest() == rec["hash"], f"{name}: record {seq} edited"
        prev = rec["hash"]
    print(name, "ok, head", prev)
```

`manifest.json` lists the SHA-256 of every other file in the export; `schema/` holds the JSON Schemas of
the ledger records and of the manifest.
"""


@dataclass(frozen=True)
class ExportInput:
    """Everything the exporter writes, gathered by the privacy service (no file access happens here)."""

    created_at: str  # RFC 3339 UTC, ms
    segments: Mapping[str, bytes]  # ledger-NNNN.jsonl -> verbatim bytes
    head: bytes  # ledger.head verbatim
    records: Sequence[Mapping[str, Any]]  # every record of every segment, in order
    chain_head: str
    state: Mapping[str, Any]
    receipts: Mapping[str, Mapping[str, Any]]  # purpose id -> Kantara-shaped receipt
    receipt_texts: Mapping[str, str]
    data: Mapping[str, Any]  # data/<name>.json -> document
    crash_logs: Mapping[str, str]
    cache_files: Mapping[str, bytes]  # relative path under the cache directory -> bytes (thumbnails)
    app_log: str
    catalog_raw: bytes
    readme: str
    quarantine: Mapping[str, bytes] = field(default_factory=dict)  # <root>/<path> -> bytes of set-aside files
    catalogs: Mapping[str, bytes] = field(default_factory=dict)  # sha256 -> every catalog the ledger refers to
    catalog_index: Mapping[str, Any] = field(default_factory=dict)
    policy_text: bytes = b""
    sbom: Mapping[str, Any] = field(default_factory=dict)


def build_zip(inp: ExportInput) -> tuple[bytes, str]:
    """The zip's bytes and the SHA-256 of its manifest."""
    files: dict[str, bytes] = {}

    def put_json(name: str, doc: Any) -> None:
        files[name] = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")

    for name, raw in inp.segments.items():
        files[name] = raw
    files["ledger.head"] = inp.head
    put_json("ledger.json", list(inp.records))
    put_json("state.json", inp.state)
    for pid, receipt in inp.receipts.items():
        put_json(f"receipts/{pid}.json", receipt)
        files[f"receipts/{pid}.txt"] = inp.receipt_texts[pid].encode("utf-8")
    schemas = {"ledger": "schema/ledger.schema.json", "manifest": "schema/manifest.schema.json"}
    for name, doc in inp.data.items():
        put_json(f"data/{name}", doc)
        put_json(f"schema/data/{name}.schema.json", data_schema(name))  # KeyError: a data file needs a schema
        schemas[f"data/{name}"] = f"schema/data/{name}.schema.json"
    for name, raw in inp.quarantine.items():
        files[f"quarantine/{name}"] = raw
    for sha, raw in inp.catalogs.items():
        files[f"catalogs/{sha}.json"] = raw
    if inp.catalogs:
        put_json("catalogs/index.json", inp.catalog_index)
    if inp.policy_text:
        files[POLICY_FILE] = inp.policy_text
    if inp.sbom:
        put_json("sbom.cdx.json", inp.sbom)
    for name, text in inp.crash_logs.items():
        files[f"data/crash_logs/{name}"] = text.encode("utf-8")
    for name, raw in inp.cache_files.items():
        files[f"data/cache/{name}"] = raw
    files["data/app_log.txt"] = inp.app_log.encode("utf-8")
    files["processing_records.json"] = inp.catalog_raw
    put_json("schema/ledger.schema.json", LEDGER_SCHEMA)
    put_json("schema/manifest.schema.json", MANIFEST_SCHEMA)
    files["VERIFY.md"] = VERIFY_MD.encode("utf-8")
    files["README.txt"] = inp.readme.encode("utf-8")
    manifest = {
        "schema": EXPORT_SCHEMA, "created_at": inp.created_at, "chain_head": inp.chain_head,
        "record_count": len(inp.records), "segments": sorted(inp.segments),
        "schemas": schemas,
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    stamp = time.gmtime(_epoch(inp.created_at))[:6]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("manifest.json", manifest_bytes), *sorted(files.items())]:
            info = zipfile.ZipInfo(name, date_time=max(stamp, (1980, 1, 1, 0, 0, 0)))
            info.external_attr = 0o600 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue(), hashlib.sha256(manifest_bytes).hexdigest()


def _epoch(ts: str) -> float:
    from phocol_desktop.privacy.ledger import parse_ts

    return parse_ts(ts)


# Kantara CR v1.1 Appendix purpose categories, per purpose of this build (Core Function unless named here).
PURPOSE_CATEGORY = {"history.recent_files": "Personalized Experience", "history.print_jobs": "Personalized Experience",
                    "diag.crash_local": "Improve Performance", "diag.share_once": "Improve Performance"}
LEGAL_BASIS = {
    "consent": {"basis": "consent", "gdpr": "Art 6(1)(a)", "pipl": "Art 13(1)(1)"},
    "contract": {"basis": "contract: needed for the feature you use", "gdpr": "Art 6(1)(b)", "pipl": "Art 13(1)(2)"},
}
USER_DECISIONS = ("consent_decision", "permission_result", "withdrawal")  # what a person chose: EXPLICIT
CONTROLLER_COUNTRY = "CN"  # the controller's registered address is in Zhuhai (catalog ``controller.address``)
POLICY_FILE = "policy/phocol-privacy-policy.txt"


def ni_uri(sha256_hex: str) -> str:
    """RFC 6920 Named Information URI of the policy text: names exactly the bytes agreed to, opens nothing."""
    import base64

    return "ni:///sha-256;" + base64.urlsafe_b64encode(bytes.fromhex(sha256_hex)).decode().rstrip("=")


def jurisdiction_of(record: Mapping[str, Any]) -> tuple[str, str]:
    """The receipt's jurisdiction and why: the user's own choice when made, else the controller's country."""
    chosen = record.get("jurisdiction")
    if chosen in ("CN", "EU"):
        return str(chosen), f"chosen by you in Privacy settings ({chosen}); never detected from your location"
    return CONTROLLER_COUNTRY, ("derived: you did not choose where you are (" + str(chosen or "unspecified") +
                                "), so the controller's establishment applies (Zhuhai, People's Republic of China)")


def kantara_receipt(record: Mapping[str, Any], purpose: Any, controller: Mapping[str, str]) -> dict[str, Any]:
    """The Kantara Consent Receipt v1.1 of the record that set a purpose's current state, field by field (the
    mapping is documented in docs/PRIVACY.md §7). Fields the specification does not have are under ``x-phocol``."""
    p = record.get("payload", {})
    surface = p.get("surface") or {}
    jurisdiction, why = jurisdiction_of(record)
    policy = record.get("policy") or {}
    method = {"in_context": "in-app prompt when the feature was first used", "settings": "privacy settings",
              "notice": "privacy notice"}.get(str(surface.get("trigger", "")), str(surface.get("trigger") or
                                                                                     record.get("type")))
    kind = {"cli": "command line", "gui": "desktop app"}.get(str(surface.get("kind", "")), "desktop app")
    return {
        "version": "KI-CR-v1.1.0",
        "jurisdiction": jurisdiction,
        "consentTimestamp": int(_epoch(str(record.get("ts")))),  # seconds since 1970-01-01T00:00:00Z (v1.1)
        "collectionMethod": f"{method} ({kind}, {surface.get('ui_id', record.get('type'))})",
        "consentReceiptID": record.get("id"),
        "language": str(record.get("language") or "en").split("_")[0],  # ISO 639-1
        "piiPrincipalId": record.get("subject_ref"),  # a random UUID made on this computer, linked to no person
        "piiControllers": [{
            "piiController": controller.get("name"), "onBehalf": False,
            "contact": f"Personal information inquiries: {controller.get('email')} "
                       f"(subject {controller.get('subject', '')})",
            "address": {"streetAddress": controller.get("address"), "addressLocality": "Zhuhai",
                        "addressCountry": CONTROLLER_COUNTRY},
            "email": controller.get("email"),
            "phone": "",  # the policy gives no telephone number
        }],
        "policyUrl": ni_uri(str(policy.get("sha256", "0" * 64))),
        "services": [{"service": "Phocol Desktop", "purposes": [{
            "purpose": purpose.title,
            "purposeCategory": [PURPOSE_CATEGORY.get(purpose.id, "Core Function")],
            "consentType": "EXPLICIT" if record.get("type") in USER_DECISIONS else "IMPLICIT",
            "legalBasis": LEGAL_BASIS.get(purpose.legal_basis, {"basis": purpose.legal_basis}),
            "piiCategory": list(purpose.data_categories),
            "primaryPurpose": purpose.kind != "consent",
            "termination": purpose.retention.get("text", ""),
            "thirdPartyDisclosure": False,
        }]}],
        "sensitive": bool(purpose.flags.get("sensitive")),
        "spiCat": [],
        "x-phocol": {
            "consentTime": record.get("ts"), "jurisdictionBasis": why, "policyFile": POLICY_FILE,
            "policyVersion": policy.get("version_raw"), "policySha256": policy.get("sha256"),
            "purposeId": purpose.id, "purposeVersion": p.get("purpose_version"),
            "decision": p.get("decision", record.get("type")), "granularity": p.get("granularity"),
            "expiresAt": p.get("expires_at"), "storage": "on this computer only; shared with nobody",
            "ledger": {"seq": record.get("seq"), "hash": record.get("hash"), "type": record.get("type")},
        },
    }


def receipt_text(receipt: Mapping[str, Any]) -> str:
    svc = receipt["services"][0]["purposes"][0]
    ctl = receipt["piiControllers"][0]
    x = receipt["x-phocol"]
    basis = svc["legalBasis"]
    return "\n".join([
        "Consent receipt / 同意回执 — Phocol Desktop (Kantara CR v1.1)",
        f"Purpose / 目的: {svc['purpose']} ({x['purposeId']} v{x['purposeVersion']})",
        f"Decision / 决定: {x['decision']} ({x['granularity'] or '-'}), {svc['consentType']}",
        f"When (UTC) / 时间: {x['consentTime']}",
        f"Legal basis / 法律依据: {basis.get('basis')} (GDPR {basis.get('gdpr', '-')}; PIPL {basis.get('pipl', '-')})",
        f"Jurisdiction / 管辖: {receipt['jurisdiction']} — {x['jurisdictionBasis']}",
        f"Data / 数据: {', '.join(svc['piiCategory']) or '-'}",
        f"Kept / 保存期限: {svc['termination']}",
        "Shared with / 共享对象: nobody; stored only on this computer / 无；仅存储在本机",
        f"Controller / 处理者: {ctl['piiController']}, {ctl['address']['streetAddress']}, {ctl['email']}",
        f"Policy / 隐私政策: {x['policyVersion']} sha256 {x['policySha256']} ({x['policyFile']})",
        f"Receipt id / 回执编号: {receipt['consentReceiptID']}",
        f"Ledger record / 账本记录: seq {x['ledger']['seq']}, hash {x['ledger']['hash']}",
        "",
    ])
