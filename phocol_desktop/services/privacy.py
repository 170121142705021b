"""PrivacyService: the one facade over permissions, consent, the ledger and the user's rights, shared by the
GUI's privacy dashboard and the ``phocol-desktop privacy`` commands (docs/PRIVACY.md documents the API).

    svc = PrivacyService.open(paths, surface="gui", asker=dialog_asker)   # verifies the ledger, runs retention
    svc.gate.require("bt.discover_connect_print", feature="bt_scan")     # the rest of the app uses the gate
    svc.purposes()                 # dashboard rows: id, title, description, state, granted_at, can_revoke, in_build…
    svc.grant(pid); svc.revoke(pid)            # one record each; revoke runs the withdraw effects at once
    svc.export(dest) -> [zip path]             # everything held, machine-readable JSON + README.txt
    svc.erase() / svc.erase(["recent_files"])  # all (new 2-record ledger) or some categories
    svc.verify() -> VerifyResult               # chain, head, MAC; what the open found (integrity banner)
    svc.pending_notice() / svc.record_notice("agreed" | "disagreed" | "dismissed")

Everything stays on this device. No method opens a socket or a URL: ``contact`` returns the mailto for the
GUI to hand to the desktop (the mail client makes any connection) and records a ``rights_request``.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import shutil
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phocol_desktop.domain.errors import ConfigError, StorageError
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP
from phocol_desktop.privacy.catalog import Catalog, archived_catalogs, catalogs_for, load_catalog
from phocol_desktop.privacy.data import (
    CATEGORIES,
    ERASABLE_ALONE,
    CategoryInfo,
    PersonalData,
    PurgeResult,
    install_print_log_gate,
)
from phocol_desktop.privacy.disclosures import Component, components_in_build, cyclonedx_sbom
from phocol_desktop.privacy.envelope import app_envelope
from phocol_desktop.privacy.export import ExportInput, build_zip, kantara_receipt, receipt_text
from phocol_desktop.privacy.gate import (
    BLUETOOTH,
    CRASH_LOGS,
    FILES,
    Asker,
    Decision,
    PrivacyGate,
    PurposeDenied,
    PurposeView,
)
from phocol_desktop.privacy.ledger import State, rfc3339_ms
from phocol_desktop.privacy.ledger_store import HEAD_FILE, LOCK_FILE, QUARANTINE, SEGMENT_RE, LedgerStore
from phocol_desktop.privacy.notice import ANSWERS, Notice, ack_payload, build_notice, bundled_policy_bytes
from phocol_desktop.privacy.timebase import SystemWallClock, WallClock
from phocol_desktop.services.privacy_actions import Blocked, PurposeActions, purpose_actions
from phocol_desktop.services.privacy_views import purpose_name
from phocol_desktop.storage.paths import AppPaths, secure_write
from phocol_desktop.storage.safe_files import damaged_files
from phocol_desktop.storage.secrets import InstallSecrets

log = logging.getLogger(__name__)

SUPPORT_EMAIL = "support@phocolprinter.com"
SUBJECT = "【Phocol Personal Information Processing Inquiry】"
RIGHTS = ("access", "copy", "correct", "delete", "restrict", "object", "portability", "withdraw", "complaint",
          "unsubscribe", "child_privacy", "other")
OS_PERMISSIONS_LEFT = (
    "os_bluetooth_pairing: remove the printer in the system Bluetooth settings",
    "macos_tcc: run `tccutil reset All` for Phocol Desktop, or use System Settings ▸ Privacy & Security",
    "windows_camera: Settings ▸ Privacy & security ▸ Camera",
)
NOT_DELETED_KEYS = ("own_files", "os_permissions", "phocol_services")  # the same facts, for views to word
NOT_DELETED = (
    "Projects and exports you saved to places you chose (they are yours; delete them yourself).",
    "Permissions the operating system granted (Bluetooth pairing, macOS privacy settings, the Windows camera "
    "switch): the app cannot revoke them; the steps are listed.",
    "Anything Phocol holds about you from its mobile app or services: ask Phocol by email.",
)


class ActionBlocked(PurposeDenied):
    """A settings decision ``purpose_actions`` does not offer now; ``blocked`` says why (views word it)."""

    REASONS = {
        Blocked.LIMITED_MODE: ("{title} stays off in limited mode (you disagreed with the privacy notice).",
                               "Agree to the notice with `phocol-desktop privacy notice --answer agreed` (or "
                               "Privacy ▸ Privacy notice… in the app), then allow it."),
        Blocked.NOT_IN_BUILD: ("{title}: not included in this build.", "This build cannot do this at all."),
        Blocked.CORE: ("{title} is what the app is for: it is never optional and uses no permission.",
                       "Nothing to change."),
        Blocked.NOT_OFFERED: ("{title}: {decision!r} is not a choice for this purpose.",
                              "Run `phocol-desktop privacy status` to see the choices for each purpose."),
        Blocked.ALREADY: ("{title} is already in that state.", "Nothing to change."),
    }

    def __init__(self, purpose: Any, decision: str, blocked: Blocked) -> None:
        reason, advice = self.REASONS[blocked]
        super().__init__(purpose.id, blocked.value, reason.format(title=purpose.title, decision=decision), advice)
        self.blocked = blocked


def resolve_purpose(catalog: Catalog, name_or_id: str) -> str:
    p = catalog.resolve(name_or_id)
    if p is None:
        names = ", ".join(q.short_name for q in catalog.gated() if q.short_name)
        raise PurposeDenied(name_or_id, "unknown_purpose", f"There is no purpose {name_or_id!r}.",
                            f"Use an id from `phocol-desktop privacy status` or a short name ({names}).")
    return p.id


class ExportError(StorageError):
    advice = QT_TRANSLATE_NOOP("Errors", "Choose an existing folder you can write to, or a new file name ending in "
                                         ".zip.")


@dataclass(frozen=True)
class PurposeRow:
    """One row of the privacy dashboard / ``privacy status``."""

    id: str
    title: str
    description: str  # what this build does with it
    rationale: str
    state: str  # undetermined / granted / denied / ask_every_time / not_in_build
    granted_at: str | None  # RFC 3339 UTC when the current grant was made
    decided_at: str | None
    expires_at: str | None
    last_used: str | None
    actions: PurposeActions  # what the user may do now, and why not (the one rule both surfaces read)
    in_build: bool
    kind: str
    legal_basis: str
    decisions_offered: tuple[str, ...]
    from_default: bool  # no decision recorded yet: the catalog default applies
    blocked_by_limited_mode: bool
    once_active: bool
    data_categories: tuple[str, ...]
    retention: str

    name: str = ""  # the title in the user's language (``locale`` of the service)
    short_name: str = ""  # what ``privacy grant`` accepts besides the id

    @property
    def can_grant(self) -> bool:
        return self.actions.can_grant

    @property
    def can_revoke(self) -> bool:
        return self.actions.can_revoke

    def as_dict(self) -> dict[str, Any]:
        d = {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items() if k != "actions"}
        d["actions"] = self.actions.as_dict()
        d["can_grant"], d["can_revoke"] = self.can_grant, self.can_revoke
        return d


@dataclass(frozen=True)
class ChangeResult:
    purpose: PurposeRow
    record_type: str  # consent_decision / permission_result / withdrawal / unchanged (already in that state)
    seq: int | None
    stopped: tuple[str, ...] = ()
    deleted: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SegmentStatus:
    segment: int
    ok: bool
    current: bool
    records: int
    summary: str
    sealed_reason: str
    acknowledged: bool = False  # a failure the user has seen (`privacy verify --acknowledge`)


@dataclass(frozen=True)
class VerifyResult:
    # The current chain verifies and every failed sealed (or missing) segment has been acknowledged by the
    # user: a script checking the exit code keeps learning of a failure until someone has looked at it.
    ok: bool
    chain_head: str
    record_count: int
    mac_checked: bool
    segments: tuple[SegmentStatus, ...]
    failure_at_open: str | None  # what this start found (the segment was sealed, decisions reset to denied)
    first_bad_seq: int | None
    quarantined_bytes: int
    notes: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["segments"] = [s.__dict__ for s in self.segments]
        d["notes"] = list(self.notes)
        return d


@dataclass(frozen=True)
class ErasureReport:
    categories: tuple[str, ...]
    counts: Mapping[str, int]
    errors: tuple[str, ...]  # categories that could not be fully deleted (never paths)
    not_deleted: tuple[str, ...]
    os_permissions_left: tuple[str, ...]
    new_chain_head: str


@dataclass(frozen=True)
class ErasePlan:
    deleted: tuple[tuple[str, str, int], ...]  # (category id, title, item count)
    not_deleted: tuple[str, ...]
    keyring_item: bool
    not_deleted_keys: tuple[str, ...] = NOT_DELETED_KEYS


@dataclass(frozen=True)
class ContactRequest:
    mailto: str
    address: str
    subject: str
    body: str


class PrivacyService:
    def __init__(self, paths: AppPaths, *, clock: WallClock | None = None, asker: Asker | None = None,
                 surface: str = "gui", catalog: Catalog | None = None, secrets: InstallSecrets | None = None,
                 locale: str = "en", catalog_archive: Path | None = None) -> None:
        self.paths = paths
        self.catalog_archive = catalog_archive  # None: the archive the package ships (assets/catalog_archive)
        self.locale = locale  # purpose names in rows are in this language (catalog_<locale>.json), else English
        self.clock = clock or SystemWallClock()
        self.catalog = catalog or load_catalog()
        self.secrets = secrets or InstallSecrets()
        self.surface = surface
        self._gate: PrivacyGate | None = None
        self.data = PersonalData(paths, self.secrets, self.clock, self._is_allowed)
        settings = self.data.settings()
        self.store = LedgerStore(
            paths.privacy, app_envelope(self.catalog, jurisdiction=settings.jurisdiction, language=settings.language),
            clock=self.clock, mac_key=lambda: self.secrets.subkey("ledger-mac"),
            affected_purposes=lambda: [p.id for p in self.catalog.gated()], ensure_dir=paths.ensure)
        self.open_report = self.store.open()
        install_print_log_gate(lambda: self.data.recording("print_history"))
        self._gate = PrivacyGate(self.catalog, self.store, asker=asker, activity=self.data.activity,
                                 clock=self.clock, surface_kind=surface, erase_category=self.data.erase_category)

    @classmethod
    def open(cls, paths: AppPaths, **kw: Any) -> PrivacyService:
        """Open the ledger (verify, recover, fail closed) and run the start-up sweep and retention purge."""
        svc = cls(paths, **kw)
        svc.run_retention()
        return svc

    def _is_allowed(self, purpose_id: str) -> bool:  # the gate is built after the data it guards
        return self.gate.is_allowed(purpose_id)

    @property
    def gate(self) -> PrivacyGate:
        assert self._gate is not None
        return self._gate

    @property
    def limited_mode(self) -> bool:
        return self.gate.limited_mode

    def close(self) -> None:
        self.gate.close()

    # -- review -------------------------------------------------------------------------------------------

    def _row(self, pid: str, views: Mapping[str, PurposeView] | None = None) -> PurposeRow:
        p = self.catalog.get(pid)
        if p is None:
            raise PurposeDenied(pid, "unknown_purpose", f"There is no purpose {pid!r}.",
                                "Run `phocol-desktop privacy status` to list the purpose ids.")
        view = (views or {v.purpose.id: v for v in self.gate.view()})[pid]
        state = view.state
        once = self.gate.once_active(pid)
        offered = tuple(d for d in p.decisions_offered if d != "allow_once")
        actions = purpose_actions(p, state, limited_mode=self.limited_mode, once_active=once)
        return PurposeRow(
            id=p.id, title=p.title, description=p.this_build, rationale=p.rationale, state=state,
            granted_at=view.decided_at if state == State.GRANTED.value and not view.from_default else None,
            decided_at=view.decided_at, expires_at=view.expires_at, last_used=view.last_used,
            actions=actions, name=purpose_name(p, self.locale), short_name=p.short_name, in_build=p.in_build,
            kind=p.kind, legal_basis=p.legal_basis, decisions_offered=offered,
            from_default=view.from_default,
            blocked_by_limited_mode=self.limited_mode and p.blocked_in_limited_mode, once_active=once,
            data_categories=p.data_categories, retention=str(p.retention.get("text", "")))

    def purposes(self) -> list[PurposeRow]:
        """Every purpose of the catalog, in catalog order, "not in this build" ones included."""
        views = {v.purpose.id: v for v in self.gate.view()}  # one pass over the ledger and usage file
        return [self._row(p.id, views) for p in self.catalog]

    def purpose(self, purpose_id: str) -> PurposeRow:
        return self._row(purpose_id)

    def data_categories(self) -> list[CategoryInfo]:
        return self.data.categories(ledger_records=self._ledger_record_count())

    def activity(self) -> list[dict[str, Any]]:
        return self.data.activity.recent()

    def clear_activity(self) -> int:
        return self.data.activity.clear()

    def keyring_status(self) -> str:
        return self.secrets.status()

    def storage_mode(self) -> str:
        """encrypted / memory (no keyring, the degraded mode) / plaintext (no keyring, the user opted in)."""
        return self.data.printers.store.mode

    def set_jurisdiction(self, jurisdiction: str, language: str | None = None) -> None:
        """The user's choice (CN / EU / OTHER / unspecified; never geolocated), carried by later records and
        recorded itself (a ``setting_change`` record)."""
        from phocol_desktop.storage.settings import JURISDICTIONS

        if jurisdiction not in JURISDICTIONS:
            raise ConfigError(f"{jurisdiction!r} is not a jurisdiction choice.",
                              f"Use one of: {', '.join(JURISDICTIONS)}.")
        previous = self.data.settings().jurisdiction
        changes = {"jurisdiction": jurisdiction, **({"language": language} if language else {})}
        self.data.settings_store.update(**changes)
        self.store.update_envelope(**changes)
        self._record_setting("jurisdiction", jurisdiction, previous)

    def jurisdiction(self) -> str:
        return self.data.settings().jurisdiction

    def allow_unencrypted_storage(self, allow: bool) -> None:
        """The opt-in of the no-keyring degraded mode: keep personal data in unencrypted 0600 files. Turning it
        off while there is no keyring moves nothing back into memory: the files stay until erased."""
        previous = self.data.settings().store_unencrypted_without_keyring
        self.data.settings_store.update(store_unencrypted_without_keyring=bool(allow))
        self._record_setting("store_unencrypted_without_keyring", bool(allow), previous)

    def unencrypted_storage_allowed(self) -> bool:
        return self.data.settings().store_unencrypted_without_keyring

    def _record_setting(self, setting: str, value: Any, previous: Any) -> dict[str, Any]:
        return self.store.append("setting_change", {
            "setting": setting, "value": value, "previous": previous,
            "surface": {"kind": self.surface, "ui_id": f"{self.surface}.privacy.{setting}", "trigger": "settings"}})

    # -- decisions -----------------------------------------------------------------------------------------

    def _surface_ids(self, action: str) -> dict[str, Any]:
        return {"trigger": "settings", "ui_id": f"{self.surface}.privacy.{action}", "clicks": 1}

    def resolve(self, name_or_id: str) -> str:
        """A purpose id from an id or a short name (``bluetooth``, ``camera``, ``location``…)."""
        return resolve_purpose(self.catalog, name_or_id)

    def set_decision(self, purpose_id: str, decision: str, *, shown_text: str | None = None) -> ChangeResult:
        """A decision from the settings surface, only if ``purpose_actions`` offers it now (the same rule the
        dashboard's buttons follow); choosing the state the purpose is already in records nothing.
        ``shown_text``: the purpose's text as the surface showed it (its hash goes into the record)."""
        purpose_id = self.resolve(purpose_id)
        row = self._row(purpose_id)
        why = row.actions.why_not(decision)
        if why is Blocked.ALREADY:
            return ChangeResult(row, "unchanged", None)
        if why is not None:
            raise ActionBlocked(self.catalog.get(purpose_id), decision, why)
        rec = self.gate.set_decision(purpose_id, Decision(decision), text_shown=shown_text,
                                     **self._surface_ids(decision))
        effects = rec.get("payload", {}).get("effects", {})
        return ChangeResult(self._row(purpose_id), rec["type"], rec["seq"],
                            tuple(effects.get("stopped_processes", ())), dict(effects.get("deleted_categories", {})))

    def grant(self, purpose_id: str, *, shown_text: str | None = None) -> ChangeResult:
        """Allow: a standing grant, or "ask every time" where the purpose is only ever allowed per use."""
        purpose_id = self.resolve(purpose_id)
        decision = self._row(purpose_id).actions.grant_decision or Decision.ALLOW.value
        return self.set_decision(purpose_id, decision, shown_text=shown_text)

    def ask_every_time(self, purpose_id: str, *, shown_text: str | None = None) -> ChangeResult:
        return self.set_decision(purpose_id, Decision.ASK_EVERY_TIME.value, shown_text=shown_text)

    def revoke(self, purpose_id: str, *, shown_text: str | None = None) -> ChangeResult:
        """Withdraw (or refuse) now: the same one step as granting; stops use and deletes the data held on
        that basis before it returns (AT-17/18)."""
        return self.set_decision(purpose_id, Decision.DENY.value, shown_text=shown_text)

    # -- notices -----------------------------------------------------------------------------------------

    def pending_notice(self) -> Notice | None:
        return build_notice(self.catalog, self.store.state.notice)

    def notice(self) -> Notice:
        """The notice to show now: the pending one, or (when the user asks to see it again, e.g. to leave
        limited mode) the current one with reason ``review``; either way it may be answered."""
        notice = self.pending_notice()
        if notice is None:
            first = build_notice(self.catalog, None)
            assert first is not None
            notice = dataclasses.replace(first, reason="review")
        return notice

    def record_notice(self, answer: str, *, scroll_reached_end: bool = False, locale: str = "en",
                      shown_text_sha256: str | None = None) -> dict[str, Any]:
        """The user's answer to the notice (Esc / close = ``dismissed``): writes notice_presented + notice_ack."""
        if answer not in ANSWERS:
            raise ConfigError(f"{answer!r} is not an answer to the notice.", f"Use one of: {', '.join(ANSWERS)}.")
        notice = self.notice()
        surface = {"kind": self.surface, "ui_id": f"{self.surface}.notice", "trigger": notice.reason,
                   "method": "dialog" if self.surface == "gui" else "command", "buttons_shown": list(notice.buttons),
                   "default_button": "none", "preticked": []}
        shown = shown_text_sha256 or notice.text_sha256
        self.store.append("notice_presented", {"surface": surface, "text": {
            "id": "notice.first_run", "sha256": shown, "locale": locale}, "reason": notice.reason})
        return self.store.append("notice_ack", ack_payload(notice, self.catalog, answer, surface=surface,
                                                           scroll_reached_end=scroll_reached_end, locale=locale,
                                                           shown_text_sha256=shown))

    # -- things the app records through the gate -----------------------------------------------------------

    def remember_printer(self, address: str, name: str, model_id: str) -> None:
        """Keep the printer the user selected (only that one): allowed only under the Bluetooth purpose."""
        if not self.gate.is_allowed(BLUETOOTH):
            raise PurposeDenied(BLUETOOTH, "denied", "Bluetooth is not allowed, so no printer is remembered.",
                                "Allow Bluetooth in Privacy settings first.")
        self.data.printers.select(address, name, model_id, now=self.clock.now())

    def file_picked(self, feature: str) -> None:
        """A file the user picked is about to be read or written: the gate for "Files and photos you pick"
        (never prompts: the file dialog was the user's action), which also puts it in the activity log."""
        self.gate.require(FILES, feature=feature, interactive=False)

    def record_crash(self, text: str) -> str | None:
        """Write a crash log if the user opted in (never prompts: a crash handler is not the moment to ask)."""
        try:
            self.gate.require(CRASH_LOGS, feature="crash_log_write", interactive=False)
        except PurposeDenied:
            return None
        return self.data.crash_logs.write(text)

    # -- retention ---------------------------------------------------------------------------------------

    def run_retention(self) -> list[PurgeResult]:
        """Start-up and daily: expiry / 90-day auto-reset records, then the purge of expired data (counts only)."""
        self.gate.sweep()
        results = self.data.purge()
        for r in results:
            if r.deleted_count:
                self.store.append("retention_purge", {
                    "category": r.category, "deleted_count": r.deleted_count,
                    "oldest_ts_kept": rfc3339_ms(r.oldest_ts_kept) if r.oldest_ts_kept is not None else None})
        if any(r.deleted_count for r in results):
            log.info("retention purge: %s", {r.category: r.deleted_count for r in results if r.deleted_count})
        return results

    def set_paused(self, category: str, paused: bool) -> None:
        """Restrict: keep the category but record nothing new while paused (GDPR Art 18, AT-31)."""
        self.data.set_paused(category, paused)
        self.store.append("rights_request", {"right": "restrict", "channel": "in_app", "category": category,
                                             "paused": bool(paused), "surface": {
                                                 "kind": self.surface, "ui_id": f"{self.surface}.privacy.pause",
                                                 "trigger": "settings"}})

    def paused(self) -> list[str]:
        return list(self.data.settings().paused)

    def set_retention(self, category: str, days: int | None) -> None:
        self.data.set_retention(category, days)

    # -- what this build contains ---------------------------------------------------------------------------

    def components(self) -> list[Component]:
        """The installed dependency closure: what the "In this build" page and ``privacy status`` list."""
        return components_in_build()

    def sbom(self, components: Sequence[Component] | None = None) -> dict[str, Any]:
        """A CycloneDX 1.5 SBOM of exactly those components."""
        import uuid

        return cyclonedx_sbom(list(components if components is not None else self.components()),
                              timestamp=rfc3339_ms(self.clock.now()), serial=str(uuid.uuid4()))

    def save_sbom(self, path: Path) -> Path:
        path = Path(path)
        if path.exists():
            raise ExportError(f"{path.name} already exists; nothing was overwritten.")
        secure_write(path, json.dumps(self.sbom(), indent=1, ensure_ascii=False).encode("utf-8"))
        return path

    # -- verification -----------------------------------------------------------------------------------

    def _ledger_record_count(self) -> int:
        return sum(len(raw.splitlines()) for raw in self.store.segment_bytes().values())

    def verify(self) -> VerifyResult:
        reports = self.store.verify_all()
        current = reports[-1].report
        failure = self.open_report.failure
        segments = tuple(SegmentStatus(r.segment, r.report.ok, r.current, r.report.count, r.report.summary(),
                                       r.sealed_reason, r.acknowledged) for r in reports)
        return VerifyResult(
            ok=current.ok and all(r.report.ok or r.acknowledged for r in reports), chain_head=current.head_hash,
            record_count=sum(r.report.count for r in reports), mac_checked=current.mac_checked, segments=segments,
            failure_at_open=failure.summary() if failure else None,
            first_bad_seq=failure.first_bad_seq if failure else current.first_bad_seq,
            quarantined_bytes=self.open_report.quarantined_bytes, notes=tuple(self.open_report.notes))

    def acknowledge_integrity(self) -> list[SegmentStatus]:
        """The user has seen the integrity failures: record it (one ``integrity_event``); verification passes
        again unless something else fails, and the banner is dismissed."""
        done = [SegmentStatus(r.segment, r.report.ok, r.current, r.report.count, r.report.summary(),
                              r.sealed_reason, True) for r in self.store.acknowledge()]
        files = self.damaged_data_files()
        if files:
            self.store.append("integrity_event", {"check": "data_file", "result": "acknowledged",
                                                  "action": "acknowledged", "files": files})
        return done

    def damaged_data_files(self) -> list[str]:
        """Personal-data files found damaged and moved to quarantine (storage/safe_files.py) that the user
        has not acknowledged yet, by their quarantine names."""
        seen: set[str] = set()
        for r in self.store.records:
            p = r["payload"]
            if r["type"] == "integrity_event" and p.get("action") == "acknowledged" and \
                    isinstance(p.get("files"), list):
                seen.update(f for f in p["files"] if isinstance(f, str))
        return [f for f in damaged_files(self.paths) if f not in seen]

    def integrity_banner(self) -> str | None:
        """The banner after a failed check, with the content PIPL Art 57 asks of an incident notice. It stays
        until the user decides again (any decision or notice answer after the reset) or acknowledges it."""
        return self.ledger_banner() or self._damaged_files_banner()

    def damaged_data_names(self) -> list[str]:
        """The original names (``usage.json``…) of the damaged files ``damaged_data_files`` lists."""
        return sorted({f.split(".20", 1)[0] for f in self.damaged_data_files()})

    def _damaged_files_banner(self) -> str | None:
        files = self.damaged_data_files()
        if not files:
            return None
        names = ", ".join(self.damaged_data_names())
        return (f"Some of your data on this computer was damaged: {names}. Possible impact: what it held (uses, "
                "history or the known printer) is not shown; no permission was granted by it and nothing left "
                "this computer. What we did: moved the damaged file to quarantine (kept as evidence and included "
                "in an export) and started it empty. What you can do: export your data to keep a copy, then "
                "acknowledge (`phocol-desktop privacy verify --acknowledge`).")

    def ledger_banner(self) -> str | None:
        """The consent-record part of ``integrity_banner`` (the damaged-files part is worded by the views)."""
        recs = self.store.records
        if not recs or recs[0]["payload"].get("reason") != "integrity_reset":
            return None
        decided = {"consent_decision", "permission_result", "withdrawal", "notice_ack"}
        if any(r["type"] in decided or (r["type"] == "integrity_event" and
                                        r["payload"].get("action") == "acknowledged") for r in recs):
            return None
        event = next((r["payload"] for r in recs if r["type"] == "integrity_event"), recs[0]["payload"])
        check = event.get("detail_check") or event.get("check") or "chain"
        where = event.get("first_bad_seq", "?")
        return (f"Your privacy records on this computer failed an integrity check ({check} at record "
                f"{where}). Possible impact: the recorded permissions cannot be trusted, so every "
                "permission was switched off; nothing left this computer. What we did: kept the damaged records "
                "as evidence and started a new record. What you can do: review Privacy settings and allow again "
                "what you want; export your data to keep a copy. Records are tamper-evident, not tamper-proof.")

    # -- contact -----------------------------------------------------------------------------------------

    def contact(self, right: str = "access") -> ContactRequest:
        """The mailto for "Contact Phocol about my data" (nothing attached) and a ``rights_request`` record."""
        if right not in RIGHTS:
            raise ConfigError(f"{right!r} is not a right this screen knows.", f"Use one of: {', '.join(RIGHTS)}.")
        subject = f"{SUBJECT} {right}"
        body = (f"Hello Phocol,\n\nI would like to exercise my right: {right}.\n\n"
                "(Phocol Desktop attached nothing to this message.)\n")
        query = urllib.parse.urlencode({"subject": subject, "body": body}, quote_via=urllib.parse.quote)
        self.store.append("rights_request", {"right": right, "channel": "mailto"})
        return ContactRequest(f"mailto:{SUPPORT_EMAIL}?{query}", SUPPORT_EMAIL, subject, body)

    # -- export ------------------------------------------------------------------------------------------

    def _export_target(self, dest: Path) -> Path:
        dest = Path(dest)
        if dest.suffix.lower() == ".zip":
            if dest.exists():
                raise ExportError(f"{dest.name} already exists; nothing was overwritten.")
            if not dest.parent.is_dir():
                raise ExportError(f"The folder for {dest.name} does not exist.")
            return dest
        if not dest.is_dir():
            raise ExportError("The export folder does not exist.")
        day = rfc3339_ms(self.clock.now())[:10]
        for n in range(1, 1000):
            candidate = dest / (f"phocol-privacy-export-{day}.zip" if n == 1 else
                                f"phocol-privacy-export-{day}-{n}.zip")
            if not candidate.exists():
                return candidate
        raise ExportError("Too many exports with today's date in that folder.")

    def _readme(self, created: str, head: str, records: int, cats: Sequence[CategoryInfo],
                rows: Sequence[PurposeRow]) -> str:
        lines = ["Phocol Desktop — export of all data this app holds on this computer",
                 f"Created (UTC): {created}", f"Consent ledger: {records} records, chain head {head}",
                 "Verify it with the script in VERIFY.md and compare the head with the one the app shows.",
                 "This export is not encrypted: keep it somewhere safe.", "", "Data on this device:"]
        lines += [f"  - {c.title} [{c.id}]: {c.count} item(s), {c.size_bytes} bytes ({c.storage})" for c in cats]
        lines += ["", "Permissions and consents:"]
        lines += [f"  - {r.title} [{r.id}]: {r.state}" + (f" since {r.decided_at}" if r.decided_at else "")
                  for r in rows]
        lines += ["", "Files:", "  manifest.json — SHA-256 of every file, the chain head and record counts",
                  "  ledger.json, ledger-NNNN.jsonl, ledger.head — every consent and permission record",
                  "  state.json — current decisions; receipts/ — one Kantara Consent Receipt v1.1 per decided "
                  "purpose (JSON and text)",
                  "  data/ — printers, print history, recent files, settings, window state (ui.json), last use per "
                  "purpose (usage.json), crash logs, activity, app log; every time is RFC 3339 UTC",
                  "  quarantine/ — files set aside as damaged (kept as evidence)",
                  "  processing_records.json — the purpose catalog (record of processing)",
                  "  catalogs/ — every catalog version the ledger refers to; index.json says which one a "
                  "purpose_version resolves to",
                  "  policy/ — the privacy policy text the receipts name (policyUrl is its RFC 6920 hash URI)",
                  "  sbom.cdx.json — the components of this build (CycloneDX 1.5)",
                  "  schema/ — JSON Schemas (ledger, manifest, one per data/*.json); VERIFY.md — how to check the "
                  "chain", ""]
        return "\n".join(lines)

    def export(self, dest: str | os.PathLike[str]) -> list[Path]:
        """Write ``phocol-privacy-export-<UTC date>.zip`` into the folder ``dest`` (or to ``dest`` if it names
        a new .zip); returns the written paths. Records a ``data_export`` (hashes and counts, no path)."""
        target = self._export_target(Path(dest))
        created = rfc3339_ms(self.clock.now())
        segments = self.store.segment_bytes()
        records = [json.loads(line) for raw in segments.values() for line in raw.splitlines()]
        head_bytes = (self.paths.privacy / HEAD_FILE).read_bytes()
        chain_head = self.store.head_hash
        rows = self.purposes()
        receipts, texts = {}, {}
        for pid, st in self.store.state.purposes.items():
            p = self.catalog.get(pid)
            rec = next((r for r in self.store.records if r["seq"] == st.decided_seq), None)
            if p is None or rec is None:
                continue
            receipts[pid] = kantara_receipt(rec, p, self.catalog.controller)
            texts[pid] = receipt_text(receipts[pid])
        cats = self.data_categories()
        references = {str(r["payload"].get("catalog", {}).get("sha256")) for r in records
                      if r.get("type") == "notice_ack" and isinstance(r.get("payload", {}).get("catalog"), dict)}
        versions = {(str(r["payload"]["purpose_id"]), int(r["payload"]["purpose_version"])) for r in records
                    if isinstance(r.get("payload"), dict) and isinstance(r["payload"].get("purpose_id"), str)
                    and isinstance(r["payload"].get("purpose_version"), int)}
        catalogs, catalog_index = catalogs_for(references, versions, self.catalog,
                                               archived_catalogs(self.catalog_archive))
        inp = ExportInput(
            created_at=created, segments=segments, head=head_bytes, records=records, chain_head=chain_head,
            state={"schema": "phocol.state/1", "limited_mode": self.limited_mode, "chain_head": chain_head,
                   "notice": self.store.state.notice, "purposes": [r.as_dict() for r in rows]},
            receipts=receipts, receipt_texts=texts, data=self.data.export_documents(),
            crash_logs=self.data.export_crash_logs(), cache_files=self.data.export_cache(),
            app_log=self.data.export_app_log(),
            catalog_raw=self.catalog.raw, readme=self._readme(created, chain_head, len(records), cats, rows),
            quarantine=self.data.export_quarantine(), catalogs=catalogs, catalog_index=catalog_index,
            policy_text=bundled_policy_bytes(self.catalog), sbom=self.sbom())
        blob, manifest_sha = build_zip(inp)
        secure_write(target, blob)
        self.store.append("data_export", {"manifest_sha256": manifest_sha, "record_count": len(records),
                                          "chain_head": chain_head})
        return [target]

    # -- erasure -----------------------------------------------------------------------------------------

    def category_content(self, category: str) -> str:
        """What one data category holds, as the user may read it ("Your data" ▸ View): JSON or log text."""
        def dump(doc: Any) -> str:
            return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True)

        if category == "consent_ledger":
            return dump(self.store.records)
        if category == "activity_log":
            return dump(self.data.activity.recent())
        if category in ("printers", "print_history", "recent_files", "settings"):
            return dump(self.data.export_documents()[f"{category}.json"])
        if category == "crash_logs":
            return "\n\n".join(f"== {name}\n{text}" for name, text in self.data.export_crash_logs().items())
        if category == "app_log":
            return self.data.export_app_log()
        if category == "cache":
            return "\n".join(f"{name}  {len(raw)} bytes" for name, raw in self.data.export_cache().items())
        raise ConfigError(f"There is no data category {category!r}.", f"Categories: {', '.join(CATEGORIES)}.")

    def erase_plan(self) -> ErasePlan:
        """What "Erase all my data" deletes and what it leaves (for the confirmation dialog, AT-30)."""
        cats = self.data_categories()
        return ErasePlan(tuple((c.id, c.title, c.count) for c in cats), NOT_DELETED, self.secrets.exists())

    def erase(self, categories: Iterable[str] | None = None) -> ErasureReport:
        """Erase some categories, or everything (``None``): data, keyring item, ledger (a new 2-record one)."""
        if categories is not None:
            return self._erase_some(list(categories))
        counts: dict[str, int] = {c.id: c.count for c in self.data_categories()}
        errors: list[str] = []
        for p in self.catalog.gated():  # stop whatever runs on a permission (scan, link, crash capture)
            if self.gate.state_of(p.id) in (State.GRANTED.value, State.ASK_EVERY_TIME.value) or \
                    self.gate.once_active(p.id):
                self.gate.withdraw(p.id, ui_id=f"{self.surface}.privacy.erase_all")
        for cat in ERASABLE_ALONE:
            try:
                self.data.erase_category(cat)
            except OSError:
                errors.append(cat)
        self.data.forget_memory()
        errors += self._remove_remaining_files()
        had_key = self.secrets.delete()
        self.gate.forget_session()
        _prior, ledger_counts = self.store.erase_and_restart()
        counts["consent_ledger"] = ledger_counts["ledger_records"]
        counts["keyring_items"] = int(had_key)
        erased = (*CATEGORIES, "keyring_items")
        self.store.append("data_erasure", {"scope": "all", "categories": list(erased), "counts": counts,
                                           "errors": sorted(set(errors)), "os_permissions_left":
                                               [s.split(":")[0] for s in OS_PERMISSIONS_LEFT]})
        log.info("erased all data: %d categories, %d errors", len(erased), len(errors))
        return ErasureReport(tuple(erased), counts, tuple(sorted(set(errors))), NOT_DELETED, OS_PERMISSIONS_LEFT,
                             self.store.head_hash)

    def _erase_some(self, categories: list[str]) -> ErasureReport:
        bad = [c for c in categories if c not in ERASABLE_ALONE]
        if bad or not categories:
            raise ConfigError(f"Cannot erase {', '.join(bad) or 'nothing'} on its own.",
                              f"Categories: {', '.join(ERASABLE_ALONE)}; erase everything to remove the ledger.")
        counts: dict[str, int] = {}
        errors: list[str] = []
        for cat in categories:
            try:
                counts[cat] = self.data.erase_category(cat)
            except OSError:
                errors.append(cat)
        self.store.append("data_erasure", {"scope": "categories", "categories": categories, "counts": counts,
                                           "errors": errors, "os_permissions_left": []})
        return ErasureReport(tuple(categories), counts, tuple(errors), (), (), self.store.head_hash)

    def _remove_remaining_files(self) -> list[str]:
        """Delete every other file and folder under the app's roots; the ledger files are the store's."""
        errors: list[str] = []
        keep = self.paths.privacy.resolve()
        for root in self.paths.all_roots():
            if not root.is_dir():
                continue
            for dirpath, dirnames, filenames in os.walk(root, topdown=False):
                d = Path(dirpath)
                for name in filenames:
                    if d.resolve() == keep and (SEGMENT_RE.match(name) or name in (HEAD_FILE, LOCK_FILE)):
                        continue
                    try:
                        (d / name).unlink()
                    except OSError:
                        errors.append("other_app_files")
                for name in dirnames:
                    sub = (d / name).resolve()
                    if sub == keep or keep in sub.parents or sub in keep.parents:
                        if sub.name == QUARANTINE:
                            shutil.rmtree(sub, ignore_errors=True)
                        continue
                    try:
                        (d / name).rmdir()
                    except OSError:
                        errors.append("other_app_files")
            if root.resolve() != keep and keep not in root.resolve().parents and root.resolve() not in keep.parents:
                try:
                    root.rmdir()
                except OSError:
                    errors.append("other_app_files")
        return errors
