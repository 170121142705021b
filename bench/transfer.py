"""Transfer benchmark (issue #5): a 384x800 job through the timed link model to the virtual printer.

Prints ``efficiency=X`` (the physical limit, the larger of link time and head time, divided by the time
until the paper is done), ``lost_bytes=N`` (bytes the printer's buffer dropped), and
``speedup_vs_fixed_pacing=Y`` against the peer-proven fixed 128 B / 20 ms pacing, run in the same
process on the same link and printer. Targets: efficiency >= 0.85, zero lost bytes.

``calibrated_efficiency=`` is the same job on printers whose buffer and head speed the app does not know
(``--unknown BUFFER:LINES_PER_S``, the worst of them): the speed ladder is printed, its last complete block
is read off the virtual paper, the derived pacing is verified with a check block (a lower block is tried
when it loses data, as the app tells a user to) and then used (target >= 0.8, zero lost bytes).

Everything runs on a ``SimClock``: deterministic, and it takes well under a second.

The printer's receive buffer (4 KiB) and head speed (200 lines/s, 25 mm/s) are modelled values: no
public figure exists for any Quyin printer (PROTOCOL.md §10), so they are set here as a scenario, as
support staff would, and passed to both the pacer (as the profile's measured pacing) and the printer.

    .venv/bin/python bench/transfer.py [--rows 800] [--buffer 4096] [--lines-per-s 200] [--mtu 185]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import random
import sys

from phocol_desktop.domain.clock import SimClock
from phocol_desktop.domain.job import JobOptions
from phocol_desktop.domain.printer_model import load_model_table
from phocol_desktop.domain.raster import Raster
from phocol_desktop.emulator.virtual_printer import VirtualPrinter
from phocol_desktop.protocol import PacketKind, encode_job
from phocol_desktop.services.print_job import PrintJob
from phocol_desktop.transport.virtual import LinkTiming, VirtualLink

MODEL_ID = "phocol.generic384"


async def run_once(model, pacing, raster, timing):  # type: ignore[no-untyped-def]
    clock = SimClock()
    printer = VirtualPrinter(model, clock=clock)
    link = VirtualLink(printer, clock, timing)
    await link.connect()
    job = encode_job(raster, JobOptions(), model)
    result = await PrintJob(link, model, job, clock=clock, pacing=pacing).run()
    await link.disconnect()
    done_at = printer.stats.last_row_done_at
    paper_ok = printer.paper.raster().data[: len(raster.data)] == raster.data
    return result, printer, (done_at - printer.t0) if done_at is not None else float("inf"), paper_ok, job


async def run_calibrated(base, raster, timing, buffer_bytes: int, lines_per_s: float):  # type: ignore[no-untyped-def]
    """A printer the app knows nothing about (buffer and head speed only in the scenario): print the speed
    ladder, read the last complete block off the virtual paper as a user would, derive and verify the pacing
    (services.calibration), then print the job with it."""
    from phocol_desktop.domain.calibration import derive_pacing
    from phocol_desktop.services.calibration import (
        VerificationFailed,
        ladder_plan,
        last_complete_block,
        print_ladder,
        verify,
    )

    clock = SimClock()
    printer = VirtualPrinter(base, {"buffer_bytes": buffer_bytes, "lines_per_s": lines_per_s}, clock=clock)
    link = VirtualLink(printer, clock, timing)
    await link.connect()
    plan = ladder_plan(base, min(timing.max_write, 512))
    await print_ladder(link, base, plan, clock=clock)
    answer = last_complete_block(printer.paper.raster(), plan)
    attempts = 0
    while True:  # as the app tells the user: when the check block loses data, answer a lower block
        attempts += 1
        derived = derive_pacing(plan, answer)
        try:
            await verify(link, base, plan, derived, clock=clock)
            break
        except VerificationFailed:
            answer -= 1
    await link.disconnect()
    tuned = dataclasses.replace(base, pacing=dataclasses.replace(
        base.pacing, buffer_bytes=derived.buffer_bytes, lines_per_s=derived.lines_per_s, chunk=derived.chunk))
    scenario = {"buffer_bytes": buffer_bytes, "lines_per_s": lines_per_s}
    clock = SimClock()
    printer = VirtualPrinter(base, scenario, clock=clock)
    link = VirtualLink(printer, clock, timing)
    await link.connect()
    job = encode_job(raster, JobOptions(), tuned)
    result = await PrintJob(link, tuned, job, clock=clock).run()
    await link.disconnect()
    done_at = printer.stats.last_row_done_at
    paper_ok = printer.paper.raster().data[: len(raster.data)] == raster.data
    took = (done_at - printer.t0) if done_at is not None else float("inf")
    return derived, attempts, result, printer, took, paper_ok


def physical_limit(job, model, timing: LinkTiming, lines_per_s: float) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Link time at the largest writes the link takes (plus the pre-flight query), and the head's time."""
    link = timing.write_time(3)
    for packet in job.packets:
        for offset in range(0, len(packet.data), timing.max_write):
            link += timing.write_time(len(packet.data[offset : offset + timing.max_write]))
    rows = sum(p.rows for p in job.packets if p.kind is PacketKind.RASTER)
    return link, rows / lines_per_s


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=800)
    ap.add_argument("--buffer", type=int, default=4096, help="printer receive buffer, bytes")
    ap.add_argument("--lines-per-s", type=float, default=200.0, help="head speed")
    ap.add_argument("--mtu", type=int, default=185)
    ap.add_argument("--unknown", action="append", metavar="BUFFER:LINES_PER_S",
                    help="calibrated run on a printer whose buffer (bytes) and head speed the app does not know; "
                         "repeatable (default: 3000:260 and 1024:150)")
    args = ap.parse_args(argv)

    base = load_model_table().get(MODEL_ID)
    model = dataclasses.replace(base, pacing=dataclasses.replace(
        base.pacing, buffer_bytes=args.buffer, lines_per_s=args.lines_per_s))
    fixed = dataclasses.replace(model.pacing, chunk=128, gap_ms=20, buffer_bytes=None, lines_per_s=None)
    unpaced = dataclasses.replace(model.pacing, buffer_bytes=1 << 24)  # believes the buffer is endless
    rnd = random.Random(1234)
    raster = Raster(384, args.rows, bytes(rnd.randrange(256) for _ in range(48 * args.rows)))
    timing = LinkTiming(mtu=args.mtu)

    paced, paced_printer, paced_s, paced_ok, job = asyncio.run(run_once(model, None, raster, timing))
    fixed_res, fixed_printer, fixed_s, fixed_ok, _ = asyncio.run(run_once(model, fixed, raster, timing))
    _, unpaced_printer, _, _, _ = asyncio.run(run_once(model, unpaced, raster, timing))

    link_s, head_s = physical_limit(job, model, timing, args.lines_per_s)
    limit = max(link_s, head_s)
    efficiency = limit / paced_s
    print(f"job: {raster.width}x{raster.height}, {job.total_bytes} bytes; link mtu={args.mtu} "
          f"({timing.per_write_s * 1000:.1f} ms/write + {timing.bytes_per_s / 1000:.0f} KB/s); printer buffer "
          f"{args.buffer} B, {args.lines_per_s:g} lines/s")
    print(f"physical limit: link {link_s:.3f} s, head {head_s:.3f} s -> {limit:.3f} s")
    print(f"paced ({paced.pacing}): paper done at {paced_s:.3f} s, outcome={paced.outcome}, paper_ok={paced_ok}, "
          f"max_buffer_fill={paced_printer.stats.max_buffer_fill}")
    print(f"fixed 128 B / 20 ms: paper done at {fixed_s:.3f} s, outcome={fixed_res.outcome}, paper_ok={fixed_ok}, "
          f"lost_bytes={fixed_printer.stats.lost_bytes}")
    print(f"unpaced burst (control): lost_bytes={unpaced_printer.stats.lost_bytes}")
    if fixed_printer.stats.lost_bytes:
        print("note: fixed pacing overflowed this printer's buffer, so its paper is damaged and its time means little")
    calibrated_ok = True
    efficiencies = []
    for spec in args.unknown or ["3000:260", "1024:150"]:
        unknown_buffer, unknown_lines = int(spec.split(":")[0]), float(spec.split(":")[1])
        derived, attempts, cal, cal_printer, cal_s, cal_ok = asyncio.run(run_calibrated(
            base, raster, timing, unknown_buffer, unknown_lines))
        cal_limit = max(link_s, raster.height / unknown_lines)
        efficiencies.append(cal_limit / cal_s)
        calibrated_ok &= cal_printer.stats.lost_bytes == 0 and cal_ok and cal.ok
        print(f"calibrated (unknown printer: {unknown_buffer} B buffer, {unknown_lines:g} lines/s): answer block "
              f"{derived.answer} (check blocks printed: {attempts}) -> {derived.lines_per_s:.0f} lines/s, buffer "
              f"estimate {derived.buffer_bytes} B, chunk {derived.chunk}; paper done at {cal_s:.3f} s (limit "
              f"{cal_limit:.3f} s, efficiency {cal_limit / cal_s:.3f}), outcome={cal.outcome}, paper_ok={cal_ok}, "
              f"lost_bytes={cal_printer.stats.lost_bytes}")
    calibrated_efficiency = min(efficiencies)
    print(f"efficiency={efficiency:.3f}")
    print(f"lost_bytes={paced_printer.stats.lost_bytes}")
    print(f"speedup_vs_fixed_pacing={fixed_s / paced_s:.2f}")
    print(f"calibrated_efficiency={calibrated_efficiency:.3f}")
    ok = (efficiency >= 0.85 and paced_printer.stats.lost_bytes == 0 and paced_ok and paced.ok
          and calibrated_efficiency >= 0.8 and calibrated_ok)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
