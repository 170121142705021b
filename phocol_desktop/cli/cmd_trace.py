"""``phocol-desktop trace decode|replay``: support staff read and reproduce what went over the air."""

from __future__ import annotations

from phocol_desktop.cli._args import printer_name, seconds
from phocol_desktop.cli._bluetooth import add_permission_flag
from phocol_desktop.cli._outputs import add_overwrite_flag, guard_outputs, save
from phocol_desktop.domain.errors import PhocolError

REAL_FLAG = "--yes-print-on-real-printer"


class ReplayNotConfirmed(PhocolError):
    advice = f"Add {REAL_FLAG} to print it on that printer, or use --printer virtual."


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser("trace", help="decode or replay a protocol trace (btsnoop or JSON)")
    tsub = p.add_subparsers(dest="trace_command", metavar="ACTION", required=True)
    d = tsub.add_parser("decode", help="annotated command listing of a trace (.btsnoop/.log or Phocol .json)")
    d.add_argument("file")
    d.add_argument("--render", metavar="OUT.png", help="render the printed image through the virtual printer")
    add_overwrite_flag(d)
    d.add_argument("--model", metavar="ID", help="read the trace as this model (default: recorded model, else the "
                                                   "default model); see `phocol-desktop models`")
    d.set_defaults(handler=run_decode)
    r = tsub.add_parser("replay", help="replay the host side of a trace against a printer",
                        description="Send the host side of a trace again, with its original pacing. The virtual "
                                    "printer runs on simulated time (exact and instant); a real printer needs "
                                    f"{REAL_FLAG} and only receives documented commands.")
    r.add_argument("file")
    r.add_argument("--printer", type=printer_name, default="virtual", metavar="virtual|ADDR",
                   help="'virtual' (default) or the "
                   "address or name of a real printer")
    r.add_argument("--model", metavar="ID", help="printer model id (default: the trace's, else the default)")
    r.add_argument("--scenario", metavar="FILE.json", help="virtual printer: buffer, speed and faults to use")
    r.add_argument("--paper", metavar="OUT.png", help="virtual printer: save the printed paper as PNG")
    add_overwrite_flag(r)
    r.add_argument("--fast", action="store_true", help="ignore the original pacing (send as fast as the link allows)")
    r.add_argument(REAL_FLAG, "--yes-real-printer", dest="yes_real_printer", action="store_true",
                   help="confirm that a real printer may print this trace")
    r.add_argument("--timeout", type=seconds(0.1, 600), default=20.0, metavar="S",
                   help="real printer: seconds to find it")
    r.add_argument("--drain", type=seconds(0, 600), metavar="S",
                   help="real printer: seconds to keep the link after the last write (default: the model's)")
    add_permission_flag(r)
    r.set_defaults(handler=run_replay)


def run_decode(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from phocol_desktop.services.support import decode_file

    guard_outputs(args, ["render"], ["file"])
    result = decode_file(args.file, ctx.models, model_id=args.model, render=bool(args.render))
    ctx.out(result.listing)
    if args.render:
        assert result.paper_png is not None
        for note in result.printer_notes:
            ctx.out(note)
        out = save(args, args.render, result.paper_png, ["file"], what="--render file")
        ctx.out(f"rendered paper written to {out.name}")
    return 0


def run_replay(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from phocol_desktop.support.decode import load_trace, pick_model

    guard_outputs(args, ["paper"], ["file", "scenario"])
    loaded = load_trace(args.file)
    model = pick_model(loaded.trace, ctx.models, args.model)
    if args.printer == "virtual":
        return _replay_virtual(args, ctx, loaded.trace, model)
    if not args.yes_real_printer:
        raise ReplayNotConfirmed(f"Replaying to a real printer ({args.printer}) prints on it.")
    if args.paper or args.scenario:
        raise ReplayNotConfirmed("--paper and --scenario apply to the virtual printer only.",
                                 "Drop them, or use --printer virtual.")
    return _replay_real(args, ctx, loaded.trace, model)


def _replay_virtual(args, ctx, trace, model) -> int:  # type: ignore[no-untyped-def]
    from phocol_desktop.emulator.scenario import Scenario
    from phocol_desktop.services.support import replay_to_virtual

    scenario = Scenario.from_file(args.scenario) if args.scenario else None
    done = replay_to_virtual(trace, model, scenario=scenario, fast=args.fast)
    ctx.out(f"replay to the virtual printer ({model.id}){' without the original pacing' if args.fast else ''}")
    for line in done.describe():
        ctx.out(line)
    if args.paper:
        out = save(args, args.paper, done.printer.paper_png(), ["file", "scenario"], what="--paper file")
        ctx.out(f"paper written to {out.name}")
    return 0 if not done.result.link_lost else 1


def _replay_real(args, ctx, trace, model) -> int:  # type: ignore[no-untyped-def]
    from phocol_desktop.cli._bluetooth import device_service, wait
    from phocol_desktop.domain.clock import SystemClock
    from phocol_desktop.support.replay import check_replayable, replay_trace

    check_replayable(trace, model)  # refuse before any Bluetooth step
    duration = max((e.t for e in trace.events), default=0.0)
    drain = model.drain_timeout_s if args.drain is None else max(0.0, min(args.drain, 600.0))
    with device_service(args, ctx) as service:
        wait(service.connect(args.printer, model.id), args.timeout + 30)
        ctx.out(f"connected; replaying {len(trace.host_bytes())} bytes to {model.display_name}")
        result = wait(service.run_on_link(
            lambda link: replay_trace(trace, link, model, SystemClock(), fast=args.fast, drain_s=drain)),
            duration + drain + 120)
        wait(service.disconnect(), 30)
    ctx.out(f"replayed {result.bytes_sent} of {result.total_bytes} bytes in {result.writes} writes, "
            f"{result.duration_s:.1f} s")
    if result.link_lost:
        ctx.out("the printer disconnected before the end; nothing was re-sent")
        return 1
    return 0
