from __future__ import annotations

import json
from pathlib import Path

from phocol_desktop.cli._pending import pending
from phocol_desktop.domain.errors import ConfigError


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser("emulate", help="run a virtual Phocol printer for other tools")
    p.add_argument("--model", help="printer model id (see `models`)")
    p.add_argument("--scenario", metavar="FILE.json", help="faults and timings to reproduce a report")
    p.add_argument("--bluez", action="store_true",
                   help="serve it as a fake BlueZ on a private D-Bus and print the bus address")
    p.add_argument("--name", help="with --bluez: the advertised name (default: the model's name + -VIRTUAL)")
    p.set_defaults(handler=run)


def run(args, ctx) -> int:  # type: ignore[no-untyped-def]
    if not args.bluez:
        return pending("emulate")(args, ctx)
    return run_bluez(args, ctx)


def run_bluez(args, ctx, printer_factory=None) -> int:  # type: ignore[no-untyped-def]
    """Serve the virtual printer on a private bus until Ctrl-C / SIGTERM; the first line is the address."""
    from phocol_desktop.emulator.fake_bluez.bus import BusUnavailable
    from phocol_desktop.emulator.fake_bluez.serve import run_until_signal

    model = ctx.models.get(args.model) if args.model else ctx.models.default
    scenario = _load_scenario(args.scenario) if args.scenario else None

    def ready(bus_address: str, fake) -> None:  # type: ignore[no-untyped-def]
        ctx.out(f"DBUS_SYSTEM_BUS_ADDRESS={bus_address}")
        device = next(iter(fake.devices()))
        ctx.out(f"Virtual printer {device.name!r} ({model.display_name}) at {device.address}, MTU {device.mtu}.")
        ctx.out("Point the app at it with the variable above (e.g. `DBUS_SYSTEM_BUS_ADDRESS=… phocol-desktop "
                "scan`). Ctrl-C stops it.")
        ctx.stdout.flush()

    try:
        run_until_signal(model, ready, scenario=scenario, name=args.name, printer_factory=printer_factory)
    except BusUnavailable as exc:
        raise ConfigError(str(exc), "Install dbus-daemon; the fake BlueZ needs a private D-Bus.") from None
    return 0


def _load_scenario(path: str) -> dict:  # type: ignore[type-arg]
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"Cannot read the scenario file {Path(path).name}: {exc}.",
                          "Give a JSON file (see TESTING.md §9).") from None
    if not isinstance(data, dict):
        raise ConfigError(f"The scenario file {Path(path).name} must hold a JSON object.")
    return data
