"""Property tests: whatever bytes arrive as a design, a CSV file or a design element, the result is a design
(or table) or a typed error — never another exception."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phocol_desktop.imaging.design.batch import BatchInvalid, read_csv
from phocol_desktop.imaging.design.errors import DesignInvalid
from phocol_desktop.imaging.design.model import parse_design
from phocol_desktop.imaging.design.templates import load_catalog

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
KEYS = ["id", "type", "x", "y", "w", "h", "text", "data", "font", "rotation", "edits", "items", "symbology", "error",
        "x1", "y1", "x2", "y2", "fill", "style", "format", "field", "src"]
TYPES = ["photo", "text", "date", "qr", "barcode", "line", "rect", "frame", "checklist", "nope"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON)
def test_any_json_is_a_design_or_a_typed_error(value):
    try:
        parse_design(json.dumps(value).encode())
    except DesignInvalid:
        pass


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TYPES), st.dictionaries(st.sampled_from(KEYS), JSON, max_size=8))
def test_any_element_is_valid_or_a_typed_error(kind, fields):
    base = json.loads(load_catalog().get("qr-label").to_json())
    base["elements"].append({"id": "fuzz", "type": kind, "x": 1, "y": 1, "w": 5, "h": 5, **fields})
    try:
        parse_design(json.dumps(base))
    except DesignInvalid:
        pass


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_are_a_csv_table_or_a_typed_error(data):
    try:
        table = read_csv(data)
    except BatchInvalid:
        return
    assert table.columns and all(c for c in table.columns)


MM = st.floats(-20, 60, allow_nan=False)
SIZE = st.floats(0.1, 60, allow_nan=False)
ELEMENT = st.one_of(
    st.fixed_dictionaries({"type": st.just("text"), "x": MM, "y": MM, "w": SIZE, "h": SIZE | st.just("auto"),
                           "text": st.text(max_size=40), "rotation": st.floats(-360, 360, allow_nan=False),
                           "fit": st.sampled_from(["none", "shrink"]), "wrap": st.booleans(),
                           "font": st.fixed_dictionaries({"size_pt": st.floats(2, 400, allow_nan=False)})}),
    st.fixed_dictionaries({"type": st.just("qr"), "x": MM, "y": MM, "w": SIZE, "h": SIZE,
                           "data": st.text(min_size=1, max_size=60), "rotation": st.sampled_from([0, 90, 180, 270])}),
    st.fixed_dictionaries({"type": st.just("barcode"), "x": MM, "y": MM, "w": SIZE, "h": SIZE,
                           "symbology": st.sampled_from(["code128", "ean13", "upca"]),
                           "data": st.text(max_size=14), "rotation": st.sampled_from([0, 90, 180, 270])}),
    st.fixed_dictionaries({"type": st.just("line"), "x1": MM, "y1": MM, "x2": MM, "y2": MM,
                           "width_mm": st.floats(0.05, 50, allow_nan=False), "dash_mm": st.floats(0, 5)}),
    st.fixed_dictionaries({"type": st.just("rect"), "x": MM, "y": MM, "w": SIZE, "h": SIZE,
                           "radius_mm": st.floats(0, 500), "stroke_mm": st.floats(0, 50),
                           "fill": st.sampled_from(["none", "black", "white"])}),
    st.fixed_dictionaries({"type": st.just("frame"), "inset_mm": st.floats(0, 100), "stroke_mm": st.floats(0.05, 20),
                           "style": st.sampled_from(["solid", "double", "rounded", "dashed"])}),
    st.fixed_dictionaries({"type": st.just("checklist"), "x": MM, "y": MM, "w": SIZE, "h": SIZE | st.just("auto"),
                           "items": st.lists(st.text(max_size=30), max_size=6)}),
    st.fixed_dictionaries({"type": st.just("date"), "x": MM, "y": MM, "w": SIZE, "h": SIZE}),
    st.fixed_dictionaries({"type": st.just("photo"), "x": MM, "y": MM, "w": SIZE, "h": SIZE}),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ELEMENT, min_size=1, max_size=5), st.floats(5, 100), st.floats(5, 100) | st.just("auto"),
       st.sampled_from(["phocol.generic384", "phomemo.d30"]))
def test_any_valid_design_renders_or_gives_a_typed_error(elements, width, length, model_id):
    from phocol_desktop.domain.errors import PhocolError
    from phocol_desktop.domain.printer_model import load_model_table
    from phocol_desktop.imaging.design.render import render_design

    design = {"format": "phocol.design", "version": 1, "page": {"width_mm": width, "length_mm": length},
              "elements": [{**e, "id": f"e{i}"} for i, e in enumerate(elements)]}
    try:
        parsed = parse_design(json.dumps(design))
        rendered = render_design(parsed, load_model_table().get(model_id))
    except PhocolError:
        return
    assert rendered.raster.width == load_model_table().get(model_id).head_dots
