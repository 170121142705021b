"""Projects version 2 hold a design; version-1 files (tests/golden/designs/v1-*.phocol, written by the
previous version's writer before this change) still open, migrated, and print the very same dots."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from phocol_desktop.imaging.design.model import Design, Page, PhotoElement, QrElement, TextElement
from phocol_desktop.imaging.design.render import render_design
from phocol_desktop.imaging.edits import EditState
from phocol_desktop.imaging.pipeline import prepare_photo, render
from phocol_desktop.storage.projects import (
    DesignProject,
    ProjectError,
    load_design_project,
    photo_member,
    save_design_project,
    single_photo,
)
from tests.designs.conftest import GOLDEN, zbar


@pytest.mark.parametrize("name", ["v1-label.phocol", "v1-roll.phocol"])
def test_version_1_projects_open_migrated_and_print_the_same_dots(name, model_table):
    path = GOLDEN / name
    with zipfile.ZipFile(path) as z:
        v1 = json.loads(z.read("project.json"))
        image = z.read(v1["image"]["name"])
    assert v1["schema"] == "phocol.project/1"
    project = load_design_project(path, model_table)
    assert project.migrated_from == 1 and project.model_id == v1["model_id"]
    edits, photo = single_photo(project)
    assert edits == EditState.from_dict(v1["edits"]) and photo == image
    model = model_table.get(v1["model_id"])
    # What version 1 printed: the photo pipeline with the stored edits…
    before = render(prepare_photo(image, model), edits, model).raster
    # …and what the migrated design prints.
    after = render_design(project.design, model, photos=project.photo_source()).raster
    assert after == before


def test_version_2_round_trip_keeps_the_design_and_photos(tmp_path, model_table, design_photos):
    photo = design_photos[1].read_bytes()
    member = photo_member(photo)
    design = Design(Page(48, 40), (
        PhotoElement(id="p", x=0, y=0, w=48, h=30, src=member, edits=EditState(brightness=10, fit="fill")),
        TextElement(id="t", x=0, y=30, w=24, h=10, text="名字 Name"),
        QrElement(id="q", x=28, y=30, w=10, h=10, data="v2"),
    ))
    path = tmp_path / "card.phocol"
    save_design_project(path, DesignProject("phocol.generic384", design, {member: photo}))
    loaded = load_design_project(path, model_table)
    assert loaded.design == design and loaded.photos == {member: photo} and loaded.migrated_from is None
    assert single_photo(loaded) is None  # not a one-photo project: the photo editor declines it
    with zipfile.ZipFile(path) as z:
        assert json.loads(z.read("project.json"))["schema"] == "phocol.project/2"
    rendered = render_design(loaded.design, model_table.default, photos=loaded.photo_source())
    assert rendered.warnings == ()


def _zip(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _v2(design, photos=()):
    return json.dumps({"schema": "phocol.project/2", "model_id": "phocol.generic384", "design": design,
                       "photos": list(photos)})


GOOD_DESIGN = {"format": "phocol.design", "version": 1, "page": {"width_mm": 48, "length_mm": 30},
               "elements": [{"id": "p", "type": "photo", "x": 0, "y": 0, "w": 10, "h": 10,
                             "src": "photos/" + "0" * 64 + ".png"}]}


@pytest.mark.parametrize("content", [
    _zip({"project.json": _v2(GOOD_DESIGN)}),  # refers to a photo it does not hold
    _zip({"project.json": _v2({"format": "phocol.design", "version": 1})}),
    _zip({"project.json": _v2(GOOD_DESIGN, [{"name": "photos/" + "0" * 64 + ".png", "sha256": "0" * 64}]),
          "photos/" + "0" * 64 + ".png": b"not matching"}),
    _zip({"project.json": "[" * 5000 + "]" * 5000}),
    _zip({"project.json": _v2(GOOD_DESIGN), "photos/../../evil.png": b"x"}),
    _zip({"project.json": json.dumps({"schema": "phocol.project/9"})}),
])
def test_hostile_version_2_projects_are_typed_errors(tmp_path, content, model_table):
    path = tmp_path / "bad.phocol"
    path.write_bytes(content)
    with pytest.raises(ProjectError):
        load_design_project(path, model_table)


def test_cli_renders_projects_of_both_versions(tmp_path, model_table):
    from PIL import Image

    from phocol_desktop.cli import main

    member = photo_member(b"x")
    design = Design(Page(48, 30), (QrElement(id="q", x=9, y=0, w=30, h=30, data="from a project"),))
    save_design_project(tmp_path / "label.phocol", DesignProject("phocol.generic384", design, {}))
    assert member  # photos are optional
    out = io.StringIO()
    assert main(["render", str(tmp_path / "label.phocol"), "-o", str(tmp_path / "l.png")], stdout=out) == 0
    assert ("QRCODE", "from a project") in zbar(Image.open(tmp_path / "l.png"))
    assert main(["render", str(GOLDEN / "v1-label.phocol"), "-o", str(tmp_path / "v1.png")], stdout=out) == 0
    assert Image.open(tmp_path / "v1.png").size == (384, 240)
