"""The first-run notice built from the bundled policy, and the re-notice when the policy or catalog changes.

A notice is not consent: answering it writes ``notice_presented`` + ``notice_ack``
with the decision ``agreed`` / ``disagreed`` / ``dismissed`` (Esc or close = refusal, recorded). Anything
but ``agreed`` is limited mode: the editor works; Bluetooth and the camera stay off. Nothing is pre-ticked
and both buttons are offered with equal weight; this module says which, the GUI draws them alike.

The ack stores the policy hash and each purpose's version, so a later build knows exactly what changed and
re-asks only those purposes (the gate treats a grant made for an older purpose version as undetermined).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from phocol_desktop.privacy.catalog import Catalog
from phocol_desktop.privacy.ledger import sha256_hex

ANSWERS = ("agreed", "disagreed", "dismissed")
BUTTONS = ("agree", "disagree")  # same widget class and size; no default button (AT-05)
NOTICE_TEXT_ID = "notice.first_run"


def bundled_policy_bytes(catalog: Catalog) -> bytes:
    return resources.files("phocol_desktop.assets").joinpath(str(catalog.policy["file"])).read_bytes()


@dataclass(frozen=True)
class Notice:
    reason: str  # first_run / policy_changed / catalog_changed
    title: str
    summary: tuple[str, ...]  # the layered summary, one line each
    stays_on_device: str
    not_in_build: tuple[str, ...]  # titles of purposes this build does not have
    policy_text: str  # the full policy, raw
    policy_sha256: str
    policy_version_raw: str  # shown raw: "03,01, 2025" could mean 1 March or 3 January
    policy_matches_catalog: bool
    changed_purposes: tuple[str, ...]  # "What changed": purpose ids new or with a new version
    buttons: tuple[str, ...] = BUTTONS
    default_button: None = None
    preticked: tuple[str, ...] = ()

    @property
    def text_sha256(self) -> str:
        """The hash of what the notice shows (summary and the full policy), recorded with the answer."""
        return sha256_hex("\n".join([self.title, *self.summary, self.stays_on_device, self.policy_text]).encode())


NOTICE_PURPOSE_KINDS = ("permission", "file_dialog", "consent")
LOGS_LINE = ("The app also keeps an application log (diagnostic messages without addresses, user name or photo "
             "paths; kept {app_log_days} days, and it records prints only while print history is on) and an activity "
             "log of which feature used Bluetooth, the camera or your files (7 days). You can view, export and erase "
             "both in Privacy settings.")
RIGHTS_LINE = ("Your rights: see, copy, correct and delete your data, restrict or object to its use, withdraw consent, "
               "take it elsewhere, and complain to a regulator. Most of it works right here in Privacy settings; for "
               "anything else write to {email} (subject {subject}): Phocol commits to respond {response_promise}.")
CHILDREN_LINE = ("Children: the policy says its services are not intended for children under 4. In mainland China a "
                 "child under 14 needs a parent's or guardian's consent before their personal information is "
                 "processed (PIPL Art 31).")


def summary_lines(catalog: Catalog) -> list[tuple[str, str]]:
    """The notice's layered summary as (key, English line); ``privacy_views.notice_view`` translates by key."""
    from phocol_desktop.storage.settings import DEFAULT_RETENTION

    c = catalog.controller
    on = [p for p in catalog if p.in_build and p.kind == "setting" and p.default_state == "granted"]
    lines = [("first_line", "Phocol Desktop keeps everything on this computer: it sends nothing to Phocol or anyone "
                            "else.")]
    lines += [(f"purpose:{p.id}", f"{p.title}: {p.this_build}") for p in catalog
              if p.in_build and p.kind in NOTICE_PURPOSE_KINDS]
    if on:
        lines.append(("on_by_default", "On until you turn them off (each can be paused, shortened or erased): "
                      + "; ".join(f"{p.title} — {str(p.retention.get('text', '')).rstrip('.')}" for p in on) + "."))
    lines += [
        ("logs", LOGS_LINE.format(app_log_days=DEFAULT_RETENTION.get("app_log", 30))),
        ("asked_in_context", "Bluetooth and the camera are asked for only when you use them; crash logs are off "
                             "unless you opt in."),
        ("rights", RIGHTS_LINE.format(email=c.get("email", ""), subject=c.get("subject", ""),
                                      response_promise=c.get("response_promise", ""))),
        ("children", CHILDREN_LINE),
        ("agreeing", "Agreeing is not consent to anything optional. You can review, withdraw, export or erase at any "
                     "time in Privacy settings. Disagreeing keeps the editor working (limited mode)."),
    ]
    return lines


def purpose_versions(catalog: Catalog) -> dict[str, int]:
    return {p.id: p.version for p in catalog}


def build_notice(catalog: Catalog, ack: Mapping[str, Any] | None) -> Notice | None:
    """The notice to show now, or None when the latest answer covers this policy and catalog."""
    raw = bundled_policy_bytes(catalog)
    sha = sha256_hex(raw)
    current = purpose_versions(catalog)
    if ack is None:
        reason, changed = "first_run", ()
    else:
        acked_policy = (ack.get("policy") or {}).get("sha256")
        acked = (ack.get("catalog") or {}).get("purposes") or {}
        changed = tuple(sorted(pid for pid, v in current.items() if acked.get(pid) != v))
        if acked_policy != sha:
            reason = "policy_changed"
        elif (ack.get("catalog") or {}).get("sha256") != catalog.sha256 and changed:
            reason = "catalog_changed"
        else:
            return None
    summary = tuple(line for _key, line in summary_lines(catalog))
    return Notice(
        reason=reason,
        title="Privacy notice — Phocol Desktop",
        summary=summary,
        stays_on_device="Stored only on this computer; not transferred to any country.",
        not_in_build=tuple(p.title for p in catalog.not_in_build()),
        policy_text=raw.decode("utf-8"),
        policy_sha256=sha,
        policy_version_raw=str(catalog.policy["version_raw"]),
        policy_matches_catalog=sha == catalog.policy["sha256"],
        changed_purposes=changed if reason != "first_run" else (),
    )


def ack_payload(notice: Notice, catalog: Catalog, answer: str, *, surface: Mapping[str, Any],
                scroll_reached_end: bool, locale: str = "en", shown_text_sha256: str | None = None) -> dict[str, Any]:
    """``shown_text_sha256``: the hash of the text actually shown when it was a translation (AT-38)."""
    if answer not in ANSWERS:
        raise ValueError(f"notice answer must be one of {ANSWERS}")
    return {
        "surface": dict(surface), "reason": notice.reason,
        "text": {"id": NOTICE_TEXT_ID, "sha256": shown_text_sha256 or notice.text_sha256, "locale": locale},
        "policy": {"version_raw": notice.policy_version_raw, "sha256": notice.policy_sha256,
                   "lang": str(catalog.policy.get("lang", "en"))},
        "catalog": {"version": catalog.version, "sha256": catalog.sha256, "purposes": purpose_versions(catalog)},
        "changed_purposes": list(notice.changed_purposes),
        "scroll_reached_end": bool(scroll_reached_end),  # recorded, never required: scrolling is not consent
        "decision": answer,
    }
