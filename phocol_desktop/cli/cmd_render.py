"""`phocol-desktop render PHOTO|PDF|DESIGN.json|PROJECT.phocol -o OUT.png`, or `render --template ID …`:
the exact 1-bit image printing would send, 1 px per dot.

With ``--csv`` every selected row becomes its own ``OUT-<row>.png`` (or, with ``--sheet``, all rows one
after another in ``OUT.png``); a row that cannot render is reported by its number and the others go on.

The PNG is the packed raster itself (``model.head_dots`` wide, the paper placed under the head as the
model's alignment says), so what it shows is what the paper shows: ``print`` takes the same options and
renders through the same ``PhotoPages`` source. It carries no metadata of the photo.
"""

from __future__ import annotations

import io
from pathlib import Path

from phocol_desktop.cli._designs import add_design_arguments, describe_warning, design_request, wants_design
from phocol_desktop.cli._outputs import add_overwrite_flag, guard_outputs, save
from phocol_desktop.cli._picture import add_picture_options, picture_source
from phocol_desktop.domain.errors import ImageError


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser("render", help="write the exact 1-bit image a printer would print (photo, PDF or design)")
    p.add_argument("photo", nargs="?", help="a photo, a PDF document, a design (.json) or a project (.phocol)")
    p.add_argument("-o", "--output", required=True, metavar="OUT.png")
    p.add_argument("--model", help="printer model: id, name or advertised name (see `models`); default: the "
                                   "table's default model")
    add_picture_options(p)
    add_design_arguments(p)
    p.add_argument("--sheet", action="store_true", help="with --csv: all rows one after another in one PNG")
    add_overwrite_flag(p)
    p.set_defaults(handler=run)


RENDER_INPUTS = ("photo", "csv", "photo_paths", "edits")


def run(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from PIL import Image

    from phocol_desktop.imaging.pipeline import raster_image
    from phocol_desktop.services.documents import DocumentPages

    guard_outputs(args, ["output"], RENDER_INPUTS)  # before any work: never an input, never silently replaced
    model = ctx.model(args.model)
    if wants_design(args):
        return _render_designs(args, ctx, model)
    if not args.photo:
        raise ImageError("Nothing to render.", "Give a photo, a PDF, a design file, or --template ID.")
    source = picture_source(args)
    paper = source.paper(model)
    photo, output = Path(args.photo), Path(args.output)
    if isinstance(source, DocumentPages):
        rendered = source.rendered(model)
        pages = tuple(page.raster for page in rendered)
    else:
        pages = source.pages(model)  # the very pages `print` sends
        for warning in getattr(source, "warnings", ()):
            print(f"phocol-desktop: warning: {describe_warning(warning)}", file=ctx.stderr)
    # Every page one under the other, in print order: the paper the print would come out as.
    height = sum(page.height for page in pages)
    sheet = Image.new("1", (model.head_dots, max(1, height)), 1)
    top = 0
    for page in pages:
        sheet.paste(raster_image(page), (0, top))
        top += page.height
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG", optimize=True)
    save(args, output, buffer.getvalue(), RENDER_INPUTS)
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


def _png(image) -> bytes:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _render_designs(args, ctx, model) -> int:  # type: ignore[no-untyped-def]
    """A design, a project or a template (optionally one per CSV row) → PNG(s) of the exact dots."""
    from PIL import Image

    from phocol_desktop.imaging.pipeline import raster_image
    from phocol_desktop.services.designs import catalog, design_pages, render_batch

    request = design_request(args)
    output = Path(args.output)
    if args.sheet and request.csv is None:
        raise ImageError("--sheet puts the rows of a --csv file on one image.", "Add --csv FILE or drop --sheet.")
    pages = list(design_pages(request, catalog(ctx.paths.config)))
    sheet: list[Image.Image] = []

    def write(page, rendered) -> None:  # type: ignore[no-untyped-def]
        for warning in rendered.warnings:
            where = f"row {page.row}: " if page.row is not None else ""
            print(f"phocol-desktop: warning: {where}{describe_warning(warning)}", file=ctx.stderr)
        image = raster_image(rendered.raster)
        if page.row is None or args.sheet:
            sheet.append(image)
            return
        target = output.with_name(f"{output.stem}-{page.row}{output.suffix or '.png'}")
        save(args, target, _png(image), RENDER_INPUTS)
        ctx.out(f"Wrote {target.name}: {image.width}x{image.height} dots ({page.label}).")

    tty = len(pages) > 1 and bool(getattr(ctx.stderr, "isatty", lambda: False)())

    def progress(done: int, total: int) -> None:  # on a terminal only; Ctrl-C stops between rows
        print(f"\rRendered {done}/{total}", end="\n" if done == total else "", file=ctx.stderr, flush=True)

    result = render_batch(pages, model, on_rendered=write, progress=progress if tty else None)
    for failure in result.failed:
        if failure.number is None:
            raise failure.error  # a lone design: its error is the command's
        print(f"phocol-desktop: row {failure.number}: {failure.error.user_message()}", file=ctx.stderr)
    if sheet:
        height = sum(i.height for i in sheet)
        combined = Image.new("1", (model.head_dots, height), 1)
        top = 0
        for image in sheet:
            combined.paste(image, (0, top))
            top += image.height
        save(args, output, _png(combined), RENDER_INPUTS)
        what = f"{len(sheet)} designs" if len(sheet) > 1 else "the design"
        ctx.out(f"Wrote {output.name}: {model.head_dots}x{height} dots for {model.display_name} ({what}).")
    if result.failed:
        rows = ", ".join(str(f.number) for f in result.failed)
        print(f"phocol-desktop: {len(result.failed)} row(s) could not be rendered: {rows}; "
              f"{len(result.done)} rendered.", file=ctx.stderr)
        return 1
    return 0
