"""``phocol-desktop privacy``: review, grant, revoke, export, erase, verify; the CLI is a recorded surface too.

Every decision made here writes the same ledger records as the GUI, with ``surface.kind = "cli"``.
Granting and revoking take one command each (withdrawing is as easy as granting).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from phocol_desktop.domain.errors import ConfigError, PhocolError
from phocol_desktop.privacy.disclosures import POLICY_SDKS


class VerifyFailed(PhocolError):
    advice = ("Every permission was switched off until you decide again; the damaged records are kept as "
              "evidence. Review them with `phocol-desktop privacy status`.")


def user_locale() -> str:
    """The terminal's language (``LC_ALL`` > ``LC_MESSAGES`` > ``LANG``), e.g. ``zh_CN``; purpose names follow it."""
    import os

    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return value.split(".")[0].split("@")[0] or "en"
    return "en"


def _service(ctx):  # type: ignore[no-untyped-def]
    from phocol_desktop.services.privacy import PrivacyService

    return PrivacyService.open(ctx.paths, surface="cli", locale=user_locale())


def _dump(ctx, doc: Any) -> None:  # type: ignore[no-untyped-def]
    ctx.out(json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True))


CHOICE_WORDS = {"allow": "allow", "ask_every_time": "ask every time", "deny": "don't allow"}
COMMAND_OF = {"allow": "grant", "ask_every_time": "ask", "deny": "revoke"}
STATE_WORDS = {"undetermined": "not decided yet (asked when you first use it)", "granted": "allowed",
               "denied": "not allowed", "ask_every_time": "ask every time", "not_in_build": "not in this build"}


def blocked_words(blocked: str) -> str:
    """Why a choice is unavailable and how to change that (the dashboard words the same values)."""
    return {"limited_mode": "off in limited mode (you disagreed with the privacy notice); agree to it with "
                            "`privacy notice --answer agreed`, then allow this",
            "not_in_build": "not included in this build",
            "core": "what the app is for: never optional, no permission used",
            "already": "already so", "not_offered": "not a choice for this purpose"}.get(blocked, blocked)


def action_lines(row) -> list[str]:  # type: ignore[no-untyped-def]
    """``you can: …`` and, for a blocked Allow, why not: the text twin of the dashboard's buttons."""
    a = row.actions

    def role(decision: str) -> str:  # "Allow" is ask-every-time where only per-use allowing exists
        return "allow" if decision == a.grant_decision else decision

    lines = ["you can: " + (", ".join(f"{CHOICE_WORDS[role(c)]} (`privacy {COMMAND_OF[role(c)]} "
                                      f"{row.short_name or row.id}`)" for c in a.choices) or "nothing to change")]
    for decision, why in (("allow", a.why_not_grant), ("ask_every_time", a.why_not_ask), ("deny", a.why_not_revoke)):
        if why is not None and why.value not in ("already", "not_offered"):
            lines.append(f"{CHOICE_WORDS[decision]}: not possible: {blocked_words(why.value)}")
    return lines


def cmd_status(args, ctx) -> int:  # type: ignore[no-untyped-def]
    svc = _service(ctx)
    rows = svc.purposes()
    cats = svc.data_categories()
    if args.json:
        _dump(ctx, {"limited_mode": svc.limited_mode, "storage": svc.storage_mode(),
                    "keyring": svc.keyring_status(), "chain_head": svc.store.head_hash,
                    "integrity_banner": svc.integrity_banner(), "locale": svc.locale,
                    "jurisdiction": svc.jurisdiction(), "paused": svc.paused(),
                    "store_unencrypted_without_keyring": svc.unencrypted_storage_allowed(),
                    "purposes": [r.as_dict() for r in rows], "data": [c.__dict__ for c in cats],
                    "components": [dataclasses.asdict(c) for c in svc.components()],
                    "policy_sdks": [{**dataclasses.asdict(k), "link_note": k.link_note} for k in POLICY_SDKS]})
        return 0
    banner = svc.integrity_banner()
    if banner:
        ctx.out(f"!! {banner}\n")
    if svc.limited_mode:
        ctx.out("Limited mode: you disagreed with the privacy notice; Bluetooth and the camera are off.\n"
                "Read it again and agree with `phocol-desktop privacy notice`.\n")
    ctx.out("Permissions and consents:")
    for r in rows:
        if not r.in_build or r.kind == "core":
            continue
        when = f", since {r.decided_at}" if r.decided_at and not r.from_default else ""
        default = " (default)" if r.from_default else ""
        ctx.out(f"  {r.name}  [{r.short_name} · {r.id}]")
        ctx.out(f"      {STATE_WORDS.get(r.state, r.state)}{default}{when}")
        for line in action_lines(r):
            ctx.out(f"      {line}")
    ctx.out("Always on (what the app is for; no permission used): " +
            ", ".join(r.name for r in rows if r.in_build and r.kind == "core"))
    ctx.out("Not included in this build (can never be switched on):")
    for r in rows:
        if not r.in_build:
            ctx.out(f"  - {r.name}  [{r.short_name}]")
    ctx.out("SDKs the Phocol privacy policy lists for its phone apps (links as given there, never opened):")
    for k in POLICY_SDKS:
        note = f"; {k.link_note}" if k.link_note else ""
        ctx.out(f"  - {k.name} ({k.provider}): {k.status.lower()} — {k.link}{note}")
    comps = svc.components()
    ctx.out(f"Components in this build ({len(comps)}, from the installed packages; `privacy sbom` writes them as "
            "a CycloneDX SBOM):")
    for c in comps:
        ctx.out(f"  - {c.name} {c.version} ({c.licence}; needed by {c.required_by}; collects data: "
                f"{c.collects_data})")
    ctx.out("Data on this device:")
    for c in cats:
        paused = " (paused)" if c.paused else ""
        ctx.out(f"  {c.title} [{c.id}]: {c.count} item(s), {c.size_bytes} bytes, {c.storage}{paused}")
    ctx.out(f"Jurisdiction: {svc.jurisdiction()} (change with `privacy jurisdiction CN|EU|OTHER|unspecified`)")
    ctx.out(svc.keyring_status())
    ctx.out(f"Ledger chain head: {svc.store.head_hash}")
    return 0


def _show_purpose(ctx, svc, name: str) -> str:  # type: ignore[no-untyped-def]
    """Print the purpose's name and why it is needed, in the terminal's language; returns the text printed
    (its hash goes into the record: what the user read, not a text never shown)."""
    from phocol_desktop.services.privacy_views import purpose_text

    pid = svc.resolve(name)
    text = purpose_text(svc.gate, pid, svc.locale)
    shown = f"{text.title}\n{text.rationale}"
    ctx.out(shown)
    return shown


def _decided(ctx, res) -> None:  # type: ignore[no-untyped-def]
    r = res.purpose
    if res.seq is None:
        ctx.out(f"{r.id}: already {STATE_WORDS.get(r.state, r.state)}; nothing recorded.")
        return
    deleted = ", ".join(f"{k}: {v}" for k, v in res.deleted.items() if v)
    ctx.out(f"{r.id}: {STATE_WORDS.get(r.state, r.state)} (ledger record {res.seq})"
            + (f"; deleted {deleted}" if deleted else ""))


def cmd_grant(args, ctx) -> int:  # type: ignore[no-untyped-def]
    svc = _service(ctx)
    _decided(ctx, svc.grant(args.purpose, shown_text=_show_purpose(ctx, svc, args.purpose)))
    return 0


def cmd_ask(args, ctx) -> int:  # type: ignore[no-untyped-def]
    svc = _service(ctx)
    _decided(ctx, svc.ask_every_time(args.purpose, shown_text=_show_purpose(ctx, svc, args.purpose)))
    return 0


def cmd_revoke(args, ctx) -> int:  # type: ignore[no-untyped-def]
    svc = _service(ctx)
    _decided(ctx, svc.revoke(args.purpose, shown_text=_show_purpose(ctx, svc, args.purpose)))
    return 0


def cmd_notice(args, ctx) -> int:  # type: ignore[no-untyped-def]
    """Print the notice (in the terminal's language); with ``--answer`` record the answer to exactly the text
    printed, with its hash."""
    from phocol_desktop.services.privacy_views import notice_view

    svc = _service(ctx)
    pending = svc.pending_notice()
    if pending is None and args.answer is None:
        ctx.out("No notice is pending: your answer covers this policy and catalog. "
                "It is shown again below; you may change your answer.\n")
    view = notice_view(svc.notice(), svc.gate, svc.locale)
    text = view.plain_text(full_policy=args.full)
    ctx.stdout.write(text)
    if args.answer is None:
        ctx.out("\nAnswer with `privacy notice --answer agreed` or `privacy notice --answer disagreed`"
                + ("" if args.full else "; add --full to read the whole policy") + ".")
        return 0
    from phocol_desktop.privacy.ledger import sha256_hex

    rec = svc.record_notice(args.answer, locale=view.locale, shown_text_sha256=sha256_hex(text.encode("utf-8")))
    ctx.out(f"\nRecorded: {args.answer} to the text above (SHA-256 {rec['payload']['text']['sha256']}, "
            f"ledger record {rec['seq']}).")
    return 0


def cmd_sbom(args, ctx) -> int:  # type: ignore[no-untyped-def]
    svc = _service(ctx)
    if args.output:
        ctx.out(str(svc.save_sbom(args.output)))
    else:
        _dump(ctx, svc.sbom())
    return 0


def cmd_jurisdiction(args, ctx) -> int:  # type: ignore[no-untyped-def]
    svc = _service(ctx)
    if args.choice is not None:
        svc.set_jurisdiction(args.choice)
    ctx.out(f"Jurisdiction: {svc.jurisdiction()} (your choice; never detected from your location)")
    return 0


def cmd_pause(args, ctx) -> int:  # type: ignore[no-untyped-def]
    svc = _service(ctx)
    svc.set_paused(args.category, args.privacy_command == "pause")
    state = "paused: kept, but nothing new is recorded" if args.category in svc.paused() else "recording again"
    ctx.out(f"{args.category}: {state}")
    return 0


def cmd_unencrypted(args, ctx) -> int:  # type: ignore[no-untyped-def]
    svc = _service(ctx)
    if args.choice is not None:
        svc.allow_unencrypted_storage(args.choice == "on")
    allowed = svc.unencrypted_storage_allowed()
    ctx.out(f"Store data in unencrypted files when there is no keyring: {'on' if allowed else 'off'} "
            f"(now: {svc.storage_mode()})")
    return 0


def cmd_export(args, ctx) -> int:  # type: ignore[no-untyped-def]
    paths = _service(ctx).export(args.output)
    for p in paths:
        ctx.out(str(p))
    ctx.out("The export is not encrypted: keep it somewhere safe.")
    return 0


def cmd_erase(args, ctx) -> int:  # type: ignore[no-untyped-def]
    svc = _service(ctx)
    if args.category:
        cats = [c.strip() for c in args.category.split(",") if c.strip()]
        if not args.yes and not _confirm(ctx, f"Erase {', '.join(cats)}?"):
            return 1
        rep = svc.erase(cats)
    else:
        plan = svc.erase_plan()
        ctx.out("Erase all my data deletes:")
        for cid, title, n in plan.deleted:
            ctx.out(f"  - {title} [{cid}]: {n} item(s)")
        ctx.out("  - the encryption key in the system keyring" if plan.keyring_item else
                "  - (no keyring item to delete)")
        ctx.out("It does not delete:")
        for line in plan.not_deleted:
            ctx.out(f"  - {line}")
        ctx.out("Tip: `phocol-desktop privacy export DIR` first if you want a copy.")
        if not args.yes and not _confirm(ctx, "Erase all data now?"):
            return 1
        rep = svc.erase()
    if args.json:
        _dump(ctx, {"categories": list(rep.categories), "counts": dict(rep.counts), "errors": list(rep.errors),
                    "os_permissions_left": list(rep.os_permissions_left), "chain_head": rep.new_chain_head})
    else:
        ctx.out("Erased: " + ", ".join(f"{k} ({v})" for k, v in rep.counts.items()))
        if rep.errors:
            ctx.out("Could not fully delete: " + ", ".join(rep.errors))
        for step in rep.os_permissions_left:
            ctx.out(f"Left to you: {step}")
    return 1 if rep.errors else 0


def _confirm(ctx, question: str) -> bool:  # type: ignore[no-untyped-def]
    if not sys.stdin.isatty():
        raise ConfigError("Erasing needs confirmation.", "Run it again with --yes to confirm.")
    answer = input(f"{question} [yes/no] ")
    if answer.strip().lower() not in ("y", "yes"):
        ctx.out("Nothing was erased.")
        return False
    return True


def cmd_verify(args, ctx) -> int:  # type: ignore[no-untyped-def]
    svc = _service(ctx)
    acknowledged = svc.acknowledge_integrity() if args.acknowledge else []
    res = svc.verify()
    if args.json:
        _dump(ctx, {**res.as_dict(), "acknowledged_now": [s.segment for s in acknowledged]})
    else:
        for s in acknowledged:
            ctx.out(f"acknowledged: segment {s.segment}: {s.summary}")
        for s in res.segments:
            role = "current" if s.current else f"sealed ({s.sealed_reason or 'older'})"
            seen = " (acknowledged)" if s.acknowledged else ""
            ctx.out(f"segment {s.segment} [{role}]: {s.summary}{seen}")
        if res.quarantined_bytes:
            ctx.out(f"An interrupted write left {res.quarantined_bytes} bytes; they were quarantined.")
        ctx.out(f"chain head: {res.chain_head} ({res.record_count} records; tamper-evident, not tamper-proof)")
    if res.ok:
        return 0
    if res.failure_at_open:
        raise VerifyFailed(f"The privacy ledger failed verification: {res.failure_at_open}.")
    raise VerifyFailed("The privacy ledger failed verification (a failure nobody has acknowledged yet).",
                       VerifyFailed.advice + " After reviewing, `phocol-desktop privacy verify --acknowledge` "
                       "records that you have seen it; verify then passes while nothing else fails.")


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser("privacy", help="review, grant, revoke, export, erase, verify")
    psub = p.add_subparsers(dest="privacy_command", metavar="ACTION", required=True)
    s = psub.add_parser("status", help="every purpose with its state, and the data this app holds")
    s.add_argument("--json", action="store_true", help="machine-readable output")
    s.set_defaults(handler=cmd_status)
    name_help = "a purpose id or short name (bluetooth, camera, files, recent-files, print-history, …)"
    g = psub.add_parser("grant", help="allow a purpose")
    g.add_argument("purpose", help=name_help)
    g.set_defaults(handler=cmd_grant)
    a = psub.add_parser("ask", help="ask every time before a purpose is used")
    a.add_argument("purpose", help=name_help)
    a.set_defaults(handler=cmd_ask)
    r = psub.add_parser("revoke", help="withdraw a purpose (takes effect at once, deletes data held for it)")
    r.add_argument("purpose", help=name_help)
    r.set_defaults(handler=cmd_revoke)
    n = psub.add_parser("notice", help="show the privacy notice, or answer it (records the hash of the text shown)")
    n.add_argument("--answer", choices=("agreed", "disagreed"))
    n.add_argument("--full", action="store_true", help="include the whole policy text")
    n.set_defaults(handler=cmd_notice)
    sb = psub.add_parser("sbom", help="the components in this build as a CycloneDX JSON SBOM")
    sb.add_argument("-o", "--output", type=Path, help="write it to this new file instead of printing it")
    sb.set_defaults(handler=cmd_sbom)
    j = psub.add_parser("jurisdiction", help="show or set where you are, for the legal texts (never detected)")
    j.add_argument("choice", nargs="?", choices=("CN", "EU", "OTHER", "unspecified"))
    j.set_defaults(handler=cmd_jurisdiction)
    for verb, text in (("pause", "keep a history but record nothing new (restrict processing)"),
                       ("resume", "record a paused history again")):
        pa = psub.add_parser(verb, help=text)
        pa.add_argument("category", choices=("recent_files", "print_history"))
        pa.set_defaults(handler=cmd_pause)
    u = psub.add_parser("store-unencrypted", help="with no keyring: keep data in unencrypted 0600 files (on) or "
                                                  "in memory only (off, the default)")
    u.add_argument("choice", nargs="?", choices=("on", "off"))
    u.set_defaults(handler=cmd_unencrypted)
    e = psub.add_parser("export", help="export all data this app holds as a zip")
    e.add_argument("output", metavar="DIR|OUT.zip", help="a folder (a dated file name is chosen) or a new .zip")
    e.set_defaults(handler=cmd_export)
    er = psub.add_parser("erase", help="erase all data (or some categories)")
    er.add_argument("--category", help="comma-separated categories (see `privacy status`)")
    er.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    er.add_argument("--json", action="store_true", help="machine-readable output")
    er.set_defaults(handler=cmd_erase)
    v = psub.add_parser("verify", help="verify the consent ledger's hash chain")
    v.add_argument("--json", action="store_true", help="machine-readable output")
    v.add_argument("--acknowledge", action="store_true",
                   help="record that you have seen the failures reported so far (verify exits 1 until then)")
    v.set_defaults(handler=cmd_verify)
