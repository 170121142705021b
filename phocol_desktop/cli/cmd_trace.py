from __future__ import annotations

from phocol_desktop.cli._pending import pending


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser("trace", help="decode or replay a protocol trace (btsnoop or JSON)")
    tsub = p.add_subparsers(dest="trace_command", metavar="ACTION", required=True)
    d = tsub.add_parser("decode", help="annotated command listing of a trace")
    d.add_argument("file")
    d.add_argument("--render", metavar="OUT.png", help="render the printed image through the virtual printer")
    d.set_defaults(handler=pending("trace decode"))
    r = tsub.add_parser("replay", help="replay the host side of a trace against a printer")
    r.add_argument("file")
    r.add_argument("--printer", default="virtual")
    r.add_argument("--fast", action="store_true", help="ignore the original pacing")
    r.add_argument("--yes-real-printer", action="store_true", help="confirm replay to a real printer")
    r.set_defaults(handler=pending("trace replay"))
