"""The purpose catalog: every permission and processing purpose of the policy, as data (assets/purpose_catalog.json).

Each purpose has a stable id, the policy clauses it comes from (stable ids such as ``pol.s2.info.d``, because
the policy's own numbering jumps), the policy's words, the legal basis, data categories, retention and this
build's status: ``used``, ``adapted`` or ``not_in_build``. A ``not_in_build`` purpose can never be switched on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from phocol_desktop.domain.errors import ConfigError

CATALOG_SCHEMA = "phocol.purpose-catalog/1"
STATUSES = ("used", "adapted", "not_in_build")
KINDS = ("permission", "file_dialog", "setting", "consent", "core", "disabled")
DEFAULT_STATES = ("undetermined", "granted", "ask_every_time", "not_in_build")
DECISIONS = ("allow", "allow_once", "deny", "ask_every_time")
FLAG_NAMES = ("sensitive", "separate_consent_required", "cross_border", "third_party")
GATED_KINDS = ("permission", "file_dialog", "setting", "consent")


@dataclass(frozen=True)
class Purpose:
    id: str
    version: int
    title: str
    clauses: tuple[str, ...]
    policy_words: str
    this_build: str
    rationale: str
    kind: str
    legal_basis: str
    status: str
    data_categories: tuple[str, ...]
    processing: tuple[str, ...]
    recipients: tuple[str, ...]
    retention: Mapping[str, Any]
    default_state: str
    decisions_offered: tuple[str, ...]
    reset_after_unused_days: int | None
    expiry_days: int | None
    delete_on_withdraw: tuple[str, ...]
    blocked_in_limited_mode: bool
    flags: Mapping[str, bool]
    short_name: str = ""  # what a user types: ``privacy grant bluetooth`` (the id works too)

    @property
    def in_build(self) -> bool:
        return self.status != "not_in_build"

    @property
    def gated(self) -> bool:
        """A purpose the user decides on (the others are core processing or absent from this build)."""
        return self.in_build and self.kind in GATED_KINDS

    def fingerprint(self) -> str:
        """What the user agreed to: a change here re-asks this purpose (PIPL Art 14, AT-21)."""
        material = {"version": self.version, "legal_basis": self.legal_basis, "data_categories": self.data_categories,
                    "processing": self.processing, "recipients": self.recipients, "flags": dict(self.flags),
                    "status": self.status}
        return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Catalog:
    version: int
    policy: Mapping[str, str]
    controller: Mapping[str, str]
    purposes: Mapping[str, Purpose]
    sha256: str
    raw: bytes

    def __iter__(self) -> Iterator[Purpose]:
        return iter(self.purposes.values())

    def get(self, purpose_id: str) -> Purpose | None:
        return self.purposes.get(purpose_id)

    def resolve(self, name_or_id: str) -> Purpose | None:
        """A purpose by id or by short name (case-insensitive; ``_`` and ``-`` alike)."""
        if name_or_id in self.purposes:
            return self.purposes[name_or_id]
        key = name_or_id.strip().lower().replace("_", "-")
        return next((p for p in self if p.short_name and p.short_name == key), None)

    def gated(self) -> list[Purpose]:
        return [p for p in self if p.gated]

    def not_in_build(self) -> list[Purpose]:
        return [p for p in self if not p.in_build]


def _purpose(raw: Mapping[str, Any]) -> Purpose:
    pid = raw.get("id", "?")

    def need(key: str, allowed: tuple[str, ...] | None = None) -> Any:
        if key not in raw:
            raise ConfigError(f"purpose catalog: {pid}: missing field {key!r}")
        value = raw[key]
        if allowed is not None and value not in allowed:
            raise ConfigError(f"purpose catalog: {pid}: {key}={value!r} is not one of {', '.join(allowed)}")
        return value

    flags = need("flags")
    if set(flags) != set(FLAG_NAMES) or not all(isinstance(v, bool) for v in flags.values()):
        raise ConfigError(f"purpose catalog: {pid}: flags must be exactly {', '.join(FLAG_NAMES)} (booleans)")
    offered = tuple(need("decisions_offered"))
    if any(d not in DECISIONS for d in offered):
        raise ConfigError(f"purpose catalog: {pid}: unknown decision in decisions_offered")
    status = need("status", STATUSES)
    default_state = need("default_state", DEFAULT_STATES)
    if (status == "not_in_build") != (default_state == "not_in_build"):
        raise ConfigError(f"purpose catalog: {pid}: only a not_in_build purpose has default_state not_in_build")
    if status == "not_in_build" and offered:
        raise ConfigError(f"purpose catalog: {pid}: a purpose not in this build cannot offer decisions")
    return Purpose(
        id=need("id"), version=int(need("version")), title=need("title"), clauses=tuple(need("clauses")),
        policy_words=need("policy_words"), this_build=need("this_build"), rationale=raw.get("rationale", ""),
        kind=need("kind", KINDS), legal_basis=need("legal_basis"), status=status,
        data_categories=tuple(need("data_categories")), processing=tuple(need("processing")),
        recipients=tuple(raw.get("recipients", ())), retention=dict(need("retention")), default_state=default_state,
        decisions_offered=offered, reset_after_unused_days=raw.get("reset_after_unused_days"),
        expiry_days=raw.get("expiry_days"), delete_on_withdraw=tuple(raw.get("delete_on_withdraw", ())),
        blocked_in_limited_mode=bool(raw.get("blocked_in_limited_mode", False)), flags=dict(flags),
        short_name=str(raw.get("short_name", "")),
    )


def parse_catalog(raw_bytes: bytes) -> Catalog:
    try:
        data = json.loads(raw_bytes)
    except ValueError as exc:
        raise ConfigError(f"purpose catalog is not valid JSON: {exc}") from exc
    if data.get("schema") != CATALOG_SCHEMA:
        raise ConfigError(f"purpose catalog: schema must be {CATALOG_SCHEMA!r}")
    purposes: dict[str, Purpose] = {}
    names: set[str] = set()
    for raw in data.get("purposes", []):
        p = _purpose(raw)
        if p.id in purposes:
            raise ConfigError(f"purpose catalog: duplicate purpose id {p.id!r}")
        if p.short_name and (p.short_name in names or p.short_name in purposes):
            raise ConfigError(f"purpose catalog: duplicate short name {p.short_name!r}")
        names.add(p.short_name)
        purposes[p.id] = p
    return Catalog(version=int(data["version"]), policy=dict(data["policy"]), controller=dict(data["controller"]),
                   purposes=purposes, sha256=hashlib.sha256(raw_bytes).hexdigest(), raw=raw_bytes)


def bundled_catalog_bytes() -> bytes:
    return resources.files("phocol_desktop.assets").joinpath("purpose_catalog.json").read_bytes()


def load_catalog(path: Path | None = None) -> Catalog:
    return parse_catalog(path.read_bytes() if path is not None else bundled_catalog_bytes())


ARCHIVE = "catalog_archive"  # assets/catalog_archive/<sha256>.json: every catalog a released build shipped


def archived_catalogs(directory: Path | None = None) -> dict[str, bytes]:
    """Every archived catalog by the SHA-256 of its bytes (the name is checked against the content)."""
    out: dict[str, bytes] = {}
    if directory is not None:
        files = [(f.name, f.read_bytes()) for f in sorted(directory.glob("*.json"))]
    else:
        folder = resources.files("phocol_desktop.assets").joinpath(ARCHIVE)
        files = [(f.name, f.read_bytes()) for f in sorted(folder.iterdir(), key=lambda f: f.name)
                 if f.name.endswith(".json")] if folder.is_dir() else []
    for name, raw in files:
        sha = hashlib.sha256(raw).hexdigest()
        if name != f"{sha}.json":
            raise ConfigError(f"catalog archive: {name} does not hold the catalog its name says ({sha})")
        out[sha] = raw
    return out


def catalogs_for(references: set[str], versions: set[tuple[str, int]], current: Catalog,
                 archive: dict[str, bytes]) -> tuple[dict[str, bytes], dict[str, Any]]:
    """The catalogs an export must carry so every reference of its ledger resolves: those named by SHA-256
    (notice answers record the catalog's hash) and, for each (purpose id, purpose_version) a decision names,
    the first archived catalog holding that purpose at that version; plus the current one. Returns the files
    and ``index.json`` (what each catalog holds, where each purpose version resolves, what did not)."""
    pool = {**archive, current.sha256: current.raw}
    held = {sha: {p["id"]: int(p["version"]) for p in json.loads(raw).get("purposes", [])}
            for sha, raw in pool.items()}
    chosen = {current.sha256} | {sha for sha in references if sha in pool}
    resolves: dict[str, str] = {}
    unresolved = sorted(sha for sha in references if sha not in pool)
    for pid, version in sorted(versions):
        sha = next((s for s in sorted(chosen) if held[s].get(pid) == version), None) or \
            next((s for s in sorted(pool) if held[s].get(pid) == version), None)
        if sha is None:
            unresolved.append(f"{pid}@{version}")
            continue
        chosen.add(sha)
        resolves[f"{pid}@{version}"] = sha
    index = {"schema": "phocol.catalog-index/1", "current": current.sha256,
             "catalogs": {sha: {"version": json.loads(pool[sha]).get("version"), "purposes": held[sha]}
                          for sha in sorted(chosen)},
             "resolves": resolves, "unresolved": unresolved}
    return {sha: pool[sha] for sha in sorted(chosen)}, index
