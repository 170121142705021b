"""The studio's views tell the truth: the frame on the colour photo is what the paper shows, crops survive
quarter turns, and the paper preview zooms to whole pixels per dot with scroll bars (offscreen)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QRectF

from phocol_desktop.imaging.pipeline import paper_region
from tests.ui.conftest import open_photo, wait_preview
from tests.ui.test_editor import raster_bits, shown_bits

pytestmark = pytest.mark.gui


def test_fill_rotate_straighten_the_frame_is_the_paper(qtbot, window, services, photo):
    open_photo(qtbot, window, photo)
    window.crop_view.cropChanged.emit(QRectF(0.1, 0.1, 0.7, 0.7))
    wait_preview(qtbot, window)
    window._print_setting_changed("fit", "fill")
    wait_preview(qtbot, window)
    window.edit_panel.rotateRequested.emit(90)
    wait_preview(qtbot, window)
    assert window.state.crop is not None, "a quarter turn keeps the crop"
    window._edit_changed("angle", 6.0)
    wait_preview(qtbot, window)

    state = window.state
    expected = paper_region(window.photo.prepared, state, services.current_model(), services.preset(state).id)
    shown = window.crop_view.paper_polygon()
    image_rect = window.crop_view._image_rect()
    as_fractions = [((p.x() - image_rect.x()) / image_rect.width(), (p.y() - image_rect.y()) / image_rect.height())
                    for p in shown]
    assert np.allclose(as_fractions, expected, atol=1e-6)
    # A fill with a fine angle keeps a turned band, not the whole crop rectangle.
    crop = state.crop
    assert not np.allclose(expected, [(crop[0], crop[1]), (crop[0] + crop[2], crop[1]),
                                      (crop[0] + crop[2], crop[1] + crop[3]), (crop[0], crop[1] + crop[3])], atol=1e-3)
    # And the paper preview is that render's dots exactly.
    assert np.array_equal(shown_bits(window), raster_bits(services.render(window.photo, state).paper))

    window.edit_panel.rotateRequested.emit(-90)
    wait_preview(qtbot, window)
    assert window.state.crop == pytest.approx((0.1, 0.1, 0.7, 0.7))


def test_the_source_view_is_in_colour(qtbot, window, photo):
    open_photo(qtbot, window, photo)
    image = window.crop_view._image
    rgb = np.frombuffer(bytes(image.constBits()), dtype=np.uint8)[: image.width() * 3 * 8].reshape(-1, 3).astype(int)
    assert (np.abs(rgb[:, 0] - rgb[:, 1]) + np.abs(rgb[:, 1] - rgb[:, 2])).max() > 20, "the photo shows in grey"


def test_zoom_is_whole_pixels_per_dot_with_scroll_bars(qtbot, window, photo):
    open_photo(qtbot, window, photo)
    window.resize(1280, 720)
    window.set_paper_zoom("fit")
    qtbot.wait(10)
    fit = window.paper_preview.scale()
    assert fit < 1 or fit == int(fit), "fit never blurs dots: whole pixels per dot"
    window.set_paper_zoom(8)
    qtbot.wait(10)
    assert window.paper_preview.scale() == 8.0
    assert window.paper_preview.horizontalScrollBar().maximum() > 0, "a zoomed paper can be panned"
    assert window.zoom_buttons["8"].isChecked() and not window.zoom_buttons["fit"].isChecked()
    assert window.zoom_label.text() == "8×"


def test_the_first_tab_stop_is_a_named_visible_control(qtbot, window):
    from PySide6.QtWidgets import QApplication

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=5000)
    first = QApplication.focusWidget()
    assert first.isVisible() and first.accessibleName(), first


def test_the_notice_title_does_not_repeat_the_app_name(qtbot, services):
    from phocol_desktop.ui.consent_dialogs import NoticeDialog

    policy = services.policy()
    notice = NoticeDialog(services.notice_summary_html(), policy.text, policy.version_raw, policy.sha256)
    qtbot.addWidget(notice)
    assert "Phocol Desktop" not in notice.windowTitle() and notice.windowTitle()


def test_toolbar_actions_have_an_icon_and_their_words(window):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QToolBar

    bar = window.findChild(QToolBar, "main_toolbar")
    assert bar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    for act in (window.open_action, window.save_action, window.undo_action, window.redo_action,
                window.print_action, window.privacy_action):
        assert not act.icon().isNull() and act.text(), act.text()
