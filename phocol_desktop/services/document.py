"""The editing document: what the user changed about one photo, plus undo/redo.

``EditState`` (immutable, validated) is defined in :mod:`phocol_desktop.imaging.edits` and re-exported
here; every user edit produces a new state, so undo/redo is a list of states (``History`` below).
"""

from __future__ import annotations

from phocol_desktop.imaging.edits import DITHERS, FITS, TEXT_POSITIONS, EditState
from phocol_desktop.imaging.errors import EditsInvalid

# The edit model lives in the pure imaging layer (the pipeline consumes it); it is re-exported here so
# services and the GUI keep one import point for the document. Its validation error is EditsInvalid.
DocumentError = EditsInvalid

__all__ = ["DITHERS", "FITS", "TEXT_POSITIONS", "DocumentError", "EditState", "History"]


class History:
    """Undo/redo over immutable states. Consecutive changes of the same slider merge into one step."""

    def __init__(self, initial: EditState, limit: int = 200) -> None:
        self._states = [initial]
        self._index = 0
        self._limit = limit
        self._last_field: str | None = None

    @property
    def current(self) -> EditState:
        return self._states[self._index]

    def push(self, state: EditState, merge_key: str | None = None) -> EditState:
        if state == self.current:
            return state
        del self._states[self._index + 1:]
        if merge_key is not None and merge_key == self._last_field and self._index > 0:
            self._states[self._index] = state  # dragging a slider is one undo step, not fifty
        else:
            self._states.append(state)
            self._index += 1
            if len(self._states) > self._limit:
                self._states.pop(0)
                self._index -= 1
        self._last_field = merge_key
        return state

    def end_merge(self) -> None:
        self._last_field = None

    def can_undo(self) -> bool:
        return self._index > 0

    def can_redo(self) -> bool:
        return self._index < len(self._states) - 1

    def undo(self) -> EditState:
        if self.can_undo():
            self._index -= 1
        self._last_field = None
        return self.current

    def redo(self) -> EditState:
        if self.can_redo():
            self._index += 1
        self._last_field = None
        return self.current
