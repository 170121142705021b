"""Toolbar and button icons: the desktop's icon theme where it has one (freedesktop names), else Qt's own
standard icons, which every style ships — so an icon is never missing, and each keeps its text label."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

SP = QStyle.StandardPixmap
# Action -> (freedesktop icon name, Qt standard icon used when the theme has none)
ICONS: dict[str, tuple[str, QStyle.StandardPixmap]] = {
    "open": ("document-open", SP.SP_DialogOpenButton),
    "save": ("document-save", SP.SP_DialogSaveButton),
    "undo": ("edit-undo", SP.SP_ArrowBack),
    "redo": ("edit-redo", SP.SP_ArrowForward),
    "print": ("document-print", SP.SP_DialogApplyButton),
    "privacy": ("security-high", SP.SP_MessageBoxInformation),
}


def icon(name: str) -> QIcon:
    theme, fallback = ICONS[name]
    found = QIcon.fromTheme(theme)
    if not found.isNull():
        return found
    return QApplication.style().standardIcon(fallback)
