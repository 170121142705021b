"""Plain-text tables for the command line: columns as wide as their longest cell, so long names never
push the next column out of line. Widths count terminal cells (a CJK character takes two)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

GAP = "  "


def cell_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def format_table(header: Sequence[str], rows: Iterable[Sequence[object]], *, right: frozenset[int] = frozenset()
                 ) -> list[str]:
    """The lines of a table; the columns whose index is in ``right`` (numbers) are right-aligned; the last
    column is never padded."""
    cells = [[str(c) for c in header], *([str(c) for c in row] for row in rows)]
    widths = [max(cell_width(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for row in cells:
        out = []
        for i, text in enumerate(row):
            pad = " " * (widths[i] - cell_width(text))
            last = i == len(row) - 1
            out.append(pad + text if i in right else text + ("" if last else pad))
        lines.append(GAP.join(out).rstrip())
    return lines
