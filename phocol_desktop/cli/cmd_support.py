"""``phocol-desktop support``: the redacted support bundle, and crash logs (opt-in, local).

The bundle's contents are listed first; creating it is the consent ``diag.share_once`` (asked every time,
recorded in the privacy ledger): on a terminal you answer y/N after reading the list, in scripts ``--yes``
answers "only this time".
"""

from __future__ import annotations

from pathlib import Path

from phocol_desktop.cli._ask import terminal_asker
from phocol_desktop.cli._outputs import add_overwrite_flag, guard_outputs
from phocol_desktop.domain.errors import PermissionDenied, PhocolError


class NotConfirmed(PermissionDenied):
    advice = "Run it on a terminal to be asked after the preview, or add --yes."


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser("support", help="support tooling: redacted bundle, crash logs")
    ssub = p.add_subparsers(dest="support_command", metavar="ACTION", required=True)
    b = ssub.add_parser("bundle", help="write a redacted support bundle (its contents are listed first)")
    b.add_argument("output", metavar="OUT.zip")
    b.add_argument("--yes", action="store_true", help="create it after the listing without asking (recorded as "
                                                      "your consent for this one bundle)")
    b.add_argument("--trace", action="append", default=[], metavar="FILE",
                   help="also include a saved trace (btsnoop or Phocol JSON); repeatable")
    b.add_argument("--include-crash-logs", action="store_true", help="also include your local crash logs")
    add_overwrite_flag(b)
    b.set_defaults(handler=run_bundle)
    c = ssub.add_parser("crash-logs", help="list, show or delete local crash logs; turn crash logging on or off")
    c.add_argument("action", choices=("list", "show", "delete", "enable", "disable"))
    c.add_argument("name", nargs="?", help="the crash log (for show/delete; `all` deletes every one)")
    c.set_defaults(handler=run_crash_logs)


def _support(ctx):  # type: ignore[no-untyped-def]
    from phocol_desktop.services.privacy import PrivacyService
    from phocol_desktop.services.support import SupportService

    return SupportService(ctx.paths, ctx.models, PrivacyService.open(ctx.paths, surface="cli"))


def run_bundle(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from phocol_desktop.support.decode import load_trace

    out = Path(args.output)
    guard_outputs(args, ["output"], ["trace"])  # never a trace it reads, never an existing file unless asked
    extra = [load_trace(p).trace for p in args.trace]
    support = _support(ctx)
    plan = support.bundle_contents_preview(include_crash_logs=args.include_crash_logs, extra_traces=extra)
    ctx.out(f"The support bundle {out.name} will contain:")
    for name, size, what in plan.preview():
        ctx.out(f"  {name:<32} {size:>9} B  {what}")
    ctx.out("Printer addresses are pseudonymised; paths, photo names and serial numbers are removed. "
            "Nothing is sent: you decide whether to attach it to an email.")
    try:
        support.create_bundle(out, plan, asker=terminal_asker(ctx, "Create this support bundle?",
                                                             allowed_by_flag=args.yes))
    except PermissionDenied as exc:
        if getattr(exc, "why", "") == "undetermined":
            raise NotConfirmed("The support bundle was not created: nobody confirmed it.") from exc
        raise
    finally:
        support.privacy.close()
    ctx.out(f"Support bundle written to {out.name} (recorded in the privacy ledger).")
    return 0


def run_crash_logs(args, ctx) -> int:  # type: ignore[no-untyped-def]
    import datetime as dt

    support = _support(ctx)
    try:
        if args.action == "enable":
            support.set_crash_logs_enabled(True)
            where = {"encrypted": "kept on this computer, redacted and encrypted",
                     "plaintext": "kept on this computer, redacted, in private unencrypted files (as you allowed)",
                     }.get(support.privacy.storage_mode(),
                           "redacted and kept in memory only: no system keyring is available to encrypt them")
            ctx.out(f"Crash logs are on: crashes are {where}. "
                    "`support crash-logs disable` turns them off and deletes them.")
        elif args.action == "disable":
            before = len(support.crash_logs())
            support.set_crash_logs_enabled(False)
            ctx.out(f"Crash logs are off; {before} crash log(s) deleted.")
        elif args.action == "list":
            logs = support.crash_logs()
            ctx.out(f"crash logs are {'on' if support.crash_logs_enabled() else 'off'}; {len(logs)} kept")
            for c in logs:
                when = dt.datetime.fromtimestamp(c.ts, dt.UTC).strftime("%Y-%m-%d %H:%M:%SZ")
                ctx.out(f"  {c.name}  {when}  {c.size} B")
        elif not args.name:
            raise PhocolError(f"`crash-logs {args.action}` needs the name of a crash log.",
                              "List them with `phocol-desktop support crash-logs list`.")
        elif args.action == "show":
            try:
                ctx.out(support.crash_log_text(args.name))
            except FileNotFoundError:
                raise PhocolError(f"No crash log named {args.name!r}.",
                                  "List them with `phocol-desktop support crash-logs list`.") from None
        else:
            names = [c.name for c in support.crash_logs()] if args.name == "all" else [args.name]
            deleted = sum(support.delete_crash_log(n) for n in names)
            if not deleted:
                raise PhocolError(f"No crash log named {args.name!r}.",
                                  "List them with `phocol-desktop support crash-logs list`.")
            ctx.out(f"{deleted} crash log(s) deleted.")
    finally:
        support.privacy.close()
    return 0
