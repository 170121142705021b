"""Whole jobs per family variant (byte-exact goldens), block splitting, copies and option checks."""

from __future__ import annotations

import dataclasses

import pytest

from phocol_desktop.domain.errors import DangerousCommand, ProtocolError
from phocol_desktop.domain.job import JobOptions
from phocol_desktop.domain.printer_model import JobStep, LevelSetting
from phocol_desktop.domain.raster import Raster
from phocol_desktop.protocol import PacketKind, encode_job
from phocol_desktop.protocol.quyin.encoder import InvalidJobOptions
from tests.protocol.golden import check_golden

# One model per family variant in the table.
FAMILY_MODELS = {
    "quyin.m110": "phocol.generic384",
    "quyin.m02": "phomemo.m02",
    "quyin.m200": "phomemo.m220",
    "quyin.m04": "phomemo.m04s",
    "quyin.d30": "phomemo.d30",
    "quyin.p12": "phomemo.p12",
}


def pattern(width: int, height: int) -> Raster:
    """A raster whose every row differs (row index and a diagonal), so misplaced rows show in a diff."""
    bpr = width // 8
    data = bytearray()
    for y in range(height):
        row = bytearray(bpr)
        row[0] = y & 0xFF
        row[(y // 8) % bpr] |= 0x80 >> (y % 8)
        row[-1] |= 0x01
        data += row
    return Raster(width, height, bytes(data))


def test_every_family_in_the_table_has_a_golden_model(model_table):
    assert {m.family for m in model_table.models} == set(FAMILY_MODELS)


@pytest.mark.parametrize("family", sorted(FAMILY_MODELS))
def test_whole_job_matches_golden(family, model_table, update_goldens):
    from tests.protocol.golden import job_listing

    model = model_table.get(FAMILY_MODELS[family])
    job = encode_job(pattern(model.head_dots, 6), JobOptions(copies=2, density=model.density.min), model)
    check_golden(f"job_{family.replace('.', '_')}.hex", job_listing(job), update_goldens)
    assert job.stream() == b"".join(p.data for p in job.packets)


def test_m200_job_follows_the_vendor_validated_order(model_table):
    model = model_table.get("phomemo.m220")
    job = encode_job(pattern(512, 10), JobOptions(copies=3), model)
    assert [p.step for p in job.packets] == ["left_margin", "density", "speed", "media", "init", "copies", "raster"]
    # right-aligned head: margin = head - image in bytes (72 - 64), sent even when 0
    assert job.packets[0].data == bytes.fromhex("1F112408")
    assert job.packets[5].data == bytes.fromhex("1F112103")
    assert job.printer_copies == 3 and job.expected_completions == 1
    assert job.packets[-1].data[:8] == bytes.fromhex("1D76300040000A00")


def test_m02_blocks_respect_the_255_row_limit(model_table):
    model = model_table.get("phomemo.m02")
    raster = pattern(384, 600)
    job = encode_job(raster, JobOptions(), model)
    rasters = [p for p in job.packets if p.kind is PacketKind.RASTER]
    assert [p.rows for p in rasters] == [255, 255, 90]
    assert [p.data[6] | p.data[7] << 8 for p in rasters] == [255, 255, 90]
    assert b"".join(p.data[8:] for p in rasters) == raster.data
    assert job.blocks_per_copy == 3


def test_m220_multi_block_copies_repeat_the_job_instead_of_the_printer_copy_command(model_table):
    model = model_table.get("phomemo.m220")
    job = encode_job(pattern(576, 2500), JobOptions(copies=2), model)
    rasters = [p for p in job.packets if p.kind is PacketKind.RASTER]
    assert [p.rows for p in rasters] == [1200, 1200, 100] * 2
    assert job.printer_copies == 1
    assert [p.data for p in job.packets if p.step == "copies"] == [bytes.fromhex("1F112101")] * 2
    assert job.expected_completions == 6


def test_m04_sends_exactly_one_raster_even_for_copies(model_table):
    model = model_table.get("phomemo.m04s")
    raster = pattern(600, 40)
    job = encode_job(raster, JobOptions(copies=3), model)
    rasters = [p for p in job.packets if p.kind is PacketKind.RASTER]
    assert len(rasters) == 1 and rasters[0].rows == 120
    assert rasters[0].data[8:] == raster.data * 3


def test_m04_refuses_more_rows_than_one_raster_holds(model_table):
    with pytest.raises(ProtocolError, match="single raster"):
        encode_job(pattern(600, 30000), JobOptions(copies=3), model_table.get("phomemo.m04s"))


def test_p12_handshake_waits_for_replies_between_groups(model_table):
    job = encode_job(pattern(96, 4), JobOptions(), model_table.get("phomemo.p12"))
    handshake = [p for p in job.packets if p.step == "p12_init"]
    assert b"".join(p.data for p in handshake) == bytes.fromhex(
        "1F1138" "1F11111F11121F11091F1113" "1F1109" "1F11191F1111" "1F1119" "1F1107")
    assert [p.await_reply_s > 0 for p in handshake].count(True) == 6


@pytest.mark.parametrize(("options", "match"), [
    (JobOptions(density=16), "outside 1..15"),
    (JobOptions(speed=9), "outside 1..5"),
    (JobOptions(heat=100), "no heat setting"),
    (JobOptions(media="card"), "does not take"),
])
def test_bad_options_give_a_clear_error(options, match, model_table):
    with pytest.raises(InvalidJobOptions, match=match):
        encode_job(pattern(384, 2), options, model_table.get("phocol.generic384"))


def test_too_wide_or_empty_rasters_are_refused(model_table):
    model = model_table.get("phomemo.m02")
    with pytest.raises(ProtocolError, match="head has 384"):
        encode_job(pattern(392, 2), JobOptions(), model)
    with pytest.raises(ProtocolError, match="no rows"):
        encode_job(Raster.blank(384, 0), JobOptions(), model)


def test_a_template_naming_an_unknown_step_is_refused(model_table):
    model = model_table.get("phomemo.m02")
    bad = dataclasses.replace(model, job_template=(*model.job_template, JobStep("firmware_update")))
    with pytest.raises(DangerousCommand, match="firmware_update"):
        encode_job(pattern(384, 2), JobOptions(), bad)


def test_an_override_turning_density_into_1F_11_15_is_refused(model_table):
    """PROTOCOL.md §9: the bricking code can not sneak in through model data either."""
    model = model_table.get("phomemo.m02")
    bad = dataclasses.replace(model, density=LevelSetting(bytes.fromhex("1F11"), 0, 255, 0x15))
    with pytest.raises(DangerousCommand, match="1F 11 15"):
        encode_job(pattern(384, 2), JobOptions(), bad)


def test_a_template_query_outside_the_model_queries_is_refused(model_table):
    model = model_table.get("phomemo.m02")
    bad = dataclasses.replace(model, job_template=(JobStep("query", {"code": "38"}), JobStep("raster")))
    with pytest.raises(DangerousCommand, match="allowed queries"):
        encode_job(pattern(384, 2), JobOptions(), bad)


# Variants the sources disagree on (PROTOCOL.md §5), expressed as templates: a data change, no code change.
VARIANTS = {
    "d30_phomymo": ("phomemo.d30", ("esc7_heat", {"max_dots": 7, "heat_time": 80, "interval": 2}), "init", "raster",
                    ("feed_lines", {"n": 0})),
    "d30_phomemostudio": ("phomemo.d30", ("esc7_heat", {"max_dots": 7, "heat_time": 10, "interval": 2}), "media",
                          "init", "raster", ("feed_dots", {"n": 24}), ("feed_lines", {"n": 0})),
    "m02_series_prefix": ("phomemo.m02", "m02_prefix", "init", "align_center", "density", "raster",
                          ("feed_lines", {"n": 2}), ("feed_lines", {"n": 2})),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_source_variants_match_their_goldens(variant, model_table, update_goldens):
    from tests.protocol.golden import job_listing

    model_id, *steps = VARIANTS[variant]
    template = tuple(JobStep(s) if isinstance(s, str) else JobStep(s[0], s[1]) for s in steps)
    model = dataclasses.replace(model_table.get(model_id), job_template=template)
    job = encode_job(pattern(model.head_dots, 4), JobOptions(), model)
    check_golden(f"job_variant_{variant}.hex", job_listing(job), update_goldens)
