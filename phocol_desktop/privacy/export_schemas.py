"""JSON Schemas (draft 2020-12) of every ``data/*.json`` file in the export, written beside them as
``schema/data/<name>.schema.json`` so the export documents itself. Every time in these files is an RFC 3339
UTC string (ISO 8601, millisecond precision): no bare epochs.

``tests/privacy/test_export_standards.py`` validates a real export against these with ``jsonschema``.
"""

from __future__ import annotations

from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"
TIME = {"type": "string", "format": "date-time",
        "description": "RFC 3339 UTC time with milliseconds, e.g. 2026-11-30T05:48:12.345Z"}
UNREADABLE = {"type": "object", "required": ["unreadable"],
              "description": "The store exists but could not be decrypted (keyring key changed or locked); it can "
                             "still be erased.",
              "properties": {"unreadable": {"type": "string"}}}


def _list_of(item: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "oneOf": [{"type": "array", "items": item}, UNREADABLE]}


def _obj(required: list[str], properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties, **extra}


_RETENTION = {"type": ["integer", "null"], "minimum": 0,
              "description": "days; 0 = not kept, null = until you delete it"}

DATA_SCHEMAS: dict[str, dict[str, Any]] = {
    "printers.json": _list_of(_obj(["address", "name", "model_id", "selected_at", "last_used"], {
        "address": {"type": "string", "description": "the selected printer's Bluetooth address (or macOS UUID)"},
        "name": {"type": "string"}, "model_id": {"type": "string"}, "selected_at": TIME, "last_used": TIME}),
        "The one printer you selected (other devices seen in a scan are never stored)."),
    "print_history.json": _list_of(_obj(["ts"], {
        "ts": TIME, "model_id": {"type": "string"}, "title": {"type": "string"}, "media": {"type": "string"},
        "copies": {"type": "integer"}, "density": {"type": ["integer", "null"]}, "dither": {"type": "string"},
        "width": {"type": "integer", "description": "dots"}, "height": {"type": "integer", "description": "dots"},
        "result": {"type": "string"}, "pages": {"type": "integer"}, "source": {"type": "string"}}),
        "What you printed: when, on which model, with which settings; never the picture or a path."),
    "recent_files.json": _list_of(_obj(["path", "ts"], {
        "path": {"type": "string", "description": "home-relative (~/…): no user name"}, "ts": TIME}),
        "Photos and projects you opened lately."),
    "settings.json": _obj(["schema", "retention_days", "paused", "jurisdiction"], {
        "schema": {"const": "phocol.settings/1"},
        "retention_days": {"type": "object", "additionalProperties": _RETENTION},
        "paused": {"type": "array", "items": {"enum": ["recent_files", "print_history"]}},
        "jurisdiction": {"enum": ["CN", "EU", "OTHER", "unspecified"]},
        "language": {"type": "string"}, "store_unencrypted_without_keyring": {"type": "boolean"},
        "crash_log_max_files": {"type": "integer"}, "last_purge": {"oneOf": [TIME, {"type": "null"}]}},
        description="Your privacy settings (no personal data)."),
    "activity_7d.json": {"type": "array", "description": "Which feature used which permission, last 7 days.",
                         "items": _obj(["ts", "purpose_id", "feature"], {
                             "ts": TIME, "purpose_id": {"type": "string"}, "feature": {"type": "string"},
                             "count": {"type": "integer", "minimum": 1}})},
    "usage.json": {"type": "object", "additionalProperties": TIME,
                   "description": "Last use per purpose id (kept longer than 7 days: the 90-day auto-reset needs it)."},
    "ui.json": {"type": "object", "description": "Window layout and the last edit choices (paper, dithering); "
                "``window_geometry`` is Qt's opaque base64 blob.",
                "properties": {"schema": {"type": "string"}}},
}


def data_schema(name: str) -> dict[str, Any]:
    """The schema document written for ``data/<name>``."""
    return {"$schema": DRAFT, "$id": f"phocol-desktop:export:data/{name}", "title": f"data/{name}",
            **DATA_SCHEMAS[name]}
