"""Qt translations (English source strings, Simplified Chinese in assets/i18n/phocol_zh_CN.qm).

The language follows the system unless the user picked one in Settings ("system", "en", "zh_CN").
Regenerate the .ts/.qm files with `python3 tools/translations.py` after changing UI strings.
"""

from __future__ import annotations

import logging
from importlib import resources

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

log = logging.getLogger(__name__)
LANGUAGES = {"system": "System language", "en": "English", "zh_CN": "简体中文"}


def install_translator(app: QCoreApplication, language: str = "system") -> QTranslator | None:
    locale = QLocale.system() if language == "system" else QLocale(language)
    QLocale.setDefault(locale)
    if locale.language() == QLocale.Language.English:
        return None
    translator = QTranslator(app)
    folder = str(resources.files("phocol_desktop.assets").joinpath("i18n"))
    if translator.load(locale, "phocol", "_", folder):
        app.installTranslator(translator)
        return translator
    log.info("no translation for %s; using English", locale.name())
    return None
