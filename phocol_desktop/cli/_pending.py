"""Commands whose implementation lands in a later issue answer with a clear, typed error."""

from __future__ import annotations

from phocol_desktop.domain.errors import NotYetAvailable


def pending(what: str):  # type: ignore[no-untyped-def]
    def handler(args, ctx) -> int:  # type: ignore[no-untyped-def]
        raise NotYetAvailable(f"`{what}` is not available in this build yet.")

    return handler
