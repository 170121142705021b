"""``phocol-desktop models``: the printer models this build knows; ``--validate FILE`` checks an override file
against the shipped schema (assets/printers.d.schema.json) and the loader's own checks."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from phocol_desktop.cli._table import format_table
from phocol_desktop.domain.errors import ConfigError


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser("models", help="list the printer models this build knows")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--validate", metavar="FILE", help="check a printers.d override file and exit")
    p.set_defaults(handler=run)


def override_schema() -> dict:  # type: ignore[type-arg]
    return json.loads(resources.files("phocol_desktop.assets").joinpath("printers.d.schema.json").read_bytes())


def validate_override(path: Path) -> list[str]:
    """Every problem of an override file: schema errors (with their JSON path), then the loader's verdict."""
    import tempfile

    import jsonschema

    from phocol_desktop.domain.printer_model import MAX_OVERRIDE_BYTES, load_model_table
    from phocol_desktop.domain.safe_input import loads_json, read_input

    data = read_input(path, max_bytes=MAX_OVERRIDE_BYTES, what="printer override")
    doc = loads_json(data, what="printer override", name=path.name)
    validator = jsonschema.Draft202012Validator(override_schema())
    problems = [f"{path.name}: {'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}"
                for e in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))]
    with tempfile.TemporaryDirectory() as tmp:  # the loader's own checks (families, merged fields)
        (Path(tmp) / path.name).write_bytes(data)
        problems += list(load_model_table(Path(tmp)).warnings)
    return problems


def run(args, ctx) -> int:  # type: ignore[no-untyped-def]
    if args.validate:
        problems = validate_override(Path(args.validate))
        for line in problems[:20]:
            ctx.out(line)
        if problems:
            raise ConfigError(f"{Path(args.validate).name} is not a valid printer override "
                              f"({len(problems)} problem(s) listed above).", "Fix the named fields.")
        ctx.out(f"{Path(args.validate).name}: valid.")
        return 0
    table = ctx.models
    if args.json:
        ctx.out(json.dumps([
            {"id": m.id, "name": m.display_name, "family": m.family, "dpi": m.dpi, "head_dots": m.head_dots,
             "unverified": m.unverified, "user_added": m.user_added, "names": [p.value for p in m.name_patterns]}
            for m in table.models], indent=2))
        return 0
    rows = []
    for m in table.models:
        flag = " (user-added)" if m.user_added else " (unverified)" if m.unverified else ""
        names = ", ".join(p.value for p in m.name_patterns[:4]) + (" …" if len(m.name_patterns) > 4 else "")
        rows.append((m.id, m.display_name + flag, m.family, m.dpi, m.head_dots, names))
    for line in format_table(("ID", "MODEL", "FAMILY", "DPI", "DOTS", "NAMES"), rows, right=frozenset({3, 4})):
        ctx.out(line)
    ctx.out(f"\nSerial-style names (Q + 3 digits…) map by their first 4 characters: "
            f"{', '.join(sorted(table.serial_prefixes))}.")
    ctx.out(f"Default: {table.default_model_id}. Table SHA-256: {table.sha256[:16]}…")
    return 1 if table.warnings else 0  # a skipped override file (named on stderr) is worth an exit code
