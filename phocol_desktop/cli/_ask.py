"""How the command line answers the privacy gate: a y/N question on a terminal, or a flag given up front.

The asker is handed to the gate with each call (``gate.require(..., asker=...)``); the answer is recorded
in the ledger as an in-context decision, exactly like the app's prompt.
"""

from __future__ import annotations

import sys
from typing import Any

from phocol_desktop.privacy.gate import Asker, AskRequest, Decision


def terminal_asker(ctx: Any, question: str, *, allowed_by_flag: bool) -> Asker | None:
    """``allowed_by_flag``: the user allowed it for this command on the command line ("only this time").
    Otherwise a y/N ``question`` on a terminal; None when nobody can be asked (no terminal, no flag)."""
    if allowed_by_flag:
        def allowed_for_this_command(request: AskRequest) -> Decision:
            return Decision.ALLOW_ONCE if Decision.ALLOW_ONCE in request.options else Decision.NOT_NOW

        return allowed_for_this_command
    stdin = sys.stdin
    if stdin is None or not stdin.isatty():
        return None

    def prompt(request: AskRequest) -> Decision:
        print(f"{request.title}\n{request.rationale}", file=ctx.stderr)
        print(f"{question} [y/N] ", end="", file=ctx.stderr, flush=True)
        try:
            answer = stdin.readline().strip().lower()
        except (OSError, EOFError):
            return Decision.NOT_NOW
        if answer in ("y", "yes") and Decision.ALLOW_ONCE in request.options:
            return Decision.ALLOW_ONCE
        return Decision.NOT_NOW

    return prompt
