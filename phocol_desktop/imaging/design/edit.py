"""Edits of a design, as values an editor applies and undoes.

Each edit is a small frozen dataclass with ``apply(design) -> design``; :class:`DesignHistory` keeps the
list of designs they produced, so undo/redo covers every element change (add, remove, move, resize, any
property, z-order) and "the preview of this state" stays a pure function. Consecutive edits with the same
``merge_key`` (dragging an element, a slider) merge into one undo step.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from phocol_desktop.imaging.design.errors import DesignInvalid
from phocol_desktop.imaging.design.model import Design, Element, design_from_dict
from phocol_desktop.imaging.history import UndoHistory


@dataclass(frozen=True)
class AddElement:
    element: Element
    index: int | None = None  # None: on top

    def apply(self, design: Design) -> Design:
        if any(e.id == self.element.id for e in design.elements):
            raise DesignInvalid(f"The design already has an element {self.element.id!r}.")
        elements = list(design.elements)
        elements.insert(len(elements) if self.index is None else self.index, self.element)
        return _checked(design.with_elements(elements))


@dataclass(frozen=True)
class RemoveElement:
    element_id: str

    def apply(self, design: Design) -> Design:
        index = design.index_of(self.element_id)
        return design.with_elements(design.elements[:index] + design.elements[index + 1:])


@dataclass(frozen=True)
class ChangeElement:
    """Set properties of one element (e.g. ``{"x": 3.5}``, ``{"text": "Hi"}``); validated like a file."""

    element_id: str
    changes: tuple[tuple[str, Any], ...]

    @classmethod
    def of(cls, element_id: str, **changes: Any) -> ChangeElement:
        return cls(element_id, tuple(sorted(changes.items())))

    def apply(self, design: Design) -> Design:
        index = design.index_of(self.element_id)
        element = design.elements[index]
        names = {f.name for f in fields(element)}
        unknown = [k for k, _ in self.changes if k not in names or k == "id"]
        if unknown:
            raise DesignInvalid(f"A {element.kind} element has no property {unknown[0]!r} to change.")
        changed = replace(element, **dict(self.changes))
        return _checked(design.with_elements(design.elements[:index] + (changed,) + design.elements[index + 1:]))


@dataclass(frozen=True)
class MoveElement:
    """Change the z-order: ``to_index`` 0 is the bottom, ``len - 1`` the top."""

    element_id: str
    to_index: int

    def apply(self, design: Design) -> Design:
        elements = list(design.elements)
        element = elements.pop(design.index_of(self.element_id))
        elements.insert(max(0, min(self.to_index, len(elements))), element)
        return design.with_elements(elements)


@dataclass(frozen=True)
class ChangePage:
    changes: tuple[tuple[str, Any], ...]

    def apply(self, design: Design) -> Design:
        return _checked(replace(design, page=replace(design.page, **dict(self.changes))))


Edit = AddElement | RemoveElement | ChangeElement | MoveElement | ChangePage


def _checked(design: Design) -> Design:
    """Round-trip through the JSON form: an edit can never produce a design a file could not hold."""
    return design_from_dict(design.to_dict(), what="The edited design")


def new_element_id(design: Design, kind: str) -> str:
    taken = {e.id for e in design.elements}
    n = 1
    while f"{kind}{n}" in taken:
        n += 1
    return f"{kind}{n}"


class DesignHistory(UndoHistory[Design]):
    """Undo/redo over immutable designs; an edit is applied to the current design and pushed."""

    def apply(self, edit: Edit, merge_key: str | None = None) -> Design:
        return self.push(edit.apply(self.current), merge_key)
