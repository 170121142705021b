"""Adding a printer the model table does not know: probe its family, print a width ruler, save a model.

    adder = PrinterAdder(device_service, paths)
    probe = wait(adder.probe())              # Quyin answers? which family? (UnknownFamily when it does not answer)
    wait(adder.print_ruler(probe))           # one bar per candidate head width, each ending in a notch
    path = adder.save(probe, head_dots=384)  # printers.d/user-<name>.json; `models` lists it as user-added

Only queries that every Quyin model in the table accepts are sent while the family is unknown (their
intersection: battery and serial number), each through the danger-list guard: an undocumented or unlisted
``1F 11 xx`` can brick a printer. The family comes from the answers: the serial number's first four
characters through the table's serial prefixes when they are known, else the family the app already uses
for unrecognised printers (the table's default model), and the user is told which rule decided.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from phocol_desktop.domain.clock import SystemClock
from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.domain.events import BatteryLevel, SerialNumber
from phocol_desktop.domain.job import JobOptions
from phocol_desktop.domain.printer_model import ModelTable, PrinterModel
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP
from phocol_desktop.imaging.calibration_prints import RULER_WIDTHS, ruler
from phocol_desktop.protocol import dialect_for, encode_job
from phocol_desktop.services.print_job import PrintJob
from phocol_desktop.storage.paths import AppPaths, secure_write
from phocol_desktop.transport.base import LinkLost, PrinterLink

PROBE_WAIT_S = 1.5


class UnknownFamily(PhocolError):
    advice = QT_TRANSLATE_NOOP("Errors", "Phocol Desktop only prints on printers that answer like Quyin "
                                         "(Phomemo-compatible) printers, so nothing was printed. Please create a "
                                         "support bundle (`phocol-desktop support bundle OUT.zip`, or Help ▸ Create "
                                         "support bundle) and send it to Phocol support, so this printer can be "
                                         "added.")


class AlreadyKnown(PhocolError):
    advice = QT_TRANSLATE_NOOP("Errors", "Nothing needs adding: print on it as it is, or calibrate its speed and "
                                         "darkness.")


@dataclass(frozen=True)
class Probe:
    name: str  # the advertised name (kept in memory; only its first characters are saved)
    family: str
    reference: PrinterModel  # the known model whose family, settings and media the new one copies
    decided_by: str  # "serial_prefix" or "default_family"
    serial_prefix: str | None  # e.g. "Q999" (never the whole serial)
    ruler_model: PrinterModel  # the reference, as wide as the widest ruler bar (what the ruler is sent as)


def safe_probe_queries(table: ModelTable) -> tuple[int, ...]:
    """The status queries every model in the table accepts: all that may be sent to an unknown printer."""
    return table.common_queries()


def name_prefix(name: str) -> str:
    """What is saved to recognise the printer again: its name's first four characters, never a full serial."""
    prefix = name.strip()[:4]
    if len(prefix) < 2:
        raise PhocolError("The printer advertises no usable name, so it could not be recognised later.",
                          "Give it a name in its own app, or choose a model with --model.")
    return prefix


async def probe_family(link: PrinterLink, table: ModelTable, name: str) -> Probe:
    """Ask the safe queries; decide the family from the answers (or raise ``UnknownFamily``)."""
    base = table.default
    queries = safe_probe_queries(table)
    probe_model = dataclasses.replace(base, queries=queries)
    dialect = dialect_for(probe_model)
    decoder = dialect.make_decoder(probe_model)
    events: list[Any] = []
    previous = getattr(link, "_notify", None)

    def on_notification(data: bytes) -> None:
        if previous is not None:
            previous(data)
        try:
            events.extend(decoder.feed(data))
        except PhocolError:
            pass

    link.on_notification(on_notification)
    try:
        for code in queries:
            await link.write(dialect.query(code, probe_model))  # guarded
            await asyncio.sleep(probe_model.pacing.setting_gap_ms / 1000)
        for _ in range(int(PROBE_WAIT_S / 0.05)):
            if any(isinstance(e, SerialNumber) for e in events) and any(isinstance(e, BatteryLevel) for e in events):
                break
            if not link.is_connected:
                raise LinkLost("The printer disconnected while it was being identified.")
            await asyncio.sleep(0.05)
    finally:
        link._notify = previous  # type: ignore[attr-defined]
    if not any(isinstance(e, BatteryLevel | SerialNumber) for e in events):
        raise UnknownFamily("This printer did not answer the status questions every Quyin printer answers.")
    serial = next((e.serial for e in events if isinstance(e, SerialNumber)), None)
    prefix = serial[:4] if serial and re.fullmatch(r"Q[0-9]{3}", serial[:4]) else None
    reference, decided_by = base, "default_family"
    if prefix is not None and prefix in table.serial_prefixes:
        reference, decided_by = table.get(table.serial_prefixes[prefix]), "serial_prefix"
    widest = max(RULER_WIDTHS)
    ruler_model = dataclasses.replace(reference, head_dots=widest, id="user.ruler")
    return Probe(name, reference.family, reference, decided_by, prefix, ruler_model)


async def print_ruler(link: PrinterLink, probe: Probe) -> None:
    """The width ruler, through the normal print path, as the probed family (as wide as the widest bar)."""
    job = encode_job(ruler(), JobOptions(), probe.ruler_model)
    result = await PrintJob(link, probe.ruler_model, job, clock=SystemClock()).run()
    result.raise_for_outcome()


def user_model_entry(probe: Probe, head_dots: int) -> dict[str, Any]:
    """The model table entry for the new printer (the reference model's settings, the measured width)."""
    if head_dots not in RULER_WIDTHS:
        raise PhocolError(f"{head_dots} is not one of the ruler's widths.",
                          "Answer with the number printed beside the widest bar that ends in its notch.")
    ref = probe.reference
    prefix = name_prefix(probe.name)
    slug = re.sub(r"[^a-z0-9]+", "-", prefix.lower()).strip("-") or "printer"

    def level(setting: Any) -> dict[str, Any] | None:
        if setting is None:
            return None
        return {"cmd": setting.cmd.hex().upper(), "min": setting.min, "max": setting.max, "default": setting.default}

    entry: dict[str, Any] = {
        "id": f"user.{slug}", "display_name": f"{prefix} (added by you)", "family": probe.family,
        "user_added": True,
        "name_patterns": [{"kind": "prefix", "value": prefix, "source": "user: add this printer"}],
        "dpi": ref.dpi, "head_dots": head_dots, "align": ref.align, "rotate": ref.rotate,
        "density": level(ref.density),
        "media": {"kinds": list(ref.media_kinds), "default": ref.media_default,
                  "presets": [{"id": p.id, "kind": p.kind, "width_mm": p.width_mm, "length_mm": p.length_mm}
                              for p in ref.media_presets]},
        "queries": [f"{q:02X}" for q in ref.queries], "cover_polarity": "unknown",
        "confidence": {"head_dots": "hw", "family": "inf"},
        "sources": [f"user: ruler print; family from {probe.decided_by.replace('_', ' ')}"
                    + (f" {probe.serial_prefix}" if probe.serial_prefix else "")],
    }
    for name in ("speed", "heat"):
        value = level(getattr(ref, name))
        if value is not None:
            entry[name] = value
    return entry


def save_user_model(paths: AppPaths, entry: dict[str, Any]) -> Path:
    """``printers.d/user-<slug>.json``; the table loads it after the bundled one (a new id adds a model)."""
    from phocol_desktop.domain.printer_model import load_model_table

    paths.ensure(paths.printer_overrides)
    path = paths.printer_overrides / f"{entry['id'].replace('.', '-')}.json"
    data = json.dumps({"models": [entry]}, indent=1).encode("utf-8")
    secure_write(path, data)
    try:
        load_model_table(paths.printer_overrides)  # it must load, or it is taken back
    except PhocolError:
        path.unlink(missing_ok=True)
        raise
    return path


class PrinterAdder:
    """The guided "add this printer" over a connected ``DeviceService`` (every step on its BLE worker)."""

    def __init__(self, devices: Any, paths: AppPaths) -> None:
        self.devices = devices
        self.paths = paths

    def check_unknown(self, name: str) -> None:
        if self.devices.models.match_name(name) is not None:
            model = self.devices.models.match_name(name)
            raise AlreadyKnown(f"{name} is already known as the {model.display_name}.")

    def probe(self, name: str) -> concurrent.futures.Future[Probe]:
        self.check_unknown(name)

        async def job(link: PrinterLink) -> Probe:
            return await probe_family(link, self.devices.models, name)

        return self.devices.run_on_link(job)

    def print_ruler(self, probe: Probe) -> concurrent.futures.Future[None]:
        async def job(link: PrinterLink) -> None:
            await print_ruler(link, probe)

        return self.devices.run_on_link(job)

    def save(self, probe: Probe, head_dots: int) -> tuple[Path, dict[str, Any]]:
        entry = user_model_entry(probe, head_dots)
        return save_user_model(self.paths, entry), entry
