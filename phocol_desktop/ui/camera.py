"""Take a photo with a webcam (optional: needs QtMultimedia from the PySide6-Addons wheel, the `camera` extra).

Order matters for privacy (AT-14): the gate is asked first; only then is QtMultimedia imported and the
camera opened. The camera is released as soon as the view closes, and an "Only this time" answer ends
with it, so the next use asks again.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

log = logging.getLogger(__name__)

INSTALL_HINT = ("Camera capture needs Qt's multimedia module, which is not installed. Install it with "
                "`pip install 'phocol-desktop[camera]'` (PySide6-Addons), then restart Phocol Desktop.")
NO_CAMERA = "No camera was found on this computer."


def multimedia_available() -> bool:
    """Whether QtMultimedia can be imported, without importing it (so nothing touches a camera)."""
    return importlib.util.find_spec("PySide6.QtMultimedia") is not None


class CameraDialog(QDialog):
    """A live view and a Capture button. ``photo_png`` holds the captured picture after ``accept``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6 import QtMultimedia, QtMultimediaWidgets  # imported only after the gate allowed it

        self.setWindowTitle(self.tr("Take a photo"))
        self.setAccessibleName(self.tr("Camera view"))
        self.photo_png: bytes | None = None
        devices = QtMultimedia.QMediaDevices.videoInputs()
        if not devices:
            raise LookupError(NO_CAMERA)
        self.session = QtMultimedia.QMediaCaptureSession(self)
        self.camera = QtMultimedia.QCamera(devices[0], self)
        self.capture = QtMultimedia.QImageCapture(self)
        self.session.setCamera(self.camera)
        self.session.setImageCapture(self.capture)
        view = QtMultimediaWidgets.QVideoWidget(self)
        view.setAccessibleName(self.tr("Live camera picture"))
        view.setMinimumSize(480, 360)
        self.session.setVideoOutput(view)
        self.capture.imageCaptured.connect(self._captured)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        row = QHBoxLayout()
        shoot = QPushButton(self.tr("&Capture"), self)
        shoot.setAccessibleName(self.tr("Capture photo"))
        shoot.clicked.connect(self.capture.capture)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.setAccessibleName(self.tr("Close the camera"))
        cancel.clicked.connect(self.reject)
        row.addWidget(shoot)
        row.addWidget(cancel)
        layout.addLayout(row)
        note = QLabel(self.tr("The camera turns off as soon as this window closes."), self)
        note.setAccessibleName(self.tr("Camera note"))
        layout.addWidget(note, 0, Qt.AlignmentFlag.AlignLeft)
        self.camera.start()

    def _captured(self, _request_id: int, image: QImage) -> None:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QBuffer.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        self.photo_png = bytes(data.data())
        self.accept()

    def done(self, result: int) -> None:
        self.camera.stop()  # release the device now, not when Python collects the object (AT-14)
        self.session.setCamera(None)
        super().done(result)


def capture_photo(parent: QWidget, allowed: Callable[[], bool], finished: Callable[[], None]) -> bytes | str:
    """Ask the gate, then capture. Returns PNG bytes, or a sentence saying why there is no photo."""
    try:
        if not allowed():
            return QCoreApplication.translate("CameraDialog", "The camera was not allowed; nothing was opened.")
        if not multimedia_available():
            return INSTALL_HINT
        try:
            dialog = CameraDialog(parent)
        except LookupError as exc:
            return str(exc)
        dialog.exec()
        return dialog.photo_png or QCoreApplication.translate("CameraDialog", "No photo was taken.")
    finally:
        finished()
