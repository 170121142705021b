"""QR codes and barcodes: rendered to the printer's dots and read back by an independent decoder (zbar)."""

from __future__ import annotations

import numpy as np
import pytest

from phocol_desktop.imaging.design.codes import barcode_modules, qr_bitmap
from phocol_desktop.imaging.design.errors import CodeDoesNotFit, CodeInvalid, CodeTooSmall
from phocol_desktop.imaging.design.model import BarcodeElement, Design, Page, QrElement
from phocol_desktop.imaging.design.render import render_design
from phocol_desktop.imaging.pipeline import raster_image
from tests.designs.conftest import zbar

MODELS = ("phocol.generic384", "phomemo.m02pro", "phomemo.d30")  # 203 dpi, 300 dpi, a tape printer (rotate 90)


def _label(model, element, width=48.0, length=30.0):
    if model.rotate == 90:
        width, length = 40.0, 12.0  # a 12 x 40 mm tape label, read along the tape
    return Design(Page(width, length), (element,))


@pytest.mark.parametrize("model_id", MODELS)
@pytest.mark.parametrize("error", ["L", "H"])
def test_qr_code_scans_from_the_printed_dots(model_table, model_id, error):
    model = model_table.get(model_id)
    data = "https://example.org/p?id=4711&name=Phocol"
    side = 11.0 if model.rotate == 90 else 26.0
    rendered = render_design(_label(model, QrElement(id="qr", x=1, y=0.5, w=side, h=side, data=data, error=error)),
                             model)
    assert ("QRCODE", data) in zbar(raster_image(rendered.raster))


def test_qr_modules_are_whole_dots():
    code = qr_bitmap("hello", "M", 4, (200, 180))
    modules = 21 + 8
    assert code.module_dots == 180 // modules and code.black.shape == (modules * code.module_dots,) * 2
    # Every module is a uniform block of dots: no bar edge falls inside a dot.
    blocks = code.black.reshape(modules, code.module_dots, modules, code.module_dots)
    assert (blocks.all(axis=(1, 3)) | ~blocks.any(axis=(1, 3))).all()


@pytest.mark.parametrize("model_id", MODELS)
@pytest.mark.parametrize(("symbology", "data", "zbar_type", "decoded"), [
    ("code128", "PHOCOL-0042", "CODE128", "PHOCOL-0042"),
    ("ean13", "590123412345", "EAN13", "5901234123457"),  # check digit added
    ("ean13", "4006381333931", "EAN13", "4006381333931"),
    ("upca", "03600029145", "UPCA", "036000291452"),
])
def test_barcodes_scan_from_the_printed_dots(model_table, model_id, symbology, data, zbar_type, decoded):
    model = model_table.get(model_id)
    if model.rotate == 90:
        element = BarcodeElement(id="code", x=0.5, y=0.5, w=39, h=11, symbology=symbology, data=data)
    else:
        element = BarcodeElement(id="code", x=1, y=2, w=46, h=20, symbology=symbology, data=data)
    rendered = render_design(_label(model, element), model)
    found = zbar(raster_image(rendered.raster))
    # zbar reports UPC-A as the EAN-13 it is a subset of (a leading 0) unless its UPC-A mode is enabled.
    accepted = {(zbar_type, decoded)} | ({("EAN13", "0" + decoded)} if zbar_type == "UPCA" else set())
    assert accepted & set(found), found


def test_turned_barcode_still_scans(model_table):
    model = model_table.default
    element = BarcodeElement(id="code", x=4, y=2, w=40, h=60, symbology="code128", data="TURN-90", rotation=90)
    rendered = render_design(Design(Page(48, 64), (element,)), model)
    assert ("CODE128", "TURN-90") in zbar(raster_image(rendered.raster))


def test_a_code_too_small_to_scan_warns(model_table):
    model = model_table.default
    small = QrElement(id="tiny", x=1, y=1, w=6, h=6, data="https://example.org/a/rather/long/address")
    rendered = render_design(Design(Page(48, 30), (small,)), model)
    warning = next(w for w in rendered.warnings if isinstance(w, CodeTooSmall))
    assert warning.element == "tiny" and warning.module_dots < 2
    big = QrElement(id="big", x=1, y=1, w=26, h=26, data="https://example.org/a/rather/long/address")
    assert not render_design(Design(Page(48, 30), (big,)), model).warnings


def test_a_code_that_cannot_fit_is_a_typed_error(model_table):
    tiny = QrElement(id="tiny", x=1, y=1, w=1, h=1, data="x" * 200)
    with pytest.raises(CodeDoesNotFit):
        render_design(Design(Page(48, 30), (tiny,)), model_table.default)


@pytest.mark.parametrize(("symbology", "data"), [
    ("ean13", "5901234123458"),  # wrong check digit: never silently "corrected" to another product
    ("ean13", "59012341234"), ("ean13", "59012341234x"), ("upca", "036000291453"), ("upca", "１２３４５６７８９０１"),
    ("code128", "naïve"), ("code128", ""),
])
def test_bad_barcode_data_is_a_typed_error(symbology, data):
    with pytest.raises(CodeInvalid):
        barcode_modules(symbology, data)


def test_too_much_data_for_a_qr_code_is_a_typed_error(model_table):
    huge = QrElement(id="huge", x=0, y=0, w=48, h=30, data="x" * 3000, error="H")
    with pytest.raises(CodeInvalid):
        render_design(Design(Page(48, 30), (huge,)), model_table.default)


def test_codes_are_opaque_over_a_black_background(model_table):
    from phocol_desktop.imaging.design.model import RectElement

    background = RectElement(id="bg", x=0, y=0, w=48, h=30, fill="black")
    qr = QrElement(id="qr", x=11, y=2, w=26, h=26, data="on black")
    rendered = render_design(Design(Page(48, 30), (background, qr)), model_table.default)
    assert ("QRCODE", "on black") in zbar(raster_image(rendered.raster))
    assert np.asarray(rendered.paper).mean() < 0.6  # the background stayed black around the code


def test_code_size_warning_uses_the_real_dot_size_after_scaling(model_table):
    """A design scaled down for a tape printer: the warning reports modules in the printer's real dots."""
    model = model_table.get("phomemo.d30")  # 203 dpi: a dot is 0.125 mm
    element = BarcodeElement(id="code", x=1, y=9, w=46, h=20, symbology="code128", data="AB12")
    rendered = render_design(Design(Page(48, 30), (element,)), model)
    warning = next(w for w in rendered.warnings if isinstance(w, CodeTooSmall))
    assert warning.module_mm == round(warning.module_dots * 25.4 / 203, 3)
