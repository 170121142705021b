"""``adapters``: the computer's Bluetooth adapters (Linux), by BlueZ name and powered state only.

The name is what ``--adapter`` takes on every Bluetooth command. No adapter address or system name is read
(``transport.adapters`` says how). Like every Bluetooth command it asks first.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any


def register(sub) -> None:  # type: ignore[no-untyped-def]
    from phocol_desktop.cli._bluetooth import add_permission_flag

    p = sub.add_parser("adapters", help="list this computer's Bluetooth adapters (Linux), for --adapter",
                       description="List the Bluetooth adapters BlueZ knows, by name (hci0, hci1, …) and whether "
                                   "each is powered. Give the name to --adapter on scan, status, print and "
                                   "calibrate when more than one adapter is present.")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    add_permission_flag(p)
    p.set_defaults(handler=run)


def run(args: Any, ctx: Any) -> int:
    from phocol_desktop.cli._bluetooth import cli_asker, explain_refusal, privacy_service
    from phocol_desktop.transport.adapters import list_adapters

    with privacy_service(args, ctx) as privacy:
        adapters = asyncio.run(list_adapters(explain_refusal(privacy.gate, cli_asker(args, ctx))))
    if args.json:
        ctx.out(json.dumps([{"name": a.name, "powered": a.powered} for a in adapters], indent=2))
        return 0
    if not adapters:
        ctx.out("No Bluetooth adapter found.")
        return 0
    for a in adapters:
        ctx.out(f"{a.name:<8} {'powered' if a.powered else 'off'}")
    return 0
