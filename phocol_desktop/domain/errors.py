"""Typed errors: each carries a one-line reason and advice a user can act on.

Layers raise the most specific subclass; the CLI prints ``reason`` (and ``advice`` when set) and exits 1,
the GUI shows both in a message, translated (``user_message(tr)``: texts marked with QT_TRANSLATE_NOOP in
the context ``Errors``; a reason with values is a template plus ``reason_args``). Low-level exceptions
(OSError, bleak, Pillow) are mapped to these once, at the layer boundary that caught them.
"""

from __future__ import annotations

from collections.abc import Callable

from phocol_desktop.domain.words import QT_TRANSLATE_NOOP

# The translation context of every reason and advice marked with QT_TRANSLATE_NOOP: the GUI words an error
# with ``user_message(tr)`` where ``tr`` translates in this context; unmarked texts stay English.
CONTEXT = "Errors"


def _english(text: str) -> str:
    return text


class PhocolError(Exception):
    """Base of every error a user may see.

    ``reason`` may be a template with ``reason_args`` (``"Cannot read {0}."``, ``(name,)``) so that the
    translated template is filled with the same values; ``self.reason`` is always the filled English text.
    """

    advice: str = ""

    def __init__(self, reason: str, advice: str | None = None, *, reason_args: tuple[object, ...] = ()) -> None:
        self.reason_template, self.reason_args = reason, reason_args
        reason = reason.format(*reason_args) if reason_args else reason
        super().__init__(reason)
        self.reason = reason
        if advice is not None:
            self.advice = advice

    def user_message(self, tr: Callable[[str], str] = _english) -> str:
        """Reason and advice; ``tr`` translates each marked text (the GUI passes its catalogue)."""
        # Arguments that are marked texts themselves (a printer fault's words) are translated too.
        args = tuple(tr(a) if isinstance(a, str) else a for a in self.reason_args)
        reason = tr(self.reason_template).format(*args) if self.reason_args else tr(self.reason)
        advice = tr(self.advice) if self.advice else ""
        # Chinese sentences follow each other without a space after the full stop.
        return (reason + ("" if reason.endswith(("。", "！", "？")) else " ") + advice).strip()


class NotYetAvailable(PhocolError):
    advice = QT_TRANSLATE_NOOP("Errors", "This command is part of the command surface but is not built yet.")


class ConfigError(PhocolError):
    """Broken data the app ships or the user supplied (model table, overrides, settings)."""

    advice = QT_TRANSLATE_NOOP("Errors", "Fix or remove the named entry, or reinstall Phocol Desktop.")


class ModelTableError(ConfigError):
    pass


class UnknownModel(ConfigError):
    advice = QT_TRANSLATE_NOOP("Errors", "Run `phocol-desktop models` to list the model ids this build knows.")


class ImageError(PhocolError):
    """A photo cannot be opened or rendered."""

    advice = QT_TRANSLATE_NOOP("Errors", "Try another photo, or re-export this one as JPEG or PNG.")


class ProtocolError(PhocolError):
    """Bytes that violate the printer dialect (in either direction)."""

    advice = QT_TRANSLATE_NOOP("Errors", "This is likely a bug or a damaged trace; a support bundle helps us "
                                          "reproduce it.")


class DangerousCommand(ProtocolError):
    """A command outside the family allowlist: never sent (PROTOCOL.md §9). ``offset`` is where the refused
    bytes start in the data that was checked, when the guard knows it (trace listings resume after it)."""

    advice = QT_TRANSLATE_NOOP("Errors", "Phocol Desktop only sends documented commands; undocumented ones can brick"
                                          " a printer.")

    def __init__(self, reason: str, advice: str | None = None, *, offset: int | None = None) -> None:
        super().__init__(reason, advice)
        self.offset = offset


class TransportError(PhocolError):
    """The link to the printer failed."""

    advice = QT_TRANSLATE_NOOP("Errors", "Check that the printer is on, charged and near this computer, then try "
                                          "again.")


class PrinterFault(PhocolError):
    """The printer reported a condition that stops printing (paper out, cover open, overheat)."""

    advice = QT_TRANSLATE_NOOP("Errors", "Fix the condition shown on the printer and print again.")


class PermissionDenied(PhocolError):
    """The privacy gate refused a purpose."""

    advice = QT_TRANSLATE_NOOP("Errors", "You can allow it in Privacy ▸ Permissions at any time.")


class StorageError(PhocolError):
    advice = QT_TRANSLATE_NOOP("Errors", "Check free disk space and that the data folder is writable.")
