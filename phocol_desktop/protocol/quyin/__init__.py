"""The Quyin (Phomemo-compatible) dialect: ``1F 11 xx`` settings and queries, ESC/POS-like commands, GS v 0."""

from __future__ import annotations

from phocol_desktop.domain.printer_model import PrinterModel
from phocol_desktop.protocol.quyin import commands, guard
from phocol_desktop.protocol.quyin.decoder import NotificationDecoder
from phocol_desktop.protocol.quyin.encoder import encode_job
from phocol_desktop.protocol.registry import Dialect


def build_query(code: int, model: PrinterModel) -> bytes:
    data = commands.query(code)
    guard.check(data, model)
    return data


DIALECT = Dialect(
    id="quyin",
    encode_job=encode_job,
    query=build_query,
    check=guard.check,
    make_decoder=NotificationDecoder.for_model,
    flow_control="none",
)
