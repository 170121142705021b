"""Banners and long strips as a print source: text down a continuous roll, made band by band (imaging.banner).

    PrintRequest(BannerPages("Happy birthday", length_mm=5000), VirtualTarget(model), JobOptions())

The runner encodes the one page as a streamed job (``protocol.encode_job`` of a ``BandedRaster``), so a
strip metres long is rendered and sent a band at a time: memory stays that of one band and one block.
"""

from __future__ import annotations

from dataclasses import dataclass

from phocol_desktop.domain.printer_model import PrinterModel
from phocol_desktop.domain.raster import BandedRaster


@dataclass(frozen=True)
class BannerPages:
    text: str
    length_mm: float | None = None  # None: the text once

    def pages(self, model: PrinterModel) -> tuple[BandedRaster, ...]:
        from phocol_desktop.imaging.banner import banner

        rows = None if self.length_mm is None else max(1, model.mm_to_dots(self.length_mm))
        return (banner(self.text, model.head_dots, rows),)
