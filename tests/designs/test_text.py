"""Text in any script: per-glyph fallback to installed fonts, a typed warning (never boxes) when no font has
a glyph, and photo captions through the same renderer. CI installs a CJK font (.ci/run: fonts-noto-cjk)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from phocol_desktop.imaging.design.model import Design, Font, Page, TextElement
from phocol_desktop.imaging.design.render import render_design
from phocol_desktop.imaging.edits import EditState
from phocol_desktop.imaging.fonts import BUNDLED, FontLibrary, default_library, pil_font
from phocol_desktop.imaging.pipeline import prepare_photo, render
from phocol_desktop.imaging.text import MissingGlyphs, TextStyle, layout_text

TITLE = "你好，世界"


def _cjk_face(weight=400):
    face = default_library().face_for("你", weight)
    if face is None:
        pytest.fail("No CJK font is installed; .ci/run installs fonts-noto-cjk (apt-get install fonts-noto-cjk).")
    return face


def _title(text=TITLE):
    return Design(Page(48, 20), (TextElement(id="title", x=1, y=1, w=46, h=18, text=text,
                                             font=Font(size_pt=24, weight="bold"), align="center", valign="middle"),))


def test_chinese_title_renders_with_a_cjk_font_when_one_is_installed(model_table):
    face = _cjk_face(700)  # the title is bold: the bold CJK face when one is installed
    assert face not in BUNDLED
    rendered = render_design(_title(), model_table.default)
    assert rendered.warnings == ()
    layout = layout_text(TITLE, TextStyle(size=68, weight=700), (368, 144))
    assert {run.face for line in layout.lines for run in line.runs} == {face}
    # The printed dots are that font's glyphs: drawing the title with it directly gives the same ink.
    ink = ~np.asarray(rendered.paper)
    assert ink.sum() > 1500
    probe = Image.new("L", (600, 120), 255)
    ImageDraw.Draw(probe).text((0, 100), TITLE, font=pil_font(face.path, face.index, 68), fill=0, anchor="ls")
    expected_ink = (np.asarray(probe) < 128).sum()
    assert abs(int(ink.sum()) - int(expected_ink)) < 0.05 * expected_ink


def test_chinese_title_warns_when_no_installed_font_has_it(model_table, tmp_path):
    no_cjk = FontLibrary(dirs=[tmp_path / "fonts"])  # a computer with no fonts but the bundled DejaVu Sans
    rendered = render_design(_title("Hi 你好"), model_table.default, fonts=no_cjk)
    assert rendered.warnings == (MissingGlyphs("你好", "title"),)
    # Only "Hi" is printed: no boxes (tofu) for the missing characters.
    only_latin = render_design(_title("Hi"), model_table.default, fonts=no_cjk)
    ink = ~np.asarray(rendered.paper)
    assert ink.any()
    cols = np.flatnonzero(ink.any(axis=0))
    latin_cols = np.flatnonzero((~np.asarray(only_latin.paper)).any(axis=0))
    assert cols.max() - cols.min() == latin_cols.max() - latin_cols.min()


def test_fonts_are_found_in_a_folder_without_fontconfig(tmp_path):
    """Windows/macOS path: a folder walk reads each font's names with fontTools."""
    face = _cjk_face()
    folder = tmp_path / "Fonts"
    folder.mkdir()
    (folder / "cjk.ttc").symlink_to(face.path)
    walked = FontLibrary(dirs=[folder])
    found = walked.face_for("你")
    assert found is not None and found.path.endswith("cjk.ttc")
    layout = layout_text("你好", TextStyle(size=40), (200, 60), walked)
    assert layout.missing == "" and layout.lines[0].runs[0].face == found


def test_mixed_scripts_use_one_font_per_run():
    layout = layout_text("Hello 世界 Привет", TextStyle(size=40), (2000, 100))
    faces = [run.face for run in layout.lines[0].runs]
    assert faces[0] in BUNDLED and faces[-1] in BUNDLED and len(faces) == 3
    assert faces[1] == _cjk_face()


def test_wrapping_and_shrinking_keep_text_inside_its_box():
    style = TextStyle(size=60, wrap=True, fit="shrink")
    layout = layout_text("A rather long title that has to wrap 这是一个很长的标题", style, (300, 150))
    assert not layout.overflow and layout.width <= 300 and layout.height <= 150 and len(layout.lines) > 1
    assert layout.size < 60


def test_photo_caption_in_chinese_is_drawn_with_cjk_glyphs(model_table, tmp_path):
    _cjk_face()
    photo = tmp_path / "white.png"
    Image.new("L", (300, 200), 255).save(photo)
    model = model_table.default
    prepared = prepare_photo(photo, model)
    chinese = render(prepared, EditState(text="生日快乐", text_size=40), model)
    assert chinese.warnings == ()
    assert (np.asarray(chinese.paper) == 0).sum() > 800
    no_cjk = render(prepared, EditState(text="生日快乐", text_size=40), model,
                    fonts=FontLibrary(dirs=[tmp_path / "none"]))
    assert no_cjk.warnings == (MissingGlyphs("生日快乐"),)
    assert (np.asarray(no_cjk.paper) == 0).sum() == 0  # nothing printed rather than four boxes


def test_arabic_is_shaped_when_pillow_has_raqm():
    from PIL import features

    if not features.check("raqm"):
        pytest.skip("Pillow without raqm: Arabic prints unjoined (docs/DESIGN-FORMAT.md)")
    joined = layout_text("سلام", TextStyle(size=60), (1000, 100))
    isolated = sum(layout_text(ch, TextStyle(size=60), (1000, 100)).width for ch in "سلام")
    assert joined.width < isolated  # joined letters are narrower than the four isolated forms


def test_without_raqm_arabic_text_warns_that_it_prints_unjoined(model_table, monkeypatch):
    from phocol_desktop.imaging import text as text_module
    from phocol_desktop.imaging.text import TextNotShaped

    monkeypatch.setattr(text_module, "HAS_RAQM", False)  # a Pillow built without raqm
    rendered = render_design(_title("سلام"), model_table.default)
    assert TextNotShaped("title") in rendered.warnings
    assert not render_design(_title("Hello 你好"), model_table.default).warnings
