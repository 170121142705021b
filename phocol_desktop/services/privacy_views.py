"""Read models for the privacy dashboard, built from the gate, its ledger and the purpose catalog.

Pure data in the words the user reads; no Qt. The CLI's ``privacy status`` and the GUI show the same
states because both read ``PrivacyGate.view()``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from phocol_desktop.domain.words import QT_TRANSLATE_NOOP
from phocol_desktop.privacy.catalog import Purpose
from phocol_desktop.privacy.disclosures import POLICY_SDKS, Component, PolicySdk, components_in_build
from phocol_desktop.privacy.gate import PrivacyGate
from phocol_desktop.privacy.ledger import parse_ts, sha256_hex
from phocol_desktop.services.privacy_actions import PurposeActions, purpose_actions

STATE_WORDS = {
    "undetermined": "not decided yet (asked when you first use it)",
    "granted": "allowed",
    "denied": "not allowed",
    "ask_every_time": "ask every time",
    "not_in_build": "not in this build",
}

@dataclass(frozen=True)
class PrivacyRow:
    purpose_id: str
    title: str
    rationale: str
    state: str
    state_text: str
    last_used: str | None
    actions: PurposeActions  # the same rule ``privacy status`` prints

    @property
    def can_grant(self) -> bool:
        return self.actions.can_grant

    @property
    def can_revoke(self) -> bool:
        return self.actions.can_revoke


@dataclass(frozen=True)
class ActivityRow:
    when: str
    purpose_title: str
    feature: str


@dataclass(frozen=True)
class LedgerRow:
    seq: int
    when: str
    kind: str  # the record type, a key of RECORD_WORDS
    purpose: str  # the purpose's title in the UI's language, "" when the record names none
    facts: tuple[tuple[str, str], ...]  # (key of FACT_WORDS, value, often a key of VALUE_WORDS)


# The consent record's words, translated by the dashboard (context "ConsentRecord"); unknown keys show as stored.
RECORD_CONTEXT = "ConsentRecord"
RECORD_WORDS = {
    "ledger_genesis": QT_TRANSLATE_NOOP("ConsentRecord", "Record started"),
    "notice_presented": QT_TRANSLATE_NOOP("ConsentRecord", "Privacy notice shown"),
    "notice_ack": QT_TRANSLATE_NOOP("ConsentRecord", "Privacy notice answered"),
    "consent_decision": QT_TRANSLATE_NOOP("ConsentRecord", "Permission decided"),
    "permission_request": QT_TRANSLATE_NOOP("ConsentRecord", "Permission asked"),
    "permission_result": QT_TRANSLATE_NOOP("ConsentRecord", "Permission answered"),
    "permission_observed": QT_TRANSLATE_NOOP("ConsentRecord", "System permission seen"),
    "withdrawal": QT_TRANSLATE_NOOP("ConsentRecord", "Permission withdrawn"),
    "expiry": QT_TRANSLATE_NOOP("ConsentRecord", "Permission expired"),
    "auto_reset": QT_TRANSLATE_NOOP("ConsentRecord", "Permission reset (unused)"),
    "rights_request": QT_TRANSLATE_NOOP("ConsentRecord", "Request to Phocol started"),
    "data_export": QT_TRANSLATE_NOOP("ConsentRecord", "Data exported"),
    "data_erasure": QT_TRANSLATE_NOOP("ConsentRecord", "Data erased"),
    "retention_purge": QT_TRANSLATE_NOOP("ConsentRecord", "Old data deleted"),
    "integrity_event": QT_TRANSLATE_NOOP("ConsentRecord", "Record check failed"),
    "segment_sealed": QT_TRANSLATE_NOOP("ConsentRecord", "Record part sealed"),
    "segment_purged": QT_TRANSLATE_NOOP("ConsentRecord", "Old record part deleted"),
    "setting_change": QT_TRANSLATE_NOOP("ConsentRecord", "Privacy setting changed"),
}
FACT_WORDS = {
    "decision": QT_TRANSLATE_NOOP("ConsentRecord", "decision: {0}"),
    "reason": QT_TRANSLATE_NOOP("ConsentRecord", "reason: {0}"),
    "granularity": QT_TRANSLATE_NOOP("ConsentRecord", "lasts: {0}"),
}
VALUE_WORDS = {
    "granted": QT_TRANSLATE_NOOP("ConsentRecord", "allowed"),
    "denied": QT_TRANSLATE_NOOP("ConsentRecord", "not allowed"),
    "ask_every_time": QT_TRANSLATE_NOOP("ConsentRecord", "ask every time"),
    "dismissed": QT_TRANSLATE_NOOP("ConsentRecord", "closed without answering"),
    "agreed": QT_TRANSLATE_NOOP("ConsentRecord", "agreed"),
    "disagreed": QT_TRANSLATE_NOOP("ConsentRecord", "disagreed"),
    "first_run": QT_TRANSLATE_NOOP("ConsentRecord", "first start"),
    "review": QT_TRANSLATE_NOOP("ConsentRecord", "opened again by you"),
    "policy_changed": QT_TRANSLATE_NOOP("ConsentRecord", "the privacy policy changed"),
    "catalog_changed": QT_TRANSLATE_NOOP("ConsentRecord", "the permissions changed"),
    "once_ended": QT_TRANSLATE_NOOP("ConsentRecord", "the one-time permission ended"),
    "ttl": QT_TRANSLATE_NOOP("ConsentRecord", "its period ended"),
    "unused_90d": QT_TRANSLATE_NOOP("ConsentRecord", "unused for 90 days"),
    "integrity_reset": QT_TRANSLATE_NOOP("ConsentRecord", "the record failed its check"),
    "integrity": QT_TRANSLATE_NOOP("ConsentRecord", "the record failed its check"),
    "until_revoked": QT_TRANSLATE_NOOP("ConsentRecord", "until you change it"),
    "once": QT_TRANSLATE_NOOP("ConsentRecord", "this time only"),
    "until": QT_TRANSLATE_NOOP("ConsentRecord", "for a set period"),
}


@dataclass(frozen=True)
class LedgerStatus:
    ok: bool
    text: str  # English; the dashboard words ``ok`` + ``count`` itself
    count: int = 0
    damaged_files: tuple[str, ...] = ()  # personal-data files quarantined as damaged, not yet acknowledged


@dataclass(frozen=True)
class Disclosure:
    title: str
    text: str


@dataclass(frozen=True)
class Disclosures:
    used: tuple[Disclosure, ...]
    not_used: tuple[Disclosure, ...]
    components: tuple[Component, ...]  # the installed dependency closure: equal to the SBOM
    sdks: tuple[PolicySdk, ...]  # every SDK the policy names, each "not included in this build"
    sdk_note: str


@dataclass(frozen=True)
class PolicyView:
    text: str
    version_raw: str
    sha256: str


@dataclass(frozen=True)
class RetentionRule:
    category: str
    title: str
    text: str
    days: int | None  # None: kept until the user deletes it; 0: not kept at all
    choices: tuple[int | None, ...]  # the periods the user may pick (one choice: fixed by the policy)


@dataclass(frozen=True)
class ContactView:
    email: str
    text: str
    complaint: str
    incidents: str
    name: str = ""
    address: str = ""
    subject: str = ""
    response_days: int = 15


def local_time(ts: str | None) -> str | None:
    if not ts:
        return None
    from datetime import datetime

    return datetime.fromtimestamp(parse_ts(ts)).strftime("%Y-%m-%d %H:%M")


def privacy_rows(gate: PrivacyGate, locale: str = "en") -> list[PrivacyRow]:
    rows = []
    for v in gate.view():
        p = v.purpose
        if not p.gated:
            continue
        text = purpose_text(gate, p.id, locale)
        actions = purpose_actions(p, v.state, limited_mode=gate.limited_mode, once_active=v.once_active)
        rows.append(PrivacyRow(p.id, text.title, text.rationale, v.state, STATE_WORDS.get(v.state, v.state),
                               local_time(v.last_used), actions))
    return rows


def _titles(gate: PrivacyGate, locale: str) -> dict[str, str]:
    """Each purpose's title in the UI's language (the catalogue's English where no translation exists)."""
    return {p.id: purpose_text(gate, p.id, locale).title for p in gate.catalog}


def activity_rows(gate: PrivacyGate, events: Iterable[Mapping[str, Any]], locale: str = "en") -> list[ActivityRow]:
    titles = _titles(gate, locale)
    out = [ActivityRow(local_time(str(e.get("ts"))) or "", titles.get(str(e.get("purpose_id")), "?"),
                       str(e.get("feature", ""))) for e in events]
    return list(reversed(out))  # newest first


def _facts(record: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    payload = record.get("payload") or {}
    return tuple((key, value) for key in FACT_WORDS
                 if isinstance(value := payload.get(key), str) and value)


def ledger_rows(gate: PrivacyGate, records: Iterable[Mapping[str, Any]], locale: str = "en") -> list[LedgerRow]:
    titles = _titles(gate, locale)
    rows = []
    for r in records:
        pid = (r.get("payload") or {}).get("purpose_id")
        rows.append(LedgerRow(int(r.get("seq", 0)), local_time(str(r.get("ts"))) or "", str(r.get("type", "")),
                              titles.get(pid, pid) if isinstance(pid, str) else "", _facts(r)))
    return rows


def ledger_status(ok: bool, count: int, detail: str = "") -> LedgerStatus:
    if ok:
        return LedgerStatus(True, f"Consent record verified: {count} entries, chain intact. "
                                  f"Your data stays on this computer.", count)
    return LedgerStatus(False, f"The consent record failed verification ({detail}). Permissions it covered "
                               f"now count as refused until you decide again.")


def disclosures(gate: PrivacyGate, locale: str = "en") -> Disclosures:
    def shown(p: Any) -> Disclosure:
        text = purpose_text(gate, p.id, locale)
        return Disclosure(text.title, text.this_build or "Not in this build.")

    used = tuple(shown(p) for p in gate.catalog if p.in_build)
    not_used = tuple(shown(p) for p in gate.catalog if not p.in_build)
    note = ("The policy lists third-party SDKs used by the Phocol phone apps (analytics, login, payments, push). "
            "None of them is part of this desktop build, and the app opens no network connection at all. "
            "Their links are shown as the policy gives them and never opened; where a link is not that vendor's "
            "privacy policy, it says so.")
    return Disclosures(used, not_used, tuple(components_in_build()), POLICY_SDKS, note)


def contact(gate: PrivacyGate) -> ContactView:
    c = gate.catalog.controller
    email = str(c.get("email", ""))
    subject = str(c.get("subject", ""))
    text = (f"{c.get('name', '')}\n{c.get('address', '')}\nE-mail: {email} (subject: {subject})\n"
            f"Phocol commits to respond {c.get('response_promise', '')}. You do not need an account: say which "
            f"right you use (access, correction, deletion, withdrawal, explanation).")
    complaint = ("You may also complain to your data protection supervisory authority (EU/EEA/UK) or to the "
                 "Cyberspace Administration of China or the relevant sector regulator (PRC). You do not have to "
                 "contact Phocol first.")
    incidents = ("Incident notices: this build has no push channel and no network access, so a security incident "
                 "notice from Phocol would reach you by e-mail or on phocolprinter.com, not in the app. If the "
                 "consent record on this computer fails its check, a banner in this dashboard says so.")
    days = re.search(r"\d+", str(c.get("response_promise", "")))
    return ContactView(email, text, complaint, incidents, str(c.get("name", "")), str(c.get("address", "")), subject,
                       int(days.group()) if days else 15)


def policy(gate: PrivacyGate) -> PolicyView:
    from importlib import resources

    name = str(gate.catalog.policy.get("file", "phocol-privacy-policy.txt"))
    text = resources.files("phocol_desktop.assets").joinpath(name).read_text(encoding="utf-8")
    return PolicyView(text, str(gate.catalog.policy["version_raw"]), str(gate.catalog.policy["sha256"]))


RETENTION_TITLES = {
    "recent_files": ("Recent files", "The list of photos and projects you opened lately (never the files themselves)."),
    "print_history": ("Print history", "When you printed, on which model, with which settings; never the picture."),
    "crash_logs": ("Crash logs", "Kept only if you turned crash logs on; redacted."),
    "activity_log": ("Permission activity", "The 7-day list of which feature used which permission."),
    "thumbnails": ("Preview cache", "Small previews that make reopening faster."),
}


def days_text(days: int | None) -> str:
    if days is None:
        return "until you delete it"
    if days == 0:
        return "off (not kept)"
    return "1 day" if days == 1 else f"{days} days"


def retention_rules(settings: Any) -> list[RetentionRule]:
    """One rule per kind of data kept, with the current period and the periods the user may choose."""
    from phocol_desktop.storage.settings import RETENTION_CHOICES

    rules = []
    for category, choices in RETENTION_CHOICES.items():
        title, text = RETENTION_TITLES.get(category, (category, ""))
        rules.append(RetentionRule(category, title, text, settings.retention(category), tuple(choices)))
    return rules


@dataclass(frozen=True)
class NoticeView:
    """What the first-run (or changed-policy) notice shows, in the UI's language."""

    summary_html: str
    policy_text: str
    version_raw: str
    sha256: str  # of the policy
    what_changed: list[str]
    locale: str
    text_sha256: str  # of the notice text as shown (title, summary, storage line, policy): recorded with the answer
    title: str = ""
    summary: tuple[str, ...] = ()
    stays_on_device: str = ""
    not_in_build: str = ""  # "Not in this build: …" in the notice's language
    reason: str = "first_run"

    def plain_text(self, *, full_policy: bool) -> str:
        """The notice as a terminal shows it (``privacy notice``); its hash is what the CLI records."""
        lines = [self.title, *(f"  - {line}" for line in self.summary), self.stays_on_device, self.not_in_build,
                 f"Policy (as published) {self.version_raw} · SHA-256 {self.sha256}"]
        if self.what_changed:
            lines.append("What changed: " + ", ".join(self.what_changed))
        if full_policy:
            lines += ["", self.policy_text]
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class PurposeText:
    title: str
    rationale: str
    this_build: str


def catalog_text(locale: str) -> Mapping[str, Any] | None:
    """The app's own notice and permission texts in ``locale`` (assets/i18n/catalog_<locale>.json), if any."""
    if not locale or locale.startswith("en"):
        return None
    return _catalog_text(locale)


@functools.lru_cache(maxsize=4)
def _catalog_text(locale: str) -> Mapping[str, Any] | None:
    import json
    from importlib import resources

    # Exact locale only: Simplified Chinese is not shown to zh_TW users (they get English, like the UI).
    # One name per joinpath: the frozen app's resource reader (a MultiplexedPath) takes no more.
    entry = resources.files("phocol_desktop.assets").joinpath("i18n").joinpath(f"catalog_{locale}.json")
    return json.loads(entry.read_text(encoding="utf-8")) if entry.is_file() else None


def purpose_name(purpose: Purpose, locale: str = "en") -> str:
    """A purpose's title in ``locale`` (English when there is no translation)."""
    local = ((catalog_text(locale) or {}).get("purposes") or {}).get(purpose.id) or {}
    return str(local.get("title") or purpose.title)


def purpose_text(gate: PrivacyGate, purpose_id: str, locale: str = "en") -> PurposeText:
    p = gate.catalog.get(purpose_id)
    english = PurposeText(p.title, p.rationale or p.this_build, p.this_build) if p else PurposeText(purpose_id, "", "")
    texts = catalog_text(locale)
    local = (texts or {}).get("purposes", {}).get(purpose_id)
    if not local:
        return english
    return PurposeText(local.get("title", english.title), local.get("rationale", english.rationale),
                       local.get("this_build", english.this_build))


def notice_view(notice: Any, gate: PrivacyGate, locale: str = "en") -> NoticeView:
    from html import escape

    title, summary, stays, absent_label = notice.title, list(notice.summary), notice.stays_on_device, \
        "Not in this build"
    texts = catalog_text(locale)
    if texts is not None:
        from phocol_desktop.privacy.notice import summary_lines
        from phocol_desktop.storage.settings import DEFAULT_RETENTION

        words = texts["notice"]
        c = gate.catalog.controller
        params = {"app_log_days": DEFAULT_RETENTION.get("app_log", 30), "email": c.get("email", ""),
                  "subject": c.get("subject", ""), "response_promise": words.get("response_promise", "")}
        title, stays, absent_label = words["title"], words["stays_on_device"], words["not_in_build"]
        summary = []
        for key, english in summary_lines(gate.catalog):
            if key.startswith("purpose:"):
                t = purpose_text(gate, key.split(":", 1)[1], locale)
                summary.append(f"{t.title}：{t.this_build}")
            elif key == "on_by_default":
                on = [p for p in gate.catalog if p.in_build and p.kind == "setting" and p.default_state == "granted"]
                listed = "；".join(f"{purpose_text(gate, p.id, locale).title}（{words['retention'].get(p.id, '')}）"
                                  for p in on)
                summary.append(f"{words['on_by_default']}{listed}。")
            else:
                summary.append(words[key].format(**params) if key in words else english)
    else:
        locale = "en"
    items = "".join(f"<li>{escape(line)}</li>" for line in summary)
    colon, comma, stop = ("：", "、", "。") if locale.startswith("zh") else (": ", ", ", ".")
    absent = comma.join(escape(purpose_text(gate, p.id, locale).title) for p in gate.catalog.not_in_build())
    html = (f"<h3>{escape(title)}</h3><ul>{items}</ul><p>{escape(stays)}</p>"
            f"<p><small>{escape(absent_label)}{colon}{absent}{stop}</small></p>")
    titles = {p.id: purpose_text(gate, p.id, locale).title for p in gate.catalog}
    changed = [titles.get(pid, pid) for pid in notice.changed_purposes]
    shown = sha256_hex("\n".join([title, *summary, stays, notice.policy_text]).encode())
    absent_plain = f"{absent_label}{colon}" + comma.join(purpose_text(gate, p.id, locale).title
                                                         for p in gate.catalog.not_in_build()) + stop
    return NoticeView(html, notice.policy_text, notice.policy_version_raw, notice.policy_sha256, changed, locale,
                      shown, title, tuple(summary), stays, absent_plain, notice.reason)


@dataclass(frozen=True)
class DashboardData:
    """One consistent read of everything the privacy dashboard shows."""

    rows: list[PrivacyRow]
    activity: list[ActivityRow]
    ledger: list[LedgerRow]
    status: LedgerStatus
    retention: list[RetentionRule]
    disclosures: Disclosures
    policy: PolicyView
    contact: ContactView
    rights: tuple[str, ...]  # right ids; the dashboard words them
    settings: PrivacySettings | None = None


@dataclass(frozen=True)
class PrivacySettings:
    """The privacy controls beside the permissions: restrict (pause), jurisdiction, storage without keyring."""

    limited_mode: bool
    jurisdiction: str
    jurisdictions: tuple[str, ...]
    pausable: tuple[str, ...]
    paused: tuple[str, ...]
    keyring_available: bool
    store_unencrypted: bool  # the opt-in (applies only while there is no keyring)
    storage_mode: str  # encrypted / memory / plaintext
    categories: tuple[Any, ...] = ()  # privacy.data.CategoryInfo: "Data on this device" with counts
    erasable_alone: tuple[str, ...] = ()


def privacy_settings(privacy: Any) -> PrivacySettings:
    """Read from a ``PrivacyService`` (worker thread: it reads the settings file)."""
    from phocol_desktop.privacy.data import ERASABLE_ALONE
    from phocol_desktop.storage.settings import JURISDICTIONS, PAUSABLE

    return PrivacySettings(privacy.limited_mode, privacy.jurisdiction(), JURISDICTIONS, PAUSABLE,
                           tuple(privacy.paused()), privacy.secrets.backend_available(),
                           privacy.unencrypted_storage_allowed(), privacy.storage_mode(),
                           tuple(privacy.data_categories()), ERASABLE_ALONE)
