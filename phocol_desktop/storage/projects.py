"""Project files (``.phocol``): a zip holding ``project.json`` and the photo, never pickle or code.

Layout (schema ``phocol.project/1``, documented in docs/PROJECT-FORMAT.md):
    project.json   {"schema", "app_version", "model_id", "edits": {...EditState...},
                    "image": {"name": "image.jpg"|"image.png", "sha256", "width", "height"}}
    image.jpg|png  the photo, already upright (EXIF orientation applied) and with NO metadata, so a
                   photo's GPS position or camera serial never ends up in a project (AT-13)

Reading is defensive: only those two members, bounded sizes (zip bombs), a hash check, a schema check.
Writing is atomic (temp file, fsync, rename) and private (0600).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from phocol_desktop import __version__
from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.domain.safe_input import InputDamaged, display_name, loads_json, open_input, read_capped
from phocol_desktop.storage.paths import secure_write

PROJECT_SCHEMA = "phocol.project/1"
PROJECT_SUFFIX = ".phocol"
MAX_JSON = 256 * 1024
MAX_IMAGE = 80 * 1024 * 1024
MAX_PROJECT = MAX_IMAGE + MAX_JSON + 64 * 1024  # the zip itself: both members stored, plus headers
IMAGE_NAMES = ("image.jpg", "image.png")


class ProjectError(PhocolError):
    advice = "The file is not a Phocol project or it is damaged. Open the photo itself instead."


@dataclass(frozen=True)
class Project:
    model_id: str
    edits: dict[str, Any]  # validated by imaging.edits.EditState.from_dict
    image_name: str
    image_bytes: bytes


def save_project(path: Path, project: Project) -> None:
    if project.image_name not in IMAGE_NAMES:
        raise ProjectError(f"Unsupported image member {project.image_name!r}.")
    meta = {
        "schema": PROJECT_SCHEMA,
        "app_version": __version__,
        "model_id": project.model_id,
        "edits": project.edits,
        "image": {"name": project.image_name, "sha256": hashlib.sha256(project.image_bytes).hexdigest()},
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.json", json.dumps(meta, indent=1, ensure_ascii=False))
        # Photos are already compressed; store them as they are.
        z.writestr(zipfile.ZipInfo(project.image_name, date_time=(2020, 1, 1, 0, 0, 0)), project.image_bytes,
                   compress_type=zipfile.ZIP_STORED)
    secure_write(path, buf.getvalue())


def load_project(path: Path) -> Project:
    """Read a project defensively: a regular file of bounded size; only the two known members, each read with
    a cap on the bytes actually inflated (a zip bomb's header may lie); no encrypted or damaged members."""
    with open_input(path, what="project") as fh:
        raw = read_capped(fh, MAX_PROJECT, what="project", name=display_name(path))
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            infos: dict[str, zipfile.ZipInfo] = {}
            for i in z.infolist():
                if i.filename in infos:
                    raise ProjectError("The project holds the same member twice.")
                infos[i.filename] = i
            allowed = {"project.json", *IMAGE_NAMES}
            extra = sorted(set(infos) - allowed)
            if extra:
                raise ProjectError(f"The project holds unexpected files: {', '.join(repr(e[:40]) for e in extra[:3])}.")
            if any(i.flag_bits & 0x1 for i in infos.values()):
                raise ProjectError("The project holds an encrypted member; Phocol Desktop never writes those.")
            meta_info = infos.get("project.json")
            if meta_info is None:
                raise ProjectError("The project has no project.json.")
            meta = loads_json(_read_member(z, meta_info, MAX_JSON), what="project's", name="project.json")
            if not isinstance(meta, dict) or meta.get("schema") != PROJECT_SCHEMA:
                raise ProjectError("The file is not a Phocol project (schema phocol.project/1).")
            image = meta.get("image")
            if not isinstance(image, dict) or not isinstance(image.get("name"), str) \
                    or image["name"] not in IMAGE_NAMES or image["name"] not in infos:
                raise ProjectError("The project's photo is missing.")
            data = _read_member(z, infos[image["name"]], MAX_IMAGE)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, UnicodeDecodeError, KeyError, EOFError,
            NotImplementedError, RuntimeError, ValueError, OSError) as exc:
        raise ProjectError(f"The project could not be read ({type(exc).__name__}).") from None
    except InputDamaged as exc:
        raise ProjectError(exc.reason) from None
    if hashlib.sha256(data).hexdigest() != image.get("sha256"):
        raise ProjectError("The project's photo does not match its recorded hash.")
    model_id, edits = meta.get("model_id"), meta.get("edits")
    if not isinstance(model_id, str) or not isinstance(edits, dict):
        raise ProjectError("The project has no model or edits.")
    return Project(model_id, edits, image["name"], data)


def _read_member(z: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    """At most ``cap`` inflated bytes, counted as they come out (never trusting the declared size)."""
    if info.file_size > cap:
        raise ProjectError(f"The project's {info.filename} is larger than any Phocol Desktop writes.")
    with z.open(info) as member:
        data = member.read(cap + 1)
    if len(data) > cap:
        raise ProjectError(f"The project's {info.filename} inflates beyond {cap // (1024 * 1024) or 1} MB.")
    return data
