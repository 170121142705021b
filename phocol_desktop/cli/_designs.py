"""Design arguments shared by `render` and `print`, and the English wording of render warnings."""

from __future__ import annotations

from pathlib import Path

from phocol_desktop.imaging.design.codes import MIN_MODULE_DOTS
from phocol_desktop.imaging.design.errors import CodeTooSmall, DesignScaled, PhotoMissing
from phocol_desktop.imaging.text import MissingGlyphs, TextNotShaped, TextOverflow
from phocol_desktop.services.designs import DesignRequest, is_design_file, parse_assignments


def add_design_arguments(p) -> None:  # type: ignore[no-untyped-def]
    g = p.add_argument_group("designs and templates (see `templates`)")
    g.add_argument("--template", metavar="ID", help="render a template, e.g. qr-label (`templates` lists them)")
    g.add_argument("--set", dest="set_values", action="append", default=[], metavar="FIELD=VALUE",
                   help="a template field's value (repeatable; \\n makes a line break)")
    g.add_argument("--photo", dest="photo_paths", action="append", default=[], metavar="PATH",
                   help="a photo for the template's photo fields, in order (repeatable)")
    g.add_argument("--csv", metavar="FILE", help="one design per row; the header row names the fields")
    g.add_argument("--rows", metavar="A-B", help="with --csv: only these rows (1 = first row under the header)")


def wants_design(args) -> bool:  # type: ignore[no-untyped-def]
    source = getattr(args, "photo", None)
    return bool(args.template or args.csv or (source and is_design_file(Path(source))))


def design_request(args) -> DesignRequest:  # type: ignore[no-untyped-def]
    source = Path(args.photo) if getattr(args, "photo", None) else None
    return DesignRequest(
        design_path=source, template=args.template, values=parse_assignments(args.set_values),
        photos=tuple(Path(p) for p in args.photo_paths), csv=Path(args.csv) if args.csv else None, rows=args.rows)


def describe_warning(warning: object) -> str:
    """One English line per render warning (the GUI words the same values through its translations)."""
    if isinstance(warning, MissingGlyphs):
        where = f"text {warning.element!r}" if warning.element else "the caption"
        chars = " ".join(f"{c} (U+{ord(c):04X})" for c in warning.chars[:8])
        more = " …" if len(warning.chars) > 8 else ""
        return (f"{where}: no installed font has {chars}{more}; left out. Install a font for that script "
                f"(e.g. Noto fonts).")
    if isinstance(warning, TextNotShaped):
        where = f"text {warning.element!r}" if warning.element else "the caption"
        return (f"{where} needs text shaping (Arabic, Hebrew, Indic…) but this Pillow has no raqm; it prints "
                f"letter by letter. Install Pillow from its official wheels.")
    if isinstance(warning, TextOverflow):
        return f"text {warning.element!r} does not fit its box and is cut off; make the box larger or the text shorter."
    if isinstance(warning, CodeTooSmall):
        return (f"code {warning.element!r}: its modules are {warning.module_dots} dot(s), {warning.module_mm:g} mm; "
                f"scanners need at least {MIN_MODULE_DOTS} dots and {warning.minimum_mm:g} mm. Make its box larger "
                f"or the data shorter.")
    if isinstance(warning, DesignScaled):
        return f"the design does not fit across the print head; scaled to {warning.percent} %."
    if isinstance(warning, PhotoMissing):
        return f"photo {warning.element!r} has no photo; an empty frame is printed (give --photo or --set)."
    return str(warning)
