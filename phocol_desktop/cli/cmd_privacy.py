from __future__ import annotations

from phocol_desktop.cli._pending import pending


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser("privacy", help="review, grant, revoke, export, erase, verify")
    psub = p.add_subparsers(dest="privacy_command", metavar="ACTION", required=True)
    psub.add_parser("status", help="every purpose with its state").set_defaults(handler=pending("privacy status"))
    g = psub.add_parser("grant", help="allow a purpose")
    g.add_argument("purpose")
    g.set_defaults(handler=pending("privacy grant"))
    r = psub.add_parser("revoke", help="withdraw a purpose (takes effect at once)")
    r.add_argument("purpose")
    r.set_defaults(handler=pending("privacy revoke"))
    e = psub.add_parser("export", help="export all data this app holds as a zip")
    e.add_argument("output", metavar="OUT.zip")
    e.set_defaults(handler=pending("privacy export"))
    er = psub.add_parser("erase", help="erase all data (or one category)")
    er.add_argument("--category")
    er.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    er.set_defaults(handler=pending("privacy erase"))
    psub.add_parser("verify", help="verify the consent ledger's hash chain").set_defaults(
        handler=pending("privacy verify"))
