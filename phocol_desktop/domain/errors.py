"""Typed errors: each carries a one-line reason and advice a user can act on.

Layers raise the most specific subclass; the CLI prints ``reason`` (and ``advice`` when set) and exits 1,
the GUI shows both in a message. Low-level exceptions (OSError, bleak, Pillow) are mapped to these once,
at the layer boundary that caught them.
"""

from __future__ import annotations


class PhocolError(Exception):
    """Base of every error a user may see."""

    advice: str = ""

    def __init__(self, reason: str, advice: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        if advice is not None:
            self.advice = advice

    def user_message(self) -> str:
        return f"{self.reason} {self.advice}".strip()


class NotYetAvailable(PhocolError):
    advice = "This command is part of the command surface but is not built yet."


class ConfigError(PhocolError):
    """Broken data the app ships or the user supplied (model table, overrides, settings)."""

    advice = "Fix or remove the named entry, or reinstall Phocol Desktop."


class ModelTableError(ConfigError):
    pass


class UnknownModel(ConfigError):
    advice = "Run `phocol-desktop models` to list the model ids this build knows."


class ImageError(PhocolError):
    """A photo cannot be opened or rendered."""

    advice = "Try another photo, or re-export this one as JPEG or PNG."


class ProtocolError(PhocolError):
    """Bytes that violate the printer dialect (in either direction)."""

    advice = "This is likely a bug or a damaged trace; a support bundle helps us reproduce it."


class DangerousCommand(ProtocolError):
    """A command outside the family allowlist: never sent (PROTOCOL.md §9). ``offset`` is where the refused
    bytes start in the data that was checked, when the guard knows it (trace listings resume after it)."""

    advice = "Phocol Desktop only sends documented commands; undocumented ones can brick a printer."

    def __init__(self, reason: str, advice: str | None = None, *, offset: int | None = None) -> None:
        super().__init__(reason, advice)
        self.offset = offset


class TransportError(PhocolError):
    """The link to the printer failed."""

    advice = "Check that the printer is on, charged and near this computer, then try again."


class PrinterFault(PhocolError):
    """The printer reported a condition that stops printing (paper out, cover open, overheat)."""

    advice = "Fix the condition shown on the printer and print again."


class PermissionDenied(PhocolError):
    """The privacy gate refused a purpose."""

    advice = "You can allow it in Privacy ▸ Permissions at any time."


class StorageError(PhocolError):
    advice = "Check free disk space and that the data folder is writable."
