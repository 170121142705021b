"""What a user may do with a purpose right now: the one rule the dashboard and ``privacy status`` both read.

    actions = purpose_actions(purpose, state, limited_mode=..., once_active=...)
    actions.choices            # the settings decisions possible now, in display order: allow, ask_every_time, deny
    actions.can_grant / can_ask / can_revoke
    actions.why_not_grant      # a ``Blocked`` value when the choice is unavailable; each surface words it

"Allow" records ``allow`` where the purpose offers a standing grant, else ``ask_every_time`` (the support
bundle is only ever allowed one use at a time, so allowing it means "ask me each time"; refusing it is
reversible the same way). "Don't allow" is possible whenever the purpose is not already refused, also
before any decision (a refusal in advance) and in limited mode (refusing is never blocked).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from phocol_desktop.privacy.catalog import Purpose

ALLOW, ASK_EVERY_TIME, DENY = "allow", "ask_every_time", "deny"
SETTINGS_DECISIONS = (ALLOW, ASK_EVERY_TIME, DENY)  # display order; "allow once" is only ever asked in context
TARGET_STATE = {ALLOW: "granted", ASK_EVERY_TIME: "ask_every_time", DENY: "denied"}


class Blocked(StrEnum):
    """Why a choice is not available; the views turn each into words and a way forward."""

    NOT_IN_BUILD = "not_in_build"  # this build cannot do it at all
    CORE = "core"  # needed for the app to work and never optional: nothing to decide
    LIMITED_MODE = "limited_mode"  # the user disagreed with the notice: agreeing to it makes this possible
    ALREADY = "already"  # the purpose is already in that state
    NOT_OFFERED = "not_offered"  # the policy does not offer this choice for this purpose


@dataclass(frozen=True)
class PurposeActions:
    purpose_id: str
    state: str  # undetermined / granted / denied / ask_every_time / not_in_build
    choices: tuple[str, ...]
    grant_decision: str | None  # what "Allow" records
    why_not_grant: Blocked | None
    why_not_ask: Blocked | None
    why_not_revoke: Blocked | None

    @property
    def can_grant(self) -> bool:
        return self.why_not_grant is None

    @property
    def can_ask(self) -> bool:
        return self.why_not_ask is None

    @property
    def can_revoke(self) -> bool:
        return self.why_not_revoke is None

    def why_not(self, decision: str) -> Blocked | None:
        if self.why_not_grant in (Blocked.NOT_IN_BUILD, Blocked.CORE):
            return self.why_not_grant
        if decision == DENY:
            return self.why_not_revoke
        if decision == self.grant_decision:
            return self.why_not_grant
        return self.why_not_ask if decision == ASK_EVERY_TIME else Blocked.NOT_OFFERED

    def as_dict(self) -> dict[str, Any]:
        return {"choices": list(self.choices), "grant_decision": self.grant_decision,
                "can_grant": self.can_grant, "can_ask": self.can_ask, "can_revoke": self.can_revoke,
                "why_not_grant": self.why_not_grant and self.why_not_grant.value,
                "why_not_ask": self.why_not_ask and self.why_not_ask.value,
                "why_not_revoke": self.why_not_revoke and self.why_not_revoke.value}


def purpose_actions(purpose: Purpose, state: str, *, limited_mode: bool, once_active: bool = False) -> PurposeActions:
    if not purpose.in_build or not purpose.gated:
        why = Blocked.NOT_IN_BUILD if not purpose.in_build else Blocked.CORE
        return PurposeActions(purpose.id, state, (), None, why, why, why)
    offered = [d for d in SETTINGS_DECISIONS if d in purpose.decisions_offered]
    grant = ALLOW if ALLOW in offered else (ASK_EVERY_TIME if ASK_EVERY_TIME in offered else None)
    blocked_here = limited_mode and purpose.blocked_in_limited_mode

    def why(decision: str | None) -> Blocked | None:
        if decision is None or decision not in offered:
            return Blocked.NOT_OFFERED
        if decision == DENY:  # refusing is never blocked, not even in limited mode
            return Blocked.ALREADY if state == "denied" and not once_active else None
        if blocked_here:
            return Blocked.LIMITED_MODE
        return Blocked.ALREADY if state == TARGET_STATE[decision] else None

    why_grant, why_revoke = why(grant), why(DENY)
    # A separate "ask every time" choice exists only where "Allow" means a standing grant.
    why_ask = why(ASK_EVERY_TIME) if grant == ALLOW else Blocked.NOT_OFFERED
    choices = tuple(d for d, w in ((grant, why_grant), (ASK_EVERY_TIME, why_ask), (DENY, why_revoke))
                    if d is not None and w is None)
    return PurposeActions(purpose.id, state, choices, grant, why_grant, why_ask, why_revoke)
