"""PDF pages at the printer's dots: sharp text, dithered photos only, bounded work on hostile documents."""

from __future__ import annotations

import os
import time

import numpy as np
import pytest
from PIL import Image

from phocol_desktop.domain.printer_model import load_model_table
from phocol_desktop.imaging.document import (
    MAX_PRINT_PAGES,
    DocumentDamaged,
    DocumentEncrypted,
    DocumentError,
    DocumentTooLarge,
    open_document,
    parse_page_range,
)
from phocol_desktop.imaging.errors import LayoutInvalid
from phocol_desktop.imaging.pipeline import raster_image
from phocol_desktop.services.documents import DocumentPages, looks_like_document
from tests.cli import run as cli
from tests.documents import pdfs


@pytest.fixture(scope="module")
def model():
    return load_model_table(None).default


def black(raster) -> np.ndarray:
    return ~np.asarray(raster_image(raster).convert("L"), dtype=bool)


def test_continuous_page_spans_exactly_the_printable_width_and_hairlines_stay_one_dot(model):
    doc = open_document(pdfs.text_pdf(size=(57 * 2.8346, 40 * 2.8346)))
    page = doc.render_page(0, model, "roll-57", mode="auto")
    dots = black(page.raster)
    assert page.raster.width == model.head_dots and page.mode == "text" and page.photo_fraction == 0
    layout = page.layout
    # The 57 mm page spans the printable width exactly: its border, 1 mm in from its edges, lands 1/57 of
    # the width in from each side.
    cols = np.flatnonzero(dots.any(axis=0))
    one_mm = layout.across / 57
    assert abs(cols[0] - (layout.offset + one_mm)) <= 1.5
    assert abs(cols[-1] - (layout.offset + layout.across - 1 - one_mm)) <= 1.5
    # The 0.25 pt hairline across the page is one dot tall and unbroken between the borders.
    runs = [r for r in range(dots.shape[0]) if dots[r, cols[0] + 5 : cols[-1] - 5].all()]
    assert runs, "no unbroken horizontal line found"
    groups = np.split(np.array(runs), np.flatnonzero(np.diff(runs) > 1) + 1)
    assert all(len(g) == 1 for g in groups), [len(g) for g in groups]
    # Text and lines: black and white only, nothing dithered (no isolated dots in the white around the text).
    assert set(np.unique(np.asarray(page.gray))) <= {0, 255}


def test_auto_mode_dithers_the_photo_and_thresholds_the_caption(model):
    doc = open_document(pdfs.mixed_pdf())
    auto, text, photo = (doc.render_page(0, model, None, mode=m) for m in ("auto", "text", "photo"))
    assert auto.mode == "mixed" and 0.2 < auto.photo_fraction < 0.8
    assert text.mode == "text" and photo.mode == "photo"
    a, t, p = black(auto.raster), black(text.raster), black(photo.raster)
    rows = np.flatnonzero(a.any(axis=1))
    photo_rows = slice(rows[0], rows[0] + 60)  # the photo is the top of the page
    caption_rows = slice(rows[-1] - 40, rows[-1] + 1)
    # Caption: auto equals the pure threshold, dot for dot.
    assert (a[caption_rows] == t[caption_rows]).all()
    # Photo: auto equals dithering there; a threshold would make large flat areas instead.
    assert (a[photo_rows] == p[photo_rows]).mean() > 0.97
    transitions = lambda m: int(np.abs(np.diff(m.astype(int), axis=1)).sum())  # noqa: E731
    assert transitions(a[photo_rows]) > 3 * transitions(t[photo_rows])


def test_same_document_same_dots(model):
    data = pdfs.mixed_pdf()
    assert open_document(data).render_page(0, model).raster == open_document(data).render_page(0, model).raster


@pytest.mark.parametrize(("text", "expected"), [
    (None, (0, 1, 2, 3, 4)), ("all", (0, 1, 2, 3, 4)), ("1-3", (0, 1, 2)), ("2,4", (1, 3)), ("4-", (3, 4)),
    ("-2", (0, 1)), (" 1 - 2 , 5 ", (0, 1, 4)), ("3-9", (2, 3, 4)),
])
def test_page_ranges(text, expected):
    assert parse_page_range(text, 5) == expected


@pytest.mark.parametrize("text", ["0", "6", "3-1", "a", "1-2-3", "1 2", ",", "-"])
def test_bad_page_ranges_are_clear_errors(text):
    with pytest.raises(DocumentError) as info:
        parse_page_range(text, 5)
    assert info.value.advice


def test_cli_render_stacks_the_chosen_pages_and_print_prints_every_page(model, tmp_path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdfs.text_pdf(pages=3))
    pages = DocumentPages(path).rendered(model)
    assert len(pages) == 3 and len({p.raster.data for p in pages}) == 3

    code, out, err = cli("render", str(path), "-o", str(tmp_path / "r.png"), "--pages", "2-3")
    assert code == 0, err
    assert "2 pages" in out
    rendered = Image.open(tmp_path / "r.png").convert("1")
    expected = Image.new("1", (model.head_dots, pages[1].raster.height * 2))
    expected.paste(raster_image(pages[1].raster), (0, 0))
    expected.paste(raster_image(pages[2].raster), (0, pages[1].raster.height))
    assert rendered.tobytes() == expected.tobytes()

    code, out, err = cli("print", str(path), "--printer", "virtual", "--paper", str(tmp_path / "paper.png"))
    assert code == 0, err
    paper = Image.open(tmp_path / "paper.png").convert("1")
    whole = Image.new("1", (model.head_dots, sum(p.raster.height for p in pages)))
    top = 0
    for p in pages:
        whole.paste(raster_image(p.raster), (0, top))
        top += p.raster.height
    # The virtual printer's paper is the three pages, in order, bit for bit.
    assert paper.crop((0, 0, whole.width, whole.height)).tobytes() == whole.tobytes()


def test_a_photo_is_not_taken_for_a_document(tmp_path):
    photo = tmp_path / "p.png"
    Image.new("L", (10, 10)).save(photo)
    assert not looks_like_document(photo) and looks_like_document(pdfs.text_pdf())
    code, _, err = cli("print", str(photo), "--pages", "1")
    assert code == 1 and "only applies to PDF" in err


def test_encrypted_document_is_a_clear_error(tmp_path):
    path = tmp_path / "secret.pdf"
    path.write_bytes(pdfs.text_pdf(encrypt="s3cret"))
    with pytest.raises(DocumentEncrypted, match="password"):
        open_document(path)
    code, _, err = cli("render", str(path), "-o", str(tmp_path / "o.png"))
    assert code == 1 and "secret.pdf is protected by a password" in err and "unprotected copy" in err
    assert not (tmp_path / "o.png").exists()


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "not_pdf"])
def test_damaged_documents_are_clear_errors(damage, tmp_path):
    good = pdfs.text_pdf()
    data = {"truncated": good[:200], "garbage": b"%PDF-1.4\n" + os.urandom(3000), "empty": b"",
            "not_pdf": b"hello"}[damage]
    path = tmp_path / "bad.pdf"
    path.write_bytes(data)
    with pytest.raises(DocumentDamaged):
        open_document(path)


def test_special_files_are_refused_without_reading(tmp_path):
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    start = time.monotonic()
    with pytest.raises(DocumentDamaged, match="not a regular file"):
        open_document(fifo)
    with pytest.raises(DocumentDamaged, match="folder"):
        open_document(tmp_path)
    assert time.monotonic() - start < 2


def test_ten_thousand_pages_open_but_a_job_is_bounded(model, tmp_path):
    path = tmp_path / "huge.pdf"
    path.write_bytes(pdfs.many_pages_pdf(10_000))
    start = time.monotonic()
    doc = open_document(path)
    assert doc.page_count == 10_000
    with pytest.raises(DocumentTooLarge, match=f"at most {MAX_PRINT_PAGES}"):
        doc.select(None)
    assert doc.select("9999-") == (9998, 9999)
    assert doc.render_page(9999, model).raster.black_dots() > 0
    code, _, err = cli("print", str(path), "--printer", "virtual")
    assert code == 1 and "10000 pages" in err and "--pages" in err
    assert time.monotonic() - start < 30


def test_huge_page_size_is_refused_before_drawing_and_fits_a_label(model):
    tall = open_document(pdfs.page_of_size(100, 14400))  # 3.5 cm x 5 m
    with pytest.raises(LayoutInvalid, match="continuous paper"):
        tall.render_page(0, model, "roll-57")
    label = tall.render_page(0, model, "50x30")
    assert label.raster.height == model.mm_to_dots(30)
    big = open_document(pdfs.page_of_size(14400, 14400))  # 5 m x 5 m: drawn at paper size, not page size
    assert big.render_page(0, model, "roll-57").raster.height <= model.head_dots


def test_javascript_actions_and_embedded_files_never_run(model, tmp_path, monkeypatch):
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    doc = open_document(pdfs.hostile_pdf())
    page = doc.render_page(0, model)
    assert page.raster.black_dots() > 0  # the page content prints
    assert doc._pdf.formenv is None  # no form-fill environment: PDFium runs no JavaScript
    assert list(work.iterdir()) == []  # nothing extracted
    # (the test harness fails the test if anything tried to open a network socket)


def test_a_page_that_takes_too_long_to_draw_is_abandoned(model):
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(200, 200))
    for i in range(20000):
        c.rect(i % 190, (i * 7) % 190, 5, 5, fill=1)
    c.showPage()
    c.save()
    doc = open_document(buffer.getvalue())
    with pytest.raises(DocumentTooLarge, match="longer than"):
        doc.draw(0, (384, 384), deadline_s=0.0)
    assert doc.draw(0, (64, 64)).size == (64, 64)


def test_thumbnails_are_small_and_bounded():
    doc = open_document(pdfs.text_pdf(pages=2))
    thumb = doc.thumbnail(1, 120)
    assert max(thumb.size) == 120 and thumb.mode == "L"
    assert max(doc.thumbnail(0, 10_000).size) <= 512


def test_a_scanned_text_page_is_thresholded_not_dithered(model):
    """A page that is one picture of black text on white (a scan) has no mid-tones: auto mode keeps it sharp."""
    import io

    from PIL import ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    scan = Image.new("L", (1200, 720), 255)
    draw = ImageDraw.Draw(scan)
    for k in range(8):
        draw.text((40, 40 + k * 80), f"SCANNED LINE {k}: 1234 Main St", fill=0, font_size=48)
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(141.7, 85.0))
    c.drawImage(ImageReader(scan), 0, 0, 141.7, 85.0)
    c.showPage()
    c.save()
    page = open_document(buffer.getvalue()).render_page(0, model, "50x30", mode="auto")
    assert page.mode == "text", page.photo_fraction
