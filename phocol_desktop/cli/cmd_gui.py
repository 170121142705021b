from __future__ import annotations


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser("gui", help="start the desktop app (the default)")
    p.add_argument("file", nargs="?", help="a photo, PDF or project to open (file managers' Open with)")
    p.set_defaults(handler=run)


def run(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from phocol_desktop.ui.app import run_gui

    return run_gui(ctx.paths, open_file=getattr(args, "file", None))
