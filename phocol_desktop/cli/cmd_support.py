from __future__ import annotations

from phocol_desktop.cli._pending import pending


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser("support", help="support tooling")
    ssub = p.add_subparsers(dest="support_command", metavar="ACTION", required=True)
    b = ssub.add_parser("bundle", help="write a redacted support bundle (previewed first)")
    b.add_argument("output", metavar="OUT.zip")
    b.add_argument("--yes", action="store_true", help="skip the contents preview prompt")
    b.set_defaults(handler=pending("support bundle"))
