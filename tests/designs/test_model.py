"""The design document: its JSON form, validation of hostile input, edits with undo/redo, rendering rules."""

from __future__ import annotations

import json
import os
from dataclasses import replace

import numpy as np
import pytest

from phocol_desktop.imaging.design.edit import (
    AddElement,
    ChangeElement,
    ChangePage,
    DesignHistory,
    MoveElement,
    RemoveElement,
    new_element_id,
)
from phocol_desktop.imaging.design.errors import DesignInvalid, DesignScaled, PhotoMissing
from phocol_desktop.imaging.design.model import (
    MAX_DESIGN_BYTES,
    Design,
    FrameElement,
    LineElement,
    Page,
    PhotoElement,
    RectElement,
    TextElement,
    load_design,
    parse_design,
)
from phocol_desktop.imaging.design.render import render_design
from phocol_desktop.imaging.design.templates import load_catalog
from phocol_desktop.imaging.edits import EditState
from tests.designs.conftest import NOW


def _design():
    return Design(Page(48, 30), (
        RectElement(id="box", x=1, y=1, w=46, h=28, stroke_mm=0.5, radius_mm=2),
        TextElement(id="t", x=2, y=2, w=44, h=10, text="Hi"),
    ))


def test_every_template_round_trips_through_json():
    for template in load_catalog().templates.values():
        assert parse_design(template.to_json()) == template


def test_json_schema_file_is_a_valid_schema():
    import jsonschema

    from phocol_desktop.imaging.design.model import SCHEMA_PATH

    jsonschema.Draft202012Validator.check_schema(json.loads(SCHEMA_PATH.read_text()))


@pytest.mark.parametrize(("text", "needle"), [
    ("[" * 100000 + "]" * 100000, "nested"),
    ('{"format": "phocol.design", "version": 1, "page": {"width_mm": NaN, "length_mm": 30}, "elements": []}',
     "not a number"),
    ('{"format": "phocol.design", "version": 2}', "version 2"),
    ('{"format": "something else"}', "not a Phocol design"),
    ('{"format": "phocol.design", "version": 1, "page": {"width_mm": 48, "length_mm": 30}, '
     '"elements": [{"id": "a", "type": "script", "x": 0}]}', "element 'a'"),
    ('{"format": "phocol.design", "version": 1, "page": {"width_mm": 48, "length_mm": 30}, '
     '"elements": [{"id": "a", "type": "line", "x1": 0, "y1": 0, "x2": 1, "y2": 1},'
     ' {"id": "a", "type": "line", "x1": 0, "y1": 0, "x2": 1, "y2": 1}]}', "two elements"),
    ('{"format": "phocol.design", "version": 1, "page": {"width_mm": 48, "length_mm": 30}, '
     '"elements": [{"id": "p", "type": "photo", "x": 0, "y": 0, "w": 5, "h": 5, "edits": {"gamma": 99}}]}',
     "invalid edits"),
    ('{"format": "phocol.design", "version": 1, "page": {"width_mm": 1e9, "length_mm": 30}, "elements": []}',
     "page"),
    ("\xff\xfe not utf8", "not UTF-8"),
])
def test_hostile_designs_are_typed_errors(text, needle):
    data = text.encode("latin-1") if needle == "not UTF-8" else text.encode()
    with pytest.raises(DesignInvalid) as caught:
        parse_design(data)
    assert needle in caught.value.reason


def test_oversized_design_is_refused_before_parsing():
    with pytest.raises(DesignInvalid, match="larger than"):
        parse_design(b" " * (MAX_DESIGN_BYTES + 1))


def test_special_files_are_refused_without_blocking(tmp_path):
    fifo = tmp_path / "design.json"
    os.mkfifo(fifo)
    with pytest.raises(DesignInvalid, match="not a regular file"):
        load_design(fifo)


def test_edits_undo_and_redo_cover_every_element_change():
    history = DesignHistory(_design())
    start = history.current
    history.apply(AddElement(LineElement(id=new_element_id(start, "line"), x1=0, y1=15, x2=48, y2=15)))
    for x in range(2, 12):
        history.apply(ChangeElement.of("t", x=float(x)), merge_key="drag:t")  # one drag, one undo step
    history.end_merge()
    history.apply(ChangeElement.of("t", text="Hello", font={"size_pt": 20, "weight": "bold"}))
    history.apply(MoveElement("t", 0))
    history.apply(RemoveElement("box"))
    history.apply(ChangePage((("length_mm", 40.0),)))
    assert [e.id for e in history.current.elements] == ["t", "line1"] and history.current.page.length_mm == 40
    history.undo()
    assert history.current.element("t").font.size_pt == 20
    history.undo()
    history.undo()
    assert history.current.element("t").text == "Hello"
    history.undo()
    assert history.current.element("t").x == 11.0
    history.undo()
    assert history.current.element("t").x == 2.0
    history.undo()
    assert history.current == start and not history.can_undo()
    history.redo()
    assert [e.id for e in history.current.elements] == ["box", "t", "line1"]


def test_edits_are_validated_like_files():
    history = DesignHistory(_design())
    with pytest.raises(DesignInvalid):
        history.apply(ChangeElement.of("t", align="sideways"))
    with pytest.raises(DesignInvalid):
        history.apply(ChangeElement.of("t", nonsense=1))
    with pytest.raises(DesignInvalid):
        history.apply(AddElement(TextElement(id="t")))
    assert history.current == _design() and not history.can_undo()


def test_design_wider_than_the_head_is_scaled_with_a_warning(model_table):
    wide = Design(Page(96, 40), (FrameElement(id="f", inset_mm=0, stroke_mm=1),))
    rendered = render_design(wide, model_table.default)
    assert rendered.warnings == (DesignScaled(50),)
    assert rendered.paper.size == (384, 160)


def test_narrow_label_sits_under_the_head_as_the_model_aligns_it(model_table):
    label = Design(Page(24, 10), (RectElement(id="r", x=0, y=0, w=24, h=10, fill="black", stroke_mm=0),))
    rendered = render_design(label, model_table.default)  # centre-aligned 384-dot head
    row = np.unpackbits(np.frombuffer(rendered.raster.row(5), dtype=np.uint8))
    black = np.flatnonzero(row)
    assert rendered.raster.width == 384 and black.min() == (384 - 192) // 2 and black.size == 192


def test_white_ink_cuts_out_of_black(model_table):
    design = Design(Page(48, 10), (
        RectElement(id="bg", x=0, y=0, w=48, h=10, fill="black", stroke_mm=0),
        TextElement(id="t", x=0, y=0, w=48, h=10, text="WHITE", ink="white", align="center", valign="middle"),
    ))
    paper = np.asarray(render_design(design, model_table.default).paper)
    assert 0 < paper.mean() < 0.5  # mostly black, with white letters


def test_automatic_length_follows_the_content(model_table):
    banner = load_catalog().get("banner")
    from phocol_desktop.imaging.design.templates import fill_template

    short = render_design(fill_template(banner, {"text": "Hi"}), model_table.default)
    long = render_design(fill_template(banner, {"text": "Hi there, everybody"}), model_table.default)
    assert short.raster.width == long.raster.width == 384
    assert long.raster.height > 3 * short.raster.height


def test_missing_photo_prints_a_placeholder_and_warns(model_table):
    design = Design(Page(48, 30), (PhotoElement(id="p", x=1, y=1, w=46, h=28),))
    rendered = render_design(design, model_table.default)
    assert rendered.warnings == (PhotoMissing("p"),)
    assert (np.asarray(rendered.paper) == 0).any()


def test_photos_are_rendered_with_their_own_edits(model_table, design_photos):
    base = PhotoElement(id="a", x=0, y=0, w=24, h=30, src=str(design_photos[0]), edits=EditState(fit="fill"))
    inverted = replace(base, id="b", x=24, edits=EditState(fit="fill", invert=True))
    paper = np.asarray(render_design(Design(Page(48, 30), (base, inverted)), model_table.default, photos=str).paper)
    left, right = paper[:, :192].mean(), paper[:, 192:].mean()
    assert abs(left - (1 - right)) < 0.15 and abs(left - right) > 0.05


def test_date_stamp_uses_the_given_moment(model_table):
    from phocol_desktop.imaging.design.model import DateElement

    stamp = DateElement(id="d", x=0, y=0, w=48, h=8, format="%d.%m.%Y")
    a = render_design(Design(Page(48, 8), (stamp,)), model_table.default, now=NOW)
    b = render_design(Design(Page(48, 8), (replace(stamp, date="2026-11-30"),)), model_table.default)
    assert a.raster == b.raster


@pytest.mark.parametrize(("element", "count", "needle"), [
    ({"type": "text", "x": 0, "y": 0, "w": 10, "h": 10, "text": "x" * 5000}, 5, "characters of text"),
    ({"type": "photo", "x": 0, "y": 0, "w": 10, "h": 10}, 33, "photos"),
    ({"type": "qr", "x": 0, "y": 0, "w": 10, "h": 10, "data": "x"}, 65, "codes"),
])
def test_designs_that_would_take_minutes_to_render_are_refused(element, count, needle):
    elements = [{**element, "id": f"e{i}"} for i in range(count)]
    data = {"format": "phocol.design", "version": 1, "page": {"width_mm": 48, "length_mm": 30}, "elements": elements}
    with pytest.raises(DesignInvalid, match=needle):
        parse_design(json.dumps(data))


def test_long_text_without_spaces_lays_out_in_linear_time(monkeypatch):
    """A 5000-character word and 5000 CJK characters wrap and shrink with work linear in their length
    (counted in measured characters: the quadratic version measured ~100x more and took minutes)."""
    from PIL import ImageFont

    from phocol_desktop.imaging import text as text_module
    from phocol_desktop.imaging.text import TextStyle, layout_text

    measured = []
    real = ImageFont.FreeTypeFont.getlength
    monkeypatch.setattr(ImageFont.FreeTypeFont, "getlength",
                        lambda self, t, *a, **k: measured.append(len(t)) or real(self, t, *a, **k))
    for sample in ("x" * 5000, "中" * 5000):
        text_module._advance.cache_clear()
        measured.clear()
        layout = layout_text(sample, TextStyle(size=30, fit="shrink"), (300, 100))
        assert layout.overflow and layout.size == 6  # it cannot fit: cut off, with a warning
        assert sum(measured) < 30 * len(sample)


def test_an_element_far_larger_than_the_page_is_refused_not_drawn(model_table):
    huge = RectElement(id="huge", x=-1000, y=-1000, w=2000, h=2000, fill="black")
    with pytest.raises(DesignInvalid, match="far larger than the page"):
        render_design(Design(Page(48, 30), (huge,)), model_table.default)
    bleed = RectElement(id="bleed", x=-1, y=-1, w=50, h=32, fill="black", stroke_mm=0)  # a little over: fine
    assert np.asarray(render_design(Design(Page(48, 30), (bleed,)), model_table.default).paper).mean() == 0


def test_the_example_in_the_format_documentation_is_a_valid_design(model_table):
    """docs/DESIGN-FORMAT.md's example parses and renders (its photo is not there: a placeholder, a warning)."""
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "DESIGN-FORMAT.md").read_text(encoding="utf-8")
    example = doc.split("```json\n", 1)[1].split("```", 1)[0]
    design = parse_design(example)
    assert [e.kind for e in design.elements] == ["frame", "text", "photo", "qr"]
    rendered = render_design(design, model_table.default)
    assert rendered.warnings == (PhotoMissing("photo"),)
