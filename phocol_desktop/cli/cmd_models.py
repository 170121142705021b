from __future__ import annotations

import json


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser("models", help="list the printer models this build knows")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=run)


def run(args, ctx) -> int:  # type: ignore[no-untyped-def]
    table = ctx.models
    if args.json:
        ctx.out(json.dumps([
            {"id": m.id, "name": m.display_name, "family": m.family, "dpi": m.dpi, "head_dots": m.head_dots,
             "unverified": m.unverified, "user_added": m.user_added, "names": [p.value for p in m.name_patterns]}
            for m in table.models], indent=2))
        return 0
    ctx.out(f"{'ID':<20} {'MODEL':<34} {'FAMILY':<11} {'DPI':>4} {'DOTS':>5}  NAMES")
    for m in table.models:
        flag = " (user-added)" if m.user_added else " (unverified)" if m.unverified else ""
        names = ", ".join(p.value for p in m.name_patterns[:4]) + (" …" if len(m.name_patterns) > 4 else "")
        ctx.out(f"{m.id:<20} {m.display_name + flag:<34} {m.family:<11} {m.dpi:>4} {m.head_dots:>5}  {names}")
    ctx.out(f"\nSerial-style names (Q + 3 digits…) map by their first 4 characters: "
            f"{', '.join(sorted(table.serial_prefixes))}.")
    ctx.out(f"Default: {table.default_model_id}. Table SHA-256: {table.sha256[:16]}…")
    return 0
