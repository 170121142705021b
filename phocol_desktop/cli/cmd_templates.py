"""`phocol-desktop templates [--json]`: the design templates and their fields (bundled and the user's)."""

from __future__ import annotations

import json

from phocol_desktop.services.designs import catalog, user_templates_dir


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser("templates", help="list the design templates and their fields")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=run)


def run(args, ctx) -> int:  # type: ignore[no-untyped-def]
    found = catalog(ctx.paths.config)
    if args.json:
        ctx.out(json.dumps([
            {"id": tid, "name": d.template.name, "description": d.template.description,
             "user": tid in found.user_ids,
             "page": d.page.to_dict(), "fields": [f.to_dict() for f in d.template.fields]}
            for tid, d in found.templates.items() if d.template], indent=2, ensure_ascii=False))
        return 0
    for tid, d in found.templates.items():
        info = d.template
        assert info is not None
        length = "auto" if d.page.length_mm is None else f"{d.page.length_mm:g}"
        mine = " (yours)" if tid in found.user_ids else ""
        ctx.out(f"{tid}{mine}: {info.name} — {d.page.width_mm:g} x {length} mm, {d.page.media}")
        if info.description:
            ctx.out(f"    {info.description}")
        for f in info.fields:
            need = "required" if f.required else (f"default {f.default!r}" if f.default else "optional")
            ctx.out(f"    --set {f.name}=…  ({f.kind}, {need}){': ' + f.label if f.label else ''}")
    ctx.out(f"\nYour own templates: {user_templates_dir(ctx.paths.config)}/<id>.json (docs/DESIGN-FORMAT.md).")
    for name, reason in found.problems:
        print(f"phocol-desktop: warning: template {name} skipped: {reason}", file=ctx.stderr)
    return 0
