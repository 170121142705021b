"""The permission gate: the single choke-point before every Bluetooth scan or connect, camera open, file import,
crash-log write and support-bundle creation.

    gate.require("bt.discover_connect_print", feature="bt_scan")   # raises PurposeDenied (a PermissionDenied)

Decisions come only from the user: through the settings surface (``grant``/``revoke``/``set_decision``) or,
when a purpose is undetermined or "ask every time", through the *asker* of the call (``require(...,
asker=...)``: the window's prompt, the CLI's y/N) which the gate calls with the purpose's rationale from the
catalog. ``require`` returns a ``Permit``; passing it to the checks of the same user action (``action=``)
lets an "ask every time" answer cover that action, so the user is asked once per action (AT-11).
Qt's or the OS's "granted" is never taken as the user's decision: an OS
check registered with ``register_os_check`` can only refuse after the user allowed (AT-10).

Every decision writes exactly one ledger record; every allowed use writes an access event to the 7-day
activity log, naming the feature. Withdrawal runs the ``on_withdraw`` effects registered for the purpose
(stop scanning, close the link, delete data held on that basis) before it returns, and writes one
``withdrawal`` record listing them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from phocol_desktop.domain.errors import PermissionDenied
from phocol_desktop.privacy.activity import ActivitySink, MemoryActivity
from phocol_desktop.privacy.catalog import Catalog, Purpose, load_catalog
from phocol_desktop.privacy.ledger import Chain, Envelope, LedgerState, State, parse_ts, rfc3339_ms, sha256_hex
from phocol_desktop.privacy.timebase import DAY, MonoCounter, SystemWallClock, WallClock

log = logging.getLogger(__name__)

BLUETOOTH = "bt.discover_connect_print"
CAMERA = "camera.capture"
FILES = "files.import_export"
CRASH_LOGS = "diag.crash_local"
SHARE_ONCE = "diag.share_once"
RECENT_FILES = "history.recent_files"
PRINT_HISTORY = "history.print_jobs"


class Decision(StrEnum):
    ALLOW = "allow"  # until revoked (or the purpose's expiry)
    ALLOW_ONCE = "allow_once"  # "Only this time": until ``end_once`` (e.g. the capture view closes)
    DENY = "deny"  # standing refusal, from the settings surface
    ASK_EVERY_TIME = "ask_every_time"  # standing: prompt on each use
    NOT_NOW = "not_now"  # in-context refusal of this use: asked again only on the next user action
    DISMISSED = "dismissed"  # Esc / closed the prompt: a refusal, recorded (CNIL: silence = refusal)


IN_CONTEXT_CHOICES = (Decision.ALLOW, Decision.ALLOW_ONCE, Decision.NOT_NOW)


class PurposeDenied(PermissionDenied):
    """The gate refused a purpose. ``why`` is one of: denied, undetermined, not_in_build, limited_mode,
    os_denied, unknown_purpose, refused_now."""

    def __init__(self, purpose_id: str, why: str, reason: str, advice: str | None = None) -> None:
        super().__init__(reason, advice)
        self.purpose_id = purpose_id
        self.why = why


@dataclass(frozen=True)
class AskRequest:
    """What an asker shows: the purpose, why it is needed (catalog text) and the choices, none pre-selected."""

    purpose_id: str
    title: str
    rationale: str
    rationale_sha256: str
    feature: str
    legal_basis: str
    options: tuple[Decision, ...]


Asker = Callable[[AskRequest], "Decision | None"]


@dataclass(frozen=True)
class Permit:
    """What ``require`` returns: this use was allowed, and whether the user was asked for it just now."""

    gate: PrivacyGate = field(repr=False, compare=False)
    purpose_id: str
    allowed_by_asking: bool


@dataclass(frozen=True)
class WithdrawEffects:
    """What an on-withdraw callback did: names of stopped processes, data categories deleted (with counts)."""

    stopped_processes: tuple[str, ...] = ()
    deleted_categories: Mapping[str, int] = field(default_factory=dict)


WithdrawCallback = Callable[[str], "WithdrawEffects | None"]
OsCheck = Callable[[str], bool]


@dataclass(frozen=True)
class WithdrawalResult:
    purpose_id: str
    stopped_processes: tuple[str, ...]
    deleted_categories: Mapping[str, int]
    errors: tuple[str, ...]
    record: Mapping[str, Any]


class LedgerBackend(Protocol):
    @property
    def state(self) -> LedgerState: ...

    def append(self, type_: str, payload: Mapping[str, Any]) -> dict[str, Any]: ...


class MemoryLedger:
    """A ledger that lives only in memory (tests; no keyring and no opt-in to files)."""

    def __init__(self, envelope: Envelope, clock: WallClock) -> None:
        self.chain = Chain(envelope)
        self._clock = clock
        self._mono = MonoCounter(clock)
        self.append("ledger_genesis", {"segment": 1, "reason": "first_run"})

    @property
    def state(self) -> LedgerState:
        return self.chain.state

    @property
    def records(self) -> list[dict[str, Any]]:
        return self.chain.records

    def append(self, type_: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        rec = self.chain.next_record(type_, payload, now_epoch=self._clock.now(), mono_ns=self._mono.ns())
        self.chain.accept(rec)
        return rec


def text_sha256(text: str) -> str:
    return sha256_hex(text.encode("utf-8"))


@dataclass(frozen=True)
class PurposeView:
    """One row of the privacy dashboard."""

    purpose: Purpose
    state: str  # a ledger.State value or "not_in_build"
    from_default: bool
    expires_at: str | None
    decided_at: str | None
    last_used: str | None
    once_active: bool


class PrivacyGate:
    def __init__(self, catalog: Catalog, ledger: LedgerBackend, *, asker: Asker | None = None,
                 activity: ActivitySink | None = None, clock: WallClock | None = None,
                 surface_kind: str = "gui", erase_category: Callable[[str], int] | None = None) -> None:
        self.catalog = catalog
        self.ledger = ledger
        self.asker = asker  # the default for calls without one (a surface that always asks the same way)
        self.clock = clock or SystemWallClock()
        self.activity = activity or MemoryActivity(self.clock)
        self.surface_kind = surface_kind
        self.erase_category = erase_category
        self._lock = threading.RLock()
        self._once: set[str] = set()
        self._on_withdraw: dict[str, list[WithdrawCallback]] = {}
        self._os_checks: dict[str, OsCheck] = {}

    # -- construction helpers ---------------------------------------------------------------------------

    @classmethod
    def in_memory(cls, decisions: Mapping[str, Decision | str] | None = None, *, asker: Asker | None = None,
                  clock: WallClock | None = None, catalog: Catalog | None = None) -> PrivacyGate:
        """A gate over an in-memory ledger, optionally with decisions already made (for other layers' tests)."""
        catalog = catalog or load_catalog()
        clock = clock or SystemWallClock()
        envelope = Envelope(subject_ref="00000000-0000-4000-8000-000000000000", controller_ref="test",
                            policy={"version_raw": str(catalog.policy["version_raw"]),
                                    "sha256": str(catalog.policy["sha256"]), "lang": "en"},
                            app={"version": "test", "build": "test", "platform": "test", "qt": ""})
        gate = cls(catalog, MemoryLedger(envelope, clock), asker=asker, clock=clock)
        for pid, decision in (decisions or {}).items():
            gate.set_decision(pid, Decision(decision), trigger="test")
        return gate

    # -- registration by services ---------------------------------------------------------------------

    def on_withdraw(self, purpose_id: str, callback: WithdrawCallback) -> Callable[[], None]:
        """Run ``callback(purpose_id)`` when the user withdraws the purpose; returns an unregister function.

        Callbacks run synchronously in ``withdraw`` and must be quick (schedule the stop on your worker and
        return): withdrawal must take effect within a second (AT-18).
        """
        with self._lock:
            self._on_withdraw.setdefault(purpose_id, []).append(callback)

        def unregister() -> None:
            with self._lock:
                callbacks = self._on_withdraw.get(purpose_id, [])
                if callback in callbacks:
                    callbacks.remove(callback)

        return unregister

    def register_os_check(self, purpose_id: str, check: OsCheck) -> None:
        """An OS-level check (macOS TCC, the Windows camera switch) consulted *after* the user allowed.

        It can only refuse: an OS "granted" never stands in for the user's decision.
        """
        self._os_checks[purpose_id] = check

    # -- state ------------------------------------------------------------------------------------------

    def _purpose(self, purpose_id: str) -> Purpose:
        p = self.catalog.get(purpose_id)
        if p is None:
            raise PurposeDenied(purpose_id, "unknown_purpose", f"Unknown privacy purpose {purpose_id!r}.",
                                "This is a bug in Phocol Desktop; nothing was accessed.")
        return p

    @property
    def limited_mode(self) -> bool:
        return self.ledger.state.limited_mode

    def state_of(self, purpose_id: str) -> str:
        """The standing state: undetermined, granted, denied, ask_every_time or not_in_build. No prompt."""
        p = self._purpose(purpose_id)
        if not p.in_build:
            return "not_in_build"
        return self._standing(p)[0].value

    def _standing(self, p: Purpose) -> tuple[State, bool]:
        st = self.ledger.state.status(p.id, self.clock.now())
        if st is None:
            default = p.default_state if p.default_state != "not_in_build" else "denied"
            return State(default), True
        # A decision made for an older version of a purpose does not cover the changed purpose (PIPL Art 14):
        # grants fall back to undetermined and are re-asked in context; refusals stay refusals.
        if st.state in (State.GRANTED, State.ASK_EVERY_TIME) and st.purpose_version is not None \
                and st.purpose_version != p.version:
            return State.UNDETERMINED, False
        return st.state, False

    def is_allowed(self, purpose_id: str) -> bool:
        """Would ``require`` pass without asking? (to enable or disable controls; records nothing)."""
        p = self.catalog.get(purpose_id)
        if p is None or not p.in_build or (self.limited_mode and p.blocked_in_limited_mode):
            return False
        return purpose_id in self._once or self._standing(p)[0] is State.GRANTED

    def view(self) -> list[PurposeView]:
        out = []
        usage = getattr(self.activity, "last_used_all", None)
        last_used = usage() if usage is not None else {p.id: self.activity.last_used(p.id) for p in self.catalog}
        for p in self.catalog:
            st = self.ledger.state.status(p.id, self.clock.now())
            state = "not_in_build" if not p.in_build else self._standing(p)[0].value
            last = last_used.get(p.id)
            out.append(PurposeView(p, state, st is None, st.expires_at if st else None,
                                   st.decided_at if st else None, rfc3339_ms(last) if last else None,
                                   p.id in self._once))
        return out

    # -- the choke-point --------------------------------------------------------------------------------

    def require(self, purpose_id: str, *, feature: str, interactive: bool = True, asker: Asker | None = None,
                action: Permit | None = None) -> Permit:
        """Return a ``Permit`` if the purpose may be used now for ``feature``; otherwise raise ``PurposeDenied``.

        ``asker`` asks the user of this call (a GUI prompt, the CLI's y/N); without one, the gate's own
        (``asker=`` at construction) is used. ``interactive=False`` (background work, crash handlers) never
        prompts: undetermined means no. ``action``: the permit of the user action this use belongs to (the
        click asked; the worker's own check then does not ask again, AT-11), which carries an "ask every
        time" answer to the rest of that action. Refusals and withdrawals still stop it.
        """
        p = self._purpose(purpose_id)
        if not p.in_build:
            raise PurposeDenied(purpose_id, "not_in_build", f"{p.title}: not included in this build.",
                                "This build cannot do this; nothing was accessed.")
        if p.kind == "core":
            self._used(p, feature)
            return Permit(self, p.id, False)
        if self.limited_mode and p.blocked_in_limited_mode:
            raise PurposeDenied(purpose_id, "limited_mode",
                                f"{p.title} is off because you disagreed with the privacy notice (limited mode).",
                                "Review the notice again with `phocol-desktop privacy notice` or in Privacy "
                                "settings; the editor keeps working.")
        with self._lock:
            self.sweep([p])
            once = purpose_id in self._once
            state = self._standing(p)[0]
        if not once and state is not State.GRANTED:
            if state is State.DENIED:
                raise PurposeDenied(purpose_id, "denied", f"{p.title} is turned off.",
                                    f"Allow it in Privacy settings or with `phocol-desktop privacy grant "
                                    f"{purpose_id}`.")
            answered = action is not None and action.allowed_by_asking and action.gate is self \
                and action.purpose_id == purpose_id and state is State.ASK_EVERY_TIME
            if not answered:
                self._ask(p, feature, state, interactive, asker or self.asker)
                return self._allowed(p, feature, asked=True)
        return self._allowed(p, feature, asked=False)

    def _allowed(self, p: Purpose, feature: str, *, asked: bool) -> Permit:
        check = self._os_checks.get(p.id)
        if check is not None and not check(p.id):
            raise PurposeDenied(p.id, "os_denied", f"The operating system blocks {p.title}.",
                                "Allow Phocol Desktop in the system privacy settings, then try again.")
        self._used(p, feature)
        return Permit(self, p.id, asked)

    def _used(self, p: Purpose, feature: str) -> None:
        try:
            self.activity.record(p.id, feature)
        except OSError:
            log.warning("could not write the activity log (purpose %s)", p.id)

    def _ask(self, p: Purpose, feature: str, state: State, interactive: bool, asker: Asker | None) -> None:
        if not interactive or asker is None:
            raise PurposeDenied(p.id, "undetermined", f"{p.title} has not been allowed yet.",
                                f"Allow it in Privacy settings or with `phocol-desktop privacy grant {p.id}`.")
        if state is State.ASK_EVERY_TIME:
            options: tuple[Decision, ...] = (Decision.ALLOW_ONCE, Decision.NOT_NOW)
        else:
            offered = {Decision(d) for d in p.decisions_offered}
            options = tuple(d for d in IN_CONTEXT_CHOICES if d in offered or d is Decision.NOT_NOW)
        rationale = p.rationale or p.this_build
        request = AskRequest(p.id, p.title, rationale, text_sha256(rationale), feature, p.legal_basis, options)
        answer = asker(request)
        answer = Decision.DISMISSED if answer is None else Decision(answer)
        if answer not in options and answer is not Decision.DISMISSED:
            answer = Decision.DISMISSED  # an asker cannot widen the choices it was given
        if state is State.ASK_EVERY_TIME and answer is Decision.ALLOW:
            answer = Decision.ALLOW_ONCE
        surface = self._surface("in_context_prompt", "in_context", "prompt", 1, [o.value for o in options])
        with self._lock:
            self._record(p, answer, surface, rationale, feature=feature)
            if answer is Decision.ALLOW_ONCE and state is not State.ASK_EVERY_TIME:
                self._once.add(p.id)  # lasts until end_once (the capture view closes) or the session ends
        if answer not in (Decision.ALLOW, Decision.ALLOW_ONCE):
            raise PurposeDenied(p.id, "refused_now", f"{p.title}: not allowed this time.",
                                "You will be asked again the next time you use this feature.")

    # -- decisions ----------------------------------------------------------------------------------------

    def _surface(self, ui_id: str, trigger: str, method: str, clicks: int, buttons: Iterable[str]) -> dict[str, Any]:
        return {"kind": self.surface_kind, "ui_id": ui_id, "trigger": trigger, "method": method,
                "clicks_to_decide": int(clicks), "buttons_shown": list(buttons), "default_button": "none"}

    def _record(self, p: Purpose, decision: Decision, surface: Mapping[str, Any], text_shown: str, *,
                feature: str | None = None) -> dict[str, Any]:
        decision_word, granularity = {
            Decision.ALLOW: ("granted", "until_revoked"),
            Decision.ALLOW_ONCE: ("granted", "once"),
            Decision.DENY: ("denied", "until_revoked"),
            Decision.ASK_EVERY_TIME: ("ask_every_time", "until_revoked"),
            Decision.NOT_NOW: ("denied", "once"),
            Decision.DISMISSED: ("dismissed", "once"),
        }[decision]
        expires_at = None
        if decision is Decision.ALLOW and p.expiry_days:
            granularity = "until"
            expires_at = rfc3339_ms(self.clock.now() + p.expiry_days * DAY)
        before = self._standing(p)[0].value
        common = {"purpose_id": p.id, "purpose_version": p.version, "decision": decision_word,
                  "answer": decision.value, "granularity": granularity, "expires_at": expires_at,
                  "surface": dict(surface), "text": {"sha256": text_sha256(text_shown)}}
        if feature:
            common["feature"] = feature
        prior = self.ledger.state.purposes.get(p.id)
        if prior is not None and prior.decided_seq is not None:
            common["supersedes_seq"] = prior.decided_seq
        if p.kind == "consent":
            retention_days = p.retention.get("days")
            payload = {**common, "legal_basis": p.legal_basis, "scope": {
                "data_categories": list(p.data_categories), "processing": list(p.processing),
                "recipients": list(p.recipients), "storage": "on_device", "retention_days": retention_days}}
            return self.ledger.append("consent_decision", payload)
        after = {"granted": "Granted", "denied": "Denied", "dismissed": before.capitalize(),
                 "ask_every_time": "AskEveryTime"}[decision_word]
        payload = {**common, "gate": "app", "os_api": None, "os_prompt_shown": False,
                   "rationale_shown": surface.get("trigger") == "in_context", "legal_basis": p.legal_basis,
                   "status_before": before.capitalize().replace("_", ""), "status_after": after}
        return self.ledger.append("permission_result", payload)

    def set_decision(self, purpose_id: str, decision: Decision | str, *, trigger: str = "settings",
                     ui_id: str = "privacy_settings", clicks: int = 1,
                     buttons: Iterable[str] | None = None, text_shown: str | None = None) -> dict[str, Any]:
        """A decision from the settings surface (GUI toggle, CLI command). One record; withdrawal if it
        turns off a purpose that was allowed. ``text_shown``: the rationale as the surface showed it (its
        hash is recorded; the catalog's English rationale when not given)."""
        p = self._purpose(purpose_id)
        decision = Decision(decision)
        if not p.gated:
            raise PurposeDenied(purpose_id, "not_in_build", f"{p.title}: not included in this build, so it "
                                "cannot be switched on or off.", "Nothing to change.")
        if decision.value not in p.decisions_offered or decision is Decision.ALLOW_ONCE:
            allowed = ", ".join(d for d in p.decisions_offered if d != "allow_once")
            raise PurposeDenied(purpose_id, "denied", f"{p.title}: {decision.value!r} is not a choice here.",
                                f"Choose one of: {allowed}.")
        with self._lock:
            state = self._standing(p)[0]
            if decision is Decision.DENY and (state in (State.GRANTED, State.ASK_EVERY_TIME)
                                              or purpose_id in self._once):
                return dict(self.withdraw(purpose_id, ui_id=ui_id, clicks=clicks).record)
            surface = self._surface(ui_id, trigger, "command" if self.surface_kind == "cli" else "toggle", clicks,
                                    buttons if buttons is not None else p.decisions_offered)
            return self._record(p, decision, surface, text_shown or p.rationale or p.this_build)

    def grant(self, purpose_id: str, **kw: Any) -> dict[str, Any]:
        return self.set_decision(purpose_id, Decision.ALLOW, **kw)

    def revoke(self, purpose_id: str, **kw: Any) -> dict[str, Any]:
        return self.set_decision(purpose_id, Decision.DENY, **kw)

    def withdraw(self, purpose_id: str, *, ui_id: str = "privacy_settings", clicks: int = 1) -> WithdrawalResult:
        """Take the purpose away now: run its effects, delete the data held on that basis, write one record."""
        p = self._purpose(purpose_id)
        stopped: list[str] = []
        deleted: dict[str, int] = {}
        errors: list[str] = []
        with self._lock:
            self._once.discard(purpose_id)
            callbacks = list(self._on_withdraw.get(purpose_id, []))
        for cb in callbacks:
            try:
                eff = cb(purpose_id)
            except Exception as exc:  # one failing service must not keep the others running
                log.exception("on-withdraw effect failed for %s", purpose_id)
                errors.append(type(exc).__name__)
                continue
            if eff is not None:
                stopped.extend(eff.stopped_processes)
                for cat, n in eff.deleted_categories.items():
                    deleted[cat] = deleted.get(cat, 0) + int(n)
        for cat in p.delete_on_withdraw:
            if self.erase_category is None:
                continue
            try:
                deleted[cat] = deleted.get(cat, 0) + int(self.erase_category(cat))
            except OSError as exc:
                errors.append(f"{cat}: {type(exc).__name__}")
        payload = {"purpose_id": p.id, "purpose_version": p.version,
                   "surface": self._surface(ui_id, "settings", "toggle", clicks, ["allow", "deny"]),
                   "clicks": int(clicks), "effects": {"stopped_processes": sorted(set(stopped)),
                                                      "deleted_categories": dict(sorted(deleted.items()))},
                   "errors": errors}
        with self._lock:
            rec = self.ledger.append("withdrawal", payload)
        log.info("withdrew %s: stopped %d, deleted %d categories", p.id, len(set(stopped)), len(deleted))
        return WithdrawalResult(p.id, tuple(sorted(set(stopped))), dict(deleted), tuple(errors), rec)

    def end_once(self, purpose_id: str) -> None:
        """"Only this time" is over (the capture view closed): the next use asks again."""
        with self._lock:
            if purpose_id in self._once:
                self._once.discard(purpose_id)
                p = self._purpose(purpose_id)
                self.ledger.append("expiry", {"purpose_id": p.id, "purpose_version": p.version,
                                              "reason": "once_ended"})

    def close(self) -> None:
        for pid in list(self._once):
            self.end_once(pid)

    def forget_session(self) -> None:
        """Drop "only this time" answers without writing records (after an erasure replaced the ledger)."""
        with self._lock:
            self._once.clear()

    def once_active(self, purpose_id: str) -> bool:
        return purpose_id in self._once

    # -- expiry and the 90-day auto-reset -------------------------------------------------------------

    def sweep(self, purposes: Iterable[Purpose] | None = None) -> list[dict[str, Any]]:
        """Write ``expiry`` (past ``expires_at``) and ``auto_reset`` (unused for N days) records. Run at
        start-up; ``require`` also runs it for its purpose so a lapsed grant never slips through."""
        written = []
        now = self.clock.now()
        with self._lock:
            for p in purposes if purposes is not None else self.catalog.gated():
                st = self.ledger.state.purposes.get(p.id)
                if st is None or st.state is not State.GRANTED:
                    continue
                if st.expires_at and parse_ts(st.expires_at) <= now:
                    written.append(self.ledger.append("expiry", {"purpose_id": p.id, "purpose_version": p.version,
                                                                 "reason": "ttl", "expired_at": st.expires_at}))
                    continue
                if p.reset_after_unused_days:
                    last_use = self.activity.last_used(p.id)
                    decided = parse_ts(st.decided_at) if st.decided_at else now
                    last = max(last_use or 0.0, decided)
                    if now - last >= p.reset_after_unused_days * DAY:
                        written.append(self.ledger.append("auto_reset", {
                            "purpose_id": p.id, "purpose_version": p.version, "reason": "unused_90d",
                            "unused_days": int((now - last) // DAY)}))
        return written

