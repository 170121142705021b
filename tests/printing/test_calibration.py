"""Calibration as data: the ladder plan, the derived pacing, the test prints' byte safety, per-printer tuning."""

from __future__ import annotations

import json

import pytest

from phocol_desktop.domain.calibration import CalibrationError, PrinterTuning, derive_pacing
from phocol_desktop.domain.errors import ConfigError
from phocol_desktop.imaging.calibration_prints import density_patch, is_command_safe, ladder_block, ruler
from phocol_desktop.services.calibration import ladder_plan
from phocol_desktop.storage.tuning import TuningStore
from phocol_desktop.transport.base import LinkInfo
from phocol_desktop.transport.pacing import plan_for

ADDRESS = "AA:BB:CC:DD:EE:01"


@pytest.mark.parametrize("model_id", ["phocol.generic384", "phomemo.m02", "phomemo.m220", "phomemo.d30",
                                      "phomemo.m04s"])
def test_every_test_print_holds_only_bytes_that_cannot_read_as_a_command(model_table, model_id):
    model = model_table.get(model_id)
    prints = [ladder_block(n, model.head_dots, 200) for n in (1, 8, 12, 40)]
    prints += [density_patch(level, model.head_dots, 120) for level in (0, 7, 15)]
    prints += [ruler(), ruler((96, 200, 1024))]
    for raster in prints:
        assert is_command_safe(raster)
        assert not {0x10, 0x1B, 0x1D, 0x1F} & set(raster.data)
        assert raster.black_dots() > raster.width  # something is drawn


def test_blocks_differ_by_their_number(model_table):
    assert ladder_block(3, 384, 200).data != ladder_block(8, 384, 200).data


def test_ladder_plan_rates_rise_geometrically_and_rows_follow_the_template(model_table):
    m02 = model_table.get("phomemo.m02")  # its template feeds 2 x 2 lines after each raster
    plan = ladder_plan(m02, 182, blocks=12, block_rows=200)
    rates = [b.lines_per_s for b in plan.blocks]
    assert rates == sorted(rates) and len(set(round(b / a, 6) for a, b in zip(rates, rates[1:], strict=False))) == 1
    assert rates[0] == pytest.approx(12 * 203 / 25.4) and rates[-1] == pytest.approx(72 * 203 / 25.4)
    assert plan.blocks[1].top_row - plan.blocks[0].top_row == 200 + 4 * 16
    assert plan.blocks[0].bottom_row == 200 - 16 - 1
    doc = plan.as_json()
    assert [b["block"] for b in doc["blocks"]] == list(range(1, 13)) and doc["blocks"][3]["send_bytes_per_s"] > 0
    m220 = ladder_plan(model_table.get("phomemo.m220"), 182, blocks=8, block_rows=120)
    assert [b.top_row for b in m220.blocks] == [120 * i for i in range(8)]


def test_the_derived_pacing_is_the_answer_less_the_margin_and_streams_at_it(model_table):
    model = model_table.get("phomemo.m220")
    plan = ladder_plan(model, 182)
    derived = derive_pacing(plan, 6)
    assert derived.lines_per_s == pytest.approx(plan.block(6).lines_per_s * 0.85)
    assert derived.buffer_bytes == 2 * 182 + 2 * 72 and not derived.top_of_ladder
    assert derive_pacing(plan, 12).top_of_ladder
    with pytest.raises(CalibrationError, match="slowest block"):
        derive_pacing(plan, 0)
    with pytest.raises(CalibrationError, match="no block 13"):
        derive_pacing(plan, 13)
    tuned = PrinterTuning("printer-x", model.id, derived.lines_per_s, derived.buffer_bytes, 182).apply(model)
    from phocol_desktop.domain.job import JobOptions
    from phocol_desktop.domain.raster import Raster
    from phocol_desktop.protocol import encode_job

    job = encode_job(Raster.blank(576, 10), JobOptions(), tuned)
    plan_ = plan_for(tuned, LinkInfo("ble", 185, 182, False), job)
    assert plan_.mode == "buffer" and "(measured)" in plan_.describe()
    assert plan_.drain_bytes_per_s == pytest.approx(derived.lines_per_s * 72)


def test_tuning_is_kept_under_the_pseudonym_and_applied_only_to_that_printer(app_paths, model_table):
    store = TuningStore(app_paths)
    model = model_table.get("phomemo.m220")
    assert store.personalise(ADDRESS, model) is model
    store.update(ADDRESS, model.id, lines_per_s=200.0, buffer_bytes=508, chunk=182)
    store.update(ADDRESS, model.id, density=12)
    [path] = list(app_paths.printer_overrides.iterdir())
    assert path.name == f"{store.pseudonym(ADDRESS)}.json" and path.stat().st_mode & 0o777 == 0o600
    assert app_paths.printer_overrides.stat().st_mode & 0o777 == 0o700
    assert ADDRESS not in path.read_text() and "AABBCCDDEE01" not in path.read_text().upper()
    mine = store.personalise(ADDRESS, model)
    assert mine.pacing.measured and mine.pacing.lines_per_s == 200.0 and mine.density.default == 12
    assert store.personalise("AA:BB:CC:DD:EE:02", model) is model  # another printer of the same model
    assert store.personalise(ADDRESS, model_table.get("phomemo.m02")).id == "phomemo.m02"
    # The model table still loads with the tuning file in printers.d (it has no "models").
    from phocol_desktop.domain.printer_model import load_model_table

    assert not load_model_table(app_paths.printer_overrides).get(model.id).pacing.measured
    assert store.forget(ADDRESS) and store.personalise(ADDRESS, model) is model


@pytest.mark.parametrize("entry, field", [
    ({"model": "phomemo.m220", "pacing": {"lines_per_s": True, "buffer_bytes": 500}}, "lines_per_s"),
    ({"model": "phomemo.m220", "pacing": {"lines_per_s": 1e309, "buffer_bytes": 500}}, "lines_per_s"),
    ({"model": "phomemo.m220", "pacing": {"lines_per_s": 200, "buffer_bytes": 5}}, "buffer_bytes"),
    ({"model": "phomemo.m220", "density": "dark"}, "density"),
    ({"pacing": {}}, "model"),
])
def test_a_forged_tuning_file_is_named_and_never_applied(app_paths, model_table, entry, field):
    store = TuningStore(app_paths)
    pseudonym = store.pseudonym(ADDRESS)
    app_paths.ensure(app_paths.printer_overrides)
    (app_paths.printer_overrides / f"{pseudonym}.json").write_text(json.dumps(
        {"schema": "phocol.printer_tuning/1", "printers": {pseudonym: entry}}))
    with pytest.raises(ConfigError, match=field):
        store.get(ADDRESS)
    model = model_table.get("phomemo.m220")
    assert store.personalise(ADDRESS, model) is model  # printing still works, with the model's pacing


def test_a_huge_or_garbled_tuning_file_is_refused(app_paths):
    store = TuningStore(app_paths)
    app_paths.ensure(app_paths.printer_overrides)
    path = app_paths.printer_overrides / f"{store.pseudonym(ADDRESS)}.json"
    path.write_bytes(b"{" * 100_000)
    with pytest.raises(ConfigError, match="too large"):
        store.get(ADDRESS)
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(ConfigError, match="not valid JSON"):
        store.get(ADDRESS)


def test_a_printer_no_model_matches_is_asked_only_what_every_model_answers(model_table):
    assert model_table.common_queries() == (0x08, 0x09)  # battery, serial number
