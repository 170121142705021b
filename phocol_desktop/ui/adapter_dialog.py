"""Printer ▸ Bluetooth adapter…: choose which of this computer's adapters finds and talks to printers (Linux).

Listed by BlueZ name (hci0, hci1) and powered state only; no adapter address or system name is read. The
list is fetched on the BLE worker after the Bluetooth permission, like a scan.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from phocol_desktop.ui.panels import named


class AdapterDialog(QDialog):
    def __init__(self, adapters: list[Any], current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Bluetooth adapter"))
        named(self, self.tr("Bluetooth adapter"))
        self.resize(420, 300)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("With more than one Bluetooth adapter, choose the one in reach of your printer. "
                               "“System's choice” lets the system pick; it may pick a different one each time."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget(self)
        named(self.list, self.tr("Adapters"))
        rows = [("", self.tr("System's choice"))]
        rows += [(a.name, self.tr("{0} (on)").format(a.name) if a.powered else self.tr("{0} (off)").format(a.name))
                 for a in adapters]
        for name, text in rows:
            item = QListWidgetItem(text, self.list)
            item.setData(256, name)
            if name == current:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None:
            self.list.setCurrentRow(0)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> str:
        item = self.list.currentItem()
        return str(item.data(256)) if item is not None else ""
