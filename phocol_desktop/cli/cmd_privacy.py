"""``phocol-desktop privacy``: review, grant, revoke, export, erase, verify; the CLI is a recorded surface too.

Every decision made here writes the same ledger records as the GUI, with ``surface.kind = "cli"``.
Granting and revoking take one command each (withdrawing is as easy as granting).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from phocol_desktop.domain.errors import ConfigError, PhocolError


class VerifyFailed(PhocolError):
    advice = ("Every permission was switched off until you decide again; the damaged records are kept as "
              "evidence. Review them with `phocol-desktop privacy status`.")


def _service(ctx):  # type: ignore[no-untyped-def]
    from phocol_desktop.services.privacy import PrivacyService

    return PrivacyService.open(ctx.paths, surface="cli")


def _dump(ctx, doc: Any) -> None:  # type: ignore[no-untyped-def]
    ctx.out(json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True))


def cmd_status(args, ctx) -> int:  # type: ignore[no-untyped-def]
    svc = _service(ctx)
    rows = svc.purposes()
    cats = svc.data_categories()
    if args.json:
        _dump(ctx, {"limited_mode": svc.limited_mode, "storage": svc.storage_mode(),
                    "keyring": svc.keyring_status(), "chain_head": svc.store.head_hash,
                    "integrity_banner": svc.integrity_banner(),
                    "purposes": [r.as_dict() for r in rows], "data": [c.__dict__ for c in cats]})
        return 0
    banner = svc.integrity_banner()
    if banner:
        ctx.out(f"!! {banner}\n")
    if svc.limited_mode:
        ctx.out("Limited mode: you disagreed with the privacy notice; Bluetooth and the camera are off.\n")
    ctx.out("Permissions and consents (change with `privacy grant ID` / `privacy revoke ID`):")
    for r in rows:
        if not r.in_build:
            continue
        when = f"  since {r.decided_at}" if r.decided_at and not r.from_default else ""
        default = " (default)" if r.from_default else ""
        ctx.out(f"  {r.id:28} {r.state}{default}{when}")
    ctx.out("Not included in this build (can never be switched on):")
    ctx.out("  " + ", ".join(r.id for r in rows if not r.in_build))
    ctx.out("Data on this device:")
    for c in cats:
        ctx.out(f"  {c.id:16} {c.count:5} item(s) {c.size_bytes:9} bytes  {c.storage}")
    ctx.out(svc.keyring_status())
    ctx.out(f"Ledger chain head: {svc.store.head_hash}")
    return 0


def cmd_grant(args, ctx) -> int:  # type: ignore[no-untyped-def]
    res = _service(ctx).grant(args.purpose)
    ctx.out(f"{res.purpose.id}: {res.purpose.state} (ledger record {res.seq})")
    if res.purpose.blocked_by_limited_mode:
        ctx.out("Note: limited mode is on (you disagreed with the notice), so it stays off until you agree.")
    return 0


def cmd_revoke(args, ctx) -> int:  # type: ignore[no-untyped-def]
    res = _service(ctx).revoke(args.purpose)
    deleted = ", ".join(f"{k}: {v}" for k, v in res.deleted.items() if v) or "nothing held"
    ctx.out(f"{res.purpose.id}: {res.purpose.state} (ledger record {res.seq}); deleted {deleted}")
    return 0


def cmd_notice(args, ctx) -> int:  # type: ignore[no-untyped-def]
    svc = _service(ctx)
    if args.answer is None:
        notice = svc.pending_notice()
        if notice is None:
            ctx.out("No notice is pending: your answer covers this policy and catalog.")
            return 0
        ctx.out(f"{notice.title} ({notice.reason})")
        for line in notice.summary:
            ctx.out(f"  - {line}")
        ctx.out(f"Policy effective date (as written): {notice.policy_version_raw}; sha256 {notice.policy_sha256}")
        if notice.changed_purposes:
            ctx.out("What changed: " + ", ".join(notice.changed_purposes))
        ctx.out("Answer with `privacy notice --answer agreed` or `privacy notice --answer disagreed`.")
        return 0
    rec = svc.record_notice(args.answer)
    ctx.out(f"Recorded: {args.answer} (ledger record {rec['seq']}).")
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
    g = psub.add_parser("grant", help="allow a purpose")
    g.add_argument("purpose")
    g.set_defaults(handler=cmd_grant)
    r = psub.add_parser("revoke", help="withdraw a purpose (takes effect at once, deletes data held for it)")
    r.add_argument("purpose")
    r.set_defaults(handler=cmd_revoke)
    n = psub.add_parser("notice", help="show the privacy notice, or answer it")
    n.add_argument("--answer", choices=("agreed", "disagreed"))
    n.set_defaults(handler=cmd_notice)
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
