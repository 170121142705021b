"""Pure bytes-in / bytes-out printer dialects, one module per family, selected through a registry.

    job = encode_job(raster, JobOptions(copies=2), model)     # tagged packets, guard-checked
    codec = status_codec(model)                                # allowlisted queries + incremental decoder
"""

from __future__ import annotations

from phocol_desktop.domain.events import PrinterEvent
from phocol_desktop.domain.job import JobOptions
from phocol_desktop.domain.printer_model import PrinterModel
from phocol_desktop.domain.raster import Raster
from phocol_desktop.protocol import quyin
from phocol_desktop.protocol.packets import EncodedJob, Packet, PacketKind
from phocol_desktop.protocol.registry import Decoder, Dialect, UnsupportedFamily, dialect_for, register

register("quyin", quyin.DIALECT)

__all__ = ["Decoder", "Dialect", "EncodedJob", "Packet", "PacketKind", "StatusCodec", "UnsupportedFamily",
           "dialect_for", "encode_job", "register", "status_codec"]


def encode_job(raster: Raster, options: JobOptions, model: PrinterModel) -> EncodedJob:
    return dialect_for(model).encode_job(raster, options, model)


class StatusCodec:
    """One printer's status channel: allowlisted query bytes out, decoded events in (services use this)."""

    def __init__(self, model: PrinterModel) -> None:
        self.model = model
        self.dialect = dialect_for(model)
        self.decoder = self.dialect.make_decoder(model)

    def query(self, code: int) -> bytes:
        return self.dialect.query(code, self.model)

    def feed(self, data: bytes) -> list[PrinterEvent]:
        return self.decoder.feed(data)


def status_codec(model: PrinterModel) -> StatusCodec:
    return StatusCodec(model)
