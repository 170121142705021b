"""The contract every printer link implements: Bluetooth LE (bleak) and the in-process virtual printer.

The job runner (services) serialises all writes through one link; a link never re-sends on its own.
Failures surface as ``TransportError`` subclasses with user advice, mapped once inside each link.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass

from phocol_desktop.domain.errors import TransportError
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP

NotificationHandler = Callable[[bytes], None]
DisconnectHandler = Callable[[], None]


class LinkLost(TransportError):
    """The printer went away (out of range, switched off) while connected or mid-job."""

    advice = QT_TRANSLATE_NOOP("Errors", "The job was stopped and not re-sent, so nothing prints twice. Bring the "
                                          "printer closer and print again.")


class PrinterNotFound(TransportError):
    advice = QT_TRANSLATE_NOOP("Errors", "Make sure the printer is switched on and not connected to a phone, then "
                                         "scan again.")


class PrinterNotResponding(TransportError):
    advice = QT_TRANSLATE_NOOP("Errors", "Switch the printer off and on, then try again.")


@dataclass(frozen=True)
class LinkInfo:
    """What a job log and support bundle record about the link (no raw address here)."""

    kind: str  # "ble" or "virtual"
    mtu: int
    max_write: int  # largest single write the link accepts: min(mtu - 3, 512, write-without-response size)
    write_with_response: bool
    resolved_by: str = "uuid"  # or "properties" (PROTOCOL.md §2)


class PrinterLink(ABC):
    """One open connection to one printer."""

    @abstractmethod
    async def connect(self) -> LinkInfo: ...

    @abstractmethod
    async def write(self, data: bytes) -> None:
        """Send one chunk (``len(data) <= info.max_write``). Raises LinkLost if the link is gone."""

    @abstractmethod
    async def disconnect(self) -> None: ...

    @property
    @abstractmethod
    def is_connected(self) -> bool: ...

    @property
    @abstractmethod
    def info(self) -> LinkInfo: ...

    def on_notification(self, handler: NotificationHandler) -> None:
        self._notify = handler

    def on_disconnect(self, handler: DisconnectHandler) -> None:
        self._disconnected = handler

    # Links call these from their own callbacks; default to no-ops until someone subscribes.
    def _emit_notification(self, data: bytes) -> None:
        handler = getattr(self, "_notify", None)
        if handler is not None:
            handler(data)

    def _emit_disconnect(self) -> None:
        handler = getattr(self, "_disconnected", None)
        if handler is not None:
            handler()
