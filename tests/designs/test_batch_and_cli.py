"""CSV batches and the `render` / `templates` commands, end to end through the real command line."""

from __future__ import annotations

import json

import pytest
from PIL import Image

from phocol_desktop.imaging.design.batch import BatchInvalid, batch_rows, parse_rows, read_csv, run_batch
from phocol_desktop.imaging.design.templates import load_catalog
from tests.cli import run as cli
from tests.designs.conftest import zbar


def test_csv_with_and_without_bom_reads_the_same():
    plain = "title,qr\nÄpfel,https://a.example/1\n苹果,https://a.example/2\n".encode()
    with_bom = b"\xef\xbb\xbf" + plain
    assert read_csv(plain) == read_csv(with_bom)
    assert read_csv(with_bom).columns == ("title", "qr")


@pytest.mark.parametrize(("data", "needle"), [
    (b"\xff\xfetitle\n", "not UTF-8"),
    (b"", "no header"),
    (b"title,title\nx,y\n", "twice"),
    (b"title,\nx,y\n", "has no name"),
    (b"ti\x00tle\n", "NUL"),
])
def test_unusable_csv_files_are_typed_errors(data, needle):
    with pytest.raises(BatchInvalid, match=needle):
        read_csv(data)


def test_unknown_column_is_refused_up_front():
    table = read_csv(b"title,qrcode\nx,y\n")
    with pytest.raises(BatchInvalid, match="qrcode"):
        batch_rows(load_catalog().get("qr-label"), table)


@pytest.mark.parametrize(("spec", "expected"), [("3", (3, 3)), ("2-5", (2, 5)), ("4-", (4, None)), ("-3", (1, 3)),
                                                (None, None)])
def test_row_ranges(spec, expected):
    assert parse_rows(spec) == expected


@pytest.mark.parametrize("spec", ["0", "5-2", "a-b", "1-2-3", "-"])
def test_bad_row_ranges(spec):
    with pytest.raises(BatchInvalid):
        parse_rows(spec)


def test_batch_reports_bad_rows_by_number_and_goes_on_with_progress_and_cancel():
    template = load_catalog().get("qr-label")
    table = read_csv(b"title,qr\nA,https://x.example/a\nB,\nC,https://x.example/c\nD,https://x.example/d\n")
    rows = batch_rows(template, table)
    from phocol_desktop.imaging.design.batch import row_design

    seen = []
    result = run_batch(rows, lambda row: row_design(template, row).elements[1].data, number=lambda row: row.number,
                       progress=lambda done, total: seen.append((done, total)))
    assert [n for n, _ in result.done] == [1, 3, 4] and [f.number for f in result.failed] == [2]
    assert "qr" in result.failed[0].error.reason and seen[-1] == (4, 4)
    calls = []
    cancelled = run_batch(rows, lambda row: calls.append(row.number), number=lambda row: row.number,
                          cancel=lambda: len(calls) >= 2)
    assert cancelled.cancelled and calls == [1, 2]


def test_cli_renders_a_template_with_fields(tmp_path):
    out = tmp_path / "label.png"
    code, stdout, stderr = cli("render", "--template", "qr-label", "--set", "title=Hello",
                               "--set", "qr=https://example.org/x", "-o", str(out))
    assert code == 0, stderr
    assert ("QRCODE", "https://example.org/x") in zbar(Image.open(out))
    assert "Wrote label.png: 384x240 dots" in stdout


def test_cli_csv_batch_one_file_per_row_bad_rows_reported(tmp_path):
    csv_path = tmp_path / "labels.csv"
    csv_path.write_bytes("\ufefftitle,code\nBox 1,BOX-0001\nBox 2,naïve\nBox 3,BOX-0003\n".encode())
    out = tmp_path / "out.png"
    code, stdout, stderr = cli("render", "--template", "barcode-label", "--csv", str(csv_path), "-o", str(out))
    assert code == 1
    assert "row 2:" in stderr and "Code 128" in stderr and "1 row(s) could not be rendered: 2" in stderr
    assert sorted(p.name for p in tmp_path.glob("out-*.png")) == ["out-1.png", "out-3.png"]
    assert ("CODE128", "BOX-0003") in zbar(Image.open(tmp_path / "out-3.png"))


def test_cli_csv_rows_range_and_sheet(tmp_path):
    csv_path = tmp_path / "labels.csv"
    csv_path.write_text("title,qr\n" + "".join(f"L{i},https://x.example/{i}\n" for i in range(1, 8)), encoding="utf-8")
    out = tmp_path / "sheet.png"
    code, _stdout, stderr = cli("render", "--template", "qr-label", "--csv", str(csv_path), "--rows", "3-5",
                                "--sheet", "-o", str(out))
    assert code == 0, stderr
    sheet = Image.open(out)
    assert sheet.size == (384, 3 * 240)
    for i, row in enumerate((3, 4, 5)):
        assert ("QRCODE", f"https://x.example/{row}") in zbar(sheet.crop((0, i * 240, 384, (i + 1) * 240)))


def test_cli_renders_a_design_file_with_relative_photos(tmp_path, design_photos):
    import shutil

    shutil.copy(design_photos[0], tmp_path / "me.png")
    design = {"format": "phocol.design", "version": 1, "page": {"width_mm": 48, "length_mm": 30},
              "elements": [{"id": "p", "type": "photo", "x": 0, "y": 0, "w": 24, "h": 30, "src": "me.png"},
                           {"id": "t", "type": "text", "x": 25, "y": 2, "w": 22, "h": 26, "text": "Name\n名字",
                            "fit": "shrink"}]}
    (tmp_path / "card.json").write_text(json.dumps(design), encoding="utf-8")
    code, stdout, stderr = cli("render", str(tmp_path / "card.json"), "-o", str(tmp_path / "card.png"))
    assert code == 0, stderr
    assert "warning" not in stderr
    assert Image.open(tmp_path / "card.png").size == (384, 240)


def test_cli_prints_warnings_and_refuses_to_overwrite_inputs(tmp_path):
    design = {"format": "phocol.design", "version": 1, "page": {"width_mm": 48, "length_mm": 30},
              "elements": [{"id": "tiny", "type": "qr", "x": 0, "y": 0, "w": 5, "h": 5,
                            "data": "https://example.org/a/long/enough/address"}]}
    path = tmp_path / "d.json"
    path.write_text(json.dumps(design), encoding="utf-8")
    code, _out, stderr = cli("render", str(path), "-o", str(tmp_path / "d.png"))
    assert code == 0 and "warning: code 'tiny'" in stderr and "scanners need at least 2 dots" in stderr
    code, _out, stderr = cli("render", str(path), "-o", str(path))
    assert code == 1 and "one of the inputs" in stderr
    assert json.loads(path.read_text())["elements"][0]["id"] == "tiny"


def test_cli_templates_lists_fields_and_user_templates(tmp_path):
    code, stdout, _err = cli("templates", "--json")
    listed = {t["id"]: t for t in json.loads(stdout)}
    assert {"photo-strip-4", "grid-2x2", "polaroid", "qr-label", "barcode-label", "todo", "banner"} <= set(listed)
    assert [f["name"] for f in listed["qr-label"]["fields"]] == ["title", "qr"]
    assert [f["name"] for f in listed["todo"]["fields"]] == ["title", "items"]
    # A user template in <config dir>/templates is listed; a broken one is reported, never fatal.
    from phocol_desktop.storage.paths import resolve_paths

    folder = resolve_paths(None).config / "templates"
    folder.mkdir(parents=True)
    mine = json.loads(load_catalog().get("qr-label").to_json())
    mine["template"]["id"] = "my-label"
    (folder / "my-label.json").write_text(json.dumps(mine), encoding="utf-8")
    (folder / "broken.json").write_text("{", encoding="utf-8")
    code, stdout, stderr = cli("templates")
    assert code == 0 and "my-label (yours)" in stdout and "broken.json skipped" in stderr
    code, _out, stderr = cli("render", "--template", "my-label", "--set", "qr=x", "-o", str(tmp_path / "m.png"))
    assert code == 0, stderr


def test_cli_unknown_template_and_field_are_clear_errors(tmp_path):
    code, _o, stderr = cli("render", "--template", "nope", "-o", str(tmp_path / "x.png"))
    assert code == 1 and "no template 'nope'" in stderr
    code, _o, stderr = cli("render", "--template", "qr-label", "--set", "titel=x", "-o", str(tmp_path / "x.png"))
    assert code == 1 and "no field 'titel'" in stderr


def test_print_a_csv_batch_on_the_virtual_printer_reports_bad_rows_and_prints_the_rest(tmp_path):
    """Designs are a page source of the app's print runner: the printed paper holds the good rows' labels."""
    csv_path = tmp_path / "labels.csv"
    csv_path.write_bytes("\ufefftitle,qr\nOne,https://x.example/1\nTwo,\nThree,https://x.example/3\n".encode())
    paper = tmp_path / "paper.png"
    code, stdout, stderr = cli("print", "--template", "qr-label", "--csv", str(csv_path), "--printer", "virtual",
                               "--paper", str(paper))
    assert code == 1
    assert "row 2:" in stderr and "(skipped)" in stderr and "1 row(s) could not be printed: 2" in stderr
    assert "Printed" in stdout
    printed = Image.open(paper)
    found = zbar(printed)
    assert ("QRCODE", "https://x.example/1") in found and ("QRCODE", "https://x.example/3") in found
    assert printed.height >= 2 * 240


def test_print_a_design_file_prints_what_render_shows(tmp_path):
    design = {"format": "phocol.design", "version": 1, "page": {"width_mm": 48, "length_mm": 30},
              "elements": [{"id": "c", "type": "barcode", "x": 1, "y": 2, "w": 46, "h": 26, "data": "SAME-DOTS"}]}
    path = tmp_path / "d.json"
    path.write_text(json.dumps(design), encoding="utf-8")
    assert cli("render", str(path), "-o", str(tmp_path / "render.png"))[0] == 0
    code, _out, stderr = cli("print", str(path), "--printer", "virtual", "--paper", str(tmp_path / "paper.png"))
    assert code == 0, stderr
    rendered = Image.open(tmp_path / "render.png").convert("1")
    paper = Image.open(tmp_path / "paper.png").convert("1")
    assert ("CODE128", "SAME-DOTS") in zbar(paper)
    import numpy as np

    ink = np.asarray(rendered) == 0
    assert np.count_nonzero(np.asarray(paper) == 0) == np.count_nonzero(ink)


def test_render_and_print_of_a_photo_warn_about_caption_characters_no_font_has(tmp_path, design_photos):
    edits = json.dumps({"text": "Hi \u0378"})  # an unassigned code point: no font has it
    code, _out, stderr = cli("render", str(design_photos[0]), "--edits", edits, "-o", str(tmp_path / "r.png"))
    assert code == 0 and "warning: the caption: no installed font has" in stderr and "U+0378" in stderr
    code, _out, stderr = cli("print", str(design_photos[0]), "--edits", edits, "--printer", "virtual")
    assert code == 0 and "U+0378" in stderr


def test_a_row_naming_a_fifo_or_a_missing_photo_fails_alone_without_blocking(tmp_path, design_photos):
    import os
    import shutil

    os.mkfifo(tmp_path / "fifo.jpg")
    shutil.copy(design_photos[0], tmp_path / "ok.png")
    csv_path = tmp_path / "p.csv"
    csv_path.write_text("photo,caption\nok.png,fine\nfifo.jpg,blocked?\nmissing.jpg,gone\n", encoding="utf-8")
    out = str(tmp_path / "o.png")
    code, stdout, stderr = cli("render", "--template", "polaroid", "--csv", str(csv_path), "-o", out)
    assert code == 1
    assert "row 2: The photo fifo.jpg is not a regular file" in stderr and "row 3: The photo missing.jpg" in stderr
    assert "o-1.png" in stdout
