"""``calibrate``: measure one real printer's speed (a ladder of test blocks) or pick its darkness.

Speed: the printer prints numbered blocks, each sent faster than the one before; you name the last block
that printed completely; the app derives a safe pacing from it (15 % below that block's rate), prints a
longer check block with it, and keeps it for that printer only, under its pseudonym in ``printers.d``.
Later jobs on that printer say "measured" instead of "fixed". ``--reset`` forgets it.

Darkness (``--density``): one patch per darkness level the model supports; your pick becomes that
printer's default.

Like every Bluetooth command it asks first (see ``cli._bluetooth``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from phocol_desktop.cli._args import printer_name
from phocol_desktop.cli._outputs import add_overwrite_flag, save
from phocol_desktop.domain.errors import PhocolError

CALIBRATE_DOC = """\
Measure how fast one printer can really be fed, or choose its darkness.

Speed (default): prints a ladder of numbered blocks (solid bars, a fine checker, the block's number),
each sent faster than the one before, then asks which is the last block that printed completely. A
torn bar, a shifted checker or a missing block means that block was sent too fast. From your answer the
app derives the printer's pacing with a 15 % margin, prints a check block with it and saves it for this
printer only (under a pseudonym, never its address). --ladder OUT.json first writes each block's number,
send rate and paper rows (top/bottom row), so a photo of the paper can be checked.

Darkness (--density): prints one patch per darkness level; your pick becomes this printer's default.
"""


class CalibrateUsage(PhocolError):
    advice = "See `phocol-desktop calibrate --help`."


def register(sub) -> None:  # type: ignore[no-untyped-def]
    from phocol_desktop.cli._bluetooth import add_adapter_flag, add_permission_flag

    p = sub.add_parser("calibrate", help="measure a printer's speed, or choose its darkness",
                       formatter_class=argparse.RawDescriptionHelpFormatter, description=CALIBRATE_DOC)
    p.add_argument("--printer", type=printer_name, required=True, metavar="ADDR|NAME",
                   help="the printer's address or advertised name")
    p.add_argument("--model", help="printer model id, when its name does not tell (see `models`)")
    p.add_argument("--ladder", metavar="OUT.json", help="write the ladder (block, send rate, paper rows) first")
    add_overwrite_flag(p)
    p.add_argument("--answer", type=int, metavar="N",
                   help="the last block that printed completely (0 = none), or with --density the level you pick; "
                        "without it you are asked on stdin")
    p.add_argument("--density", action="store_true", help="print darkness patches instead of the speed ladder")
    p.add_argument("--reset", action="store_true", help="forget this printer's calibration and darkness")
    p.add_argument("--add-printer", action="store_true",
                   help="a printer no model matches: identify its family, print a width ruler and save it as a "
                        "model (--answer: the width of the widest bar that ends in its notch)")
    p.add_argument("--blocks", type=int, default=None, metavar="N", help="blocks in the ladder (default 12)")
    p.add_argument("--block-rows", type=int, default=None, metavar="R", help="rows per block (default 200: 25 mm)")
    add_adapter_flag(p)
    add_permission_flag(p)
    p.set_defaults(handler=run)


def run(args: Any, ctx: Any) -> int:
    from phocol_desktop.cli._bluetooth import CONNECT_WAIT_S, device_service, wait
    from phocol_desktop.services.calibration import Calibrator
    from phocol_desktop.storage.tuning import TuningStore

    if args.model is not None:
        ctx.models.get(args.model)  # an unknown id fails here, before any Bluetooth use
    if args.reset and (args.density or args.answer is not None or args.ladder):
        raise CalibrateUsage("--reset takes no other calibration option.")
    if args.density and args.ladder:
        raise CalibrateUsage("--ladder belongs to the speed ladder, not --density.")
    if args.add_printer and (args.density or args.reset or args.ladder or args.model):
        raise CalibrateUsage("--add-printer takes only --printer and --answer.")
    store = TuningStore(ctx.paths)
    with device_service(args, ctx) as service:
        calibrator = Calibrator(service, store)
        wait(calibrator.connect(args.printer, args.model), CONNECT_WAIT_S)
        try:
            if args.reset:
                removed = calibrator.reset()
                ctx.out(f"Forgot the calibration of {calibrator.pseudonym}." if removed
                        else f"{calibrator.pseudonym} had no calibration.")
                return 0
            if args.add_printer:
                return _add_printer(args, ctx, service)
            if args.density:
                return _density(args, ctx, calibrator)
            return _speed(args, ctx, calibrator)
        finally:
            wait(service.disconnect(), 15)


def _speed(args: Any, ctx: Any, calibrator: Any) -> int:
    from phocol_desktop.cli._bluetooth import wait
    from phocol_desktop.domain.calibration import DEFAULT_BLOCK_ROWS, DEFAULT_BLOCKS
    plan = calibrator.plan(args.blocks or DEFAULT_BLOCKS, args.block_rows or DEFAULT_BLOCK_ROWS)
    model = calibrator.model
    if args.ladder:
        save(args, args.ladder, json.dumps(plan.as_json(), indent=1).encode("utf-8"), (), what="--ladder file")
        ctx.out(f"Ladder written to {Path(args.ladder).name}.")
    ctx.out(f"Printing {len(plan.blocks)} blocks on {model.display_name}, from "
            f"{_mm_s(plan.blocks[0].lines_per_s, plan.dpi)} to {_mm_s(plan.blocks[-1].lines_per_s, plan.dpi)} "
            f"({plan.chunk}-byte writes).")

    def on_block(sent: Any) -> None:
        block = plan.block(sent.number)
        note = {True: ", confirmed by the printer", False: ", not confirmed in time", None: ""}[sent.confirmed]
        ctx.out(f"  block {sent.number:2d}: sent at {_mm_s(block.lines_per_s, plan.dpi)} "
                f"({block.bytes_per_s / 1000:.1f} KB/s){note}")
        ctx.stdout.flush()

    outcome = wait(calibrator.print_ladder(plan, on_block), None)
    if outcome.confirmed and len(outcome.confirmed) < len(plan.blocks):
        ctx.out(f"The printer confirmed blocks {_ranges(outcome.confirmed)} in time; check the paper anyway.")
    from phocol_desktop.domain.calibration import VERIFY_FACTOR
    from phocol_desktop.services.calibration import VerificationFailed

    answer, highest = args.answer, len(plan.blocks)
    while True:
        if answer is None:
            answer = _ask(ctx, f"Which is the last block that printed completely, every bar and checker whole? "
                               f"(1-{highest}, 0 = none) ", 0, highest)
        ctx.out(f"Checking block {answer}'s speed (less the margin) with a block {VERIFY_FACTOR}x as long…")
        try:
            result = wait(calibrator.finish(plan, answer), None)
            break
        except VerificationFailed as exc:
            if args.answer is not None or answer <= 1:
                raise
            # Asked on stdin: say so and ask again, below the answer that failed.
            ctx.out(f"{exc.reason} {exc.advice}")
            answer, highest = None, answer - 1
    derived = result.derived
    ctx.out(f"Measured: {derived.lines_per_s:.0f} lines/s ({derived.mm_s(plan.dpi):.0f} mm/s), "
            f"{derived.margin:.0%} below block {answer} ({derived.block_lines_per_s:.0f} lines/s); "
            f"buffer estimate {derived.buffer_bytes} B, {derived.chunk}-byte writes. Check block printed in "
            f"{result.verification_s:.1f} s.")
    if derived.top_of_ladder:
        ctx.out("Every block printed: the printer may be faster still; this is the fastest the ladder measured.")
    ctx.out(f"Saved for {result.pseudonym}; later jobs on this printer use the measured pacing.")
    return 0


def _density(args: Any, ctx: Any, calibrator: Any) -> int:
    from phocol_desktop.cli._bluetooth import wait

    setting = calibrator.model.density
    ctx.out(f"Printing darkness patches {setting.min} to {setting.max} (now: {setting.default}).")
    wait(calibrator.print_density(on_patch=lambda level: ctx.out(f"  patch {level}")), None)
    level = args.answer
    if level is None:
        level = _ask(ctx, f"Which darkness looks best: solid black square, crisp checker? "
                          f"({setting.min}-{setting.max}) ", setting.min, setting.max)
    tuning = calibrator.choose_density(level)
    ctx.out(f"Darkness {level} is now the default for {tuning.pseudonym}.")
    return 0


def _add_printer(args: Any, ctx: Any, service: Any) -> int:
    from phocol_desktop.cli._bluetooth import wait
    from phocol_desktop.imaging.calibration_prints import RULER_WIDTHS
    from phocol_desktop.services.new_printer import PrinterAdder

    device = getattr(service.link, "device", None)
    name = (device.name if device is not None else None) or args.printer
    adder = PrinterAdder(service, ctx.paths)
    probe = wait(adder.probe(name), 30)
    how = {"serial_prefix": f"its serial number starts with {probe.serial_prefix}, like the "
                            f"{probe.reference.display_name}",
           "default_family": "its serial number is not in the table, so the family Phocol Desktop uses for "
                             "unrecognised printers"}[probe.decided_by]
    ctx.out(f"{name} answers like a Quyin printer. Family: {probe.family} ({how}).")
    ctx.out("Printing a width ruler: one bar per head width, each ending in a notch…")
    wait(adder.print_ruler(probe), None)
    width = args.answer
    if width is None:
        width = _ask(ctx, "Which is the widest bar that still ends in its notch? (its number) ", min(RULER_WIDTHS),
                     max(RULER_WIDTHS))
    path, entry = adder.save(probe, width)
    ctx.out(f"Added {entry['display_name']} ({entry['family']}, {width} dots) as {entry['id']} in {path.name}; "
            "`models` lists it as user-added. Connect again to print on it.")
    return 0


def _ask(ctx: Any, question: str, lo: int, hi: int) -> int:
    print(question, end="", file=ctx.stderr, flush=True)
    line = sys.stdin.readline() if sys.stdin is not None else ""
    try:
        value = int(line.strip())
    except ValueError:
        raise CalibrateUsage(f"No answer given ({lo}-{hi}); nothing was saved.",
                             "Answer on stdin, or give --answer N.") from None
    if not lo <= value <= hi:
        raise CalibrateUsage(f"{value} is not between {lo} and {hi}; nothing was saved.")
    return value


def _mm_s(lines_per_s: float, dpi: int) -> str:
    return f"{lines_per_s * 25.4 / dpi:.0f} mm/s"


def _ranges(numbers: tuple[int, ...]) -> str:
    return ", ".join(str(n) for n in numbers)
