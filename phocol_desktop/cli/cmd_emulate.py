from __future__ import annotations

from phocol_desktop.cli._pending import pending


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser("emulate", help="run a virtual Phocol printer for other tools")
    p.add_argument("--model", help="printer model id (see `models`)")
    p.add_argument("--scenario", metavar="FILE.json", help="faults and timings to reproduce a report")
    p.add_argument("--bluez", action="store_true",
                   help="serve it as a fake BlueZ on a private D-Bus and print the bus address")
    p.set_defaults(handler=pending("emulate"))
