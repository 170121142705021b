"""The design document: a page in millimetres and its elements, immutable and validated.

The JSON form is ``phocol.design`` version 1 (docs/DESIGN-FORMAT.md; the JSON Schema is
``assets/designs/design.schema.json``). :func:`parse_design` reads untrusted bytes: the size and the nesting
depth are bounded *before* the JSON parser runs, the schema is checked with ``jsonschema``, then the
meaning (unique ids, photo edits) is checked while building the dataclasses. ``Design.to_dict()`` writes
the same form back, so load → save → load is lossless.

Elements are drawn in list order (the last on top: the z-order). Every element has an ``id`` unique in
the design, which edits (:mod:`.edit`) and warnings refer to. ``field`` names the template field that
fills the element (:mod:`.templates`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

from phocol_desktop.domain.safe_input import InputRefused, open_input
from phocol_desktop.imaging.design.errors import DesignInvalid
from phocol_desktop.imaging.edits import EditState
from phocol_desktop.imaging.errors import EditsInvalid

FORMAT = "phocol.design"
VERSION = 1
MAX_DESIGN_BYTES = 1024 * 1024  # a design is a few KB; 1 MiB leaves room for long checklists and CSV-filled text
MAX_DEPTH = 12  # the format nests at most 6 levels (design > template > fields > field); a margin on top
SCHEMA_PATH = Path(__file__).resolve().parent.parent.parent / "assets" / "designs" / "design.schema.json"
# Work a render may take on (a hostile design must not keep the app busy for minutes): characters of text
# over all elements, photos to decode, codes to encode.
MAX_TEXT_CHARS = 20_000
MAX_PHOTOS = 32
MAX_CODES = 64


@dataclass(frozen=True)
class Page:
    width_mm: float
    length_mm: float | None  # None: "auto", as long as the elements need (continuous paper)
    media: str = "label"  # "label" (gap/die-cut) or "continuous"
    margin_mm: float = 0.0  # blank paper kept after the last element when the length is automatic

    def to_dict(self) -> dict[str, Any]:
        return {"width_mm": self.width_mm, "length_mm": "auto" if self.length_mm is None else self.length_mm,
                "media": self.media, "margin_mm": self.margin_mm}


@dataclass(frozen=True)
class Font:
    family: str | None = None  # None: the bundled DejaVu Sans
    size_pt: float = 12.0
    weight: str = "regular"  # or "bold"

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"size_pt": self.size_pt, "weight": self.weight}
        if self.family:
            d["family"] = self.family
        return d


@dataclass(frozen=True)
class Element:
    """Base of all elements; ``kind`` is the JSON ``type``."""

    kind: ClassVar[str] = ""
    id: str

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "type": self.kind}
        for f in fields(self):
            if f.name == "id":
                continue
            value = getattr(self, f.name)
            if (value is None and f.name != "h") or (f.name == "text" and self.kind == "date"):
                continue  # unset optional values are left out; a date's text is its formatted date
            if isinstance(value, Font | EditState):
                value = value.to_dict()
            elif isinstance(value, tuple):
                value = list(value)
            elif f.name == "h" and value is None:
                value = "auto"
            d[f.name] = value
        return d


@dataclass(frozen=True)
class PhotoElement(Element):
    kind: ClassVar[str] = "photo"
    x: float = 0.0
    y: float = 0.0
    w: float = 10.0
    h: float = 10.0
    src: str = ""  # a path (relative to the design file), or a photo member of a project
    edits: EditState = field(default_factory=EditState)
    rotation: float = 0
    field: str | None = None


@dataclass(frozen=True)
class TextElement(Element):
    kind: ClassVar[str] = "text"
    x: float = 0.0
    y: float = 0.0
    w: float = 10.0
    h: float | None = 10.0  # None: "auto", as tall as the text (along the paper when rotated 90/270)
    text: str = ""
    font: Font = field(default_factory=Font)
    align: str = "left"
    valign: str = "top"
    wrap: bool = True
    fit: str = "none"  # "shrink": the largest size up to font.size_pt that fits the box
    line_spacing: float = 1.0
    ink: str = "black"
    rotation: float = 0  # clockwise degrees about the box's centre
    field: str | None = None


@dataclass(frozen=True)
class DateElement(TextElement):
    kind: ClassVar[str] = "date"
    format: str = "%Y-%m-%d"  # %Y %m %d %y %H %M and %% only (no locale-dependent names)
    date: str | None = None  # "YYYY-MM-DD[THH:MM]"; None: the moment of rendering


@dataclass(frozen=True)
class QrElement(Element):
    kind: ClassVar[str] = "qr"
    x: float = 0.0
    y: float = 0.0
    w: float = 20.0
    h: float = 20.0
    data: str = ""
    error: str = "M"  # L, M, Q, H; segno raises it further when that costs no size
    quiet_zone: int = 4  # white modules around the symbol (ISO/IEC 18004 asks for 4)
    rotation: float = 0
    field: str | None = None


@dataclass(frozen=True)
class BarcodeElement(Element):
    kind: ClassVar[str] = "barcode"
    x: float = 0.0
    y: float = 0.0
    w: float = 40.0
    h: float = 15.0
    symbology: str = "code128"  # code128, ean13, upca
    data: str = ""
    show_text: bool = True  # the human-readable digits under the bars
    font: Font = field(default_factory=lambda: Font(size_pt=8))
    rotation: float = 0
    field: str | None = None


@dataclass(frozen=True)
class LineElement(Element):
    kind: ClassVar[str] = "line"
    x1: float = 0.0
    y1: float = 0.0
    x2: float = 10.0
    y2: float = 0.0
    width_mm: float = 0.3
    dash_mm: float = 0.0  # 0: solid
    ink: str = "black"
    rotation: float = 0
    field: str | None = None


@dataclass(frozen=True)
class RectElement(Element):
    kind: ClassVar[str] = "rect"
    x: float = 0.0
    y: float = 0.0
    w: float = 10.0
    h: float = 10.0
    stroke_mm: float = 0.3
    radius_mm: float = 0.0
    fill: str = "none"  # none, black, white
    ink: str = "black"  # the outline's colour
    rotation: float = 0
    field: str | None = None


@dataclass(frozen=True)
class FrameElement(Element):
    """A border around the whole page, ``inset_mm`` inside its edges."""

    kind: ClassVar[str] = "frame"
    inset_mm: float = 1.0
    stroke_mm: float = 0.4
    style: str = "solid"  # solid, double, rounded, dashed
    rotation: float = 0
    field: str | None = None


@dataclass(frozen=True)
class ChecklistElement(Element):
    """One line per item, each with an empty check box; the text shrinks until every item fits."""

    kind: ClassVar[str] = "checklist"
    x: float = 0.0
    y: float = 0.0
    w: float = 40.0
    h: float | None = 40.0  # None: "auto", as tall as the items at the font size
    items: tuple[str, ...] = ()
    font: Font = field(default_factory=Font)
    rotation: float = 0
    field: str | None = None


ELEMENT_TYPES: dict[str, type[Element]] = {
    cls.kind: cls for cls in (PhotoElement, TextElement, DateElement, QrElement, BarcodeElement, LineElement,
                              RectElement, FrameElement, ChecklistElement)
}


@dataclass(frozen=True)
class TemplateField:
    name: str
    kind: str  # text, lines (one item per line), photo, code
    label: str = ""
    default: str = ""
    required: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "label": self.label, "default": self.default,
                "required": self.required}


@dataclass(frozen=True)
class TemplateInfo:
    id: str
    name: str
    description: str = ""
    fields: tuple[TemplateField, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "description": self.description,
                "fields": [f.to_dict() for f in self.fields]}


@dataclass(frozen=True)
class Design:
    page: Page
    elements: tuple[Element, ...] = ()
    name: str = ""
    template: TemplateInfo | None = None  # set on templates; a filled design drops it

    def element(self, element_id: str) -> Element:
        for e in self.elements:
            if e.id == element_id:
                return e
        raise DesignInvalid(f"The design has no element {element_id[:64]!r}.")

    def index_of(self, element_id: str) -> int:
        return self.elements.index(self.element(element_id))

    def with_elements(self, elements: tuple[Element, ...] | list[Element]) -> Design:
        return replace(self, elements=tuple(elements))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"format": FORMAT, "version": VERSION}
        if self.name:
            d["name"] = self.name
        d["page"] = self.page.to_dict()
        d["elements"] = [e.to_dict() for e in self.elements]
        if self.template is not None:
            d["template"] = self.template.to_dict()
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1, ensure_ascii=False)


# --------------------------------------------------------------------------------------------- reading


@lru_cache(maxsize=1)
def _validator():  # type: ignore[no-untyped-def]
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _depth_ok(text: str, limit: int) -> bool:
    """Nesting depth of ``[``/``{`` outside strings, counted without parsing (deep input never reaches json)."""
    depth, in_string, escaped = 0, False, False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return False
        elif ch in "]}":
            depth -= 1
    return True


def _reject_constant(name: str) -> float:
    raise DesignInvalid(f"The design holds {name}, which is not a number.")


def parse_design(data: bytes | str, *, what: str = "The design") -> Design:
    """Untrusted JSON bytes → a validated :class:`Design` (see the module docstring)."""
    if isinstance(data, bytes):
        if len(data) > MAX_DESIGN_BYTES:
            raise DesignInvalid(f"{what} is larger than {MAX_DESIGN_BYTES // 1024} KB.")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DesignInvalid(f"{what} is not UTF-8 text.") from None
    else:
        text = data
        if len(text) > MAX_DESIGN_BYTES:
            raise DesignInvalid(f"{what} is larger than {MAX_DESIGN_BYTES // 1024} KB.")
    if not _depth_ok(text, MAX_DEPTH):
        raise DesignInvalid(f"{what} is nested more than {MAX_DEPTH} levels deep.")
    try:
        raw = json.loads(text, parse_constant=_reject_constant)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise DesignInvalid(f"{what} is not valid JSON ({type(exc).__name__}).") from None
    return design_from_dict(raw, what=what)


def design_from_dict(raw: Any, *, what: str = "The design") -> Design:
    if not isinstance(raw, Mapping):
        raise DesignInvalid(f"{what} is not a JSON object.")
    if raw.get("format") != FORMAT:
        raise DesignInvalid(f"{what} is not a Phocol design (format {FORMAT!r}).")
    if raw.get("version") != VERSION:
        raise DesignInvalid(f"{what} is version {str(raw.get('version'))[:10]}; this build reads version {VERSION}.",
                            "Update Phocol Desktop to open it.")
    errors = sorted(_validator().iter_errors(raw), key=lambda e: list(e.absolute_path))
    if errors:
        raise DesignInvalid(f"{what} is invalid at {_where(raw, errors[0])}: {_short(errors[0])}.")
    page = raw["page"]
    design = Design(
        page=Page(float(page["width_mm"]), None if page["length_mm"] == "auto" else float(page["length_mm"]),
                  page.get("media", "label"), float(page.get("margin_mm", 0.0))),
        elements=tuple(_element(e, what) for e in raw["elements"]),
        name=raw.get("name", ""),
        template=_template(raw["template"]) if "template" in raw else None,
    )
    seen: set[str] = set()
    for e in design.elements:
        if e.id in seen:
            raise DesignInvalid(f"{what} has two elements with the id {e.id!r}.")
        seen.add(e.id)
    _check_workload(design, what)
    return design


def _check_workload(design: Design, what: str) -> None:
    text = sum(len(getattr(e, "text", "")) + sum(len(i) for i in getattr(e, "items", ())) for e in design.elements)
    photos = sum(isinstance(e, PhotoElement) for e in design.elements)
    codes = sum(isinstance(e, QrElement | BarcodeElement) for e in design.elements)
    for count, limit, name in ((text, MAX_TEXT_CHARS, "characters of text"), (photos, MAX_PHOTOS, "photos"),
                               (codes, MAX_CODES, "codes")):
        if count > limit:
            raise DesignInvalid(f"{what} holds {count} {name}; a design takes at most {limit}.",
                                "Split it into several designs.")


def _where(raw: Any, error: Any) -> str:
    path = list(error.absolute_path)
    if len(path) >= 2 and path[0] == "elements" and isinstance(path[1], int):
        element = raw["elements"][path[1]]
        ident = element.get("id") if isinstance(element, Mapping) else None
        rest = ".".join(str(p) for p in path[2:])
        return f"element {str(ident)[:64]!r}" + (f" ({rest})" if rest else "") if ident else f"element #{path[1] + 1}"
    return ".".join(str(p) for p in path) or "the top level"


def _short(error: Any) -> str:
    message = str(error.message)
    return message if len(message) <= 160 else message[:157] + "…"


def _element(raw: Mapping[str, Any], what: str) -> Element:
    cls = ELEMENT_TYPES[raw["type"]]
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in raw:
            continue
        value = raw[f.name]
        if f.name == "font":
            value = Font(value.get("family") or None, float(value.get("size_pt", 12.0)), value.get("weight", "regular"))
        elif f.name == "edits":
            try:
                value = EditState.from_dict(value)
            except EditsInvalid as exc:
                raise DesignInvalid(f"{what}: photo {raw['id']!r} has invalid edits: {exc.reason}") from None
        elif f.name == "items":
            value = tuple(value)
        elif f.name == "h" and value == "auto":
            value = None
        elif isinstance(value, int) and not isinstance(value, bool) and f.type in ("float", "float | None"):
            value = float(value)
        kwargs[f.name] = value
    return cls(**kwargs)


def _template(raw: Mapping[str, Any]) -> TemplateInfo:
    return TemplateInfo(raw["id"], raw["name"], raw.get("description", ""), tuple(
        TemplateField(f["name"], f["kind"], f.get("label", ""), f.get("default", ""), f.get("required", False))
        for f in raw["fields"]))


def load_design(path: Path) -> Design:
    """Read a design file, refusing special files and oversized input before reading it."""
    try:  # never blocks on a FIFO, refuses folders and devices (domain/safe_input.py)
        with open_input(path, what="design") as fh:
            data = fh.read(MAX_DESIGN_BYTES + 1)
    except InputRefused as exc:
        raise DesignInvalid(exc.reason) from None
    except OSError as exc:
        raise DesignInvalid(f"{path.name} cannot be read ({exc.strerror or type(exc).__name__}).") from None
    return parse_design(data, what=path.name)
