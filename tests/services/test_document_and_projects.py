import io
import json
import os
import stat
import zipfile

import pytest

from phocol_desktop.services.document import DocumentError, EditState, History
from phocol_desktop.storage.projects import (
    ProjectError,
    load_design_project,
    save_design_project,
    single_photo,
    single_photo_project,
)


def test_edit_state_round_trips_and_validates():
    s = EditState().with_change("brightness", 30).with_change("crop", [0.1, 0.1, 0.5, 0.5]).rotated(90)
    assert s.crop == (0.4, 0.1, 0.5, 0.5) and s.rotate == 90  # the crop turns with the photo
    s = s.with_change("crop", (0.1, 0.2, 0.5, 0.3))
    assert EditState.from_dict(json.loads(json.dumps(s.to_dict()))) == s


@pytest.mark.parametrize("bad", [
    {"brightness": 1000}, {"rotate": 45}, {"crop": [0.5, 0.5, 0.9, 0.9]}, {"crop": "x"},
    {"dither": "rm -rf"}, {"gamma": float("nan")}, {"invert": 1}, {"text": "x" * 501}, {"evil": True},
    {"angle": True},
])
def test_hostile_edits_are_typed_errors(bad):
    with pytest.raises(DocumentError):
        EditState.from_dict(bad)


def test_history_undo_redo_and_slider_merging():
    h = History(EditState())
    for v in range(1, 30):
        h.push(h.current.with_change("brightness", v), merge_key="brightness")
    h.end_merge()
    h.push(h.current.with_change("invert", True), merge_key="invert")
    assert h.undo().brightness == 29 and not h.current.invert
    assert h.undo() == EditState()  # the whole drag was one step
    assert not h.can_undo()
    assert h.redo().brightness == 29
    h.push(h.current.with_change("contrast", 5))
    assert not h.can_redo()  # a new edit drops the redo branch


def _project(model_table):
    return single_photo_project(model_table.default, EditState(brightness=10), b"\x89PNG fake bytes", (300, 200))


def test_project_save_load_round_trip_private(tmp_path, model_table):
    path = tmp_path / "p.phocol"
    save_design_project(path, _project(model_table))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    loaded = load_design_project(path, model_table)
    assert loaded == _project(model_table)
    assert single_photo(loaded) == (EditState(brightness=10), b"\x89PNG fake bytes")


def _zip(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("content", [
    b"", b"not a zip", _zip({"project.json": "{}"}),
    _zip({"project.json": json.dumps({"schema": "phocol.project/1", "model_id": "m", "edits": {},
                                      "image": {"name": "image.png", "sha256": "00"}}), "image.png": b"x"}),
    _zip({"project.json": "{}", "../../etc/passwd": b"x"}),
    _zip({"project.json": "[1,2"}),
])
def test_hostile_project_files_are_typed_errors(tmp_path, content, model_table):
    path = tmp_path / "bad.phocol"
    path.write_bytes(content)
    with pytest.raises(ProjectError):
        load_design_project(path, model_table)
