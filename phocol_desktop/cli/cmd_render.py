"""`phocol-desktop render PHOTO -o OUT.png`: the exact 1-bit image printing would send, 1 px per dot.

The PNG is the packed raster itself (``model.head_dots`` wide, the paper placed under the head as the
model's alignment says), so what it shows is what the paper shows. It carries no metadata of the photo.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from phocol_desktop.domain.errors import ImageError
from phocol_desktop.imaging.dither import METHODS, method_named
from phocol_desktop.imaging.edits import EditState
from phocol_desktop.imaging.errors import EditsInvalid
from phocol_desktop.imaging.layout import paper_for
from phocol_desktop.imaging.pipeline import raster_image, render_file
from phocol_desktop.storage.paths import secure_write

MAX_EDITS_FILE = 256 * 1024


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser("render", help="write the exact 1-bit image a printer would print (photo or PDF)")
    p.add_argument("photo", help="a photo or a PDF document")
    p.add_argument("-o", "--output", required=True, metavar="OUT.png")
    p.add_argument("--model", help="printer model id (see `models`); default: the table's default model")
    p.add_argument("--preset", help="paper size id of the model (see `models`), e.g. 50x30 or roll-57")
    p.add_argument("--dither", help=", ".join(METHODS))
    p.add_argument("--strength", type=int, metavar="0-100", help="dithering strength (0 = plain threshold)")
    p.add_argument("--fit", choices=("fit", "fill"), help="fit: whole photo visible; fill: paper covered")
    p.add_argument("--edits", metavar="JSON|FILE", help="edits as a JSON object, or a .json file holding one")
    p.add_argument("--width-mm", type=float, help="custom paper width (continuous roll unless a length is given)")
    p.add_argument("--length-mm", type=float, help="custom label length")
    p.add_argument("--pages", metavar="RANGE", help="PDF: pages to render, e.g. 1-3,5 (default: all)")
    p.add_argument("--mode", choices=("auto", "text", "photo"), default="auto",
                   help="PDF: text = threshold (sharp text and lines), photo = dither all, auto = dither only "
                        "photographic regions (default)")
    p.set_defaults(handler=run)


def _edits(args) -> EditState:  # type: ignore[no-untyped-def]
    data: dict = {}
    if args.edits:
        text = args.edits
        if not text.lstrip().startswith("{"):
            path = Path(text)
            if not path.is_file():
                raise EditsInvalid(f"--edits is neither a JSON object nor a file ({path.name}).",
                                   'Give e.g. --edits \'{"brightness": 20}\' or a path to a .json file.')
            if path.stat().st_size > MAX_EDITS_FILE:
                raise EditsInvalid(f"The edits file {path.name} is larger than {MAX_EDITS_FILE // 1024} KB.")
            text = path.read_text(encoding="utf-8", errors="replace")
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


def run(args, ctx) -> int:  # type: ignore[no-untyped-def]
    model = ctx.models.get(args.model) if args.model else ctx.models.default
    edits = _edits(args)
    if args.width_mm is not None or args.length_mm is not None:
        paper = paper_for(model, args.preset, args.width_mm, args.length_mm)
    else:
        paper = paper_for(model, args.preset or edits.preset or None)
    photo, output = Path(args.photo), Path(args.output)
    # Never overwrite the user's photo with the rendering (``render a.png -o a.png``).
    if output.exists() and photo.exists() and output.resolve() == photo.resolve():
        raise ImageError(f"The output {output.name} is the photo itself.", "Choose another output file name.")
    from phocol_desktop.services.documents import looks_like_document

    if looks_like_document(photo):
        return _render_document(args, ctx, model, paper, document=photo, output=output)
    rendered = render_file(photo, model, edits, paper)  # the same function printing uses
    buffer = io.BytesIO()
    raster_image(rendered.raster).save(buffer, format="PNG", optimize=True)
    secure_write(output, buffer.getvalue())
    raster = rendered.raster
    size = f"{paper.width_mm:g} mm roll" if paper.length_mm is None else f"{paper.width_mm:g}x{paper.length_mm:g} mm"
    ctx.out(f"Wrote {output.name}: {raster.width}x{raster.height} dots for {model.display_name} "
            f"({size} paper, {edits.dither}), {raster.black_dots()} black dots.")
    return 0


def _render_document(args, ctx, model, paper, *, document: Path, output: Path) -> int:  # type: ignore[no-untyped-def]
    """Every selected page, one under the other in print order: the paper the print would come out as."""
    from PIL import Image

    from phocol_desktop.services.documents import DocumentPages

    pages = DocumentPages(document, args.pages, args.mode, preset=paper).rendered(model)
    height = sum(page.raster.height for page in pages)
    sheet = Image.new("1", (model.head_dots, max(1, height)), 1)
    top = 0
    for page in pages:
        sheet.paste(raster_image(page.raster), (0, top))
        top += page.raster.height
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG", optimize=True)
    secure_write(output, buffer.getvalue())
    modes = ", ".join(sorted({page.mode for page in pages}))
    ctx.out(f"Wrote {output.name}: {len(pages)} page{'s' if len(pages) != 1 else ''} of {document.name}, "
            f"{model.head_dots}x{height} dots for {model.display_name} ({modes}).")
    return 0
