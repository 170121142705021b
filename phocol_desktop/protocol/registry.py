"""Printer families are plug-ins: a registry maps a model's ``family`` id to its dialect.

A dialect bundles what the rest of the app needs from one wire protocol: the job encoder, the status
query builder (through the danger-list guard), the incremental notification decoder and its flow
control. Lookup tries the exact family id (``quyin.m200``), then its prefix before the first dot
(``quyin``), so one dialect can serve every variant whose differences are data (job templates).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from phocol_desktop.domain.errors import ProtocolError
from phocol_desktop.domain.events import PrinterEvent
from phocol_desktop.domain.job import JobOptions
from phocol_desktop.domain.printer_model import PrinterModel
from phocol_desktop.domain.raster import Raster
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP
from phocol_desktop.protocol.packets import EncodedJob


class UnsupportedFamily(ProtocolError):
    advice = QT_TRANSLATE_NOOP("Errors", "This build cannot talk to that printer family yet; choose another model or "
                                         "update Phocol Desktop.")


class Decoder(Protocol):
    def feed(self, data: bytes) -> list[PrinterEvent]: ...


@dataclass(frozen=True)
class Dialect:
    id: str
    encode_job: Callable[[Raster, JobOptions, PrinterModel], EncodedJob]
    query: Callable[[int, PrinterModel], bytes]  # guarded: raises DangerousCommand outside the allowlist
    check: Callable[[bytes, PrinterModel], None]  # the danger-list guard for any outgoing bytes
    make_decoder: Callable[[PrinterModel], Decoder]
    flow_control: str = "none"  # none / credit / pause_resume (PROTOCOL.md §11)


_REGISTRY: dict[str, Dialect] = {}


def register(family_id: str, dialect: Dialect) -> None:
    _REGISTRY[family_id] = dialect


def dialect_for(model: PrinterModel) -> Dialect:
    family = model.family
    found = _REGISTRY.get(family) or _REGISTRY.get(family.split(".", 1)[0])
    if found is None:
        raise UnsupportedFamily(f"No protocol for printer family {family!r} ({model.display_name}).")
    return found


def registered() -> tuple[str, ...]:
    return tuple(sorted(_REGISTRY))
