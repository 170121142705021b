"""``emulate``: a virtual Phocol printer for other tools (stdin/file in, notifications and paper out) or,
with ``--bluez``, served as a fake BlueZ on a private D-Bus for unmodified Bluetooth tools."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from phocol_desktop.cli._outputs import add_overwrite_flag, guard_outputs, save
from phocol_desktop.domain.errors import ConfigError, PhocolError
from phocol_desktop.domain.safe_input import loads_json, read_input

EMULATE_DOC = """\
Run a virtual Phocol printer.

Without --bluez it reads the host's bytes (what an app would write to the printer's write
characteristic) from --input or stdin, feeds them over the timed link model in simulated time (MTU-sized
writes), and writes every notification the printer sends as one hex line to --notifications or stdout,
then a summary line starting with '#'. --paper saves what it printed. Example:

  phocol-desktop emulate --model phomemo.m220 --hex --paper out.png <<< "1F1108 1B40 1D7630000100010080"

A scenario file (JSON) sets the buffer, head speed, MTU and faults, e.g.
  {"buffer_bytes": 4096, "lines_per_s": 120, "mtu": 185,
   "faults": [{"kind": "paper_out", "at_row": 200}, {"kind": "disconnect", "at_byte": 9000}]}
Fault kinds: paper_out, cover_open, overheat, low_battery, cancel, mute, slow_drain, disconnect; triggers:
at_row, at_byte, at_time (s); no trigger = at switch-on.
"""

BLUEZ_DOC = """
With --bluez it serves the printer as a fake BlueZ on a private D-Bus (needs dbus-daemon) and prints
DBUS_SYSTEM_BUS_ADDRESS=… first; run the app with that variable to find, connect to and print on it over
unmodified bleak. Controls, one per line on stdin (each answers "ok" or "error: …"):
  trigger KIND [VALUE]   a fault now: paper_out, cover_open, overheat, low_battery [low_10|low_5|low_3],
                         cancel, mute, slow_drain [factor]
  clear CONDITION        the user fixed it: paper_out, cover_open, overheat
  drop                   the link drops (the printer stays in range)
  away / back            the printer goes out of range / comes back
  quit                   stop (as Ctrl-C does)
--paper OUT.png saves the paper after each job (the printer printed and then stood still for three
seconds, or the app disconnected): OUT-1.png, OUT-2.png, … one per job, and OUT.png with all of them.
"""


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser(
        "emulate", help="run a virtual Phocol printer for other tools",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=EMULATE_DOC + BLUEZ_DOC)
    p.add_argument("--model", help="printer model id (see `models`); default: the scenario's, else the generic one")
    p.add_argument("--scenario", metavar="FILE.json", help="faults and timings to reproduce a report")
    p.add_argument("--input", default="-", metavar="FILE",
                   help="host bytes to feed the printer ('-' = stdin, the default)")
    p.add_argument("--hex", action="store_true", help="the input is hex text (whitespace ignored), not raw bytes")
    p.add_argument("--paper", metavar="OUT.png", help="save the printed paper as PNG (1 pixel per dot)")
    p.add_argument("--log", metavar="OUT.json", help="save the printer's wire log and event log (for bug reports)")
    add_overwrite_flag(p)
    p.add_argument("--notifications", default="-", metavar="FILE",
                   help="where the printer's notifications go, one hex line each ('-' = stdout, the default)")
    p.add_argument("--bluez", action="store_true",
                   help="serve it as a fake BlueZ on a private D-Bus and print the bus address")
    p.add_argument("--name", help="with --bluez: the advertised name (default: the model's name + -VIRTUAL)")
    p.set_defaults(handler=run)


def run(args, ctx) -> int:  # type: ignore[no-untyped-def]
    guard_outputs(args, ["paper", "log", "notifications"], ["input", "scenario"])
    if not args.bluez:
        return run_stream(args, ctx)
    return run_bluez(args, ctx)


def run_bluez(args, ctx, printer_factory=None) -> int:  # type: ignore[no-untyped-def]
    """Serve the virtual printer on a private bus until Ctrl-C / SIGTERM; the first line is the address."""
    from phocol_desktop.emulator.fake_bluez.bus import BusUnavailable
    from phocol_desktop.emulator.fake_bluez.serve import run_until_signal

    scenario = _load_scenario(args.scenario) if args.scenario else None
    model_id = args.model or (scenario or {}).get("model")
    model = ctx.models.get(model_id) if model_id else ctx.models.default

    def ready(bus_address: str, fake) -> None:  # type: ignore[no-untyped-def]
        ctx.out(f"DBUS_SYSTEM_BUS_ADDRESS={bus_address}")
        device = next(iter(fake.devices()))
        ctx.out(f"Virtual printer {device.name!r} ({model.display_name}) at {device.address}, MTU {device.mtu}.")
        ctx.out("Point the app at it with the variable above (e.g. `DBUS_SYSTEM_BUS_ADDRESS=… phocol-desktop "
                "scan`). Type controls (`trigger paper_out`, `away`, `back`, … see --help); Ctrl-C stops it.")
        ctx.stdout.flush()

    def answer(line: str) -> None:
        ctx.out(line)
        ctx.stdout.flush()

    on_job = None
    if args.paper:
        from phocol_desktop.storage.paths import secure_write

        whole = Path(args.paper)

        def on_job(number: int, job_png: bytes, paper_png: bytes) -> None:
            # OUT-N.png: job N alone; OUT.png: the whole paper so far (what a support photo would show).
            per_job = whole.with_name(f"{whole.stem}-{number}{whole.suffix or '.png'}")
            secure_write(per_job, job_png)
            secure_write(whole, paper_png)
            answer(f"paper: job {number} saved to {per_job.name} (all jobs: {whole.name})")

    try:
        run_until_signal(model, ready, scenario=scenario, name=args.name, printer_factory=printer_factory,
                         controls=sys.stdin, answer=answer, on_job=on_job)
    except BusUnavailable as exc:
        raise ConfigError(str(exc), "Install dbus-daemon; the fake BlueZ needs a private D-Bus.") from None
    return 0


def _load_scenario(path: str) -> dict:  # type: ignore[type-arg]
    from phocol_desktop.emulator.scenario import MAX_SCENARIO_BYTES

    try:  # a regular file of bounded size, strict JSON (domain/safe_input.py)
        data = loads_json(read_input(path, max_bytes=MAX_SCENARIO_BYTES, what="scenario file"),
                          what="scenario file", name=Path(path).name)
    except PhocolError as exc:
        raise ConfigError(exc.reason, "Give a JSON file (see TESTING.md §9).") from None
    if not isinstance(data, dict):
        raise ConfigError(f"The scenario file {Path(path).name} must hold a JSON object.")
    from phocol_desktop.emulator.fake_bluez.serve import check_scenario

    check_scenario(data)  # a bad field fails now with its name, not later inside the D-Bus service
    return data


def run_stream(args, ctx) -> int:  # type: ignore[no-untyped-def]
    """Feed host bytes to a VirtualPrinter on simulated time; notifications out as hex lines."""
    from phocol_desktop.emulator.scenario import Scenario
    from phocol_desktop.services.virtual_printer import feed_host_bytes

    scenario = Scenario.coerce(_load_scenario(args.scenario) if args.scenario else None)
    model_id = args.model or scenario.model
    model = ctx.model(model_id) if model_id else ctx.models.default
    fed = feed_host_bytes(model, scenario, _read_input(args.input, args.hex))
    inputs = ["input", "scenario"]
    printer, s = fed.printer, fed.printer.stats
    lines = [frame.hex() for frame in fed.notifications]
    summary = (f"# model={model.id} received={s.received_bytes} lost_bytes={s.lost_bytes} rows={s.rows_printed} "
               f"blocks={s.blocks_printed} unknown_bytes={s.unknown_bytes} bricked={str(printer.bricked).lower()} "
               f"disconnected={str(printer.disconnected).lower()} time_s={fed.elapsed_s:.3f}")
    text = "".join(f"{line}\n" for line in lines) + summary + "\n"
    if args.notifications == "-":
        ctx.stdout.write(text)
    else:
        save(args, args.notifications, text.encode("ascii"), inputs, what="--notifications file")
        ctx.out(summary)
    if args.paper:
        save(args, args.paper, printer.paper_png(), inputs, what="--paper file")
    if args.log:
        save(args, args.log, json.dumps(printer.logs(), indent=1).encode("utf-8"), inputs, what="--log file")
    return 0


MAX_INPUT_BYTES = 256 * 1024 * 1024  # more than any print job; stdin and files alike


def _read_input(path: str, as_hex: bool) -> bytes:
    try:  # never a FIFO or device given by name, never more than MAX_INPUT_BYTES
        raw = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1) if path == "-" else \
            read_input(path, max_bytes=MAX_INPUT_BYTES, what="input")
    except OSError as exc:
        raise ConfigError(f"Cannot read the input {Path(path).name}: {exc.strerror or exc}.",
                          "Give a readable file, or pipe the bytes in on stdin.") from None
    if len(raw) > MAX_INPUT_BYTES:
        raise ConfigError(f"The input is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB.",
                          "Feed one print job at a time.")
    if not as_hex:
        return raw
    try:
        return bytes.fromhex(raw.decode("ascii").replace("\n", " ").replace("\r", " ").replace("\t", " "))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(f"The input is not hex text ({exc}).", "Drop --hex to feed raw bytes.") from None
