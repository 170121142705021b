"""Camera capture behind the gate (AT-14), paste and drag-and-drop of photos."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QImage

from phocol_desktop.privacy.gate import CAMERA, Decision
from phocol_desktop.ui import camera
from tests.ui.conftest import wait_preview

pytestmark = pytest.mark.gui


def test_at14_a_refused_camera_is_never_opened_and_multimedia_never_imported(qtbot, window, services, monkeypatch):
    monkeypatch.delitem(sys.modules, "PySide6.QtMultimedia", raising=False)
    asked = []
    window.ask_permission = lambda request: asked.append(request.purpose_id) or "not_now"
    window.take_photo()
    qtbot.waitUntil(lambda: "not allowed" in window.status_label.text(), timeout=10_000)
    assert asked == [CAMERA]
    assert "PySide6.QtMultimedia" not in sys.modules


def test_at14_allow_once_ends_when_the_capture_view_closes(qtbot, window, services, monkeypatch):
    monkeypatch.setattr(camera, "multimedia_available", lambda: False)  # this machine has no QtMultimedia
    asked = []
    window.ask_permission = lambda request: asked.append(request.options) or "allow_once"
    window.take_photo()
    qtbot.waitUntil(lambda: "camera" in window.status_label.text().lower(), timeout=10_000)  # the install hint
    assert services.gate.is_allowed(CAMERA) is False  # "only this time" ended with the view
    window.take_photo()
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=10_000)  # so the next use asks again
    assert "allow_once" in [str(o) for o in asked[0]]


def test_without_qtmultimedia_the_action_says_how_to_get_it(qtbot, window, services, monkeypatch):
    monkeypatch.setattr(camera, "multimedia_available", lambda: False)
    services.gate.set_decision(CAMERA, Decision.ALLOW)
    window.take_photo()
    qtbot.waitUntil(lambda: window.status_label.text() == camera.INSTALL_HINT, timeout=10_000)


def test_a_pasted_picture_opens_in_the_editor(qtbot, window):
    image = QImage(300, 200, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkGray)
    QGuiApplication.clipboard().setImage(image)
    window.paste()
    qtbot.waitUntil(lambda: window.photo is not None, timeout=10_000)
    wait_preview(qtbot, window)
    assert window.preview_raster.width == window.services.current_model().head_dots


def test_a_dropped_photo_file_opens(qtbot, window, photo):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.photo is not None, timeout=10_000)
    wait_preview(qtbot, window)
    assert photo.name in window.status_label.text() or "dots" in window.status_label.text()
