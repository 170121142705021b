"""`phocol-desktop render PHOTO -o OUT.png`: the exact 1-bit image printing would send, 1 px per dot.

The PNG is the packed raster itself (``model.head_dots`` wide, the paper placed under the head as the
model's alignment says), so what it shows is what the paper shows: ``print`` takes the same options and
renders through the same ``PhotoPages`` source. It carries no metadata of the photo.
"""

from __future__ import annotations

import io
from pathlib import Path

from phocol_desktop.cli._picture import add_picture_options, picture_source
from phocol_desktop.domain.errors import ImageError
from phocol_desktop.storage.paths import secure_write


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser("render", help="write the exact 1-bit image a printer would print (photo or PDF)")
    p.add_argument("photo", help="a photo or a PDF document")
    p.add_argument("-o", "--output", required=True, metavar="OUT.png")
    p.add_argument("--model", help="printer model: id, name or advertised name (see `models`); default: the "
                                   "table's default model")
    add_picture_options(p)
    p.set_defaults(handler=run)


def run(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from PIL import Image

    from phocol_desktop.imaging.pipeline import raster_image
    from phocol_desktop.services.documents import DocumentPages

    model = ctx.model(args.model)
    source = picture_source(args)
    paper = source.paper(model)
    photo, output = Path(args.photo), Path(args.output)
    # Never overwrite the user's photo with the rendering (``render a.png -o a.png``).
    if output.exists() and photo.exists() and output.resolve() == photo.resolve():
        raise ImageError(f"The output {output.name} is the photo itself.", "Choose another output file name.")
    if isinstance(source, DocumentPages):
        rendered = source.rendered(model)
        pages = tuple(page.raster for page in rendered)
    else:
        pages = source.pages(model)  # the very pages `print` sends
    # Every page one under the other, in print order: the paper the print would come out as.
    height = sum(page.height for page in pages)
    sheet = Image.new("1", (model.head_dots, max(1, height)), 1)
    top = 0
    for page in pages:
        sheet.paste(raster_image(page), (0, top))
        top += page.height
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG", optimize=True)
    secure_write(output, buffer.getvalue())
    if isinstance(source, DocumentPages):
        modes = ", ".join(sorted({page.mode for page in rendered}))
        ctx.out(f"Wrote {output.name}: {len(pages)} page{'s' if len(pages) != 1 else ''} of {photo.name}, "
                f"{model.head_dots}x{height} dots for {model.display_name} ({modes}).")
        return 0
    (raster,) = pages
    size = f"{paper.width_mm:g} mm roll" if paper.length_mm is None else f"{paper.width_mm:g}x{paper.length_mm:g} mm"
    dither = source.edits.dither if source.edits else ""
    ctx.out(f"Wrote {output.name}: {raster.width}x{raster.height} dots for {model.display_name} "
            f"({size} paper, {dither}), {raster.black_dots()} black dots.")
    return 0
