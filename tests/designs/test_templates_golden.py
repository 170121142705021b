"""Golden renders of every bundled template: the exact dots, compared with the PNGs under tests/golden/designs
(reviewed by looking at them). Latin text only, drawn with the bundled font, so the dots are the same on any
computer; CJK text is covered by test_text.py.  Rewrite with ``pytest --update-goldens`` and look again."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from phocol_desktop.imaging.design.render import render_design
from phocol_desktop.imaging.design.templates import fill_template, load_catalog
from phocol_desktop.imaging.fonts import FontLibrary
from phocol_desktop.imaging.pipeline import raster_image
from tests.designs.conftest import GOLDEN, NOW, zbar

VALUES = {
    "photo-strip-4": {"caption": "Summer 2026"},
    "grid-2x2": {},
    "polaroid": {"caption": "Lisbon, at dusk"},
    "qr-label": {"title": "Shelf B-12", "qr": "https://example.org/inventory/B-12"},
    "barcode-label": {"title": "Box 42", "code": "PHOCOL-0042"},
    "todo": {"items": "Milk\nEggs\nCall the plumber about the kitchen tap\nBook tickets"},
    "banner": {"text": "Happy Birthday!"},
}
PHOTO_FIELDS = {"photo-strip-4": 4, "grid-2x2": 4, "polaroid": 1}


def test_every_bundled_template_has_a_golden_case():
    assert set(load_catalog().templates) == set(VALUES)
    assert {"photo-strip-4", "grid-2x2", "polaroid", "qr-label", "barcode-label", "todo", "banner"} <= set(VALUES)


@pytest.mark.parametrize("template_id", sorted(VALUES))
def test_template_renders_its_golden(template_id, design_photos, model_table, update_goldens, tmp_path):
    template = load_catalog().get(template_id)
    values = dict(VALUES[template_id])
    photo_fields = [f.name for f in template.template.fields if f.kind == "photo"]
    assert len(photo_fields) == PHOTO_FIELDS.get(template_id, 0)
    values.update({name: str(design_photos[i]) for i, name in enumerate(photo_fields)})
    design = fill_template(template, values)
    bundled_only = FontLibrary(dirs=[tmp_path / "no-fonts"])  # the same font on every computer
    rendered = render_design(design, model_table.default, photos=lambda src: src, fonts=bundled_only, now=NOW)
    assert rendered.warnings == ()
    image = raster_image(rendered.raster)
    golden = GOLDEN / f"{template_id}.png"
    if update_goldens:
        golden.parent.mkdir(parents=True, exist_ok=True)
        image.save(golden, optimize=True)
    expected = Image.open(golden)
    assert expected.size == image.size
    differ = int((np.asarray(expected.convert("1")) != np.asarray(image)).sum())
    if differ:
        image.save(tmp_path / f"{template_id}-actual.png")
    assert differ == 0, f"{differ} dots differ from {golden.name}; the actual render is in {tmp_path}"


def test_code_templates_scan_back(model_table, tmp_path):
    """The golden labels' codes decode with zbar from the printed dots."""
    for template_id, symbology, field in (("qr-label", "QRCODE", "qr"), ("barcode-label", "CODE128", "code")):
        design = fill_template(load_catalog().get(template_id), VALUES[template_id])
        rendered = render_design(design, model_table.default, now=NOW)
        assert (symbology, VALUES[template_id][field]) in zbar(raster_image(rendered.raster))
