"""Project files (``.phocol``): a zip holding ``project.json`` and photos, never pickle or code.

Version 2 (``phocol.project/2``, written by this build; docs/PROJECT-FORMAT.md) holds a *design*
(docs/DESIGN-FORMAT.md) and its photos:

    project.json          {"schema", "app_version", "model_id", "design": {...phocol.design...},
                           "photos": [{"name": "photos/<sha256>.png", "sha256"}]}
    photos/<sha256>.png   each photo, upright and with NO metadata (AT-13); photo elements refer to it by
                          its member name in ``src``

Version 1 (``phocol.project/1``: one photo and its edits) still opens: it is migrated to a design with one
photo element covering the paper, which renders the very same dots (tests/designs/test_projects.py opens
v1 files written by the previous version's writer).

Reading is defensive: only the declared members, bounded sizes (zip bombs), hash checks, a schema check.
Writing is atomic (temp file, fsync, rename) and private (0600).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from phocol_desktop import __version__
from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.domain.printer_model import ModelTable, PrinterModel
from phocol_desktop.domain.safe_input import InputDamaged, loads_json, open_input
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP
from phocol_desktop.imaging.design.errors import DesignInvalid
from phocol_desktop.imaging.design.model import Design, Page, PhotoElement, design_from_dict
from phocol_desktop.imaging.edits import EditState
from phocol_desktop.imaging.errors import EditsInvalid, ImageError
from phocol_desktop.storage.paths import secure_write

PROJECT_SCHEMA = "phocol.project/2"
PROJECT_SCHEMA_V1 = "phocol.project/1"
PROJECT_SUFFIX = ".phocol"
MAX_JSON = 1024 * 1024 + 64 * 1024  # a design (at most 1 MiB) plus the envelope
MAX_IMAGE = 80 * 1024 * 1024
MAX_PHOTOS = 64
MAX_TOTAL = 512 * 1024 * 1024
IMAGE_NAMES = ("image.jpg", "image.png")  # version 1
PHOTO_MEMBER = re.compile(r"^photos/[0-9a-f]{64}\.(png|jpg)$")


class ProjectError(PhocolError):
    advice = QT_TRANSLATE_NOOP("Errors", "The file is not a Phocol project or it is damaged. Open the photo itself "
                                         "instead.")


@dataclass(frozen=True)
class DesignProject:
    model_id: str
    design: Design
    photos: Mapping[str, bytes] = field(default_factory=dict)  # member name -> bytes
    migrated_from: int | None = None  # 1 when this was read from a version-1 file

    def photo_source(self):  # type: ignore[no-untyped-def]
        """Photo ``src`` → the member's bytes (for :func:`render_design`)."""

        def resolve(src: str) -> bytes:
            try:
                return self.photos[src]
            except KeyError:
                raise ProjectError(f"The project has no photo {src[:80]!r}.") from None

        return resolve


def photo_member(image_bytes: bytes, suffix: str = "png") -> str:
    return f"photos/{hashlib.sha256(image_bytes).hexdigest()}.{suffix}"


# ---------------------------------------------------------------------------------------------- writing


def save_design_project(path: Path, project: DesignProject) -> None:
    """Write ``project`` as version 2; only photos that an element uses are stored."""
    used = {e.src for e in project.design.elements if isinstance(e, PhotoElement) and e.src}
    missing = sorted(used - set(project.photos))
    if missing:
        raise ProjectError(f"The design uses a photo the project does not hold ({missing[0][:80]}).")
    for name in used:
        if not PHOTO_MEMBER.match(name) or hashlib.sha256(project.photos[name]).hexdigest() != name[7:71]:
            raise ProjectError(f"Photo member {name[:80]!r} is not named after its SHA-256.")
    meta = {
        "schema": PROJECT_SCHEMA,
        "app_version": __version__,
        "model_id": project.model_id,
        "design": project.design.to_dict(),
        "photos": [{"name": name, "sha256": name[7:71]} for name in sorted(used)],
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.json", json.dumps(meta, indent=1, ensure_ascii=False))
        for name in sorted(used):
            # Photos are already compressed; store them as they are.
            z.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), project.photos[name],
                       compress_type=zipfile.ZIP_STORED)
    secure_write(path, buf.getvalue())


def single_photo_project(model: PrinterModel, edits: EditState, image_bytes: bytes, image_size: tuple[int, int],
                         suffix: str = "png") -> DesignProject:
    """A design of one photo covering the paper ``edits`` names: what the photo editor saves, and what a
    version-1 project becomes. Renders the same dots as the photo pipeline (``image_size``: upright pixels)."""
    from phocol_desktop.imaging.layout import layout_for
    from phocol_desktop.imaging.pipeline import _straighten_factor, resolve_paper

    try:
        paper = resolve_paper(model, None, edits)
    except ImageError as exc:
        raise ProjectError(f"The project's paper does not fit this printer: {exc.reason}") from None
    layout = layout_for(model, paper, fit=edits.fit)
    width, height = image_size
    if edits.rotate in (90, 270):
        width, height = height, width
    k = _straighten_factor(width, height, edits.angle)
    _x, _y, cw, ch = edits.crop or (0.0, 0.0, 1.0, 1.0)
    box_w, box_h = layout.content_size((k * width * cw) / (k * height * ch))
    dpm = model.dpi / 25.4
    member = photo_member(image_bytes, suffix)
    page = Page(box_w / dpm, box_h / dpm, "continuous" if paper.length_mm is None else "label")
    photo = PhotoElement(id="photo", x=0.0, y=0.0, w=page.width_mm, h=page.length_mm or 0.0, src=member,
                         edits=edits)  # the preset stays: the photo editor re-opens on the same paper
    design = design_from_dict(Design(page, (photo,)).to_dict(), what="The project")
    return DesignProject(model.id, design, {member: image_bytes})


def single_photo(project: DesignProject) -> tuple[EditState, bytes] | None:
    """The photo and edits of a one-photo design (what the photo editor opens); None for other designs."""
    photos = [e for e in project.design.elements if isinstance(e, PhotoElement)]
    if len(project.design.elements) != 1 or len(photos) != 1 or photos[0].src not in project.photos:
        return None
    return photos[0].edits, project.photos[photos[0].src]


# ---------------------------------------------------------------------------------------------- reading


def load_design_project(path: Path, models: ModelTable | None = None) -> DesignProject:
    """Read a version-2 project, or a version-1 project migrated to a design (which needs ``models``)."""
    meta, members = _read_zip(path)
    schema = meta.get("schema")
    if schema == PROJECT_SCHEMA_V1:
        return _migrate_v1(meta, members, models)
    if schema != PROJECT_SCHEMA:
        raise ProjectError(f"The file is not a Phocol project this version reads ({PROJECT_SCHEMA}, "
                           f"{PROJECT_SCHEMA_V1}).")
    model_id, raw_design, listed = meta.get("model_id"), meta.get("design"), meta.get("photos")
    if not isinstance(model_id, str) or not isinstance(listed, list) or len(listed) > MAX_PHOTOS:
        raise ProjectError("The project has no model or photo list.")
    try:
        design = design_from_dict(raw_design, what="The project's design")
    except DesignInvalid as exc:
        raise ProjectError(exc.reason) from None
    photos: dict[str, bytes] = {}
    for entry in listed:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or entry["name"] not in members:
            raise ProjectError("A photo the project lists is missing.")
        data = members[entry["name"]]
        if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
            raise ProjectError("A project photo does not match its recorded hash.")
        photos[entry["name"]] = data
    for e in design.elements:
        if isinstance(e, PhotoElement) and e.src and e.src not in photos:
            raise ProjectError(f"Photo element {e.id!r} refers to a photo the project does not hold.")
    return DesignProject(model_id, design, photos)


def _read_zip(path: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Read a project defensively: a regular file (never a FIFO or device: domain/safe_input.py), only the
    known members, none twice, none encrypted, each read with a cap on the bytes actually inflated (a zip
    bomb's header may lie about its size); damaged deflate streams and strict-JSON failures are one line."""
    try:
        with open_input(path, what="project") as fh, zipfile.ZipFile(fh) as z:
            infos: dict[str, zipfile.ZipInfo] = {}
            for i in z.infolist():
                if i.filename in infos:
                    raise ProjectError("The project holds the same member twice.")
                infos[i.filename] = i
            extra = sorted(n for n in infos if n != "project.json" and n not in IMAGE_NAMES
                           and not PHOTO_MEMBER.match(n))
            if extra:
                raise ProjectError(f"The project holds unexpected files: {', '.join(e[:60] for e in extra[:3])}.")
            if any(i.flag_bits & 0x1 for i in infos.values()):
                raise ProjectError("The project holds an encrypted member; Phocol Desktop never writes those.")
            photos = [i for n, i in infos.items() if n != "project.json"]
            if len(photos) > MAX_PHOTOS or any(i.file_size > MAX_IMAGE for i in photos) or sum(
                    i.file_size for i in photos) > MAX_TOTAL:
                raise ProjectError("The project's photos are larger than any project Phocol Desktop writes.")
            meta_info = infos.get("project.json")
            if meta_info is None or meta_info.file_size > MAX_JSON:
                raise ProjectError("The project has no readable project.json.")
            meta = loads_json(_read_member(z, meta_info, MAX_JSON), what="project's", name="project.json")
            if not isinstance(meta, dict):
                raise ProjectError("The project's project.json is not an object.")
            members, total = {}, 0
            for i in photos:
                members[i.filename] = data = _read_member(z, i, MAX_IMAGE)
                total += len(data)
                if total > MAX_TOTAL:
                    raise ProjectError("The project's photos are larger than any project Phocol Desktop writes.")
    except ProjectError:
        raise
    except InputDamaged as exc:
        raise ProjectError(exc.reason) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, UnicodeDecodeError, KeyError,
            EOFError, NotImplementedError, RuntimeError, ValueError, RecursionError) as exc:
        raise ProjectError(f"The project could not be read ({type(exc).__name__}).") from None
    except OSError as exc:
        raise ProjectError(f"The project could not be read ({exc.strerror or type(exc).__name__}).") from None
    return meta, members


def _read_member(z: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    """At most ``cap`` inflated bytes, counted as they come out (never trusting the declared size)."""
    with z.open(info) as member:
        data = member.read(cap + 1)
    if len(data) > cap:
        raise ProjectError(f"The project's {info.filename} inflates beyond {max(1, cap // (1024 * 1024))} MB.")
    return data


def _migrate_v1(meta: dict[str, Any], members: dict[str, bytes], models: ModelTable | None) -> DesignProject:
    image = meta.get("image")
    if not isinstance(image, dict) or image.get("name") not in IMAGE_NAMES or image["name"] not in members:
        raise ProjectError("The project's photo is missing.")
    data = members[image["name"]]
    if hashlib.sha256(data).hexdigest() != image.get("sha256"):
        raise ProjectError("The project's photo does not match its recorded hash.")
    model_id, raw_edits = meta.get("model_id"), meta.get("edits")
    if not isinstance(model_id, str) or not isinstance(raw_edits, dict):
        raise ProjectError("The project has no model or edits.")
    try:
        edits = EditState.from_dict(raw_edits)
    except EditsInvalid as exc:
        raise ProjectError(f"The project's edits are invalid: {exc.reason}") from None
    if models is None:
        from phocol_desktop.domain.printer_model import load_model_table

        models = load_model_table(None)
    model = models.get(model_id) if any(m.id == model_id for m in models.models) else models.default
    from phocol_desktop.imaging.load import load_photo

    try:
        size = load_photo(data).full_size
    except ImageError as exc:
        raise ProjectError(f"The project's photo cannot be opened: {exc.reason}") from None
    project = single_photo_project(model, edits, data, size, "jpg" if image["name"].endswith(".jpg") else "png")
    return replace(project, model_id=model_id, migrated_from=1)
