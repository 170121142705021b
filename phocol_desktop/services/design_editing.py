"""What the GUI's design editor asks of the app, on worker threads: the template catalogue and its thumbnails,
renders of the design being edited (or of one CSV row of it), reading a CSV table, printing through the
print runner (``services.designs.DesignPages``, the same page source as ``phocol-desktop print``) and
saving the design as a ``.phocol`` project (version 2).

The editor keeps the design *with* its template block, so the template's named fields stay editable and a
CSV batch fills the design as the user arranged it (moved, resized, restyled).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from phocol_desktop.imaging.design.batch import BatchRow, CsvTable, batch_rows, read_csv, row_design
from phocol_desktop.imaging.design.model import (
    BarcodeElement,
    Design,
    PhotoElement,
    QrElement,
)
from phocol_desktop.imaging.design.render import DesignRendered, photo_folder, render_design
from phocol_desktop.imaging.design.templates import TemplateCatalog, fill_template
from phocol_desktop.services.designs import DesignPages, DesignRequest, catalog

if TYPE_CHECKING:
    from phocol_desktop.domain.errors import PhocolError
    from phocol_desktop.services.app import AppServices
    from phocol_desktop.services.print_runner import PrintHandle, PrintProgress

# Values a new design starts with where a template field has no default, so the first preview shows what
# the template is for (a QR code, digits under bars) instead of an error.
SAMPLE_CODES = {"qr": "https://example.org", "code128": "PHOCOL-0001", "ean13": "5901234123457",
                "upca": "036000291452"}


def sample_values(template: Design, words: Mapping[str, str] | None = None) -> dict[str, str]:
    """Field values for a template's first preview: each field's default, else a sample of its kind (a text
    field shows its name, from ``words`` when the view has it in the UI's language)."""
    info = template.template
    if info is None:
        return {}
    values: dict[str, str] = {}
    for f in info.fields:
        if f.default or f.kind == "photo":
            continue
        if f.kind == "code":
            element = next((e for e in template.elements if getattr(e, "field", None) == f.name), None)
            kind = element.symbology if isinstance(element, BarcodeElement) else "qr"
            values[f.name] = SAMPLE_CODES.get(kind, "PHOCOL")
        elif f.kind == "lines":
            values[f.name] = "1\n2\n3"
        else:
            values[f.name] = (words or {}).get(f.name) or f.label or f.name
    return values


def new_from_template(template: Design, words: Mapping[str, str] | None = None) -> Design:
    """The template with sample values in its fields, keeping its template block (fields stay editable)."""
    filled = fill_template(template, sample_values(template, words))
    return replace(filled, template=template.template)


def field_value(design: Design, name: str) -> str:
    """A field's current value: the content of the first element it fills."""
    for e in design.elements:
        if getattr(e, "field", None) != name:
            continue
        if isinstance(e, QrElement | BarcodeElement):
            return e.data
        if isinstance(e, PhotoElement):
            return e.src
        if hasattr(e, "items"):
            return "\n".join(e.items)  # type: ignore[attr-defined]
        return str(getattr(e, "text", ""))
    return ""


def row_of(design: Design, table: CsvTable, number: int) -> Design:
    """CSV row ``number`` filled into the design as arranged (raises a typed error naming what is wrong)."""
    rows = batch_rows(design, table, (number, number))
    return row_design(design, rows[0])


class DesignEditing:
    def __init__(self, app: AppServices) -> None:
        self._app = app

    def catalog(self) -> TemplateCatalog:
        return catalog(self._app.paths.config)

    def thumbnail(self, template: Design, words: Mapping[str, str] | None = None) -> DesignRendered:
        return render_design(new_from_template(template, words), self._app.current_model())

    def render(self, design: Design, folder: Path | None = None) -> DesignRendered:
        """The exact dots of ``design`` for the current printer (the same function print and the CLI use);
        relative photo paths resolve in ``folder`` (a CSV row's: the CSV file's folder, as when printing)."""
        return render_design(design, self._app.current_model(), photos=photo_folder(folder or Path.cwd()))

    def read_table(self, path: Path, design: Design) -> CsvTable:
        """A CSV file the user picked, checked against the design's fields (unknown columns are refused)."""
        self._app.privacy.file_picked("open_document")
        table = read_csv(Path(path))
        batch_rows(design, table)
        return table

    def print(self, design: Design, *, csv: Path | None = None, rows: str | None = None, copies: int = 1,
              on_progress: Callable[[PrintProgress], None] | None = None,
              on_failure: Callable[[int | None, PhocolError], None] | None = None) -> PrintHandle:
        """Print the design, or the CSV rows (``rows``: "2-5"; None: all) filling it, on the selected printer.
        A row that cannot render is passed to ``on_failure`` with its number and the rest still print."""
        request = DesignRequest(design=design, csv=csv, rows=rows)
        source = DesignPages(request, self.catalog(),
                             on_failure=(lambda page, error: on_failure(page.row, error)) if on_failure else None)
        return self._app.print_source(self._app.selected_printer_key(), source, copies=copies,
                                      on_progress=on_progress)

    def save(self, path: Path, design: Design) -> None:
        """Write the design as a ``.phocol`` project. Each photo goes in as the app's own decode of it, a fresh
        PNG (as ``AppServices.save_project`` does): no EXIF, GPS or profile travels (AT-13), and the decode's
        size and format checks apply."""
        from phocol_desktop.imaging.pipeline import prepare_photo
        from phocol_desktop.storage.projects import DesignProject, photo_member, save_design_project

        self._app.privacy.file_picked("save_project")
        photos: dict[str, bytes] = {}
        elements = []
        for element in design.elements:
            if isinstance(element, PhotoElement) and element.src and not element.src.startswith("photos/"):
                buffer = io.BytesIO()
                prepare_photo(Path(photo_folder(Path.cwd())(element.src))).image.save(buffer, "PNG")
                member = photo_member(buffer.getvalue())
                photos[member] = buffer.getvalue()
                elements.append(replace(element, src=member))
            else:
                elements.append(element)
        project = DesignProject(self._app.current_model().id, design.with_elements(elements), photos)
        save_design_project(Path(path), project)


def field_changes(design: Design, name: str, value: str) -> list[tuple[str, Mapping[str, object]]]:
    """(element id, property changes) that set field ``name`` to ``value`` in every element it fills."""
    changes: list[tuple[str, Mapping[str, object]]] = []
    for e in design.elements:
        if getattr(e, "field", None) != name:
            continue
        if isinstance(e, QrElement | BarcodeElement):
            changes.append((e.id, {"data": value}))
        elif isinstance(e, PhotoElement):
            changes.append((e.id, {"src": value}))
        elif hasattr(e, "items"):
            changes.append((e.id, {"items": tuple(line.strip() for line in value.splitlines() if line.strip())}))
        else:
            changes.append((e.id, {"text": value}))
    return changes


__all__ = ["BatchRow", "DesignEditing", "field_changes", "field_value", "new_from_template",
           "row_of", "sample_values"]
