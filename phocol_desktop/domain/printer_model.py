"""Printer model profiles: everything model-specific, loaded from data (assets/printer_models.json).

Adding or correcting a model is a data change (plus a golden test), never a new ``if model ==`` branch.
The loader validates every field and names the entry and field of any problem, so a broken override
file says exactly what to fix.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from phocol_desktop.domain.errors import ModelTableError, PhocolError, UnknownModel
from phocol_desktop.domain.safe_input import loads_json, read_input

log = logging.getLogger(__name__)

TABLE_SCHEMA = "phocol.printer_models/1"
# Physical bounds of paper (assets/printers.d.schema.json says the same for override files).
MIN_MEDIA_MM = 5
MAX_WIDTH_MM = 250
MAX_LENGTH_MM = 1000
MAX_OVERRIDE_BYTES = 1024 * 1024
SERIAL_NAME = re.compile(r"^Q[0-9]{3}[0-9A-Z]*$")

ALIGNMENTS = ("left", "center", "right")
WRITE_MODES = ("auto", "without_response", "with_response")
FLOW_CONTROLS = ("none", "credit", "pause_resume")
COVER_POLARITIES = ("98_open", "98_closed", "unknown")
MEDIA_KINDS = ("gap", "continuous", "mark", "card")
COMPLETIONS = ("frame", "drain")
PATTERN_KINDS = ("exact", "prefix", "regex")
COPIES_MODES = ("command", "repeat")


BASE_UUID_TAIL = "-0000-1000-8000-00805f9b34fb"  # the Bluetooth base UUID after its 16-bit part


def _short_uuid(value: str) -> str:
    """Expand a 16-bit UUID ("ff02") to the 128-bit Bluetooth base form; keep full UUIDs as given."""
    v = value.strip().lower()
    if re.fullmatch(r"[0-9a-f]{4}", v):
        return f"0000{v}{BASE_UUID_TAIL}"
    if re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", v):
        return v
    raise ValueError(f"not a Bluetooth UUID: {value!r}")


@dataclass(frozen=True)
class NamePattern:
    kind: str
    value: str
    source: str

    def matches(self, name: str) -> bool:
        if self.kind == "exact":
            return name == self.value
        if self.kind == "prefix":
            return name.startswith(self.value)
        return re.fullmatch(self.value, name) is not None

    @property
    def strength(self) -> int:
        """Longest match wins (PROTOCOL.md §1); an exact match beats any prefix of the same length."""
        return len(self.value) * 2 + (1 if self.kind == "exact" else 0)


@dataclass(frozen=True)
class GattPlan:
    """Characteristics to resolve, most specific first (PROTOCOL.md §2)."""

    service: str
    write: str
    notify: str
    fallbacks: tuple[tuple[str, str, str], ...] = ()

    def candidates(self) -> tuple[tuple[str, str, str], ...]:
        return ((self.service, self.write, self.notify), *self.fallbacks)


@dataclass(frozen=True)
class LevelSetting:
    """A numeric setting sent as ``cmd + level`` (density, speed, heat)."""

    cmd: bytes
    min: int
    max: int
    default: int

    def clamp(self, level: int | None) -> int:
        if level is None:
            return self.default
        return max(self.min, min(self.max, int(level)))


@dataclass(frozen=True)
class MediaPreset:
    id: str
    kind: str
    width_mm: float
    length_mm: float | None  # None: continuous roll


@dataclass(frozen=True)
class Pacing:
    """How fast the host may send (PROTOCOL.md §10). ``None`` means not measured yet."""

    chunk: int
    gap_ms: int
    setting_gap_ms: int
    feed_gap_ms: int
    init_settle_ms: int
    buffer_bytes: int | None
    lines_per_s: float | None

    @property
    def measured(self) -> bool:
        return self.buffer_bytes is not None and self.lines_per_s is not None


@dataclass(frozen=True)
class JobStep:
    """One entry of a family job template; ``step`` comes from the protocol's allowlist of encoders."""

    step: str
    args: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PrinterModel:
    id: str
    display_name: str
    family: str
    name_patterns: tuple[NamePattern, ...]
    gatt: GattPlan
    write_mode: str
    dpi: int
    head_dots: int
    align: str
    rotate: int
    max_rows_per_block: int
    single_block: bool
    compression: str
    density: LevelSetting
    speed: LevelSetting | None
    heat: LevelSetting | None
    media_kinds: tuple[str, ...]
    media_default: str
    media_presets: tuple[MediaPreset, ...]
    job_template: tuple[JobStep, ...]
    copies_mode: str
    completion: str
    drain_timeout_s: float
    pacing: Pacing
    flow_control: str
    queries: tuple[int, ...]
    cover_polarity: str
    notify_0d_length: int
    unverified: bool
    confidence: Mapping[str, str]
    sources: tuple[str, ...]
    user_added: bool = False  # added by the user with "add this printer" (a printers.d file), not shipped

    @property
    def bytes_per_line(self) -> int:
        return self.head_dots // 8

    @property
    def dots_per_mm(self) -> float:
        return self.dpi / 25.4

    def mm_to_dots(self, mm: float) -> int:
        return round(mm * self.dots_per_mm)

    def preset(self, preset_id: str) -> MediaPreset:
        for p in self.media_presets:
            if p.id == preset_id:
                return p
        raise UnknownModel(
            f"{self.display_name} has no paper size {preset_id!r}.",
            "Choose one of: " + ", ".join(p.id for p in self.media_presets),
        )


@dataclass(frozen=True)
class ModelTable:
    models: tuple[PrinterModel, ...]
    serial_prefixes: Mapping[str, str]
    default_model_id: str
    sha256: str
    warnings: tuple[str, ...] = ()  # override files that were skipped, and why

    def get(self, model_id: str) -> PrinterModel:
        for m in self.models:
            if m.id == model_id:
                return m
        raise UnknownModel(f"Unknown printer model {model_id!r}.")

    @property
    def default(self) -> PrinterModel:
        return self.get(self.default_model_id)

    def common_queries(self) -> tuple[int, ...]:
        """The status queries every model accepts: all that may be asked of a printer no model matched."""
        common = set(self.models[0].queries)
        for model in self.models[1:]:
            common &= set(model.queries)
        return tuple(q for q in self.models[0].queries if q in common)

    def characteristic_uuids(self) -> tuple[frozenset[str], frozenset[str]]:
        """Every write and every notify characteristic any model's GATT plan names (128-bit, lower case)."""
        plans = [(m.gatt.service, m.gatt.write, m.gatt.notify) for m in self.models]
        plans += [fallback for m in self.models for fallback in m.gatt.fallbacks]
        return frozenset(w for _, w, _ in plans), frozenset(n for _, _, n in plans)

    def lookup(self, text: str) -> PrinterModel:
        """The model a person means: its id, display name or an advertised name (``M110``, ``Q155E1``),
        case-insensitive. Raises ``UnknownModel`` naming what was given."""
        wanted = text.strip().casefold()
        for m in self.models:
            if wanted in (m.id.casefold(), m.display_name.casefold()):
                return m
        for m in self.models:
            if any(p.kind != "regex" and p.value.casefold() == wanted for p in m.name_patterns):
                return m
        found = self.match_name(text.strip()) or self.match_name(text.strip().upper())
        if found is None:
            raise UnknownModel(f"Unknown printer model {text!r}.",
                               "Give a model id, name or advertised name that `phocol-desktop models` lists.")
        return found

    def match_name(self, name: str | None) -> PrinterModel | None:
        """Detect a model from an advertised name: longest pattern, then the serial-prefix rule."""
        if not name:
            return None
        best: tuple[int, PrinterModel] | None = None
        for m in self.models:
            for p in m.name_patterns:
                if p.matches(name) and (best is None or p.strength > best[0]):
                    best = (p.strength, m)
        if best is not None:
            return best[1]
        if SERIAL_NAME.match(name):
            model_id = self.serial_prefixes.get(name[:4])
            if model_id is not None:
                return self.get(model_id)
        return None


# ---------------------------------------------------------------------------------------------- loading


class _Entry:
    """Typed access to one JSON object, naming the entry and field in every error."""

    def __init__(self, where: str, data: Mapping[str, Any]) -> None:
        if not isinstance(data, Mapping):
            raise ModelTableError(f"{where}: expected an object, got {type(data).__name__}.")
        self.where = where
        self.data = data

    def fail(self, key: str, problem: str) -> ModelTableError:
        return ModelTableError(f"Printer model table: {self.where}, field {key!r}: {problem}.")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        if key not in self.data:
            if default is ...:
                raise self.fail(key, "missing")
            return default
        value = self.data[key]
        if value is None and default is None:
            return None
        if isinstance(value, bool) and kind in (int, float, (int, float)):
            raise self.fail(key, f"expected a number, got {value!r}")
        if not isinstance(value, kind):
            names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            raise self.fail(key, f"expected {names}, got {value!r}")
        return value

    def int_in(self, key: str, lo: int, hi: int, default: Any = ...) -> Any:
        value = self.get(key, int, default)
        if value is not None and value is not default and not lo <= value <= hi:
            raise self.fail(key, f"{value} is outside {lo}..{hi}")
        return value

    def number_in(self, key: str, lo: float, hi: float, default: Any = ...) -> Any:
        """A finite number in ``lo..hi`` (physically plausible: no 100 m labels, no zero-width paper)."""
        value = self.get(key, (int, float), default)
        if value is not None and value is not default and not (math.isfinite(value) and lo <= value <= hi):
            raise self.fail(key, f"{value} is outside {lo:g}..{hi:g}")
        return value

    def choice(self, key: str, options: Iterable[str], default: Any = ...) -> str:
        value = self.get(key, str, default)
        options = tuple(options)
        if not isinstance(value, str) or value not in options:
            raise self.fail(key, f"{value!r} is not one of {', '.join(options)}")
        return value

    def hex_bytes(self, key: str, value: Any) -> bytes:
        try:
            return bytes.fromhex(value)
        except (TypeError, ValueError):
            raise self.fail(key, f"{value!r} is not hex bytes") from None


def _level(entry: _Entry, key: str, required: bool) -> LevelSetting | None:
    raw = entry.get(key, Mapping, ... if required else None)
    if raw is None:
        return None
    sub = _Entry(f"{entry.where}.{key}", raw)
    setting = LevelSetting(
        cmd=sub.hex_bytes("cmd", sub.get("cmd", str)),
        min=sub.int_in("min", 0, 255),
        max=sub.int_in("max", 0, 255),
        default=sub.int_in("default", 0, 255),
    )
    if not setting.min <= setting.default <= setting.max:
        raise sub.fail("default", f"{setting.default} is outside {setting.min}..{setting.max}")
    return setting


def _rotation(entry: _Entry) -> int:
    value = entry.get("rotate", int, 0)
    if value not in (0, 90):
        raise entry.fail("rotate", f"{value} is not 0 or 90")
    return value


def _model(raw: Mapping[str, Any], families: Mapping[str, Any], index: int) -> PrinterModel:
    head = _Entry(f"model #{index}", raw)
    model_id = head.get("id", str)
    e = _Entry(f"model {model_id!r}", raw)
    family_id = e.get("family", str)
    if family_id not in families:
        raise e.fail("family", f"{family_id!r} is not a family defined in the table")
    fam = _Entry(f"family {family_id!r}", families[family_id])

    patterns = []
    for i, p in enumerate(e.get("name_patterns", list)):
        pe = _Entry(f"model {model_id!r}.name_patterns[{i}]", p)
        kind = pe.choice("kind", PATTERN_KINDS)
        value = pe.get("value", str)
        if kind == "regex":
            try:
                re.compile(value)
            except re.error as exc:
                raise pe.fail("value", f"bad regex: {exc}") from None
        patterns.append(NamePattern(kind, value, pe.get("source", str)))

    g = _Entry(f"model {model_id!r}.gatt", e.get("gatt", Mapping, None) or fam.get("gatt", Mapping))
    try:
        fallbacks = tuple(
            (_short_uuid(s), _short_uuid(w), _short_uuid(n)) for s, w, n in g.get("fallbacks", list, [])
        )
        gatt = GattPlan(
            _short_uuid(g.get("service", str)), _short_uuid(g.get("write", str)),
            _short_uuid(g.get("notify", str)), fallbacks,
        )
    except (ValueError, TypeError) as exc:
        raise g.fail("uuids", str(exc)) from None

    head_dots = e.int_in("head_dots", 8, 4096)
    if head_dots % 8:
        raise e.fail("head_dots", f"{head_dots} is not a multiple of 8")

    media = _Entry(f"model {model_id!r}.media", e.get("media", Mapping))
    kinds = tuple(media.get("kinds", list))
    for k in kinds:
        if k not in MEDIA_KINDS:
            raise media.fail("kinds", f"{k!r} is not one of {', '.join(MEDIA_KINDS)}")
    presets = []
    for i, p in enumerate(media.get("presets", list)):
        pe = _Entry(f"model {model_id!r}.media.presets[{i}]", p)
        length = pe.number_in("length_mm", MIN_MEDIA_MM, MAX_LENGTH_MM, None)
        presets.append(MediaPreset(pe.get("id", str), pe.choice("kind", kinds),
                                   float(pe.number_in("width_mm", MIN_MEDIA_MM, MAX_WIDTH_MM)),
                                   None if length is None else float(length)))
    if not presets:
        raise media.fail("presets", "at least one paper size is needed")

    template_raw = e.get("job_template", list, None) or fam.get("job_template", list)
    template = []
    for i, s in enumerate(template_raw):
        if isinstance(s, str):
            template.append(JobStep(s))
        else:
            se = _Entry(f"family {family_id!r}.job_template[{i}]", s)
            template.append(JobStep(se.get("step", str), {k: v for k, v in s.items() if k != "step"}))

    pacing_raw = {**fam.get("pacing", Mapping, {}), **e.get("pacing", Mapping, {})}
    pe = _Entry(f"model {model_id!r}.pacing", pacing_raw)
    lines_per_s = pe.number_in("lines_per_s", 0.1, 10_000, None)
    pacing = Pacing(
        chunk=pe.int_in("chunk", 20, 512), gap_ms=pe.int_in("gap_ms", 0, 1000),
        setting_gap_ms=pe.int_in("setting_gap_ms", 0, 2000), feed_gap_ms=pe.int_in("feed_gap_ms", 0, 5000),
        init_settle_ms=pe.int_in("init_settle_ms", 0, 2000),
        buffer_bytes=pe.int_in("buffer_bytes", 64, 1 << 24, None),
        lines_per_s=None if lines_per_s is None else float(lines_per_s),
    )

    queries = []
    for q in e.get("queries", list):
        try:
            code = int(q, 16)
        except (TypeError, ValueError):
            raise e.fail("queries", f"{q!r} is not a hex byte") from None
        queries.append(code)

    def pick(key: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        """Model field, falling back to the family's value."""
        if key in raw:
            return e.get(key, kind)
        return fam.get(key, kind, default)

    confidence = e.get("confidence", Mapping, {})
    return PrinterModel(
        id=model_id,
        display_name=e.get("display_name", str),
        family=family_id,
        name_patterns=tuple(patterns),
        gatt=gatt,
        write_mode=e.choice("write_mode", WRITE_MODES, "auto"),
        dpi=e.int_in("dpi", 100, 600),
        head_dots=head_dots,
        align=e.choice("align", ALIGNMENTS, "center"),
        rotate=_rotation(e),
        max_rows_per_block=int(pick("max_rows_per_block", int)),
        single_block=bool(pick("single_block", bool, False)),
        compression=e.choice("compression", ("none",), "none"),
        density=_level(e, "density", required=True),  # type: ignore[arg-type]
        speed=_level(e, "speed", required=False),
        heat=_level(e, "heat", required=False),
        media_kinds=kinds,
        media_default=media.choice("default", kinds),
        media_presets=tuple(presets),
        job_template=tuple(template),
        copies_mode=fam.choice("copies_mode", COPIES_MODES),
        completion=fam.choice("completion", COMPLETIONS),
        drain_timeout_s=float(e.number_in("drain_timeout_s", 0.1, 120) if "drain_timeout_s" in raw
                              else fam.number_in("drain_timeout_s", 0.1, 120, 8)),
        pacing=pacing,
        flow_control=fam.choice("flow_control", FLOW_CONTROLS, "none"),
        queries=tuple(queries),
        cover_polarity=e.choice("cover_polarity", COVER_POLARITIES),
        notify_0d_length=e.int_in("notify_0d_length", 0, 32, 0),
        unverified=any(v == "asm" for v in confidence.values()),
        confidence=dict(confidence),
        sources=tuple(e.get("sources", list)),
        user_added=bool(e.get("user_added", bool, False)),
    )


def _merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Field-by-field merge: a later override file wins for each field it names (PROTOCOL.md §1)."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def parse_model_table(doc: Mapping[str, Any], sha256: str = "") -> ModelTable:
    top = _Entry("table", doc)
    if top.get("schema", str) != TABLE_SCHEMA:
        raise top.fail("schema", f"expected {TABLE_SCHEMA!r}")
    families = top.get("families", Mapping)
    models = tuple(_model(m, families, i) for i, m in enumerate(top.get("models", list)))
    ids = [m.id for m in models]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise top.fail("models", f"duplicate model id(s) {', '.join(dupes)}")
    serial = dict(top.get("serial_prefixes", Mapping))
    for prefix, model_id in serial.items():
        if not re.fullmatch(r"Q[0-9]{3}", prefix):
            raise top.fail("serial_prefixes", f"{prefix!r} is not a Q + 3 digits prefix")
        if model_id not in ids:
            raise top.fail("serial_prefixes", f"{prefix!r} points at unknown model {model_id!r}")
    default_id = top.get("default_model", str)
    if default_id not in ids:
        raise top.fail("default_model", f"{default_id!r} is not a model in the table")
    return ModelTable(models, serial, default_id, sha256)


def load_model_table(override_dir: Path | None = None) -> ModelTable:
    """Load the bundled table, then apply ``override_dir/*.json`` in name order, field by field.

    An override file holds ``{"models": [{"id": ..., <fields to change>}]}``; a new id adds a model. A file
    that cannot be read, is not valid JSON or would make the table invalid is skipped as a whole: the table
    keeps working without it and ``ModelTable.warnings`` names the file, the model and the field (one line
    each, also logged). assets/printers.d.schema.json documents the format for users.
    """
    raw = resources.files("phocol_desktop.assets").joinpath("printer_models.json").read_bytes()
    digest = hashlib.sha256(raw)
    doc = json.loads(raw)
    table = parse_model_table(doc, digest.hexdigest())
    warnings: list[str] = []
    if override_dir is not None and override_dir.is_dir():
        for path in sorted(override_dir.glob("*.json")):
            try:
                data = read_input(path, max_bytes=MAX_OVERRIDE_BYTES, what="printer override")
                override = loads_json(data, what="printer override", name=path.name)
                candidate = _apply_override(doc, override, path.name)
                trial = digest.copy()
                trial.update(data)
                table = parse_model_table(candidate, trial.hexdigest())
            except PhocolError as exc:
                reason = exc.reason if exc.reason.startswith("Printer override") else \
                    f"Printer override {path.name}: {exc.reason.removeprefix('Printer model table: ').rstrip('.')}"
                warnings.append(f"{reason.rstrip('.')}; the file was skipped.")
                log.warning("%s", warnings[-1])
                continue
            doc, digest = candidate, trial
    return dataclasses.replace(table, warnings=tuple(warnings))


def _apply_override(doc: Mapping[str, Any], override: Any, name: str) -> dict[str, Any]:
    if not isinstance(override, Mapping) or not isinstance(override.get("models"), list):
        raise ModelTableError(f"Printer override {name}: expected an object with a 'models' list.")
    by_id = {m["id"]: m for m in doc["models"]}
    for i, m in enumerate(override["models"]):
        if not isinstance(m, Mapping) or not isinstance(m.get("id"), str):
            raise ModelTableError(f"Printer override {name}: models[{i}] needs a text 'id'.")
        by_id[m["id"]] = _merge(by_id.get(m["id"], {}), m)
    return {**doc, "models": list(by_id.values())}
