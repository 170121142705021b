"""Undo/redo over immutable states: the photo editor's ``EditState`` and the design editor's ``Design``.

Every user edit produces a new state, so undo/redo is a list of states. Consecutive changes with the same
``merge_key`` (dragging a slider, typing in one field) merge into one undo step, not fifty.
"""

from __future__ import annotations

from typing import Generic, TypeVar

S = TypeVar("S")


class UndoHistory(Generic[S]):
    def __init__(self, initial: S, limit: int = 200) -> None:
        self._states: list[S] = [initial]
        self._index = 0
        self._limit = limit
        self._last_key: str | None = None

    @property
    def current(self) -> S:
        return self._states[self._index]

    def push(self, state: S, merge_key: str | None = None) -> S:
        if state == self.current:
            return state
        del self._states[self._index + 1:]
        if merge_key is not None and merge_key == self._last_key and self._index > 0:
            self._states[self._index] = state
        else:
            self._states.append(state)
            self._index += 1
            if len(self._states) > self._limit:
                self._states.pop(0)
                self._index -= 1
        self._last_key = merge_key
        return state

    def end_merge(self) -> None:
        self._last_key = None

    def can_undo(self) -> bool:
        return self._index > 0

    def can_redo(self) -> bool:
        return self._index < len(self._states) - 1

    def undo(self) -> S:
        if self.can_undo():
            self._index -= 1
        self._last_key = None
        return self.current

    def redo(self) -> S:
        if self.can_redo():
            self._index += 1
        self._last_key = None
        return self.current
