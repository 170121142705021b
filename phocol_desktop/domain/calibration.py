"""Speed calibration of one real printer, as data: the ladder plan, the answer, the derived pacing.

No model in the table has a measured buffer or head speed, so out of the box every printer gets the fixed
128 B / 20 ms pacing. Calibration measures one printer instead:

1. **Ladder.** Numbered blocks of ``block_rows`` full-width rows, each sent at a constant rate, each
   faster than the one before (geometric steps from ``low`` to ``high`` lines per second). A block sent
   faster than the head prints overfills the receive buffer; the lost bytes tear it visibly.
2. **Answer.** The user names the last block that printed completely (``k``).
3. **Derived pacing.** Block ``k`` went through, so the printer keeps up with ``rate(k)`` for a whole
   block. The head speed is taken as ``rate(k)`` less the stated margin (``MARGIN``), which also covers
   what a block's worth of buffer may have hidden (a buffer of up to ``MARGIN`` x a block's bytes). The
   buffer estimate is deliberately small (two writes and two rows): the pacer then streams at the head
   speed instead of bursting into a buffer nobody measured.
4. **Verification.** A block three times as long is printed with the derived pacing through the normal
   print path; the printer must confirm it (completion frame, or a status answer that it only sends once
   the head has reached it). Too high an answer overflows it and the calibration is not saved.

The result is a ``PrinterTuning`` kept in ``printers.d`` under the printer's pseudonym (never its address),
applied over the model whenever that printer connects.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from phocol_desktop.domain.errors import ConfigError
from phocol_desktop.domain.printer_model import PrinterModel
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP

MARGIN = 0.15  # derived speed = 85 % of the fastest block that printed completely
DEFAULT_BLOCKS = 12
DEFAULT_BLOCK_ROWS = 200  # 25 mm at 203 dpi
DEFAULT_LOW_MM_S = 12.0  # slowest block: slower than any Quyin head we know of
DEFAULT_HIGH_MM_S = 72.0  # fastest block: faster than any of them
VERIFY_FACTOR = 3  # the verification block is this many ladder blocks long
TUNING_SCHEMA = "phocol.printer_tuning/1"


class CalibrationError(ConfigError):
    advice = QT_TRANSLATE_NOOP("Errors", "Print the ladder again and count the blocks from the top; block numbers are"
                                         " printed on them.")


@dataclass(frozen=True)
class LadderBlock:
    number: int  # printed on the block, from 1
    lines_per_s: float  # send rate, in rows of the block per second
    bytes_per_s: float  # the same rate in bytes (full-width rows)
    rows: int  # rows in the block, including its trailing white gap
    top_row: int  # first paper row of the block (0 = the first row the ladder prints)
    bottom_row: int  # last paper row of its pattern (before the gap)

    def as_json(self) -> dict[str, Any]:
        return {"block": self.number, "send_lines_per_s": round(self.lines_per_s, 1),
                "send_bytes_per_s": round(self.bytes_per_s), "top_row": self.top_row, "bottom_row": self.bottom_row}


@dataclass(frozen=True)
class LadderPlan:
    model_id: str
    head_dots: int
    dpi: int
    block_rows: int
    gap_rows: int
    blocks: tuple[LadderBlock, ...]
    chunk: int  # bytes per write during the ladder (the link's largest write, at most 512)

    @property
    def bytes_per_row(self) -> int:
        return self.head_dots // 8

    def block(self, number: int) -> LadderBlock:
        if not 1 <= number <= len(self.blocks):
            raise CalibrationError(f"There is no block {number}; the ladder has blocks 1 to {len(self.blocks)}.")
        return self.blocks[number - 1]

    def as_json(self) -> dict[str, Any]:
        """What ``calibrate --ladder OUT.json`` writes before printing (support can check a photo with it)."""
        return {"schema": "phocol.ladder/1", "model": self.model_id, "head_dots": self.head_dots,
                "dpi": self.dpi, "block_rows": self.block_rows, "gap_rows": self.gap_rows, "chunk": self.chunk,
                "blocks": [b.as_json() for b in self.blocks]}


def mm_s_to_lines(mm_s: float, dpi: int) -> float:
    return mm_s * dpi / 25.4


def plan_ladder(model: PrinterModel, chunk: int, *, blocks: int = DEFAULT_BLOCKS,
                block_rows: int = DEFAULT_BLOCK_ROWS, low_lines_per_s: float | None = None,
                high_lines_per_s: float | None = None, gap_rows: int = 16,
                rows_between: int = 0) -> LadderPlan:
    """The ladder for ``model``: ``blocks`` rates in geometric steps; ``rows_between`` is paper the job
    template adds between blocks (feeds), so the listed rows match the paper."""
    if not 2 <= blocks <= 40:
        raise CalibrationError("A ladder has 2 to 40 blocks.")
    if not 64 <= block_rows <= 2000:
        raise CalibrationError("A ladder block has 64 to 2000 rows.")
    low = low_lines_per_s or mm_s_to_lines(DEFAULT_LOW_MM_S, model.dpi)
    high = high_lines_per_s or mm_s_to_lines(DEFAULT_HIGH_MM_S, model.dpi)
    if not 0 < low < high:
        raise CalibrationError("The ladder's slowest rate must be below its fastest.")
    step = (high / low) ** (1 / (blocks - 1))
    bpr = model.head_dots // 8
    out = []
    top = 0
    for i in range(blocks):
        lines = low * step**i
        out.append(LadderBlock(i + 1, lines, lines * bpr, block_rows, top, top + block_rows - gap_rows - 1))
        top += block_rows + rows_between
    return LadderPlan(model.id, model.head_dots, model.dpi, block_rows, gap_rows, tuple(out), chunk)


@dataclass(frozen=True)
class DerivedPacing:
    answer: int
    block_lines_per_s: float  # the send rate of the last complete block
    lines_per_s: float  # what the pacer will assume the head prints
    buffer_bytes: int  # the (small) buffer the pacer will assume
    chunk: int
    margin: float
    top_of_ladder: bool  # every block printed: the printer may be faster than the ladder measured

    def mm_s(self, dpi: int) -> float:
        return self.lines_per_s * 25.4 / dpi


def derive_pacing(plan: LadderPlan, answer: int, margin: float = MARGIN) -> DerivedPacing:
    """The pacing from the user's answer (the last block that printed completely; 0 = none did)."""
    if answer == 0:
        raise CalibrationError(
            "Not even the slowest block printed completely, so no speed can be derived; the fixed pacing stays.",
            "Check the paper and the battery, then calibrate again; if it happens again, make a support bundle "
            "(`phocol-desktop support bundle`).")
    block = plan.block(answer)
    lines = block.lines_per_s * (1 - margin)
    bpr = plan.bytes_per_row
    buffer_bytes = max(64, 2 * plan.chunk + 2 * bpr)
    return DerivedPacing(answer, block.lines_per_s, lines, buffer_bytes, plan.chunk, margin,
                         answer == len(plan.blocks))


# ------------------------------------------------------------------------------------- per-printer tuning


@dataclass(frozen=True)
class PrinterTuning:
    """What the user measured on one printer; kept under its pseudonym in ``printers.d``."""

    pseudonym: str
    model_id: str
    lines_per_s: float | None = None
    buffer_bytes: int | None = None
    chunk: int | None = None
    density: int | None = None  # the user's chosen default darkness
    calibration: Mapping[str, Any] = dataclasses.field(default_factory=dict)  # how it was measured

    @property
    def measured(self) -> bool:
        return self.lines_per_s is not None and self.buffer_bytes is not None

    def apply(self, model: PrinterModel) -> PrinterModel:
        """``model`` with this printer's measured pacing and default darkness."""
        changes: dict[str, Any] = {}
        if self.measured:
            changes["pacing"] = dataclasses.replace(model.pacing, buffer_bytes=self.buffer_bytes,
                                                    lines_per_s=self.lines_per_s,
                                                    chunk=self.chunk or model.pacing.chunk)
        if self.density is not None:
            changes["density"] = dataclasses.replace(model.density, default=model.density.clamp(self.density))
        return dataclasses.replace(model, **changes) if changes else model

    def to_json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"model": self.model_id}
        if self.measured:
            entry["pacing"] = {"lines_per_s": round(self.lines_per_s or 0, 1), "buffer_bytes": self.buffer_bytes,
                               "chunk": self.chunk}
        if self.density is not None:
            entry["density"] = self.density
        if self.calibration:
            entry["calibration"] = dict(self.calibration)
        return entry

    @classmethod
    def from_json(cls, pseudonym: str, entry: Mapping[str, Any], where: str) -> PrinterTuning:
        def bad(field: str, why: str) -> ConfigError:
            return ConfigError(f"Printer tuning {where}, {pseudonym}: field {field!r} {why}.",
                               "Calibrate the printer again, or delete the file.")

        if not isinstance(entry, Mapping) or not isinstance(entry.get("model"), str):
            raise bad("model", "is missing")
        pacing = entry.get("pacing") or {}
        if not isinstance(pacing, Mapping):
            raise bad("pacing", "is not an object")
        lines, buffer_bytes, chunk = pacing.get("lines_per_s"), pacing.get("buffer_bytes"), pacing.get("chunk")
        if lines is not None and (isinstance(lines, bool) or not isinstance(lines, int | float)
                                  or not math.isfinite(lines) or not 1 <= lines <= 5000):
            raise bad("pacing.lines_per_s", "is not a speed between 1 and 5000 lines/s")
        if buffer_bytes is not None and (not isinstance(buffer_bytes, int) or isinstance(buffer_bytes, bool)
                                         or not 64 <= buffer_bytes <= 1 << 24):
            raise bad("pacing.buffer_bytes", "is not a size between 64 B and 16 MiB")
        if chunk is not None and (not isinstance(chunk, int) or isinstance(chunk, bool) or not 20 <= chunk <= 512):
            raise bad("pacing.chunk", "is not between 20 and 512")
        density = entry.get("density")
        if density is not None and (not isinstance(density, int) or isinstance(density, bool)
                                    or not 0 <= density <= 255):
            raise bad("density", "is not a level 0..255")
        calibration = entry.get("calibration") or {}
        return cls(pseudonym, entry["model"], None if lines is None else float(lines), buffer_bytes, chunk, density,
                   dict(calibration) if isinstance(calibration, Mapping) else {})
