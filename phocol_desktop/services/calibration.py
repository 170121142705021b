"""Calibrating one real printer: the speed ladder, its verification, the darkness patches (CLI and GUI share it).

    calibrator = Calibrator(device_service, TuningStore(paths))
    wait(calibrator.connect("Q155E10042"))
    plan = calibrator.plan()                                  # write plan.as_json() before printing
    wait(calibrator.print_ladder(plan, on_block=...))          # the numbered blocks, each sent faster
    result = wait(calibrator.finish(plan, answer=6))           # derive, verify, save under the pseudonym

Everything runs on the BLE worker (``DeviceService.run_on_link``): the GUI thread only waits on futures.

The ladder is the one thing not sent through ``PrintJob``: its whole point is to send each block at a set
rate, which no pacing mode would do. It still goes through the family encoder and the danger-list guard
(packet by packet), and its pictures hold only bytes that can never read as a command
(``imaging.calibration_prints``). The verification block is a normal ``PrintJob`` with the derived pacing.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from phocol_desktop.domain.calibration import (
    DEFAULT_BLOCK_ROWS,
    DEFAULT_BLOCKS,
    VERIFY_FACTOR,
    CalibrationError,
    DerivedPacing,
    LadderPlan,
    PrinterTuning,
    derive_pacing,
    plan_ladder,
)
from phocol_desktop.domain.clock import Clock, SystemClock
from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.domain.events import BatteryLevel, JobFinished
from phocol_desktop.domain.job import JobOptions
from phocol_desktop.domain.printer_model import PrinterModel
from phocol_desktop.domain.raster import Raster
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP
from phocol_desktop.imaging.calibration_prints import density_patch, ladder_block
from phocol_desktop.protocol import EncodedJob, PacketKind, dialect_for, encode_job
from phocol_desktop.services.print_job import JobCancelledByUser, PrintJob
from phocol_desktop.storage.tuning import TuningStore
from phocol_desktop.transport.base import LinkLost, PrinterLink, PrinterNotResponding
from phocol_desktop.transport.pacing import ATT_MAX_VALUE, FEED_DOTS_PER_LINE

log = logging.getLogger(__name__)

BATTERY_QUERY = 0x08
PREFLIGHT_S = 1.0
ECHO_WAIT_S = 3.0
DENSITY_PATCH_ROWS = 120


class VerificationFailed(PhocolError):
    advice = QT_TRANSLATE_NOOP("Errors", "Your answer was higher than this printer can take: the check block lost "
                                         "data. Nothing was saved. Look at the ladder again and answer a lower block "
                                         "(the last one with every bar and checker whole).")


@dataclass(frozen=True)
class BlockSent:
    number: int
    total: int
    confirmed: bool | None  # the printer confirmed the block in time (None: its family never confirms)


@dataclass(frozen=True)
class LadderOutcome:
    plan: LadderPlan
    confirmed: tuple[int, ...]  # blocks the printer confirmed in time: a hint, the paper is what counts
    duration_s: float


@dataclass(frozen=True)
class CalibrationResult:
    pseudonym: str
    derived: DerivedPacing
    model: PrinterModel  # the model with the measured pacing (what later jobs use)
    verification_s: float
    saved: bool


def paper_rows(job: EncodedJob) -> int:
    """Rows of paper a job advances: its raster rows plus its feeds (ESC d n: lines of 16 dots; ESC J n: dots)."""
    rows = 0
    for p in job.packets:
        if p.kind is PacketKind.RASTER:
            rows += p.rows
        elif p.kind is PacketKind.FEED and len(p.data) == 3:
            rows += p.data[2] * (FEED_DOTS_PER_LINE if p.data[1] == 0x64 else 1)
    return rows


class _Listener:
    """Decodes the printer's notifications while a calibration step runs; hands the link back afterwards."""

    def __init__(self, link: PrinterLink, model: PrinterModel) -> None:
        self.link = link
        self.decoder = dialect_for(model).make_decoder(model)
        self.finished = 0
        self.battery_answers = 0
        self._previous = getattr(link, "_notify", None)

    def __enter__(self) -> _Listener:
        self.link.on_notification(self._on_notification)
        return self

    def __exit__(self, *exc: object) -> None:
        self.link._notify = self._previous  # type: ignore[attr-defined]

    def _on_notification(self, data: bytes) -> None:
        if self._previous is not None:
            self._previous(data)
        try:
            events = self.decoder.feed(data)
        except PhocolError:
            return
        for event in events:
            if isinstance(event, JobFinished):
                self.finished += 1
            elif isinstance(event, BatteryLevel):
                self.battery_answers += 1


async def _wait_for(clock: Clock, done: Callable[[], bool], timeout: float, link: PrinterLink) -> bool:
    deadline = clock.now() + timeout
    while not done():
        if not link.is_connected:
            raise LinkLost("The printer disconnected during calibration.")
        if clock.now() >= deadline:
            return False
        await clock.sleep(0.01)
    return True


async def send_at_rate(link: PrinterLink, model: PrinterModel, job: EncodedJob, *, bytes_per_s: float, chunk: int,
                       clock: Clock, should_stop: Callable[[], bool] = lambda: False) -> None:
    """Write ``job`` in ``chunk``-byte writes at ``bytes_per_s`` on average (never in a catch-up burst)."""
    dialect = dialect_for(model)
    start = clock.now()
    sent = 0
    for packet in job.packets:
        dialect.check(packet.data, model)  # DangerousCommand: nothing of this packet leaves
        for offset in range(0, len(packet.data), chunk):
            if should_stop():
                raise JobCancelledByUser("Calibration was cancelled.")
            piece = packet.data[offset : offset + chunk]
            due = start + sent / bytes_per_s
            now = clock.now()
            if now < due:
                await clock.sleep(due - now)
            elif now - due > chunk / bytes_per_s:
                start += now - due  # we fell behind (a slow write): carry on at the rate, do not burst
            try:
                await link.write(piece)
            except LinkLost:
                raise LinkLost("The printer disconnected during calibration; it was stopped, nothing re-sent.") \
                    from None
            sent += len(piece)


async def _preflight(link: PrinterLink, model: PrinterModel, listener: _Listener, clock: Clock) -> None:
    if BATTERY_QUERY not in model.queries:
        return
    before = listener.battery_answers
    await link.write(dialect_for(model).query(BATTERY_QUERY, model))
    if not await _wait_for(clock, lambda: listener.battery_answers > before, PREFLIGHT_S, link):
        raise PrinterNotResponding("The printer is not responding; nothing was printed.")


def link_chunk(link: PrinterLink) -> int:
    info = link.info
    return min(info.max_write, info.mtu - 3, ATT_MAX_VALUE)


def ladder_plan(model: PrinterModel, chunk: int, *, blocks: int = DEFAULT_BLOCKS,
                block_rows: int = DEFAULT_BLOCK_ROWS, **rates: float) -> LadderPlan:
    """The ladder for ``model``, with the paper its job template adds between blocks (feeds) counted in."""
    probe = encode_job(Raster.blank(model.head_dots, block_rows), JobOptions(), model)
    return plan_ladder(model, chunk, blocks=blocks, block_rows=block_rows,
                       rows_between=paper_rows(probe) - block_rows, **rates)


def block_raster(plan: LadderPlan, number: int, rows: int | None = None) -> Raster:
    return ladder_block(number, plan.head_dots, rows or plan.block_rows, plan.gap_rows)


async def print_ladder(link: PrinterLink, model: PrinterModel, plan: LadderPlan, *, clock: Clock,
                       on_block: Callable[[BlockSent], None] | None = None,
                       should_stop: Callable[[], bool] = lambda: False) -> LadderOutcome:
    """Print every block of ``plan`` at its rate, then blank paper that also un-sticks a torn block."""
    started = clock.now()
    confirmed: list[int] = []
    slowest = plan.blocks[0]
    with _Listener(link, model) as listener:
        await _preflight(link, model, listener, clock)
        expected = 0
        torn = False  # after an unconfirmed block, later frames may belong to it: no more hints
        for block in plan.blocks:
            job = encode_job(block_raster(plan, block.number), JobOptions(), model)
            await send_at_rate(link, model, job, bytes_per_s=block.bytes_per_s, chunk=plan.chunk, clock=clock,
                               should_stop=should_stop)
            # Let the head finish before the next, faster block starts: the completion frame, or as long
            # as the slowest block takes (a block still printing only makes the next one look worse).
            ok: bool | None = None
            wait_s = block.rows / slowest.lines_per_s + 0.5
            if job.expected_completions:
                expected += job.expected_completions
                done = await _wait_for(clock, lambda e=expected: listener.finished >= e, wait_s, link)
                expected = listener.finished  # a torn block never confirms: count from what arrived
                if not torn:
                    ok = done
                    torn = not done
                if ok:
                    confirmed.append(block.number)
            else:
                await clock.sleep(wait_s)
            if on_block is not None:
                on_block(BlockSent(block.number, len(plan.blocks), ok))
        await flush(link, model, plan, clock)
    return LadderOutcome(plan, tuple(confirmed), clock.now() - started)


async def flush(link: PrinterLink, model: PrinterModel, plan: LadderPlan, clock: Clock) -> None:
    """A block of blank rows at the slowest rate: tear-off paper, and the bytes a torn block still waits for."""
    job = encode_job(Raster.blank(plan.head_dots, plan.block_rows), JobOptions(), model)
    await send_at_rate(link, model, job, bytes_per_s=plan.blocks[0].bytes_per_s, chunk=plan.chunk, clock=clock)


def last_complete_block(paper: Raster, plan: LadderPlan, first_row: int = 0) -> int:
    """What a person reads off the ladder: the last block before the first one that is not exactly as drawn.

    ``paper`` is a virtual printer's paper (1 px per dot), ``first_row`` where the ladder starts on it.
    Benchmarks and support tools use it; a real printer's user answers by eye.
    """
    last = 0
    for block in plan.blocks:
        top = first_row + block.top_row
        if paper.width != plan.head_dots or paper.height < top + plan.block_rows:
            break
        if paper.rows(top, top + plan.block_rows).data != block_raster(plan, block.number).data:
            break
        last = block.number
    return last


def tuned_model(model: PrinterModel, derived: DerivedPacing) -> PrinterModel:
    return dataclasses.replace(model, pacing=dataclasses.replace(
        model.pacing, lines_per_s=derived.lines_per_s, buffer_bytes=derived.buffer_bytes, chunk=derived.chunk))


async def verify(link: PrinterLink, model: PrinterModel, plan: LadderPlan, derived: DerivedPacing, *,
                 clock: Clock) -> float:
    """Print a long block with the derived pacing through the normal print path; raise if it lost data.

    Loss shows as a missing completion frame, or as no answer to a status query sent after the block (the
    printer answers when its head reaches the query; a torn block swallows the query as picture bytes).
    Returns how long the check took.
    """
    tuned = tuned_model(model, derived)
    raster = block_raster(plan, derived.answer, plan.block_rows * VERIFY_FACTOR)
    job = encode_job(raster, JobOptions(), tuned)
    with _Listener(link, model) as listener:
        result = await PrintJob(link, tuned, job, clock=clock).run()
        if result.error is not None and result.outcome != "unconfirmed":
            raise result.error
        lost = result.outcome == "unconfirmed"
        if not lost and BATTERY_QUERY in model.queries:
            before = listener.battery_answers
            await link.write(dialect_for(model).query(BATTERY_QUERY, model))
            lost = not await _wait_for(clock, lambda: listener.battery_answers > before, ECHO_WAIT_S, link)
    if lost:
        await flush(link, model, plan, clock)
        raise VerificationFailed(f"The check block printed at block {derived.answer}'s speed lost data.")
    return result.duration_s


async def print_density_patches(link: PrinterLink, model: PrinterModel, *, clock: Clock,
                                levels: list[int] | None = None,
                                on_patch: Callable[[int], None] | None = None) -> list[int]:
    """One patch per density level the model supports, each printed at its own level (normal print path)."""
    setting = model.density
    levels = levels or list(range(setting.min, setting.max + 1))
    for level in levels:
        if not setting.min <= level <= setting.max:
            raise CalibrationError(f"Darkness {level} is outside {setting.min}..{setting.max} for this printer.")
        raster = density_patch(level, model.head_dots, DENSITY_PATCH_ROWS)
        job = encode_job(raster, JobOptions(density=level), model)
        result = await PrintJob(link, model, job, clock=clock).run()
        result.raise_for_outcome()
        if on_patch is not None:
            on_patch(level)
    return levels


# ------------------------------------------------------------------------------------ thread-safe facade


class Calibrator:
    """The calibration flow over a connected ``DeviceService`` (every step runs on its BLE worker)."""

    def __init__(self, devices: Any, store: TuningStore, clock: Clock | None = None) -> None:
        self.devices = devices
        self.store = store
        self.clock = clock or SystemClock()
        self._stop = False

    def connect(self, target: Any, model_id: str | None = None) -> concurrent.futures.Future[Any]:
        return self.devices.connect(target, model_id)

    @property
    def model(self) -> PrinterModel:
        model = self.devices.model
        if model is None:
            raise LinkLost("No printer is connected.", "Connect to a printer first.")
        return model

    def _address(self) -> str:
        address = self.devices.address
        if not address:
            raise LinkLost("No printer is connected.", "Connect to a printer first.")
        return address

    @property
    def pseudonym(self) -> str:
        return self.store.pseudonym(self._address())

    def plan(self, blocks: int = DEFAULT_BLOCKS, block_rows: int = DEFAULT_BLOCK_ROWS, **rates: float) -> LadderPlan:
        link = self.devices.link
        if link is None:
            raise LinkLost("No printer is connected.", "Connect to a printer first.")
        return ladder_plan(self.model, link_chunk(link), blocks=blocks, block_rows=block_rows, **rates)

    def cancel(self) -> None:
        self._stop = True

    def print_ladder(self, plan: LadderPlan, on_block: Callable[[BlockSent], None] | None = None
                     ) -> concurrent.futures.Future[LadderOutcome]:
        self._stop = False
        model = self.model

        async def job(link: PrinterLink) -> LadderOutcome:
            return await print_ladder(link, model, plan, clock=self.clock, on_block=on_block,
                                      should_stop=lambda: self._stop)

        return self.devices.run_on_link(job)

    def finish(self, plan: LadderPlan, answer: int) -> concurrent.futures.Future[CalibrationResult]:
        """Derive the pacing from ``answer``, verify it on paper, and save it under the printer's pseudonym."""
        derived = derive_pacing(plan, answer)  # a bad answer fails here, before anything is printed
        model = self.model
        address = self._address()

        async def job(link: PrinterLink) -> CalibrationResult:
            took = await verify(link, model, plan, derived, clock=self.clock)
            calibration = {"answer": answer, "blocks": len(plan.blocks), "block_rows": plan.block_rows,
                           "block_lines_per_s": round(derived.block_lines_per_s, 1), "margin": derived.margin,
                           "verified": True, "date": time.strftime("%Y-%m-%d")}
            tuning = await asyncio.to_thread(
                self.store.update, address, model.id, lines_per_s=derived.lines_per_s,
                buffer_bytes=derived.buffer_bytes, chunk=derived.chunk, calibration=calibration)
            measured = tuning.apply(model)
            self.devices.retune(measured)  # the rest of this session prints with it too
            return CalibrationResult(tuning.pseudonym, derived, measured, took, True)

        return self.devices.run_on_link(job)

    def print_density(self, levels: list[int] | None = None, on_patch: Callable[[int], None] | None = None
                      ) -> concurrent.futures.Future[list[int]]:
        model = self.model

        async def job(link: PrinterLink) -> list[int]:
            return await print_density_patches(link, model, clock=self.clock, levels=levels, on_patch=on_patch)

        return self.devices.run_on_link(job)

    def choose_density(self, level: int) -> PrinterTuning:
        """The user's pick becomes this printer's default darkness (kept under its pseudonym)."""
        model = self.model
        if not model.density.min <= level <= model.density.max:
            raise CalibrationError(f"Darkness {level} is outside {model.density.min}..{model.density.max} "
                                   "for this printer.")
        tuning = self.store.update(self._address(), model.id, density=level)
        self.devices.retune(tuning.apply(model))
        return tuning

    def reset(self) -> bool:
        removed = self.store.forget(self._address())
        self.devices.retune(self.devices.models.get(self.model.id))
        return removed
