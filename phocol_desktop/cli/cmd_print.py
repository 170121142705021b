from __future__ import annotations

from phocol_desktop.cli._pending import pending


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser("print", help="print a photo on a printer or the virtual printer")
    p.add_argument("photo")
    p.add_argument("--printer", default="virtual", help="ADDRESS, NAME or 'virtual' (default)")
    p.add_argument("--model", help="printer model id (see `models`)")
    p.add_argument("--copies", type=int, default=1)
    p.add_argument("--density", type=int)
    p.add_argument("--paper", metavar="OUT.png", help="virtual printer: save the printed paper as PNG")
    p.add_argument("--trace", metavar="OUT.btsnoop", help="record the session as a btsnoop trace")
    p.set_defaults(handler=pending("print"))
