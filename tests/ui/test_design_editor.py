"""The design editor (ui/design_editor.py), driven like a user: new from template, edit, drag, undo, CSV, print.

The canvas must show the very dots the engine renders (read back from the canvas's image), and the QR code
on it must scan with zbar, an independent decoder.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt

from phocol_desktop.imaging.design.render import render_design
from tests.ui.test_zh_walk import zh  # noqa: F401 - a fixture: the UI in zh_CN

pytestmark = pytest.mark.gui


@pytest.fixture
def editor(qtbot, services):
    from phocol_desktop.ui.design_editor import DesignEditor

    win = DesignEditor(services)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: "qr-label" in win.templates, timeout=15_000)
    yield win
    win.background.wait_idle()


def render_settled(qtbot, editor, action):
    with qtbot.waitSignal(editor.rendered, timeout=15_000):
        action()
    qtbot.waitUntil(lambda: not editor.renders.busy, timeout=15_000)


def zbar(bits: np.ndarray) -> list[str]:
    from pyzbar.pyzbar import decode

    gray = Image.fromarray(np.where(bits, 0, 255).astype(np.uint8), "L")
    padded = Image.new("L", (gray.width + 40, gray.height + 40), 255)
    padded.paste(gray, (20, 20))
    return [d.data.decode("utf-8") for d in decode(padded)]


def new_qr_label(qtbot, editor):
    render_settled(qtbot, editor, lambda: editor.new_from_template("qr-label"))


def test_edit_title_and_qr_canvas_is_the_engine_render_and_scans(qtbot, editor, services):
    new_qr_label(qtbot, editor)
    title, qr = editor.field_widgets["title"], editor.field_widgets["qr"]
    title.selectAll()  # typing replaces the sample value, as a user selecting it would
    qtbot.keyClicks(title, "Spice jar")
    qr.selectAll()
    render_settled(qtbot, editor, lambda: qtbot.keyClicks(qr, "https://example.org/jar/7"))
    design = editor.design()
    assert design.element("title").text == "Spice jar"
    assert design.element("qr").data == "https://example.org/jar/7"
    engine = np.asarray(render_design(design, services.current_model()).paper, dtype=bool) == 0  # True = black
    shown = editor.canvas_bits()
    assert shown is not None and shown.shape == engine.shape
    assert np.array_equal(shown, engine)
    assert zbar(shown) == ["https://example.org/jar/7"]
    # The whole title edit is one undo step (typing merges), the QR edit another.
    editor.undo()
    assert editor.design().element("qr").data != "https://example.org/jar/7"
    assert editor.design().element("title").text == "Spice jar"


def test_drag_moves_in_half_millimetres_and_undo_restores(qtbot, editor):
    new_qr_label(qtbot, editor)
    canvas = editor.canvas
    before = editor.design().element("qr")
    rect = canvas.box_rect((before.x, before.y, before.w, before.h))
    widget = canvas.canvas_widget()
    start = rect.center().toPoint()
    k = canvas.mm_to_px()
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    assert editor.selected == "qr"
    assert editor.elements.currentItem().data(Qt.ItemDataRole.UserRole) == "qr"  # the list follows the canvas
    qtbot.mouseMove(widget, start + QPoint(round(3.1 * k), round(1.1 * k)))
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=start + QPoint(round(3.1 * k), round(1.1 * k)))
    after = editor.design().element("qr")
    assert (after.x, after.y) == (16.0, 9.5)  # 13 + 3.1 and 8.5 + 1.1 mm, snapped to 0.5 mm
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert editor.design().element("qr").x == 16.5  # one nudge: 0.5 mm
    editor.undo()
    editor.undo()
    restored = editor.design().element("qr")
    assert (restored.x, restored.y) == (before.x, before.y)
    editor.redo()
    assert editor.design().element("qr").x == 16.0


def test_selecting_in_the_list_selects_on_the_canvas_and_properties_edit(qtbot, editor):
    new_qr_label(qtbot, editor)
    for i in range(editor.elements.count()):
        if editor.elements.item(i).data(Qt.ItemDataRole.UserRole) == "title":
            editor.elements.setCurrentRow(i)
    assert editor.selected == "title"
    assert editor.canvas.selected_rect() is not None
    editor.property_widgets["font_size"].setValue(20.0)
    assert editor.design().element("title").font.size_pt == 20.0
    editor.undo()
    assert editor.design().element("title").font.size_pt == 14.0
    assert editor.property_widgets["font_size"].value() == 14.0


@pytest.fixture
def three_rows(tmp_path):
    path = tmp_path / "jars.csv"
    path.write_text("title,qr\nCumin,https://example.org/1\nPaprika,https://example.org/2\n"
                    "Saffron,https://example.org/3\n", encoding="utf-8-sig")
    return path


def test_csv_row_preview_shows_that_rows_title(qtbot, editor, services, three_rows):
    from phocol_desktop.imaging.design.batch import read_csv
    from phocol_desktop.services.design_editing import row_of

    new_qr_label(qtbot, editor)
    editor.import_csv(three_rows)
    qtbot.waitUntil(lambda: editor.table is not None, timeout=15_000)
    assert editor.rows_model.rowCount() == 3
    render_settled(qtbot, editor, lambda: editor.select_row(2))
    assert editor.shown_design.element("title").text == "Paprika"
    expected = row_of(editor.design(), read_csv(three_rows), 2)
    engine = np.asarray(render_design(expected, services.current_model()).paper, dtype=bool) == 0
    assert np.array_equal(editor.canvas_bits(), engine)
    assert zbar(editor.canvas_bits()) == ["https://example.org/2"]


def test_print_three_rows_on_the_virtual_printer(qtbot, editor, three_rows):
    new_qr_label(qtbot, editor)
    editor.import_csv(three_rows)
    qtbot.waitUntil(lambda: editor.table is not None, timeout=15_000)
    editor.print_design()
    qtbot.waitUntil(lambda: editor.last_result is not None, timeout=60_000)
    assert len(editor.last_result.jobs) == 3 and editor.last_result.ok
    # The virtual printer's head burned three labels' worth of rows (each as tall as the previewed label).
    assert editor.last_result.printer.stats.rows_printed == 3 * editor.last_render.raster.height
    assert "3" in editor.message.text()


def test_a_bad_row_is_reported_by_number_and_the_rest_print(qtbot, editor, tmp_path):
    path = tmp_path / "codes.csv"  # row 2 has no QR data, which the template requires
    path.write_text("title,qr\nOne,https://example.org/1\nTwo,\nThree,https://example.org/3\n", encoding="utf-8")
    new_qr_label(qtbot, editor)
    editor.import_csv(path)
    qtbot.waitUntil(lambda: editor.table is not None, timeout=15_000)
    editor.print_design()
    qtbot.waitUntil(lambda: editor.last_result is not None, timeout=60_000)
    assert len(editor.last_result.jobs) == 2
    assert [row for row, _reason in editor.failed_rows] == [2]
    assert "2" in editor.message.text()


def test_save_as_project_reopens_as_the_same_design(qtbot, editor, tmp_path):
    from phocol_desktop.storage.projects import load_design_project

    new_qr_label(qtbot, editor)
    editor.set_field("title", "Saved")
    target = tmp_path / "label.phocol"
    editor.save(target)
    qtbot.waitUntil(lambda: "label.phocol" in editor.message.text(), timeout=15_000)
    assert load_design_project(target).design == editor.design()


def test_main_window_opens_the_editor(qtbot, window):
    file_menu = window.menuBar().actions()[0].menu()
    action = next(a for a in file_menu.actions() if a.shortcut().toString() == "Ctrl+Shift+N")
    action.trigger()
    qtbot.waitUntil(lambda: getattr(window, "design_editor", None) is not None and window.design_editor.isVisible())
    window.design_editor.close()


@pytest.mark.usefixtures("zh")
def test_the_editor_is_chinese_with_a_csv_and_after_printing(qtbot, services, tmp_path):
    from phocol_desktop.ui.design_editor import DesignEditor
    from tests.ui.test_zh_walk import assert_chinese

    path = tmp_path / "jars.csv"
    path.write_text("title,qr\n孜然,https://example.org/1\n辣椒粉,https://example.org/2\n", encoding="utf-8")
    win = DesignEditor(services)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: "qr-label" in win.templates, timeout=15_000)
    render_settled(qtbot, win, lambda: win.new_from_template("qr-label"))
    win.select("qr")
    assert_chinese(win, services)
    win.import_csv(path)
    qtbot.waitUntil(lambda: win.table is not None, timeout=15_000)
    render_settled(qtbot, win, lambda: win.select_row(2))
    win.print_selected_rows()
    qtbot.waitUntil(lambda: win.last_result is not None, timeout=60_000)
    assert len(win.last_result.jobs) == 1
    assert_chinese(win, services)
    win.background.wait_idle()
