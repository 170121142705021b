"""The editing document: what the user changed about one photo, plus undo/redo.

``EditState`` (immutable, validated) is defined in :mod:`phocol_desktop.imaging.edits` and re-exported
here; every user edit produces a new state, so undo/redo is a list of states (``History`` below).
"""

from __future__ import annotations

from phocol_desktop.imaging.edits import DITHERS, FITS, TEXT_POSITIONS, EditState
from phocol_desktop.imaging.errors import EditsInvalid
from phocol_desktop.imaging.history import UndoHistory

# The edit model lives in the pure imaging layer (the pipeline consumes it); it is re-exported here so
# services and the GUI keep one import point for the document. Its validation error is EditsInvalid.
DocumentError = EditsInvalid

__all__ = ["DITHERS", "FITS", "TEXT_POSITIONS", "DocumentError", "EditState", "History"]


class History(UndoHistory[EditState]):
    """Undo/redo over the photo's edit states (a slider drag is one step)."""
