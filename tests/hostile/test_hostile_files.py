"""Class 2 of issue #12 for the files a user hands the app: projects (zlib.error, encrypted members, zip bombs,
path traversal names, damaged JSON), scenarios and printer overrides (numbers finite and plausible), JSON traces
and btsnoop logs. Each gets exactly one line naming the problem, exit 1, and no traceback."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from phocol_desktop.cli import main
from tests.hostile.corpus import (
    JSON_DAMAGE,
    zip_of,
    zip_with_corrupt_deflate,
    zip_with_encrypted_flag,
    zip_with_lying_size,
)

pytestmark = pytest.mark.timeout(120)


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def one_line_failure(code, err):
    assert code == 1, err
    assert err.count("\n") == 1 and "Traceback" not in err, err


@pytest.fixture
def photo(tmp_path):
    from PIL import Image

    p = tmp_path / "p.png"
    Image.new("L", (80, 60), 120).save(p)
    return p


@pytest.fixture
def project_members(tmp_path, photo):
    code, _, err = run("render", photo, "-o", tmp_path / "ok.png")
    assert code == 0, err
    from phocol_desktop.domain.printer_model import load_model_table
    from phocol_desktop.imaging.edits import EditState
    from phocol_desktop.storage.projects import save_design_project, single_photo_project

    model = load_model_table().default
    project = single_photo_project(model, EditState(), photo.read_bytes(), (80, 60))
    path = tmp_path / "good.phocol"
    save_design_project(path, project)
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    assert run("render", path, "-o", tmp_path / "good.png")[0] == 0  # the sound project renders
    return members


def hostile_projects(members):
    meta = "project.json"
    photo = next(n for n in members if n != meta)
    yield "zlib_error", zip_with_corrupt_deflate(members, meta)
    yield "encrypted", zip_with_encrypted_flag(members, meta)
    yield "lying_size", zip_with_lying_size(members, meta)
    yield "traversal", zip_of({**members, "../../evil.sh": b"#!/bin/sh\n"})
    yield "absolute_name", zip_of({**members, "/etc/cron.d/x": b"x"})
    yield "photo_traversal", zip_of({meta: members[meta], "photos/../../" + photo[7:]: members[photo]})
    yield "duplicate", zip_of(members) + b""  # rebuilt below with a second project.json
    for name, data in JSON_DAMAGE.items():
        yield f"json_{name}", zip_of({**members, meta: data})
    meta_doc = json.loads(members[meta])
    meta_doc["design"] = [meta_doc.get("design")]
    yield "design_wrong_type", zip_of({**members, meta: json.dumps(meta_doc).encode()})
    yield "not_a_zip", b"PK\x03\x04" + bytes(200)


def test_every_hostile_project_is_one_line(tmp_path, project_members):
    for name, data in hostile_projects(project_members):
        if name == "duplicate":
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w") as z:
                for n, d in project_members.items():
                    z.writestr(n, d)
                import warnings

                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    z.writestr("project.json", b"{}")
            data = buf.getvalue()
        p = tmp_path / f"{name}.phocol"
        p.write_bytes(data)
        code, _out, err = run("render", p, "-o", tmp_path / f"{name}.png")
        one_line_failure(code, err)
        assert not (tmp_path / f"{name}.png").exists(), name
        assert not (tmp_path.parent / "evil.sh").exists()


def test_a_zip_bomb_project_is_refused_without_inflating_it(tmp_path, project_members):
    """8 MB of zeros deflated to a few KB: refused by its declared size, and by the bytes actually inflated when
    the header lies about the size."""
    import resource

    p = tmp_path / "bomb.phocol"
    p.write_bytes(zip_of({**project_members, "project.json": b"\0" * (8 * 1024 * 1024)}))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    code, _out, err = run("render", p, "-o", tmp_path / "b.png")
    one_line_failure(code, err)
    lying = tmp_path / "lying-bomb.phocol"
    lying.write_bytes(zip_with_lying_size({**project_members, "project.json": b"{" + b" " * (8 * 1024 * 1024)},
                                          "project.json"))
    code, _out, err = run("render", lying, "-o", tmp_path / "c.png")
    one_line_failure(code, err)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200 * 1024  # KB: nothing inflated whole


SCENARIOS = {
    "mtu_fraction": b'{"mtu": 23.5}',
    "mtu_huge": b'{"mtu": ' + b"9" * 5000 + b"}",
    "nan": b'{"lines_per_s": NaN}',
    "buffer_negative": b'{"buffer_bytes": -1}',
    "battery_text": b'{"battery": "full"}',
    "firmware_object": b'{"firmware": {"a": 1}}',
    "fault_time_inf": b'{"faults": [{"kind": "paper_out", "at_time": 1e999}]}',
    "fault_row_fraction": b'{"faults": [{"kind": "paper_out", "at_row": 2.5}]}',
    "fault_list": b'{"faults": {"kind": "paper_out"}}',
    **{f"json_{k}": v for k, v in JSON_DAMAGE.items()},
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_every_hostile_scenario_is_one_line(tmp_path, photo, name):
    s = tmp_path / f"{name}.json"
    s.write_bytes(SCENARIOS[name])
    code, _out, err = run("print", photo, "--printer", "virtual", "--scenario", s)
    one_line_failure(code, err)
    assert f"{name}.json" in err or "Scenario" in err or "scenario" in err, err


OVERRIDES = {
    "length_100m": {"id": "phocol.generic384", "media": {"presets": [{"id": "x", "kind": "gap", "width_mm": 50,
                                                                        "length_mm": 100000}]}},
    "width_zero": {"id": "phocol.generic384", "media": {"presets": [{"id": "x", "kind": "gap", "width_mm": 0}]}},
    "width_negative": {"id": "phocol.generic384", "media": {"presets": [{"id": "x", "kind": "gap",
                                                                          "width_mm": -5}]}},
    "dpi_fraction": {"id": "phocol.generic384", "dpi": 203.5},
    "drain_huge": {"id": "phocol.generic384", "drain_timeout_s": 1e300},
    "lines_per_s_zero": {"id": "phocol.generic384", "pacing": {"lines_per_s": 0}},
}


@pytest.mark.parametrize("name", sorted(OVERRIDES))
def test_an_implausible_override_is_skipped_naming_the_field_and_the_app_goes_on(private_dirs, tmp_path, photo,
                                                                                 name):
    d = private_dirs / "config" / "printers.d"
    d.mkdir(parents=True)
    (d / f"{name}.json").write_text(json.dumps({"models": [OVERRIDES[name]]}))
    code, _out, err = run("models")
    assert code == 1 and f"{name}.json" in err and "skipped" in err and err.count("\n") == 1, err
    field = {"length_100m": "length_mm", "width_zero": "width_mm", "width_negative": "width_mm",
             "dpi_fraction": "dpi", "drain_huge": "drain_timeout_s", "lines_per_s_zero": "lines_per_s"}[name]
    assert field in err
    code, _out, err = run("render", photo, "-o", tmp_path / "r.png")
    assert code == 0 and err.count("\n") == 1 and "warning" in err  # the app keeps working
    code, out, _err = run("models", "--validate", d / f"{name}.json")
    assert code == 1 and field in out


def test_the_shipped_schema_accepts_the_bundled_models_and_a_documented_example(tmp_path):
    from importlib import resources

    import jsonschema

    schema = json.loads(resources.files("phocol_desktop.assets").joinpath("printers.d.schema.json").read_bytes())
    jsonschema.Draft202012Validator.check_schema(schema)
    bundled = json.loads(resources.files("phocol_desktop.assets").joinpath("printer_models.json").read_bytes())
    assert not list(jsonschema.Draft202012Validator(schema).iter_errors({"models": bundled["models"]}))
    example = tmp_path / "10-fix.json"
    example.write_text(json.dumps({"models": [{"id": "phocol.generic384", "head_dots": 384}]}))
    code, out, err = run("models", "--validate", example)
    assert code == 0 and "valid" in out, err


@pytest.mark.parametrize("name", sorted(JSON_DAMAGE))
def test_a_damaged_json_trace_is_one_line(tmp_path, name):
    t = tmp_path / f"{name}.json"
    t.write_bytes(b"{" + JSON_DAMAGE[name] if not JSON_DAMAGE[name].startswith(b"{") else JSON_DAMAGE[name])
    code, _out, err = run("trace", "decode", t)
    one_line_failure(code, err)


@pytest.mark.parametrize("data", [b"btsnoop\0", b"btsnoop\0" + bytes(8), b"btsnoop\0\0\0\0\x01\0\0\x03\xea"
                                  + b"\xff" * 24, b"btsnoop\0\0\0\0\x01\0\0\x03\xea" + bytes(24) + b"\x02" * 10,
                                  bytes(range(256)) * 50])
def test_a_damaged_btsnoop_is_one_line(tmp_path, data):
    t = tmp_path / "x.btsnoop"
    t.write_bytes(data)
    code, _out, err = run("trace", "decode", t)
    one_line_failure(code, err)
