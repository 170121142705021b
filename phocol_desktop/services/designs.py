"""Designs as the CLI and the GUI ask for them: a design file, a project, or a template filled from
``FIELD=VALUE`` pairs, photos, or the rows of a CSV file. One path for both front ends; rendering itself is
the pure :func:`phocol_desktop.imaging.design.render.render_design`.

:func:`design_pages` turns a :class:`DesignRequest` into :class:`DesignPage` values (one per design; a CSV
batch gives one per selected row, and a row that cannot become a design is a page holding its error, so a
batch reports it by row number and goes on). :func:`render_page` renders one page for a printer model; the
print runner takes them as a page source (``cli/cmd_print.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.domain.printer_model import PrinterModel
from phocol_desktop.domain.raster import Raster
from phocol_desktop.imaging.design.batch import (
    BatchResult,
    BatchRow,
    batch_rows,
    parse_rows,
    read_csv,
    row_design,
    run_batch,
)
from phocol_desktop.imaging.design.errors import DesignInvalid, TemplateError
from phocol_desktop.imaging.design.model import Design, load_design
from phocol_desktop.imaging.design.render import DesignRendered, PhotoSource, photo_folder, render_design
from phocol_desktop.imaging.design.templates import TemplateCatalog, load_catalog
from phocol_desktop.imaging.fonts import FontLibrary

DESIGN_SUFFIX = ".json"
PROJECT_SUFFIX = ".phocol"


def is_design_file(path: Path) -> bool:
    return path.suffix.lower() in (DESIGN_SUFFIX, PROJECT_SUFFIX)


def user_templates_dir(config: Path) -> Path:
    """Where users keep their own templates: ``<config dir>/templates``."""
    return config / "templates"


def catalog(config: Path | None) -> TemplateCatalog:
    return load_catalog(user_templates_dir(config) if config is not None else None)


@dataclass(frozen=True)
class DesignRequest:
    """What to render or print, as the user gave it."""

    design_path: Path | None = None  # a design .json or a .phocol project
    template: str | None = None  # a template id
    values: Mapping[str, str] = field(default_factory=dict)  # --set FIELD=VALUE
    photos: Sequence[Path] = ()  # --photo: fills the template's photo fields in order
    csv: Path | None = None
    rows: str | None = None  # "2-5"
    # A design held in memory (the GUI's editor): printed as it is, or, with ``csv``, used as the template
    # the rows fill; its photos resolve through ``design_photos`` (None: absolute paths as they are).
    design: Design | None = None
    design_photos: PhotoSource | None = None

    def inputs(self) -> list[Path]:
        """Every file this request reads (an output must not overwrite one of them)."""
        paths = [p for p in (self.design_path, self.csv) if p is not None]
        return [*paths, *self.photos]


@dataclass(frozen=True)
class DesignPage:
    label: str  # for messages: "qr-label, row 3", "card.json"
    row: int | None  # CSV row number (1 = first row under the header)
    design: Design | None  # None: ``error`` says why this row has no design
    photos: PhotoSource | None
    error: PhocolError | None = None


def _with_photos(template: Design, photos: Sequence[Path], values: Mapping[str, str]) -> dict[str, str]:
    info = template.template
    assert info is not None
    photo_fields = [f.name for f in info.fields if f.kind == "photo" and f.name not in values]
    if len(photos) > len(photo_fields):
        raise TemplateError(f"Template {info.id!r} takes {len(photo_fields)} photo(s) here; {len(photos)} were given.")
    return {**dict(zip(photo_fields, (str(p.resolve()) for p in photos), strict=False)), **values}


def open_design(path: Path) -> tuple[Design, PhotoSource]:
    """A design file (photos relative to its folder) or a project (photos inside it)."""
    if path.suffix.lower() == PROJECT_SUFFIX:
        from phocol_desktop.storage.projects import load_design_project

        project = load_design_project(path)
        return project.design, project.photo_source()
    return load_design(path), photo_folder(path.parent)


def design_pages(request: DesignRequest, templates: TemplateCatalog) -> Iterator[DesignPage]:
    """The pages of ``request`` in print order (see the module docstring)."""
    if request.design is not None:
        if request.design_path is not None or request.template:
            raise DesignInvalid("Give either a design or a template, not both.")
        photos = request.design_photos or photo_folder(request.csv.parent if request.csv else Path.cwd())
        if request.csv is None:
            yield DesignPage(request.design.name or "design", None, request.design, photos)
            return
        yield from _csv_pages(request, request.design, photos)
        return
    if request.design_path is not None:
        if request.template or request.csv or request.values or request.photos:
            raise DesignInvalid("Give either a design file or a template with its fields, not both.")
        design, photos = open_design(request.design_path)
        if design.template is not None:
            design = _fill(design, {})
        yield DesignPage(request.design_path.name, None, design, photos)
        return
    if request.template is None:
        raise DesignInvalid("Nothing to render: give a design file, a project or --template.")
    template = templates.get(request.template)
    if request.csv is None:
        if request.rows:
            raise DesignInvalid("--rows selects rows of a --csv file.")
        values = _with_photos(template, request.photos, request.values)
        yield DesignPage(request.template, None, _fill(template, values), photo_folder(Path.cwd()))
        return
    yield from _csv_pages(request, template, photo_folder(request.csv.parent))


def _csv_pages(request: DesignRequest, template: Design, photos: PhotoSource) -> Iterator[DesignPage]:
    assert request.csv is not None
    table = read_csv(request.csv)
    rows = batch_rows(template, table, parse_rows(request.rows))
    defaults = _with_photos(template, request.photos, request.values)
    name = template.template.id if template.template is not None else "design"
    for row in rows:
        merged = BatchRow(row.number, {**defaults, **{k: v for k, v in row.values.items()}}, row.extra_cells)
        label = f"{name}, row {row.number}"
        try:
            yield DesignPage(label, row.number, row_design(template, merged), photos)
        except PhocolError as exc:
            yield DesignPage(label, row.number, None, None, exc)


def _fill(template: Design, values: Mapping[str, str]) -> Design:
    from phocol_desktop.imaging.design.templates import fill_template

    return fill_template(template, values)


def render_page(page: DesignPage, model: PrinterModel, *, fonts: FontLibrary | None = None,
                now: datetime | None = None) -> DesignRendered:
    """Render one page for ``model``; a page that holds an error raises it."""
    if page.design is None:
        assert page.error is not None
        raise page.error
    return render_design(page.design, model, photos=page.photos, fonts=fonts, now=now)


def parse_assignments(items: Sequence[str]) -> dict[str, str]:
    """``FIELD=VALUE`` pairs (the CLI's ``--set``); a value may contain ``=``; ``\\n`` makes a line break."""
    values: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise TemplateError(f"--set {item[:40]!r} is not FIELD=VALUE.")
        values[name.strip()] = value.replace("\\n", "\n")
    return values


def render_batch(pages: Sequence[DesignPage], model: PrinterModel, *,
                 on_rendered: Callable[[DesignPage, DesignRendered], None],
                 progress: Callable[[int, int], None] | None = None, cancel: Callable[[], bool] | None = None,
                 fonts: FontLibrary | None = None) -> BatchResult[None]:
    """Render every page in turn and hand each result to ``on_rendered`` (write a PNG, show a preview); a
    page that cannot render is recorded with its row number and the rest go on; progress and cancel as
    :func:`~phocol_desktop.imaging.design.batch.run_batch`."""

    def one(page: DesignPage) -> None:
        on_rendered(page, render_page(page, model, fonts=fonts))

    return run_batch(pages, one, number=lambda page: page.row, progress=progress, cancel=cancel)


@dataclass
class DesignPages:
    """A print runner page source (``services.print_runner.PageSource``): the request's designs, rendered one
    at a time for the printer's model while the previous one prints. A CSV row that cannot render is
    skipped and recorded in ``failed`` (and passed to ``on_failure``); a lone design's error stops the job.
    """

    request: DesignRequest
    templates: TemplateCatalog
    on_warning: Callable[[DesignPage, object], None] | None = None
    on_failure: Callable[[DesignPage, PhocolError], None] | None = None
    failed: list[int] = field(default_factory=list)

    def pages(self, model: PrinterModel) -> _LazyPages:
        """Sized (the runner shows "page n of N"), rendered one at a time as the runner asks for each."""
        pages = []
        for page in design_pages(self.request, self.templates):
            if page.design is None:  # the row's values do not make a design: reported now, never counted
                self._failed(page, page.error)  # type: ignore[arg-type]
            else:
                pages.append(page)
        return _LazyPages(self, pages, model)

    def _failed(self, page: DesignPage, error: PhocolError) -> None:
        if page.row is None:
            raise error
        self.failed.append(page.row)
        if self.on_failure is not None:
            self.on_failure(page, error)


@dataclass
class _LazyPages:
    source: DesignPages
    designs: list[DesignPage]
    model: PrinterModel

    def __len__(self) -> int:
        return len(self.designs)

    def __iter__(self) -> Iterator[Raster]:
        for page in self.designs:
            try:
                rendered = render_page(page, self.model)
            except PhocolError as exc:
                self.source._failed(page, exc)
                continue
            if self.source.on_warning is not None:
                for warning in rendered.warnings:
                    self.source.on_warning(page, warning)
            yield rendered.raster
