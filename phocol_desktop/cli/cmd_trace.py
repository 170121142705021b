"""``phocol-desktop trace decode|replay``: support staff read and reproduce what went over the air."""

from __future__ import annotations

from pathlib import Path

from phocol_desktop.cli._pending import pending
from phocol_desktop.storage.paths import secure_write


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser("trace", help="decode or replay a protocol trace (btsnoop or JSON)")
    tsub = p.add_subparsers(dest="trace_command", metavar="ACTION", required=True)
    d = tsub.add_parser("decode", help="annotated command listing of a trace (.btsnoop/.log or Phocol .json)")
    d.add_argument("file")
    d.add_argument("--render", metavar="OUT.png", help="render the printed image through the virtual printer")
    d.add_argument("--model", metavar="ID", help="read the trace as this model (default: recorded model, else the "
                                                   "default model); see `phocol-desktop models`")
    d.set_defaults(handler=run_decode)
    r = tsub.add_parser("replay", help="replay the host side of a trace against a printer")
    r.add_argument("file")
    r.add_argument("--printer", default="virtual")
    r.add_argument("--fast", action="store_true", help="ignore the original pacing")
    r.add_argument("--yes-real-printer", action="store_true", help="confirm replay to a real printer")
    r.set_defaults(handler=pending("trace replay"))


def run_decode(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from phocol_desktop.services.support import decode_file

    result = decode_file(args.file, ctx.models, model_id=args.model, render=bool(args.render))
    ctx.out(result.listing)
    if args.render:
        assert result.paper_png is not None
        for note in result.printer_notes:
            ctx.out(note)
        out = Path(args.render)
        secure_write(out, result.paper_png)
        ctx.out(f"rendered paper written to {out.name}")
    return 0
