"""CSV batches: a spreadsheet's rows fill a template's fields, one design per row.

The file is UTF-8 with or without a byte-order mark (what Excel and LibreOffice save as "CSV UTF-8");
its first row names the template's fields (columns in any order; a column the template does not have is
refused up front, since a misspelt column would otherwise print blank labels). *Row numbers* count data
rows: row 1 is the first row under the header, and ``--rows 2-5`` selects by that number.

A row that cannot become a design (a missing required value, a code that does not encode, a photo that
does not open) is reported by its number with the reason, and the batch goes on with the next row.
Progress is reported after every row; ``cancel()`` is checked before each one.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.domain.safe_input import InputRefused, open_input
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP
from phocol_desktop.imaging.design.errors import DesignInvalid
from phocol_desktop.imaging.design.model import Design
from phocol_desktop.imaging.design.templates import fill_template

MAX_CSV_BYTES = 16 * 1024 * 1024
MAX_ROWS = 10_000
MAX_CELL = 5000  # the longest text field a design takes
I = TypeVar("I")  # noqa: E741 - the item type of a batch
R = TypeVar("R")


class BatchInvalid(DesignInvalid):
    """The CSV file as a whole cannot be used (not UTF-8, no header, unknown columns, too large)."""

    advice = QT_TRANSLATE_NOOP("Errors", "Save the sheet as \"CSV UTF-8\" with the template's field names in the first"
                                          " row.")


@dataclass(frozen=True)
class CsvTable:
    columns: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (row number, cells)


def read_csv(source: Path | bytes, *, what: str = "The CSV file") -> CsvTable:
    """Read a CSV file (bounded: size, rows, cell length) into its header and numbered rows."""
    if isinstance(source, Path):
        try:  # never blocks on a FIFO, refuses folders and devices (domain/safe_input.py)
            with open_input(source, what="CSV file") as fh:
                data = fh.read(MAX_CSV_BYTES + 1)
        except InputRefused as exc:
            raise BatchInvalid(exc.reason) from None
        except OSError as exc:
            raise BatchInvalid(f"{source.name} cannot be read ({exc.strerror or type(exc).__name__}).") from None
        what = source.name
    else:
        data = source
    if len(data) > MAX_CSV_BYTES:
        raise BatchInvalid(f"{what} is larger than {MAX_CSV_BYTES // (1024 * 1024)} MB.")
    try:
        text = data.decode("utf-8-sig")  # strips the byte-order mark spreadsheets write
    except UnicodeDecodeError as exc:
        raise BatchInvalid(f"{what} is not UTF-8 text (byte {exc.start}).") from None
    if "\x00" in text:
        raise BatchInvalid(f"{what} contains NUL bytes; it is not a text CSV file.")
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    try:
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise BatchInvalid(f"{what} has no header row naming the fields.")
        columns = tuple(h.strip() for h in header)
        if any(not c for c in columns):
            raise BatchInvalid(f"{what}: column {columns.index('') + 1} of the header has no name.")
        duplicates = sorted({c for c in columns if columns.count(c) > 1})
        if duplicates:
            raise BatchInvalid(f"{what} names the column {duplicates[0]!r} twice.")
        rows = []
        for number, cells in enumerate(reader, start=1):
            if number > MAX_ROWS:
                raise BatchInvalid(f"{what} has more than {MAX_ROWS} rows.", "Split it into smaller files.")
            if not any(c.strip() for c in cells):
                continue  # blank lines (often at the end of a sheet) are not labels
            rows.append((number, tuple(c[: MAX_CELL + 1] for c in cells)))
    except csv.Error as exc:
        raise BatchInvalid(f"{what} is not a readable CSV file ({exc}).") from None
    return CsvTable(columns, tuple(rows))


_RANGE = re.compile(r"^\s*(\d*)\s*(-?)\s*(\d*)\s*$")


def parse_rows(spec: str | None) -> tuple[int, int | None] | None:
    """``"3"``, ``"2-5"``, ``"4-"`` or ``"-3"`` → (first, last or None); ``None`` → all rows."""
    if spec is None or not spec.strip():
        return None
    m = _RANGE.match(spec)
    if not m or (not m.group(1) and not m.group(3)):
        raise BatchInvalid(f"Rows {spec[:20]!r} are not a range like 3, 2-5, 4- or -3.")
    first = int(m.group(1)) if m.group(1) else 1
    last = int(m.group(3)) if m.group(3) else (None if m.group(2) else first)
    if first < 1 or (last is not None and last < first):
        raise BatchInvalid(f"Rows {spec[:20]!r}: the range is empty (rows count from 1).")
    return first, last


@dataclass(frozen=True)
class BatchRow:
    number: int
    values: Mapping[str, str]
    extra_cells: bool = False  # more cells than the header has columns


def batch_rows(template: Design, table: CsvTable, rows: tuple[int, int | None] | None = None) -> list[BatchRow]:
    """The selected rows as field values, after checking the header against the template's fields."""
    info = template.template
    if info is None:
        raise BatchInvalid("A CSV batch needs a template: this design has no fields.")
    fields = {f.name for f in info.fields}
    unknown = [c for c in table.columns if c not in fields]
    if unknown:
        raise BatchInvalid(f"The CSV column {unknown[0][:40]!r} is not a field of template {info.id!r} "
                           f"(its fields: {', '.join(sorted(fields))}).")
    selected = []
    for number, cells in table.rows:
        if rows is not None and (number < rows[0] or (rows[1] is not None and number > rows[1])):
            continue
        values = {c: cells[i] if i < len(cells) else "" for i, c in enumerate(table.columns)}
        selected.append(BatchRow(number, values, len(cells) > len(table.columns)))
    if not selected:
        raise BatchInvalid("The CSV file has no rows in that range." if rows else "The CSV file has no data rows.")
    return selected


def row_design(template: Design, row: BatchRow) -> Design:
    """One row's design; raises a typed error naming what is wrong with this row."""
    if row.extra_cells:
        raise DesignInvalid("the row has more cells than the header has columns")
    for name, value in row.values.items():
        if len(value) > MAX_CELL:
            raise DesignInvalid(f"the value of {name!r} is longer than {MAX_CELL} characters")
    return fill_template(template, row.values)


@dataclass(frozen=True)
class RowFailure:
    number: int | None  # the CSV row number; None for a design that is not part of a batch
    error: PhocolError


@dataclass
class BatchResult(Generic[R]):
    done: list[tuple[int | None, R]] = field(default_factory=list)  # (row number, result)
    failed: list[RowFailure] = field(default_factory=list)
    cancelled: bool = False


def run_batch(items: Sequence[I], make: Callable[[I], R], *, number: Callable[[I], int | None],
              progress: Callable[[int, int], None] | None = None,
              cancel: Callable[[], bool] | None = None) -> BatchResult[R]:
    """``make`` each item in order; an item's typed error is recorded with its row ``number`` and the batch
    goes on. ``progress(done, total)`` after every item; ``cancel()`` is checked before each one."""
    result: BatchResult[R] = BatchResult()
    for i, item in enumerate(items):
        if cancel is not None and cancel():
            result.cancelled = True
            break
        try:
            result.done.append((number(item), make(item)))
        except PhocolError as exc:
            result.failed.append(RowFailure(number(item), exc))
        if progress is not None:
            progress(i + 1, len(items))
    return result
