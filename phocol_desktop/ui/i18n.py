"""Qt translations (English source strings, Simplified Chinese in assets/i18n/phocol_zh_CN.qm).

The language follows the system unless the user picked one in Settings ("system", "en", "zh_CN").
After changing UI strings run `python tools/translations.py`: it updates assets/i18n/phocol_zh_CN.ts,
rebuilds the .qm and lists the strings still waiting for a translation.
"""

from __future__ import annotations

import logging
from importlib import resources

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFontDatabase

log = logging.getLogger(__name__)
LANGUAGES = {"system": "System language", "en": "English", "zh_CN": "简体中文"}
# Object names of the translators installed here, so a second call replaces them instead of stacking.
_APP_TRANSLATOR, _QT_TRANSLATOR = "phocol_translator", "phocol_qt_translator"

# Phocol has published its privacy policy in English only. Until Phocol
# provides an authoritative Simplified Chinese text, the app shows the English original and says so in both
# languages whatever the UI language is: a translation of our own would look official and is not.
POLICY_ZH_CN_MISSING_ZH = (
    "Phocol 尚未提供官方的简体中文版隐私政策。下面显示的是 Phocol 发布的英文原文"
    "（SHA-256 {0}）。本应用不自行翻译政策正文，以免与官方文本混淆。"
)
POLICY_ZH_CN_MISSING_EN = (
    "Phocol has not yet provided an authoritative Simplified Chinese text of this privacy policy. Shown below "
    "is the English text as Phocol published it (SHA-256 {0}). This app does not translate the policy itself, "
    "so that no unofficial text can be mistaken for it."
)


def policy_language_note(sha256: str) -> str:
    """The note to show above the policy text: Chinese and English, each naming the hash of the shown text."""
    return POLICY_ZH_CN_MISSING_ZH.format(sha256) + "\n" + POLICY_ZH_CN_MISSING_EN.format(sha256)


# The writing system each shipped UI language needs a font for. Without one, Qt draws every character as a box.
WRITING_SYSTEMS = {"zh_CN": QFontDatabase.WritingSystem.SimplifiedChinese}
# Both languages: a user who sees boxes can still read the English half (which says how to switch).
FONT_MISSING = (
    "No installed font can show Simplified Chinese, so this window shows boxes instead of Chinese text. Install a "
    "Chinese font (for example Noto Sans CJK, Debian/Ubuntu package fonts-noto-cjk) and restart, or choose "
    "English in the third menu (View) ▸ Language.\n"
    "没有任何已安装的字体能显示简体中文，因此本窗口中的中文显示为方框。请安装中文字体"
    "（例如 Noto Sans CJK，Debian/Ubuntu 软件包 fonts-noto-cjk）后重新启动，"
    "或在第三个菜单（视图）▸ 语言中选择 English。"
)


def font_families(writing_system: QFontDatabase.WritingSystem) -> list[str]:
    """The installed font families that can show ``writing_system`` (a seam for tests to fake a bare system)."""
    return QFontDatabase.families(writing_system)


def missing_font_warning(language: str) -> str:
    """The warning to show when no installed font can show the UI ``language`` (e.g. "zh_CN"); "" when one can.

    Logged here, so the log says why a user saw boxes; the window shows the returned text once, at start.
    """
    writing_system = WRITING_SYSTEMS.get(language)
    if writing_system is None or font_families(writing_system):
        return ""
    log.warning("no installed font can show the UI language %s (%s); the UI will show boxes",
                language, writing_system.name)
    return FONT_MISSING


def error_words(exc) -> str:  # type: ignore[no-untyped-def]
    """A ``PhocolError``'s reason and advice in the UI's language (each marked text translated, the rest English)."""
    from phocol_desktop.domain.errors import CONTEXT
    from phocol_desktop.domain.status_words import CONTEXT as STATUS_CONTEXT

    def tr(text: str) -> str:  # errors use their own words and the printer status words (a fault stops a job)
        for context in (CONTEXT, STATUS_CONTEXT):
            translated = QCoreApplication.translate(context, text)
            if translated != text:
                return translated
        return text

    return exc.user_message(tr)


def install_translator(app: QCoreApplication, language: str = "system") -> QTranslator | None:
    """Install the UI translation for `language` ("system" follows QLocale.system()); None when English.

    Also installs Qt's own translation (standard buttons, file dialogs) for the same locale when the Qt
    build has one. Calling it again replaces what an earlier call installed.
    """
    for old in app.findChildren(QTranslator):
        if old.objectName() in {_APP_TRANSLATOR, _QT_TRANSLATOR}:
            app.removeTranslator(old)
            old.setObjectName("")  # deleteLater is deferred: keep a later call from finding it again
            old.deleteLater()
    locale = QLocale.system() if language == "system" else QLocale(language)
    QLocale.setDefault(locale)
    if locale.language() == QLocale.Language.English:
        return None
    translator = QTranslator(app)
    translator.setObjectName(_APP_TRANSLATOR)
    folder = str(resources.files("phocol_desktop.assets").joinpath("i18n"))
    if not translator.load(locale, "phocol", "_", folder):
        log.info("no translation for %s; using English", locale.name())
        translator.deleteLater()
        return None
    app.installTranslator(translator)
    qt = QTranslator(app)
    qt.setObjectName(_QT_TRANSLATOR)
    if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
    else:
        qt.deleteLater()
    return translator
