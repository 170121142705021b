from __future__ import annotations

from pathlib import Path


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser("gui", help="start the desktop app (the default)")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE",
                   help="a photo or .phocol project to open (what the desktop passes when you open a file with it)")
    p.add_argument("--smoke-test", action="store_true",
                   help="show the main window once, check it painted, print one line and exit (for packagers)")
    p.set_defaults(handler=run)


def run(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from phocol_desktop.ui.app import run_gui

    return run_gui(ctx.paths, files=args.files, smoke=args.smoke_test)
