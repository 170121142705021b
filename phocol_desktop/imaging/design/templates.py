"""Templates: designs with named fields, kept as data.

The bundled templates are JSON files in ``assets/templates`` (``<id>.json``, a design with a ``template``
block naming its fields); users add their own as ``<config dir>/templates/<id>.json``, and a user template
with a bundled template's id takes its place. A broken user template is reported, never fatal.

A field fills every element that names it (``"field": "title"``):

========  ===========================================================================
kind      fills
========  ===========================================================================
text      a text element's ``text``
lines     a checklist's ``items`` (one per line) or a text element's ``text``
photo     a photo element's ``src`` (a path; the CLI's ``--photo``)
code      a QR code's or barcode's ``data``
========  ===========================================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from phocol_desktop.imaging.design.errors import DesignInvalid, TemplateError
from phocol_desktop.imaging.design.model import (
    BarcodeElement,
    ChecklistElement,
    Design,
    Element,
    PhotoElement,
    QrElement,
    TextElement,
    load_design,
)

BUNDLED_DIR = Path(__file__).resolve().parent.parent.parent / "assets" / "templates"
MAX_USER_TEMPLATES = 200


@dataclass(frozen=True)
class TemplateCatalog:
    templates: dict[str, Design]  # id -> template design (with .template set)
    problems: tuple[tuple[str, str], ...] = ()  # (file name, reason) of user templates that were skipped
    user_ids: frozenset[str] = frozenset()

    def get(self, template_id: str) -> Design:
        try:
            return self.templates[template_id]
        except KeyError:
            raise TemplateError(f"There is no template {template_id[:40]!r}; templates: "
                                f"{', '.join(sorted(self.templates))}.") from None


def _read_folder(folder: Path, problems: list[tuple[str, str]] | None) -> dict[str, Design]:
    found: dict[str, Design] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.json"))[:MAX_USER_TEMPLATES]:
        try:
            design = load_design(path)
            if design.template is None:
                raise DesignInvalid(f"{path.name} has no template block.")
            if design.template.id != path.stem:
                raise DesignInvalid(f"{path.name} declares the id {design.template.id!r}; name the file after it.")
            found[design.template.id] = design
        except DesignInvalid as exc:
            if problems is None:
                raise
            problems.append((path.name, exc.reason))
    return found


def load_catalog(user_dir: Path | None = None) -> TemplateCatalog:
    """The bundled templates plus the user's (``user_dir``, e.g. ``<config dir>/templates``)."""
    templates = _read_folder(BUNDLED_DIR, None)
    problems: list[tuple[str, str]] = []
    user = _read_folder(user_dir, problems) if user_dir is not None else {}
    templates.update(user)
    return TemplateCatalog(dict(sorted(templates.items())), tuple(problems), frozenset(user))


def _filled(e: Element, values: Mapping[str, str]) -> Element:
    field_name = getattr(e, "field", None)
    if field_name is None or field_name not in values:
        return e
    value = values[field_name]
    if isinstance(e, ChecklistElement):
        return replace(e, items=tuple(line.strip() for line in value.splitlines() if line.strip()))
    if isinstance(e, TextElement):
        return replace(e, text=value)
    if isinstance(e, PhotoElement):
        return replace(e, src=value)
    if isinstance(e, QrElement | BarcodeElement):
        return replace(e, data=value)
    return e


def fill_template(template: Design, values: Mapping[str, str]) -> Design:
    """A design with the template's fields filled from ``values`` (missing ones take their default)."""
    info = template.template
    if info is None:
        raise TemplateError("This design is not a template; it has no fields to fill.")
    known = {f.name: f for f in info.fields}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise TemplateError(f"Template {info.id!r} has no field {unknown[0][:40]!r}; its fields: "
                            f"{', '.join(known) or 'none'}.")
    filled: dict[str, str] = {}
    for name, spec in known.items():
        value = values.get(name)
        value = spec.default if value is None else value
        if spec.required and not value.strip():
            raise TemplateError(f"Template {info.id!r} needs a value for its field {name!r}.")
        filled[name] = value
    elements = [_filled(e, filled) for e in template.elements]
    design = replace(template, elements=tuple(elements), template=None, name=template.name or info.name)
    from phocol_desktop.imaging.design.model import design_from_dict

    return design_from_dict(design.to_dict(), what=f"Template {info.id!r} filled in")
