"""'Export my data' (GDPR Art 15/20, PIPL Art 45): one zip holding everything this app keeps on the device.

Layout (docs/PRIVACY.md §4, ``export``): ``manifest.json`` (every file's SHA-256, the chain head, record counts),
``ledger.json`` (every record in order) and the segments verbatim, ``state.json``, ``receipts/`` (a
Kantara-shaped JSON and a plain-text receipt per decided purpose), ``data/`` (printers, print history, recent
files, settings, crash logs, the 7-day activity log, the app log), ``processing_records.json`` (the purpose
catalog), ``schema/``, ``VERIFY.md`` and ``README.txt`` (the human-readable overview of all of it).

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
from dataclasses import dataclass
from typing import Any

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
    for name, doc in inp.data.items():
        put_json(f"data/{name}", doc)
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
        "schemas": {"ledger": "schema/ledger.schema.json", "manifest": "schema/manifest.schema.json"},
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


def kantara_receipt(record: Mapping[str, Any], purpose: Any, controller: Mapping[str, str]) -> dict[str, Any]:
    """A Kantara Consent Receipt v1.1-shaped view of the record that set a purpose's current state."""
    p = record.get("payload", {})
    return {
        "version": "KI-CR-v1.1.0",
        "jurisdiction": record.get("jurisdiction"),
        "consentTimestamp": record.get("ts"),
        "collectionMethod": (p.get("surface") or {}).get("ui_id", record.get("type")),
        "consentReceiptID": record.get("id"),
        "publicKey": None,
        "language": record.get("language"),
        "piiPrincipalId": record.get("subject_ref"),
        "piiControllers": [{"piiController": controller.get("name"), "address": controller.get("address"),
                            "email": controller.get("email"), "phone": None, "onBehalf": False}],
        "policyUrl": None,  # the app never opens a URL: the policy is identified by its hash below
        "policy": record.get("policy"),
        "services": [{"service": "Phocol Desktop", "purposes": [{
            "purpose": purpose.title, "purposeCategory": [purpose.id], "consentType": purpose.legal_basis,
            "piiCategory": list(purpose.data_categories), "primaryPurpose": purpose.kind != "consent",
            "termination": purpose.retention.get("text", ""), "thirdPartyDisclosure": False,
            "thirdPartyName": None, "state": p.get("decision", record.get("type")),
            "granularity": p.get("granularity"), "expires_at": p.get("expires_at")}]}],
        "sensitive": bool(purpose.flags.get("sensitive")),
        "spiCat": [],
        "ledger": {"seq": record.get("seq"), "hash": record.get("hash"), "type": record.get("type")},
    }


def receipt_text(receipt: Mapping[str, Any]) -> str:
    svc = receipt["services"][0]["purposes"][0]
    ctl = receipt["piiControllers"][0]
    return "\n".join([
        "Consent receipt / 同意回执 — Phocol Desktop",
        f"Purpose / 目的: {svc['purpose']} ({svc['purposeCategory'][0]})",
        f"Decision / 决定: {svc['state']} ({svc['granularity'] or '-'})",
        f"When (UTC) / 时间: {receipt['consentTimestamp']}",
        f"Legal basis / 法律依据: {svc['consentType']}",
        f"Data / 数据: {', '.join(svc['piiCategory']) or '-'}",
        f"Kept / 保存期限: {svc['termination']}",
        "Shared with / 共享对象: nobody; stored only on this computer / 无；仅存储在本机",
        f"Controller / 处理者: {ctl['piiController']}, {ctl['email']}",
        f"Policy / 隐私政策: {receipt['policy']['version_raw']} sha256 {receipt['policy']['sha256']}",
        f"Receipt id / 回执编号: {receipt['consentReceiptID']}",
        f"Ledger record / 账本记录: seq {receipt['ledger']['seq']}, hash {receipt['ledger']['hash']}",
        "",
    ])
