"""JSON Schemas shipped in every export (``schema/``) and a small validator for the subset they use.

The validator covers exactly the keywords below (type, const, enum, required, properties,
additionalProperties=false, items, pattern, minimum, allOf, if/then), so the export's schemas stay readable
by any JSON Schema 2020-12 tool while the app needs no extra dependency to check its own records (AT-19).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from phocol_desktop.privacy.ledger import RECORD_TYPES, SCHEMA

HEX64 = r"^[0-9a-f]{64}$"
UUID4 = r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
TS = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"

_PAYLOAD_REQUIRED: dict[str, list[str]] = {
    "ledger_genesis": ["segment", "reason"],
    "notice_presented": ["surface", "text"],
    "notice_ack": ["surface", "text", "policy", "catalog", "decision", "scroll_reached_end"],
    "consent_decision": ["purpose_id", "purpose_version", "legal_basis", "scope", "decision", "granularity",
                         "expires_at", "surface", "text"],
    "permission_request": ["purpose_id", "gate"],
    "permission_result": ["purpose_id", "purpose_version", "gate", "status_before", "status_after", "decision",
                          "granularity", "surface"],
    "permission_observed": ["purpose_id", "os_status"],
    "withdrawal": ["purpose_id", "surface", "clicks", "effects"],
    "expiry": ["purpose_id", "reason"],
    "auto_reset": ["purpose_id", "reason"],
    "rights_request": ["right", "channel"],
    "data_export": ["manifest_sha256", "record_count", "chain_head"],
    "data_erasure": ["categories", "counts", "errors", "os_permissions_left"],
    "retention_purge": ["category", "deleted_count", "oldest_ts_kept"],
    "integrity_event": ["check", "result", "action"],
    "segment_sealed": ["segment", "final_hash", "count"],
    "segment_purged": ["segment", "final_hash", "count"],
    "setting_change": ["setting", "value", "previous", "surface"],
}

_STR = {"type": "string"}

LEDGER_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://phocol-desktop.invalid/schema/ledger.schema.json",  # an identifier, never fetched
    "title": "Phocol Desktop consent and permission ledger record (phocol.ledger/1)",
    "type": "object",
    "required": ["schema", "seq", "id", "ts", "mono", "tz", "type", "app", "subject_ref", "controller_ref",
                 "policy", "jurisdiction", "language", "payload", "prev_hash", "hash"],
    "additionalProperties": False,
    "properties": {
        "schema": {"const": SCHEMA},
        "seq": {"type": "integer", "minimum": 0},
        "id": {"type": "string", "pattern": UUID4},
        "ts": {"type": "string", "pattern": TS},
        "mono": {"type": "integer", "minimum": 0},
        "tz": _STR,
        "type": {"enum": sorted(RECORD_TYPES)},
        "app": {"type": "object", "required": ["version", "build", "platform", "qt"],
                "properties": {k: _STR for k in ("version", "build", "platform", "qt")}},
        "subject_ref": {"type": "string", "pattern": UUID4},
        "controller_ref": {"type": "string", "pattern": HEX64},
        "policy": {"type": "object", "required": ["version_raw", "sha256", "lang"],
                   "properties": {"version_raw": _STR, "sha256": {"type": "string", "pattern": HEX64},
                                  "lang": _STR}},
        "jurisdiction": {"enum": ["CN", "EU", "OTHER", "unspecified"]},
        "language": _STR,
        "payload": {"type": "object"},
        "prev_hash": {"type": "string", "pattern": HEX64},
        "hash": {"type": "string", "pattern": HEX64},
        "mac": {"type": "string", "pattern": HEX64},
        "clock_anomaly": {"const": True},
    },
    "allOf": [
        {"if": {"properties": {"type": {"const": t}}},
         "then": {"properties": {"payload": {"type": "object", "required": req}}}}
        for t, req in sorted(_PAYLOAD_REQUIRED.items())
    ],
}

MANIFEST_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://phocol-desktop.invalid/schema/manifest.schema.json",
    "title": "Phocol Desktop data export manifest (phocol.export/1)",
    "type": "object",
    "required": ["schema", "created_at", "files", "chain_head", "record_count", "segments", "schemas"],
    "properties": {
        "schema": {"const": "phocol.export/1"},
        "created_at": {"type": "string", "pattern": TS},
        "files": {"type": "object"},
        "chain_head": {"type": "string", "pattern": HEX64},
        "record_count": {"type": "integer", "minimum": 0},
        "segments": {"type": "array", "items": _STR},
        "schemas": {"type": "object"},
    },
}

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,), "array": (list,), "string": (str,), "boolean": (bool,), "null": (type(None),),
    "integer": (int,), "number": (int, float),
}


def validate(instance: Any, schema: Mapping[str, Any], path: str = "$") -> list[str]:
    """Errors (``path: message``) for ``instance`` against ``schema``; empty when it is valid."""
    errors: list[str] = []
    t = schema.get("type")
    if t is not None:
        ok = isinstance(instance, _TYPES[t]) and not (t in ("integer", "number") and isinstance(instance, bool))
        if not ok:
            return [f"{path}: expected {t}"]
    if "const" in schema and instance != schema["const"]:
        errors.append(f"{path}: must be {schema['const']!r}")
    if "enum" in schema and instance not in schema["enum"]:
        errors.append(f"{path}: {instance!r} is not one of the allowed values")
    if "pattern" in schema and isinstance(instance, str) and not re.search(schema["pattern"], instance):
        errors.append(f"{path}: does not match {schema['pattern']}")
    if "minimum" in schema and isinstance(instance, int | float) and instance < schema["minimum"]:
        errors.append(f"{path}: below {schema['minimum']}")
    if isinstance(instance, dict):
        for key in schema.get("required", ()):
            if key not in instance:
                errors.append(f"{path}: missing {key!r}")
        props = schema.get("properties", {})
        for key, value in instance.items():
            if key in props:
                errors.extend(validate(value, props[key], f"{path}.{key}"))
            elif schema.get("additionalProperties") is False:
                errors.append(f"{path}: unexpected {key!r}")
    if isinstance(instance, list) and "items" in schema:
        for i, item in enumerate(instance):
            errors.extend(validate(item, schema["items"], f"{path}[{i}]"))
    for sub in schema.get("allOf", ()):
        if "if" in sub:
            if not validate(instance, sub["if"], path):
                errors.extend(validate(instance, sub.get("then", {}), path))
        else:
            errors.extend(validate(instance, sub, path))
    return errors
