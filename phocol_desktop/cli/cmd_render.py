from __future__ import annotations

from phocol_desktop.cli._pending import pending


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser("render", help="write the exact 1-bit image a printer would print")
    p.add_argument("photo")
    p.add_argument("-o", "--output", required=True, metavar="OUT.png")
    p.add_argument("--model", help="printer model id (see `models`)")
    p.add_argument("--dither", help="floyd-steinberg, atkinson, stucki, bayer, threshold")
    p.add_argument("--width-mm", type=float)
    p.add_argument("--length-mm", type=float)
    p.set_defaults(handler=pending("render"))
