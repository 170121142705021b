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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from phocol_desktop import __version__
from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.storage.paths import secure_write

PROJECT_SCHEMA = "phocol.project/1"
PROJECT_SUFFIX = ".phocol"
MAX_JSON = 256 * 1024
MAX_IMAGE = 80 * 1024 * 1024
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
    try:
        with zipfile.ZipFile(path) as z:
            infos = {i.filename: i for i in z.infolist()}
            allowed = {"project.json", *IMAGE_NAMES}
            extra = sorted(set(infos) - allowed)
            if extra:
                raise ProjectError(f"The project holds unexpected files: {', '.join(extra[:3])}.")
            meta_info = infos.get("project.json")
            if meta_info is None or meta_info.file_size > MAX_JSON:
                raise ProjectError("The project has no readable project.json.")
            meta = json.loads(z.read(meta_info))
            if not isinstance(meta, dict) or meta.get("schema") != PROJECT_SCHEMA:
                raise ProjectError("The file is not a Phocol project (schema phocol.project/1).")
            image = meta.get("image")
            if not isinstance(image, dict) or image.get("name") not in IMAGE_NAMES or image["name"] not in infos:
                raise ProjectError("The project's photo is missing.")
            info = infos[image["name"]]
            if info.file_size > MAX_IMAGE:
                raise ProjectError("The project's photo is larger than any photo Phocol Desktop writes.")
            data = z.read(info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, json.JSONDecodeError, UnicodeDecodeError, KeyError,
            EOFError, NotImplementedError) as exc:
        raise ProjectError(f"The project could not be read ({type(exc).__name__}).") from None
    if hashlib.sha256(data).hexdigest() != image.get("sha256"):
        raise ProjectError("The project's photo does not match its recorded hash.")
    model_id, edits = meta.get("model_id"), meta.get("edits")
    if not isinstance(model_id, str) or not isinstance(edits, dict):
        raise ProjectError("The project has no model or edits.")
    return Project(model_id, edits, image["name"], data)
