import copy
import json
from importlib import resources

import pytest

from phocol_desktop.domain.errors import ModelTableError
from phocol_desktop.domain.printer_model import load_model_table, parse_model_table


def bundled():
    return json.loads(resources.files("phocol_desktop.assets").joinpath("printer_models.json").read_text())


def test_bundled_table_loads_with_generic_phocol_default(model_table):
    generic = model_table.default
    assert generic.id == "phocol.generic384"
    assert generic.head_dots == 384 and generic.bytes_per_line == 48
    assert generic.unverified  # every Phocol field is an assumption until a capture exists
    assert model_table.sha256 and len(model_table.sha256) == 64


def test_every_documented_family_has_a_model(model_table):
    families = {m.family for m in model_table.models}
    assert {"quyin.m02", "quyin.m110", "quyin.m200", "quyin.m04", "quyin.d30", "quyin.p12"} <= families


@pytest.mark.parametrize(("name", "model_id"), [
    ("Phocol-P1", "phocol.generic384"),
    ("Mr.in_M02", "phomemo.m02"),
    ("M02 Pro", "phomemo.m02pro"),  # longest prefix beats "M02"
    ("Q192J27K0480025", "phomemo.m110"),  # M110 ships its serial as name
    ("Q199E1234", "phomemo.m110s"),
    ("Q198G5949230062", "phomemo.m220"),  # serial-prefix rule
    ("Q006ABC", "phomemo.m200"),
    ("Q300ABCD", None),  # serial-style, unknown prefix: never swallowed by a "Q30" pattern
    ("Q30", "phomemo.d30"),
    ("D30S", "phomemo.d30"),
    ("P12", "phomemo.p12"),
    ("Some Headphones", None),
    (None, None),
])
def test_name_detection(model_table, name, model_id):
    found = model_table.match_name(name)
    assert (found.id if found else None) == model_id


def test_gatt_plan_expands_short_uuids(model_table):
    plan = model_table.default.gatt
    assert plan.write == "0000ff02-0000-1000-8000-00805f9b34fb"
    assert plan.candidates()[-1][0] == "49535343-fe7d-4ae5-8fa9-9fafd205e455"


@pytest.mark.parametrize(("mutate", "needle"), [
    (lambda d: d["models"][1].update(head_dots=100), "head_dots"),
    (lambda d: d["models"][1].update(family="nope"), "family"),
    (lambda d: d["models"][1]["density"].update(default=99), "default"),
    (lambda d: d["models"][1].update(align="diagonal"), "align"),
    (lambda d: d["models"][1].pop("dpi"), "dpi"),
    (lambda d: d["models"][1].update(dpi="203"), "dpi"),
    (lambda d: d["models"][1].update(queries=["zz"]), "queries"),
    (lambda d: d["models"][1]["name_patterns"][0].update(kind="regex", value="("), "value"),
    (lambda d: d["serial_prefixes"].update(Q999="phomemo.nope"), "serial_prefixes"),
    (lambda d: d["models"].append(copy.deepcopy(d["models"][1])), "duplicate"),
])
def test_broken_entry_is_a_clear_error_naming_it(mutate, needle):
    doc = bundled()
    mutate(doc)
    with pytest.raises(ModelTableError) as exc:
        parse_model_table(doc)
    msg = str(exc.value)
    assert needle in msg
    assert "model" in msg or "table" in msg


def test_override_file_changes_one_field_and_adds_a_model(tmp_path):
    (tmp_path / "10-fix.json").write_text(json.dumps({"models": [
        {"id": "phocol.generic384", "pacing": {"buffer_bytes": 4096, "lines_per_s": 60}},
        {**bundled()["models"][0], "id": "phocol.custom", "display_name": "My Phocol",
         "name_patterns": [{"kind": "exact", "value": "MYPRINTER", "source": "capture:2026-11-01"}]},
    ]}))
    table = load_model_table(tmp_path)
    generic = table.get("phocol.generic384")
    assert generic.pacing.buffer_bytes == 4096 and generic.pacing.measured
    assert generic.pacing.chunk == 128  # untouched fields keep the bundled value
    assert table.match_name("MYPRINTER").id == "phocol.custom"
    assert table.sha256 != load_model_table().sha256  # job logs can tell an overridden profile apart
