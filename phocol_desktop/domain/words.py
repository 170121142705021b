"""Marking words for translation in the pure layers, which never import Qt.

A service or domain table keeps its English text wrapped in ``QT_TRANSLATE_NOOP(context, text)``; the
function returns the text unchanged, and ``tools/translations.py`` (Qt's lupdate over the whole package)
collects every such call into the catalogue. The view that shows the word translates it with
``QCoreApplication.translate(context, text)``; the command line prints the English. Services hand out typed
values (keys, enums, numbers) and these tables word them.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name Qt's lupdate looks for
    """Marks ``text`` for the translation catalogue under ``context``; translated where it is shown."""
    return text
