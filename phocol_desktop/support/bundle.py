"""Support bundles: a zip the user previews, saves where they choose and may attach to an email.

Contents (every text member redacted by ``support.redact``; printers named by pseudonym only)::

    manifest.json          schema, creation time, every member with its size, SHA-256 and description
    versions.json          app, Python, Qt, bleak and OS versions (no host name, no user name)
    printers.json          known printer: pseudonym, model id and name, firmware seen in recent traces
    settings.json          app settings (retention choices etc.; they hold no personal data)
    log/recent.log         the last lines of the app log, redacted
    traces/NN-*.json       recent protocol traces (phocol.trace/1), serial-number answers masked
    traces/NN-*.btsnoop    the same traces for Wireshark
    crash/*.log            crash logs, only if the user included them

A bundle is built in memory first (``BundlePlan``) so what the user previews is byte for byte what is
written.
"""

from __future__ import annotations

import hashlib
import io
import json
import platform
import re
import sys
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from phocol_desktop import __version__
from phocol_desktop.domain.events import FirmwareVersion
from phocol_desktop.domain.printer_model import ModelTable
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP
from phocol_desktop.protocol import status_codec
from phocol_desktop.protocol.quyin import frames, table
from phocol_desktop.storage.crypto import pseudonymise
from phocol_desktop.storage.paths import secure_write
from phocol_desktop.storage.secrets import InstallSecrets
from phocol_desktop.support.btsnoop import export_btsnoop
from phocol_desktop.support.redact import redact_text
from phocol_desktop.support.trace import NOTIFY, Trace, TraceEvent, recorded_model_id

BUNDLE_SCHEMA = "phocol.support-bundle/1"
LOG_LINES = 500
# The serial-number answer (1A 08 + 15 printable ASCII) and the same frame with the serial masked.
_SERIAL_FRAME = re.compile(re.escape(bytes((table.FRAME_START, table.SERIAL)))
                           + rb"[\x20-\x7e]{%d}" % table.PAYLOAD_LENGTHS[table.SERIAL])
_MASKED_SERIAL = frames.serial("*" * table.PAYLOAD_LENGTHS[table.SERIAL])
_FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)  # member times say nothing about the machine's clock or timezone


# What each member is, in words marked for translation: the preview dialog shows them in the UI's language,
# the manifest and the command line in English.
WHAT_VERSIONS = QT_TRANSLATE_NOOP("SupportBundle", "app, Python, Qt, bleak and OS versions")
WHAT_PRINTERS = QT_TRANSLATE_NOOP("SupportBundle", "the known printer's model and firmware (address pseudonymised)")
WHAT_SETTINGS = QT_TRANSLATE_NOOP("SupportBundle", "app settings")
WHAT_LOG = QT_TRANSLATE_NOOP("SupportBundle", "the last {0} lines of the app log, redacted")
WHAT_TRACE = {
    False: QT_TRANSLATE_NOOP("SupportBundle", "protocol trace {0} ({1} events, Phocol JSON)"),
    True: QT_TRANSLATE_NOOP("SupportBundle", "protocol trace {0} ({1} events, Phocol JSON) - includes the printed "
                                             "picture as printer dots"),
}
WHAT_BTSNOOP = {
    False: QT_TRANSLATE_NOOP("SupportBundle", "protocol trace {0} for Wireshark (btsnoop)"),
    True: QT_TRANSLATE_NOOP("SupportBundle", "protocol trace {0} for Wireshark (btsnoop) - includes the printed "
                                             "picture as printer dots"),
}
WHAT_CRASH_LOG = QT_TRANSLATE_NOOP("SupportBundle", "a crash log you chose to include")
WHAT_MANIFEST = QT_TRANSLATE_NOOP("SupportBundle", "the list of files with their SHA-256")


@dataclass(frozen=True)
class BundleEntry:
    name: str
    data: bytes
    what: str  # one of the WHAT_ texts (English, a template)
    what_args: tuple[Any, ...] = ()

    @property
    def description(self) -> str:
        return self.what.format(*self.what_args)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _now_utc() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class BundlePlan:
    entries: list[BundleEntry] = field(default_factory=list)
    created: str = field(default_factory=_now_utc)  # fixed at planning: the preview is what gets written

    def add(self, name: str, data: bytes | str, what: str, *what_args: Any) -> None:
        self.entries.append(BundleEntry(name, data.encode("utf-8") if isinstance(data, str) else data, what,
                                        what_args))

    def preview(self) -> list[tuple[str, int, str]]:
        """(member name, size in bytes, what it is) for every member, manifest included."""
        return [(e.name, len(e.data), e.description) for e in self.with_manifest()]

    def preview_words(self) -> list[tuple[str, int, str, tuple[Any, ...]]]:
        """Like ``preview`` with "what it is" as (WHAT_ template, its arguments), for a view to translate."""
        return [(e.name, len(e.data), e.what, e.what_args) for e in self.with_manifest()]

    def with_manifest(self) -> list[BundleEntry]:
        manifest = {
            "schema": BUNDLE_SCHEMA,
            "created": self.created,
            "app_version": __version__,
            "redaction": "absolute paths -> <path>, photo names -> <photo>.ext, printer addresses -> "
                         "printer-<HMAC pseudonym>, serial-number answers masked",
            "files": [{"name": e.name, "size": len(e.data), "sha256": e.sha256, "description": e.description}
                      for e in self.entries],
        }
        return [*self.entries, BundleEntry("manifest.json", json.dumps(manifest, indent=1).encode(),
                                           WHAT_MANIFEST)]

    def zip_bytes(self) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for e in self.with_manifest():
                info = zipfile.ZipInfo(e.name, _FIXED_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o600 << 16
                zf.writestr(info, e.data)
        return buf.getvalue()

    def write(self, path: Path) -> None:
        secure_write(path, self.zip_bytes())


def _dist_version(*names: str) -> str:
    for name in names:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return "not installed"


def versions() -> dict[str, Any]:
    """Versions only: never the host name (the node field of uname) or anything naming the user."""
    return {
        "app": __version__,
        "python": platform.python_version(),
        "qt_binding": _dist_version("PySide6-Essentials", "PySide6"),
        "bleak": _dist_version("bleak"),
        "pillow": _dist_version("Pillow", "pillow"),
        "os": {"system": platform.system(), "release": platform.release(), "machine": platform.machine(),
               "platform": sys.platform},
    }


def sanitise_trace(trace: Trace, secrets: InstallSecrets | None = None) -> Trace:
    """A copy fit to share: serial-number answers masked, free-text meta and notes redacted."""
    events = []
    for e in trace.events:
        data = _SERIAL_FRAME.sub(_MASKED_SERIAL, e.data) if e.kind == NOTIFY else e.data
        events.append(TraceEvent(e.t, e.kind, data, redact_text(e.note, secrets) if e.note else ""))
    meta = {k: redact_text(v, secrets) if isinstance(v, str) else v for k, v in trace.meta.items()}
    return Trace(events, meta)


def firmware_seen(trace: Trace, table: ModelTable) -> str | None:
    model_id = recorded_model_id(trace.meta)
    model = table.get(model_id) if model_id is not None and any(m.id == model_id for m in table.models) \
        else table.default
    codec = status_codec(model)
    found = None
    for e in trace.notifications():
        try:
            for ev in codec.feed(e.data):
                if isinstance(ev, FirmwareVersion):
                    found = ev.version
        except Exception:  # noqa: BLE001 - a damaged trace must not stop the bundle; firmware stays unknown
            return found
    return found


def recent_log_lines(log_files: Iterable[Path], limit: int = LOG_LINES) -> list[str]:
    """The last ``limit`` lines of the app log; ``log_files`` newest first (rotation order)."""
    lines: list[str] = []
    for path in log_files:
        if len(lines) >= limit:
            break
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines() + lines
        except OSError:
            continue
    return lines[-limit:]


def _has_raster(trace: Trace) -> bool:
    return b"\x1d\x76\x30" in trace.host_bytes()


def _label(index: int, trace: Trace) -> str:
    kind = trace.meta.get("link") or trace.meta.get("transport")
    return f"{index:02d}-{kind if kind in ('ble', 'virtual') else 'session'}"


@dataclass(frozen=True)
class KnownPrinterInfo:
    address: str
    model_id: str


def build_bundle(*, table: ModelTable, traces: Iterable[Trace] = (), log_files: Iterable[Path] = (),
                 settings: Mapping[str, Any] | None = None, known_printer: KnownPrinterInfo | None = None,
                 crash_logs: Mapping[str, str] | None = None,
                 secrets: InstallSecrets | None = None) -> BundlePlan:
    plan = BundlePlan()
    plan.add("versions.json", json.dumps(versions(), indent=1), WHAT_VERSIONS)
    shared = [sanitise_trace(t, secrets) for t in traces]
    printers: list[dict[str, Any]] = []
    if known_printer is not None:
        model = next((m for m in table.models if m.id == known_printer.model_id), None)
        pseudonym = pseudonymise(known_printer.address, secrets)
        firmware = next((f for t in reversed(shared) if t.meta.get("printer") == pseudonym
                         and (f := firmware_seen(t, table))), None)
        printers.append({"printer": pseudonym, "model_id": known_printer.model_id,
                         "model": model.display_name if model else "unknown model",
                         "profile_unverified": bool(model and model.unverified), "firmware": firmware})
    # Firmware answers per trace too: a trace imported from a phone or a file names no printer.
    seen = [{"trace": f"traces/{_label(i, t)}.json", "model_id": recorded_model_id(t.meta), "firmware": fw}
            for i, t in enumerate(shared, 1) if (fw := firmware_seen(t, table))]
    plan.add("printers.json", json.dumps({"known_printers": printers, "firmware_in_traces": seen,
                                          "model_table_sha256": table.sha256}, indent=1),
             WHAT_PRINTERS)
    if settings is not None:
        plan.add("settings.json", redact_text(json.dumps(dict(settings), indent=1, default=str), secrets),
                 WHAT_SETTINGS)
    lines = recent_log_lines(log_files)
    plan.add("log/recent.log", "".join(redact_text(line, secrets) + "\n" for line in lines),
             WHAT_LOG, len(lines))
    for i, trace in enumerate(shared, 1):
        label = _label(i, trace)
        n = len(trace.events)
        # Say it plainly in the preview: a print's trace carries the printed picture, as printer dots.
        pictured = _has_raster(trace)
        plan.add(f"traces/{label}.json", trace.to_json(), WHAT_TRACE[pictured], i, n)
        plan.add(f"traces/{label}.btsnoop", export_btsnoop(trace), WHAT_BTSNOOP[pictured], i)
    for name, text in (crash_logs or {}).items():
        plan.add(f"crash/{Path(name).name}", redact_text(text, secrets), WHAT_CRASH_LOG)
    return plan
