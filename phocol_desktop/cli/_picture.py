"""The picture options `render` and `print` share, so what `render` shows is what `print` prints.

Both commands build the same source from these options (``PhotoPages`` for a photo, ``DocumentPages`` for
a PDF); ``render`` writes its pages as a PNG, one under the other, ``print`` hands them to the print runner.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from phocol_desktop.cli._args import whole_in
from phocol_desktop.domain.safe_input import InputRefused, read_input
from phocol_desktop.imaging.dither import METHODS, method_named
from phocol_desktop.imaging.edits import EditState
from phocol_desktop.imaging.errors import EditsInvalid
from phocol_desktop.services.print_runner import PageSource, PhotoPages

MAX_EDITS_FILE = 256 * 1024


def add_picture_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--preset", help="paper size id of the model (see `models`), e.g. 50x30 or roll-57")
    p.add_argument("--dither", help=", ".join(METHODS))
    p.add_argument("--strength", type=whole_in(0, 100), metavar="0-100",
                   help="dithering strength (0 = plain threshold)")
    p.add_argument("--fit", choices=("fit", "fill"), help="fit: whole photo visible; fill: paper covered")
    p.add_argument("--edits", metavar="JSON|FILE", help="edits as a JSON object, or a .json file holding one")
    p.add_argument("--width-mm", type=float, help="custom paper width (continuous roll unless a length is given)")
    p.add_argument("--length-mm", type=float, help="custom label length")
    p.add_argument("--pages", metavar="RANGE", help="PDF: pages, e.g. 1-3,5 (default: all)")
    p.add_argument("--mode", choices=("auto", "text", "photo"), default="auto",
                   help="PDF: text = threshold (sharp text and lines), photo = dither all, auto = dither only "
                        "photographic regions (default)")


class PictureUsageError(EditsInvalid):
    advice = "See `phocol-desktop render --help`."


def picture_source(args: argparse.Namespace) -> PageSource:
    """The photo or PDF with the edits and paper the options name (the paper is resolved per printer model)."""
    from phocol_desktop.services.documents import DocumentPages, looks_like_document

    if looks_like_document(args.photo):
        return DocumentPages(args.photo, args.pages, args.mode, preset=args.preset, width_mm=args.width_mm,
                             length_mm=args.length_mm)
    if args.pages:
        raise PictureUsageError("--pages only applies to PDF documents.")
    return PhotoPages(Path(args.photo), edits(args), preset=args.preset, width_mm=args.width_mm,
                      length_mm=args.length_mm)


def edits(args: argparse.Namespace) -> EditState:
    data: dict = {}
    if args.edits:
        text = args.edits
        if not text.lstrip().startswith("{"):
            path = Path(text)
            try:  # a regular file of bounded size, never a FIFO (domain/safe_input.py)
                text = read_input(path, max_bytes=MAX_EDITS_FILE, what="edits file").decode("utf-8", "replace")
            except InputRefused as exc:
                raise EditsInvalid(f"--edits is neither a JSON object nor a readable file: {exc.reason}",
                                   'Give e.g. --edits \'{"brightness": 20}\' or a path to a .json file.') from None
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise EditsInvalid(f"--edits is not valid JSON ({type(exc).__name__}).",
                               'Give e.g. --edits \'{"brightness": 20, "dither": "atkinson"}\'.') from None
        if not isinstance(data, dict):
            raise EditsInvalid("--edits must be a JSON object of edit fields.")
    if args.dither:
        data["dither"] = method_named(args.dither)
    if args.strength is not None:
        data["strength"] = args.strength
    if args.fit:
        data["fit"] = args.fit
    return EditState.from_dict(data)
