from __future__ import annotations

from phocol_desktop.cli._pending import pending


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser("gui", help="start the desktop app (the default)")
    p.set_defaults(handler=pending("gui"))
